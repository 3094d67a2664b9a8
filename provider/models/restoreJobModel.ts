/**
 * The model of a flex cluster backup restore job, the second kind this package looks up: the
 * statuses Atlas documents and the fields a restore job has, each with its Atlas name, its
 * result name, its type and its doc line, and `secret` on the one field that is a credential
 * (`snapshotUrl`). As for snapshots (`snapshotModel.ts`), the rest is derived from here: the
 * zod schema of Atlas's answer (`schema.ts`), the CLI's documents, columns and help
 * (`bin/render.ts`), the emulator's record type (`emulator/types.ts`), and the SDK's results
 * and the provider's secret outputs.
 *
 * This module is pure data and types: it imports only the generic model kit (`model.ts`).
 */
import {
  knownStatusGuard,
  modelValues,
  secretFieldNames,
  type AtlasRecord,
  type FieldSpec,
  type ModelValues,
} from "./model";

/**
 * The restore job statuses that Atlas's spec enumerates for
 * `FlexBackupRestoreJob20241113.status`, in the order a job goes through them (FAILED and
 * COMPLETED both end it). They are the snapshot's five, but kept apart: the two enums are two
 * facts of the spec, and may part.
 */
export const KNOWN_RESTORE_JOB_STATUSES = [
  "PENDING",
  "QUEUED",
  "RUNNING",
  "FAILED",
  "COMPLETED",
] as const;

/** One of {@link KNOWN_RESTORE_JOB_STATUSES}. */
export type KnownRestoreJobStatus = (typeof KNOWN_RESTORE_JOB_STATUSES)[number];

/**
 * A restore job status as Atlas reports it; a status a future Atlas adds is kept as it is (never
 * counted as COMPLETED), hence the open string.
 */
export type RestoreJobStatus = KnownRestoreJobStatus | (string & {});

/** Tells whether `status` is one of the restore job statuses the spec knows. */
export const isKnownRestoreJobStatus = knownStatusGuard(KNOWN_RESTORE_JOB_STATUSES);

/** The delivery types the spec enumerates for `deliveryType`: restored into a cluster, or a download link. */
const KNOWN_DELIVERY_TYPES = ["RESTORE", "DOWNLOAD"] as const;

/**
 * A restore job's fields, in the order of the CLI's JSON documents, under `@pulumi/mongodbatlas`'s
 * names (`getFlexRestoreJob`). Atlas's `id` is published as `restoreJobId`, the job's identity,
 * which a lookup by id knows before reading. Atlas's `projectId` and `instanceName` name the
 * source cluster, which the lookup's own `projectId` and `name` already say; its `links` are not
 * published.
 */
export const RESTORE_JOB_FIELDS = [
  {
    atlas: "id",
    result: "restoreJobId",
    type: "string",
    column: "ID",
    doc: "The restore job id: 24 hexadecimal digits.",
  },
  {
    atlas: "status",
    result: "status",
    type: "status",
    column: "STATUS",
    doc: `The restore job's status: ${KNOWN_RESTORE_JOB_STATUSES.join(", ")} (or a newer one).`,
  },
  {
    atlas: "deliveryType",
    result: "deliveryType",
    type: "string",
    column: "DELIVERY",
    doc: `How the snapshot is delivered: ${KNOWN_DELIVERY_TYPES.join(" (into a cluster) or ")} (a download link).`,
  },
  {
    atlas: "snapshotId",
    result: "snapshotId",
    type: "string",
    column: "SNAPSHOT",
    doc: "The id of the snapshot the job restores: 24 hexadecimal digits.",
  },
  {
    atlas: "targetProjectId",
    result: "targetProjectId",
    type: "string",
    doc: "The project of the cluster the snapshot is restored into.",
  },
  {
    atlas: "targetDeploymentItemName",
    result: "targetDeploymentItemName",
    type: "string",
    column: "TARGET",
    doc: "The name of the cluster the snapshot is restored into.",
  },
  {
    atlas: "snapshotFinishedDate",
    result: "snapshotFinishedDate",
    type: "timestamp",
    doc: "When Atlas finished writing the snapshot (ISO 8601, UTC).",
  },
  {
    atlas: "restoreScheduledDate",
    result: "restoreScheduledDate",
    type: "timestamp",
    column: "SCHEDULED",
    doc: "When Atlas will restore, or restored, the snapshot (ISO 8601, UTC).",
  },
  {
    atlas: "restoreFinishedDate",
    result: "restoreFinishedDate",
    type: "timestamp",
    column: "FINISHED",
    doc: "When Atlas finished the restore (ISO 8601, UTC).",
  },
  {
    atlas: "expirationDate",
    result: "expirationDate",
    type: "timestamp",
    doc: "When the download link stops working (ISO 8601, UTC).",
  },
  {
    atlas: "snapshotUrl",
    result: "snapshotUrl",
    type: "string",
    secret: true,
    doc: "The link to download the snapshot (DOWNLOAD only): a bearer credential until expirationDate, so a secret.",
  },
] as const satisfies readonly FieldSpec[];

/** One entry of {@link RESTORE_JOB_FIELDS}. */
export type RestoreJobField = (typeof RESTORE_JOB_FIELDS)[number];

/** The result name of a restore job field, e.g. `targetDeploymentItemName`. */
export type RestoreJobFieldName = RestoreJobField["result"];

/** The Atlas name of a restore job field, e.g. `id`. */
export type AtlasRestoreJobFieldName = RestoreJobField["atlas"];

/**
 * One restore job's values under their result names, with `Absent` for a field Atlas did not
 * return (the provider's state leaves it out, the SDK writes `""`, the CLI's JSON `null`).
 */
export type RestoreJobValues<Absent = never> = ModelValues<
  typeof RESTORE_JOB_FIELDS,
  RestoreJobStatus,
  Absent
>;

/** The result names of every restore job field, in the model's order. */
export const RESTORE_JOB_FIELD_NAMES: readonly RestoreJobFieldName[] = RESTORE_JOB_FIELDS.map(
  (field) => field.result,
);

/**
 * The result names of the restore job fields that are secrets (`snapshotUrl`): what the provider
 * marks secret and the CLI hides. Derived from `secret` in {@link RESTORE_JOB_FIELDS}.
 */
export const RESTORE_JOB_SECRET_FIELDS: readonly RestoreJobFieldName[] =
  secretFieldNames(RESTORE_JOB_FIELDS);

/**
 * Reads one restore job's values from an object with Atlas's names, under the result names,
 * with `absent` where Atlas returned nothing.
 */
export function restoreJobValues<Absent>(
  restoreJob: AtlasRecord<typeof RESTORE_JOB_FIELDS>,
  absent: Absent,
): RestoreJobValues<Absent> {
  return modelValues<typeof RESTORE_JOB_FIELDS, RestoreJobStatus, Absent>(
    RESTORE_JOB_FIELDS,
    restoreJob,
    absent,
  );
}
