/**
 * The SDK under `pulumi.runtime.setMocks`: the mock engine answers each read by calling the
 * real provider's `read`, which fetches from the local Atlas emulator. This proves the SDK's
 * names, result mapping, sharing and early validation; it does not prove the provider host or
 * the engine (providerHost.test.ts and engine.test.ts do).
 */
import * as pulumi from "@pulumi/pulumi";
import { FlexSnapshotError, GateError, NotFoundError, ValidationError } from "../provider";
import { clearTokenCache } from "../provider/atlas/auth";
import { FlexLookupProvider } from "../provider/pulumi/dynamicProvider";
import { resetLookupCache } from "../sdk/getFlexSnapshot";
import {
  DEMO_CLUSTER_NAME,
  DEMO_CREDENTIALS,
  DEMO_OLDER_SNAPSHOT_IDS,
  DEMO_PROJECT_ID,
  DEMO_SNAPSHOT_IDS,
  startAtlasEmulator,
  type AtlasEmulator,
} from "../emulator";

const TYPE = "pulumi-nodejs:dynamic/atlas:FlexSnapshot";
let emulator: AtlasEmulator;
const registered: pulumi.runtime.MockResourceArgs[] = [];
let sdk: typeof import("../sdk");

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

beforeAll(async () => {
  emulator = await startAtlasEmulator();
  const provider = new FlexLookupProvider({});
  const sa = DEMO_CREDENTIALS.serviceAccounts[0]!;
  const config: Record<string, string> = {
    "mongodbatlas:clientId": sa.clientId,
    "mongodbatlas:clientSecret": sa.clientSecret,
    "mongodbatlas:baseUrl": emulator.baseUrl,
  };
  await provider.configure({ config: { get: (key) => config[key] } });
  await pulumi.runtime.setMocks(
    {
      newResource: async (args) => {
        registered.push(args);
        if (!args.type.startsWith("pulumi-nodejs:dynamic/atlas:") || args.id === undefined) {
          throw new Error(`unexpected resource ${args.type}`);
        }
        const result = await provider.read(args.id, args.inputs);
        return { id: result.id!, state: result.props };
      },
      call: () => {
        throw new Error("no calls expected");
      },
    },
    "flex-test",
    "dev",
    false,
  );
  // Imported after the mocks are set, as Pulumi's own guidance asks.
  sdk = await import("../sdk");
});
beforeEach(() => {
  registered.length = 0;
  emulator.reset();
  clearTokenCache();
  resetLookupCache();
});
afterAll(async () => emulator.close());

const args = {
  projectId: DEMO_PROJECT_ID,
  name: DEMO_CLUSTER_NAME,
  snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
};

test("getFlexSnapshotOutput returns the result with @pulumi/mongodbatlas's names", async () => {
  const result = await valueOf(sdk.getFlexSnapshotOutput(args));
  expect(Object.keys(result).sort()).toEqual([
    "expiration",
    "finishTime",
    "id",
    "mongoDbVersion",
    "name",
    "projectId",
    "scheduledTime",
    "snapshotId",
    "startTime",
    "status",
  ]);
  expect(result).toMatchObject({
    ...args,
    id: DEMO_SNAPSHOT_IDS.COMPLETED,
    status: "COMPLETED",
    mongoDbVersion: "8.0.4",
  });
  expect(result.finishTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
});

test("what Atlas did not return is the empty string", async () => {
  const result = await valueOf(
    sdk.getFlexSnapshotOutput({ ...args, snapshotId: DEMO_SNAPSHOT_IDS.PENDING }),
  );
  expect(result).toMatchObject({
    status: "PENDING",
    finishTime: "",
    startTime: "",
    expiration: "",
  });
});

test("getFlexSnapshot resolves a promise of the same result", async () => {
  const result = await sdk.getFlexSnapshot({ ...args, snapshotId: DEMO_SNAPSHOT_IDS.FAILED });
  expect(result).toMatchObject({ status: "FAILED", snapshotId: DEMO_SNAPSHOT_IDS.FAILED });
});

test("two lookups of the same snapshot share one read", async () => {
  const first = sdk.getFlexSnapshotOutput(args);
  const second = sdk.getFlexSnapshotOutput({ ...args });
  const [a, b] = await Promise.all([valueOf(first), valueOf(second)]);
  expect(a).toEqual(b);
  expect(registered.filter((resource) => resource.type === TYPE)).toHaveLength(1);
  expect(emulator.count({ path: /\/snapshots\//, status: 200 })).toBe(1);
});

test("the lookup registers a read of the snapshot id, with the shim as __provider", async () => {
  await valueOf(sdk.getFlexSnapshotOutput({ ...args, require: { status: "COMPLETED" } }));
  expect(registered).toHaveLength(1);
  const [resource] = registered;
  expect(resource).toMatchObject({
    type: TYPE,
    id: DEMO_SNAPSHOT_IDS.COMPLETED,
    name: `orders-${DEMO_SNAPSHOT_IDS.COMPLETED}-completed`,
    custom: true,
  });
  expect(resource!.inputs["__provider"]).toContain("pulumi-atlas-flex-snapshot/provider");
});

test.each([
  ["projectId", { ...args, projectId: "0123" }, 'invalid projectId "0123"'],
  ["name", { ...args, name: "_orders" }, 'invalid name "_orders"'],
  ["require.status", { ...args, require: { status: "Done" } }, 'invalid require.status "Done"'],
])(
  "an invalid %s throws at once, before anything is registered or sent",
  (_field, bad, message) => {
    expect(() => sdk.getFlexSnapshotOutput(bad)).toThrow(message);
    expect(registered).toHaveLength(0);
    expect(emulator.count()).toBe(0);
  },
);

test("an invalid argument thrown into the program is marked to print as Pulumi prints a RunError", () => {
  let thrown: unknown;
  try {
    sdk.getFlexSnapshotOutput({ ...args, projectId: "0123" });
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ValidationError);
  expect(pulumi.RunError.isInstance(thrown)).toBe(true);
});

test("preview is registered under __preview, which the engine's diff does not show", async () => {
  await valueOf(sdk.getFlexSnapshotOutput(args));
  expect(registered[0]!.inputs["__preview"]).toBe(false);
  expect(registered[0]!.inputs).not.toHaveProperty("preview");
});

const UNKNOWN_SNAPSHOT = "6650c0de00000000000000ff";

describe("the Promise forms reject when the lookup fails", () => {
  const failedGate = `snapshot ${DEMO_SNAPSHOT_IDS.FAILED} of flex cluster "orders" in project ${DEMO_PROJECT_ID} is FAILED; required status COMPLETED`;
  const notFound = `[404 Not Found] GET /api/atlas/v2/groups/${DEMO_PROJECT_ID}/flexClusters/orders/backup/snapshots/${UNKNOWN_SNAPSHOT}: SNAPSHOT_NOT_FOUND`;
  test.each<[string, () => Promise<unknown>, new (...a: never[]) => Error, string]>([
    [
      "getFlexSnapshot: an unmet gate",
      () =>
        sdk.getFlexSnapshot({
          ...args,
          snapshotId: DEMO_SNAPSHOT_IDS.FAILED,
          require: { status: "COMPLETED" },
        }),
      FlexSnapshotError,
      failedGate,
    ],
    [
      "getFlexSnapshot: Atlas's 404",
      () => sdk.getFlexSnapshot({ ...args, snapshotId: UNKNOWN_SNAPSHOT }),
      FlexSnapshotError,
      notFound,
    ],
    [
      "getFlexSnapshot: an invalid argument, before anything is registered",
      () => sdk.getFlexSnapshot({ ...args, projectId: "0123" }),
      ValidationError,
      'invalid projectId "0123"',
    ],
    [
      "getLatestFlexSnapshot: an unmet gate",
      () =>
        sdk.getLatestFlexSnapshot({
          projectId: DEMO_PROJECT_ID,
          name: DEMO_CLUSTER_NAME,
          status: "COMPLETED",
          require: { maxAge: "1s" },
        }),
      FlexSnapshotError,
      `snapshot ${DEMO_SNAPSHOT_IDS.COMPLETED} of flex cluster "orders" in project ${DEMO_PROJECT_ID} finished`,
    ],
    [
      "getLatestFlexSnapshot: an invalid status filter",
      () =>
        sdk.getLatestFlexSnapshot({
          projectId: DEMO_PROJECT_ID,
          name: DEMO_CLUSTER_NAME,
          status: "done",
        }),
      ValidationError,
      'invalid status "done"',
    ],
    [
      "getFlexSnapshots: Atlas's 404 for an unknown cluster",
      () => sdk.getFlexSnapshots({ projectId: DEMO_PROJECT_ID, name: "nowhere" }),
      FlexSnapshotError,
      `[404 Not Found] GET /api/atlas/v2/groups/${DEMO_PROJECT_ID}/flexClusters/nowhere/backup/snapshots`,
    ],
    [
      "getFlexSnapshots: an invalid name",
      () => sdk.getFlexSnapshots({ projectId: DEMO_PROJECT_ID, name: "_x" }),
      ValidationError,
      'invalid name "_x"',
    ],
  ])("%s", async (_label, lookup, errorClass, message) => {
    const error = await lookup().then(
      () => undefined,
      (rejected: unknown) => rejected,
    );
    expect(error).toBeInstanceOf(errorClass);
    expect((error as Error).message.slice(0, message.length)).toBe(message);
    // Uncaught in a program, it prints as its message alone (cmd/run/run.js).
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    if (errorClass === FlexSnapshotError) {
      // The provider's message, without what Pulumi puts before it.
      expect((error as Error).message).not.toContain("failed to read resource");
      expect((error as { cause?: unknown }).cause).toBeInstanceOf(Error);
    }
  });

  test("the provider's errors keep their classes for callers of the provider itself", async () => {
    const provider = new FlexLookupProvider({
      MONGODB_ATLAS_ACCESS_TOKEN: DEMO_CREDENTIALS.accessTokens[0]!,
      MONGODB_ATLAS_BASE_URL: emulator.baseUrl,
    });
    const gate = {
      ...args,
      snapshotId: DEMO_SNAPSHOT_IDS.FAILED,
      require: { status: "COMPLETED" },
    };
    await expect(provider.read(gate.snapshotId, gate)).rejects.toThrow(new GateError(failedGate));
    await expect(
      provider.read(UNKNOWN_SNAPSHOT, { ...args, snapshotId: UNKNOWN_SNAPSHOT }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

test("FlexSnapshot reads by the snapshot id given as opts.id", async () => {
  const snapshot = new sdk.FlexSnapshot(
    "by-id",
    { projectId: DEMO_PROJECT_ID, name: DEMO_CLUSTER_NAME, snapshotId: DEMO_SNAPSHOT_IDS.RUNNING },
    { id: DEMO_SNAPSHOT_IDS.RUNNING },
  );
  expect(await valueOf(snapshot.status)).toBe("RUNNING");
  expect(await valueOf(snapshot.id)).toBe(DEMO_SNAPSHOT_IDS.RUNNING);
});

describe("the latest snapshot and the list", () => {
  test("getLatestFlexSnapshotOutput finds the most recent snapshot among a status", async () => {
    const latest = await valueOf(
      sdk.getLatestFlexSnapshotOutput({
        projectId: DEMO_PROJECT_ID,
        name: DEMO_CLUSTER_NAME,
        status: "COMPLETED",
      }),
    );
    expect(latest).toMatchObject({
      snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
      id: DEMO_SNAPSHOT_IDS.COMPLETED,
      status: "COMPLETED",
    });
    const [resource] = registered;
    expect(resource).toMatchObject({
      type: "pulumi-nodejs:dynamic/atlas:LatestFlexSnapshot",
      id: `${DEMO_PROJECT_ID}/${DEMO_CLUSTER_NAME}/latest`,
      name: "orders-latest-completed",
    });
  });

  test("getLatestFlexSnapshot resolves the most recent snapshot of any status", async () => {
    const latest = await sdk.getLatestFlexSnapshot({
      projectId: DEMO_PROJECT_ID,
      name: DEMO_CLUSTER_NAME,
    });
    const all = await sdk.getFlexSnapshots({ projectId: DEMO_PROJECT_ID, name: DEMO_CLUSTER_NAME });
    const newest = [...all.results].sort(
      (a, b) => Date.parse(b.scheduledTime) - Date.parse(a.scheduledTime),
    )[0];
    expect(latest.snapshotId).toBe(newest?.snapshotId);
  });

  test("getFlexSnapshotsOutput returns every snapshot with @pulumi/mongodbatlas's names", async () => {
    const all = await valueOf(
      sdk.getFlexSnapshotsOutput({ projectId: DEMO_PROJECT_ID, name: DEMO_CLUSTER_NAME }),
    );
    expect(all).toMatchObject({
      id: `${DEMO_PROJECT_ID}/${DEMO_CLUSTER_NAME}`,
      projectId: DEMO_PROJECT_ID,
      name: DEMO_CLUSTER_NAME,
    });
    expect(all.results.map((s) => s.snapshotId).sort()).toEqual(
      [...Object.values(DEMO_SNAPSHOT_IDS), ...DEMO_OLDER_SNAPSHOT_IDS].sort(),
    );
    expect(Object.keys(all.results[0]!).sort()).toEqual([
      "expiration",
      "finishTime",
      "id",
      "mongoDbVersion",
      "scheduledTime",
      "snapshotId",
      "startTime",
      "status",
    ]);
  });
});

test("a provider host that never calls configure (older @pulumi/pulumi) reads credentials from the environment", async () => {
  const provider = new FlexLookupProvider({
    MONGODB_ATLAS_ACCESS_TOKEN: DEMO_CREDENTIALS.accessTokens[0]!,
    MONGODB_ATLAS_BASE_URL: emulator.baseUrl,
  });
  const result = await provider.read(args.snapshotId, { ...args });
  expect(result.props).toMatchObject({ status: "COMPLETED", snapshotId: args.snapshotId });
});
