import {
  advanceProgress,
  startProgress,
  type ActiveProgress,
  type ProgressingRecord,
  type Timeline,
} from "./progress";
import type { ProgressSchedule } from "./types";

/**
 * What a lookup found: the record, or the first level that is missing (`item` is the record
 * itself: a snapshot or a restore job).
 */
type StoreLookup<T> =
  { found: true; value: T } | { found: false; missing: "project" | "cluster" | "item" };

/**
 * A {@link Timeline} that a store can also set a status on directly, and sort by.
 */
export interface StoreTimeline<R extends ProgressingRecord> extends Timeline<R> {
  /**
   * Sets `status` at `now` and fills in the times it implies that the record lacks (the test
   * hook `setStatus`).
   */
  set(record: R, status: string, now: number): void;
  /** When the record was scheduled, in epoch milliseconds (NaN when unknown): lists sort by it. */
  scheduledAt(record: R): number;
}

/**
 * The projects and flex clusters the emulator knows: a cluster exists once any kind of record
 * was put in it, so that a cluster with snapshots but no restore jobs lists none rather than
 * answering 404.
 */
export class ClusterRegistry {
  private readonly projects = new Map<string, Set<string>>();

  /** Records that a cluster exists. */
  add(projectId: string, clusterName: string): void {
    let clusters = this.projects.get(projectId);
    if (clusters === undefined) {
      clusters = new Set();
      this.projects.set(projectId, clusters);
    }
    clusters.add(clusterName);
  }

  /** The first level that is missing, or `undefined` when the cluster exists. */
  missing(projectId: string, clusterName: string): "project" | "cluster" | undefined {
    const clusters = this.projects.get(projectId);
    if (clusters === undefined) return "project";
    return clusters.has(clusterName) ? undefined : "cluster";
  }
}

/** A stored record and the progress schedule moving it, if any. */
interface Stored<R> {
  record: R;
  progress: ActiveProgress | undefined;
}

/**
 * The emulator's records of one kind (snapshots, restore jobs), per project and flex cluster.
 *
 * Records are copied on the way in and out, so a caller's object never aliases the store.
 * Scheduled progress is applied when a record is read rather than by timers, so a schedule
 * never keeps the process alive and needs nothing from close().
 */
export class RecordStore<R extends ProgressingRecord> {
  /** `projectId` → cluster name → id → record. */
  private readonly records = new Map<string, Map<string, Map<string, Stored<R>>>>();

  /**
   * @param now - the emulator's clock, in epoch milliseconds
   * @param timeline - how this kind's records move and which times they stamp
   * @param clusters - the clusters every kind shares
   */
  constructor(
    private readonly now: () => number,
    private readonly timeline: StoreTimeline<R>,
    private readonly clusters: ClusterRegistry,
  ) {}

  /**
   * Adds a record or replaces the one with the same id, creating project and cluster; the
   * replaced record's progress schedule ends with it.
   */
  put(projectId: string, clusterName: string, record: R): void {
    this.clusters.add(projectId, clusterName);
    this.items(projectId, clusterName).set(record.id, {
      record: { ...record },
      progress: undefined,
    });
  }

  /** Removes a record if it exists; the cluster stays, even when it becomes empty. */
  remove(projectId: string, clusterName: string, id: string): void {
    this.records.get(projectId)?.get(clusterName)?.delete(id);
  }

  /**
   * Sets a record's status and fills in the times the status implies, using the clock for those
   * the record lacks. Ends its progress schedule, after applying the steps already due so that
   * their times are kept.
   *
   * @throws Error when the record does not exist
   */
  setStatus(projectId: string, clusterName: string, id: string, status: string): void {
    const stored = this.stored("setStatus", projectId, clusterName, id);
    const now = this.now();
    this.settle(stored, now);
    stored.progress = undefined;
    this.timeline.set(stored.record, status, now);
  }

  /**
   * Starts moving a record through its statuses from now on, replacing any schedule it had;
   * "current status" means the one that schedule had reached.
   *
   * @throws RangeError when the schedule is out of range (see `startProgress`)
   * @throws Error when the record does not exist
   */
  scheduleProgress(
    projectId: string,
    clusterName: string,
    id: string,
    schedule: ProgressSchedule,
  ): void {
    const stored = this.stored("scheduleProgress", projectId, clusterName, id);
    const now = this.now();
    this.settle(stored, now);
    // Checked on a copy, so that a rejected schedule leaves the record as it was.
    const record = { ...stored.record };
    const progress = startProgress(record, schedule, now, this.timeline);
    stored.record = record;
    stored.progress = progress;
  }

  /** Ends every progress schedule; each record keeps the status it has reached by now. */
  cancelAllProgress(): void {
    const now = this.now();
    for (const clusters of this.records.values()) {
      for (const items of clusters.values()) {
        for (const stored of items.values()) {
          this.settle(stored, now);
          stored.progress = undefined;
        }
      }
    }
  }

  /** Finds one record, as its progress schedule has moved it by now. */
  get(projectId: string, clusterName: string, id: string): StoreLookup<R> {
    const missing = this.clusters.missing(projectId, clusterName);
    if (missing !== undefined) {
      return { found: false, missing };
    }
    const stored = this.records.get(projectId)?.get(clusterName)?.get(id);
    if (stored === undefined) {
      return { found: false, missing: "item" };
    }
    this.settle(stored, this.now());
    return { found: true, value: { ...stored.record } };
  }

  /**
   * Lists a cluster's records, as their progress schedules have moved them by now, newest first
   * by schedule time, then by id, descending.
   */
  list(projectId: string, clusterName: string): StoreLookup<R[]> {
    const missing = this.clusters.missing(projectId, clusterName);
    if (missing !== undefined) {
      return { found: false, missing };
    }
    // One reading of the clock, so that one page never mixes two moments.
    const now = this.now();
    const order = (record: R): number => {
      const time = this.timeline.scheduledAt(record);
      // Records without a valid schedule time sort last.
      return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
    };
    const newestFirst = [...(this.records.get(projectId)?.get(clusterName)?.values() ?? [])]
      .map((stored) => {
        this.settle(stored, now);
        return { ...stored.record };
      })
      .sort((a, b) => order(b) - order(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return { found: true, value: newestFirst };
  }

  /** Applies the progress steps due by `now`, and drops a schedule that has finished. */
  private settle(stored: Stored<R>, now: number): void {
    if (
      stored.progress !== undefined &&
      advanceProgress(stored.record, stored.progress, now, this.timeline)
    ) {
      stored.progress = undefined;
    }
  }

  /** The records of one cluster, created empty when needed. */
  private items(projectId: string, clusterName: string): Map<string, Stored<R>> {
    let clusters = this.records.get(projectId);
    if (clusters === undefined) {
      clusters = new Map();
      this.records.set(projectId, clusters);
    }
    let items = clusters.get(clusterName);
    if (items === undefined) {
      items = new Map();
      clusters.set(clusterName, items);
    }
    return items;
  }

  /** Finds a stored record for a test hook, or throws naming the hook. */
  private stored(hook: string, projectId: string, clusterName: string, id: string): Stored<R> {
    const stored = this.records.get(projectId)?.get(clusterName)?.get(id);
    if (stored === undefined) {
      throw new Error(
        `${hook}: no ${this.timeline.noun} ${id} in cluster ${clusterName} of project ${projectId}`,
      );
    }
    return stored;
  }
}
