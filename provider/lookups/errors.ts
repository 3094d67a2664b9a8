/**
 * The errors of the lookups, in the package's one hierarchy (`../atlas/errors.ts`, whose base
 * they extend): a gate that was not met, and a wait that ran out of time.
 */
import { FlexSnapshotError } from "../atlas/errors";
import type { FlexBackupSnapshot } from "../atlas/schema";

/**
 * A gate (`require`) was not met by the snapshot or the restore job, or a latest lookup found no
 * snapshot to gate. The message names what fell short and each reason.
 */
export class GateError extends FlexSnapshotError {
  override name = "GateError";
  constructor(
    message: string,
    /**
     * The snapshot that fell short, for a snapshot gate; `undefined` when a latest lookup found
     * none, and for a restore job, which is not kept (its `snapshotUrl` is a secret).
     */
    readonly snapshot?: FlexBackupSnapshot,
    /** Each way it fell short; empty when there was no snapshot. */
    readonly reasons: readonly string[] = [],
    /** Warnings of the lookup that fell short, such as a status Atlas has not been seen to return. */
    readonly warnings: readonly string[] = [],
  ) {
    super(message);
  }
}

/** Waiting for a snapshot or a restore job to finish ran out of time. */
export class WaitTimeoutError extends FlexSnapshotError {
  override name = "WaitTimeoutError";
  constructor(
    message: string,
    /** The last status seen. */
    readonly lastStatus: string | undefined,
    /** How long the wait lasted. @unit milliseconds */
    readonly waitedMs: number,
    /**
     * The ids of the record as last seen, so that a report can name what it waited for: the
     * snapshot's or restore job's `id`, and the snapshot a restore job restores. Never a secret
     * field (a restore job's `snapshotUrl` is not kept).
     */
    readonly lastSeen: { readonly id?: string; readonly snapshotId?: string } = {},
  ) {
    super(message);
  }
}
