/**
 * Restore jobs through the client and the lookup, against the emulator over loopback HTTP: one
 * job by id, every page of the list, the restore gate met and unmet (exact messages), the wait
 * to COMPLETED and to FAILED, bad input (zero requests), and the secret `snapshotUrl`, which no
 * message, warning or progress line may contain.
 */
import {
  AtlasClient,
  ResponseValidationError,
  resolveSettings,
  ValidationError,
  WaitTimeoutError,
} from "../provider";
import { clearTokenCache } from "../provider/atlas/auth";
import { lookupRestoreJob, type LookupHooks } from "../provider/lookups/gatedLookups";
import { restoreJobValues } from "../provider/models/restoreJobModel";
import { validateRestoreJobLookupArgs } from "../provider/lookups/validation";
import {
  DEMO_CLUSTER_NAME,
  DEMO_CREDENTIALS,
  DEMO_DOWNLOAD_RESTORE_JOB_ID,
  DEMO_PROJECT_ID,
  DEMO_RESTORE_JOB_IDS,
  DEMO_SNAPSHOT_IDS,
  demoSnapshotUrl,
  startAtlasEmulator,
  type AtlasEmulator,
} from "../emulator";

const T0 = Date.parse("2025-05-04T09:42:00Z");
const OTHER_SNAPSHOT = "6650c0de0000000000000009";
const OTHER_PROJECT = "0123456789abcdef01234567";
const cluster = { projectId: DEMO_PROJECT_ID, name: DEMO_CLUSTER_NAME };
const described = (id: string) =>
  `restore job ${id} of flex cluster "${DEMO_CLUSTER_NAME}" in project ${DEMO_PROJECT_ID}`;
const SECRET_URL = demoSnapshotUrl(DEMO_DOWNLOAD_RESTORE_JOB_ID);
/** The part of the download link that is the credential. */
const SIGNATURE = new URL(SECRET_URL).searchParams.get("X-Amz-Signature")!;

/** Virtual time shared by the emulator and the wait: sleeping moves the clock. */
let time = T0;
const clock = {
  now: () => time,
  sleep: async (ms: number) => {
    time += ms;
  },
};

let emulator: AtlasEmulator;
let client: AtlasClient;
/** Every warning the client emitted. */
const logged: string[] = [];

beforeAll(async () => {
  emulator = await startAtlasEmulator({ now: () => time });
  const settings = resolveSettings(
    { get: () => undefined },
    {
      MONGODB_ATLAS_ACCESS_TOKEN: DEMO_CREDENTIALS.accessTokens[0]!,
      MONGODB_ATLAS_BASE_URL: emulator.baseUrl,
    },
  );
  client = AtlasClient.fromSettings(settings, {
    retry: { minDelayMs: 1, maxDelayMs: 1 },
    onWarning: (message) => logged.push(message),
  });
});
beforeEach(() => {
  emulator.reset();
  clearTokenCache();
  time = T0;
  logged.length = 0;
});
afterAll(async () => {
  await emulator.close();
});

/** Looks a restore job up as the provider and the CLI do: validated arguments first. */
async function lookup(input: Record<string, unknown>, hooks: LookupHooks = {}) {
  return lookupRestoreJob(client, validateRestoreJobLookupArgs({ ...cluster, ...input }), {
    clock,
    ...hooks,
  });
}

describe("reading restore jobs", () => {
  test("one job by id: every field of the model, under its result name", async () => {
    const job = await client.getFlexRestoreJob({
      ...cluster,
      restoreJobId: DEMO_DOWNLOAD_RESTORE_JOB_ID,
    });
    expect(restoreJobValues(job, null)).toEqual({
      restoreJobId: DEMO_DOWNLOAD_RESTORE_JOB_ID,
      status: "COMPLETED",
      deliveryType: "DOWNLOAD",
      snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
      targetProjectId: null,
      targetDeploymentItemName: null,
      snapshotFinishedDate: "2025-05-04T03:44:28Z",
      restoreScheduledDate: "2025-05-04T09:12:00Z",
      restoreFinishedDate: "2025-05-04T09:15:00Z",
      expirationDate: "2025-05-04T13:15:00Z",
      snapshotUrl: SECRET_URL,
    });
  });

  test.each([1, 2, 5, 500])("the list reads every page (%i a page), one deadline", async (size) => {
    const jobs = await client.listAllFlexRestoreJobs(cluster, { itemsPerPage: size });
    expect(jobs.map((job) => job.id)).toEqual([
      DEMO_RESTORE_JOB_IDS.PENDING,
      DEMO_RESTORE_JOB_IDS.QUEUED,
      DEMO_RESTORE_JOB_IDS.RUNNING,
      DEMO_DOWNLOAD_RESTORE_JOB_ID,
      DEMO_RESTORE_JOB_IDS.COMPLETED,
      DEMO_RESTORE_JOB_IDS.FAILED,
    ]);
    // Page after page until the total (given on the first page) is read.
    expect(emulator.count({ path: /\/restoreJobs$/ })).toBe(Math.ceil(6 / size));
  });

  test("a missing job is Atlas's 404, named", async () => {
    await expect(
      client.getFlexRestoreJob({ ...cluster, restoreJobId: "6650c0de0000000000000bff" }),
    ).rejects.toThrow(
      "[404 Not Found] GET /api/atlas/v2/groups/6650c0de0000000000000a11/flexClusters/orders/backup/restoreJobs/6650c0de0000000000000bff: RESTORE_JOB_NOT_FOUND: No restore job with ID 6650c0de0000000000000bff exists for flex cluster orders.",
    );
  });
});

describe("bad input sends zero requests", () => {
  test.each<[string, () => Promise<unknown>, string]>([
    [
      "getFlexRestoreJob with a short id",
      () => client.getFlexRestoreJob({ ...cluster, restoreJobId: "b01" }),
      'invalid restoreJobId "b01": expected a 24-character hexadecimal restore job id matching ^([a-f0-9]{24})$',
    ],
    [
      "listAllFlexRestoreJobs with a bad cluster name",
      () => client.listAllFlexRestoreJobs({ ...cluster, name: "../snapshots" }),
      'invalid name "../snapshots": expected a flex cluster name matching ^[a-zA-Z0-9][a-zA-Z0-9-]*$',
    ],
    [
      "a lookup whose gate names a bad target project",
      () =>
        lookup({
          restoreJobId: DEMO_RESTORE_JOB_IDS.COMPLETED,
          require: { targetProjectId: "nope" },
        }),
      'invalid require.targetProjectId "nope": expected a 24-character hexadecimal project id matching ^([a-f0-9]{24})$',
    ],
  ])("%s", async (_label, act, message) => {
    await expect(act()).rejects.toThrow(ValidationError);
    await expect(act()).rejects.toThrow(message);
    expect(emulator.count()).toBe(0);
  });
});

describe("the restore gate", () => {
  test.each<[string, string, Record<string, unknown>, object]>([
    [
      "met: the right status, snapshot and target",
      DEMO_RESTORE_JOB_IDS.COMPLETED,
      {
        status: "COMPLETED",
        snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
        targetDeploymentItemName: "orders-restore",
        targetProjectId: DEMO_PROJECT_ID,
      },
      { shortfalls: [], failure: undefined, warnings: [] },
    ],
    [
      "unmet: FAILED",
      DEMO_RESTORE_JOB_IDS.FAILED,
      { status: "COMPLETED" },
      {
        shortfalls: ["is FAILED; required status COMPLETED"],
        failure: `${described(DEMO_RESTORE_JOB_IDS.FAILED)} is FAILED; required status COMPLETED`,
        warnings: [],
      },
    ],
    [
      "unmet: another snapshot, into another target",
      DEMO_RESTORE_JOB_IDS.COMPLETED,
      {
        snapshotId: OTHER_SNAPSHOT,
        targetDeploymentItemName: "reports",
        targetProjectId: OTHER_PROJECT,
      },
      {
        shortfalls: [
          `restores snapshot ${DEMO_SNAPSHOT_IDS.COMPLETED}; required snapshot ${OTHER_SNAPSHOT}`,
          'restores into cluster "orders-restore"; required cluster "reports"',
          `restores into project ${DEMO_PROJECT_ID}; required project ${OTHER_PROJECT}`,
        ],
        failure: `${described(DEMO_RESTORE_JOB_IDS.COMPLETED)} restores snapshot ${DEMO_SNAPSHOT_IDS.COMPLETED}; required snapshot ${OTHER_SNAPSHOT}; and it restores into cluster "orders-restore"; required cluster "reports"; and it restores into project ${DEMO_PROJECT_ID}; required project ${OTHER_PROJECT}`,
        warnings: [],
      },
    ],
    [
      "unmet: a DOWNLOAD job has no target; the message never quotes its link",
      DEMO_DOWNLOAD_RESTORE_JOB_ID,
      { targetDeploymentItemName: "orders-restore" },
      {
        shortfalls: ['names no target cluster; required cluster "orders-restore"'],
        failure: `${described(DEMO_DOWNLOAD_RESTORE_JOB_ID)} names no target cluster; required cluster "orders-restore"`,
        warnings: [],
      },
    ],
    [
      "met, with a warning for a status Atlas has not been seen to return",
      DEMO_RESTORE_JOB_IDS.COMPLETED,
      { status: ["COMPLETED", "DONE"] },
      {
        shortfalls: [],
        failure: undefined,
        warnings: [
          "status DONE (in require.status) is not one Atlas has been seen to return (PENDING, QUEUED, RUNNING, FAILED, COMPLETED); no restore job matches it until Atlas does, so check its spelling",
        ],
      },
    ],
  ])("%s", async (_label, restoreJobId, require, expected) => {
    const verdict = await lookup({ restoreJobId, require });
    expect(verdict).toMatchObject(expected);
    expect(verdict.restoreJob.id).toBe(restoreJobId);
    expect(JSON.stringify({ ...verdict, restoreJob: undefined })).not.toContain(SIGNATURE);
  });

  test("a preview that does not enforce the wait: passes, with its shortfall and a warning", async () => {
    const verdict = await lookup({
      restoreJobId: DEMO_RESTORE_JOB_IDS.RUNNING,
      wait: { timeout: "1m" },
      preview: true,
    });
    expect(verdict).toMatchObject({
      shortfalls: ["is RUNNING; required status COMPLETED"],
      failure: undefined,
      warnings: [
        `the gate is not met yet: ${described(DEMO_RESTORE_JOB_IDS.RUNNING)} is RUNNING; required status COMPLETED. \`pulumi up\` will wait up to 1m for it.`,
      ],
    });
    expect(emulator.count({ path: /\/restoreJobs\// })).toBe(1);
  });
});

describe("waiting for a restore job", () => {
  const MOVING = "6650c0de0000000000000c01";
  beforeEach(() =>
    emulator.putRestoreJob(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, {
      id: MOVING,
      status: "PENDING",
      deliveryType: "DOWNLOAD",
      snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
    }),
  );
  afterAll(() => emulator.removeRestoreJob(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, MOVING));

  test.each<["COMPLETED" | "FAILED", string | undefined]>([
    ["COMPLETED", undefined],
    ["FAILED", `${described(MOVING)} is FAILED; required status COMPLETED`],
  ])("polls until %s, with a progress line per poll", async (final, failure) => {
    emulator.scheduleRestoreJobProgress(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, MOVING, {
      stepMs: 20_000,
      final,
    });
    const progress: string[] = [];
    const verdict = await lookup(
      { restoreJobId: MOVING, wait: { timeout: "10m", interval: "10s" } },
      {
        onProgress: (p) =>
          progress.push(
            `${p.describe}: ${p.status ?? "-"} after ${p.elapsedMs}ms (poll ${p.polls})`,
          ),
      },
    );
    expect(verdict.restoreJob.status).toBe(final);
    expect(verdict.failure).toBe(failure);
    // 10s, then 15s, 22.5s, …: the job moves every 20s.
    expect(progress).toEqual([
      `${described(MOVING)}: PENDING after 0ms (poll 1)`,
      `${described(MOVING)}: PENDING after 10000ms (poll 2)`,
      `${described(MOVING)}: QUEUED after 25000ms (poll 3)`,
      `${described(MOVING)}: RUNNING after 47500ms (poll 4)`,
      `${described(MOVING)}: ${final} after 81250ms (poll 5)`,
    ]);
    expect(emulator.count({ path: /\/restoreJobs\// })).toBe(5);
    if (final === "COMPLETED") expect(verdict.restoreJob.snapshotUrl).toBe(demoSnapshotUrl(MOVING));
  });

  test("times out with the last status and the time waited", async () => {
    const wait = lookup({
      restoreJobId: DEMO_RESTORE_JOB_IDS.RUNNING,
      wait: { timeout: "30s", interval: "10s" },
    });
    await expect(wait).rejects.toThrow(WaitTimeoutError);
    await expect(wait).rejects.toThrow(
      `timed out after 30s waiting for ${described(DEMO_RESTORE_JOB_IDS.RUNNING)} to complete: its last status was RUNNING (4 polls)`,
    );
  });
});

describe("the download link never reaches a message or a log", () => {
  const downloadJob = { ...cluster, restoreJobId: DEMO_DOWNLOAD_RESTORE_JOB_ID };

  test.each<[string, () => void, RegExp]>([
    [
      "a body cut off on the way",
      () => emulator.injectFault({ path: /\/restoreJobs\//, body: "truncatedJson" }),
      /the response is not JSON/,
    ],
    [
      "a field of the wrong type",
      () =>
        emulator.putRestoreJob(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, {
          id: DEMO_DOWNLOAD_RESTORE_JOB_ID,
          status: "COMPLETED",
          deliveryType: "DOWNLOAD",
          snapshotUrl: SECRET_URL,
          expirationDate: "in four hours",
        }),
      /the response does not match Atlas's schema/,
    ],
  ])("%s: ResponseValidationError without the link", async (_label, arrange, message) => {
    arrange();
    const error = await client.getFlexRestoreJob(downloadJob).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(SIGNATURE);
    expect(JSON.stringify(error)).not.toContain(SIGNATURE);
    expect(logged.join("\n")).not.toContain(SIGNATURE);
    // Put the seeded job back for the other tests.
    emulator.setRestoreJobStatus(
      DEMO_PROJECT_ID,
      DEMO_CLUSTER_NAME,
      DEMO_DOWNLOAD_RESTORE_JOB_ID,
      "COMPLETED",
    );
  });

  test("a wait that times out on a DOWNLOAD job quotes only its id and status", async () => {
    emulator.scheduleRestoreJobProgress(
      DEMO_PROJECT_ID,
      DEMO_CLUSTER_NAME,
      DEMO_DOWNLOAD_RESTORE_JOB_ID,
      { stepMs: 60_000, from: "RUNNING" },
    );
    const error = await lookup({
      restoreJobId: DEMO_DOWNLOAD_RESTORE_JOB_ID,
      wait: { timeout: "5s", interval: "5s" },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `timed out after 5s waiting for ${described(DEMO_DOWNLOAD_RESTORE_JOB_ID)} to complete: its last status was RUNNING (2 polls)`,
    );
    emulator.setRestoreJobStatus(
      DEMO_PROJECT_ID,
      DEMO_CLUSTER_NAME,
      DEMO_DOWNLOAD_RESTORE_JOB_ID,
      "COMPLETED",
    );
  });
});
