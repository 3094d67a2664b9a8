import { atlasTimestamp, SNAPSHOT_RETENTION_MS } from "./seed";
import type { FlexSnapshotRecord } from "./types";

/**
 * What a lookup found: the snapshot, or the first level that is missing.
 */
export type SnapshotLookup<T> =
  { found: true; value: T } | { found: false; missing: "project" | "cluster" | "snapshot" };

/**
 * The emulator's data: projects, their flex clusters and each cluster's snapshots.
 *
 * Records are copied on the way in and out, so a caller's object never aliases the store.
 */
export class SnapshotStore {
  private readonly projects = new Map<string, Map<string, Map<string, FlexSnapshotRecord>>>();

  /** Adds a snapshot or replaces the one with the same id, creating project and cluster. */
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
    snapshots.set(snapshot.id, { ...snapshot });
  }

  /** Removes a snapshot if it exists; the cluster stays, even when it becomes empty. */
  remove(projectId: string, clusterName: string, snapshotId: string): void {
    this.projects.get(projectId)?.get(clusterName)?.delete(snapshotId);
  }

  /**
   * Sets a snapshot's status and fills in the times the status implies, using `now` for those
   * the snapshot lacks.
   *
   * @throws Error when the snapshot does not exist
   */
  setStatus(
    projectId: string,
    clusterName: string,
    snapshotId: string,
    status: string,
    now: number,
  ): void {
    const snapshot = this.projects.get(projectId)?.get(clusterName)?.get(snapshotId);
    if (snapshot === undefined) {
      throw new Error(
        `setStatus: no snapshot ${snapshotId} in cluster ${clusterName} of project ${projectId}`,
      );
    }
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

  /** Finds one snapshot. */
  get(
    projectId: string,
    clusterName: string,
    snapshotId: string,
  ): SnapshotLookup<FlexSnapshotRecord> {
    const cluster = this.cluster(projectId, clusterName);
    if (!cluster.found) {
      return cluster;
    }
    const snapshot = cluster.value.get(snapshotId);
    return snapshot === undefined
      ? { found: false, missing: "snapshot" }
      : { found: true, value: { ...snapshot } };
  }

  /** Lists a cluster's snapshots newest first by `scheduledTime`, then by id, descending. */
  list(projectId: string, clusterName: string): SnapshotLookup<FlexSnapshotRecord[]> {
    const cluster = this.cluster(projectId, clusterName);
    if (!cluster.found) {
      return cluster;
    }
    const newestFirst = [...cluster.value.values()]
      .map((snapshot) => ({ ...snapshot }))
      .sort((a, b) => scheduledMs(b) - scheduledMs(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return { found: true, value: newestFirst };
  }

  private cluster(
    projectId: string,
    clusterName: string,
  ): SnapshotLookup<Map<string, FlexSnapshotRecord>> {
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
