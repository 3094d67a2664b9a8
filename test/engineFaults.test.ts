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
import { DEMO_CLUSTER_NAME, DEMO_PROJECT_ID, DEMO_SNAPSHOT_IDS } from "../emulator";
import { KEY, SECRETS } from "./support/credentials";
import { engineFixture } from "./support/pulumiCli";

const engine = engineFixture();

const SNAPSHOT_PATH = `/api/atlas/v2/groups/${DEMO_PROJECT_ID}/flexClusters/${DEMO_CLUSTER_NAME}/backup/snapshots/${DEMO_SNAPSHOT_IDS.COMPLETED}`;

engine.describe("a transient fault under the real Pulumi engine", () => {
  test("an API key lookup answered 503 once is retried with a fresh signature, and up succeeds", async () => {
    const p = await engine.stack(
      "nodejs/gate",
      {
        snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
        requiredStatus: "COMPLETED",
      },
      { "mongodbatlas:publicKey": KEY.publicKey, "mongodbatlas:privateKey": KEY.privateKey },
    );
    engine.emulator.reset();
    engine.emulator.injectFault({ path: SNAPSHOT_PATH, status: 503, withCredentials: true });

    await p.ok(["up", "--yes", "--non-interactive", "--skip-preview"]);

    expect((await p.outputs())["status"]).toBe("COMPLETED");
    // The unsigned challenge request, the signed one answered 503, its retry signed afresh.
    expect(
      engine.emulator.requests
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
