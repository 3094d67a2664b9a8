/**
 * The gate: conditions a snapshot must meet for a lookup to succeed, so that resources that
 * depend on the lookup are never touched when the snapshot is not fit to restore from.
 */
import { GateError } from "./errors";
import type { FlexBackupSnapshot } from "./schema";
import type { Gate } from "./validation";
import type { FlexSnapshotRef } from "./client";

/** Describes a snapshot for messages: `snapshot <id> of flex cluster "<name>" in project <id>`. */
export function describeSnapshot(ref: FlexSnapshotRef): string {
  return `snapshot ${ref.snapshotId} of flex cluster "${ref.name}" in project ${ref.projectId}`;
}

/**
 * Checks `snapshot` against `gate` and throws a {@link GateError} naming the snapshot, what it
 * is and what was required when it falls short. A status Atlas may add in the future never
 * satisfies a gate that does not list it.
 */
export function enforceGate(
  ref: FlexSnapshotRef,
  snapshot: FlexBackupSnapshot,
  gate: Gate | undefined,
): void {
  const required = gate?.status;
  if (required === undefined) {
    return;
  }
  const status = snapshot.status;
  if (status !== undefined && (required as readonly string[]).includes(status)) {
    return;
  }
  const want = required.length === 1 ? required[0] : `one of ${required.join(", ")}`;
  const is = status === undefined ? "has no status" : `is ${status}`;
  throw new GateError(`${describeSnapshot(ref)} ${is}; required status ${want}`);
}
