/**
 * Service-account tokens under the real Pulumi engine: the dynamic-provider host revokes the
 * tokens it minted when the engine stops it (SIGINT to the plugin's process group, see
 * provider/atlas/shutdown.ts), and with the shared cache on, the preview and update passes of one
 * `pulumi up` share one token that nobody revokes.
 *
 * It does not prove what happens when the engine has to SIGKILL a host that hangs: then the
 * token is left to expire.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEMO_SNAPSHOT_IDS } from "../emulator";
import { SA, SECRETS } from "./support/credentials";
import { settledTokenStats } from "./support/emulatorFixture";
import { engineFixture } from "./support/pulumiCli";

const engine = engineFixture();

const cacheDirs: string[] = [];

engine.describe("service-account tokens under the real Pulumi engine", () => {
  beforeEach(() => engine.emulator.reset());
  afterAll(() => {
    for (const dir of cacheDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  // preview: one provider process; up: the preview pass and the update pass, one process each.
  test.each([
    [
      "preview",
      ["preview", "--non-interactive"],
      "COMPLETED",
      { minted: 1, revoked: 1, live: 0, maxLive: 1 },
    ],
    [
      "up",
      ["up", "--yes", "--non-interactive"],
      "COMPLETED",
      { minted: 2, revoked: 2, live: 0, maxLive: 1 },
    ],
    [
      "up, failing on a gate that is not met",
      ["up", "--yes", "--non-interactive"],
      "FAILED",
      { minted: 1, revoked: 1, live: 0, maxLive: 1 },
    ],
    [
      "up, with every revocation failing (500)",
      ["up", "--yes", "--non-interactive"],
      "COMPLETED",
      { minted: 2, revoked: 0, live: 2, maxLive: 2 },
    ],
  ] as const)(
    "pulumi %s: the tokens once the engine has stopped the host (which revokes what it minted)",
    async (label, args, snapshot, expected) => {
      if (label.includes("revocation failing")) {
        engine.emulator.injectFault({ path: "/api/oauth/revoke", status: 500, times: 1_000 });
      }
      const p = await engine.stack(
        "nodejs/gate",
        { snapshotId: DEMO_SNAPSHOT_IDS[snapshot], requiredStatus: "COMPLETED" },
        {},
        { MONGODB_ATLAS_CLIENT_ID: SA.clientId, MONGODB_ATLAS_CLIENT_SECRET: SA.clientSecret },
      );
      // A failed revocation never fails the command; a gate that is not met does.
      const result = await p.run(args);
      expect(result.code === 0).toBe(snapshot === "COMPLETED");
      expect(await settledTokenStats(engine.emulator)).toEqual({ ...expected, limitRefusals: 0 });
      const printed = result.stdout + result.stderr;
      for (const secret of SECRETS) expect(printed).not.toContain(secret);
      expect(printed).not.toMatch(/revoke/i);
    },
  );

  test("pulumi up with the shared cache on: both passes use one token, which stays live", async () => {
    const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), "flex-token-cache-"));
    cacheDirs.push(cacheHome);
    const p = await engine.stack(
      "nodejs/gate",
      { snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED, requiredStatus: "COMPLETED" },
      {},
      {
        MONGODB_ATLAS_CLIENT_ID: SA.clientId,
        MONGODB_ATLAS_CLIENT_SECRET: SA.clientSecret,
        ATLAS_FLEX_SNAPSHOT_TOKEN_CACHE: "1",
        XDG_CACHE_HOME: cacheHome,
      },
    );
    await p.ok(["up", "--yes", "--non-interactive"]);
    await p.ok(["preview", "--non-interactive"]);
    expect(engine.emulator.tokenStats()).toEqual({
      minted: 1,
      revoked: 0,
      live: 1,
      maxLive: 1,
      limitRefusals: 0,
    });
    const files = fs.readdirSync(path.join(cacheHome, "pulumi-atlas-flex-snapshot", "tokens"));
    expect(files).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.json$/)]);
  });
});
