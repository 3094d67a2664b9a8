/**
 * `flex-snapshot`: a command-line gate for CI steps that run outside Pulumi. It runs the same
 * lookups, waits and gates as the Pulumi provider, with credentials from the same environment
 * variables, and tells the outcome by its exit code (see {@link EXIT_CODES}).
 *
 * Everything it touches comes in through {@link runCli}'s parameters, so that tests run it
 * in-process against the emulator; `flex-snapshot.ts` only wires it to the process.
 */
import { writeFileSync } from "node:fs";
import { describeRestoreJob, describeSnapshot } from "../provider/lookups/gate";
import { WaitTimeoutError } from "../provider/lookups/errors";
import { progressLine } from "../provider/lookups/gatedLookups";
import { LOOKUPS, type LookupOutcome, type LookupSubject } from "../provider/lookups/registry";
import { PACKAGE_INFO } from "../provider/atlas/packageInfo";
import { PROGRAM } from "./commandTable";
import { executeLookup, type ExecuteOptions } from "./execute";
import {
  parseCommandLine,
  requestedOutput,
  requestedReports,
  type LookupRequest,
  type OutputFormat,
  type ReportFiles,
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
  type RestoreJobDocument,
  type SecretDisplay,
  type SnapshotDocument,
} from "./render";
import { formatDotenv, formatJunit, OUTCOME_OF_EXIT, type StepReport } from "./report";

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
export type CliOptions = ExecuteOptions;

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
  const started = Date.now();
  let output: OutputFormat = requestedOutput(argv);
  let reports: ReportFiles = requestedReports(argv);
  let request: LookupRequest | undefined;
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.kind === "help") {
      io.stdout.write(`${parsed.text}\n`);
      return EXIT_CODES.OK;
    }
    if (parsed.kind === "version") {
      io.stdout.write(`${PACKAGE_INFO.version}\n`);
      return EXIT_CODES.OK;
    }
    request = parsed;
    output = request.output;
    reports = request.reports;
    const outcome = await executeLookup(
      request,
      io.env,
      {
        onWarning: (message) => warn(io, message),
        onProgress: io.isTTY
          ? (progress) => io.stderr.write(`${progressLine(progress)}\n`)
          : undefined,
      },
      options,
    );
    const print = PRINTERS[LOOKUPS[request.lookup].subject] as Printer<LookupSubject>;
    io.stdout.write(print(request, outcome, output));
    const code = gateExit(io, outcome.failure);
    writeReports(io, reports, request, started, outcomeReport(request, outcome));
    return code;
  } catch (error) {
    const code = fail(io, output, error);
    writeReports(io, reports, request, started, errorReport(request, error));
    return code;
  }
}

/**
 * The step report of a lookup that ran (met, or not met), for the CLI's report files and the
 * GitHub Action's outputs alike.
 */
export function outcomeReport(
  request: LookupRequest,
  outcome: LookupOutcome<LookupSubject>,
): StepReport {
  const code = outcome.failure === undefined ? EXIT_CODES.OK : EXIT_CODES.GATE_NOT_MET;
  return {
    outcome: OUTCOME_OF_EXIT[code],
    message: oneLine(outcome.failure ?? `gate met: ${describeRecord(request, outcome)}`),
    document: recordDocument(request, outcome),
    now: Date.now(),
  };
}

/**
 * The step report of a run that failed (`error`, timed out or not): a wait that timed out still
 * gives what it waited for and its last status. `message` defaults to the error's, on one line.
 */
export function errorReport(
  request: LookupRequest | undefined,
  error: unknown,
  message: string = errorMessage(error),
): StepReport {
  return {
    outcome: OUTCOME_OF_EXIT[exitCodeFor(error)],
    message,
    document: timedOutDocument(request, error),
    now: Date.now(),
  };
}

/**
 * The document of the one record a gated lookup found (a snapshot or a restore job), as
 * `--output json` prints it; `undefined` for a list. A restore job's secret fields are hidden
 * unless `display` asks for them, which only the CLI's own printing does: reports and step
 * outputs never hold them.
 */
function recordDocument(
  request: LookupRequest,
  outcome: LookupOutcome<LookupSubject>,
  display: SecretDisplay = { showSecrets: false },
): SnapshotDocument | RestoreJobDocument | undefined {
  const subject = LOOKUPS[request.lookup].subject;
  if (subject === "snapshot") {
    const { args } = request;
    const found = outcome.found as LookupOutcome<"snapshot">["found"];
    return snapshotDocument(
      {
        projectId: args.projectId,
        name: args.name,
        snapshotId: ("snapshotId" in args ? args.snapshotId : undefined) ?? found?.id,
      },
      found,
      gateVerdict(outcome),
    );
  }
  if (subject === "restoreJob") {
    const { args } = request;
    const found = outcome.found as LookupOutcome<"restoreJob">["found"];
    // A latest lookup names no id: the job it found does (none when it found none).
    const restoreJobId = ("restoreJobId" in args ? args.restoreJobId : undefined) ?? found?.id;
    return restoreJobDocument(
      { projectId: args.projectId, name: args.name, restoreJobId },
      found,
      gateVerdict(outcome),
      display,
    );
  }
  return undefined;
}

/**
 * The document of the record a wait timed out on, from what the {@link WaitTimeoutError} kept:
 * its last status and its ids (nothing else, so never a secret), so that a report names what it
 * waited for and how far it got. `undefined` for any other error.
 */
function timedOutDocument(
  request: LookupRequest | undefined,
  error: unknown,
): SnapshotDocument | RestoreJobDocument | undefined {
  if (request === undefined || !(error instanceof WaitTimeoutError)) return undefined;
  const lastSeen = { ...error.lastSeen, status: error.lastStatus };
  return recordDocument(request, {
    found: lastSeen as LookupOutcome<"snapshot" | "restoreJob">["found"],
    failure: error.message,
    shortfalls: [],
    warnings: [],
  });
}

/** What a gated lookup checked, in the gate's own words: `snapshot <id> of flex cluster …`. */
function describeRecord(request: LookupRequest, outcome: LookupOutcome<LookupSubject>): string {
  const document = recordDocument(request, outcome);
  const ref = { projectId: request.args.projectId, name: request.args.name };
  if (document !== undefined && "restoreJobId" in document) {
    return describeRestoreJob(ref, document.restoreJobId ?? undefined);
  }
  return describeSnapshot(ref, document?.snapshotId ?? undefined);
}

/** Writes the report files asked for; a file that cannot be written is a warning, not a verdict. */
function writeReports(
  io: CliIo,
  files: ReportFiles,
  request: LookupRequest | undefined,
  started: number,
  report: StepReport,
): void {
  const subject =
    request === undefined
      ? PROGRAM
      : `${PROGRAM} ${request.command} ${request.args.projectId}/${request.args.name}`;
  const write = (file: string | undefined, text: () => string): void => {
    if (file === undefined) return;
    try {
      writeFileSync(file, text());
    } catch (error) {
      warn(io, `could not write ${file}: ${errorMessage(error)}`);
    }
  };
  write(files.dotenv, () => formatDotenv(report));
  write(files.junit, () => formatJunit(report, subject, report.now - started));
}

/** Prints what a lookup of one subject found: its JSON document, or its table. */
type Printer<S extends LookupSubject> = (
  request: LookupRequest,
  outcome: LookupOutcome<S>,
  output: OutputFormat,
) => string;

/** How the outcome of each subject is printed. */
const PRINTERS: { readonly [S in LookupSubject]: Printer<S> } = {
  snapshot: (request, outcome, output) => {
    const document = recordDocument(request, outcome, request)!;
    return output === "json" ? formatJson(document) : formatRecordTable(document);
  },
  snapshots: ({ args }, { found = [] }, output) => {
    const document = listDocument(args, found);
    return output === "json" ? formatJson(document) : formatListTable(document);
  },
  restoreJob: (request, outcome, output) => {
    const document = recordDocument(request, outcome, request)!;
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
  const kind = errorKind(error);
  const message = errorMessage(error);
  io.stderr.write(`${PROGRAM}: ${message}\n`);
  if (output === "json") {
    io.stdout.write(formatJson(errorDocument(kind, message)));
  }
  return exitCodeFor(error);
}

/** An error's class name, read by shape: `instanceof Error` fails for errors of another realm. */
export function errorKind(error: unknown): string {
  const { name } = (error ?? {}) as { name?: unknown };
  return typeof name === "string" ? name : "Error";
}

/**
 * An error's message on one line. Messages are built without secrets (see
 * provider/atlas/errors.ts), so they can be shown as they are.
 */
export function errorMessage(error: unknown): string {
  const { message } = (error ?? {}) as { message?: unknown };
  return oneLine(typeof message === "string" ? message : String(error));
}

function warn(io: CliIo, message: string): void {
  io.stderr.write(`${PROGRAM}: warning: ${oneLine(message)}\n`);
}

/** Folds a multi-line message (zod's, for one) so that one error is one line of a CI log. */
export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, " ").trim();
}
