/**
 * The emulator's restore job paths, over real HTTP with Node's global `fetch`: every answer is
 * checked against the OpenAPI excerpt in test/fixtures (`FlexBackupRestoreJob20241113`, its
 * paginated view, `ApiError`), with the same strictness as the snapshot paths (path patterns,
 * query parameters, versions, auth, forbidden projects, faults), and the jobs progress on a
 * schedule read from the emulator's clock.
 *
 * What this does not prove: that real Atlas answers exactly like this. The 404 `errorCode` for
 * a missing restore job (`RESTORE_JOB_NOT_FOUND`) is the emulator's choice, not documented by
 * the excerpt.
 */
import {
  DEMO_CLUSTER_NAME,
  DEMO_DOWNLOAD_RESTORE_JOB_ID,
  DEMO_PROGRESSING_RESTORE_JOB_ID,
  DEMO_PROJECT_ID,
  DEMO_RESTORE_JOB_IDS,
  DEMO_SNAPSHOT_IDS,
  demoSnapshotUrl,
  type AtlasEmulator,
} from "../emulator/index";
import { ACCEPT, apiGetObject as apiGet, STATIC_TOKEN as TOKEN } from "./support/atlasHttp";
import { fakeClock, T0 } from "./support/clocks";
import { useEmulator, withEmulator } from "./support/emulatorFixture";
import { RESTORE_JOB } from "./support/kinds";
import {
  loadSpec,
  responseSchema,
  validateSchema,
  withAtlasWireDeviations,
} from "./support/openapi";

const OTHER_GROUP = "0123456789abcdef01234567";
const MISSING_JOB = "6650c0de0000000000000bff";
const spec = withAtlasWireDeviations(loadSpec());
const LIST_TEMPLATE = "/api/atlas/v2/groups/{groupId}/flexClusters/{name}/backup/restoreJobs";
const GET_TEMPLATE = `${LIST_TEMPLATE}/{restoreJobId}`;

/** Path of the restore job list, or of one restore job. */
const jobsPath = RESTORE_JOB.path;

const { emulator: atlas } = useEmulator({ now: () => T0 });

describe("serving restore jobs as the spec describes them", () => {
  const ids = [...Object.values(DEMO_RESTORE_JOB_IDS), DEMO_DOWNLOAD_RESTORE_JOB_ID];

  test.each(ids)("restore job %s validates against FlexBackupRestoreJob20241113", async (id) => {
    const answer = await apiGet(atlas, jobsPath(id));
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe(
      "application/vnd.atlas.2024-11-13+json;charset=utf-8",
    );
    expect(
      validateSchema(spec, responseSchema(spec, GET_TEMPLATE, "get", 200), answer.body),
    ).toEqual([]);
    expect(answer.body).toMatchObject({
      id,
      projectId: DEMO_PROJECT_ID,
      instanceName: DEMO_CLUSTER_NAME,
      snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
      links: [{ href: `${atlas.baseUrl}${jobsPath(id)}`, rel: "self" }],
    });
  });

  test("a COMPLETED RESTORE job, as seeded: into the target cluster, with no download link", async () => {
    const answer = await apiGet(atlas, jobsPath(DEMO_RESTORE_JOB_IDS.COMPLETED));
    expect(answer.body).toEqual({
      deliveryType: "RESTORE",
      id: DEMO_RESTORE_JOB_IDS.COMPLETED,
      instanceName: "orders",
      links: [{ href: `${atlas.baseUrl}${jobsPath(DEMO_RESTORE_JOB_IDS.COMPLETED)}`, rel: "self" }],
      projectId: DEMO_PROJECT_ID,
      restoreFinishedDate: "2025-05-04T08:45:00Z",
      restoreScheduledDate: "2025-05-04T08:42:00Z",
      snapshotFinishedDate: "2025-05-04T03:44:28Z",
      snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
      status: "COMPLETED",
      targetDeploymentItemName: "orders-restore",
      targetProjectId: DEMO_PROJECT_ID,
    });
  });

  test("a COMPLETED DOWNLOAD job has its snapshotUrl and a link that expires four hours on", async () => {
    const answer = await apiGet(atlas, jobsPath(DEMO_DOWNLOAD_RESTORE_JOB_ID));
    expect(answer.body).toMatchObject({
      deliveryType: "DOWNLOAD",
      restoreFinishedDate: "2025-05-04T09:15:00Z",
      expirationDate: "2025-05-04T13:15:00Z",
      snapshotUrl: demoSnapshotUrl(DEMO_DOWNLOAD_RESTORE_JOB_ID),
    });
  });

  test("the list pages newest first, with links and a total, and every page validates", async () => {
    const pages: unknown[][] = [];
    for (const pageNum of [1, 2, 3]) {
      const answer = await apiGet(atlas, `${jobsPath()}?itemsPerPage=2&pageNum=${pageNum}`);
      expect(answer.status).toBe(200);
      expect(
        validateSchema(spec, responseSchema(spec, LIST_TEMPLATE, "get", 200), answer.body),
      ).toEqual([]);
      expect(answer.body["totalCount"]).toBe(6);
      pages.push((answer.body["results"] as { id: string }[]).map((job) => job.id));
      const rels = (answer.body["links"] as { rel: string }[]).map((link) => link.rel);
      expect(rels).toEqual(
        pageNum === 1
          ? ["self", "next"]
          : pageNum === 3
            ? ["previous", "self"]
            : ["previous", "self", "next"],
      );
    }
    expect(pages).toEqual([
      [DEMO_RESTORE_JOB_IDS.PENDING, DEMO_RESTORE_JOB_IDS.QUEUED],
      [DEMO_RESTORE_JOB_IDS.RUNNING, DEMO_DOWNLOAD_RESTORE_JOB_ID],
      [DEMO_RESTORE_JOB_IDS.COMPLETED, DEMO_RESTORE_JOB_IDS.FAILED],
    ]);
  });

  test("a cluster with snapshots but no restore jobs lists none", async () => {
    atlas.putSnapshot(OTHER_GROUP, "quiet", { id: DEMO_SNAPSHOT_IDS.PENDING, status: "PENDING" });
    const answer = await apiGet(atlas, jobsPath(undefined, OTHER_GROUP, "quiet"));
    expect(answer.status).toBe(200);
    expect(answer.body["results"]).toEqual([]);
    expect(answer.body["totalCount"]).toBe(0);
  });
});

describe("the same strictness as the snapshot paths", () => {
  test.each<[string, string, Record<string, string>, number, string, string]>([
    [
      "a restore job id that is not 24 hex digits",
      jobsPath("latest"),
      {},
      400,
      "INVALID_PARAMETER",
      "Invalid value latest for path parameter restoreJobId: must match ^([a-f0-9]{24})$.",
    ],
    [
      "an unknown restore job",
      jobsPath(MISSING_JOB),
      {},
      404,
      "RESTORE_JOB_NOT_FOUND",
      `No restore job with ID ${MISSING_JOB} exists for flex cluster orders.`,
    ],
    [
      "an unknown cluster",
      jobsPath(undefined, DEMO_PROJECT_ID, "nope"),
      {},
      404,
      "CLUSTER_NOT_FOUND",
      `No cluster named nope exists in group ${DEMO_PROJECT_ID}.`,
    ],
    [
      "an unknown project",
      jobsPath(undefined, "0000000000000000000000ff"),
      {},
      404,
      "GROUP_NOT_FOUND",
      "No group with ID 0000000000000000000000ff exists.",
    ],
    [
      "an itemsPerPage over 500",
      `${jobsPath()}?itemsPerPage=501`,
      {},
      400,
      "INVALID_QUERY_PARAMETER",
      "Invalid value 501 for query parameter itemsPerPage: must be an integer from 1 to 500.",
    ],
    [
      "an unversioned Accept",
      jobsPath(DEMO_RESTORE_JOB_IDS.COMPLETED),
      { Accept: "application/json" },
      406,
      "INVALID_VERSION_DATE",
      "Invalid accept header or version date.",
    ],
    [
      "no credentials",
      jobsPath(DEMO_RESTORE_JOB_IDS.COMPLETED),
      { Authorization: "" },
      401,
      "UNAUTHORIZED",
      "",
    ],
  ])("%s", async (_label, path, headers, status, errorCode, detail) => {
    const answer = await apiGet(atlas, path, headers);
    expect(answer.status).toBe(status);
    expect(answer.body["errorCode"]).toBe(errorCode);
    if (detail !== "") expect(answer.body["detail"]).toBe(detail);
    expect(validateSchema(spec, { $ref: "#/components/schemas/ApiError" }, answer.body)).toEqual(
      [],
    );
  });

  test("a forbidden project is refused with the role the spec requires (Project Owner)", async () => {
    await withEmulator({ forbiddenProjects: [DEMO_PROJECT_ID] }, async (forbidding) => {
      const answer = await apiGet(forbidding, jobsPath(DEMO_RESTORE_JOB_IDS.COMPLETED));
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({
        errorCode: "USER_CANNOT_ACCESS_GROUP",
        detail: `The credentials used do not have the Project Owner role in group ${DEMO_PROJECT_ID}.`,
      });
    });
  });

  test("a gone version is answered 410, a deprecated one with Deprecation and Sunset", async () => {
    await withEmulator(
      {
        goneVersions: ["2024-11-13"],
        deprecatedVersions: { "2025-03-12": "Sat, 01 Aug 2026 00:00:00 GMT" },
      },
      async (versioned) => {
        const gone = await apiGet(versioned, jobsPath());
        expect([gone.status, gone.body["errorCode"]]).toEqual([410, "VERSION_GONE"]);
        const deprecated = await apiGet(versioned, jobsPath(), {
          Accept: "application/vnd.atlas.2025-03-12+json",
        });
        expect(deprecated.status).toBe(200);
        expect(deprecated.headers.get("sunset")).toBe("Sat, 01 Aug 2026 00:00:00 GMT");
      },
    );
  });

  test("faults apply to restore job paths like any other", async () => {
    atlas.injectFault({ path: /\/restoreJobs\//, status: 503, times: 1 });
    const first = await apiGet(atlas, jobsPath(DEMO_RESTORE_JOB_IDS.COMPLETED));
    const second = await apiGet(atlas, jobsPath(DEMO_RESTORE_JOB_IDS.COMPLETED));
    expect([first.status, second.status]).toEqual([503, 200]);
    expect(atlas.count({ path: /\/restoreJobs\//, status: 503 })).toBe(1);
  });

  test("only GET is served", async () => {
    const res = await fetch(`${atlas.baseUrl}${jobsPath()}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${TOKEN}`, Accept: ACCEPT },
    });
    expect([res.status, res.headers.get("allow")]).toEqual([405, "GET"]);
  });
});

describe("restore jobs progress on a schedule", () => {
  const ID = "6650c0de0000000000000c01";
  const job = (deliveryType: "RESTORE" | "DOWNLOAD") => ({
    id: ID,
    status: "PENDING",
    deliveryType,
    snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
  });

  test.each<["RESTORE" | "DOWNLOAD", "COMPLETED" | "FAILED", Record<string, unknown>]>([
    ["RESTORE", "COMPLETED", { restoreFinishedDate: "2025-05-04T09:42:03Z" }],
    ["RESTORE", "FAILED", { restoreFinishedDate: "2025-05-04T09:42:03Z" }],
    [
      "DOWNLOAD",
      "COMPLETED",
      {
        restoreFinishedDate: "2025-05-04T09:42:03Z",
        expirationDate: "2025-05-04T13:42:03Z",
        snapshotUrl: demoSnapshotUrl(ID),
      },
    ],
    ["DOWNLOAD", "FAILED", { restoreFinishedDate: "2025-05-04T09:42:03Z" }],
  ])("a %s job ending %s: one status a step, its end stamped", async (delivery, final, end) => {
    const clock = fakeClock();
    await withEmulator({ now: clock.now }, async (moving) => {
      moving.putRestoreJob(DEMO_PROJECT_ID, "blue", job(delivery));
      moving.scheduleRestoreJobProgress(DEMO_PROJECT_ID, "blue", ID, { stepMs: 1_000, final });
      const seen: Record<string, unknown>[] = [];
      for (const elapsed of [0, 1_000, 2_000, 3_000]) {
        clock.set(T0 + elapsed);
        seen.push((await apiGet(moving, jobsPath(ID, DEMO_PROJECT_ID, "blue"))).body);
      }
      expect(seen.map((body) => body["status"])).toEqual(["PENDING", "QUEUED", "RUNNING", final]);
      // The download link exists only once the job is COMPLETED.
      expect(seen.slice(0, 3).map((body) => body["snapshotUrl"])).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
      expect(seen[3]).toMatchObject({ restoreScheduledDate: "2025-05-04T09:42:00Z", ...end });
      if (!("snapshotUrl" in end)) expect(seen[3]).not.toHaveProperty("snapshotUrl");
    });
  });

  test("--progress-step-ms seeds the progressing restore job, which reaches COMPLETED in 3 steps", async () => {
    const clock = fakeClock();
    await withEmulator({ progressStepMs: 500, now: clock.now }, async (seeded) => {
      const statuses: unknown[] = [];
      for (const elapsed of [0, 500, 1_000, 1_500]) {
        clock.set(T0 + elapsed);
        statuses.push(
          (await apiGet(seeded, jobsPath(DEMO_PROGRESSING_RESTORE_JOB_ID))).body["status"],
        );
      }
      expect(statuses).toEqual(["PENDING", "QUEUED", "RUNNING", "COMPLETED"]);
    });
  });

  test("setRestoreJobStatus fills in the times the status implies", async () => {
    const clock = fakeClock();
    await withEmulator({ now: clock.now }, async (moving) => {
      moving.putRestoreJob(DEMO_PROJECT_ID, "blue", job("DOWNLOAD"));
      clock.set(T0 + 60_000);
      moving.setRestoreJobStatus(DEMO_PROJECT_ID, "blue", ID, "COMPLETED");
      const body = (await apiGet(moving, jobsPath(ID, DEMO_PROJECT_ID, "blue"))).body;
      expect(body).toMatchObject({
        status: "COMPLETED",
        restoreScheduledDate: "2025-05-04T09:43:00Z",
        restoreFinishedDate: "2025-05-04T09:43:00Z",
        expirationDate: "2025-05-04T13:43:00Z",
        snapshotUrl: demoSnapshotUrl(ID),
      });
    });
  });

  test.each<[string, (atlas: AtlasEmulator) => void, string]>([
    [
      "setRestoreJobStatus on a missing job",
      (a) => a.setRestoreJobStatus(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, MISSING_JOB, "FAILED"),
      `setStatus: no restore job ${MISSING_JOB} in cluster orders of project ${DEMO_PROJECT_ID}`,
    ],
    [
      "scheduling a COMPLETED job without from",
      (a) =>
        a.scheduleRestoreJobProgress(
          DEMO_PROJECT_ID,
          DEMO_CLUSTER_NAME,
          DEMO_RESTORE_JOB_IDS.COMPLETED,
          { stepMs: 10 },
        ),
      `scheduleProgress: restore job ${DEMO_RESTORE_JOB_IDS.COMPLETED} is COMPLETED, which does not progress; pass \`from\` to restart it`,
    ],
  ])("%s throws", (_label, act, message) => {
    expect(() => act(atlas)).toThrow(message);
  });

  test("a restart from PENDING drops the previous run's end, download link included", async () => {
    const clock = fakeClock();
    await withEmulator({ now: clock.now }, async (moving) => {
      moving.scheduleRestoreJobProgress(
        DEMO_PROJECT_ID,
        DEMO_CLUSTER_NAME,
        DEMO_DOWNLOAD_RESTORE_JOB_ID,
        {
          stepMs: 1_000,
          from: "PENDING",
        },
      );
      const body = (await apiGet(moving, jobsPath(DEMO_DOWNLOAD_RESTORE_JOB_ID))).body;
      expect(body["status"]).toBe("PENDING");
      expect(Object.keys(body).filter((key) => /Finished|expiration|Url/.test(key))).toEqual([
        "snapshotFinishedDate",
      ]);
    });
  });
});
