import { advanceProgress, startProgress, type ActiveProgress } from "./progress";
import { atlasTimestamp, SNAPSHOT_RETENTION_MS } from "./seed";
import type { FlexSnapshotRecord, ProgressSchedule } from "./types";

/**
 * What a lookup found: the snapshot, or the first level that is missing.
 */
export type SnapshotLookup<T> =
  { found: true; value: T } | { found: false; missing: "project" | "cluster" | "snapshot" };

/** A stored snapshot and the progress schedule moving it, if any. */
interface StoredSnapshot {
  record: FlexSnapshotRecord;
  progress: ActiveProgress | undefined;
}

/**
 * The emulator's data: projects, their flex clusters and each cluster's snapshots.
 *
 * Records are copied on the way in and out, so a caller's object never aliases the store.
 * Scheduled progress is applied when a snapshot is read rather than by timers, so a schedule
 * never keeps the process alive and needs nothing from close().
 */
export class SnapshotStore {
  private readonly projects = new Map<string, Map<string, Map<string, StoredSnapshot>>>();

  /**
   * @param now - the emulator's clock, in epoch milliseconds
   */
  constructor(private readonly now: () => number) {}

  /**
   * Adds a snapshot or replaces the one with the same id, creating project and cluster; the
   * replaced snapshot's progress schedule ends with it.
   */
  put(projectId: string, clusterName: string, snapshot: FlexSnapshotRecord): void {
    let clusters = this.projects.get(projectId);
    if (clusters === undefined) {
      clusters = new Map();
      this.projects.set(projectId, clusters);
    }
    let snapshots = clusters.get(clusterName);
    if (snapshots === undefined) {
      snapshots = new Map();
      clusters.set(clusterName, snapshots);
    }
    snapshots.set(snapshot.id, { record: { ...snapshot }, progress: undefined });
  }

  /** Removes a snapshot if it exists; the cluster stays, even when it becomes empty. */
  remove(projectId: string, clusterName: string, snapshotId: string): void {
    this.projects.get(projectId)?.get(clusterName)?.delete(snapshotId);
  }

  /**
   * Sets a snapshot's status and fills in the times the status implies, using the clock for
   * those the snapshot lacks. Ends the snapshot's progress schedule, after applying the steps
   * already due so that their times are kept.
   *
   * @throws Error when the snapshot does not exist
   */
  setStatus(projectId: string, clusterName: string, snapshotId: string, status: string): void {
    const stored = this.stored("setStatus", projectId, clusterName, snapshotId);
    const now = this.now();
    this.settle(stored, now);
    stored.progress = undefined;
    const snapshot = stored.record;
    const stamp = atlasTimestamp(now);
    snapshot.status = status;
    snapshot.scheduledTime ??= stamp;
    if (status === "RUNNING" || status === "FAILED" || status === "COMPLETED") {
      snapshot.startTime ??= stamp;
    }
    if (status === "FAILED" || status === "COMPLETED") {
      snapshot.finishTime ??= stamp;
    }
    if (status === "COMPLETED") {
      snapshot.expiration ??= atlasTimestamp(
        Date.parse(snapshot.finishTime ?? stamp) + SNAPSHOT_RETENTION_MS,
      );
    }
  }

  /**
   * Starts moving a snapshot through its statuses from now on, replacing any schedule it had;
   * "current status" means the one that schedule had reached.
   *
   * @throws RangeError when the schedule is out of range (see `startProgress`)
   * @throws Error when the snapshot does not exist
   */
  scheduleProgress(
    projectId: string,
    clusterName: string,
    snapshotId: string,
    schedule: ProgressSchedule,
  ): void {
    const stored = this.stored("scheduleProgress", projectId, clusterName, snapshotId);
    const now = this.now();
    this.settle(stored, now);
    // Checked on a copy, so that a rejected schedule leaves the snapshot as it was.
    const record = { ...stored.record };
    const progress = startProgress(record, schedule, now);
    stored.record = record;
    stored.progress = progress;
  }

  /** Ends every progress schedule; each snapshot keeps the status it has reached by now. */
  cancelAllProgress(): void {
    const now = this.now();
    for (const clusters of this.projects.values()) {
      for (const snapshots of clusters.values()) {
        for (const stored of snapshots.values()) {
          this.settle(stored, now);
          stored.progress = undefined;
        }
      }
    }
  }

  /** Finds one snapshot, as its progress schedule has moved it by now. */
  get(
    projectId: string,
    clusterName: string,
    snapshotId: string,
  ): SnapshotLookup<FlexSnapshotRecord> {
    const cluster = this.cluster(projectId, clusterName);
    if (!cluster.found) {
      return cluster;
    }
    const stored = cluster.value.get(snapshotId);
    if (stored === undefined) {
      return { found: false, missing: "snapshot" };
    }
    this.settle(stored, this.now());
    return { found: true, value: { ...stored.record } };
  }

  /**
   * Lists a cluster's snapshots, as their progress schedules have moved them by now, newest
   * first by `scheduledTime`, then by id, descending.
   */
  list(projectId: string, clusterName: string): SnapshotLookup<FlexSnapshotRecord[]> {
    const cluster = this.cluster(projectId, clusterName);
    if (!cluster.found) {
      return cluster;
    }
    // One reading of the clock, so that one page never mixes two moments.
    const now = this.now();
    const newestFirst = [...cluster.value.values()]
      .map((stored) => {
        this.settle(stored, now);
        return { ...stored.record };
      })
      .sort((a, b) => scheduledMs(b) - scheduledMs(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return { found: true, value: newestFirst };
  }

  /** Applies the progress steps due by `now`, and drops a schedule that has finished. */
  private settle(stored: StoredSnapshot, now: number): void {
    if (stored.progress !== undefined && advanceProgress(stored.record, stored.progress, now)) {
      stored.progress = undefined;
    }
  }

  /** Finds a stored snapshot for a test hook, or throws naming the hook. */
  private stored(
    hook: string,
    projectId: string,
    clusterName: string,
    snapshotId: string,
  ): StoredSnapshot {
    const stored = this.projects.get(projectId)?.get(clusterName)?.get(snapshotId);
    if (stored === undefined) {
      throw new Error(
        `${hook}: no snapshot ${snapshotId} in cluster ${clusterName} of project ${projectId}`,
      );
    }
    return stored;
  }

  private cluster(
    projectId: string,
    clusterName: string,
  ): SnapshotLookup<Map<string, StoredSnapshot>> {
    const clusters = this.projects.get(projectId);
    if (clusters === undefined) {
      return { found: false, missing: "project" };
    }
    const snapshots = clusters.get(clusterName);
    return snapshots === undefined
      ? { found: false, missing: "cluster" }
      : { found: true, value: snapshots };
  }
}

/** The schedule time in epoch milliseconds; snapshots without a valid one sort last. */
function scheduledMs(snapshot: FlexSnapshotRecord): number {
  const time = Date.parse(snapshot.scheduledTime ?? "");
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
}
