/**
 * `getFlexSnapshot` and `getFlexSnapshotOutput`: the functions programs call, with the argument
 * and result names of `@pulumi/mongodbatlas`'s functions of the same name, so that switching is
 * an import change — plus a gate (`require`).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { SnapshotStatus, SnapshotValues } from "../../provider/models/snapshotModel";
import type { FlexSnapshotGate, FlexSnapshotWait } from "./flexSnapshot";
import type { LookupOptions, LookupOutputOptions, Unwrapped } from "./lookupResource";
import { lookupOutput, lookupPromise } from "./programLookup";

/** A gate, as plain values; see {@link FlexSnapshotGate}. */
export type GetFlexSnapshotGate = Unwrapped<FlexSnapshotGate>;

/** A wait, as plain values; see {@link FlexSnapshotWait}. */
export type GetFlexSnapshotWait = Unwrapped<FlexSnapshotWait>;

/** The arguments of {@link getFlexSnapshot}, as plain values; see {@link GetFlexSnapshotOutputArgs}. */
export type GetFlexSnapshotArgs = Unwrapped<GetFlexSnapshotOutputArgs>;

/** The arguments of {@link getFlexSnapshotOutput}, as Pulumi inputs. */
export interface GetFlexSnapshotOutputArgs {
  /** The project (group) id: 24 hexadecimal digits. */
  projectId: pulumi.Input<string>;
  /** The flex cluster's name. */
  name: pulumi.Input<string>;
  /** The snapshot id: 24 hexadecimal digits. */
  snapshotId: pulumi.Input<string>;
  /** Fail the lookup unless the snapshot meets this gate, e.g. `{ status: "COMPLETED", maxAge: "24h" }`. */
  require?: pulumi.Input<FlexSnapshotGate>;
  /** Wait for the snapshot to finish, e.g. `{ timeout: "30m" }`. */
  wait?: pulumi.Input<FlexSnapshotWait>;
  /**
   * The Atlas API version to request.
   * @default "2024-11-13"
   */
  apiVersion?: pulumi.Input<string>;
}

/**
 * One snapshot in an SDK result: every field of the snapshot model (`SNAPSHOT_FIELDS`, where each
 * field's doc line is), `""` for a value Atlas did not return.
 */
export type GetFlexSnapshotsResultItem = SnapshotValues;

/**
 * A collection of values returned by getFlexSnapshot: the snapshot's fields (see
 * {@link GetFlexSnapshotsResultItem}; `id` is the snapshot id) and the cluster. A timestamp Atlas
 * did not return (such as `finishTime` of a snapshot still running) is the empty string, as in
 * `@pulumi/mongodbatlas`.
 */
export interface GetFlexSnapshotResult extends GetFlexSnapshotsResultItem {
  /** The flex cluster's name. */
  readonly name: string;
  /** The project id. */
  readonly projectId: string;
}

/**
 * Reads one snapshot of a flex cluster, as an `Output`. The read happens in `pulumi preview`
 * and in `pulumi up`; with `require`, it fails unless the snapshot meets the gate, and so does
 * every resource that depends on the result.
 *
 * @example
 * ```ts
 * const snap = getFlexSnapshotOutput({ projectId, name: "orders", snapshotId, require: { status: "COMPLETED" } });
 * export const status = snap.status;
 * ```
 */
export function getFlexSnapshotOutput(
  args: GetFlexSnapshotOutputArgs,
  opts?: LookupOutputOptions,
): pulumi.Output<GetFlexSnapshotResult> {
  return lookupOutput<GetFlexSnapshotResult>("snapshot", args, opts);
}

/**
 * Reads one snapshot of a flex cluster, as a `Promise`. Like {@link getFlexSnapshotOutput}, but
 * the promise resolves only once the values are known (in preview, when the arguments are). It
 * rejects with the lookup's own error, a `FlexSnapshotError` subclass: `ValidationError` for a
 * bad argument, `GateError` for an unmet gate, an `AtlasApiError` for an Atlas error.
 *
 * @example
 * ```ts
 * const snap = await getFlexSnapshot({ projectId, name: "orders", snapshotId });
 * ```
 */
export function getFlexSnapshot(
  args: GetFlexSnapshotArgs,
  opts?: LookupOptions,
): Promise<GetFlexSnapshotResult> {
  return lookupPromise<GetFlexSnapshotResult>("snapshot", args, opts);
}

/**
 * The arguments of {@link getLatestFlexSnapshot}, as plain values; see
 * {@link GetLatestFlexSnapshotOutputArgs}.
 */
export type GetLatestFlexSnapshotArgs = Unwrapped<GetLatestFlexSnapshotOutputArgs>;

/** The arguments of {@link getLatestFlexSnapshotOutput}, as Pulumi inputs. */
export interface GetLatestFlexSnapshotOutputArgs {
  /** The project (group) id: 24 hexadecimal digits. */
  projectId: pulumi.Input<string>;
  /** The flex cluster's name. */
  name: pulumi.Input<string>;
  /** Consider only snapshots with this status (or one of these), e.g. `"COMPLETED"`. */
  status?: pulumi.Input<SnapshotStatus | SnapshotStatus[]>;
  /** Fail the lookup unless the snapshot meets this gate, e.g. `{ maxAge: "24h" }`. */
  require?: pulumi.Input<FlexSnapshotGate>;
  /** Wait for the latest snapshot to finish, e.g. `{ timeout: "30m" }`. */
  wait?: pulumi.Input<FlexSnapshotWait>;
  /** @default "2024-11-13" */
  apiVersion?: pulumi.Input<string>;
}

/**
 * Finds the most recent snapshot of a flex cluster (optionally only among a status), as an
 * `Output` with the same result as {@link getFlexSnapshotOutput}. With `require` and `wait` it
 * gates like it: "deploy only if last night's snapshot completed and is under 24 h old".
 *
 * @example
 * ```ts
 * const last = getLatestFlexSnapshotOutput({ projectId, name: "orders", require: { status: "COMPLETED", maxAge: "24h" } });
 * ```
 */
export function getLatestFlexSnapshotOutput(
  args: GetLatestFlexSnapshotOutputArgs,
  opts?: LookupOutputOptions,
): pulumi.Output<GetFlexSnapshotResult> {
  return lookupOutput<GetFlexSnapshotResult>("latest", args, opts);
}

/**
 * Finds the most recent snapshot of a flex cluster, as a `Promise`; see
 * {@link getLatestFlexSnapshotOutput}.
 *
 * @example
 * ```ts
 * const last = await getLatestFlexSnapshot({ projectId, name: "orders", status: "COMPLETED" });
 * ```
 */
export function getLatestFlexSnapshot(
  args: GetLatestFlexSnapshotArgs,
  opts?: LookupOptions,
): Promise<GetFlexSnapshotResult> {
  return lookupPromise<GetFlexSnapshotResult>("latest", args, opts);
}

/** The arguments of {@link getFlexSnapshots}, as plain values; see {@link GetFlexSnapshotsOutputArgs}. */
export type GetFlexSnapshotsArgs = Unwrapped<GetFlexSnapshotsOutputArgs>;

/** The arguments of {@link getFlexSnapshotsOutput}, as Pulumi inputs. */
export interface GetFlexSnapshotsOutputArgs {
  /** The project (group) id: 24 hexadecimal digits. */
  projectId: pulumi.Input<string>;
  /** The flex cluster's name. */
  name: pulumi.Input<string>;
  /** @default "2024-11-13" */
  apiVersion?: pulumi.Input<string>;
}

/** A collection of values returned by getFlexSnapshots. */
export interface GetFlexSnapshotsResult {
  /** `<projectId>/<name>`. */
  readonly id: string;
  readonly name: string;
  readonly projectId: string;
  /** Every snapshot of the cluster, from every page. */
  readonly results: GetFlexSnapshotsResultItem[];
}

/**
 * Lists every snapshot of a flex cluster (reading every page, 500 at a time), as an `Output`,
 * with the names of `@pulumi/mongodbatlas`'s `getFlexSnapshots`.
 *
 * @example
 * ```ts
 * const all = getFlexSnapshotsOutput({ projectId, name: "orders" });
 * export const ids = all.results.apply((results) => results.map((s) => s.snapshotId));
 * ```
 */
export function getFlexSnapshotsOutput(
  args: GetFlexSnapshotsOutputArgs,
  opts?: LookupOutputOptions,
): pulumi.Output<GetFlexSnapshotsResult> {
  return lookupOutput<GetFlexSnapshotsResult>("list", args, opts);
}

/**
 * Lists every snapshot of a flex cluster, as a `Promise`; see {@link getFlexSnapshotsOutput}.
 *
 * @example
 * ```ts
 * const { results } = await getFlexSnapshots({ projectId, name: "orders" });
 * ```
 */
export function getFlexSnapshots(
  args: GetFlexSnapshotsArgs,
  opts?: LookupOptions,
): Promise<GetFlexSnapshotsResult> {
  return lookupPromise<GetFlexSnapshotsResult>("list", args, opts);
}
