/**
 * `flex-snapshot`: a command-line gate for CI steps that run outside Pulumi. It runs the same
 * lookups, waits and gates as the Pulumi provider, with credentials from the same environment
 * variables, and tells the outcome by its exit code (see {@link EXIT_CODES}).
 *
 * Everything it touches comes in through {@link runCli}'s parameters, so that tests run it
 * in-process against the emulator; `flex-snapshot.ts` only wires it to the process.
 */
import type { Dispatcher } from "undici";
import { revokeMintedTokens } from "../provider/atlas/auth";
import { AtlasClient, type AtlasClientOptions } from "../provider/atlas/client";
import { createDispatcher } from "../provider/atlas/http/transport";
import { resolveEnvironmentSettings } from "../provider/atlas/settings";
import { progressLine, type LookupHooks } from "../provider/lookups/gatedLookups";
import {
  LOOKUPS,
  runLookup,
  type LookupOutcome,
  type LookupSubject,
} from "../provider/lookups/registry";
import { PACKAGE_INFO } from "../provider/atlas/packageInfo";
import { PROGRAM } from "./commandTable";
import {
  parseCommandLine,
  requestedOutput,
  type LookupRequest,
  type OutputFormat,
} from "./parseCommandLine";
import { EXIT_CODES, exitCodeFor, type ExitCode } from "./exitCodes";
import {
  errorDocument,
  formatJson,
  formatListTable,
  formatRestoreJobListTable,
  formatRecordTable,
  gateVerdict,
  listDocument,
  restoreJobDocument,
  restoreJobListDocument,
  snapshotDocument,
} from "./render";

export { EXIT_CODES, type ExitCode } from "./exitCodes";

/** Where a stream's text goes: `process.stdout`, or a buffer in tests. */
export interface TextSink {
  write(text: string): unknown;
}

/** The process around a run of the CLI. */
export interface CliIo {
  /** Receives the result: a table, or one JSON document with `--output json`. */
  readonly stdout: TextSink;
  /** Receives errors, warnings and, when {@link CliIo.isTTY} is set, progress while waiting. */
  readonly stderr: TextSink;
  /** The environment to read the `MONGODB_ATLAS_*` variables from. */
  readonly env: NodeJS.ProcessEnv;
  /**
   * Whether stderr is a terminal. Progress lines are printed only then: in a CI log a line per
   * poll is noise, and the exit code and final output say what happened.
   */
  readonly isTTY: boolean;
}

/** Options of a run that a command line cannot set; for tests and embedders. */
export interface CliOptions {
  /**
   * Client options that replace the CLI's own, e.g. a short retry delay in tests. With a
   * `dispatcher`, the caller owns it; otherwise the run creates one and closes it at the end.
   */
  readonly clientOptions?: Pick<AtlasClientOptions, "retry" | "timeouts" | "dispatcher">;
}

/**
 * Runs `flex-snapshot` with the command-line arguments `argv` (without `node` and the script)
 * and resolves with the exit code. It never rejects: every failure is reported on `io` and
 * turned into an exit code.
 *
 * @example
 * ```ts
 * const code = await runCli(process.argv.slice(2), {
 *   stdout: process.stdout,
 *   stderr: process.stderr,
 *   env: process.env,
 *   isTTY: process.stderr.isTTY === true,
 * });
 * ```
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  options: CliOptions = {},
): Promise<ExitCode> {
  let output: OutputFormat = requestedOutput(argv);
  /** The dispatcher this run created, and so must close. */
  let owned: Dispatcher | undefined;
  try {
    const request = parseCommandLine(argv);
    if (request.kind === "help") {
      io.stdout.write(`${request.text}\n`);
      return EXIT_CODES.OK;
    }
    if (request.kind === "version") {
      io.stdout.write(`${PACKAGE_INFO.version}\n`);
      return EXIT_CODES.OK;
    }
    output = request.output;
    // The CLI takes no stack configuration: credentials and the base URL come from the
    // environment only, and its messages name only the variables.
    const settings = resolveEnvironmentSettings(io.env);
    settings.warnings.forEach((warning) => warn(io, warning));
    // A dispatcher of our own, closed at the end: the shared one keeps idle connections open
    // for 30 s, which would keep the process alive that long after the answer.
    const given = options.clientOptions?.dispatcher;
    owned =
      given === undefined
        ? createDispatcher(options.clientOptions?.timeouts?.connectMs)
        : undefined;
    const dispatcher = given ?? owned;
    const client = AtlasClient.fromSettings(settings, {
      ...options.clientOptions,
      apiVersion: request.args.apiVersion,
      dispatcher,
      onWarning: (message) => warn(io, message),
    });

    const hooks: LookupHooks = {
      onProgress: io.isTTY
        ? (progress) => io.stderr.write(`${progressLine(progress)}\n`)
        : undefined,
    };
    // The provider's own lookups, so the wait and the gate are the provider's; the CLI never
    // runs in a preview, so the gate is always enforced.
    const outcome = await runLookup(request.lookup, request.args as never, {
      client: () => client,
      hooks,
    });
    outcome.warnings.forEach((warning) => warn(io, warning));
    const print = PRINTERS[LOOKUPS[request.lookup].subject] as Printer<LookupSubject>;
    io.stdout.write(print(request, outcome, output));
    return gateExit(io, outcome.failure);
  } catch (error) {
    return fail(io, output, error);
  } finally {
    // Revoke the access tokens this run minted (best effort, about a second at most) so that
    // runs never pile up live tokens against Atlas's limit of 100 per service account.
    const { failures } = await revokeMintedTokens();
    failures.forEach((failure) =>
      warn(io, `could not revoke an access token (${failure}); it expires within an hour`),
    );
    await owned?.destroy();
  }
}

/** Prints what a lookup of one subject found: its JSON document, or its table. */
type Printer<S extends LookupSubject> = (
  request: LookupRequest,
  outcome: LookupOutcome<S>,
  output: OutputFormat,
) => string;

/** How the outcome of each subject is printed. */
const PRINTERS: { readonly [S in LookupSubject]: Printer<S> } = {
  snapshot: ({ args }, outcome, output) => {
    const document = snapshotDocument(
      {
        projectId: args.projectId,
        name: args.name,
        // The id asked for (`get`, `wait`) or found (`latest`).
        snapshotId: ("snapshotId" in args ? args.snapshotId : undefined) ?? outcome.found?.id,
      },
      outcome.found,
      gateVerdict(outcome),
    );
    return output === "json" ? formatJson(document) : formatRecordTable(document);
  },
  snapshots: ({ args }, { found = [] }, output) => {
    const document = listDocument(args, found);
    return output === "json" ? formatJson(document) : formatListTable(document);
  },
  restoreJob: (request, outcome, output) => {
    const { args } = request;
    const restoreJobId = "restoreJobId" in args ? args.restoreJobId : "";
    const ref = { projectId: args.projectId, name: args.name, restoreJobId };
    const document = restoreJobDocument(ref, outcome.found, gateVerdict(outcome), request);
    return output === "json" ? formatJson(document) : formatRecordTable(document);
  },
  restoreJobs: (request, { found = [] }, output) => {
    const document = restoreJobListDocument(request.args, found, request);
    return output === "json" ? formatJson(document) : formatRestoreJobListTable(document);
  },
};

/**
 * The exit code of a verdict, telling an unmet gate on stderr. The message names the snapshot
 * or restore job and each shortfall, never a secret field (see `provider/lookups/gate.ts`).
 */
function gateExit(io: CliIo, failure: string | undefined): ExitCode {
  if (failure === undefined) return EXIT_CODES.OK;
  io.stderr.write(`${PROGRAM}: gate not met: ${oneLine(failure)}\n`);
  return EXIT_CODES.GATE_NOT_MET;
}

/** Reports `error` on stderr (and as a JSON document on stdout with `--output json`). */
function fail(io: CliIo, output: OutputFormat, error: unknown): ExitCode {
  // Read by shape rather than `instanceof Error`, which fails for errors of another realm.
  const { name, message: text } = (error ?? {}) as { name?: unknown; message?: unknown };
  const kind = typeof name === "string" ? name : "Error";
  // Messages are built without secrets (see provider/atlas/errors.ts), so they can be shown as they are.
  const message = oneLine(typeof text === "string" ? text : String(error));
  io.stderr.write(`${PROGRAM}: ${message}\n`);
  if (output === "json") {
    io.stdout.write(formatJson(errorDocument(kind, message)));
  }
  return exitCodeFor(error);
}

function warn(io: CliIo, message: string): void {
  io.stderr.write(`${PROGRAM}: warning: ${oneLine(message)}\n`);
}

/** Folds a multi-line message (zod's, for one) so that one error is one line of a CI log. */
function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, " ").trim();
}
