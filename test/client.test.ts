/**
 * The Atlas client against the local Atlas emulator, over real HTTP on loopback, for both kinds
 * of lookup. Snapshots: every kind of credentials, every error status, retries, the deadline, and
 * the round trips each kind costs. Restore jobs, through the client and the lookup: one job by
 * id, every page of the list, the restore gate met and unmet (exact messages), the wait to
 * COMPLETED and to FAILED, and the secret `snapshotUrl`, which no message, warning or progress
 * line may contain. What is checked alike for both kinds (Atlas's 404 for an unknown id, bad
 * input that sends zero requests) is one table over both.
 */
import {
  AtlasApiError,
  AtlasClient,
  ResponseValidationError,
  resolveSettings,
  TimeoutError,
  ValidationError,
  WaitTimeoutError,
  type Credentials,
} from "../provider";
import {
  lookupLatestRestoreJob,
  lookupRestoreJob,
  type LookupHooks,
} from "../provider/lookups/gatedLookups";
import { restoreJobValues } from "../provider/models/restoreJobModel";
import {
  validateLatestRestoreJobArgs,
  validateRestoreJobLookupArgs,
} from "../provider/lookups/validation";
import {
  DEMO_CLUSTER_NAME,
  DEMO_DOWNLOAD_RESTORE_JOB_ID,
  DEMO_PROJECT_ID,
  DEMO_RESTORE_JOB_IDS,
  DEMO_SNAPSHOT_IDS,
  demoSnapshotUrl,
} from "../emulator";
import {
  ACCOUNT_PROJECTS,
  ACCOUNT_SECRETS,
  multiAccountOptions,
  PROD_SA,
  seedStaging,
  STAGING_KEY,
  STAGING_SA,
  STAGING_SNAPSHOT_ID,
  STAGING_TOKEN,
} from "./support/accounts";
import { CREDENTIAL_KINDS, testClient, type ClientOptions } from "./support/atlasClient";
import { T0, virtualClock } from "./support/clocks";
import { SECRETS, TOKEN } from "./support/credentials";
import { useEmulator } from "./support/emulatorFixture";
import { failure } from "./support/failure";
import { RESTORE_JOB, SNAPSHOT, type LookupKind } from "./support/kinds";

const cluster = { projectId: DEMO_PROJECT_ID, name: DEMO_CLUSTER_NAME };

describe("snapshots", () => {
  const SNAPSHOT_PATH = /\/backup\/snapshots\/[a-f0-9]{24}$/;
  const TOKEN_PATH = "/api/oauth/token";
  const ref = { ...cluster, snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED };
  const { emulator, restart } = useEmulator();
  const client = (kind: Credentials["kind"], extra: Partial<ClientOptions> = {}): AtlasClient =>
    testClient(emulator.baseUrl, kind, extra);

  describe.each(CREDENTIAL_KINDS)("with %s credentials", (kind) => {
    test("reads the snapshot with the versioned media type and the User-Agent", async () => {
      const snapshot = await client(kind).getFlexSnapshot(ref);
      expect(snapshot).toMatchObject({
        id: DEMO_SNAPSHOT_IDS.COMPLETED,
        status: "COMPLETED",
        mongoDBVersion: "8.0.4",
      });
      const last = emulator.requests.filter((request) => SNAPSHOT_PATH.test(request.path)).at(-1)!;
      expect(last.status).toBe(200);
      expect(last.headers["accept"]).toBe("application/vnd.atlas.2024-11-13+json");
      expect(last.headers["user-agent"]).toMatch(
        /^pulumi-atlas-flex-snapshot\/\d+\.\d+\.\d+ \(node v/,
      );
      expect(last.headers["authorization"]).toBe("[REDACTED]");
    });

    test("reads every status, and a status Atlas may add later, as it is", async () => {
      emulator.setStatus(
        DEMO_PROJECT_ID,
        DEMO_CLUSTER_NAME,
        DEMO_SNAPSHOT_IDS.RUNNING,
        "ARCHIVING",
      );
      const c = client(kind);
      const statuses = await Promise.all(
        (["PENDING", "QUEUED", "FAILED", "COMPLETED", "RUNNING"] as const).map(
          async (status) =>
            (await c.getFlexSnapshot({ ...ref, snapshotId: DEMO_SNAPSHOT_IDS[status] })).status,
        ),
      );
      expect(statuses).toEqual(["PENDING", "QUEUED", "FAILED", "COMPLETED", "ARCHIVING"]);
      emulator.setStatus(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, DEMO_SNAPSHOT_IDS.RUNNING, "RUNNING");
    });
  });

  describe("round trips", () => {
    test("20 concurrent service-account lookups cost exactly 1 token request", async () => {
      const c = client("serviceAccount");
      await Promise.all(Array.from({ length: 20 }, () => c.getFlexSnapshot(ref)));
      expect(emulator.count({ method: "POST", path: TOKEN_PATH })).toBe(1);
      expect(emulator.count({ path: SNAPSHOT_PATH })).toBe(20);
      expect(emulator.tokensIssued).toBe(1);
    });

    test("the token is shared by clients of the same service account and renewed once on a 401", async () => {
      await client("serviceAccount").getFlexSnapshot(ref);
      await client("serviceAccount").getFlexSnapshot(ref);
      expect(emulator.count({ path: TOKEN_PATH })).toBe(1);
      emulator.revokeAllTokens();
      await client("serviceAccount").getFlexSnapshot(ref);
      expect(emulator.count({ path: TOKEN_PATH })).toBe(2);
      expect(emulator.count({ path: SNAPSHOT_PATH, status: 401 })).toBe(1);
      expect(emulator.count({ path: SNAPSHOT_PATH, status: 200 })).toBe(3);
    });

    test("an API key costs 2 requests for the first lookup and 1 for each after it", async () => {
      const c = client("apiKey");
      const perLookup: number[] = [];
      for (let i = 0; i < 5; i++) {
        const before = emulator.count({ path: SNAPSHOT_PATH });
        await c.getFlexSnapshot(ref);
        perLookup.push(emulator.count({ path: SNAPSHOT_PATH }) - before);
      }
      expect(perLookup).toEqual([2, 1, 1, 1, 1]);
    });

    test("an access token costs 1 request per lookup", async () => {
      const c = client("accessToken");
      await c.getFlexSnapshot(ref);
      await c.getFlexSnapshot(ref);
      expect(emulator.count()).toBe(2);
    });
  });

  describe("Digest nonce renewal", () => {
    afterAll(async () => restart());

    test.each(["MD5", "SHA-256"] as const)(
      "a stale %s nonce is renewed with one extra request",
      async (digestAlgorithm) => {
        await restart({ digestAlgorithm, nonceMaxUses: 2 });
        const c = client("apiKey");
        for (let i = 0; i < 4; i++) {
          await c.getFlexSnapshot(ref);
        }
        // challenge + 2 uses, then stale 401 + 2 uses.
        expect(emulator.requests.map((request) => request.status)).toEqual([
          401, 200, 200, 401, 200, 200,
        ]);
      },
    );
  });

  describe("errors", () => {
    afterAll(async () => restart());

    test.each([
      [
        "404 for an unknown cluster",
        {},
        { ...ref, name: "nope" },
        404,
        "NotFoundError",
        /^\[404 Not Found\] GET .*\/flexClusters\/nope\/.*: [A-Z_]+/,
      ],
    ])("%s", async (_label, _options, lookup, status, name, message) => {
      const error = await failure(client("accessToken").getFlexSnapshot(lookup));
      expect(error).toBeInstanceOf(AtlasApiError);
      expect(error).toMatchObject({ status, name });
      expect((error as Error).message).toMatch(message);
    });

    test.each([
      ["400", 400, "INVALID_PARAMETER", "BadRequestError", 1],
      ["500 after the retry budget", 500, "UNEXPECTED_ERROR", "InternalServerError", 5],
      ["503 after the retry budget", 503, "SERVICE_UNAVAILABLE", "InternalServerError", 5],
      ["429 after the retry budget", 429, "RATE_LIMITED", "RateLimitError", 5],
    ])("%s", async (_label, status, errorCode, name, attempts) => {
      emulator.injectFault({ path: SNAPSHOT_PATH, status, errorCode, times: 10 });
      const error = await failure(client("accessToken").getFlexSnapshot(ref));
      expect(error).toMatchObject({ status, errorCode, name });
      expect(emulator.count({ path: SNAPSHOT_PATH })).toBe(attempts);
    });

    test("401 with bad credentials says which role is needed, and never quotes the secret", async () => {
      const c = new AtlasClient({
        baseUrl: emulator.baseUrl,
        credentials: { kind: "apiKey", publicKey: "demopubk", privateKey: "wrong-private-key" },
      });
      const error = await failure(c.getFlexSnapshot(ref));
      expect(error).toMatchObject({ status: 401, name: "AuthenticationError" });
      expect(error.message).toContain("Project Read Only");
      expect(`${error.message}\n${error.stack}\n${JSON.stringify(error)}`).not.toContain(
        "wrong-private-key",
      );
    });

    test("401 from the token endpoint for a bad client secret", async () => {
      const c = new AtlasClient({
        baseUrl: emulator.baseUrl,
        credentials: {
          kind: "serviceAccount",
          clientId: "mdb_sa_id_nobody",
          clientSecret: "bad-secret-value",
        },
      });
      const error = await failure(c.getFlexSnapshot(ref));
      expect(error).toMatchObject({
        status: 401,
        name: "AuthenticationError",
        errorCode: "invalid_client",
      });
      expect(error.message).toMatch(
        /^\[401 Unauthorized\] POST \/api\/oauth\/token: invalid_client/,
      );
      expect(JSON.stringify(error) + error.message).not.toContain("bad-secret-value");
      expect(emulator.count({ path: SNAPSHOT_PATH })).toBe(0);
    });

    test("403 says which role is needed", async () => {
      await restart({ forbiddenProjects: [DEMO_PROJECT_ID] });
      const error = await failure(client("accessToken").getFlexSnapshot(ref));
      expect(error).toMatchObject({ status: 403, name: "PermissionDeniedError" });
      expect(error.message).toContain("needs the Project Read Only role");
    });

    test("406 INVALID_VERSION_DATE says what to change", async () => {
      await restart();
      const error = await failure(
        client("accessToken", { apiVersion: "2023-01-01" }).getFlexSnapshot(ref),
      );
      expect(error).toMatchObject({
        status: 406,
        errorCode: "INVALID_VERSION_DATE",
        name: "ApiVersionError",
      });
      expect(error.message).toContain('set apiVersion to "2024-11-13"');
    });

    test("410 VERSION_GONE says what to change", async () => {
      await restart({ goneVersions: ["2024-11-13"] });
      const error = await failure(client("accessToken").getFlexSnapshot(ref));
      expect(error).toMatchObject({
        status: 410,
        errorCode: "VERSION_GONE",
        name: "ApiVersionError",
      });
      expect(error.message).toContain("has been retired");
    });

    test("Deprecation and Sunset headers become one warning", async () => {
      await restart({ deprecatedVersions: { "2024-11-13": "Sat, 01 May 2027 00:00:00 GMT" } });
      const warnings: string[] = [];
      const c = client("accessToken", { onWarning: (message) => warnings.push(message) });
      await c.getFlexSnapshot(ref);
      await c.getFlexSnapshot(ref);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        /^Atlas API version 2024-11-13 is deprecated .*and will be removed on Sat, 01 May 2027 00:00:00 GMT; upgrade pulumi-atlas-flex-snapshot or set apiVersion to a newer version$/,
      );
    });

    test("no error message or recorded request holds a secret", async () => {
      const messages: string[] = [];
      for (const kind of CREDENTIAL_KINDS) {
        emulator.injectFault({ path: SNAPSHOT_PATH, status: 400 });
        const e = await failure(client(kind).getFlexSnapshot(ref));
        messages.push(`${e.message}\n${e.stack}\n${JSON.stringify(e)}`);
      }
      const everything = messages.join("\n") + JSON.stringify(emulator.requests);
      for (const secret of SECRETS) {
        expect(everything).not.toContain(secret);
      }
    });
  });

  describe("retries and the deadline", () => {
    test("429 with Retry-After waits as told, then succeeds", async () => {
      emulator.injectFault({ path: SNAPSHOT_PATH, status: 429, retryAfter: "1" });
      const started = Date.now();
      const snapshot = await client("accessToken").getFlexSnapshot(ref);
      const elapsed = Date.now() - started;
      expect(snapshot.status).toBe("COMPLETED");
      expect(emulator.requests.map((request) => request.status)).toEqual([429, 200]);
      expect(elapsed).toBeGreaterThanOrEqual(950);
    });

    test("503 then success", async () => {
      emulator.injectFault({ path: SNAPSHOT_PATH, status: 503, times: 2 });
      const snapshot = await client("accessToken").getFlexSnapshot(ref);
      expect(snapshot.status).toBe("COMPLETED");
      expect(emulator.requests.map((request) => request.status)).toEqual([503, 503, 200]);
    });

    test("a reset connection is retried", async () => {
      emulator.injectFault({ path: SNAPSHOT_PATH, resetConnection: true });
      const snapshot = await client("accessToken").getFlexSnapshot(ref);
      expect(snapshot.status).toBe("COMPLETED");
      expect(emulator.count({ path: SNAPSHOT_PATH })).toBe(2);
    });

    test("a server that never answers: the deadline holds", async () => {
      emulator.injectFault({ path: SNAPSHOT_PATH, hang: true, times: 100 });
      const c = client("accessToken", { timeouts: { headersMs: 400, deadlineMs: 1_500 } });
      const started = Date.now();
      const error = await failure(c.getFlexSnapshot(ref));
      const elapsed = Date.now() - started;
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error.message).toMatch(/^GET \/api\/atlas\/v2\/groups\/.*: connection failed: /);
      expect(elapsed).toBeLessThan(1_500 + 1_000);
      expect(emulator.count({ path: SNAPSHOT_PATH })).toBeGreaterThanOrEqual(2);
    });
  });
});

describe("restore jobs", () => {
  const OTHER_SNAPSHOT = "6650c0de0000000000000009";
  const OTHER_PROJECT = "0123456789abcdef01234567";
  const described = (id: string) => RESTORE_JOB.describe(id);
  const SECRET_URL = demoSnapshotUrl(DEMO_DOWNLOAD_RESTORE_JOB_ID);
  /** The part of the download link that is the credential. */
  const SIGNATURE = new URL(SECRET_URL).searchParams.get("X-Amz-Signature")!;

  /** Virtual time shared by the emulator and the wait: sleeping moves the clock. */
  const clock = virtualClock(T0);
  const { emulator } = useEmulator({ now: clock.now });
  let client: AtlasClient;
  /** Every warning the client emitted. */
  const logged: string[] = [];

  beforeAll(() => {
    const settings = resolveSettings(
      { get: () => undefined },
      { MONGODB_ATLAS_ACCESS_TOKEN: TOKEN, MONGODB_ATLAS_BASE_URL: emulator.baseUrl },
    );
    client = AtlasClient.fromSettings(settings, {
      retry: { minDelayMs: 1, maxDelayMs: 1 },
      onWarning: (message) => logged.push(message),
    });
  });
  beforeEach(() => {
    clock.set(T0);
    logged.length = 0;
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

    test.each([1, 2, 5, 500])(
      "the list reads every page (%i a page), one deadline",
      async (size) => {
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
      },
    );
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
  });

  describe("the latest restore job", () => {
    /** Two jobs of another snapshot, both older than every demo job: a COMPLETED, then a FAILED. */
    const OLDER = "6650c0de0000000000000c01";
    const NEWER = "6650c0de0000000000000c02";
    const NO_JOBS = "6650c0de00000000000000ff";
    beforeEach(() => {
      for (const [id, status, at] of [
        [OLDER, "COMPLETED", "2025-05-04T06:00:00Z"],
        [NEWER, "FAILED", "2025-05-04T07:00:00Z"],
      ] as const) {
        emulator.putRestoreJob(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, {
          id,
          status,
          deliveryType: "RESTORE",
          snapshotId: OTHER_SNAPSHOT,
          restoreScheduledDate: at,
          restoreFinishedDate: at.replace("00:00Z", "03:00Z"),
          targetDeploymentItemName: "orders-restore",
          targetProjectId: DEMO_PROJECT_ID,
        });
      }
    });

    /** Looks the latest restore job up as the provider and the CLI do. */
    async function latest(input: Record<string, unknown>) {
      return lookupLatestRestoreJob(
        client,
        validateLatestRestoreJobArgs({ ...cluster, ...input }),
        {
          clock,
        },
      );
    }

    test.each<[string, Record<string, unknown>, string | undefined, object]>([
      [
        "the cluster's latest (the PENDING job, scheduled next) meets a gate on snapshot and target",
        {
          require: {
            snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
            targetDeploymentItemName: "orders-restore",
          },
        },
        DEMO_RESTORE_JOB_IDS.PENDING,
        { shortfalls: [], failure: undefined, warnings: [] },
      ],
      [
        "the latest of the COMPLETED snapshot is still PENDING: a COMPLETED gate is unmet",
        { snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED, require: { status: "COMPLETED" } },
        DEMO_RESTORE_JOB_IDS.PENDING,
        {
          shortfalls: ["is PENDING; required status COMPLETED"],
          failure: `${described(DEMO_RESTORE_JOB_IDS.PENDING)} is PENDING; required status COMPLETED`,
          warnings: [],
        },
      ],
      [
        "the latest of another snapshot, not the cluster's: its newer job FAILED",
        { snapshotId: OTHER_SNAPSHOT, require: { status: "COMPLETED" } },
        NEWER,
        {
          shortfalls: ["is FAILED; required status COMPLETED"],
          failure: `${described(NEWER)} is FAILED; required status COMPLETED`,
          warnings: [],
        },
      ],
      [
        "no job of that snapshot: unmet, with no restore job",
        { snapshotId: NO_JOBS, require: { status: "COMPLETED" } },
        undefined,
        {
          shortfalls: [],
          failure: `flex cluster "${DEMO_CLUSTER_NAME}" in project ${DEMO_PROJECT_ID} has no restore job of snapshot ${NO_JOBS} (8 restore job(s) in all)`,
          warnings: [],
        },
      ],
    ])("%s", async (_label, input, restoreJobId, expected) => {
      const verdict = await latest(input);
      expect(verdict).toMatchObject(expected);
      expect(verdict.restoreJob?.id).toBe(restoreJobId);
      // One listing and no read by id: the listing is the first (and, without a wait, only) poll.
      expect(emulator.count({ path: /\/restoreJobs$/ })).toBe(1);
      expect(emulator.count({ path: /\/restoreJobs\// })).toBe(0);
    });

    test("waits as for a job by id; a timeout keeps the latest job's last status and ids", async () => {
      const error = await failure(
        latest({
          snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
          wait: { timeout: "2s", interval: "1s" },
        }),
      );
      expect(error).toBeInstanceOf(WaitTimeoutError);
      expect(error).toMatchObject({
        message: `timed out after 2s waiting for ${described(DEMO_RESTORE_JOB_IDS.PENDING)} to complete: its last status was PENDING (3 polls)`,
        lastStatus: "PENDING",
        lastSeen: { id: DEMO_RESTORE_JOB_IDS.PENDING, snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED },
      });
      // The listing, then each later poll reads the job it found by id.
      expect(emulator.count({ path: /\/restoreJobs$/ })).toBe(1);
      expect(emulator.count({ path: /\/restoreJobs\// })).toBe(2);
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
      if (final === "COMPLETED")
        expect(verdict.restoreJob.snapshotUrl).toBe(demoSnapshotUrl(MOVING));
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
});

describe("both kinds alike", () => {
  const { emulator } = useEmulator();

  test.each<{ kind: LookupKind; id: string; message: RegExp | string }>([
    {
      kind: SNAPSHOT,
      id: "0000000000000000000000aa",
      message:
        /^\[404 Not Found\] GET \/api\/atlas\/v2\/groups\/[a-f0-9]{24}\/flexClusters\/orders\/backup\/snapshots\/0000000000000000000000aa: [A-Z_]+: /,
    },
    {
      kind: RESTORE_JOB,
      id: "6650c0de0000000000000bff",
      message:
        "[404 Not Found] GET /api/atlas/v2/groups/6650c0de0000000000000a11/flexClusters/orders/backup/restoreJobs/6650c0de0000000000000bff: RESTORE_JOB_NOT_FOUND: No restore job with ID 6650c0de0000000000000bff exists for flex cluster orders.",
    },
  ])("$kind.label: an unknown id is Atlas's 404, named", async ({ kind, id, message }) => {
    const error = await failure(
      kind.fetch(testClient(emulator.baseUrl, "accessToken"), cluster, id),
    );
    expect(error).toBeInstanceOf(AtlasApiError);
    expect(error).toMatchObject({ status: 404, name: "NotFoundError" });
    expect(error.message).toMatch(message);
  });

  const snapshot = { ...cluster, snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED };
  test.each<[string, (client: AtlasClient) => Promise<unknown>, string]>([
    [
      "snapshot: an invalid projectId",
      (client) => client.getFlexSnapshot({ ...snapshot, projectId: "nothex" }),
      "invalid projectId ",
    ],
    [
      "snapshot: an invalid name",
      (client) => client.getFlexSnapshot({ ...snapshot, name: "bad name" }),
      "invalid name ",
    ],
    [
      "snapshot: an invalid snapshotId",
      (client) => client.getFlexSnapshot({ ...snapshot, snapshotId: "123" }),
      "invalid snapshotId ",
    ],
    [
      "restore job: getFlexRestoreJob with a short id",
      (client) => client.getFlexRestoreJob({ ...cluster, restoreJobId: "b01" }),
      'invalid restoreJobId "b01": expected a 24-character hexadecimal restore job id matching ^([a-f0-9]{24})$',
    ],
    [
      "restore job: listAllFlexRestoreJobs with a bad cluster name",
      (client) => client.listAllFlexRestoreJobs({ ...cluster, name: "../snapshots" }),
      'invalid name "../snapshots": expected a flex cluster name matching ^[a-zA-Z0-9][a-zA-Z0-9-]*$',
    ],
    [
      "snapshots: listAllFlexSnapshots with a page size above Atlas's 500",
      (client) => client.listAllFlexSnapshots(cluster, { itemsPerPage: 501 }),
      "invalid itemsPerPage 501: expected an integer from 1 to 500",
    ],
    [
      "restore jobs: listAllFlexRestoreJobs with no page to read",
      (client) => client.listAllFlexRestoreJobs(cluster, { maxPages: 0 }),
      "invalid maxPages 0: expected a whole number of pages, at least 1",
    ],
    [
      "restore job: a lookup whose gate names a bad target project",
      async (client) =>
        lookupRestoreJob(
          client,
          validateRestoreJobLookupArgs({
            ...cluster,
            restoreJobId: DEMO_RESTORE_JOB_IDS.COMPLETED,
            require: { targetProjectId: "nope" },
          }),
        ),
      'invalid require.targetProjectId "nope": expected a 24-character hexadecimal project id matching ^([a-f0-9]{24})$',
    ],
  ])("%s fails before any request", async (_label, act, message) => {
    const error = await failure(act(testClient(emulator.baseUrl, "serviceAccount")));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain(message);
    expect(emulator.count()).toBe(0);
  });
});

describe("several accounts, each scoped to its project", () => {
  const { emulator } = useEmulator(multiAccountOptions());
  beforeEach(() => seedStaging(emulator));

  const accounts: [string, Credentials, "prod" | "staging"][] = [
    ["production's service account", { kind: "serviceAccount", ...PROD_SA }, "prod"],
    ["staging's service account", { kind: "serviceAccount", ...STAGING_SA }, "staging"],
    ["staging's API key", { kind: "apiKey", ...STAGING_KEY }, "staging"],
    ["staging's access token", { kind: "accessToken", accessToken: STAGING_TOKEN }, "staging"],
  ];

  test.each(accounts)("%s reads its own project", async (_label, credentials, own) => {
    const client = new AtlasClient({ baseUrl: emulator.baseUrl, credentials });
    const snapshots = await client.listAllFlexSnapshots(ACCOUNT_PROJECTS[own]);
    const expected = own === "prod" ? DEMO_SNAPSHOT_IDS.COMPLETED : STAGING_SNAPSHOT_ID;
    expect(snapshots.map((snapshot) => snapshot.id)).toContain(expected);
    expect(snapshots.length).toBe(own === "prod" ? 9 : 1);
  });

  test.each(accounts)(
    "%s is refused another organization's project with Atlas's 401",
    async (_label, credentials, own) => {
      const other = ACCOUNT_PROJECTS[own === "prod" ? "staging" : "prod"];
      const client = new AtlasClient({ baseUrl: emulator.baseUrl, credentials });
      const error = await failure(client.listAllFlexSnapshots(other));
      expect(error).toMatchObject({ name: "AuthenticationError", status: 401 });
      // A client made in code knows no setting to name.
      expect(error.message).toBe(
        `[401 Unauthorized] GET /api/atlas/v2/groups/${other.projectId}/flexClusters/${other.name}/backup/snapshots?pageNum=1&itemsPerPage=500&includeCount=true: UNAUTHORIZED: You are not authorized for this resource. (check the credentials; the service account or API key needs the Project Read Only role on this project)`,
      );
      for (const secret of ACCOUNT_SECRETS) expect(error.message).not.toContain(secret);
    },
  );
});
