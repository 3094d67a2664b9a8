/**
 * The command line of `flex-snapshot`: its commands and flags (one table, from which both the
 * parser and the help are made), and the parsing of a command line into validated lookup
 * arguments — validated by the provider's own schemas, so that a flag accepts exactly what the
 * corresponding Pulumi argument accepts.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { DEFAULT_API_VERSION } from "../provider/atlas/client";
import { ValidationError } from "../provider/atlas/errors";
import { DEFAULT_BASE_URL } from "../provider/atlas/origin";
import { KNOWN_SNAPSHOT_STATUSES } from "../provider/models/snapshotModel";
import { formatDuration } from "../provider/lookups/duration";
import { excerpt, quote } from "../provider/atlas/redact";
import { SNAPSHOT_STATUS_PATTERN } from "../provider/atlas/schema";
import type { LookupArgumentName } from "../provider/lookups/argumentModel";
import {
  LOOKUPS,
  validateLookup,
  type LookupArgsOf,
  type LookupKind,
} from "../provider/lookups/registry";
import {
  DEFAULT_MAX_POLL_INTERVAL_MS,
  DEFAULT_POLL_INTERVAL_MS,
  MAX_WAIT_TIMEOUT_MS,
  MIN_POLL_INTERVAL_MS,
} from "../provider/lookups/wait";
import { EXIT_CODE_MEANINGS } from "./exitCodes";
import {
  listDocument,
  restoreJobDocument,
  restoreJobFields,
  restoreJobListDocument,
  snapshotDocument,
  snapshotFields,
} from "./render";
import { UsageError } from "./usageError";

/** The name the help and messages use for the program. */
export const PROGRAM = "flex-snapshot";

/** The output formats; `table` is the default, `json` is opt-in and stable. */
export type OutputFormat = "table" | "json";

/** One flag: how `parseArgs` reads it and how the help describes it. */
interface FlagSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** Whether the flag may be repeated; its values are then joined (used for status lists). */
  readonly multiple?: boolean;
  /** The value placeholder the help shows, e.g. `<id>`. */
  readonly value?: string;
  readonly help: string;
}

const STATUS_LIST = "S[,S...]";

const FLAGS = {
  "project-id": {
    type: "string",
    value: "<id>",
    help: "the Atlas project (group) id: 24 hexadecimal digits",
  },
  cluster: { type: "string", value: "<name>", help: "the flex cluster's name" },
  "snapshot-id": {
    type: "string",
    value: "<id>",
    help: "the snapshot id: 24 hexadecimal digits",
  },
  status: {
    type: "string",
    multiple: true,
    value: STATUS_LIST,
    help: "consider only snapshots with one of these statuses",
  },
  "require-status": {
    type: "string",
    multiple: true,
    value: STATUS_LIST,
    help: "gate: the status must be one of these\n(default with a wait: COMPLETED, so that FAILED fails)",
  },
  "max-age": {
    type: "string",
    value: "<dur>",
    help: "gate: the snapshot must have finished at most <dur> ago",
  },
  "min-remaining": {
    type: "string",
    value: "<dur>",
    help: "gate: the snapshot must stay downloadable for at least <dur>",
  },
  "restore-job-id": {
    type: "string",
    value: "<id>",
    help: "the restore job id: 24 hexadecimal digits",
  },
  "require-snapshot-id": {
    type: "string",
    value: "<id>",
    help: "restore gate: the job must restore this snapshot",
  },
  "require-target": {
    type: "string",
    value: "<name>",
    help: "restore gate: the job must restore into this cluster\n(its targetDeploymentItemName)",
  },
  "require-target-project-id": {
    type: "string",
    value: "<id>",
    help: "restore gate: the job must restore into this project\n(its targetProjectId)",
  },
  "show-snapshot-url": {
    type: "boolean",
    help: `print the job's snapshotUrl, a bearer link to the backup's data:\nanyone who has it can download the backup until it expires\n(default: the JSON and the table show "[secret]")`,
  },
  wait: {
    type: "string",
    value: "<dur>",
    help: `wait up to <dur> (at most ${formatDuration(MAX_WAIT_TIMEOUT_MS)}) for it to be COMPLETED or FAILED`,
  },
  timeout: {
    type: "string",
    value: "<dur>",
    help: `wait up to <dur> (at most ${formatDuration(MAX_WAIT_TIMEOUT_MS)}) for it to be COMPLETED or FAILED`,
  },
  interval: {
    type: "string",
    value: "<dur>",
    help: `the first interval between polls (default: ${formatDuration(DEFAULT_POLL_INTERVAL_MS)};\nat least ${formatDuration(MIN_POLL_INTERVAL_MS)}, at most the timeout); each next one\n1.5 times longer, up to ${formatDuration(DEFAULT_MAX_POLL_INTERVAL_MS)}`,
  },
  output: { type: "string", value: "table|json", help: "the output format (default: table)" },
  "api-version": {
    type: "string",
    value: "<date>",
    help: `the Atlas API version (default: ${DEFAULT_API_VERSION})`,
  },
  help: { type: "boolean", short: "h", help: "show this help" },
  version: { type: "boolean", help: "print the version" },
} as const satisfies Record<string, FlagSpec>;

type FlagName = keyof typeof FLAGS;

/**
 * The word that starts the restore job commands: `flex-snapshot restore-job get|list|wait`, as
 * the Atlas CLI groups its own (`atlas backups restores list|describe|watch`).
 */
export const RESTORE_JOB_GROUP = "restore-job";

/** The commands of `flex-snapshot`; a restore job command is two words. */
export type CommandName =
  "get" | "list" | "latest" | "wait" | "restore-job get" | "restore-job list" | "restore-job wait";

interface CommandSpec {
  /** The command line after `flex-snapshot <command> `. */
  readonly synopsis: string;
  readonly summary: string;
  readonly flags: readonly FlagName[];
  /** The lookup it runs (whose required arguments are its required flags). */
  readonly lookup: LookupKind;
  /** A wait command: `--timeout` is required, and is the wait's timeout. */
  readonly waits?: true;
}

/**
 * The flag that sets each lookup argument, and each field of a gate and a wait (`require.status`):
 * how a command's required flags follow from its lookup's required arguments, and which flag a
 * validation error names. A wait's timeout is `--timeout` in a wait command, else `--wait`.
 */
const FIELD_FLAGS: Readonly<
  Partial<Record<LookupArgumentName | `${"require" | "wait"}.${string}`, FlagName>>
> = {
  projectId: "project-id",
  name: "cluster",
  snapshotId: "snapshot-id",
  restoreJobId: "restore-job-id",
  status: "status",
  "require.status": "require-status",
  "require.maxAge": "max-age",
  "require.minRemaining": "min-remaining",
  "require.snapshotId": "require-snapshot-id",
  "require.targetDeploymentItemName": "require-target",
  "require.targetProjectId": "require-target-project-id",
  "wait.timeout": "wait",
  "wait.interval": "interval",
  apiVersion: "api-version",
};

/** The required flags of `spec`: its lookup's required arguments, and `--timeout` when it waits. */
function requiredFlags(spec: CommandSpec): FlagName[] {
  const flags = LOOKUPS[spec.lookup].required.flatMap((arg) => FIELD_FLAGS[arg] ?? []);
  return spec.waits ? [...flags, "timeout"] : flags;
}

const GATE_FLAGS = ["require-status", "max-age", "min-remaining"] as const;
const RESTORE_GATE_FLAGS = [
  "require-status",
  "require-snapshot-id",
  "require-target",
  "require-target-project-id",
] as const;
const COMMON_FLAGS = ["output", "api-version", "help", "version"] as const;

const COMMANDS: Readonly<Record<CommandName, CommandSpec>> = {
  get: {
    synopsis:
      "--project-id <id> --cluster <name> --snapshot-id <id> [gate flags] [--wait <dur> [--interval <dur>]]",
    summary: "Read one snapshot by id, wait for it to finish if asked, and check the gate.",
    flags: [
      "project-id",
      "cluster",
      "snapshot-id",
      ...GATE_FLAGS,
      "wait",
      "interval",
      ...COMMON_FLAGS,
    ],
    lookup: "snapshot",
  },
  list: {
    synopsis: "--project-id <id> --cluster <name>",
    summary: "List every snapshot of a flex cluster, in the order Atlas returns them.",
    flags: ["project-id", "cluster", ...COMMON_FLAGS],
    lookup: "list",
  },
  latest: {
    synopsis: `--project-id <id> --cluster <name> [--status ${STATUS_LIST}] [gate flags] [--wait <dur> [--interval <dur>]]`,
    summary:
      "Find the most recent snapshot of a flex cluster (by scheduledTime),\nwait for it to finish if asked, and check the gate.",
    flags: ["project-id", "cluster", "status", ...GATE_FLAGS, "wait", "interval", ...COMMON_FLAGS],
    lookup: "latest",
  },
  wait: {
    synopsis:
      "--project-id <id> --cluster <name> --snapshot-id <id> --timeout <dur> [--interval <dur>] [gate flags]",
    summary:
      "Wait for one snapshot to be COMPLETED or FAILED, then check the gate\n(the same as get --wait <dur>).",
    flags: [
      "project-id",
      "cluster",
      "snapshot-id",
      "timeout",
      "interval",
      ...GATE_FLAGS,
      ...COMMON_FLAGS,
    ],
    lookup: "snapshot",
    waits: true,
  },
  "restore-job get": {
    synopsis:
      "--project-id <id> --cluster <name> --restore-job-id <id> [restore gate flags] [--wait <dur> [--interval <dur>]] [--show-snapshot-url]",
    summary:
      "Read one restore job of a flex cluster by id, wait for it to finish if asked,\nand check the restore gate.",
    flags: [
      "project-id",
      "cluster",
      "restore-job-id",
      ...RESTORE_GATE_FLAGS,
      "wait",
      "interval",
      "show-snapshot-url",
      ...COMMON_FLAGS,
    ],
    lookup: "restoreJob",
  },
  "restore-job list": {
    synopsis: "--project-id <id> --cluster <name> [--show-snapshot-url]",
    summary: "List every restore job of a flex cluster, in the order Atlas returns them.",
    flags: ["project-id", "cluster", "show-snapshot-url", ...COMMON_FLAGS],
    lookup: "restoreJobs",
  },
  "restore-job wait": {
    synopsis:
      "--project-id <id> --cluster <name> --restore-job-id <id> --timeout <dur> [--interval <dur>] [restore gate flags] [--show-snapshot-url]",
    summary:
      "Wait for one restore job to be COMPLETED or FAILED, then check the restore gate\n(the same as restore-job get --wait <dur>).",
    flags: [
      "project-id",
      "cluster",
      "restore-job-id",
      "timeout",
      "interval",
      ...RESTORE_GATE_FLAGS,
      "show-snapshot-url",
      ...COMMON_FLAGS,
    ],
    lookup: "restoreJob",
    waits: true,
  },
};

const COMMAND_ORDER: readonly CommandName[] = [
  "get",
  "list",
  "latest",
  "wait",
  "restore-job get",
  "restore-job list",
  "restore-job wait",
];

/**
 * The lookup each command runs, by command: test/frontDoors.test.ts checks that every lookup of
 * the registry has one.
 */
export function commandLookups(): Readonly<Record<CommandName, LookupKind>> {
  return Object.fromEntries(COMMAND_ORDER.map((name) => [name, COMMANDS[name].lookup])) as Record<
    CommandName,
    LookupKind
  >;
}

/** The second words of the restore job commands. */
const RESTORE_JOB_COMMANDS = COMMAND_ORDER.filter((name) =>
  name.startsWith(`${RESTORE_JOB_GROUP} `),
).map((name) => name.slice(RESTORE_JOB_GROUP.length + 1));

function isCommand(name: string): name is CommandName {
  return (COMMAND_ORDER as readonly string[]).includes(name);
}

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
  };
}[LookupKind];

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
    args: asFlagErrors(first, () => validateLookup(spec.lookup, input)),
  } as LookupRequest;
}

/**
 * Reads `--output` leniently from a command line that may not parse, so that even a usage
 * error is reported in the format the caller asked for.
 */
export function requestedOutput(argv: readonly string[]): OutputFormat {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { output: { type: "string" } },
      strict: false,
      allowPositionals: true,
    });
    return values["output"] === "json" ? "json" : "table";
  } catch {
    return "table";
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

/**
 * Lays out `[left, right]` rows as two aligned columns, indented by two spaces; a right cell
 * with line breaks continues under itself.
 */
function columns(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([left]) => left.length));
  const indent = " ".repeat(width + 4);
  return rows
    .map(([left, right]) =>
      `  ${left.padEnd(width)}  ${right.split("\n").join(`\n${indent}`)}`.trimEnd(),
    )
    .join("\n");
}

function flagRows(names: readonly FlagName[]): [string, string][] {
  return names.map((name) => {
    const flag: FlagSpec = FLAGS[name];
    const short = flag.short === undefined ? "" : `-${flag.short}, `;
    const value = flag.value === undefined ? "" : ` ${flag.value}`;
    return [`${short}--${name}${value}`, flag.help];
  });
}

const DURATIONS = 'Durations: "90s", "15m", "24h", "7d", "1h30m" (units ms, s, m, h, d, w).';

const STATUSES = [
  `Statuses: ${KNOWN_SNAPSHOT_STATUSES.join(", ")}. Any other upper-case word`,
  `(${SNAPSHOT_STATUS_PATTERN.source}) is accepted too, with a warning, for a status Atlas may add.`,
].join("\n");

const CREDENTIALS = [
  "Environment (there is no config file; the first kind of credentials set wins):",
  columns([
    ["access token", "MONGODB_ATLAS_ACCESS_TOKEN"],
    ["service account", "MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET"],
    [
      "API key",
      "MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY\n(or MONGODB_ATLAS_PUBLIC_KEY and MONGODB_ATLAS_PRIVATE_KEY)",
    ],
    ["Atlas origin", `MONGODB_ATLAS_BASE_URL (default: ${DEFAULT_BASE_URL})`],
  ]),
].join("\n");

/** Joins words into lines of at most 72 characters, later lines indented by one space. */
function wrapWords(words: readonly string[]): string {
  const lines: string[] = [];
  for (const word of words) {
    const line = lines[lines.length - 1];
    if (line === undefined) lines.push(word);
    else if (line.length + word.length + 1 > 72) lines.push(` ${word}`);
    else lines[lines.length - 1] = `${line} ${word}`;
  }
  return lines.join("\n");
}

/** `"key",` for each key, the first after `open`, the last with `close` instead of the comma. */
function keyWords(keys: readonly string[], open: string, close: string): string[] {
  return keys.map(
    (key, index) => `${index === 0 ? open : ""}"${key}"${index === keys.length - 1 ? close : ","}`,
  );
}

// The documents' keys are read from the renderer's own documents, so that the help follows the
// snapshot and restore job models.
const CLUSTER = { projectId: "", name: "" } as const;
const SHOWN = { showSecrets: true } as const;
const RESTORE_JOB_KEYS = Object.keys(
  restoreJobDocument(CLUSTER, undefined, { met: true, reasons: [] }, SHOWN),
);
const RESTORE_JOB_LIST_KEYS = Object.keys(restoreJobListDocument(CLUSTER, [], SHOWN));
const RESTORE_JOB_DOCUMENT = wrapWords([
  ...keyWords(
    RESTORE_JOB_KEYS.filter((key) => key !== "gate"),
    "{",
    ",",
  ),
  '"gate": {"met": true|false, "reasons": ["..."]}}',
]);
const RESTORE_JOB_LIST_DOCUMENT = wrapWords([
  ...keyWords(
    RESTORE_JOB_LIST_KEYS.filter((key) => key !== "results"),
    "{",
    ",",
  ),
  ...keyWords(Object.keys(restoreJobFields(undefined, SHOWN)), '"results": [{', "}, ...]}"),
]);
const SECRET_NOTE = [
  'snapshotUrl (a DOWNLOAD job\'s bearer link to the backup) is "[secret]" unless',
  "--show-snapshot-url is given; no list table, message or log line ever shows it.",
].join("\n");
const SNAPSHOT_KEYS = Object.keys(snapshotDocument(CLUSTER, undefined, { met: true, reasons: [] }));
const LIST_KEYS = Object.keys(listDocument(CLUSTER, []));
const SNAPSHOT_DOCUMENT = wrapWords([
  ...keyWords(
    SNAPSHOT_KEYS.filter((key) => key !== "gate"),
    "{",
    ",",
  ),
  '"gate": {"met": true|false, "reasons": ["..."]}}',
]);
const LIST_DOCUMENT = wrapWords([
  ...keyWords(
    LIST_KEYS.filter((key) => key !== "results"),
    "{",
    ",",
  ),
  ...keyWords(Object.keys(snapshotFields(undefined)), '"results": [{', "}, ...]}"),
]);
const ERROR_DOCUMENT = '{"error": {"kind": "<error class>", "message": "..."}}';

function outputSection(
  documents: readonly (readonly [string, string])[],
  gated: boolean,
  secrets = false,
): string {
  return [
    "Output: a table by default. With --output json, one JSON document on stdout, always with",
    "these keys in this order; a field Atlas did not return is null:",
    columns(documents),
    ...(secrets ? [SECRET_NOTE] : []),
    ...(gated
      ? [
          "When the gate is not met (exit 1) the document is printed all the same, with gate.met",
          "false and the reasons. Other failures (exit 2, 3, 4) print the error document instead.",
          `Reasons and errors also go to stderr as one line: ${PROGRAM}: <message>. While waiting,`,
          "a progress line per poll goes to stderr when stderr is a terminal, and nothing otherwise.",
        ]
      : [
          "Failures (exit 3, 4) print the error document instead, and go to stderr as one line:",
          `${PROGRAM}: <message>.`,
        ]),
  ].join("\n");
}

function exitCodeSection(): string {
  return [
    "Exit codes:",
    columns(EXIT_CODE_MEANINGS.map(([code, text]) => [String(code), text])),
  ].join("\n");
}

/** The help of `flex-snapshot --help`. */
export function topLevelHelp(): string {
  return [
    `${PROGRAM}: gate a CI step on a MongoDB Atlas Flex cluster backup snapshot or restore job.`,
    [
      "Usage:",
      ...COMMAND_ORDER.map((name) => `  ${PROGRAM} ${name.padEnd(6)} ${COMMANDS[name].synopsis}`),
      `  ${PROGRAM} --help | --version`,
    ].join("\n"),
    ["Commands:", columns(COMMAND_ORDER.map((name) => [name, COMMANDS[name].summary]))].join("\n"),
    ["Gate flags (get, latest, wait):", columns(flagRows(GATE_FLAGS))].join("\n"),
    [
      "Restore gate flags (restore-job get, restore-job wait):",
      columns(flagRows(RESTORE_GATE_FLAGS)),
    ].join("\n"),
    ["Common flags:", columns(flagRows(COMMON_FLAGS))].join("\n"),
    `${DURATIONS}\n${STATUSES}`,
    CREDENTIALS,
    outputSection(
      [
        ["get, latest, wait", SNAPSHOT_DOCUMENT],
        ["list", LIST_DOCUMENT],
        ["restore-job get, wait", RESTORE_JOB_DOCUMENT],
        ["restore-job list", RESTORE_JOB_LIST_DOCUMENT],
        ["exit 2, 3, 4", ERROR_DOCUMENT],
      ],
      true,
      true,
    ),
    exitCodeSection(),
    `Run \`${PROGRAM} <command> --help\` for the flags of a command.`,
  ].join("\n\n");
}

/** The help of `flex-snapshot <command> --help`. */
export function commandHelp(name: CommandName): string {
  const spec = COMMANDS[name];
  const gate = spec.flags.some((flag) =>
    ([...GATE_FLAGS, ...RESTORE_GATE_FLAGS] as readonly string[]).includes(flag),
  );
  const subject = LOOKUPS[spec.lookup].subject;
  const restore = subject === "restoreJob" || subject === "restoreJobs";
  const [one, many] = restore
    ? [RESTORE_JOB_DOCUMENT, RESTORE_JOB_LIST_DOCUMENT]
    : [SNAPSHOT_DOCUMENT, LIST_DOCUMENT];
  return [
    `Usage: ${PROGRAM} ${name} ${spec.synopsis}`,
    spec.summary,
    ["Flags:", columns(flagRows(spec.flags))].join("\n"),
    gate ? `${DURATIONS}\n${STATUSES}` : undefined,
    CREDENTIALS,
    outputSection(
      [
        [name, gate ? one : many],
        [gate ? "exit 2, 3, 4" : "exit 3, 4", ERROR_DOCUMENT],
      ],
      gate,
      restore,
    ),
    exitCodeSection(),
  ]
    .filter((section): section is string => section !== undefined)
    .join("\n\n");
}
