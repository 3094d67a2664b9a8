import { atlasTimestamp, type FlexSnapshotStatus } from "./seed";
import type { ProgressSchedule } from "./types";

/** What a record that progresses has: an id and a status (snapshots and restore jobs alike). */
export interface ProgressingRecord {
  id: string;
  status: string;
}

/**
 * What one kind of record does as it moves through its statuses: which times it records, and
 * how. Snapshots and restore jobs walk the same statuses (both specs enumerate the same five)
 * but stamp different fields.
 */
export interface Timeline<R extends ProgressingRecord> {
  /** The kind, as messages name it: `snapshot`, `restore job`. */
  readonly noun: string;
  /**
   * Stamps a record whose schedule starts at `stamp`: `from` is the restart status, if any (the
   * record's later times belong to the run being replaced), `start` the status it starts in.
   */
  begin(record: R, from: FlexSnapshotStatus | undefined, start: string, stamp: string): void;
  /** Moves the record to `status`, reached at `at`, stamping the times that status records. */
  step(record: R, status: FlexSnapshotStatus, at: number): void;
}

/**
 * The statuses a snapshot passes through before it ends, in Atlas's order.
 */
const PROGRESS_ORDER: readonly FlexSnapshotStatus[] = Object.freeze([
  "PENDING",
  "QUEUED",
  "RUNNING",
]);

const FINAL_STATUSES: readonly FlexSnapshotStatus[] = ["COMPLETED", "FAILED"];

/**
 * A snapshot's progress schedule once started: where it began, how fast it moves and how far
 * the stored record has been moved already.
 */
export interface ActiveProgress {
  /** When the schedule started, in epoch milliseconds; `undefined` until the first read with `startOnFirstRead`. */
  startedAt: number | undefined;
  /** @unit milliseconds */
  stepMs: number;
  /** The statuses still to pass through, the starting one first and the final one last. */
  path: readonly FlexSnapshotStatus[];
  /** Index in `path` of the status the stored record holds. */
  reached: number;
}

/**
 * Checks a schedule, restarts the snapshot when `from` is given and returns the schedule to
 * keep. Mutates `snapshot`.
 *
 * @param now - the schedule's start, in epoch milliseconds
 * @throws RangeError when `stepMs`, `final` or `from` is out of range, or when the snapshot's
 * status cannot progress and no `from` restarts it
 */
export function startProgress<R extends ProgressingRecord>(
  snapshot: R,
  schedule: ProgressSchedule,
  now: number,
  timeline: Timeline<R>,
): ActiveProgress {
  const { stepMs, final = "COMPLETED", from } = schedule;
  // A step of Infinity or NaN would never move, which is surely a mistake in the test.
  if (typeof stepMs !== "number" || !Number.isFinite(stepMs) || stepMs <= 0) {
    throw new RangeError(
      `scheduleProgress: stepMs must be a positive number of milliseconds, got ${String(stepMs)}`,
    );
  }
  if (!FINAL_STATUSES.includes(final)) {
    throw new RangeError(
      `scheduleProgress: final must be "COMPLETED" or "FAILED", got ${String(final)}`,
    );
  }
  if (from !== undefined && !PROGRESS_ORDER.includes(from)) {
    throw new RangeError(
      `scheduleProgress: from must be "PENDING", "QUEUED" or "RUNNING", got ${String(from)}`,
    );
  }
  const start = from ?? snapshot.status;
  const startIndex = PROGRESS_ORDER.indexOf(start as FlexSnapshotStatus);
  if (startIndex < 0) {
    throw new RangeError(
      `scheduleProgress: ${timeline.noun} ${snapshot.id} is ${start}, which does not progress; pass \`from\` to restart it`,
    );
  }
  if (from !== undefined) {
    snapshot.status = from;
  }
  timeline.begin(snapshot, from, start, atlasTimestamp(now));
  return {
    startedAt: schedule.startOnFirstRead === true ? undefined : now,
    stepMs,
    path: [...PROGRESS_ORDER.slice(startIndex), final],
    reached: 0,
  };
}

/**
 * Moves a snapshot to the status its schedule implies at `now`, stamping each step with the
 * moment it happened rather than `now`, so that a late read sees the same times as a timely
 * one. Mutates `snapshot` and `progress`.
 *
 * @param now - the time of the read, in epoch milliseconds
 * @returns whether the snapshot reached its final status, which ends the schedule
 */
export function advanceProgress<R extends ProgressingRecord>(
  snapshot: R,
  progress: ActiveProgress,
  now: number,
  timeline: Timeline<R>,
): boolean {
  const last = progress.path.length - 1;
  const startedAt = (progress.startedAt ??= now);
  // max(0, …): a test clock may be set before the schedule's start.
  const steps = Math.max(0, Math.floor((now - startedAt) / progress.stepMs));
  const target = Math.min(steps, last);
  for (let index = progress.reached + 1; index <= target; index += 1) {
    const status = progress.path[index];
    if (status !== undefined) {
      timeline.step(snapshot, status, startedAt + index * progress.stepMs);
    }
  }
  progress.reached = Math.max(progress.reached, target);
  return progress.reached === last;
}
