/**
 * The references of Atlas's flex backup paths (`/groups/{groupId}/flexClusters/{name}/backup/
 * snapshots/{snapshotId}`, `…/restoreJobs/{restoreJobId}`) and the API version: the patterns of
 * MongoDB's OpenAPI spec for each path parameter, their zod schemas, and the one way a zod
 * failure becomes a {@link ValidationError} that names the field, the value and the pattern.
 */
import * as z from "zod";
import { ValidationError } from "./errors";

/** `groupId` in the spec: a project id is 24 lowercase hexadecimal digits. */
const PROJECT_ID_PATTERN = /^([a-f0-9]{24})$/;
/** `name` in the spec: a flex cluster's name. */
const CLUSTER_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9-]*$/;
/**
 * The longest cluster name Atlas accepts. The flex snapshot spec gives the path parameter a
 * pattern but no length; Atlas's Admin API spec bounds cluster names to 1–64 characters
 * (`FlexBackupRestoreJob20241113.targetDeploymentItemName`, the flex or dedicated cluster a
 * snapshot is restored to: `^[\p{L}\p{N}\-_.(),:&@+']{1,64}$`, in
 * test/fixtures/atlas-openapi-flex-backup.json), and the Terraform provider generated from that
 * spec (github.com/mongodb/terraform-provider-mongodbatlas) validates `cluster_name` with
 * `LengthBetween(1, 64)`. A longer name names no cluster, so it is never sent (a
 * 20,000-character one was answered 431).
 */
const MAX_CLUSTER_NAME_LENGTH = 64;
/** `snapshotId` in the spec: 24 lowercase hexadecimal digits. */
const SNAPSHOT_ID_PATTERN = /^([a-f0-9]{24})$/;
/** An Atlas API version is a release date. */
const API_VERSION_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A string matching `pattern`, described as `what` in the error. */
export function patterned(pattern: RegExp, what: string) {
  return z.string({ error: `${what} matching ${pattern.source}` }).regex(pattern, {
    error: `${what} matching ${pattern.source}`,
  });
}

/*
 * The parts of a reference are branded: a `ProjectId`, `ClusterName` or `SnapshotId` comes only
 * out of these schemas, so that the lookups, given one, know it was checked at their boundary.
 */

/** A project id, checked against the spec's pattern. */
export const projectIdSchema = patterned(
  PROJECT_ID_PATTERN,
  "a 24-character hexadecimal project id",
).brand<"ProjectId">();
/** A flex cluster name, checked against the spec's pattern. */
const clusterNameSchema = z
  .string({ error: `a flex cluster name matching ${CLUSTER_NAME_PATTERN.source}` })
  .max(MAX_CLUSTER_NAME_LENGTH, {
    error: `a flex cluster name of at most ${MAX_CLUSTER_NAME_LENGTH} characters (Atlas's limit)`,
  })
  .regex(CLUSTER_NAME_PATTERN, {
    error: `a flex cluster name matching ${CLUSTER_NAME_PATTERN.source}`,
  })
  .brand<"ClusterName">();
/** A snapshot id, checked against the spec's pattern. */
export const snapshotIdSchema = patterned(
  SNAPSHOT_ID_PATTERN,
  "a 24-character hexadecimal snapshot id",
).brand<"SnapshotId">();
/** An Atlas API version date. */
export const apiVersionSchema = patterned(
  API_VERSION_PATTERN,
  "an Atlas API version date (YYYY-MM-DD)",
)
  .refine(isCalendarDate, { error: "an Atlas API version date (YYYY-MM-DD) that is a real day" })
  .brand<"ApiVersion">();
/** An API version that {@link apiVersionSchema} accepted. */
export type ApiVersion = z.output<typeof apiVersionSchema>;

/**
 * Tells whether `YYYY-MM-DD` names a real day (`2024-13-45` and `2023-02-29` do not): the date
 * must survive a round trip through `Date` unchanged. The emulator has its own check on purpose:
 * it imports nothing from the provider, so that it stays an independent stand-in for Atlas.
 */
function isCalendarDate(text: string): boolean {
  const time = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(time) && new Date(time).toISOString().slice(0, 10) === text;
}

/** Identifies one flex cluster: its project (group) id and its name. */
export const clusterRefSchema = z.object({ projectId: projectIdSchema, name: clusterNameSchema });
/**
 * Identifies one flex cluster, as a caller writes it (plain strings): the project (group) id (24
 * hexadecimal digits) and the cluster's name; see {@link clusterRefSchema}.
 */
export type FlexClusterRef = Readonly<z.input<typeof clusterRefSchema>>;
/** Identifies one snapshot of a flex cluster: the cluster and the snapshot id. */
export const snapshotRefSchema = clusterRefSchema.extend({ snapshotId: snapshotIdSchema });
/** Identifies one snapshot of a flex cluster, as a caller writes it; see {@link snapshotRefSchema}. */
export type FlexSnapshotRef = Readonly<z.input<typeof snapshotRefSchema>>;

/** A flex cluster, checked: what the API client builds its paths from. */
export type ClusterRef = z.output<typeof clusterRefSchema>;

/** `restoreJobId` in the spec: 24 lowercase hexadecimal digits. */
const RESTORE_JOB_ID_PATTERN = /^([a-f0-9]{24})$/;
/**
 * `targetDeploymentItemName` in the spec (`FlexBackupRestoreJob20241113`): the flex or dedicated
 * cluster a snapshot is restored into, 1 to 64 letters, digits and `-_.(),:&@+'`.
 */
export const TARGET_DEPLOYMENT_NAME_PATTERN = /^[\p{L}\p{N}\-_.(),:&@+']{1,64}$/u;

/** A restore job id, checked against the spec's pattern. */
const restoreJobIdSchema = patterned(
  RESTORE_JOB_ID_PATTERN,
  "a 24-character hexadecimal restore job id",
).brand<"RestoreJobId">();

/** Identifies one restore job of a flex cluster: the cluster and the restore job id. */
export const restoreJobRefSchema = clusterRefSchema.extend({ restoreJobId: restoreJobIdSchema });
/** Identifies one restore job of a flex cluster, as a caller writes it; see {@link restoreJobRefSchema}. */
export type FlexRestoreJobRef = Readonly<z.input<typeof restoreJobRefSchema>>;

/**
 * Parses `input` with `schema`, turning the first zod issue into a {@link ValidationError} that
 * names the field (its dotted path), the value found there and what was expected.
 */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) {
    return result.data;
  }
  const issue = result.error.issues[0];
  const path = issue?.path ?? [];
  const field = path.length > 0 ? path.map(String).join(".") : "arguments";
  // zod's own text for an unknown option ("Unrecognized key: …") already says what is wrong.
  const expected =
    issue?.code === "unrecognized_keys"
      ? `only known options (${issue.message})`
      : (issue?.message ?? "a valid value");
  throw new ValidationError(field, valueAt(input, path), expected);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") {
      return undefined;
    }
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
