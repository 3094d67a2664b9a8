/**
 * A lookup's verdict, against the emulator over loopback HTTP: a gate that is not met is a
 * verdict, not an exception (the provider and the CLI decide what it means; their own tests pin
 * the GateError and the exit code). The client is built the way both build it, from resolved
 * settings (`AtlasClient.fromSettings`).
 *
 * What this does not prove: the provider's and the CLI's rendering of a verdict (see
 * providerLookups.test.ts, sdk.test.ts and cli.test.ts).
 */
import { AtlasClient, resolveSettings } from "../provider";
import { lookupLatestSnapshot, lookupSnapshot } from "../provider/lookups/gatedLookups";
import { validateLatestArgs, validateLookupArgs } from "../provider/lookups/validation";
import { clearTokenCache } from "../provider/atlas/auth";
import {
  DEMO_CLUSTER_NAME,
  DEMO_CREDENTIALS,
  DEMO_OLDER_SNAPSHOT_IDS,
  DEMO_PROJECT_ID,
  DEMO_SNAPSHOT_IDS,
  startAtlasEmulator,
  type AtlasEmulator,
} from "../emulator";

const cluster = { projectId: DEMO_PROJECT_ID, name: DEMO_CLUSTER_NAME };
const described = (id: string) =>
  `snapshot ${id} of flex cluster "${DEMO_CLUSTER_NAME}" in project ${DEMO_PROJECT_ID}`;
const ALL = Object.keys(DEMO_SNAPSHOT_IDS).length + DEMO_OLDER_SNAPSHOT_IDS.length;
let emulator: AtlasEmulator;
let client: AtlasClient;

beforeAll(async () => {
  emulator = await startAtlasEmulator();
  const settings = resolveSettings(
    { get: () => undefined },
    {
      MONGODB_ATLAS_ACCESS_TOKEN: DEMO_CREDENTIALS.accessTokens[0]!,
      MONGODB_ATLAS_BASE_URL: emulator.baseUrl,
    },
  );
  client = AtlasClient.fromSettings(settings);
});
beforeEach(() => {
  emulator.reset();
  clearTokenCache();
});
afterAll(async () => {
  await emulator.close();
});

describe("lookupSnapshot returns a verdict", () => {
  test.each<[string, keyof typeof DEMO_SNAPSHOT_IDS, Record<string, unknown>, object]>([
    [
      "a gate that is met",
      "COMPLETED",
      { require: { status: "COMPLETED" } },
      { shortfalls: [], failure: undefined, warnings: [] },
    ],
    [
      "an enforced gate that is not met: failed, with each shortfall",
      "FAILED",
      { require: { status: "COMPLETED" } },
      {
        shortfalls: ["is FAILED; required status COMPLETED"],
        failure: `${described(DEMO_SNAPSHOT_IDS.FAILED)} is FAILED; required status COMPLETED`,
        warnings: [],
      },
    ],
    [
      "a preview that does not enforce the wait's gate: passed, with its shortfall and a warning",
      "RUNNING",
      { wait: { timeout: "1m" }, preview: true },
      {
        shortfalls: ["is RUNNING; required status COMPLETED"],
        failure: undefined,
        warnings: [
          `the gate is not met yet: ${described(DEMO_SNAPSHOT_IDS.RUNNING)} is RUNNING; required status COMPLETED. \`pulumi up\` will wait up to 1m for it.`,
        ],
      },
    ],
  ])("%s", async (_label, status, patch, expected) => {
    const args = validateLookupArgs({
      ...cluster,
      snapshotId: DEMO_SNAPSHOT_IDS[status],
      ...patch,
    });
    const verdict = await lookupSnapshot(client, args);
    expect(verdict).toEqual({
      snapshot: expect.objectContaining({ id: DEMO_SNAPSHOT_IDS[status], status }),
      ...expected,
    });
  });
});

describe("lookupLatestSnapshot returns a verdict", () => {
  test("the latest COMPLETED one: passed", async () => {
    const verdict = await lookupLatestSnapshot(
      client,
      validateLatestArgs({ ...cluster, status: "COMPLETED" }),
    );
    expect(verdict).toEqual({
      snapshot: expect.objectContaining({ id: DEMO_SNAPSHOT_IDS.COMPLETED }),
      shortfalls: [],
      failure: undefined,
      warnings: [],
    });
  });

  test("no snapshot with the status: failed, with no snapshot and no shortfall", async () => {
    const verdict = await lookupLatestSnapshot(
      client,
      validateLatestArgs({ ...cluster, status: "ARCHIVED" }),
    );
    expect(verdict).toEqual({
      snapshot: undefined,
      shortfalls: [],
      failure: `flex cluster "${DEMO_CLUSTER_NAME}" in project ${DEMO_PROJECT_ID} has no snapshot with status ARCHIVED (${ALL} snapshot(s) in all)`,
      warnings: [
        "status ARCHIVED (in status) is not one Atlas has been seen to return (PENDING, QUEUED, RUNNING, FAILED, COMPLETED); no snapshot matches it until Atlas does, so check its spelling",
      ],
    });
  });
});
