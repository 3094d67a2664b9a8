/**
 * The parsing of a `flex-snapshot` command line into validated lookup arguments — validated by
 * the provider's own schemas, so that a flag accepts exactly what the corresponding Pulumi
 * argument accepts.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ValidationError } from "../provider/atlas/errors";
import { excerpt, quote } from "../provider/atlas/redact";
import { validateLookup, type LookupArgsOf, type LookupKind } from "../provider/lookups/registry";
import {
  COMMAND_ORDER,
  COMMANDS,
  isCommand,
  PROGRAM,
  requiredFlags,
  RESTORE_JOB_COMMANDS,
  RESTORE_JOB_GROUP,
  type CommandName,
} from "./commandTable";
import { FIELD_FLAGS, FLAGS, type FlagName, type FlagSpec } from "./flags";
import { commandHelp, topLevelHelp } from "./help";
import { UsageError } from "./usageError";

/** The output formats; `table` is the default, `json` is opt-in and stable. */
export type OutputFormat = "table" | "json";

/** A lookup a command line asks for, with its arguments validated. */
export type LookupRequest = {
  readonly [K in LookupKind]: {
    readonly kind: "lookup";
    readonly command: CommandName;
    readonly lookup: K;
    readonly output: OutputFormat;
    readonly args: LookupArgsOf<K>;
    /** `--show-snapshot-url`: print a restore job's bearer link instead of `[secret]`. */
    readonly showSecrets: boolean;
    /** The report files to write (`--dotenv-report`, `--junit-report`). */
    readonly reports: ReportFiles;
  };
}[LookupKind];

/** The report files a command line asks for; see bin/report.ts. */
export interface ReportFiles {
  readonly dotenv?: string;
  readonly junit?: string;
}

/** What a command line asks for, validated. */
export type CliRequest =
  { readonly kind: "help"; readonly text: string } | { readonly kind: "version" } | LookupRequest;

type FlagValues = Readonly<Record<string, string | boolean | string[] | undefined>>;

/**
 * Parses a command line (without the program name) into a request whose arguments the
 * provider's schemas have validated.
 *
 * @throws UsageError for an unknown command or flag, a missing required flag, or flags that
 * do not go together
 * @throws ValidationError for a value the provider would reject; the field is named by its flag
 * @example
 * ```ts
 * parseCommandLine(["get", "--project-id", id, "--cluster", "orders", "--snapshot-id", sid]);
 * ```
 */
export function parseCommandLine(argv: readonly string[]): CliRequest {
  const [word, ...afterWord] = argv;
  if (word === undefined || word.startsWith("-")) {
    // Only --help and --version make sense without a command.
    const values = parseFlags(["help", "version"], argv, `run \`${PROGRAM} --help\``);
    if (values["help"] === true) return { kind: "help", text: topLevelHelp() };
    if (values["version"] === true) return { kind: "version" };
    throw new UsageError(
      `missing command: expected one of ${COMMAND_ORDER.join(", ")}; run \`${PROGRAM} --help\``,
    );
  }
  let first: string = word;
  let rest = afterWord;
  if (word === RESTORE_JOB_GROUP) {
    const [sub, ...afterSub] = afterWord;
    if (sub === undefined || sub.startsWith("-")) {
      if (asksForHelp(afterWord)) return { kind: "help", text: topLevelHelp() };
      throw new UsageError(
        `missing ${RESTORE_JOB_GROUP} command: expected one of ${RESTORE_JOB_COMMANDS.join(", ")}; run \`${PROGRAM} --help\``,
      );
    }
    first = `${word} ${sub}`;
    rest = afterSub;
  }
  if (!isCommand(first)) {
    throw new UsageError(
      `unknown command ${quote(first)}: expected one of ${COMMAND_ORDER.join(", ")}; run \`${PROGRAM} --help\``,
    );
  }
  const spec = COMMANDS[first];
  const hint = `run \`${PROGRAM} ${first} --help\``;
  // Help wins over every other problem on the line, so that `get --help` works without ids.
  if (asksForHelp(rest)) return { kind: "help", text: commandHelp(first) };
  const values = parseFlags(spec.flags, rest, hint);
  if (values["version"] === true) return { kind: "version" };

  const missing = requiredFlags(spec).filter((flag) => values[flag] === undefined);
  if (missing.length > 0) {
    throw new UsageError(`missing ${missing.map((flag) => `--${flag}`).join(", ")}; ${hint}`);
  }
  const output = outputFormat(values, hint);
  const text = (flag: FlagName): string | undefined => {
    const value = values[flag];
    return typeof value === "string" ? value : undefined;
  };
  if (text("interval") !== undefined && !spec.waits && text("wait") === undefined) {
    throw new UsageError(`--interval needs --wait; ${hint}`);
  }
  const timeout = spec.waits ? text("timeout") : text("wait");
  const gate = compact({
    status: statusList(values["require-status"]),
    maxAge: text("max-age"),
    minRemaining: text("min-remaining"),
    snapshotId: text("require-snapshot-id"),
    targetDeploymentItemName: text("require-target"),
    targetProjectId: text("require-target-project-id"),
  });
  // Each flag sets one argument; a command's flags are only those of its lookup's arguments.
  const input = compact({
    projectId: text("project-id"),
    name: text("cluster"),
    snapshotId: text("snapshot-id"),
    restoreJobId: text("restore-job-id"),
    status: statusList(values["status"]),
    require: Object.keys(gate).length > 0 ? gate : undefined,
    wait: timeout === undefined ? undefined : compact({ timeout, interval: text("interval") }),
    apiVersion: text("api-version"),
  });
  return {
    kind: "lookup",
    command: first,
    lookup: spec.lookup,
    output,
    showSecrets: values["show-snapshot-url"] === true,
    reports: compact({ dotenv: text("dotenv-report"), junit: text("junit-report") }),
    args: asFlagErrors(first, () => validateLookup(spec.lookup, input)),
  } as LookupRequest;
}

/**
 * Reads `--output` leniently from a command line that may not parse, so that even a usage
 * error is reported in the format the caller asked for.
 */
export function requestedOutput(argv: readonly string[]): OutputFormat {
  return lenientFlags(argv)["output"] === "json" ? "json" : "table";
}

/**
 * Reads the report file flags leniently from a command line that may not parse, so that a
 * usage error is reported in the files too (a pipeline then shows it where it shows a verdict).
 */
export function requestedReports(argv: readonly string[]): ReportFiles {
  const values = lenientFlags(argv);
  const text = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  return compact({ dotenv: text("dotenv-report"), junit: text("junit-report") });
}

function lenientFlags(argv: readonly string[]): FlagValues {
  try {
    return parseArgs({
      args: [...argv],
      options: {
        output: { type: "string" },
        "dotenv-report": { type: "string" },
        "junit-report": { type: "string" },
      },
      strict: false,
      allowPositionals: true,
    }).values as FlagValues;
  } catch {
    return {};
  }
}

function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  const flags = end < 0 ? args : args.slice(0, end);
  return flags.some((arg) => arg === "--help" || arg === "-h");
}

function parseFlags(names: readonly FlagName[], args: readonly string[], hint: string): FlagValues {
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const name of names) {
    const flag: FlagSpec = FLAGS[name];
    options[name] = {
      type: flag.type,
      ...(flag.short === undefined ? {} : { short: flag.short }),
      ...(flag.multiple === true ? { multiple: true } : {}),
    };
  }
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false })
      .values as FlagValues;
  } catch (error) {
    // Node's messages ("Unknown option '--x'. To specify a positional argument …") go on with
    // advice about `--` that does not apply here; the first sentence says what is wrong.
    // Read by shape, not `instanceof Error`: parseArgs's TypeError may come from another realm.
    const message = (error as { message?: unknown } | null)?.message;
    const text = typeof message === "string" ? message : String(error);
    const first = text.split(". ")[0] ?? text;
    // Node quotes the offending argument whole; a 20 KB one must not make a 20 KB line.
    const sentence = `${first.charAt(0).toLowerCase()}${first.slice(1)}`;
    throw new UsageError(`${String(excerpt(sentence))}; ${hint}`);
  }
}

function outputFormat(values: FlagValues, hint: string): OutputFormat {
  const output = values["output"] ?? "table";
  if (output !== "table" && output !== "json") {
    throw new UsageError(`--output must be "table" or "json", not ${quote(output)}; ${hint}`);
  }
  return output;
}

/** Joins repeated and comma-separated statuses: `--status A,B --status C` → `[A, B, C]`. */
function statusList(value: string | boolean | string[] | undefined): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value
    .flatMap((item) => item.split(","))
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** Drops `undefined` values, so that a flag left out is an option left out. */
function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The flag that sets each validated field (a field such as `require.status.0` by prefix). */
function flagOf(command: CommandName, field: string): string | undefined {
  if (field === "wait.timeout" && COMMANDS[command].waits) return "--timeout";
  const known = Object.keys(FIELD_FLAGS) as (keyof typeof FIELD_FLAGS)[];
  // The most specific field first: `require.status` before `require`.
  const match = known
    .filter((name) => field === name || field.startsWith(`${name}.`))
    .sort((a, b) => b.length - a.length)[0];
  return match === undefined ? undefined : `--${FIELD_FLAGS[match]!}`;
}

/** Runs a validation and renames the field of its {@link ValidationError} to the flag. */
function asFlagErrors<T>(command: CommandName, validate: () => T): T {
  try {
    return validate();
  } catch (error) {
    const flag = error instanceof ValidationError ? flagOf(command, error.field) : undefined;
    if (error instanceof ValidationError && flag !== undefined) {
      throw new ValidationError(flag, error.value, error.expected);
    }
    throw error;
  }
}
