/**
 * The gate: conditions a snapshot must meet for a lookup to succeed, so that resources that
 * depend on the lookup are never touched when the snapshot is not fit to restore from.
 *
 * Pure logic: it reads a snapshot and a clock and imports nothing that sends or throws; what an
 * unmet gate means (an error, a warning, an exit code) is decided by the lookup's caller.
 */
import { formatDuration } from "./duration";
import type { FlexBackupSnapshot } from "./schema";
import type { FlexClusterRef, FlexSnapshotRef, Gate } from "./validation";

/** A cluster, and the snapshot id when the lookup named one. */
export type SnapshotLocator = FlexClusterRef & Partial<Pick<FlexSnapshotRef, "snapshotId">>;

/** Describes a snapshot for messages: `snapshot <id> of flex cluster "<name>" in project <id>`. */
export function describeSnapshot(ref: SnapshotLocator, snapshotId: string | undefined): string {
  return `snapshot ${snapshotId ?? "(no id)"} of flex cluster "${ref.name}" in project ${ref.projectId}`;
}

/**
 * Tells every way `snapshot` falls short of `gate`, as of `now`; empty when it meets it.
 *
 * Missing data fails closed: a snapshot without `finishTime` fails `maxAge` and one without
 * `expiration` fails `minRemaining`, with a reason that names the missing field. A status Atlas
 * may add in the future never satisfies a status list that does not name it.
 */
export function gateShortfalls(
  snapshot: FlexBackupSnapshot,
  gate: Gate | undefined,
  now: number = Date.now(),
): string[] {
  const reasons: string[] = [];
  const required = gate?.status;
  if (required !== undefined) {
    const status = snapshot.status;
    if (status === undefined || !(required as readonly string[]).includes(status)) {
      const want = required.length === 1 ? required[0] : `one of ${required.join(", ")}`;
      reasons.push(
        `${status === undefined ? "has no status" : `is ${status}`}; required status ${want}`,
      );
    }
  }
  if (gate?.maxAge !== undefined) {
    const finished =
      snapshot.finishTime === undefined ? undefined : Date.parse(snapshot.finishTime);
    if (finished === undefined) {
      reasons.push(
        `has no finishTime, so its age is unknown; required finished within ${formatDuration(gate.maxAge)}`,
      );
    } else if (now - finished > gate.maxAge) {
      reasons.push(
        `finished ${formatDuration(now - finished)} ago (at ${snapshot.finishTime}); required finished within ${formatDuration(gate.maxAge)}`,
      );
    }
  }
  if (gate?.minRemaining !== undefined) {
    const expires = snapshot.expiration === undefined ? undefined : Date.parse(snapshot.expiration);
    if (expires === undefined) {
      reasons.push(
        `has no expiration, so its remaining life is unknown; required at least ${formatDuration(gate.minRemaining)} left`,
      );
    } else if (expires - now < gate.minRemaining) {
      const left = expires - now;
      const when =
        left <= 0 ? `expired ${formatDuration(-left)} ago` : `expires in ${formatDuration(left)}`;
      reasons.push(
        `${when} (at ${snapshot.expiration}); required at least ${formatDuration(gate.minRemaining)} left`,
      );
    }
  }
  return reasons;
}

/** Formats the shortfalls of a snapshot as one message. */
export function formatShortfalls(
  ref: SnapshotLocator,
  snapshot: FlexBackupSnapshot,
  reasons: readonly string[],
): string {
  return `${describeSnapshot(ref, snapshot.id ?? ref.snapshotId)} ${reasons.join("; and it ")}`;
}
