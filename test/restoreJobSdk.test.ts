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
import { clearTokenCache } from "../provider/auth";
import { FlexSnapshotProvider } from "../provider/dynamicProvider";
import { RESTORE_JOB_FIELDS } from "../provider/restoreJobModel";
import { resetLookupCache } from "../sdk/getFlexSnapshot";
import {
  DEMO_CLUSTER_NAME,
  DEMO_CREDENTIALS,
  DEMO_PROJECT_ID,
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
  const provider = new FlexSnapshotProvider({});
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

const JOB = "6650c0de00000000000000b1";
const SNAPSHOT = "6650c0de0000000000000005";
const args = { projectId: DEMO_PROJECT_ID, name: DEMO_CLUSTER_NAME, restoreJobId: JOB };

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

export { FlexSnapshotError, isSecret, valueOf, SNAPSHOT };
