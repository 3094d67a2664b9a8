/**
 * The model of a flex cluster backup snapshot: the statuses Atlas documents and the fields a
 * snapshot has, each with its Atlas name, its result name, its type and its doc line. The rest is
 * derived from here rather than restated: the zod schema of Atlas's answer (`schema.ts`), the
 * provider's outputs (`dynamicProvider.ts`), the SDK's result types and output lists (`sdk/nodejs/`),
 * the CLI's columns, JSON documents and help (`bin/render.ts`, `bin/help.ts`) and the
 * emulator's record type (`emulator/types.ts`).
 *
 * This module is pure data and types: it imports only the generic model kit (`model.ts`), so
 * that every layer may depend on it.
 *
 * To add a field that Atlas starts returning (say `sizeBytes`):
 * 1. add one entry to {@link SNAPSHOT_FIELDS} (its place in the array is its place in the CLI's
 *    JSON documents and, with a `column`, in the `list` table). The schema, the state, the SDK's
 *    results and output lists, the CLI and the emulator's record type follow from it.
 * 2. The compiler then asks for the one declared output of the SDK's snapshot resources
 *    (`SnapshotLookup` in `sdk/nodejs/flexSnapshot.ts`): Pulumi fills a resource's outputs into its
 *    own properties, which a class can only declare one by one. A compile-time check there ties
 *    their names and types to this model, and `test/snapshotModel.test.ts` their TSDoc to `doc`.
 * 3. Name it in docs/reference.md's result list ("What you get"), and give it a value in a test that reads it.
 */
import {
  knownStatusGuard,
  modelValues,
  type AtlasRecord,
  type FieldSpec,
  type ModelValues,
} from "./model";

/**
 * The snapshot statuses that Atlas's spec enumerates for `FlexBackupSnapshot20241113.status`, in
 * the order a snapshot goes through them (FAILED and COMPLETED both end it).
 */
export const KNOWN_SNAPSHOT_STATUSES = [
  "PENDING",
  "QUEUED",
  "RUNNING",
  "FAILED",
  "COMPLETED",
] as const;

/** One of {@link KNOWN_SNAPSHOT_STATUSES}. */
export type KnownSnapshotStatus = (typeof KNOWN_SNAPSHOT_STATUSES)[number];

/**
 * A snapshot status as Atlas reports it. A status that a future Atlas adds is kept as it is
 * (never coerced, and never counted as `COMPLETED`), hence the open string.
 */
export type SnapshotStatus = KnownSnapshotStatus | (string & {});

/** Tells whether `status` is one of the statuses the spec knows. */
export const isKnownSnapshotStatus = knownStatusGuard(KNOWN_SNAPSHOT_STATUSES);

/** One field of a snapshot; see {@link FieldSpec}. */
type SnapshotFieldSpec = FieldSpec;

/**
 * A snapshot's fields, in the order of the CLI's JSON documents. Atlas's `id` is published twice:
 * as `id` (what Atlas returned) and as `snapshotId` (the snapshot's identity in this package,
 * which a lookup by id knows before reading); Atlas's `links` are not published.
 */
export const SNAPSHOT_FIELDS = [
  {
    atlas: "id",
    result: "id",
    type: "string",
    column: "ID",
    doc: "The snapshot's id, as Atlas returned it.",
  },
  {
    atlas: "id",
    result: "snapshotId",
    type: "string",
    doc: "The snapshot id: 24 hexadecimal digits.",
  },
  {
    atlas: "status",
    result: "status",
    type: "status",
    column: "STATUS",
    doc: `The snapshot's status: ${KNOWN_SNAPSHOT_STATUSES.join(", ")} (or a newer one).`,
  },
  {
    atlas: "mongoDBVersion",
    result: "mongoDbVersion",
    type: "string",
    column: "MONGODB",
    doc: "The MongoDB version of the snapshot (Atlas's `mongoDBVersion`).",
  },
  {
    atlas: "scheduledTime",
    result: "scheduledTime",
    type: "timestamp",
    column: "SCHEDULED",
    doc: "When Atlas will take, or took, the snapshot (ISO 8601, UTC).",
  },
  {
    atlas: "startTime",
    result: "startTime",
    type: "timestamp",
    column: "STARTED",
    doc: "When Atlas began taking the snapshot (ISO 8601, UTC).",
  },
  {
    atlas: "finishTime",
    result: "finishTime",
    type: "timestamp",
    column: "FINISHED",
    doc: "When Atlas finished writing the snapshot (ISO 8601, UTC).",
  },
  {
    atlas: "expiration",
    result: "expiration",
    type: "timestamp",
    column: "EXPIRES",
    doc: "When the snapshot's download link stops working (ISO 8601, UTC).",
  },
] as const satisfies readonly SnapshotFieldSpec[];

/** One entry of {@link SNAPSHOT_FIELDS}. */
type SnapshotField = (typeof SNAPSHOT_FIELDS)[number];

/** The result name of a snapshot field, e.g. `mongoDbVersion`. */
export type SnapshotFieldName = SnapshotField["result"];

/** The Atlas name of a snapshot field, e.g. `mongoDBVersion`. */
export type AtlasSnapshotFieldName = SnapshotField["atlas"];

/**
 * One snapshot's values under their result names, with `Absent` for a field Atlas did not
 * return. Each layer picks its own `Absent` (see {@link SnapshotValues} users: the provider's
 * state leaves the field out, the SDK writes `""`, the CLI's JSON `null`).
 */
export type SnapshotValues<Absent = never> = ModelValues<
  typeof SNAPSHOT_FIELDS,
  SnapshotStatus,
  Absent
>;

/** The result names of every field, in the model's order. */
export const SNAPSHOT_FIELD_NAMES: readonly SnapshotFieldName[] = SNAPSHOT_FIELDS.map(
  (field) => field.result,
);

/**
 * Reads one snapshot's values from an object with Atlas's names, under the result names, with
 * `absent` where Atlas returned nothing: the one mapping from Atlas's names to the results',
 * which each layer calls with its own convention for an absent value.
 */
export function snapshotValues<Absent>(
  snapshot: AtlasRecord<typeof SNAPSHOT_FIELDS>,
  absent: Absent,
): SnapshotValues<Absent> {
  return modelValues<typeof SNAPSHOT_FIELDS, SnapshotStatus, Absent>(
    SNAPSHOT_FIELDS,
    snapshot,
    absent,
  );
}
