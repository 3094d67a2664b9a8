/**
 * The new lookups through Pulumi's real dynamic-provider host: the latest snapshot, the list
 * (every page), the freshness gate, and waiting (with the emulator moving a snapshot along),
 * in `up` and in preview. Needs `npm run build`.
 */
import { clearTokenCache } from "../provider/atlas/auth";
import { providerShim } from "../sdk/nodejs/providerShim";
import {
  DEMO_CLUSTER_NAME,
  DEMO_CREDENTIALS,
  DEMO_OLDER_SNAPSHOT_IDS,
  DEMO_PROJECT_ID,
  DEMO_SNAPSHOT_IDS,
  startAtlasEmulator,
  type AtlasEmulator,
} from "../emulator";
import { ProviderHost, serializeProvider } from "./support/providerHost";

const cluster = { projectId: DEMO_PROJECT_ID, name: DEMO_CLUSTER_NAME };
let emulator: AtlasEmulator;
let host: ProviderHost;
let serialized: string;

beforeAll(async () => {
  emulator = await startAtlasEmulator();
  serialized = await serializeProvider(providerShim);
  host = await ProviderHost.start({ PULUMI_NODEJS_PROJECT: "flex-test" });
  await host.configure({
    "mongodbatlas:accessToken": DEMO_CREDENTIALS.accessTokens[0]!,
    "mongodbatlas:baseUrl": emulator.baseUrl,
  });
});
beforeEach(() => {
  emulator.reset();
  clearTokenCache();
});
afterAll(async () => {
  await host.stop();
  await emulator.close();
});

const read = (id: string, props: Record<string, unknown>) =>
  host.read(id, { ...props, __provider: serialized });

describe("the list", () => {
  test("returns every snapshot, from every page", async () => {
    const result = await read(`${DEMO_PROJECT_ID}/orders`, { lookup: "list", ...cluster });
    const results = result.properties["results"] as {
      snapshotId: string;
      status: string;
      mongoDbVersion: string;
    }[];
    expect(results.map((s) => s.snapshotId).sort()).toEqual(
      [...Object.values(DEMO_SNAPSHOT_IDS), ...DEMO_OLDER_SNAPSHOT_IDS].sort(),
    );
    expect(results.every((s) => s.mongoDbVersion === "8.0.4")).toBe(true);
    expect(emulator.requests.map((r) => r.query["itemsPerPage"])).toEqual(["500"]);
  });
});

describe("the latest snapshot", () => {
  test.each([
    ["of any status", undefined, "PENDING"],
    ["among COMPLETED", "COMPLETED", "COMPLETED"],
    ["among FAILED or RUNNING", ["FAILED", "RUNNING"], "RUNNING"],
  ])("%s", async (_label, statusFilter, status) => {
    const filter = statusFilter === undefined ? {} : { statusFilter };
    const result = await read(`${DEMO_PROJECT_ID}/orders/latest`, {
      lookup: "latest",
      ...cluster,
      ...filter,
    });
    expect(result.properties).toMatchObject({
      status,
      snapshotId: DEMO_SNAPSHOT_IDS[status as keyof typeof DEMO_SNAPSHOT_IDS],
    });
  });

  test("fails when no snapshot has the status", async () => {
    emulator.removeSnapshot(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, DEMO_SNAPSHOT_IDS.QUEUED);
    await expect(
      read("x", { lookup: "latest", ...cluster, statusFilter: "QUEUED" }),
    ).rejects.toThrow(
      `flex cluster "orders" in project ${DEMO_PROJECT_ID} has no snapshot with status QUEUED (8 snapshot(s) in all)`,
    );
  });

  test("a freshness gate on the latest COMPLETED one", async () => {
    const ok = await read("x", {
      lookup: "latest",
      ...cluster,
      statusFilter: "COMPLETED",
      require: { maxAge: "7d", minRemaining: "1d" },
    });
    expect(ok.properties["status"]).toBe("COMPLETED");
    await expect(
      read("x", {
        lookup: "latest",
        ...cluster,
        statusFilter: "COMPLETED",
        require: { maxAge: "1s" },
      }),
    ).rejects.toThrow(
      new RegExp(
        `snapshot ${DEMO_SNAPSHOT_IDS.COMPLETED} of flex cluster "orders" in project ${DEMO_PROJECT_ID} finished \\S+ ago \\(at [^)]+\\); required finished within 1s`,
      ),
    );
  });
});

describe("waiting", () => {
  const waiting = { ...cluster, snapshotId: DEMO_SNAPSHOT_IDS.PENDING };
  // reset() keeps statuses: put the snapshot these tests move back where it was seeded.
  afterEach(() =>
    emulator.setStatus(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, DEMO_SNAPSHOT_IDS.PENDING, "PENDING"),
  );

  test("polls until the snapshot completes, and shows progress", async () => {
    emulator.scheduleProgress(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, DEMO_SNAPSHOT_IDS.PENDING, {
      stepMs: 300,
      from: "PENDING",
    });
    const result = await read(waiting.snapshotId, {
      ...waiting,
      wait: { timeout: "30s", interval: "1s" },
    });
    expect(result.properties).toMatchObject({
      status: "COMPLETED",
      finishTime: expect.any(String),
      warnings: [],
    });
    const polls = emulator.count({ path: /\/snapshots\/[a-f0-9]{24}$/ });
    expect(polls).toBeGreaterThanOrEqual(2);
    expect(host.output.stderr).toMatch(
      new RegExp(
        `waiting for snapshot ${DEMO_SNAPSHOT_IDS.PENDING} of flex cluster "orders" in project ${DEMO_PROJECT_ID}: PENDING after \\d+ms \\(poll 1\\)`,
      ),
    );
  });

  test("FAILED fails at once", async () => {
    emulator.scheduleProgress(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, DEMO_SNAPSHOT_IDS.PENDING, {
      stepMs: 200,
      final: "FAILED",
      from: "PENDING",
    });
    await expect(
      read(waiting.snapshotId, { ...waiting, wait: { timeout: "30s", interval: "1s" } }),
    ).rejects.toThrow(
      `snapshot ${DEMO_SNAPSHOT_IDS.PENDING} of flex cluster "orders" in project ${DEMO_PROJECT_ID} is FAILED; required status COMPLETED`,
    );
  });

  test("the timeout fails with the last status and the time waited", async () => {
    await expect(
      read(DEMO_SNAPSHOT_IDS.RUNNING, {
        ...cluster,
        snapshotId: DEMO_SNAPSHOT_IDS.RUNNING,
        wait: { timeout: "1s", interval: "1s" },
      }),
    ).rejects.toThrow(
      new RegExp(
        `timed out after 1s waiting for snapshot ${DEMO_SNAPSHOT_IDS.RUNNING} of flex cluster "orders" in project ${DEMO_PROJECT_ID} to complete: its last status was RUNNING \\(\\d+ polls\\)`,
      ),
    );
  });

  test("in preview it reports the current status without waiting, with a warning", async () => {
    const result = await read(waiting.snapshotId, {
      ...waiting,
      preview: true,
      wait: { timeout: "10m" },
    });
    expect(result.properties["status"]).toBe("PENDING");
    expect(result.properties["warnings"]).toEqual([
      `the gate is not met yet: snapshot ${DEMO_SNAPSHOT_IDS.PENDING} of flex cluster "orders" in project ${DEMO_PROJECT_ID} is PENDING; required status COMPLETED. \`pulumi up\` will wait up to 10m for it.`,
    ]);
    expect(emulator.count()).toBe(1);
  });

  test("in preview it waits and enforces when asked to", async () => {
    await expect(
      read(DEMO_SNAPSHOT_IDS.RUNNING, {
        ...cluster,
        snapshotId: DEMO_SNAPSHOT_IDS.RUNNING,
        preview: true,
        wait: { timeout: "1s", interval: "1s", enforceInPreview: true },
      }),
    ).rejects.toThrow(/timed out after \d+(ms|s) waiting for snapshot/);
  });
});
