/**
 * The dynamic resources behind the lookups: `FlexSnapshot` (one snapshot by id),
 * `LatestFlexSnapshot` (the most recent one) and `FlexSnapshots` (all of them). Each is read
 * from Atlas on every `pulumi preview` and `pulumi up`, and none creates or deletes anything.
 */
import * as pulumi from "@pulumi/pulumi";
import type { SnapshotOutputs } from "../../provider/pulumi/stateOutputs";
import {
  SNAPSHOT_FIELD_NAMES,
  type SnapshotFieldName,
  type SnapshotStatus,
  type SnapshotValues,
} from "../../provider/models/snapshotModel";
import { AtlasLookup, type LookupResourceOptions, type Same } from "./lookupResource";

export type { SnapshotOutputs, SnapshotStatus };

/**
 * Conditions the snapshot must meet; the lookup fails (in preview and in up) when it does not,
 * so resources that depend on it are never touched. Durations are strings such as `"90s"`,
 * `"15m"`, `"24h"` or `"7d"`.
 */
export interface FlexSnapshotGate {
  /**
   * The status, or one of the statuses (up to 16), the snapshot must have. Any upper-case word
   * is accepted; one Atlas has not been seen to return draws a warning.
   */
  readonly status?: pulumi.Input<SnapshotStatus | SnapshotStatus[]>;
  /** The snapshot must have finished (`finishTime`) no longer ago than this, e.g. `"24h"` (1s–366d). */
  readonly maxAge?: pulumi.Input<string>;
  /** The snapshot's `expiration` must be at least this far away, e.g. `"2d"` (1s–366d). */
  readonly minRemaining?: pulumi.Input<string>;
}

/**
 * Waiting for the snapshot: poll until it is COMPLETED or FAILED (FAILED fails at once), for at
 * most `timeout`. While waiting, the gate's status defaults to COMPLETED.
 */
export interface FlexSnapshotWait {
  /** How long to wait at most, e.g. `"30m"` (1s–1d). */
  readonly timeout: pulumi.Input<string>;
  /**
   * The first interval between polls (at least 1s, at most `timeout`); later ones back off by
   * half each up to a minute.
   * @default "10s"
   */
  readonly interval?: pulumi.Input<string>;
  /**
   * Also wait, and enforce the gate, in `pulumi preview`. By default preview reports the current
   * status without waiting, and warns when the gate is not met yet.
   * @default false
   */
  readonly enforceInPreview?: pulumi.Input<boolean>;
}

/** The arguments of a {@link FlexSnapshot}. */
export interface FlexSnapshotArgs {
  /** The project (group) id: 24 hexadecimal digits. */
  readonly projectId: pulumi.Input<string>;
  /** The flex cluster's name. */
  readonly name: pulumi.Input<string>;
  /** The snapshot id: 24 hexadecimal digits. */
  readonly snapshotId: pulumi.Input<string>;
  /** The gate; see {@link FlexSnapshotGate}. */
  readonly require?: pulumi.Input<FlexSnapshotGate>;
  /** Wait for the snapshot to finish; see {@link FlexSnapshotWait}. */
  readonly wait?: pulumi.Input<FlexSnapshotWait>;
  /**
   * The Atlas API version to request.
   * @default "2024-11-13"
   */
  readonly apiVersion?: pulumi.Input<string>;
}

/**
 * The snapshot fields a one-snapshot lookup reads, as outputs: all of the model's but `id` (to
 * Pulumi, a resource's own id) and `snapshotId` (a `FlexSnapshot`'s input; a
 * `LatestFlexSnapshot` adds it).
 */
export const SNAPSHOT_OUTPUTS = SNAPSHOT_FIELD_NAMES.filter(
  (name): name is SnapshotOutputName => name !== "id" && name !== "snapshotId",
);

/** The result name of a field in {@link SNAPSHOT_OUTPUTS}. */
type SnapshotOutputName = Exclude<SnapshotFieldName, "id" | "snapshotId">;

/** What a lookup of one snapshot (by id, or the latest) returns. */
abstract class SnapshotLookup extends AtlasLookup {
  // Pulumi fills a resource's outputs into its own properties, so they are declared here one by
  // one (a class cannot declare mapped members); `_declaredOutputsMatchModel` below checks them
  // against the snapshot model. The doc lines are the model's.
  /** The snapshot id: 24 hexadecimal digits. */
  declare readonly snapshotId: pulumi.Output<string>;
  /** The snapshot's status: PENDING, QUEUED, RUNNING, FAILED, COMPLETED (or a newer one). */
  declare readonly status: pulumi.Output<SnapshotStatus | undefined>;
  /** The MongoDB version of the snapshot (Atlas's `mongoDBVersion`). */
  declare readonly mongoDbVersion: pulumi.Output<string | undefined>;
  /** When Atlas will take, or took, the snapshot (ISO 8601, UTC). */
  declare readonly scheduledTime: pulumi.Output<string | undefined>;
  /** When Atlas began taking the snapshot (ISO 8601, UTC). */
  declare readonly startTime: pulumi.Output<string | undefined>;
  /** When Atlas finished writing the snapshot (ISO 8601, UTC). */
  declare readonly finishTime: pulumi.Output<string | undefined>;
  /** When the snapshot's download link stops working (ISO 8601, UTC). */
  declare readonly expiration: pulumi.Output<string | undefined>;
}

/**
 * The declared outputs of {@link SnapshotLookup} are exactly the model's fields (but `id`), with
 * the model's types: this fails to compile when a field is added to, renamed in or retyped in
 * the model and not here, or declared here and not in the model.
 */
const _declaredOutputsMatchModel: Same<
  Pick<SnapshotLookup, Exclude<keyof SnapshotLookup, keyof AtlasLookup>>,
  {
    readonly [K in SnapshotOutputName | "snapshotId"]: K extends "snapshotId"
      ? pulumi.Output<string>
      : pulumi.Output<SnapshotValues[K] | undefined>;
  }
> = true;

/**
 * One snapshot of a flex cluster, read from Atlas on every `pulumi preview` and `pulumi up`.
 * It never creates or deletes anything in Atlas; the resource id is the snapshot id.
 *
 * @example
 * ```ts
 * const snap = new FlexSnapshot("nightly", { projectId, name: "orders", snapshotId, require: { status: "COMPLETED" } });
 * new Restore("restore", { ... }, { dependsOn: [snap] });
 * ```
 */
export class FlexSnapshot extends SnapshotLookup {
  /**
   * @param name - the Pulumi resource name.
   * @param args - which snapshot, the gate and the wait.
   * @param opts - resource options; `id` defaults to `args.snapshotId`.
   */
  constructor(name: string, args: FlexSnapshotArgs, opts: LookupResourceOptions = {}) {
    const id = opts.id ?? args.snapshotId;
    super("snapshot", "FlexSnapshot", name, args, SNAPSHOT_OUTPUTS, { ...opts, id });
  }
}

/** The arguments of a {@link LatestFlexSnapshot}. */
export interface LatestFlexSnapshotArgs {
  /** The project (group) id: 24 hexadecimal digits. */
  readonly projectId: pulumi.Input<string>;
  /** The flex cluster's name. */
  readonly name: pulumi.Input<string>;
  /** Consider only snapshots with this status (or one of these). */
  readonly status?: pulumi.Input<SnapshotStatus | SnapshotStatus[]>;
  /** The gate; see {@link FlexSnapshotGate}. */
  readonly require?: pulumi.Input<FlexSnapshotGate>;
  /** Wait for the latest snapshot to finish; see {@link FlexSnapshotWait}. */
  readonly wait?: pulumi.Input<FlexSnapshotWait>;
  /**
   * The Atlas API version to request.
   * @default "2024-11-13"
   */
  readonly apiVersion?: pulumi.Input<string>;
}

/**
 * The most recent snapshot of a flex cluster (optionally among a status), read on every
 * preview and up, so a stack can gate on "last night's snapshot" without knowing its id.
 */
export class LatestFlexSnapshot extends SnapshotLookup {
  /**
   * @param name - the Pulumi resource name.
   * @param args - which cluster, which statuses, the gate and the wait.
   * @param opts - resource options; the id is `<projectId>/<name>/latest`.
   */
  constructor(name: string, args: LatestFlexSnapshotArgs, opts: LookupResourceOptions = {}) {
    const { status, ...rest } = args;
    // `status` names an output; the filter travels as `statusFilter`.
    const inputs = { ...rest, statusFilter: status };
    const id = opts.id ?? pulumi.interpolate`${args.projectId}/${args.name}/latest`;
    super("latest", "LatestFlexSnapshot", name, inputs, ["snapshotId", ...SNAPSHOT_OUTPUTS], {
      ...opts,
      id,
    });
  }
}

/** The arguments of {@link FlexSnapshots}. */
export interface FlexSnapshotsArgs {
  /** The project (group) id: 24 hexadecimal digits. */
  readonly projectId: pulumi.Input<string>;
  /** The flex cluster's name. */
  readonly name: pulumi.Input<string>;
  /**
   * The Atlas API version to request.
   * @default "2024-11-13"
   */
  readonly apiVersion?: pulumi.Input<string>;
}

/** Every snapshot of a flex cluster (every page), read on every preview and up. */
export class FlexSnapshots extends AtlasLookup {
  /** The snapshots, in Atlas's order; a field Atlas did not return is absent. */
  declare readonly results: pulumi.Output<SnapshotOutputs[]>;

  /**
   * @param name - the Pulumi resource name.
   * @param args - which cluster.
   * @param opts - resource options; the id is `<projectId>/<name>`.
   */
  constructor(name: string, args: FlexSnapshotsArgs, opts: LookupResourceOptions = {}) {
    const id = opts.id ?? pulumi.interpolate`${args.projectId}/${args.name}`;
    super("list", "FlexSnapshots", name, args, ["results"], { ...opts, id });
  }
}
