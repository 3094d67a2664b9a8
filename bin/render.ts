/**
 * What `flex-snapshot` prints: the JSON documents of `--output json` (a stable interface that
 * pipelines parse) and the tables people read. The fields, their names, their order and the
 * list's columns are the snapshot model's (`SNAPSHOT_FIELDS`), so that a field has one name in
 * Pulumi and on the command line.
 */
import type { FlexBackupSnapshot } from "../provider";
import type { SnapshotLocator } from "../provider/gate";
import type { LookupVerdict } from "../provider/lookups";
import { SNAPSHOT_FIELDS, snapshotValues, type SnapshotValues } from "../provider/snapshotModel";

/** The gate's verdict: whether it is met and, when it is not, each reason why. */
export interface GateVerdict {
  readonly met: boolean;
  readonly reasons: readonly string[];
}

/**
 * The gate's verdict as the documents show it. A failure with no shortfall (a latest lookup
 * that found no snapshot) has its message as the one reason.
 */
export function gateVerdict(verdict: LookupVerdict<FlexBackupSnapshot | undefined>): GateVerdict {
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

/** A document as printed: indented JSON and a final newline. */
export function formatJson(document: SnapshotDocument | ListDocument | ErrorDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

const ABSENT = "-";

/**
 * One snapshot as `key  value` lines, keys as in the JSON document; a field Atlas did not
 * return shows as `-`.
 */
export function formatSnapshotTable(document: SnapshotDocument): string {
  const { gate, ...fields } = document;
  const verdict = gate.met ? "met" : `not met: ${gate.reasons.join("; ")}`;
  const rows: [string, string][] = [
    ...Object.entries(fields).map(([key, value]): [string, string] => [key, value ?? ABSENT]),
    ["gate", verdict],
  ];
  const width = Math.max(...rows.map(([key]) => key.length));
  return rows.map(([key, value]) => `${key.padEnd(width)}  ${value}\n`).join("");
}

/** The `list` table's columns: the model's fields that have a column header, in its order. */
const LIST_COLUMNS = SNAPSHOT_FIELDS.flatMap((field) =>
  "column" in field ? [[field.column, field.result] as const] : [],
);

/** A cluster's snapshots as a table with a header row, columns aligned. */
export function formatListTable(document: ListDocument): string {
  const rows = [
    LIST_COLUMNS.map(([header]) => header),
    ...document.results.map((item) => LIST_COLUMNS.map(([, key]) => item[key] ?? ABSENT)),
  ];
  const widths = LIST_COLUMNS.map((_, column) =>
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
