/**
 * `getFlexSnapshot` and `getFlexSnapshotOutput`: the functions programs call, with the argument
 * and result names of `@pulumi/mongodbatlas`'s functions of the same name, so that switching is
 * an import change — plus a gate (`require`).
 */
import * as pulumi from "@pulumi/pulumi";
import { validateLookupArgs } from "../provider/validation";
import { FlexSnapshot, type FlexSnapshotGate, type SnapshotStatus } from "./flexSnapshot";

/** The arguments of {@link getFlexSnapshot}, as plain values. */
export interface GetFlexSnapshotArgs {
  /** The project (group) id: 24 hexadecimal digits. */
  projectId: string;
  /** The flex cluster's name. */
  name: string;
  /** The snapshot id: 24 hexadecimal digits. */
  snapshotId: string;
  /** Fail the lookup unless the snapshot meets this gate, e.g. `{ status: "COMPLETED" }`. */
  require?: { status?: SnapshotStatus | SnapshotStatus[] };
  /**
   * The Atlas API version to request.
   * @default "2024-11-13"
   */
  apiVersion?: string;
}

/** The arguments of {@link getFlexSnapshotOutput}, as Pulumi inputs. */
export interface GetFlexSnapshotOutputArgs {
  /** The project (group) id: 24 hexadecimal digits. */
  projectId: pulumi.Input<string>;
  /** The flex cluster's name. */
  name: pulumi.Input<string>;
  /** The snapshot id: 24 hexadecimal digits. */
  snapshotId: pulumi.Input<string>;
  /** Fail the lookup unless the snapshot meets this gate, e.g. `{ status: "COMPLETED" }`. */
  require?: pulumi.Input<FlexSnapshotGate>;
  /**
   * The Atlas API version to request.
   * @default "2024-11-13"
   */
  apiVersion?: pulumi.Input<string>;
}

/**
 * A collection of values returned by getFlexSnapshot. A timestamp Atlas did not return (such as
 * `finishTime` of a snapshot still running) is the empty string, as in `@pulumi/mongodbatlas`.
 */
export interface GetFlexSnapshotResult {
  /** When the snapshot's download link stops working (ISO 8601, UTC). */
  readonly expiration: string;
  /** When Atlas finished writing the snapshot (ISO 8601, UTC). */
  readonly finishTime: string;
  /** The snapshot's id, as Atlas returned it. */
  readonly id: string;
  /** The MongoDB version of the snapshot. */
  readonly mongoDbVersion: string;
  /** The flex cluster's name. */
  readonly name: string;
  /** The project id. */
  readonly projectId: string;
  /** When Atlas will take, or took, the snapshot (ISO 8601, UTC). */
  readonly scheduledTime: string;
  /** The snapshot id. */
  readonly snapshotId: string;
  /** When Atlas began taking the snapshot (ISO 8601, UTC). */
  readonly startTime: string;
  /** The snapshot's status: PENDING, QUEUED, RUNNING, FAILED or COMPLETED (or a newer one). */
  readonly status: SnapshotStatus;
}

/** Lookups made so far in this program, so that the same snapshot is read once. */
const lookups = new Map<string, FlexSnapshot>();
let unnamedLookups = 0;

/** Forgets the lookups of this program; for tests that run several programs in one process. */
export function resetLookupCache(): void {
  lookups.clear();
  unnamedLookups = 0;
}

function isPlain(value: unknown): boolean {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) {
    return false;
  }
  if (Array.isArray(value)) {
    return value.every(isPlain);
  }
  if (value !== null && typeof value === "object") {
    return Object.values(value).every(isPlain);
  }
  return true;
}

/**
 * Returns the shared lookup resource for `args`. When every argument is a plain value they are
 * validated now (before anything is sent anywhere) and identical lookups share one resource;
 * otherwise they are validated once known, by the provider.
 */
function lookupResource(
  args: GetFlexSnapshotOutputArgs,
  opts: pulumi.InvokeOutputOptions | undefined,
): FlexSnapshot {
  const resourceOpts: pulumi.CustomResourceOptions = {
    parent: opts?.parent,
    dependsOn: opts?.dependsOn,
  };
  if (!isPlain(args)) {
    unnamedLookups += 1;
    return new FlexSnapshot(`flex-snapshot-${unnamedLookups}`, args, resourceOpts);
  }
  const valid = validateLookupArgs(args);
  const sharable = opts?.parent === undefined && opts?.dependsOn === undefined;
  const key = JSON.stringify([
    valid.projectId,
    valid.name,
    valid.snapshotId,
    valid.require?.status ?? null,
    valid.apiVersion ?? null,
  ]);
  const existing = sharable ? lookups.get(key) : undefined;
  if (existing) {
    return existing;
  }
  // The resource name is derived from the snapshot (and gate), so that it is stable across runs.
  const gate = valid.require?.status ? `-${valid.require.status.join("-").toLowerCase()}` : "";
  let name = `${valid.name}-${valid.snapshotId}${gate}`;
  if (!sharable || lookups.has(key)) {
    unnamedLookups += 1;
    name = `${name}-${unnamedLookups}`;
  }
  const resource = new FlexSnapshot(name, args, resourceOpts);
  if (sharable) {
    lookups.set(key, resource);
  }
  return resource;
}

/** Collects a lookup's outputs into one result, with `""` for what Atlas did not return. */
function resultOf(resource: FlexSnapshot): pulumi.Output<GetFlexSnapshotResult> {
  const r = resource;
  const identity = pulumi.all([r.id, r.name, r.projectId, r.snapshotId]);
  const details = pulumi.all([
    r.expiration,
    r.finishTime,
    r.mongoDbVersion,
    r.scheduledTime,
    r.startTime,
    r.status,
  ]);
  return pulumi
    .all([identity, details])
    .apply(
      ([
        [id, name, projectId, snapshotId],
        [expiration, finishTime, mongoDbVersion, scheduledTime, startTime, status],
      ]) => ({
        expiration: expiration ?? "",
        finishTime: finishTime ?? "",
        id,
        mongoDbVersion: mongoDbVersion ?? "",
        name,
        projectId,
        scheduledTime: scheduledTime ?? "",
        snapshotId,
        startTime: startTime ?? "",
        status: status ?? "",
      }),
    );
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
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetFlexSnapshotResult> {
  return resultOf(lookupResource(args, opts));
}

/**
 * Reads one snapshot of a flex cluster, as a `Promise`. Like {@link getFlexSnapshotOutput}, but
 * the promise settles only once the values are known (in preview, when the arguments are).
 *
 * @example
 * ```ts
 * const snap = await getFlexSnapshot({ projectId, name: "orders", snapshotId });
 * ```
 */
export function getFlexSnapshot(
  args: GetFlexSnapshotArgs,
  opts?: pulumi.InvokeOptions,
): Promise<GetFlexSnapshotResult> {
  const result = getFlexSnapshotOutput(args, { parent: opts?.parent });
  return new Promise((resolve) => {
    result.apply((value) => {
      resolve(value);
      return value;
    });
  });
}
