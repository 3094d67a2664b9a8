/**
 * Several Atlas accounts in one Node.js program under the real engine: examples/nodejs/multi-account,
 * with two explicit `Provider`s (production's service account, staging's API key, then a
 * second service account) and no stack-wide credentials, against the emulator serving each
 * account on its own project only (test/support/accounts.ts), so a lookup that used the wrong
 * account would fail with Atlas's 401. One stack is shared by the tests, in order.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEMO_PROJECT_ID, DEMO_SNAPSHOT_IDS } from "../emulator";
import {
  ACCOUNT_SECRETS,
  multiAccountOptions,
  PROD_SA,
  readsByProject,
  seedStaging,
  STAGING_CLUSTER_NAME,
  STAGING_KEY,
  STAGING_PROJECT_ID,
  STAGING_SA,
  STAGING_SNAPSHOT_ID,
} from "./support/accounts";
import { SECRETS } from "./support/credentials";
import { settledTokenStats } from "./support/emulatorFixture";
import { engineFixture, type PulumiProject } from "./support/pulumiCli";

const engine = engineFixture(multiAccountOptions());
// Each test runs several CLI commands under the engine: more than jest's default minute on a
// busy machine.
jest.setTimeout(240_000);

const UP = ["up", "--yes", "--non-interactive"];
const PREVIEW = ["preview", "--non-interactive"];

interface ExportedResource {
  type: string;
  urn: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

engine.describe(
  "several Atlas accounts in one Node.js program (examples/nodejs/multi-account)",
  () => {
    let p: PulumiProject;
    const everySecret = [...SECRETS, ...ACCOUNT_SECRETS];

    beforeAll(async () => {
      seedStaging(engine.emulator);
      // No stack-wide credentials; the origin of both accounts comes from the environment.
      p = engine.project("nodejs/multi-account", {
        MONGODB_ATLAS_BASE_URL: engine.emulator.baseUrl,
      });
      await p.init(
        {
          prodProjectId: DEMO_PROJECT_ID,
          prodSnapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
          stagingProjectId: STAGING_PROJECT_ID,
          stagingClusterName: STAGING_CLUSTER_NAME,
          "prod:clientId": PROD_SA.clientId,
          "staging:publicKey": STAGING_KEY.publicKey,
        },
        { "prod:clientSecret": PROD_SA.clientSecret, "staging:privateKey": STAGING_KEY.privateKey },
      );
    });
    beforeEach(() => engine.emulator.reset());

    test("preview and up: each lookup reads with its provider's account and gates its own release; no lookup, and so no account, is in state", async () => {
      await p.ok(PREVIEW);
      await p.ok(UP);
      const outputs = await p.outputs();
      const exported = await p.ok(["stack", "export"]);
      const resources = (
        JSON.parse(exported.stdout) as { deployment: { resources?: ExportedResource[] } }
      ).deployment.resources!;
      const lookups = resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/atlas:"));
      expect([
        outputs["prodStatus"],
        outputs["stagingSnapshotId"],
        ["prod-release.json", "staging-release.json"].map((f) =>
          fs.existsSync(path.join(p.dir, f)),
        ),
        // Production's service account with a bearer token, staging's API key with Digest (its
        // unsigned challenge and the signed read): each on its own project, never refused it.
        readsByProject(engine.emulator),
        // One token of production's service account per provider host: preview, then up's two passes.
        await settledTokenStats(engine.emulator),
        // Sorted: the two providers register concurrently, so `stack export` lists them in
        // whichever order the engine saw them.
        resources
          .filter((r) => r.type === "atlasflex:index:Provider")
          .map((r) => r.urn.split("::").pop())
          .sort(),
        // The function forms run in the program: nothing of them, the accounts included, is stored.
        lookups,
        everySecret.filter((secret) =>
          (p.transcript.join("\n") + exported.stdout).includes(secret),
        ),
      ]).toEqual([
        "COMPLETED",
        STAGING_SNAPSHOT_ID,
        [true, true],
        { [DEMO_PROJECT_ID]: ["bearer 200"], [STAGING_PROJECT_ID]: ["digest 200", "none 401"] },
        { minted: 3, revoked: 3, live: 0, maxLive: 1, limitRefusals: 0 },
        ["prod", "staging"],
        [],
        [],
      ]);
    });

    test("--debug output holds no credential of either account", async () => {
      const debug = await p.ok([...PREVIEW, "--debug"]);
      expect(
        everySecret.filter((secret) => (debug.stdout + debug.stderr).includes(secret)),
      ).toEqual([]);
      // The program's debug log ran: its resources' registrations are there.
      expect(debug.stdout).toContain("RegisterResource RPC");
    });

    test("a changed credential (staging moves to a service account) replaces nothing; two service accounts mint one token each per host, all revoked", async () => {
      for (const key of ["staging:publicKey", "staging:privateKey"]) {
        await p.ok(["config", "rm", key]);
      }
      await p.ok(["config", "set", "staging:clientId", STAGING_SA.clientId]);
      await p.run(["config", "set", "--secret", "staging:clientSecret"], {
        input: STAGING_SA.clientSecret,
      });
      const diff = await p.ok([...PREVIEW, "--diff"]);
      engine.emulator.reset();
      await p.ok(UP);
      expect([
        /replace|\+-|-\+/.test(diff.stdout),
        /[~+-] .*Release/.test(diff.stdout),
        readsByProject(engine.emulator),
        // Two accounts, each one token per host process (up's preview pass and update pass).
        await settledTokenStats(engine.emulator),
        everySecret.filter((secret) => p.transcript.join("\n").includes(secret)),
      ]).toEqual([
        false,
        false,
        { [DEMO_PROJECT_ID]: ["bearer 200"], [STAGING_PROJECT_ID]: ["bearer 200"] },
        { minted: 4, revoked: 4, live: 0, maxLive: 2, limitRefusals: 0 },
        [],
      ]);
    });

    test("a wrong secret fails its own provider's lookup only, with the one-line 401", async () => {
      await p.run(["config", "set", "--secret", "staging:clientSecret"], {
        input: `${STAGING_SA.clientSecret}-wrong`,
      });
      const up = await p.run(UP);
      const printed = up.stdout + up.stderr;
      const errors = printed.split("\n").filter((line) => line.includes("[401 Unauthorized]"));
      expect([
        up.code === 0,
        errors.length > 0,
        errors.every((line) => line.includes("POST /api/oauth/token")),
        // The remedy names the settings this provider reads: its own properties.
        errors.every((line) =>
          line.includes(
            '(check the credentials (clientId and clientSecret in the properties of provider "staging"); ',
          ),
        ),
        // The other provider's lookup may or may not have run before the failure ended the
        // program; if it did, it read with its own account.
        (readsByProject(engine.emulator)[DEMO_PROJECT_ID] ?? []).filter(
          (read) => read !== "bearer 200",
        ),
        everySecret.filter((secret) => printed.includes(secret)),
        printed.includes(`${STAGING_SA.clientSecret}-wrong`),
      ]).toEqual([false, true, true, true, [], [], false]);
    });
  },
);
