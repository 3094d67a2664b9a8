/**
 * The restore job SDK under `pulumi.runtime.setMocks`, as test/sdk.test.ts does for snapshots:
 * the mock engine answers each read by calling the real provider's `read`, which fetches from
 * the local Atlas emulator. This proves the SDK's names, result mapping, secret marking of
 * `snapshotUrl` and early validation; it does not prove the provider host, the engine's
 * `additionalSecretOutputs` or what the state holds (engineRestoreJobs.test.ts does).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { FlexSnapshotError, ValidationError } from "../provider";
import { clearTokenCache } from "../provider/atlas/auth";
import { FlexLookupProvider, toRestoreJobListOutputs } from "../provider/pulumi/dynamicProvider";
import type { FlexBackupRestoreJob } from "../provider/atlas/schema";
import { RESTORE_JOB_FIELD_NAMES, RESTORE_JOB_FIELDS } from "../provider/models/restoreJobModel";
import { resetLookupCache } from "../sdk/getFlexSnapshot";
import {
  DEMO_CLUSTER_NAME,
  DEMO_CREDENTIALS,
  DEMO_DOWNLOAD_RESTORE_JOB_ID,
  DEMO_PROJECT_ID,
  DEMO_RESTORE_JOB_IDS,
  DEMO_SNAPSHOT_IDS,
  DEMO_TARGET_CLUSTER_NAME,
  demoSnapshotUrl,
  startAtlasEmulator,
  type AtlasEmulator,
} from "../emulator";

let emulator: AtlasEmulator;
const registered: pulumi.runtime.MockResourceArgs[] = [];
let sdk: typeof import("../sdk");

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Whether `output` is a Pulumi secret (`Output#isSecret` is not in the declared type). */
function isSecret(output: pulumi.Output<unknown>): Promise<boolean> {
  return (output as unknown as { isSecret: Promise<boolean> }).isSecret;
}

beforeAll(async () => {
  emulator = await startAtlasEmulator();
  const provider = new FlexLookupProvider({});
  const token = DEMO_CREDENTIALS.accessTokens[0]!;
  const config: Record<string, string> = {
    "mongodbatlas:accessToken": token,
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
  restoreJobId: DEMO_RESTORE_JOB_IDS.COMPLETED,
};
const download = { ...args, restoreJobId: DEMO_DOWNLOAD_RESTORE_JOB_ID };
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

describe("lookups through the provider and the emulator", () => {
  test("getFlexRestoreJobOutput returns every field with @pulumi/mongodbatlas's names; a RESTORE job's result is not secret", async () => {
    const output = sdk.getFlexRestoreJobOutput(args);
    expect(await valueOf(output)).toEqual({
      id: DEMO_RESTORE_JOB_IDS.COMPLETED,
      projectId: DEMO_PROJECT_ID,
      name: DEMO_CLUSTER_NAME,
      restoreJobId: DEMO_RESTORE_JOB_IDS.COMPLETED,
      status: "COMPLETED",
      deliveryType: "RESTORE",
      snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
      targetProjectId: DEMO_PROJECT_ID,
      targetDeploymentItemName: DEMO_TARGET_CLUSTER_NAME,
      snapshotFinishedDate: expect.stringMatching(TIMESTAMP),
      restoreScheduledDate: expect.stringMatching(TIMESTAMP),
      restoreFinishedDate: expect.stringMatching(TIMESTAMP),
      // What Atlas did not return is "", as in @pulumi/mongodbatlas.
      expirationDate: "",
      snapshotUrl: "",
    });
    expect(await isSecret(output)).toBe(false);
    expect(registered).toMatchObject([
      {
        type: "pulumi-nodejs:dynamic/atlas:FlexRestoreJob",
        id: DEMO_RESTORE_JOB_IDS.COMPLETED,
        name: `orders-restore-${DEMO_RESTORE_JOB_IDS.COMPLETED}`,
        custom: true,
      },
    ]);
  });

  test("a DOWNLOAD job's result holds its snapshotUrl and is a Pulumi secret", async () => {
    const output = sdk.getFlexRestoreJobOutput(download);
    const result = await valueOf(output);
    expect(result).toMatchObject({
      deliveryType: "DOWNLOAD",
      snapshotUrl: demoSnapshotUrl(DEMO_DOWNLOAD_RESTORE_JOB_ID),
      expirationDate: expect.stringMatching(TIMESTAMP),
    });
    expect(await isSecret(output)).toBe(true);
    // So is each field lifted from it.
    expect(await isSecret(output.status)).toBe(true);
  });

  test("getFlexRestoreJob resolves the plain link: a Promise cannot carry the secret mark (documented)", async () => {
    const result = await sdk.getFlexRestoreJob(download);
    expect(result.snapshotUrl).toBe(demoSnapshotUrl(DEMO_DOWNLOAD_RESTORE_JOB_ID));
  });

  test("two lookups of the same restore job share one read", async () => {
    const [a, b] = await Promise.all([
      valueOf(sdk.getFlexRestoreJobOutput(args)),
      valueOf(sdk.getFlexRestoreJobOutput({ ...args })),
    ]);
    expect(a).toEqual(b);
    expect(registered).toHaveLength(1);
    expect(emulator.count({ path: /\/restoreJobs\//, status: 200 })).toBe(1);
  });

  test("getFlexRestoreJobsOutput returns every job, its link joined back, and is secret when a job has one", async () => {
    const output = sdk.getFlexRestoreJobsOutput({
      projectId: DEMO_PROJECT_ID,
      name: DEMO_CLUSTER_NAME,
    });
    const all = await valueOf(output);
    expect(all).toMatchObject({
      id: `${DEMO_PROJECT_ID}/${DEMO_CLUSTER_NAME}`,
      projectId: DEMO_PROJECT_ID,
      name: DEMO_CLUSTER_NAME,
    });
    expect(all.results.map((job) => job.restoreJobId).sort()).toEqual(
      [...Object.values(DEMO_RESTORE_JOB_IDS), DEMO_DOWNLOAD_RESTORE_JOB_ID].sort(),
    );
    expect(Object.keys(all.results[0]!)).toEqual(RESTORE_JOB_FIELD_NAMES);
    expect(
      all.results.map((job) => [job.restoreJobId, job.snapshotUrl]).filter(([, url]) => url !== ""),
    ).toEqual([[DEMO_DOWNLOAD_RESTORE_JOB_ID, demoSnapshotUrl(DEMO_DOWNLOAD_RESTORE_JOB_ID)]]);
    expect(await isSecret(output)).toBe(true);
    expect(registered).toMatchObject([
      {
        type: "pulumi-nodejs:dynamic/atlas:FlexRestoreJobs",
        id: `${DEMO_PROJECT_ID}/${DEMO_CLUSTER_NAME}`,
      },
    ]);
  });

  test("a list of RESTORE jobs only is not secret", async () => {
    emulator.putRestoreJob(DEMO_PROJECT_ID, "reports", {
      id: "6650c0de0000000000000c01",
      status: "RUNNING",
      deliveryType: "RESTORE",
    });
    const output = sdk.getFlexRestoreJobsOutput({ projectId: DEMO_PROJECT_ID, name: "reports" });
    expect((await valueOf(output)).results).toEqual([
      {
        restoreJobId: "6650c0de0000000000000c01",
        status: "RUNNING",
        deliveryType: "RESTORE",
        snapshotId: "",
        targetProjectId: "",
        targetDeploymentItemName: "",
        snapshotFinishedDate: "",
        restoreScheduledDate: "",
        restoreFinishedDate: "",
        expirationDate: "",
        snapshotUrl: "",
      },
    ]);
    expect(await isSecret(output)).toBe(false);
  });

  test.each<[string, () => Promise<unknown>, string]>([
    [
      "an unmet status gate",
      () =>
        sdk.getFlexRestoreJob({
          ...args,
          restoreJobId: DEMO_RESTORE_JOB_IDS.FAILED,
          require: { status: "COMPLETED" },
        }),
      `restore job ${DEMO_RESTORE_JOB_IDS.FAILED} of flex cluster "orders" in project ${DEMO_PROJECT_ID} is FAILED; required status COMPLETED`,
    ],
    [
      "another target than expected",
      () => sdk.getFlexRestoreJob({ ...args, require: { targetDeploymentItemName: "elsewhere" } }),
      `restore job ${DEMO_RESTORE_JOB_IDS.COMPLETED} of flex cluster "orders" in project ${DEMO_PROJECT_ID} restores into cluster "${DEMO_TARGET_CLUSTER_NAME}"; required cluster "elsewhere"`,
    ],
    [
      "Atlas's 404 for an unknown cluster's list",
      () => sdk.getFlexRestoreJobs({ projectId: DEMO_PROJECT_ID, name: "nowhere" }),
      `[404 Not Found] GET /api/atlas/v2/groups/${DEMO_PROJECT_ID}/flexClusters/nowhere/backup/restoreJobs`,
    ],
  ])(
    "the Promise form rejects with the provider's message: %s",
    async (_label, lookup, message) => {
      const error = await lookup().then(
        () => undefined,
        (rejected: unknown) => rejected,
      );
      expect(error).toBeInstanceOf(FlexSnapshotError);
      expect((error as Error).message.slice(0, message.length)).toBe(message);
      expect(pulumi.RunError.isInstance(error)).toBe(true);
    },
  );
});

describe("bad input is refused before anything is registered or sent", () => {
  test.each<[string, Record<string, unknown>, string]>([
    [
      "restoreJobId",
      { ...args, restoreJobId: "abc" },
      'invalid restoreJobId "abc": expected a 24-character hexadecimal restore job id matching ^([a-f0-9]{24})$',
    ],
    [
      "projectId",
      { ...args, projectId: "0123" },
      'invalid projectId "0123": expected a 24-character hexadecimal project id matching ^([a-f0-9]{24})$',
    ],
    [
      "name",
      { ...args, name: "_orders" },
      'invalid name "_orders": expected a flex cluster name matching ^[a-zA-Z0-9][a-zA-Z0-9-]*$',
    ],
    [
      "require.status",
      { ...args, require: { status: "Done" } },
      'invalid require.status "Done": expected a status (an upper-case word matching ^[A-Z][A-Z0-9_]{0,31}$, such as PENDING, QUEUED, RUNNING, FAILED, COMPLETED), or a list of 1 to 16 of them',
    ],
    [
      "require.snapshotId",
      { ...args, require: { snapshotId: "latest" } },
      'invalid require.snapshotId "latest": expected a 24-character hexadecimal snapshot id matching ^([a-f0-9]{24})$',
    ],
    [
      "require.targetDeploymentItemName",
      { ...args, require: { targetDeploymentItemName: "orders restored" } },
      `invalid require.targetDeploymentItemName "orders restored": expected a cluster name of 1 to 64 letters, digits or -_.(),:&@+' matching ^[\\p{L}\\p{N}\\-_.(),:&@+']{1,64}$`,
    ],
    [
      "require.targetProjectId",
      { ...args, require: { targetProjectId: "elsewhere" } },
      'invalid require.targetProjectId "elsewhere": expected a 24-character hexadecimal project id matching ^([a-f0-9]{24})$',
    ],
    [
      "an unknown gate option",
      { ...args, require: { maxAge: "24h" } },
      'invalid require {"maxAge":"24h"}: expected only known options (Unrecognized key: "maxAge")',
    ],
    [
      "wait.timeout",
      { ...args, wait: { timeout: "0s" } },
      'invalid wait.timeout "0s": expected a duration from 1s to 1d, such as "90s", "15m", "24h" or "7d"',
    ],
    [
      "wait.interval",
      { ...args, wait: { timeout: "1m", interval: "2m" } },
      'invalid wait.interval "2m": expected an interval of at most the timeout (1m)',
    ],
    [
      "apiVersion",
      { ...args, apiVersion: "2024-13-45" },
      'invalid apiVersion "2024-13-45": expected an Atlas API version date (YYYY-MM-DD) that is a real day',
    ],
  ])("getFlexRestoreJobOutput: %s", (_field, bad, message) => {
    expect(() =>
      sdk.getFlexRestoreJobOutput(
        bad as unknown as Parameters<typeof sdk.getFlexRestoreJobOutput>[0],
      ),
    ).toThrow(message);
    expect(registered).toEqual([]);
    expect(emulator.count()).toBe(0);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ["name", { projectId: DEMO_PROJECT_ID, name: "_x" }, 'invalid name "_x"'],
    ["projectId", { projectId: "x", name: DEMO_CLUSTER_NAME }, 'invalid projectId "x"'],
  ])("getFlexRestoreJobsOutput: %s", (_field, bad, message) => {
    expect(() =>
      sdk.getFlexRestoreJobsOutput(
        bad as unknown as Parameters<typeof sdk.getFlexRestoreJobsOutput>[0],
      ),
    ).toThrow(message);
    expect(registered).toEqual([]);
    expect(emulator.count()).toBe(0);
  });

  test.each([
    ["getFlexRestoreJob", () => sdk.getFlexRestoreJob({ ...args, restoreJobId: "abc" })],
    ["getFlexRestoreJobs", () => sdk.getFlexRestoreJobs({ projectId: "x", name: "orders" })],
  ])("%s rejects with a ValidationError marked to print as a RunError", async (_name, lookup) => {
    const error = await lookup().then(
      () => undefined,
      (rejected: unknown) => rejected,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect(registered).toEqual([]);
    expect(emulator.count()).toBe(0);
  });
});

test("FlexRestoreJob's declared outputs carry the model's doc lines", () => {
  // Pulumi needs them declared; the compiler checks their names and types (sdk/flexRestoreJob.ts).
  const file = readFileSync(path.join(__dirname, "..", "sdk", "flexRestoreJob.ts"), "utf8");
  const start = file.indexOf("export class FlexRestoreJob extends");
  const source = file.slice(start, file.indexOf("\n}\n", start));
  const declared = Object.fromEntries(
    [...source.matchAll(/\/\*\* (.+) \*\/\n\s+declare readonly (\w+)/g)].map(([, doc, name]) => [
      name,
      doc,
    ]),
  );
  expect(declared).toEqual(
    Object.fromEntries(RESTORE_JOB_FIELDS.map((field) => [field.result, field.doc])),
  );
});

describe("the provider's state of a restore job list keeps the secret fields apart", () => {
  const restore = {
    id: "6650c0de00000000000000c1",
    status: "COMPLETED",
    deliveryType: "RESTORE",
    targetDeploymentItemName: "orders-restored",
  };
  const download = {
    id: "6650c0de00000000000000c2",
    status: "COMPLETED",
    deliveryType: "DOWNLOAD",
    snapshotUrl: "https://restore.example/6650c0de00000000000000c2?token=bearer",
  };
  test.each<[string, FlexBackupRestoreJob[], ReturnType<typeof toRestoreJobListOutputs>]>([
    ["no jobs", [], { results: [] }],
    [
      "only RESTORE jobs: no secret output at all",
      [restore],
      {
        results: [
          {
            restoreJobId: restore.id,
            status: "COMPLETED",
            deliveryType: "RESTORE",
            targetDeploymentItemName: "orders-restored",
          },
        ],
      },
    ],
    [
      "a DOWNLOAD job: its link in secretResults, by position",
      [restore, download],
      {
        results: [
          {
            restoreJobId: restore.id,
            status: "COMPLETED",
            deliveryType: "RESTORE",
            targetDeploymentItemName: "orders-restored",
          },
          { restoreJobId: download.id, status: "COMPLETED", deliveryType: "DOWNLOAD" },
        ],
        secretResults: [{}, { snapshotUrl: download.snapshotUrl }],
      },
    ],
  ])("%s", (_label, jobs, expected) => {
    expect(toRestoreJobListOutputs(jobs)).toEqual(expected);
  });
});
