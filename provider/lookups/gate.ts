/**
 * The gate: conditions a snapshot must meet for a lookup to succeed, so that resources that
 * depend on the lookup are never touched when the snapshot is not fit to restore from.
 *
 * Pure logic: it reads a snapshot and a clock and imports nothing that sends or throws; what an
 * unmet gate means (an error, a warning, an exit code) is decided by the lookup's caller.
 */
import { formatDuration } from "./duration";
import { excerpt, quote } from "../atlas/redact";
import type { FlexBackupRestoreJob, FlexBackupSnapshot } from "../atlas/schema";
import type { FlexClusterRef, FlexRestoreJobRef, FlexSnapshotRef } from "../atlas/refs";
import type { Gate, RestoreGate } from "./validation";

/** A cluster, and the snapshot id when the lookup named one. */
export type SnapshotLocator = FlexClusterRef & Partial<Pick<FlexSnapshotRef, "snapshotId">>;

/** Describes a snapshot for messages: `snapshot <id> of flex cluster "<name>" in project <id>`. */
export function describeSnapshot(ref: SnapshotLocator, snapshotId: string | undefined): string {
  return `snapshot ${snapshotId ?? "(no id)"} of flex cluster "${ref.name}" in project ${ref.projectId}`;
}

/**
 * The shortfall of a status against the statuses a gate requires, as a list of none or one
 * reason: `is FAILED; required status COMPLETED`. Shared by both kinds' gates. A status Atlas
 * may add in the future never satisfies a list that does not name it.
 */
export function statusShortfall(
  status: string | undefined,
  required: readonly string[] | undefined,
): string[] {
  if (required === undefined || (status !== undefined && required.includes(status))) {
    return [];
  }
  const want = required.length === 1 ? required[0] : `one of ${required.join(", ")}`;
  return [`${status === undefined ? "has no status" : `is ${status}`}; required status ${want}`];
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
  const reasons: string[] = statusShortfall(snapshot.status, gate?.status);
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

/** A cluster, and the restore job id when the lookup named one. */
export type RestoreJobLocator = FlexClusterRef & Partial<Pick<FlexRestoreJobRef, "restoreJobId">>;

/**
 * Describes a restore job for messages: `restore job <id> of flex cluster "<name>" in project
 * <id>`. Never quotes `snapshotUrl`, nor any field of the job: a message names what was asked.
 */
export function describeRestoreJob(
  ref: RestoreJobLocator,
  restoreJobId: string | undefined,
): string {
  return `restore job ${restoreJobId ?? "(no id)"} of flex cluster "${ref.name}" in project ${ref.projectId}`;
}

/**
 * The identity checks of a restore gate: each field the gate names, the job's value must equal.
 * The target's name is quoted (it may hold spaces and punctuation); ids are not.
 */
const RESTORE_IDENTITY_CHECKS = [
  { field: "snapshotId", says: "restores snapshot", missing: "names no snapshot", quoted: false },
  {
    field: "targetDeploymentItemName",
    says: "restores into cluster",
    missing: "names no target cluster",
    quoted: true,
  },
  {
    field: "targetProjectId",
    says: "restores into project",
    missing: "names no target project",
    quoted: false,
  },
] as const;

/**
 * Tells every way `restoreJob` falls short of a restore gate; empty when it meets it. Missing
 * data fails closed: a job without `snapshotId` fails a gate that names a snapshot.
 *
 * @example
 * ```ts
 * restoreGateShortfalls({ status: "RUNNING", snapshotId: a }, { status: ["COMPLETED"], snapshotId: b });
 * // ["is RUNNING; required status COMPLETED", "restores snapshot <a>; required snapshot <b>"]
 * ```
 */
export function restoreGateShortfalls(
  restoreJob: FlexBackupRestoreJob,
  gate: RestoreGate | undefined,
): string[] {
  const reasons = statusShortfall(restoreJob.status, gate?.status);
  for (const check of RESTORE_IDENTITY_CHECKS) {
    const want: string | undefined = gate?.[check.field];
    const have = restoreJob[check.field];
    if (want === undefined || have === want) continue;
    // Bounded: the job's values come from Atlas, and a message is one line of a CI log.
    const show = (value: string): string => (check.quoted ? quote(value) : String(excerpt(value)));
    const required = `required ${check.says.split(" ").pop()} ${show(want)}`;
    reasons.push(
      have === undefined
        ? `${check.missing}; ${required}`
        : `${check.says} ${show(have)}; ${required}`,
    );
  }
  return reasons;
}

/** Formats the shortfalls of a restore job as one message. */
export function formatRestoreShortfalls(
  ref: RestoreJobLocator,
  restoreJob: FlexBackupRestoreJob,
  reasons: readonly string[],
): string {
  return `${describeRestoreJob(ref, restoreJob.id ?? ref.restoreJobId)} ${reasons.join("; and it ")}`;
}
