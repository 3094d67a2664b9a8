/** `FlexSnapshot`: a Pulumi dynamic resource that reads one Atlas flex cluster snapshot by id. */
import * as pulumi from "@pulumi/pulumi";
import { providerShim } from "./providerShim";

/** A snapshot status: one of the spec's, or a status a future Atlas adds (kept as is). */
export type SnapshotStatus =
  "PENDING" | "QUEUED" | "RUNNING" | "FAILED" | "COMPLETED" | (string & {});

/**
 * Conditions the snapshot must meet; the lookup fails (in preview and in up) when it does not,
 * so resources that depend on it are never touched.
 */
export interface FlexSnapshotGate {
  /** The status, or one of the statuses, the snapshot must have. */
  readonly status?: pulumi.Input<SnapshotStatus | SnapshotStatus[]>;
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
  /**
   * The Atlas API version to request.
   * @default "2024-11-13"
   */
  readonly apiVersion?: pulumi.Input<string>;
}

/**
 * One snapshot of a flex cluster, read from Atlas on every `pulumi preview` and `pulumi up`.
 * It never creates or deletes anything in Atlas; the resource id is the snapshot id.
 *
 * @example
 * ```ts
 * const snap = new FlexSnapshot("nightly", { projectId, name: "orders", snapshotId, require: { status: "COMPLETED" } });
 * export const status = snap.status;
 * ```
 */
export class FlexSnapshot extends pulumi.dynamic.Resource {
  /** The project id, as given. */
  declare readonly projectId: pulumi.Output<string>;
  /** The flex cluster's name, as given. */
  declare readonly name: pulumi.Output<string>;
  /** The snapshot id, as given. */
  declare readonly snapshotId: pulumi.Output<string>;
  /** When the snapshot's download link stops working (ISO 8601, UTC). */
  declare readonly expiration: pulumi.Output<string | undefined>;
  /** When Atlas finished writing the snapshot (ISO 8601, UTC). */
  declare readonly finishTime: pulumi.Output<string | undefined>;
  /** The MongoDB version of the snapshot (Atlas's `mongoDBVersion`). */
  declare readonly mongoDbVersion: pulumi.Output<string | undefined>;
  /** When Atlas will take, or took, the snapshot (ISO 8601, UTC). */
  declare readonly scheduledTime: pulumi.Output<string | undefined>;
  /** When Atlas began taking the snapshot (ISO 8601, UTC). */
  declare readonly startTime: pulumi.Output<string | undefined>;
  /** The snapshot's status: PENDING, QUEUED, RUNNING, FAILED, COMPLETED (or a newer one). */
  declare readonly status: pulumi.Output<SnapshotStatus | undefined>;
  /** Warnings raised by the lookup; also logged through Pulumi. */
  declare readonly warnings: pulumi.Output<string[]>;

  /**
   * @param name - the Pulumi resource name.
   * @param args - which snapshot, and the gate.
   * @param opts - resource options; `id` defaults to `args.snapshotId`.
   */
  constructor(name: string, args: FlexSnapshotArgs, opts: pulumi.CustomResourceOptions = {}) {
    const props = {
      ...args,
      expiration: undefined,
      finishTime: undefined,
      mongoDbVersion: undefined,
      scheduledTime: undefined,
      startTime: undefined,
      status: undefined,
      warnings: undefined,
    };
    super(
      providerShim,
      name,
      props,
      { ...opts, id: opts.id ?? args.snapshotId },
      "atlas",
      "FlexSnapshot",
    );
    this.warnings.apply((warnings) => {
      for (const warning of warnings ?? []) {
        void pulumi.log.warn(warning, this);
      }
    });
  }
}
