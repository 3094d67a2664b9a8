import { ClusterRegistry, RecordStore, type StoreTimeline } from "./recordStore";
import { atlasTimestamp, demoSnapshotUrl, DOWNLOAD_LINK_LIFETIME_MS, isFinalStatus } from "./seed";
import type { FlexRestoreJobRecord } from "./types";

/**
 * How a restore job moves: `restoreScheduledDate` once it is in the pipeline,
 * `restoreFinishedDate` when it ends, and for a DOWNLOAD job that completes, its `snapshotUrl`
 * and an `expirationDate` four hours on (the link is handed out only once there is data).
 */
const restoreJobTimeline: StoreTimeline<FlexRestoreJobRecord> = {
  noun: "restore job",
  begin(job, from, _start, stamp) {
    job.restoreScheduledDate ??= stamp;
    if (from !== undefined) {
      // A restart: what the job's end recorded belongs to the run being replaced.
      delete job.restoreFinishedDate;
      delete job.expirationDate;
      delete job.snapshotUrl;
    }
  },
  step(job, status, at) {
    job.status = status;
    if (isFinalStatus(status)) {
      job.restoreFinishedDate = atlasTimestamp(at);
    }
    if (status === "COMPLETED" && job.deliveryType === "DOWNLOAD") {
      job.snapshotUrl = demoSnapshotUrl(job.id);
      job.expirationDate = atlasTimestamp(at + DOWNLOAD_LINK_LIFETIME_MS);
    }
  },
  set(job, status, now) {
    const stamp = atlasTimestamp(now);
    job.status = status;
    job.restoreScheduledDate ??= stamp;
    if (isFinalStatus(status)) {
      job.restoreFinishedDate ??= stamp;
    }
    if (status === "COMPLETED" && job.deliveryType === "DOWNLOAD") {
      job.snapshotUrl ??= demoSnapshotUrl(job.id);
      job.expirationDate ??= atlasTimestamp(
        Date.parse(job.restoreFinishedDate ?? stamp) + DOWNLOAD_LINK_LIFETIME_MS,
      );
    }
  },
  scheduledAt: (job) => Date.parse(job.restoreScheduledDate ?? ""),
};

/**
 * The emulator's restore jobs, per project and flex cluster, sharing the cluster registry with
 * the snapshots.
 */
export class RestoreJobStore extends RecordStore<FlexRestoreJobRecord> {
  /**
   * @param now - the emulator's clock, in epoch milliseconds
   * @param clusters - the clusters shared with the snapshots
   */
  constructor(now: () => number, clusters: ClusterRegistry) {
    super(now, restoreJobTimeline, clusters);
  }
}
