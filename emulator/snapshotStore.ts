import { ClusterRegistry, RecordStore, type StoreTimeline } from "./recordStore";
import { atlasTimestamp, isFinalStatus, SNAPSHOT_RETENTION_MS } from "./seed";
import type { FlexSnapshotRecord } from "./types";

/**
 * How a snapshot moves: `scheduledTime` once it is in the pipeline, `startTime` from RUNNING on,
 * `finishTime` for FAILED and COMPLETED, and `expiration` (8 days on) for COMPLETED.
 */
const snapshotTimeline: StoreTimeline<FlexSnapshotRecord> = {
  noun: "snapshot",
  begin(snapshot, from, start, stamp) {
    // Same rule as setStatus: a snapshot that is somewhere in the pipeline has been scheduled.
    snapshot.scheduledTime ??= stamp;
    if (from !== undefined) {
      // A restart: the times of the statuses after `from` belong to the run being replaced.
      delete snapshot.finishTime;
      delete snapshot.expiration;
      if (from === "RUNNING") {
        snapshot.startTime = stamp;
      } else {
        delete snapshot.startTime;
      }
    } else if (start === "RUNNING") {
      snapshot.startTime ??= stamp;
    }
  },
  step(snapshot, status, at) {
    snapshot.status = status;
    const stamp = atlasTimestamp(at);
    if (status === "RUNNING") {
      snapshot.startTime = stamp;
    }
    if (isFinalStatus(status)) {
      snapshot.finishTime = stamp;
    }
    if (status === "COMPLETED") {
      snapshot.expiration = atlasTimestamp(at + SNAPSHOT_RETENTION_MS);
    }
  },
  set(snapshot, status, now) {
    const stamp = atlasTimestamp(now);
    snapshot.status = status;
    snapshot.scheduledTime ??= stamp;
    if (status === "RUNNING" || isFinalStatus(status)) {
      snapshot.startTime ??= stamp;
    }
    if (isFinalStatus(status)) {
      snapshot.finishTime ??= stamp;
    }
    if (status === "COMPLETED") {
      snapshot.expiration ??= atlasTimestamp(
        Date.parse(snapshot.finishTime ?? stamp) + SNAPSHOT_RETENTION_MS,
      );
    }
  },
  scheduledAt: (snapshot) => Date.parse(snapshot.scheduledTime ?? ""),
};

/**
 * The emulator's snapshots: projects, their flex clusters and each cluster's snapshots.
 */
export class SnapshotStore extends RecordStore<FlexSnapshotRecord> {
  /**
   * @param now - the emulator's clock, in epoch milliseconds
   * @param clusters - the clusters shared with the other kinds (a new registry by default)
   */
  constructor(now: () => number, clusters: ClusterRegistry = new ClusterRegistry()) {
    super(now, snapshotTimeline, clusters);
  }
}
