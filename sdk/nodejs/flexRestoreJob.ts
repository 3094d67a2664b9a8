/**
 * The dynamic resources behind the restore job lookups: `FlexRestoreJob` (one restore job by id)
 * and `FlexRestoreJobs` (all of them). Like the snapshot lookups (`flexSnapshot.ts`), each is
 * read from Atlas on every `pulumi preview` and `pulumi up`, and none creates or deletes anything.
 *
 * The restore job model marks `snapshotUrl` secret (a bearer link to the backup's data): the
 * engine encrypts it in state and shows `[secret]` in the CLI, through `additionalSecretOutputs`
 * on `FlexRestoreJob` and a separate secret output on `FlexRestoreJobs` (see there).
 */
import * as pulumi from "@pulumi/pulumi";
import type {
  RestoreJobOutputs,
  RestoreJobSecretOutputs,
} from "../../provider/pulumi/stateOutputs";
import {
  RESTORE_JOB_FIELD_NAMES,
  RESTORE_JOB_SECRET_FIELDS,
  type RestoreJobFieldName,
  type RestoreJobStatus,
  type RestoreJobValues,
} from "../../provider/models/restoreJobModel";
import type { FlexSnapshotWait } from "./flexSnapshot";
import { AtlasLookup, type LookupResourceOptions, type Same } from "./lookupResource";

export type { RestoreJobOutputs, RestoreJobSecretOutputs, RestoreJobStatus };

/**
 * Conditions the restore job must meet; the lookup fails (in preview and in up) when it does
 * not, so resources that depend on it are never touched. Besides the status, a restore gate
 * checks that the job restores the snapshot you expect into the cluster you expect: a deployment
 * must not read data restored from another snapshot, or restored somewhere else.
 */
export interface FlexRestoreJobGate {
  /**
   * The status, or one of the statuses (up to 16), the restore job must have. Any upper-case
   * word is accepted; one Atlas has not been seen to return draws a warning.
   */
  readonly status?: pulumi.Input<RestoreJobStatus | RestoreJobStatus[]>;
  /** The snapshot the job must restore: 24 hexadecimal digits. */
  readonly snapshotId?: pulumi.Input<string>;
  /** The cluster the job must restore into (`targetDeploymentItemName`). */
  readonly targetDeploymentItemName?: pulumi.Input<string>;
  /** The project of the cluster the job must restore into: 24 hexadecimal digits. */
  readonly targetProjectId?: pulumi.Input<string>;
}

/**
 * Waiting for the restore job: the same options, bounds, progress and preview behaviour as
 * waiting for a snapshot ({@link FlexSnapshotWait}). Polls until the job is COMPLETED or FAILED
 * (FAILED fails at once), for at most `timeout`; while waiting, the gate's status defaults to
 * COMPLETED. `pulumi preview` reports the current status without waiting unless
 * `enforceInPreview` is set.
 */
export type FlexRestoreJobWait = FlexSnapshotWait;

/** The arguments of a {@link FlexRestoreJob}. */
export interface FlexRestoreJobArgs {
  /** The project (group) id of the source flex cluster: 24 hexadecimal digits. */
  readonly projectId: pulumi.Input<string>;
  /** The source flex cluster's name (whose snapshot the job restores). */
  readonly name: pulumi.Input<string>;
  /** The restore job id: 24 hexadecimal digits. */
  readonly restoreJobId: pulumi.Input<string>;
  /** The gate; see {@link FlexRestoreJobGate}. */
  readonly require?: pulumi.Input<FlexRestoreJobGate>;
  /** Wait for the restore job to finish; see {@link FlexRestoreJobWait}. */
  readonly wait?: pulumi.Input<FlexRestoreJobWait>;
  /**
   * The Atlas API version to request.
   * @default "2024-11-13"
   */
  readonly apiVersion?: pulumi.Input<string>;
}

/** The result name of a field in {@link RESTORE_JOB_OUTPUTS}. */
type RestoreJobOutputName = Exclude<RestoreJobFieldName, "restoreJobId">;

/**
 * The restore job fields a {@link FlexRestoreJob} reads, as outputs: all of the model's but
 * `restoreJobId` (its input, and its resource id).
 */
const RESTORE_JOB_OUTPUTS = RESTORE_JOB_FIELD_NAMES.filter(
  (name): name is RestoreJobOutputName => name !== "restoreJobId",
);

/**
 * The resource options of a restore job lookup: the model's secret fields are added to
 * `additionalSecretOutputs`, so that the engine keeps them encrypted in state and never shows
 * them (Pulumi docs, "Resource options: additionalSecretOutputs").
 */
function withSecretOutputs(
  opts: LookupResourceOptions,
  secret: readonly string[],
): LookupResourceOptions {
  return {
    ...opts,
    additionalSecretOutputs: [...(opts.additionalSecretOutputs ?? []), ...secret],
  };
}

/**
 * One restore job of a flex cluster, read from Atlas on every `pulumi preview` and `pulumi up`:
 * put it in `dependsOn` to deploy only once the restore has finished, from the snapshot and into
 * the cluster you expect. It never creates or deletes anything in Atlas; the resource id is the
 * restore job id. `snapshotUrl` is a Pulumi secret.
 *
 * @example
 * ```ts
 * const restore = new FlexRestoreJob("restore", {
 *   projectId, name: "orders", restoreJobId,
 *   require: { snapshotId, targetDeploymentItemName: "orders-restored" },
 *   wait: { timeout: "1h" },
 * });
 * new App("app", { ... }, { dependsOn: [restore] });
 * ```
 */
export class FlexRestoreJob extends AtlasLookup {
  // Declared one by one, as for snapshots (see SnapshotLookup in flexSnapshot.ts);
  // `_declaredOutputsMatchModel` below ties them to the model, and test/sdk.test.ts
  // their doc lines to the model's.
  /** The restore job id: 24 hexadecimal digits. */
  declare readonly restoreJobId: pulumi.Output<string>;
  /** The restore job's status: PENDING, QUEUED, RUNNING, FAILED, COMPLETED (or a newer one). */
  declare readonly status: pulumi.Output<RestoreJobStatus | undefined>;
  /** How the snapshot is delivered: RESTORE (into a cluster) or DOWNLOAD (a download link). */
  declare readonly deliveryType: pulumi.Output<string | undefined>;
  /** The id of the snapshot the job restores: 24 hexadecimal digits. */
  declare readonly snapshotId: pulumi.Output<string | undefined>;
  /** The project of the cluster the snapshot is restored into. */
  declare readonly targetProjectId: pulumi.Output<string | undefined>;
  /** The name of the cluster the snapshot is restored into. */
  declare readonly targetDeploymentItemName: pulumi.Output<string | undefined>;
  /** When Atlas finished writing the snapshot (ISO 8601, UTC). */
  declare readonly snapshotFinishedDate: pulumi.Output<string | undefined>;
  /** When Atlas will restore, or restored, the snapshot (ISO 8601, UTC). */
  declare readonly restoreScheduledDate: pulumi.Output<string | undefined>;
  /** When Atlas finished the restore (ISO 8601, UTC). */
  declare readonly restoreFinishedDate: pulumi.Output<string | undefined>;
  /** When the download link stops working (ISO 8601, UTC). */
  declare readonly expirationDate: pulumi.Output<string | undefined>;
  /** The link to download the snapshot (DOWNLOAD only): a bearer credential until expirationDate, so a secret. */
  declare readonly snapshotUrl: pulumi.Output<string | undefined>;

  /**
   * @param name - the Pulumi resource name.
   * @param args - which restore job, the gate and the wait.
   * @param opts - resource options; `id` defaults to `args.restoreJobId`. The model's secret
   *   fields (`snapshotUrl`) are always added to `additionalSecretOutputs`.
   */
  constructor(name: string, args: FlexRestoreJobArgs, opts: LookupResourceOptions = {}) {
    const id = opts.id ?? args.restoreJobId;
    super(
      "restoreJob",
      "FlexRestoreJob",
      name,
      args,
      RESTORE_JOB_OUTPUTS,
      withSecretOutputs({ ...opts, id }, RESTORE_JOB_SECRET_FIELDS),
    );
  }
}

/**
 * The declared outputs of {@link FlexRestoreJob} are exactly the restore job model's fields, with
 * the model's types: this fails to compile when a field is added to, renamed in or retyped in
 * the model and not there, or declared there and not in the model.
 */
const _declaredOutputsMatchModel: Same<
  Pick<FlexRestoreJob, Exclude<keyof FlexRestoreJob, keyof AtlasLookup>>,
  {
    readonly [K in RestoreJobFieldName]: K extends "restoreJobId"
      ? pulumi.Output<string>
      : pulumi.Output<RestoreJobValues[K] | undefined>;
  }
> = true;

/** The arguments of {@link FlexRestoreJobs}. */
export interface FlexRestoreJobsArgs {
  /** The project (group) id of the source flex cluster: 24 hexadecimal digits. */
  readonly projectId: pulumi.Input<string>;
  /** The source flex cluster's name. */
  readonly name: pulumi.Input<string>;
  /**
   * The Atlas API version to request.
   * @default "2024-11-13"
   */
  readonly apiVersion?: pulumi.Input<string>;
}

/**
 * Every restore job of a flex cluster (every page), read on every preview and up.
 *
 * Its secret fields are kept apart from `results`: `secretResults` is a Pulumi secret (so
 * encrypted in state) while `results`, which has every other field, is not, so that a program
 * can show the jobs' statuses. `additionalSecretOutputs` marks whole outputs, so a link inside
 * `results` would make every job's fields secret.
 */
export class FlexRestoreJobs extends AtlasLookup {
  /** The restore jobs, in Atlas's order, without their secret fields; a field Atlas did not return is absent. */
  declare readonly results: pulumi.Output<RestoreJobOutputs[]>;
  /**
   * The secret fields (`snapshotUrl`) of each job in `results`, in the same order; absent when
   * no job has one. A Pulumi secret.
   */
  declare readonly secretResults: pulumi.Output<RestoreJobSecretOutputs[] | undefined>;

  /**
   * @param name - the Pulumi resource name.
   * @param args - which cluster.
   * @param opts - resource options; the id is `<projectId>/<name>`.
   */
  constructor(name: string, args: FlexRestoreJobsArgs, opts: LookupResourceOptions = {}) {
    const id = opts.id ?? pulumi.interpolate`${args.projectId}/${args.name}`;
    super(
      "restoreJobs",
      "FlexRestoreJobs",
      name,
      args,
      ["results", "secretResults"],
      withSecretOutputs({ ...opts, id }, ["secretResults"]),
    );
  }
}
