import { atlasTimestamp, SNAPSHOT_RETENTION_MS, type FlexSnapshotStatus } from "./seed";
import type { FlexSnapshotRecord, ProgressSchedule } from "./types";

/**
 * The statuses a snapshot passes through before it ends, in Atlas's order.
 */
export const PROGRESS_ORDER: readonly FlexSnapshotStatus[] = Object.freeze([
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
export function startProgress(
  snapshot: FlexSnapshotRecord,
  schedule: ProgressSchedule,
  now: number,
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
      `scheduleProgress: snapshot ${snapshot.id} is ${start}, which does not progress; pass \`from\` to restart it`,
    );
  }
  const stamp = atlasTimestamp(now);
  // Same rule as setStatus: a snapshot that is somewhere in the pipeline has been scheduled.
  snapshot.scheduledTime ??= stamp;
  if (from !== undefined) {
    // A restart: the times of the statuses after `from` belong to the run being replaced.
    snapshot.status = from;
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
export function advanceProgress(
  snapshot: FlexSnapshotRecord,
  progress: ActiveProgress,
  now: number,
): boolean {
  const last = progress.path.length - 1;
  const startedAt = (progress.startedAt ??= now);
  // max(0, …): a test clock may be set before the schedule's start.
  const steps = Math.max(0, Math.floor((now - startedAt) / progress.stepMs));
  const target = Math.min(steps, last);
  for (let index = progress.reached + 1; index <= target; index += 1) {
    const status = progress.path[index];
    if (status !== undefined) {
      applyStep(snapshot, status, startedAt + index * progress.stepMs);
    }
  }
  progress.reached = Math.max(progress.reached, target);
  return progress.reached === last;
}

/** Sets the status reached at `at` and the time that status records, as Atlas fills them. */
function applyStep(snapshot: FlexSnapshotRecord, status: FlexSnapshotStatus, at: number): void {
  snapshot.status = status;
  const stamp = atlasTimestamp(at);
  if (status === "RUNNING") {
    snapshot.startTime = stamp;
  }
  if (status === "FAILED" || status === "COMPLETED") {
    snapshot.finishTime = stamp;
  }
  if (status === "COMPLETED") {
    snapshot.expiration = atlasTimestamp(at + SNAPSHOT_RETENTION_MS);
  }
}
