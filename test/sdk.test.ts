/**
 * The SDK under `pulumi.runtime.setMocks` (test/support/pulumiMocks.ts), for both kinds of
 * lookup: the mock engine answers each read by calling the real provider's `read`, which fetches
 * from the local Atlas emulator. This proves the SDK's names, result mapping, sharing, early
 * validation and the secret marking of a restore job's `snapshotUrl`; it does not prove the
 * provider host, the engine's `additionalSecretOutputs` or what the state holds
 * (providerHost.test.ts, engine.test.ts and engineRestoreJobs.test.ts do). What is checked alike
 * for both kinds (one read shared, bad input refused at once, the Promise forms' rejections) is
 * one table over both.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime";
import { FlexSnapshotError, GateError, NotFoundError, ValidationError } from "../provider";
import type { FlexBackupRestoreJob } from "../provider/atlas/schema";
import type { Provider } from "../sdk/nodejs";
import { RESTORE_JOB_FIELD_NAMES, RESTORE_JOB_FIELDS } from "../provider/models/restoreJobModel";
import { FlexLookupProvider } from "../provider/pulumi/dynamicProvider";
import { toRestoreJobListOutputs } from "../provider/pulumi/stateOutputs";
import {
  DEMO_CLUSTER_NAME,
  DEMO_DOWNLOAD_RESTORE_JOB_ID,
  DEMO_OLDER_SNAPSHOT_IDS,
  DEMO_PROJECT_ID,
  DEMO_RESTORE_JOB_IDS,
  DEMO_SNAPSHOT_IDS,
  DEMO_TARGET_CLUSTER_NAME,
  demoSnapshotUrl,
} from "../emulator";
import {
  ACCOUNT_SECRETS,
  PROD_SA,
  seedStaging,
  STAGING_CLUSTER_NAME,
  STAGING_KEY,
  STAGING_PROJECT_ID,
  STAGING_SNAPSHOT_ID,
  STAGING_TOKEN,
  multiAccountOptions,
} from "./support/accounts";
import { SA, TOKEN } from "./support/credentials";
import { useEmulator } from "./support/emulatorFixture";
import { RESTORE_JOB, SNAPSHOT, type LookupKind } from "./support/kinds";
import { isSecret, valueOf } from "./support/outputs";
import { failure } from "./support/failure";
import { useMockedSdk } from "./support/pulumiMocks";

// The demo credentials read every project; the scoped accounts their own (support/accounts.ts).
const { emulator } = useEmulator(multiAccountOptions());
// The provider reads with a service account, as a stack's config gives it one.
const { registered, failures, sdk } = useMockedSdk(() => ({
  "mongodbatlas:clientId": SA.clientId,
  "mongodbatlas:clientSecret": SA.clientSecret,
  "mongodbatlas:baseUrl": emulator.baseUrl,
}));

const SNAPSHOT_ARGS = {
  projectId: DEMO_PROJECT_ID,
  name: DEMO_CLUSTER_NAME,
  snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
};
const RESTORE_JOB_ARGS = {
  projectId: DEMO_PROJECT_ID,
  name: DEMO_CLUSTER_NAME,
  restoreJobId: DEMO_RESTORE_JOB_IDS.COMPLETED,
};
const UNKNOWN_SNAPSHOT = "6650c0de00000000000000ff";
const failedGate = `snapshot ${DEMO_SNAPSHOT_IDS.FAILED} of flex cluster "orders" in project ${DEMO_PROJECT_ID} is FAILED; required status COMPLETED`;
const notFound = `[404 Not Found] GET /api/atlas/v2/groups/${DEMO_PROJECT_ID}/flexClusters/orders/backup/snapshots/${UNKNOWN_SNAPSHOT}: SNAPSHOT_NOT_FOUND`;

describe("snapshots", () => {
  const TYPE = "pulumi-nodejs:dynamic/atlas:FlexSnapshot";
  const args = SNAPSHOT_ARGS;

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

  test("the function form registers nothing: it reads the snapshot once, in the program", async () => {
    await valueOf(sdk.getFlexSnapshotOutput({ ...args, require: { status: "COMPLETED" } }));
    expect([
      registered,
      emulator.count({ path: new RegExp(`/snapshots/${DEMO_SNAPSHOT_IDS.COMPLETED}$`) }),
    ]).toEqual([[], 1]);
  });

  test("a function form given dependsOn reads once the resources it names exist", async () => {
    const first = new sdk.FlexSnapshot("first", { ...args, snapshotId: DEMO_SNAPSHOT_IDS.FAILED });
    const result = await valueOf(sdk.getFlexSnapshotOutput(args, { dependsOn: [first] }));
    const reads = emulator.requests
      .filter((r) => /\/snapshots\/[a-f0-9]{24}$/.test(r.path))
      .map((r) => r.path.split("/").pop());
    expect([result.status, registered.map((r) => r.name), reads]).toEqual([
      "COMPLETED",
      ["first"],
      [DEMO_SNAPSHOT_IDS.FAILED, DEMO_SNAPSHOT_IDS.COMPLETED],
    ]);
  });

  test("the resource form registers a read of the snapshot id, with the shim as __provider", async () => {
    await valueOf(
      new sdk.FlexSnapshot("nightly", { ...args, require: { status: "COMPLETED" } }).status,
    );
    expect(registered).toHaveLength(1);
    const [resource] = registered;
    expect(resource).toMatchObject({
      type: TYPE,
      id: DEMO_SNAPSHOT_IDS.COMPLETED,
      name: "nightly",
      custom: true,
    });
    expect(resource!.inputs["__provider"]).toContain("pulumi-atlas-flex-snapshot/provider");
    // Whether this is a preview, under a key the engine's diff does not show.
    expect(resource!.inputs["__preview"]).toBe(false);
    expect(resource!.inputs).not.toHaveProperty("preview");
  });

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

  describe("the Promise forms reject when the lookup fails", () => {
    test("the provider's errors keep their classes for callers of the provider itself", async () => {
      const provider = new FlexLookupProvider({
        MONGODB_ATLAS_ACCESS_TOKEN: TOKEN,
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
      {
        projectId: DEMO_PROJECT_ID,
        name: DEMO_CLUSTER_NAME,
        snapshotId: DEMO_SNAPSHOT_IDS.RUNNING,
      },
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
      expect(registered).toEqual([]);
    });

    test("getLatestFlexSnapshot resolves the most recent snapshot of any status", async () => {
      const latest = await sdk.getLatestFlexSnapshot({
        projectId: DEMO_PROJECT_ID,
        name: DEMO_CLUSTER_NAME,
      });
      const all = await sdk.getFlexSnapshots({
        projectId: DEMO_PROJECT_ID,
        name: DEMO_CLUSTER_NAME,
      });
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
      MONGODB_ATLAS_ACCESS_TOKEN: TOKEN,
      MONGODB_ATLAS_BASE_URL: emulator.baseUrl,
    });
    const result = await provider.read(args.snapshotId, { ...args });
    expect(result.props).toMatchObject({ status: "COMPLETED", snapshotId: args.snapshotId });
  });
});

describe("restore jobs", () => {
  const args = RESTORE_JOB_ARGS;
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
      expect([await isSecret(output), registered]).toEqual([false, []]);
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
        all.results
          .map((job) => [job.restoreJobId, job.snapshotUrl])
          .filter(([, url]) => url !== ""),
      ).toEqual([[DEMO_DOWNLOAD_RESTORE_JOB_ID, demoSnapshotUrl(DEMO_DOWNLOAD_RESTORE_JOB_ID)]]);
      expect([await isSecret(output), registered]).toEqual([true, []]);
    });

    test("getLatestFlexRestoreJobOutput: the latest job of a snapshot, its id the job found, gated", async () => {
      const output = sdk.getLatestFlexRestoreJobOutput({
        projectId: DEMO_PROJECT_ID,
        name: DEMO_CLUSTER_NAME,
        snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
        require: { targetDeploymentItemName: DEMO_TARGET_CLUSTER_NAME },
      });
      // The demo job scheduled last (in ten minutes) is the PENDING one.
      expect(await valueOf(output)).toMatchObject({
        id: DEMO_RESTORE_JOB_IDS.PENDING,
        restoreJobId: DEMO_RESTORE_JOB_IDS.PENDING,
        status: "PENDING",
        snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
        projectId: DEMO_PROJECT_ID,
        name: DEMO_CLUSTER_NAME,
      });
      expect([await isSecret(output), registered]).toEqual([false, []]);
    });

    test("getLatestFlexRestoreJob rejects with a GateError when the snapshot has no restore job", async () => {
      const error = await failure(
        sdk.getLatestFlexRestoreJob({
          projectId: DEMO_PROJECT_ID,
          name: DEMO_CLUSTER_NAME,
          snapshotId: DEMO_SNAPSHOT_IDS.FAILED,
        }),
      );
      expect(error).toBeInstanceOf(GateError);
      expect(error.message).toBe(
        `flex cluster "${DEMO_CLUSTER_NAME}" in project ${DEMO_PROJECT_ID} has no restore job of snapshot ${DEMO_SNAPSHOT_IDS.FAILED} (6 restore job(s) in all)`,
      );
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
  });

  describe("bad input is refused before anything is registered or sent", () => {
    test.each([
      ["getFlexRestoreJob", () => sdk.getFlexRestoreJob({ ...args, restoreJobId: "abc" })],
      ["getFlexRestoreJobs", () => sdk.getFlexRestoreJobs({ projectId: "x", name: "orders" })],
      [
        "getLatestFlexRestoreJob",
        () =>
          sdk.getLatestFlexRestoreJob({
            projectId: DEMO_PROJECT_ID,
            name: DEMO_CLUSTER_NAME,
            snapshotId: "abc",
          }),
      ],
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
    // Pulumi needs them declared; the compiler checks their names and types (sdk/nodejs/flexRestoreJob.ts).
    const file = readFileSync(
      path.join(__dirname, "..", "sdk", "nodejs", "flexRestoreJob.ts"),
      "utf8",
    );
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
});

describe("both kinds alike", () => {
  test.each<{ kind: LookupKind; twice: () => pulumi.Output<unknown>[]; path: RegExp }>([
    {
      kind: SNAPSHOT,
      twice: () => [
        sdk.getFlexSnapshotOutput(SNAPSHOT_ARGS),
        sdk.getFlexSnapshotOutput({ ...SNAPSHOT_ARGS }),
      ],
      path: /\/snapshots\//,
    },
    {
      kind: RESTORE_JOB,
      twice: () => [
        sdk.getFlexRestoreJobOutput(RESTORE_JOB_ARGS),
        sdk.getFlexRestoreJobOutput({ ...RESTORE_JOB_ARGS }),
      ],
      path: /\/restoreJobs\//,
    },
  ])("two lookups of the same $kind.label share one read", async ({ twice, path }) => {
    const [a, b] = await Promise.all(twice().map(valueOf));
    expect(a).toEqual(b);
    expect(registered).toEqual([]);
    expect(emulator.count({ path, status: 200 })).toBe(1);
  });

  const args = SNAPSHOT_ARGS;
  const restoreJob = (bad: Record<string, unknown>) => () =>
    sdk.getFlexRestoreJobOutput(
      bad as unknown as Parameters<typeof sdk.getFlexRestoreJobOutput>[0],
    );
  const restoreJobs = (bad: Record<string, unknown>) => () =>
    sdk.getFlexRestoreJobsOutput(
      bad as unknown as Parameters<typeof sdk.getFlexRestoreJobsOutput>[0],
    );
  test.each<[string, () => unknown, string]>([
    [
      "snapshot: getFlexSnapshotOutput with an invalid projectId",
      () => sdk.getFlexSnapshotOutput({ ...args, projectId: "0123" }),
      'invalid projectId "0123"',
    ],
    [
      "snapshot: getFlexSnapshotOutput with an invalid name",
      () => sdk.getFlexSnapshotOutput({ ...args, name: "_orders" }),
      'invalid name "_orders"',
    ],
    [
      "snapshot: getFlexSnapshotOutput with an invalid require.status",
      () => sdk.getFlexSnapshotOutput({ ...args, require: { status: "Done" } }),
      'invalid require.status "Done"',
    ],
    [
      "restore job: getFlexRestoreJobOutput with restoreJobId",
      restoreJob({ ...RESTORE_JOB_ARGS, restoreJobId: "abc" }),
      'invalid restoreJobId "abc": expected a 24-character hexadecimal restore job id matching ^([a-f0-9]{24})$',
    ],
    [
      "restore job: getFlexRestoreJobOutput with projectId",
      restoreJob({ ...RESTORE_JOB_ARGS, projectId: "0123" }),
      'invalid projectId "0123": expected a 24-character hexadecimal project id matching ^([a-f0-9]{24})$',
    ],
    [
      "restore job: getFlexRestoreJobOutput with name",
      restoreJob({ ...RESTORE_JOB_ARGS, name: "_orders" }),
      'invalid name "_orders": expected a flex cluster name matching ^[a-zA-Z0-9][a-zA-Z0-9-]*$',
    ],
    [
      "restore job: getFlexRestoreJobOutput with require.status",
      restoreJob({ ...RESTORE_JOB_ARGS, require: { status: "Done" } }),
      'invalid require.status "Done": expected a status (an upper-case word matching ^[A-Z][A-Z0-9_]{0,31}$, such as PENDING, QUEUED, RUNNING, FAILED, COMPLETED), or a list of 1 to 16 of them',
    ],
    [
      "restore job: getFlexRestoreJobOutput with require.snapshotId",
      restoreJob({ ...RESTORE_JOB_ARGS, require: { snapshotId: "latest" } }),
      'invalid require.snapshotId "latest": expected a 24-character hexadecimal snapshot id matching ^([a-f0-9]{24})$',
    ],
    [
      "restore job: getFlexRestoreJobOutput with require.targetDeploymentItemName",
      restoreJob({ ...RESTORE_JOB_ARGS, require: { targetDeploymentItemName: "orders restored" } }),
      `invalid require.targetDeploymentItemName "orders restored": expected a cluster name of 1 to 64 letters, digits or -_.(),:&@+' matching ^[\\p{L}\\p{N}\\-_.(),:&@+']{1,64}$`,
    ],
    [
      "restore job: getFlexRestoreJobOutput with require.targetProjectId",
      restoreJob({ ...RESTORE_JOB_ARGS, require: { targetProjectId: "elsewhere" } }),
      'invalid require.targetProjectId "elsewhere": expected a 24-character hexadecimal project id matching ^([a-f0-9]{24})$',
    ],
    [
      "restore job: getFlexRestoreJobOutput with an unknown gate option",
      restoreJob({ ...RESTORE_JOB_ARGS, require: { maxAge: "24h" } }),
      'invalid require {"maxAge":"24h"}: expected only known options (Unrecognized key: "maxAge")',
    ],
    [
      "restore job: getFlexRestoreJobOutput with wait.timeout",
      restoreJob({ ...RESTORE_JOB_ARGS, wait: { timeout: "0s" } }),
      'invalid wait.timeout "0s": expected a duration from 1s to 1d, such as "90s", "15m", "24h" or "7d"',
    ],
    [
      "restore job: getFlexRestoreJobOutput with wait.interval",
      restoreJob({ ...RESTORE_JOB_ARGS, wait: { timeout: "1m", interval: "2m" } }),
      'invalid wait.interval "2m": expected an interval of at most the timeout (1m)',
    ],
    [
      "restore job: getFlexRestoreJobOutput with apiVersion",
      restoreJob({ ...RESTORE_JOB_ARGS, apiVersion: "2024-13-45" }),
      'invalid apiVersion "2024-13-45": expected an Atlas API version date (YYYY-MM-DD) that is a real day',
    ],
    [
      "restore job: getFlexRestoreJobsOutput with name",
      restoreJobs({ projectId: DEMO_PROJECT_ID, name: "_x" }),
      'invalid name "_x"',
    ],
    [
      "restore job: getFlexRestoreJobsOutput with projectId",
      restoreJobs({ projectId: "x", name: DEMO_CLUSTER_NAME }),
      'invalid projectId "x"',
    ],
  ])("%s throws at once, before anything is registered or sent", (_label, lookup, message) => {
    expect(lookup).toThrow(message);
    expect(registered).toEqual([]);
    expect(emulator.count()).toBe(0);
  });

  test.each<[string, () => Promise<unknown>, new (...a: never[]) => Error, string]>([
    [
      "snapshot: getFlexSnapshot: an unmet gate",
      () =>
        sdk.getFlexSnapshot({
          ...SNAPSHOT_ARGS,
          snapshotId: DEMO_SNAPSHOT_IDS.FAILED,
          require: { status: "COMPLETED" },
        }),
      GateError,
      failedGate,
    ],
    [
      "snapshot: getFlexSnapshot: Atlas's 404",
      () => sdk.getFlexSnapshot({ ...SNAPSHOT_ARGS, snapshotId: UNKNOWN_SNAPSHOT }),
      NotFoundError,
      notFound,
    ],
    [
      "snapshot: getFlexSnapshot: an invalid argument, before anything is registered",
      () => sdk.getFlexSnapshot({ ...SNAPSHOT_ARGS, projectId: "0123" }),
      ValidationError,
      'invalid projectId "0123"',
    ],
    [
      "snapshot: getLatestFlexSnapshot: an unmet gate",
      () =>
        sdk.getLatestFlexSnapshot({
          projectId: DEMO_PROJECT_ID,
          name: DEMO_CLUSTER_NAME,
          status: "COMPLETED",
          require: { maxAge: "1s" },
        }),
      GateError,
      `snapshot ${DEMO_SNAPSHOT_IDS.COMPLETED} of flex cluster "orders" in project ${DEMO_PROJECT_ID} finished`,
    ],
    [
      "snapshot: getLatestFlexSnapshot: an invalid status filter",
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
      "snapshot: getFlexSnapshots: Atlas's 404 for an unknown cluster",
      () => sdk.getFlexSnapshots({ projectId: DEMO_PROJECT_ID, name: "nowhere" }),
      NotFoundError,
      `[404 Not Found] GET /api/atlas/v2/groups/${DEMO_PROJECT_ID}/flexClusters/nowhere/backup/snapshots`,
    ],
    [
      "snapshot: getFlexSnapshots: an invalid name",
      () => sdk.getFlexSnapshots({ projectId: DEMO_PROJECT_ID, name: "_x" }),
      ValidationError,
      'invalid name "_x"',
    ],
    [
      "restore job: the Promise form rejects with the provider's message: an unmet status gate",
      () =>
        sdk.getFlexRestoreJob({
          ...RESTORE_JOB_ARGS,
          restoreJobId: DEMO_RESTORE_JOB_IDS.FAILED,
          require: { status: "COMPLETED" },
        }),
      GateError,
      `restore job ${DEMO_RESTORE_JOB_IDS.FAILED} of flex cluster "orders" in project ${DEMO_PROJECT_ID} is FAILED; required status COMPLETED`,
    ],
    [
      "restore job: the Promise form rejects with the provider's message: another target than expected",
      () =>
        sdk.getFlexRestoreJob({
          ...RESTORE_JOB_ARGS,
          require: { targetDeploymentItemName: "elsewhere" },
        }),
      GateError,
      `restore job ${DEMO_RESTORE_JOB_IDS.COMPLETED} of flex cluster "orders" in project ${DEMO_PROJECT_ID} restores into cluster "${DEMO_TARGET_CLUSTER_NAME}"; required cluster "elsewhere"`,
    ],
    [
      "restore job: the Promise form rejects with the provider's message: Atlas's 404 for an unknown cluster's list",
      () => sdk.getFlexRestoreJobs({ projectId: DEMO_PROJECT_ID, name: "nowhere" }),
      NotFoundError,
      `[404 Not Found] GET /api/atlas/v2/groups/${DEMO_PROJECT_ID}/flexClusters/nowhere/backup/restoreJobs`,
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
    // The lookup ran in the program: its own error, on one line, nothing of Pulumi's around it.
    expect((error as Error).message).not.toContain("\n");
    expect(registered).toEqual([]);
  });

  test.each<[string, () => pulumi.Output<unknown>, new (...a: never[]) => Error, string]>([
    [
      "getFlexSnapshotOutput: an unmet gate",
      () =>
        sdk.getFlexSnapshotOutput({
          ...SNAPSHOT_ARGS,
          snapshotId: DEMO_SNAPSHOT_IDS.FAILED,
          require: { status: "COMPLETED" },
        }),
      GateError,
      failedGate,
    ],
    [
      "getFlexRestoreJobsOutput: Atlas's 404 for an unknown cluster's list",
      () => sdk.getFlexRestoreJobsOutput({ projectId: DEMO_PROJECT_ID, name: "nowhere" }),
      NotFoundError,
      `[404 Not Found] GET /api/atlas/v2/groups/${DEMO_PROJECT_ID}/flexClusters/nowhere/backup/restoreJobs`,
    ],
  ])(
    "%s fails the run once, as a RunError, and its Output never settles",
    async (_label, lookup, errorClass, message) => {
      const output = lookup();
      const settled = output.apply(() => "settled");
      for (let i = 0; i < 200 && failures.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const [error, ...more] = failures;
      expect([error instanceof errorClass, error?.message.slice(0, message.length), more]).toEqual([
        true,
        message,
        [],
      ]);
      expect(pulumi.RunError.isInstance(error)).toBe(true);
      // What depends on it waits: it is never registered, nor does it report the failure again.
      const outcome = await Promise.race([
        valueOf(settled),
        new Promise((resolve) => setTimeout(() => resolve("pending"), 200)),
      ]);
      expect([outcome, failures.length]).toEqual(["pending", 1]);
    },
  );
});

describe("several Atlas accounts: explicit providers", () => {
  beforeEach(() => seedStaging(emulator));
  const STAGING_ARGS = {
    projectId: STAGING_PROJECT_ID,
    name: STAGING_CLUSTER_NAME,
    snapshotId: STAGING_SNAPSHOT_ID,
  };
  const accounts = () => ({
    prod: new sdk.Provider("prod", { ...PROD_SA, baseUrl: emulator.baseUrl }),
    staging: new sdk.Provider("staging", {
      publicKey: STAGING_KEY.publicKey,
      privateKey: pulumi.secret(STAGING_KEY.privateKey),
      baseUrl: emulator.baseUrl,
    }),
  });

  test("each function form reads in the program with its provider's account; nothing but the providers is registered", async () => {
    const { prod, staging } = accounts();
    const fromProd = await valueOf(sdk.getFlexSnapshotOutput(SNAPSHOT_ARGS, { provider: prod }));
    const fromStaging = await sdk.getFlexSnapshot(STAGING_ARGS, { provider: staging });

    expect(fromProd).toMatchObject({ ...SNAPSHOT_ARGS, status: "COMPLETED" });
    expect(fromStaging).toMatchObject({ ...STAGING_ARGS, status: "COMPLETED" });
    // Sorted: both registrations are in flight at once (each `new Provider` starts its own and
    // resolves its inputs asynchronously), so the mocks see them in no order the test sets.
    expect(registered.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      "atlasflex:index:Provider prod",
      "atlasflex:index:Provider staging",
    ]);
    const stagingRead = emulator.requests.filter((r) => r.path.includes(STAGING_PROJECT_ID));
    // The API key's Digest: the challenge, then the signed read.
    expect(stagingRead.map((r) => [r.authKind, r.status])).toEqual([
      ["none", 401],
      ["digest", 200],
    ]);
    for (const value of [JSON.stringify(fromProd), JSON.stringify(fromStaging)]) {
      for (const secret of ACCOUNT_SECRETS) expect(value).not.toContain(secret);
    }
  });

  test("the resource form registers its provider's account as a secret input that no output holds", async () => {
    const { prod } = accounts();
    await valueOf(new sdk.FlexSnapshot("nightly", SNAPSHOT_ARGS, { provider: prod }).status);
    const [lookup] = registered.filter((r) => r.custom);
    expect([lookup?.name, lookup?.inputs["account"]]).toEqual([
      "nightly",
      expect.objectContaining({ [specialSigKey]: specialSecretSig }),
    ]);
  });

  test("the same snapshot read with two accounts is two reads; with one account, one", async () => {
    const { prod } = accounts();
    const viaToken = new sdk.Provider("token", { accessToken: TOKEN, baseUrl: emulator.baseUrl });
    await valueOf(sdk.getFlexSnapshotOutput(SNAPSHOT_ARGS, { provider: prod }));
    await valueOf(sdk.getFlexSnapshotOutput(SNAPSHOT_ARGS, { provider: prod }));
    await valueOf(sdk.getFlexSnapshotOutput(SNAPSHOT_ARGS, { provider: viaToken }));
    await valueOf(sdk.getFlexSnapshotOutput(SNAPSHOT_ARGS));

    const reads = emulator.requests.filter((r) => r.path.endsWith(SNAPSHOT_ARGS.snapshotId));
    expect(reads.map((r) => `${r.authKind} ${r.status}`).sort()).toEqual([
      "bearer 200",
      "bearer 200",
      "bearer 200",
    ]);
  });

  const STAGING_CLUSTER = { projectId: STAGING_PROJECT_ID, name: STAGING_CLUSTER_NAME };
  test.each<[string, (provider: Provider) => Promise<unknown>]>([
    [
      "getLatestFlexSnapshot",
      (provider) => sdk.getLatestFlexSnapshot(STAGING_CLUSTER, { provider }),
    ],
    ["getFlexSnapshots", (provider) => sdk.getFlexSnapshots(STAGING_CLUSTER, { provider })],
    ["getFlexRestoreJobs", (provider) => sdk.getFlexRestoreJobs(STAGING_CLUSTER, { provider })],
    [
      "FlexSnapshot",
      (provider) => valueOf(new sdk.FlexSnapshot("direct", STAGING_ARGS, { provider }).status),
    ],
  ])(
    "%s reads with the provider's account (an access token scoped to staging)",
    async (_label, read) => {
      const staging = new sdk.Provider("scoped", {
        accessToken: STAGING_TOKEN,
        baseUrl: emulator.baseUrl,
      });
      await read(staging);
      const sent = emulator.requests.filter((r) => r.path.startsWith("/api/atlas/"));
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.every((r) => r.path.includes(STAGING_PROJECT_ID))).toBe(true);
      expect(emulator.count({ status: 401 })).toBe(0);
    },
  );

  test("an account on another organization's project fails its own lookup only, with Atlas's 401 on one line", async () => {
    const { prod, staging } = accounts();
    const wrong = sdk.getFlexSnapshot(SNAPSHOT_ARGS, { provider: staging });
    const right = sdk.getFlexSnapshot(SNAPSHOT_ARGS, { provider: prod });

    const error = await failure(wrong);
    expect(error).toBeInstanceOf(FlexSnapshotError);
    expect(error.message).toBe(
      `[401 Unauthorized] GET /api/atlas/v2/groups/${DEMO_PROJECT_ID}/flexClusters/orders/backup/snapshots/${DEMO_SNAPSHOT_IDS.COMPLETED}: UNAUTHORIZED: You are not authorized for this resource. (check the credentials (publicKey and privateKey in the properties of provider "staging"); the service account or API key needs the Project Read Only role on this project)`,
    );
    await expect(right).resolves.toMatchObject({ status: "COMPLETED" });
  });

  test("a wrong secret fails the lookups of its provider only", async () => {
    const wrong = new sdk.Provider("wrong", {
      clientId: PROD_SA.clientId,
      clientSecret: "mdb_sa_sk_wrong",
      baseUrl: emulator.baseUrl,
    });
    const { prod } = accounts();
    const error = await failure(sdk.getFlexSnapshot(SNAPSHOT_ARGS, { provider: wrong }));
    expect(error.message).toMatch(/^\[401 Unauthorized\] POST \/api\/oauth\/token: /);
    expect(error.message).toContain(
      '(check the credentials (clientId and clientSecret in the properties of provider "wrong"); ',
    );
    expect(error.message).not.toContain("mdb_sa_sk_wrong");
    await expect(sdk.getFlexSnapshot(SNAPSHOT_ARGS, { provider: prod })).resolves.toMatchObject({
      status: "COMPLETED",
    });
  });

  test.each<[string, Record<string, unknown>, string]>([
    [
      "an incomplete pair",
      { clientId: PROD_SA.clientId },
      'incomplete Atlas credentials in the properties of provider "bad": clientId is set but clientSecret is not',
    ],
    [
      "a base URL that is not one",
      { accessToken: TOKEN, baseUrl: "ftp://atlas" },
      'baseUrl "ftp://atlas" ',
    ],
    [
      "a government cloud flag that is not a boolean",
      { accessToken: TOKEN, isMongodbgovCloud: "yes" },
      'isMongodbgovCloud "yes" must be true or false',
    ],
  ])("a provider with %s is refused at once, naming the property", (_label, args, message) => {
    let thrown: unknown;
    try {
      new sdk.Provider("bad", args);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(sdk.ConfigurationError);
    expect((thrown as Error).message).toContain(message);
    expect(registered).toHaveLength(0);
  });

  test("a provider without credentials reads the environment, not the stack config", async () => {
    const empty = new sdk.Provider("empty", { baseUrl: emulator.baseUrl });
    const error = await failure(sdk.getFlexSnapshot(SNAPSHOT_ARGS, { provider: empty }));
    expect(error.message).toBe(
      'no Atlas credentials found. Looked at the properties of provider "empty" (accessToken, clientId, clientSecret, publicKey, privateKey) and the environment variables MONGODB_ATLAS_ACCESS_TOKEN, MONGODB_ATLAS_CLIENT_ID, MONGODB_ATLAS_CLIENT_SECRET, MONGODB_ATLAS_PUBLIC_API_KEY, MONGODB_ATLAS_PUBLIC_KEY, MONGODB_ATLAS_PRIVATE_API_KEY, MONGODB_ATLAS_PRIVATE_KEY. Set a service account (clientId and clientSecret), an API key pair, or an access token.',
    );
    expect(emulator.count()).toBe(0);
  });

  test.each<[string, unknown, string]>([
    ["a plain object", { clientSecret: "s3cret-in-the-wrong-place" }, "an object"],
    ["a string", "prod", '"prod"'],
  ])(
    "a provider that is not this package's (%s) is refused, naming it",
    (_label, provider, given) => {
      expect(() =>
        sdk.getFlexSnapshotOutput(SNAPSHOT_ARGS, { provider: provider as never }),
      ).toThrow(
        `invalid provider ${given}: expected a Provider of pulumi-atlas-flex-snapshot (new Provider("prod", { clientId, clientSecret }))`,
      );
      expect(registered).toHaveLength(0);
    },
  );
});
