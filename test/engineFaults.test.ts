/**
 * A transient fault under the real Pulumi engine: an API key lookup whose signed request Atlas
 * answers 503 once. The provider retries with a new Digest signature (the emulator spends a
 * nonce count even on a request it answers 503, so a replayed one would be refused 401), and
 * `pulumi up` succeeds. Like engine.test.ts: fails in CI without a Pulumi CLI, skipped
 * elsewhere.
 *
 * What this does not prove: every fault and credential kind (test/faults.test.ts does that
 * through the client and the CLI); it proves the engine path carries the retry through.
 */
import * as path from "node:path";
import {
  DEMO_CLUSTER_NAME,
  DEMO_PROJECT_ID,
  DEMO_SNAPSHOT_IDS,
  startAtlasEmulator,
  type AtlasEmulator,
} from "../emulator";
import { KEY, SECRETS } from "./support/credentials";
import { engineSuite, PulumiProject } from "./support/pulumiCli";

const { describeEngine, binDir } = engineSuite();

const SNAPSHOT_PATH = `/api/atlas/v2/groups/${DEMO_PROJECT_ID}/flexClusters/${DEMO_CLUSTER_NAME}/backup/snapshots/${DEMO_SNAPSHOT_IDS.COMPLETED}`;

let emulator: AtlasEmulator;
const projects: PulumiProject[] = [];

describeEngine("a transient fault under the real Pulumi engine", () => {
  beforeAll(async () => {
    binDir(); // fails the suite (in CI) when there is no CLI
    emulator = await startAtlasEmulator();
  });
  afterAll(async () => {
    for (const p of projects) p.dispose();
    await emulator?.close();
  });

  test("an API key lookup answered 503 once is retried with a fresh signature, and up succeeds", async () => {
    const p = new PulumiProject("gate", binDir());
    projects.push(p);
    await p.init(
      {
        projectId: DEMO_PROJECT_ID,
        clusterName: DEMO_CLUSTER_NAME,
        snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
        requiredStatus: "COMPLETED",
        markerPath: path.join(p.dir, "restore-marker.json"),
        "mongodbatlas:baseUrl": emulator.baseUrl,
      },
      { "mongodbatlas:publicKey": KEY.publicKey, "mongodbatlas:privateKey": KEY.privateKey },
    );
    emulator.reset();
    emulator.injectFault({ path: SNAPSHOT_PATH, status: 503, withCredentials: true });

    await p.ok(["up", "--yes", "--non-interactive", "--skip-preview"]);

    expect((await p.outputs())["status"]).toBe("COMPLETED");
    // The unsigned challenge request, the signed one answered 503, its retry signed afresh.
    expect(
      emulator.requests
        .filter((request) => request.path === SNAPSHOT_PATH)
        .map((request) => [request.authKind, request.status]),
    ).toEqual([
      ["none", 401],
      ["digest", 503],
      ["digest", 200],
    ]);
    expect(p.transcript.join("\n")).not.toContain(SECRETS[1]);
  });
});
