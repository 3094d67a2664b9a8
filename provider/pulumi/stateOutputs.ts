/**
 * The lookups' results as the Pulumi front doors carry them: in the dynamic provider's state
 * (a value Atlas did not return is absent: a protobuf Struct has no `undefined`), from which the
 * SDK makes its results, and in the `atlasflex` plugin's invoke results (`""` for an absent value,
 * as `@pulumi/mongodbatlas`'s results, and the model's secret fields marked secret). Each
 * {@link LookupSubject} is mapped once for each.
 */
import type { FlexBackupRestoreJob, FlexBackupSnapshot } from "../atlas/schema";
import { withEmptyForAbsent } from "../models/model";
import {
  RESTORE_JOB_FIELD_NAMES,
  RESTORE_JOB_SECRET_FIELDS,
  restoreJobValues,
  type RestoreJobField,
  type RestoreJobValues,
} from "../models/restoreJobModel";
import { SNAPSHOT_FIELD_NAMES, snapshotValues, type SnapshotValues } from "../models/snapshotModel";
import type { LookupSubject, SubjectValue } from "../lookups/registry";

/**
 * One snapshot as the provider stores it in state, with the result names of the snapshot model
 * (`@pulumi/mongodbatlas`'s: `mongoDBVersion` → `mongoDbVersion`). The state's convention for a
 * value Atlas did not return is decided here: the field is absent (a protobuf Struct has no
 * `undefined`, and an absent output reads as `undefined` in a program). The SDK turns that into
 * `""`, the CLI into `null`.
 */
export type SnapshotOutputs = Partial<SnapshotValues>;

/** Drops `undefined` values: the provider host turns props into a protobuf Struct, which has none. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Maps one Atlas snapshot to the result's names, leaving out what Atlas did not return. */
export function toSnapshotOutputs(snapshot: FlexBackupSnapshot): SnapshotOutputs {
  return defined(snapshotValues(snapshot, undefined));
}

/**
 * One restore job as the provider stores it in state, with the result names of the restore job
 * model; a value Atlas did not return is absent, as for snapshots ({@link SnapshotOutputs}).
 */
export type RestoreJobOutputs = Partial<RestoreJobValues>;

/** The result names of the restore job model's secret fields (`snapshotUrl`). */
type RestoreJobSecretField = Extract<RestoreJobField, { readonly secret: true }>["result"];

/** The secret fields of one restore job (`snapshotUrl`), kept apart in a list's state. */
export type RestoreJobSecretOutputs = Partial<Pick<RestoreJobValues, RestoreJobSecretField>>;

/** Maps one Atlas restore job to the result's names, leaving out what Atlas did not return. */
function toRestoreJobOutputs(restoreJob: FlexBackupRestoreJob): RestoreJobOutputs {
  return defined(restoreJobValues(restoreJob, undefined));
}

/**
 * The outputs of a restore job list, as stored in state: `results` without the model's secret
 * fields, and those fields in `secretResults` (same order), which the SDK registers as a secret
 * output — only when some job has one, so that a list of RESTORE jobs is not secret at all.
 * `additionalSecretOutputs` marks whole outputs, so the secret values get an output of their own.
 */
export function toRestoreJobListOutputs(restoreJobs: readonly FlexBackupRestoreJob[]): {
  results: RestoreJobOutputs[];
  secretResults?: RestoreJobSecretOutputs[];
} {
  const secret = new Set<string>(RESTORE_JOB_SECRET_FIELDS);
  const split = restoreJobs.map((job) => {
    const entries = Object.entries(toRestoreJobOutputs(job));
    return {
      open: Object.fromEntries(entries.filter(([key]) => !secret.has(key))) as RestoreJobOutputs,
      hidden: Object.fromEntries(
        entries.filter(([key]) => secret.has(key)),
      ) as RestoreJobSecretOutputs,
    };
  });
  const results = split.map((job) => job.open);
  return split.some((job) => Object.keys(job.hidden).length > 0)
    ? { results, secretResults: split.map((job) => job.hidden) }
    : { results };
}

/** The identity of a lookup's result: its cluster, and the snapshot or restore job id it names. */
export interface ResultIdentity {
  readonly projectId: string;
  readonly name: string;
  readonly snapshotId?: string;
  readonly restoreJobId?: string;
}

/** Maps a found value of each subject to a result. */
type SubjectMapping = {
  readonly [S in LookupSubject]: (
    identity: ResultIdentity,
    found: SubjectValue[S],
  ) => Record<string, unknown>;
};

/**
 * The state of a lookup of each subject, besides its inputs and warnings: the cluster, and the
 * snapshot (without a top-level `id`, which is the resource's own id to Pulumi), the restore job,
 * or the list.
 */
export const STATE_OUTPUTS: SubjectMapping = {
  snapshot: (identity, snapshot) => {
    const { id: _id, ...values } = toSnapshotOutputs(snapshot);
    return {
      ...values,
      ...cluster(identity),
      snapshotId: identity.snapshotId ?? snapshot.id ?? "",
    };
  },
  snapshots: (identity, snapshots) => ({
    ...cluster(identity),
    results: snapshots.map(toSnapshotOutputs),
  }),
  restoreJob: (identity, job) => ({
    ...toRestoreJobOutputs(job),
    ...cluster(identity),
    // A latest lookup names no id: the job it found does.
    restoreJobId: identity.restoreJobId ?? job.id ?? "",
  }),
  restoreJobs: (identity, jobs) => ({ ...cluster(identity), ...toRestoreJobListOutputs(jobs) }),
};

/** A value marked secret, as the engine reads it in a plugin's result. */
type SecretMarker = (value: unknown) => unknown;

/**
 * The `atlasflex` plugin's result of each subject: every field of the model, `""` where Atlas
 * returned nothing (the SDK's convention), the cluster, and an `id` — the snapshot's or restore
 * job's, or `<projectId>/<name>` for a list. A restore job's secret fields (`snapshotUrl`, a
 * bearer link to the backup's data) that hold a value are marked with `secret`, so that the
 * engine keeps them secret in state and outputs; an empty one (a RESTORE job has no link) is left
 * plain, as the SDK does: Pulumi YAML makes a whole invoke result secret when any value in it is,
 * which would hide a RESTORE job's status for nothing.
 */
export function invokeResults(secret: SecretMarker): SubjectMapping {
  const secrets = new Set<string>(RESTORE_JOB_SECRET_FIELDS);
  const restoreJobResult = (job: FlexBackupRestoreJob, restoreJobId?: string) => {
    const values = withEmptyForAbsent(RESTORE_JOB_FIELD_NAMES, {
      ...toRestoreJobOutputs(job),
      ...(restoreJobId === undefined ? {} : { restoreJobId }),
    });
    return Object.fromEntries(
      Object.entries(values).map(([name, value]) => [
        name,
        secrets.has(name) && value !== "" ? secret(value) : value,
      ]),
    );
  };
  const snapshotResult = (snapshot: FlexBackupSnapshot) =>
    withEmptyForAbsent(SNAPSHOT_FIELD_NAMES, toSnapshotOutputs(snapshot));
  const listId = (identity: ResultIdentity) => `${identity.projectId}/${identity.name}`;
  return {
    snapshot: (identity, snapshot) => {
      // The result's `id` is the snapshot's id, as the SDK's.
      const snapshotId = identity.snapshotId ?? snapshot.id ?? "";
      return { ...snapshotResult({ ...snapshot, id: snapshotId }), ...cluster(identity) };
    },
    snapshots: (identity, snapshots) => ({
      id: listId(identity),
      ...cluster(identity),
      results: snapshots.map(snapshotResult),
    }),
    restoreJob: (identity, job) => {
      // The result's `id` is the restore job's id, the one asked for or the latest found.
      const restoreJobId = identity.restoreJobId ?? job.id ?? "";
      return { ...restoreJobResult(job, restoreJobId), id: restoreJobId, ...cluster(identity) };
    },
    restoreJobs: (identity, jobs) => ({
      id: listId(identity),
      ...cluster(identity),
      results: jobs.map((job) => restoreJobResult(job)),
    }),
  };
}

function cluster(identity: ResultIdentity): { name: string; projectId: string } {
  return { name: identity.name, projectId: identity.projectId };
}
