/**
 * `getFlexRestoreJob`, `getFlexRestoreJobOutput`, `getFlexRestoreJobs` and
 * `getFlexRestoreJobsOutput`: the restore job functions programs call, with the argument and
 * result names of `@pulumi/mongodbatlas`'s functions of the same name — plus a gate (`require`)
 * and a wait, as for snapshots (`getFlexSnapshot.ts`); and `getLatestFlexRestoreJob` and
 * `getLatestFlexRestoreJobOutput`, the most recent restore job, as `getLatestFlexSnapshot` is
 * the most recent snapshot.
 *
 * `snapshotUrl` is a bearer link to the backup's data. In the `Output` forms a result that holds
 * one is a Pulumi secret as a whole (an `Output` is secret or not as a whole, as
 * `@pulumi/mongodbatlas`'s invoke results are); the `Promise` forms cannot carry Pulumi's secret
 * mark, so there it is a plain string (see {@link getFlexRestoreJob}).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { RestoreJobValues } from "../../provider/models/restoreJobModel";
import type { FlexRestoreJobGate, FlexRestoreJobWait } from "./flexRestoreJob";
import type { LookupOptions, LookupOutputOptions, Unwrapped } from "./lookupResource";
import { lookupOutput, lookupPromise } from "./programLookup";

/** A restore gate, as plain values; see {@link FlexRestoreJobGate}. */
export type GetFlexRestoreJobGate = Unwrapped<FlexRestoreJobGate>;

/** A wait, as plain values; see {@link FlexRestoreJobWait}. */
export type GetFlexRestoreJobWait = Unwrapped<FlexRestoreJobWait>;

/** The arguments of {@link getFlexRestoreJob}, as plain values; see {@link GetFlexRestoreJobOutputArgs}. */
export type GetFlexRestoreJobArgs = Unwrapped<GetFlexRestoreJobOutputArgs>;

/** The arguments of {@link getFlexRestoreJobOutput}, as Pulumi inputs. */
export interface GetFlexRestoreJobOutputArgs {
  /** The project (group) id of the source flex cluster: 24 hexadecimal digits. */
  projectId: pulumi.Input<string>;
  /** The source flex cluster's name (whose snapshot the job restores). */
  name: pulumi.Input<string>;
  /** The restore job id: 24 hexadecimal digits. */
  restoreJobId: pulumi.Input<string>;
  /**
   * Fail the lookup unless the restore job meets this gate, e.g.
   * `{ status: "COMPLETED", snapshotId, targetDeploymentItemName: "orders-restored" }`.
   */
  require?: pulumi.Input<FlexRestoreJobGate>;
  /** Wait for the restore job to finish, e.g. `{ timeout: "1h" }`. */
  wait?: pulumi.Input<FlexRestoreJobWait>;
  /**
   * The Atlas API version to request.
   * @default "2024-11-13"
   */
  apiVersion?: pulumi.Input<string>;
}

/**
 * One restore job in an SDK result: every field of the restore job model (`RESTORE_JOB_FIELDS`,
 * where each field's doc line is), `""` for a value Atlas did not return (such as `snapshotUrl`
 * of a RESTORE job).
 */
export type GetFlexRestoreJobsResultItem = RestoreJobValues<never>;

/**
 * A collection of values returned by getFlexRestoreJob: the restore job's fields (see
 * {@link GetFlexRestoreJobsResultItem}), its id and the source cluster. A value Atlas did not
 * return is the empty string, as in `@pulumi/mongodbatlas`.
 */
export interface GetFlexRestoreJobResult extends GetFlexRestoreJobsResultItem {
  /** The restore job id (the lookup's id). */
  readonly id: string;
  /** The source flex cluster's name. */
  readonly name: string;
  /** The project id. */
  readonly projectId: string;
}

/**
 * Reads one restore job of a flex cluster, as an `Output`. The read happens in `pulumi preview`
 * and in `pulumi up`; with `require` it fails unless the job meets the gate, and with `wait`
 * `pulumi up` waits for it to finish — so every resource that depends on the result waits for
 * the restore, and is never touched when it failed or restored something else. A result that
 * holds a `snapshotUrl` (a DOWNLOAD job) is a Pulumi secret.
 *
 * @example
 * ```ts
 * const job = getFlexRestoreJobOutput({
 *   projectId, name: "orders", restoreJobId,
 *   require: { snapshotId, targetDeploymentItemName: "orders-restored" },
 *   wait: { timeout: "1h" },
 * });
 * export const status = job.status;
 * ```
 */
export function getFlexRestoreJobOutput(
  args: GetFlexRestoreJobOutputArgs,
  opts?: LookupOutputOptions,
): pulumi.Output<GetFlexRestoreJobResult> {
  return lookupOutput<GetFlexRestoreJobResult>("restoreJob", args, opts);
}

/**
 * Reads one restore job of a flex cluster, as a `Promise`. Like {@link getFlexRestoreJobOutput},
 * but the promise resolves only once the values are known (in preview, when the arguments are),
 * and rejects with the lookup's own error, a `FlexSnapshotError` subclass: `ValidationError` for
 * a bad argument, `GateError` for an unmet gate, an `AtlasApiError` for an Atlas error.
 *
 * A `Promise` cannot carry Pulumi's secret mark: `snapshotUrl` (DOWNLOAD jobs only) is the plain
 * link here, as in `@pulumi/mongodbatlas`'s Promise forms. Do not log it; wrap it in
 * `pulumi.secret()` before exporting it, or use {@link getFlexRestoreJobOutput}, whose result is
 * a secret. Nothing of it goes to state.
 *
 * @example
 * ```ts
 * const job = await getFlexRestoreJob({ projectId, name: "orders", restoreJobId });
 * ```
 */
export function getFlexRestoreJob(
  args: GetFlexRestoreJobArgs,
  opts?: LookupOptions,
): Promise<GetFlexRestoreJobResult> {
  return lookupPromise<GetFlexRestoreJobResult>("restoreJob", args, opts);
}

/**
 * The arguments of {@link getLatestFlexRestoreJob}, as plain values; see
 * {@link GetLatestFlexRestoreJobOutputArgs}.
 */
export type GetLatestFlexRestoreJobArgs = Unwrapped<GetLatestFlexRestoreJobOutputArgs>;

/** The arguments of {@link getLatestFlexRestoreJobOutput}, as Pulumi inputs. */
export interface GetLatestFlexRestoreJobOutputArgs {
  /** The project (group) id of the source flex cluster: 24 hexadecimal digits. */
  projectId: pulumi.Input<string>;
  /** The source flex cluster's name. */
  name: pulumi.Input<string>;
  /** Consider only restore jobs of this snapshot: 24 hexadecimal digits. */
  snapshotId?: pulumi.Input<string>;
  /**
   * Fail the lookup unless the latest restore job meets this gate, e.g.
   * `{ status: "COMPLETED", targetDeploymentItemName: "orders-restored" }`.
   */
  require?: pulumi.Input<FlexRestoreJobGate>;
  /** Wait for the latest restore job to finish, e.g. `{ timeout: "1h" }`. */
  wait?: pulumi.Input<FlexRestoreJobWait>;
  /**
   * The Atlas API version to request.
   * @default "2024-11-13"
   */
  apiVersion?: pulumi.Input<string>;
}

/**
 * Finds the most recent restore job of a flex cluster (by `restoreScheduledDate`), optionally
 * only among those of one snapshot, as an `Output` with the same result as
 * {@link getFlexRestoreJobOutput} (its `id` and `restoreJobId` are the job found). With `require`
 * and `wait` it gates like it: "deploy only once the last restore of this snapshot into
 * orders-restored completed". Finding no restore job fails the lookup, as an unmet gate does.
 *
 * @example
 * ```ts
 * const job = getLatestFlexRestoreJobOutput({
 *   projectId, name: "orders", snapshotId,
 *   require: { status: "COMPLETED", targetDeploymentItemName: "orders-restored" },
 * });
 * ```
 */
export function getLatestFlexRestoreJobOutput(
  args: GetLatestFlexRestoreJobOutputArgs,
  opts?: LookupOutputOptions,
): pulumi.Output<GetFlexRestoreJobResult> {
  return lookupOutput<GetFlexRestoreJobResult>("latestRestoreJob", args, opts);
}

/**
 * Finds the most recent restore job of a flex cluster, as a `Promise`; see
 * {@link getLatestFlexRestoreJobOutput}. As with {@link getFlexRestoreJob}, a `snapshotUrl` is
 * the plain link here.
 *
 * @example
 * ```ts
 * const job = await getLatestFlexRestoreJob({ projectId, name: "orders", snapshotId });
 * ```
 */
export function getLatestFlexRestoreJob(
  args: GetLatestFlexRestoreJobArgs,
  opts?: LookupOptions,
): Promise<GetFlexRestoreJobResult> {
  return lookupPromise<GetFlexRestoreJobResult>("latestRestoreJob", args, opts);
}

/** The arguments of {@link getFlexRestoreJobs}, as plain values; see {@link GetFlexRestoreJobsOutputArgs}. */
export type GetFlexRestoreJobsArgs = Unwrapped<GetFlexRestoreJobsOutputArgs>;

/** The arguments of {@link getFlexRestoreJobsOutput}, as Pulumi inputs. */
export interface GetFlexRestoreJobsOutputArgs {
  /** The project (group) id of the source flex cluster: 24 hexadecimal digits. */
  projectId: pulumi.Input<string>;
  /** The source flex cluster's name. */
  name: pulumi.Input<string>;
  /** @default "2024-11-13" */
  apiVersion?: pulumi.Input<string>;
}

/** A collection of values returned by getFlexRestoreJobs. */
export interface GetFlexRestoreJobsResult {
  /** `<projectId>/<name>`. */
  readonly id: string;
  /** The source flex cluster's name. */
  readonly name: string;
  /** The project id. */
  readonly projectId: string;
  /** Every restore job of the cluster, from every page, in Atlas's order. */
  readonly results: GetFlexRestoreJobsResultItem[];
}

/**
 * Lists every restore job of a flex cluster (reading every page, 500 at a time), as an
 * `Output`, with the names of `@pulumi/mongodbatlas`'s `getFlexRestoreJobs`. The result is a
 * Pulumi secret when any job holds a `snapshotUrl` (a DOWNLOAD job).
 *
 * @example
 * ```ts
 * const all = getFlexRestoreJobsOutput({ projectId, name: "orders" });
 * export const statuses = all.results.apply((jobs) => jobs.map((j) => `${j.restoreJobId}:${j.status}`));
 * ```
 */
export function getFlexRestoreJobsOutput(
  args: GetFlexRestoreJobsOutputArgs,
  opts?: LookupOutputOptions,
): pulumi.Output<GetFlexRestoreJobsResult> {
  return lookupOutput<GetFlexRestoreJobsResult>("restoreJobs", args, opts);
}

/**
 * Lists every restore job of a flex cluster, as a `Promise`; see {@link getFlexRestoreJobsOutput}.
 * As with {@link getFlexRestoreJob}, a `snapshotUrl` is the plain link here.
 *
 * @example
 * ```ts
 * const { results } = await getFlexRestoreJobs({ projectId, name: "orders" });
 * ```
 */
export function getFlexRestoreJobs(
  args: GetFlexRestoreJobsArgs,
  opts?: LookupOptions,
): Promise<GetFlexRestoreJobsResult> {
  return lookupPromise<GetFlexRestoreJobsResult>("restoreJobs", args, opts);
}
