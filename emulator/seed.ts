// Types only: the emulator runs without the provider's code, as an independent stand-in for Atlas.
import type { KnownSnapshotStatus } from "../provider/models/snapshotModel";
import type {
  EmulatorApiKey,
  EmulatorServiceAccount,
  FlexRestoreJobRecord,
  FlexSnapshotRecord,
} from "./types";

/**
 * The statuses a flex snapshot goes through, as documented for `FlexBackupSnapshot20241113`
 * (the snapshot model's `KNOWN_SNAPSHOT_STATUSES`).
 */
export type FlexSnapshotStatus = KnownSnapshotStatus;

/**
 * The id of the seeded demo project (24 lower-case hex digits, like every Atlas project id).
 */
export const DEMO_PROJECT_ID = "6650c0de0000000000000a11";

/**
 * The name of the seeded demo flex cluster.
 */
export const DEMO_CLUSTER_NAME = "orders";

/**
 * The ids of the seeded snapshots, one in each status.
 */
export const DEMO_SNAPSHOT_IDS: Readonly<Record<FlexSnapshotStatus, string>> = Object.freeze({
  PENDING: "6650c0de0000000000000001",
  QUEUED: "6650c0de0000000000000002",
  RUNNING: "6650c0de0000000000000003",
  FAILED: "6650c0de0000000000000004",
  COMPLETED: "6650c0de0000000000000005",
});

/**
 * The ids of the older COMPLETED snapshots that are also seeded, newest first, so that a list
 * spans several pages when `itemsPerPage` is small.
 */
export const DEMO_OLDER_SNAPSHOT_IDS: readonly string[] = Object.freeze([
  "6650c0de0000000000000006",
  "6650c0de0000000000000007",
  "6650c0de0000000000000008",
  "6650c0de0000000000000009",
]);

/**
 * The id of the snapshot seeded only when the emulator is given a progress step
 * (`progressStepMs`, `--progress-step-ms`): PENDING at start, COMPLETED three steps later.
 */
export const DEMO_PROGRESSING_SNAPSHOT_ID = "6650c0de000000000000000a";

/**
 * Credentials the emulator accepts by default: one of each kind, all obviously fake.
 */
export const DEMO_CREDENTIALS: {
  serviceAccounts: EmulatorServiceAccount[];
  apiKeys: EmulatorApiKey[];
  accessTokens: string[];
} = {
  serviceAccounts: [
    {
      clientId: "mdb_sa_id_demo00000000000000000001",
      clientSecret: "mdb_sa_sk_demo_not_a_real_secret_0000000000000000",
    },
  ],
  apiKeys: [{ publicKey: "demopubk", privateKey: "00000000-dem0-4000-8000-000000000000" }],
  accessTokens: ["demo-access-token-not-a-real-token"],
};

/**
 * The MongoDB version of the seeded snapshots.
 */
const DEMO_MONGODB_VERSION = "8.0.4";

/**
 * How long Atlas keeps a flex snapshot downloadable after it finishes.
 * @unit milliseconds
 */
export const SNAPSHOT_RETENTION_MS = 8 * 24 * 60 * 60 * 1000;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Whether a status ends a snapshot or a restore job (both go FAILED or COMPLETED). */
export function isFinalStatus(status: string): boolean {
  return status === "FAILED" || status === "COMPLETED";
}

/**
 * Formats a time as Atlas does: ISO 8601 in UTC, whole seconds (`2025-05-04T09:42:00Z`).
 */
export function atlasTimestamp(time: number): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Builds a snapshot whose times follow from its status, the way Atlas fills them in:
 * `scheduledTime` always, `startTime` from RUNNING on, `finishTime` for FAILED and COMPLETED and
 * `expiration` (`finishTime` + 8 days) for COMPLETED.
 *
 * @param scheduledAt - when the snapshot was scheduled, in epoch milliseconds
 */
export function demoSnapshot(
  id: string,
  status: FlexSnapshotStatus,
  scheduledAt: number,
): FlexSnapshotRecord {
  // Observed flex snapshots start about 45 s after their schedule and take about 100 s.
  const startedAt = scheduledAt + 47 * SECOND;
  const finishedAt = startedAt + 101 * SECOND;
  const started = status === "RUNNING" || isFinalStatus(status);
  const finished = isFinalStatus(status);
  return {
    id,
    status,
    ...(status === "COMPLETED"
      ? { expiration: atlasTimestamp(finishedAt + SNAPSHOT_RETENTION_MS) }
      : {}),
    ...(finished ? { finishTime: atlasTimestamp(finishedAt) } : {}),
    mongoDBVersion: DEMO_MONGODB_VERSION,
    scheduledTime: atlasTimestamp(scheduledAt),
    ...(started ? { startTime: atlasTimestamp(startedAt) } : {}),
  };
}

/**
 * Builds the demo snapshots relative to `now`: a PENDING one scheduled in an hour, a QUEUED
 * and a RUNNING one from the last minutes, a COMPLETED one from 6 hours ago, a FAILED one from
 * yesterday and the older COMPLETED ones, one a day before that.
 *
 * @param now - the emulator's start time, in epoch milliseconds
 */
export function demoSnapshots(now: number): FlexSnapshotRecord[] {
  const base = Math.floor(now / SECOND) * SECOND;
  return [
    demoSnapshot(DEMO_SNAPSHOT_IDS.PENDING, "PENDING", base + HOUR),
    demoSnapshot(DEMO_SNAPSHOT_IDS.QUEUED, "QUEUED", base - 2 * MINUTE),
    demoSnapshot(DEMO_SNAPSHOT_IDS.RUNNING, "RUNNING", base - 10 * MINUTE),
    demoSnapshot(DEMO_SNAPSHOT_IDS.COMPLETED, "COMPLETED", base - 6 * HOUR),
    demoSnapshot(DEMO_SNAPSHOT_IDS.FAILED, "FAILED", base - DAY),
    ...DEMO_OLDER_SNAPSHOT_IDS.map((id, index) =>
      demoSnapshot(id, "COMPLETED", base - (index + 2) * DAY),
    ),
  ];
}

/**
 * Builds the PENDING snapshot that a progress schedule then moves on, scheduled at `now` (in
 * whole seconds, like the other demo snapshots).
 *
 * @param now - the emulator's start time, in epoch milliseconds
 */
export function demoProgressingSnapshot(now: number): FlexSnapshotRecord {
  return demoSnapshot(DEMO_PROGRESSING_SNAPSHOT_ID, "PENDING", Math.floor(now / SECOND) * SECOND);
}

/**
 * The flex cluster the demo restore jobs restore into, in the demo project.
 */
export const DEMO_TARGET_CLUSTER_NAME = "orders-restore";

/**
 * The ids of the seeded restore jobs, one in each status, each restoring the COMPLETED demo
 * snapshot into {@link DEMO_TARGET_CLUSTER_NAME} (`deliveryType` RESTORE).
 */
export const DEMO_RESTORE_JOB_IDS: Readonly<Record<FlexSnapshotStatus, string>> = Object.freeze({
  PENDING: "6650c0de0000000000000b01",
  QUEUED: "6650c0de0000000000000b02",
  RUNNING: "6650c0de0000000000000b03",
  FAILED: "6650c0de0000000000000b04",
  COMPLETED: "6650c0de0000000000000b05",
});

/**
 * The id of the seeded COMPLETED restore job of `deliveryType` DOWNLOAD: it has a
 * `snapshotUrl` ({@link demoSnapshotUrl}) and an `expirationDate`.
 */
export const DEMO_DOWNLOAD_RESTORE_JOB_ID = "6650c0de0000000000000b06";

/**
 * The id of the restore job seeded only when the emulator is given a progress step
 * (`progressStepMs`, `--progress-step-ms`): PENDING at start, COMPLETED three steps later.
 */
export const DEMO_PROGRESSING_RESTORE_JOB_ID = "6650c0de0000000000000b0a";

/**
 * How long Atlas keeps a restore job's download link working after the job completes: four
 * hours (the spec's `expirationDate`; MongoDB's docs give the link four hours).
 * @unit milliseconds
 */
export const DOWNLOAD_LINK_LIFETIME_MS = 4 * HOUR;

/**
 * The `snapshotUrl` the emulator gives a DOWNLOAD restore job: shaped like the presigned link
 * Atlas hands out (a bearer URL: whoever has it can download the backup), with a fake
 * signature. Tests look for it, and for its signature, in every output that must not show it.
 */
export function demoSnapshotUrl(restoreJobId: string): string {
  return `https://flex-restore.emulator.invalid/${restoreJobId}/restore-${restoreJobId}.tar.gz?X-Amz-Signature=demo0not0a0real0signature0${restoreJobId}`;
}

/**
 * Builds a restore job whose times follow from its status, the way Atlas fills them in:
 * `restoreScheduledDate` always, `restoreFinishedDate` for FAILED and COMPLETED and, for a
 * COMPLETED DOWNLOAD job, `snapshotUrl` and `expirationDate` (four hours on).
 *
 * @param scheduledAt - when the restore was scheduled, in epoch milliseconds
 * @param snapshot - the snapshot it restores
 */
function demoRestoreJob(
  id: string,
  status: FlexSnapshotStatus,
  scheduledAt: number,
  snapshot: FlexSnapshotRecord,
  deliveryType: "RESTORE" | "DOWNLOAD" = "RESTORE",
): FlexRestoreJobRecord {
  const finishedAt = scheduledAt + 3 * MINUTE;
  const finished = isFinalStatus(status);
  const download = deliveryType === "DOWNLOAD" && status === "COMPLETED";
  return {
    id,
    status,
    deliveryType,
    snapshotId: snapshot.id,
    ...(snapshot.finishTime === undefined ? {} : { snapshotFinishedDate: snapshot.finishTime }),
    restoreScheduledDate: atlasTimestamp(scheduledAt),
    ...(finished ? { restoreFinishedDate: atlasTimestamp(finishedAt) } : {}),
    ...(download
      ? {
          expirationDate: atlasTimestamp(finishedAt + DOWNLOAD_LINK_LIFETIME_MS),
          snapshotUrl: demoSnapshotUrl(id),
        }
      : {
          targetDeploymentItemName: DEMO_TARGET_CLUSTER_NAME,
          targetProjectId: DEMO_PROJECT_ID,
        }),
  };
}

/**
 * Builds the demo restore jobs relative to `now`, each restoring the COMPLETED demo snapshot: a
 * PENDING one scheduled in ten minutes, a QUEUED and a RUNNING one from the last minutes, a
 * COMPLETED one from an hour ago, a FAILED one from two hours ago, and the COMPLETED DOWNLOAD
 * one from half an hour ago.
 *
 * @param now - the emulator's start time, in epoch milliseconds
 */
export function demoRestoreJobs(now: number): FlexRestoreJobRecord[] {
  const base = Math.floor(now / SECOND) * SECOND;
  const source = demoSnapshots(now).find((s) => s.id === DEMO_SNAPSHOT_IDS.COMPLETED)!;
  return [
    demoRestoreJob(DEMO_RESTORE_JOB_IDS.PENDING, "PENDING", base + 10 * MINUTE, source),
    demoRestoreJob(DEMO_RESTORE_JOB_IDS.QUEUED, "QUEUED", base - MINUTE, source),
    demoRestoreJob(DEMO_RESTORE_JOB_IDS.RUNNING, "RUNNING", base - 2 * MINUTE, source),
    demoRestoreJob(
      DEMO_DOWNLOAD_RESTORE_JOB_ID,
      "COMPLETED",
      base - 30 * MINUTE,
      source,
      "DOWNLOAD",
    ),
    demoRestoreJob(DEMO_RESTORE_JOB_IDS.COMPLETED, "COMPLETED", base - HOUR, source),
    demoRestoreJob(DEMO_RESTORE_JOB_IDS.FAILED, "FAILED", base - 2 * HOUR, source),
  ];
}

/**
 * Builds the PENDING restore job that a progress schedule then moves on, scheduled at `now`,
 * restoring the COMPLETED demo snapshot into {@link DEMO_TARGET_CLUSTER_NAME}.
 *
 * @param now - the emulator's start time, in epoch milliseconds
 */
export function demoProgressingRestoreJob(now: number): FlexRestoreJobRecord {
  const source = demoSnapshots(now).find((s) => s.id === DEMO_SNAPSHOT_IDS.COMPLETED)!;
  return demoRestoreJob(
    DEMO_PROGRESSING_RESTORE_JOB_ID,
    "PENDING",
    Math.floor(now / SECOND) * SECOND,
    source,
  );
}
