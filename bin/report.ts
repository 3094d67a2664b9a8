/**
 * What a pipeline step reports of one gated lookup, in one place for every pipeline: the outcome
 * word (`met`, `not-met`, `timed-out`, `error`), the record's fields as named outputs, and the
 * files GitLab reads (a dotenv report and a JUnit report). The CLI writes the files
 * (`--dotenv-report`, `--junit-report`); the GitHub Action sets the same names as step outputs.
 */
import { SNAPSHOT_FIELDS } from "../provider/models/snapshotModel";
import { RESTORE_JOB_FIELDS, RESTORE_JOB_SECRET_FIELDS } from "../provider/models/restoreJobModel";
import { EXIT_CODES, type ExitCode } from "./exitCodes";
import type { RestoreJobDocument, SnapshotDocument } from "./render";

/** How a gated lookup ended, as a later step branches on it. */
export type Outcome = "met" | "not-met" | "timed-out" | "error";

/**
 * The outcome of each exit code: the exit code table is the one source of how an error is
 * classed (`exitCodeFor`); a usage error and an Atlas error are both an `error` to a pipeline.
 */
export const OUTCOME_OF_EXIT: Readonly<Record<ExitCode, Outcome>> = {
  [EXIT_CODES.OK]: "met",
  [EXIT_CODES.GATE_NOT_MET]: "not-met",
  [EXIT_CODES.WAIT_TIMED_OUT]: "timed-out",
  [EXIT_CODES.USAGE]: "error",
  [EXIT_CODES.ATLAS]: "error",
};

/** `finishTime` → `finish-time`. */
export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/**
 * The record fields a step reports, by their document name: the snapshot's and the restore
 * job's (in the models' order, each once), except the secret ones (a restore job's
 * `snapshotUrl`, a bearer link that must not land in outputs or artifacts).
 */
const RECORD_FIELDS: readonly string[] = [
  ...new Set(
    [...SNAPSHOT_FIELDS, ...RESTORE_JOB_FIELDS]
      .map((field) => field.result as string)
      .filter((name) => !(RESTORE_JOB_SECRET_FIELDS as readonly string[]).includes(name)),
  ),
];

/**
 * Every name a step reports, in order: `outcome`, `message`, the lookup's project and cluster,
 * the record's fields, and the snapshot's age and remaining life in seconds. The action's
 * outputs in action.yml are checked against this list (test/action.test.ts).
 */
export const REPORT_NAMES: readonly string[] = [
  "outcome",
  "message",
  "project-id",
  "cluster",
  ...RECORD_FIELDS.map(kebab),
  "age-seconds",
  "remaining-seconds",
];

/** What a step reports: the outcome, a one-line message, and the record if there was one. */
export interface StepReport {
  readonly outcome: Outcome;
  /** The verdict or the error, on one line. */
  readonly message: string;
  /** The looked-up record's document; `undefined` when the lookup failed before finding one. */
  readonly document: SnapshotDocument | RestoreJobDocument | undefined;
  /** The time the ages are measured at. @unit milliseconds since the epoch */
  readonly now: number;
}

/** Whole seconds from `from` to `to` (ISO 8601), or `""` when either is unknown. */
function seconds(from: string | null | undefined, to: string | null | undefined): string {
  const start = from == null ? NaN : Date.parse(from);
  const end = to == null ? NaN : Date.parse(to);
  return Number.isFinite(start) && Number.isFinite(end)
    ? String(Math.floor((end - start) / 1000))
    : "";
}

/**
 * The report as `[name, value]` pairs, every name of {@link REPORT_NAMES} in its order; a value
 * that is unknown (no record, a field Atlas did not return) is `""`, so that every run sets
 * every output and a later step never reads a stale one.
 */
export function reportValues(report: StepReport): [string, string][] {
  const doc = (report.document ?? {}) as Readonly<Record<string, unknown>>;
  const text = (value: unknown): string => (typeof value === "string" ? value : "");
  const now = new Date(report.now).toISOString();
  const finish = text(doc["finishTime"]) || undefined;
  const special: Record<string, string> = {
    outcome: report.outcome,
    message: report.message,
    "project-id": text(doc["projectId"]),
    cluster: text(doc["name"]),
    "age-seconds": seconds(finish, now),
    "remaining-seconds": seconds(now, text(doc["expiration"]) || undefined),
  };
  return REPORT_NAMES.map((name) => {
    const field = name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
    return [name, special[name] ?? text(doc[field])];
  });
}

/** The dotenv variable of a report name: `finish-time` → `FLEX_SNAPSHOT_FINISH_TIME`. */
export function dotenvName(name: string): string {
  return `FLEX_SNAPSHOT_${name.replace(/-/g, "_").toUpperCase()}`;
}

/**
 * The report as a dotenv file GitLab reads (`artifacts:reports:dotenv`): `KEY=VALUE` lines, no
 * quoting (GitLab keeps quotes as part of the value) and one line per value (it rejects
 * multi-line values), so a value's line breaks are folded to spaces.
 */
export function formatDotenv(report: StepReport): string {
  return reportValues(report)
    .map(([name, value]) => `${dotenvName(name)}=${value.replace(/[\r\n]+/g, " ")}\n`)
    .join("");
}

/** `text` escaped for an XML attribute or text node. */
function xml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/gu, "\uFFFD");
}

/**
 * The report as a JUnit XML file (`artifacts:reports:junit`): one suite with one test case, the
 * gate, named after `subject` (the command and the record it checked). A gate not met or a wait
 * that timed out is a `<failure>`, an error an `<error>`, so that a merge request's test widget
 * shows the verdict and its message.
 */
export function formatJunit(report: StepReport, subject: string, elapsedMs: number): string {
  const time = (elapsedMs / 1000).toFixed(3);
  const failed = report.outcome === "not-met" || report.outcome === "timed-out" ? 1 : 0;
  const errors = report.outcome === "error" ? 1 : 0;
  const message = xml(report.message);
  const body =
    report.outcome === "met"
      ? ""
      : `\n      <${errors ? "error" : "failure"} type="${report.outcome}" message="${message}">${message}</${errors ? "error" : "failure"}>\n    `;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="flex-snapshot" tests="1" failures="${failed}" errors="${errors}" time="${time}">`,
    `  <testsuite name="flex-snapshot gate" tests="1" failures="${failed}" errors="${errors}" time="${time}">`,
    `    <testcase classname="flex-snapshot" name="${xml(subject)}" time="${time}">${body}</testcase>`,
    `  </testsuite>`,
    `</testsuites>`,
    ``,
  ].join("\n");
}
