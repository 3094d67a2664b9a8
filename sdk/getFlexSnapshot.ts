/**
 * `getFlexSnapshot` and `getFlexSnapshotOutput`: the functions programs call, with the argument
 * and result names of `@pulumi/mongodbatlas`'s functions of the same name, so that switching is
 * an import change — plus a gate (`require`).
 */
import * as pulumi from "@pulumi/pulumi";
import { FlexSnapshotError } from "../provider/errors";
import { asRunError, quietOutput, readFailureMessage, settle } from "../provider/pulumiInternals";
import { validateLatestArgs, validateListArgs, validateLookupArgs } from "../provider/validation";
import {
  FlexSnapshot,
  FlexSnapshots,
  LatestFlexSnapshot,
  type FlexSnapshotGate,
  type FlexSnapshotWait,
  type SnapshotStatus,
} from "./flexSnapshot";

/** A gate, as plain values; see {@link FlexSnapshotGate}. */
export interface GetFlexSnapshotGate {
  status?: SnapshotStatus | SnapshotStatus[];
  /** e.g. `"24h"` */
  maxAge?: string;
  /** e.g. `"2d"` */
  minRemaining?: string;
}

/** A wait, as plain values; see {@link FlexSnapshotWait}. */
export interface GetFlexSnapshotWait {
  /** e.g. `"30m"` */
  timeout: string;
  /** @default "10s" */
  interval?: string;
  /** @default false */
  enforceInPreview?: boolean;
}

/** The arguments of {@link getFlexSnapshot}, as plain values. */
export interface GetFlexSnapshotArgs {
  /** The project (group) id: 24 hexadecimal digits. */
  projectId: string;
  /** The flex cluster's name. */
  name: string;
  /** The snapshot id: 24 hexadecimal digits. */
  snapshotId: string;
  /** Fail the lookup unless the snapshot meets this gate, e.g. `{ status: "COMPLETED", maxAge: "24h" }`. */
  require?: GetFlexSnapshotGate;
  /** Wait for the snapshot to finish, e.g. `{ timeout: "30m" }`. */
  wait?: GetFlexSnapshotWait;
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

/** Lookups made so far in this program, so that the same lookup is read once. */
const lookups = new Map<string, pulumi.Resource>();
const usedNames = new Set<string>();
let unnamedLookups = 0;

/** Forgets the lookups of this program; for tests that run several programs in one process. */
export function resetLookupCache(): void {
  lookups.clear();
  usedNames.clear();
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
 * validated now, before anything is sent anywhere, and identical lookups share one resource
 * whose name is derived from them (stable across runs); otherwise they are validated once
 * known, by the provider, and the resource is numbered.
 *
 * @param validate - validates plain arguments and returns the parts that name the lookup.
 * @param create - creates the resource.
 */
function sharedLookup<R extends pulumi.Resource>(
  kind: string,
  args: object,
  opts: pulumi.InvokeOutputOptions | undefined,
  validate: (args: object) => string[],
  create: (name: string, opts: pulumi.CustomResourceOptions) => R,
): R {
  const resourceOpts: pulumi.CustomResourceOptions = {
    parent: opts?.parent,
    dependsOn: opts?.dependsOn,
  };
  if (!isPlain(args)) {
    unnamedLookups += 1;
    return create(`${kind}-${unnamedLookups}`, resourceOpts);
  }
  let parts: string[];
  try {
    parts = validate(args);
  } catch (error) {
    // Thrown into the user's program: Pulumi prints it as its message alone.
    throw asRunError(error);
  }
  const key = JSON.stringify([kind, args]);
  const sharable = opts?.parent === undefined && opts?.dependsOn === undefined;
  const existing = sharable ? lookups.get(key) : undefined;
  if (existing) {
    return existing as R;
  }
  let name = parts.join("-").toLowerCase();
  if (!sharable || usedNames.has(name)) {
    unnamedLookups += 1;
    name = `${name}-${unnamedLookups}`;
  }
  usedNames.add(name);
  const resource = create(name, resourceOpts);
  if (sharable) {
    lookups.set(key, resource);
  }
  return resource;
}

/** The name parts of a gate and a wait, so that lookups that differ in them differ in name. */
function gateParts(valid: {
  require?: { status?: string[]; maxAge?: number; minRemaining?: number };
  wait?: { timeout: number };
}): string[] {
  const parts = [...(valid.require?.status ?? [])];
  if (valid.require?.maxAge !== undefined) parts.push(`age${valid.require.maxAge / 1000}s`);
  if (valid.require?.minRemaining !== undefined)
    parts.push(`left${valid.require.minRemaining / 1000}s`);
  if (valid.wait !== undefined) parts.push(`wait${valid.wait.timeout / 1000}s`);
  return parts;
}

function lookupResource(
  args: GetFlexSnapshotOutputArgs,
  opts: pulumi.InvokeOutputOptions | undefined,
): FlexSnapshot {
  return sharedLookup(
    "snapshot",
    args,
    opts,
    (plain) => {
      const valid = validateLookupArgs(plain);
      return [valid.name, valid.snapshotId, ...gateParts(valid)];
    },
    (name, resourceOpts) => new FlexSnapshot(name, args, resourceOpts),
  );
}

/** Collects a lookup's outputs into one result, with `""` for what Atlas did not return. */
function resultOf(
  resource: FlexSnapshot | LatestFlexSnapshot,
): pulumi.Output<GetFlexSnapshotResult> {
  const r = resource;
  // The result's `id` is the snapshot's id (a LatestFlexSnapshot's resource id is not).
  // Every output made here is quieted: see quietOutput.
  const identity = quietOutput(pulumi.all([r.snapshotId, r.name, r.projectId]));
  const details = quietOutput(
    pulumi.all([
      r.expiration,
      r.finishTime,
      r.mongoDbVersion,
      r.scheduledTime,
      r.startTime,
      r.status,
    ]),
  );
  return quietOutput(
    quietOutput(pulumi.all([identity, details])).apply(
      ([
        [snapshotId, name, projectId],
        [expiration, finishTime, mongoDbVersion, scheduledTime, startTime, status],
      ]) => ({
        expiration: expiration ?? "",
        finishTime: finishTime ?? "",
        id: snapshotId,
        mongoDbVersion: mongoDbVersion ?? "",
        name,
        projectId,
        scheduledTime: scheduledTime ?? "",
        snapshotId,
        startTime: startTime ?? "",
        status: status ?? "",
      }),
    ),
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
 * the promise resolves only once the values are known (in preview, when the arguments are). It
 * rejects when the lookup fails: a `ValidationError` for a bad argument, or a
 * `FlexSnapshotError` with the provider's message (an unmet gate, an Atlas error) as its
 * message and Pulumi's error as its `cause`.
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
  return promiseOf(() => getFlexSnapshotOutput(args, { parent: opts?.parent }));
}

/**
 * The Promise form of a lookup: resolves once the output has a known value (so, in preview,
 * only when its inputs are known), and rejects when the lookup fails — at once for invalid
 * arguments, or when the engine's read fails. Either error is marked to print, if the program
 * does not catch it, as Pulumi prints a `RunError`: one line.
 */
function promiseOf<T>(lookup: () => pulumi.Output<T>): Promise<T> {
  let output: pulumi.Output<T>;
  try {
    output = lookup();
  } catch (error) {
    return Promise.reject(asRunError(error));
  }
  return settle(output, (error) =>
    asRunError(new FlexSnapshotError(readFailureMessage(error), { cause: error })),
  );
}

/** The arguments of {@link getLatestFlexSnapshot}, as plain values. */
export interface GetLatestFlexSnapshotArgs {
  /** The project (group) id: 24 hexadecimal digits. */
  projectId: string;
  /** The flex cluster's name. */
  name: string;
  /** Consider only snapshots with this status (or one of these), e.g. `"COMPLETED"`. */
  status?: SnapshotStatus | SnapshotStatus[];
  /** Fail the lookup unless the snapshot meets this gate, e.g. `{ maxAge: "24h" }`. */
  require?: GetFlexSnapshotGate;
  /** Wait for the latest snapshot to finish, e.g. `{ timeout: "30m" }`. */
  wait?: GetFlexSnapshotWait;
  /** @default "2024-11-13" */
  apiVersion?: string;
}

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
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetFlexSnapshotResult> {
  const resource = sharedLookup(
    "latest",
    args,
    opts,
    (plain) => {
      const valid = validateLatestArgs(plain);
      return [valid.name, "latest", ...(valid.status ?? []), ...gateParts(valid)];
    },
    (name, resourceOpts) => new LatestFlexSnapshot(name, args, resourceOpts),
  );
  return resultOf(resource);
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
  opts?: pulumi.InvokeOptions,
): Promise<GetFlexSnapshotResult> {
  return promiseOf(() => getLatestFlexSnapshotOutput(args, { parent: opts?.parent }));
}

/** The arguments of {@link getFlexSnapshots}, as plain values. */
export interface GetFlexSnapshotsArgs {
  /** The project (group) id: 24 hexadecimal digits. */
  projectId: string;
  /** The flex cluster's name. */
  name: string;
  /** @default "2024-11-13" */
  apiVersion?: string;
}

/** The arguments of {@link getFlexSnapshotsOutput}, as Pulumi inputs. */
export interface GetFlexSnapshotsOutputArgs {
  /** The project (group) id: 24 hexadecimal digits. */
  projectId: pulumi.Input<string>;
  /** The flex cluster's name. */
  name: pulumi.Input<string>;
  /** @default "2024-11-13" */
  apiVersion?: pulumi.Input<string>;
}

/** One snapshot in {@link GetFlexSnapshotsResult.results}; absent values are `""`. */
export interface GetFlexSnapshotsResultItem {
  readonly expiration: string;
  readonly finishTime: string;
  readonly id: string;
  readonly mongoDbVersion: string;
  readonly scheduledTime: string;
  readonly snapshotId: string;
  readonly startTime: string;
  readonly status: SnapshotStatus;
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
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetFlexSnapshotsResult> {
  const resource = sharedLookup(
    "list",
    args,
    opts,
    (plain) => {
      const valid = validateListArgs(plain);
      return [valid.name, "snapshots"];
    },
    (name, resourceOpts) => new FlexSnapshots(name, args, resourceOpts),
  );
  const all = quietOutput(
    pulumi.all([resource.id, resource.name, resource.projectId, resource.results]),
  );
  return quietOutput(
    all.apply(([id, name, projectId, results]) => ({
      id,
      name,
      projectId,
      results: (results ?? []).map((item) => ({
        expiration: item.expiration ?? "",
        finishTime: item.finishTime ?? "",
        id: item.id ?? "",
        mongoDbVersion: item.mongoDbVersion ?? "",
        scheduledTime: item.scheduledTime ?? "",
        snapshotId: item.snapshotId ?? "",
        startTime: item.startTime ?? "",
        status: item.status ?? "",
      })),
    })),
  );
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
  opts?: pulumi.InvokeOptions,
): Promise<GetFlexSnapshotsResult> {
  return promiseOf(() => getFlexSnapshotsOutput(args, { parent: opts?.parent }));
}
