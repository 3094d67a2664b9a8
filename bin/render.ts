/**
 * What `flex-snapshot` prints: the JSON documents of `--output json` (a stable interface that
 * pipelines parse) and the tables people read. The fields, their names, their order and the
 * list's columns are the snapshot model's (`SNAPSHOT_FIELDS`), so that a field has one name in
 * Pulumi and on the command line.
 */
import type { FlexBackupRestoreJob, FlexBackupSnapshot } from "../provider/atlas/schema";
import type { RestoreJobLocator, SnapshotLocator } from "../provider/lookups/gate";
import type { FieldSpec } from "../provider/models/model";
import {
  RESTORE_JOB_FIELDS,
  RESTORE_JOB_SECRET_FIELDS,
  restoreJobValues,
  type RestoreJobValues,
} from "../provider/models/restoreJobModel";
import {
  SNAPSHOT_FIELDS,
  snapshotValues,
  type SnapshotValues,
} from "../provider/models/snapshotModel";

/** The gate's verdict: whether it is met and, when it is not, each reason why. */
export interface GateVerdict {
  readonly met: boolean;
  readonly reasons: readonly string[];
}

/**
 * The gate's verdict as the documents show it. A failure with no shortfall (a latest lookup
 * that found no snapshot) has its message as the one reason.
 */
export function gateVerdict(verdict: {
  readonly failure: string | undefined;
  readonly shortfalls: readonly string[];
}): GateVerdict {
  if (verdict.failure === undefined) return { met: true, reasons: [] };
  return {
    met: false,
    reasons: verdict.shortfalls.length > 0 ? verdict.shortfalls : [verdict.failure],
  };
}

/**
 * The document `get`, `latest` and `wait` print with `--output json`, gate met or not. When
 * `latest` finds no snapshot, every snapshot field is `null`.
 */
export interface SnapshotDocument extends SnapshotValues<null> {
  readonly projectId: string;
  readonly name: string;
  readonly gate: GateVerdict;
}

/** The document `list` prints with `--output json`; `results` in the order Atlas returns them. */
export interface ListDocument {
  readonly projectId: string;
  readonly name: string;
  readonly results: readonly SnapshotValues<null>[];
}

/** The document printed with `--output json` when a command fails (exit 2, 3 or 4). */
export interface ErrorDocument {
  readonly error: {
    /** The error's class, e.g. `NotFoundError`, `WaitTimeoutError`, `UsageError`. */
    readonly kind: string;
    readonly message: string;
  };
}

/**
 * One snapshot's fields in a JSON document, in the model's order. The CLI's convention for a
 * value Atlas did not return is decided here: `null` rather than absent, so that every document
 * has the same keys in the same order (and with no snapshot at all, every field is `null`).
 */
export function snapshotFields(snapshot: FlexBackupSnapshot | undefined): SnapshotValues<null> {
  return snapshotValues(snapshot ?? {}, null);
}

/**
 * The document of a one-snapshot lookup. `snapshotId` is the id that was asked for (`get`,
 * `wait`) or found (`latest`).
 */
export function snapshotDocument(
  ref: SnapshotLocator,
  snapshot: FlexBackupSnapshot | undefined,
  gate: GateVerdict,
): SnapshotDocument {
  // The snapshot id goes with the cluster, before the snapshot's other fields.
  const { snapshotId, ...fields } = snapshotFields(snapshot);
  return {
    projectId: ref.projectId,
    name: ref.name,
    snapshotId: ref.snapshotId ?? snapshotId,
    ...fields,
    gate: { met: gate.met, reasons: [...gate.reasons] },
  };
}

/** The document of a list lookup. */
export function listDocument(
  ref: { readonly projectId: string; readonly name: string },
  snapshots: readonly FlexBackupSnapshot[],
): ListDocument {
  return { projectId: ref.projectId, name: ref.name, results: snapshots.map(snapshotFields) };
}

/** The document of a failure. */
export function errorDocument(kind: string, message: string): ErrorDocument {
  return { error: { kind, message } };
}

/**
 * What the CLI prints in place of a secret field's value (`snapshotUrl`) unless asked to show
 * it: the field is there, its value is not. A field Atlas did not return is `null` all the same.
 */
export const HIDDEN_SECRET = "[secret]";

/** Whether to print the secret fields of a restore job (`--show-snapshot-url`). */
export interface SecretDisplay {
  readonly showSecrets: boolean;
}

/**
 * One restore job's fields in a JSON document, in the model's order, `null` for a value Atlas
 * did not return, and {@link HIDDEN_SECRET} for a secret one (the fields the model marks
 * `secret`) unless `showSecrets`.
 */
export function restoreJobFields(
  restoreJob: FlexBackupRestoreJob | undefined,
  display: SecretDisplay,
): RestoreJobValues<null> {
  const values: Record<string, string | null> = { ...restoreJobValues(restoreJob ?? {}, null) };
  if (!display.showSecrets) {
    for (const field of RESTORE_JOB_SECRET_FIELDS) {
      if (values[field] !== null) values[field] = HIDDEN_SECRET;
    }
  }
  return values as RestoreJobValues<null>;
}

/**
 * The document `restore-job get`, `latest` and `wait` print with `--output json`. When `latest`
 * finds no restore job, every restore job field is `null`.
 */
export interface RestoreJobDocument extends RestoreJobValues<null> {
  readonly projectId: string;
  readonly name: string;
  readonly gate: GateVerdict;
}

/** The document `restore-job list` prints with `--output json`. */
export interface RestoreJobListDocument {
  readonly projectId: string;
  readonly name: string;
  readonly results: readonly RestoreJobValues<null>[];
}

/** The document of a one-job lookup; `restoreJobId` is the id asked for, or the job found. */
export function restoreJobDocument(
  ref: RestoreJobLocator,
  restoreJob: FlexBackupRestoreJob | undefined,
  gate: GateVerdict,
  display: SecretDisplay,
): RestoreJobDocument {
  const { restoreJobId, ...fields } = restoreJobFields(restoreJob, display);
  return {
    projectId: ref.projectId,
    name: ref.name,
    restoreJobId: ref.restoreJobId ?? restoreJobId,
    ...fields,
    gate: { met: gate.met, reasons: [...gate.reasons] },
  };
}

/** The document of a restore job list lookup, jobs in the order Atlas returns them. */
export function restoreJobListDocument(
  ref: { readonly projectId: string; readonly name: string },
  restoreJobs: readonly FlexBackupRestoreJob[],
  display: SecretDisplay,
): RestoreJobListDocument {
  return {
    projectId: ref.projectId,
    name: ref.name,
    results: restoreJobs.map((job) => restoreJobFields(job, display)),
  };
}

/** A document as printed: indented JSON and a final newline. */
export function formatJson(
  document:
    SnapshotDocument | ListDocument | RestoreJobDocument | RestoreJobListDocument | ErrorDocument,
): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

const ABSENT = "-";

/**
 * One snapshot or restore job as `key  value` lines, keys as in the JSON document; a field Atlas
 * did not return shows as `-`.
 */
export function formatRecordTable(document: SnapshotDocument | RestoreJobDocument): string {
  const { gate, ...fields } = document;
  const verdict = gate.met ? "met" : `not met: ${gate.reasons.join("; ")}`;
  const rows: [string, string][] = [
    ...Object.entries(fields).map(([key, value]): [string, string] => [key, value ?? ABSENT]),
    ["gate", verdict],
  ];
  const width = Math.max(...rows.map(([key]) => key.length));
  return rows.map(([key, value]) => `${key.padEnd(width)}  ${value}\n`).join("");
}

/** A model's fields that have a column header, in its order: `[header, result name]`. */
function columnsOf<Fields extends readonly FieldSpec[]>(
  fields: Fields,
): (readonly [string, Fields[number]["result"]])[] {
  return fields.flatMap((field) =>
    field.column === undefined ? [] : [[field.column, field.result] as const],
  );
}

/** The `list` table's columns: the snapshot model's fields that have a column header. */
const LIST_COLUMNS = columnsOf(SNAPSHOT_FIELDS);

/**
 * The `restore-job list` table's columns: the restore job model's fields that have a column
 * header. `snapshotUrl` has none, so no table shows it.
 */
const RESTORE_JOB_COLUMNS = columnsOf(RESTORE_JOB_FIELDS);

/** Rows under a header row, columns aligned, `-` for a value Atlas did not return. */
function formatTable<K extends string>(
  columns: readonly (readonly [string, K])[],
  results: readonly Readonly<Record<K, string | null>>[],
): string {
  const rows = [
    columns.map(([header]) => header),
    ...results.map((item) => columns.map(([, key]) => item[key] ?? ABSENT)),
  ];
  const widths = columns.map((_, column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  return rows
    .map(
      (row) =>
        `${row
          .map((cell, column) => cell.padEnd(widths[column] ?? 0))
          .join("  ")
          .trimEnd()}\n`,
    )
    .join("");
}

/** A cluster's snapshots as a table with a header row, columns aligned. */
export function formatListTable(document: ListDocument): string {
  return formatTable(LIST_COLUMNS, document.results);
}

/** A cluster's restore jobs as a table with a header row, columns aligned. */
export function formatRestoreJobListTable(document: RestoreJobListDocument): string {
  return formatTable(RESTORE_JOB_COLUMNS, document.results);
}
