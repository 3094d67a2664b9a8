/**
 * Under the real Pulumi engine: `pulumi preview`, `up`, `destroy` and `stack export` of the
 * example programs against the local Atlas emulator. This is where dynamic providers break if
 * they break at all (closure serialization, read by id, config reaching the provider host,
 * secrets in state).
 *
 * Needs a Pulumi CLI (scripts/install-pulumi-cli.sh builds one). Without it the suite fails in
 * CI (CI=true) and is skipped elsewhere, saying what is missing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEMO_CLUSTER_NAME, DEMO_PROJECT_ID, DEMO_SNAPSHOT_IDS } from "../emulator";
import { CREDENTIAL_CASES, SA, SECRETS, TOKEN } from "./support/credentials";
import { engineFixture, type PulumiProject } from "./support/pulumiCli";

const engine = engineFixture();
const { project } = engine;

const SNAPSHOT_GET = /\/flexClusters\/[^/]+\/backup\/snapshots\/[a-f0-9]{24}$/;

/** Stack config of the gate example for one snapshot. */
function gateConfig(
  snapshot: keyof typeof DEMO_SNAPSHOT_IDS,
  dir: string,
  requiredStatus = "COMPLETED",
): Record<string, string> {
  return {
    projectId: DEMO_PROJECT_ID,
    clusterName: DEMO_CLUSTER_NAME,
    snapshotId: DEMO_SNAPSHOT_IDS[snapshot],
    requiredStatus,
    markerPath: path.join(dir, "restore-marker.json"),
    "mongodbatlas:baseUrl": engine.emulator.baseUrl,
  };
}

/**
 * Asserts that nothing the CLI printed, nor the exported state, holds a secret. (Pulumi keeps
 * the stack config as the inputs of its default `pulumi-nodejs` provider; secret config stays
 * encrypted there, which this also checks.)
 */
async function expectNoSecrets(p: PulumiProject): Promise<void> {
  const exported = await p.ok(["stack", "export"]);
  const state = JSON.parse(exported.stdout) as {
    deployment: {
      resources?: {
        type: string;
        outputs?: Record<string, unknown>;
        inputs?: Record<string, unknown>;
      }[];
    };
  };
  const everything = p.transcript.join("\n") + exported.stdout;
  for (const secret of SECRETS) {
    expect(everything).not.toContain(secret);
  }
  const lookups = (state.deployment.resources ?? []).filter(
    (r) => r.type === "pulumi-nodejs:dynamic/atlas:FlexSnapshot",
  );
  for (const lookup of lookups) {
    const provider = String(lookup.outputs?.["__provider"] ?? lookup.inputs?.["__provider"]);
    expect(provider).toContain("pulumi-atlas-flex-snapshot/provider");
    expect(provider).not.toMatch(/clientSecret|privateKey|accessToken/);
  }
  const defaultProvider = (state.deployment.resources ?? []).find(
    (r) => r.type === "pulumi:providers:pulumi-nodejs",
  );
  for (const [key, value] of Object.entries(defaultProvider?.inputs ?? {})) {
    if (/clientSecret|privateKey|accessToken/.test(key)) {
      expect(value).toEqual({
        "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
        ciphertext: expect.any(String),
      });
    }
  }
}

engine.describe("under the real Pulumi engine", () => {
  beforeEach(() => engine.emulator.reset());

  test("pulumi preview performs the read and shows the snapshot's status", async () => {
    const p = project("nodejs/gate");
    await p.init(gateConfig("COMPLETED", p.dir), {
      "mongodbatlas:clientId": SA.clientId,
      "mongodbatlas:clientSecret": SA.clientSecret,
    });
    const preview = await p.ok(["preview", "--non-interactive"]);
    expect(preview.stdout).toMatch(/status\s*:\s*"COMPLETED"/);
    expect(engine.emulator.count({ method: "GET", path: SNAPSHOT_GET, status: 200 })).toBe(1);
    expect(fs.existsSync(path.join(p.dir, "restore-marker.json"))).toBe(false);
    await expectNoSecrets(p);
  });

  describe.each(CREDENTIAL_CASES)("pulumi up with %s", (_label, secrets, env) => {
    test("exports every typed output, creates the gated resource, and leaks nothing", async () => {
      const p = project("nodejs/gate", env);
      await p.init(gateConfig("COMPLETED", p.dir), secrets);
      await p.ok(["up", "--yes", "--non-interactive"]);
      const outputs = await p.outputs();
      expect(outputs).toEqual({
        projectId: DEMO_PROJECT_ID,
        name: DEMO_CLUSTER_NAME,
        snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
        status: "COMPLETED",
        mongoDbVersion: "8.0.4",
        scheduledTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        startTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        finishTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        expiration: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        restoreMarker: path.join(p.dir, "restore-marker.json"),
      });
      expect(JSON.parse(fs.readFileSync(path.join(p.dir, "restore-marker.json"), "utf8"))).toEqual({
        snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
        status: "COMPLETED",
      });
      await expectNoSecrets(p);
    });
  });

  test("the quick start's getFlexSnapshotOutput exports the whole result", async () => {
    const p = project("nodejs/quickstart");
    await p.init(
      {
        projectId: DEMO_PROJECT_ID,
        snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
        "mongodbatlas:baseUrl": engine.emulator.baseUrl,
      },
      { "mongodbatlas:accessToken": TOKEN },
    );
    await p.ok(["up", "--yes", "--non-interactive"]);
    const outputs = await p.outputs();
    expect(outputs["status"]).toBe("COMPLETED");
    expect(outputs["snapshot"]).toMatchObject({
      id: DEMO_SNAPSHOT_IDS.COMPLETED,
      snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
      projectId: DEMO_PROJECT_ID,
      name: "orders",
      mongoDbVersion: "8.0.4",
      status: "COMPLETED",
    });
  });

  test.each(["preview", "up"] as const)(
    "a gate that is not met fails %s, and the dependent resource is not created",
    async (command) => {
      const p = project("nodejs/gate");
      await p.init(gateConfig("FAILED", p.dir), { "mongodbatlas:accessToken": TOKEN });
      const args =
        command === "up" ? ["up", "--yes", "--non-interactive"] : ["preview", "--non-interactive"];
      const result = await p.run(args);
      expect(result.code).not.toBe(0);
      expect(result.stdout + result.stderr).toContain(
        `snapshot ${DEMO_SNAPSHOT_IDS.FAILED} of flex cluster "orders" in project ${DEMO_PROJECT_ID} is FAILED; required status COMPLETED`,
      );
      expect(fs.existsSync(path.join(p.dir, "restore-marker.json"))).toBe(false);
      if (command === "up") {
        const state = JSON.parse((await p.ok(["stack", "export"])).stdout) as {
          deployment: { resources?: { type: string }[] };
        };
        expect((state.deployment.resources ?? []).map((r) => r.type)).not.toContain(
          "pulumi-nodejs:dynamic/example:RestoreMarker",
        );
      }
    },
  );

  test("a status change between two ups is seen by the second; a lookup in state (as earlier versions stored the functions') refreshes and goes when the program moves to the function form; destroy sends Atlas no write", async () => {
    const p = project("nodejs/gate");
    const running = DEMO_SNAPSHOT_IDS.RUNNING;
    await p.init(gateConfig("RUNNING", p.dir, "RUNNING,COMPLETED"), {
      "mongodbatlas:accessToken": TOKEN,
    });
    await p.ok(["up", "--yes", "--non-interactive"]);
    expect((await p.outputs())["status"]).toBe("RUNNING");
    expect((await p.outputs())["finishTime"]).toBeUndefined();
    engine.emulator.setStatus(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, running, "COMPLETED");
    try {
      await p.ok(["up", "--yes", "--non-interactive"]);
      expect((await p.outputs())["status"]).toBe("COMPLETED");
    } finally {
      engine.emulator.setStatus(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, running, "RUNNING");
    }
    // Earlier versions stored a function's lookup as a resource of the same dynamic provider as
    // `FlexSnapshot` (its serialized shim in state): it still refreshes, and a program that now
    // calls the function drops it from state.
    const refreshed = await p.ok(["refresh", "--yes", "--non-interactive"]);
    fs.copyFileSync(
      path.join(__dirname, "..", "examples", "nodejs", "quickstart", "index.ts"),
      path.join(p.dir, "index.ts"),
    );
    await p.ok(["config", "set", "snapshotId", DEMO_SNAPSHOT_IDS.COMPLETED]);
    await p.ok(["up", "--yes", "--non-interactive"]);
    const status = (await p.outputs())["status"];
    const exported = JSON.parse((await p.ok(["stack", "export"])).stdout) as {
      deployment: { resources?: { type: string }[] };
    };
    engine.emulator.reset();
    await p.ok(["destroy", "--yes", "--non-interactive"]);
    expect([
      /nightly/.test(refreshed.stdout),
      status,
      (exported.deployment.resources ?? []).filter((r) =>
        r.type.startsWith("pulumi-nodejs:dynamic/"),
      ),
      fs.existsSync(path.join(p.dir, "restore-marker.json")),
      engine.emulator.requests.filter((r) => r.method !== "GET"),
    ]).toEqual([true, "COMPLETED", [], false, []]);
    await expectNoSecrets(p);
  });

  test("invalid arguments fail the run with the validation message and Atlas receives nothing", async () => {
    const p = project("nodejs/gate");
    await p.init(
      { ...gateConfig("COMPLETED", p.dir), projectId: "not-a-project-id" },
      { "mongodbatlas:accessToken": TOKEN },
    );
    const result = await p.run(["up", "--yes", "--non-interactive"]);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain(
      'invalid projectId "not-a-project-id": expected a 24-character hexadecimal project id matching ^([a-f0-9]{24})$',
    );
    expect(engine.emulator.count()).toBe(0);
  });
});
