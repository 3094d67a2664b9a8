/**
 * What the package's two models of an Atlas resource have in common: a snapshot
 * (`snapshotModel.ts`) and a restore job (`restoreJobModel.ts`) are each a list of fields with
 * their Atlas name, result name, type and doc line, and a list of statuses. The types and the one
 * mapping from Atlas's names to the results' are written here once, for any such list.
 *
 * This module is pure data and types: it imports nothing, so that every layer may depend on it.
 */

/**
 * What a field holds: `"string"` text; `"timestamp"` an ISO 8601 date-time with an offset (Atlas
 * writes UTC, `2025-05-04T09:42:00Z`); `"status"` one of the model's statuses (an open string:
 * a status a future Atlas adds is kept as it is).
 */
export type FieldType = "string" | "timestamp" | "status";

/** One field of a model. */
export interface FieldSpec {
  /** Its name in Atlas's schema (`FlexBackupSnapshot20241113`, `FlexBackupRestoreJob20241113`). */
  readonly atlas: string;
  /** Its name in every result: state, SDK results, CLI JSON (`@pulumi/mongodbatlas`'s names). */
  readonly result: string;
  readonly type: FieldType;
  /** The header of its column in the CLI's list table; the field is not a column without one. */
  readonly column?: string;
  /** One sentence for the docs (TSDoc, help, and the schema of the next Pulumi languages). */
  readonly doc: string;
  /**
   * A credential in its own right (a bearer URL, say): a Pulumi secret in outputs and state,
   * hidden in the CLI's output unless asked for, and never in a message or a log.
   */
  readonly secret?: boolean;
}

/**
 * The type guard of a model's list of statuses: tells whether a status is one of `known`.
 *
 * @example
 * ```ts
 * export const isKnownSnapshotStatus = knownStatusGuard(KNOWN_SNAPSHOT_STATUSES);
 * ```
 */
export function knownStatusGuard<Known extends string>(
  known: readonly Known[],
): (status: string) => status is Known {
  return (status): status is Known => (known as readonly string[]).includes(status);
}

/** The TypeScript type of a value of a field of type `T`, given the model's status type. */
type FieldValueType<T extends FieldType, Status> = T extends "status" ? Status : string;

/**
 * One record's values under their result names, with `Absent` for a field Atlas did not return.
 * Each layer picks its own `Absent`: the provider's state leaves the field out, the SDK writes
 * `""`, the CLI's JSON `null`.
 */
export type ModelValues<Fields extends readonly FieldSpec[], Status, Absent = never> = {
  readonly [F in Fields[number] as F["result"]]: FieldValueType<F["type"], Status> | Absent;
};

/** A record as Atlas sends it, under the model's Atlas names (every field optional). */
export type AtlasRecord<Fields extends readonly FieldSpec[]> = {
  readonly [K in Fields[number]["atlas"]]?: string | undefined;
};

/**
 * Reads one record's values from an object with Atlas's names, under the result names, with
 * `absent` where Atlas returned nothing: the one mapping from Atlas's names to the results'.
 */
export function modelValues<Fields extends readonly FieldSpec[], Status, Absent>(
  fields: Fields,
  record: AtlasRecord<Fields>,
  absent: Absent,
): ModelValues<Fields, Status, Absent> {
  const atlas = record as Readonly<Record<string, string | undefined>>;
  return Object.fromEntries(
    fields.map((field) => [field.result, atlas[field.atlas] ?? absent]),
  ) as ModelValues<Fields, Status, Absent>;
}

/**
 * A result's values in the convention of the SDK's and the plugin's results: every field of
 * `names`, and `""` for one Atlas did not return, as the results of `@pulumi/mongodbatlas` have
 * it, so that switching is an import change. (The provider's state leaves the field out instead.)
 */
export function withEmptyForAbsent<Name extends string>(
  names: readonly Name[],
  values: Readonly<Partial<Record<Name, unknown>>>,
): Record<Name, unknown> {
  return Object.fromEntries(names.map((name) => [name, values[name] ?? ""])) as Record<
    Name,
    unknown
  >;
}

/** The result names of the fields marked `secret`, in the model's order. */
export function secretFieldNames<Fields extends readonly FieldSpec[]>(
  fields: Fields,
): readonly Fields[number]["result"][] {
  return fields.filter((field) => field.secret === true).map((field) => field.result);
}
