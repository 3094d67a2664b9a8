/**
 * Pulumi YAML under the real engine: the programs of examples/yaml run with the YAML language
 * host (pulumi-yaml, built beside the CLI by scripts/install-pulumi-cli.sh) and the `atlasflex`
 * plugin of the package installed from its tarball, against the local Atlas emulator.
 *
 * Needs a Pulumi CLI with `pulumi-language-yaml` beside it. Without one the suite fails in CI
 * (CI=true) and is skipped elsewhere, saying what is missing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEMO_CLUSTER_NAME, DEMO_PROJECT_ID, DEMO_SNAPSHOT_IDS } from "../emulator";
import { CREDENTIAL_CASES, SECRETS, TOKEN } from "./support/credentials";
import { REPO_ROOT } from "./support/providerHost";
import { engineFixture, type PulumiProject } from "./support/pulumiCli";

const engine = engineFixture({}, ["yaml"]);

const SNAPSHOT_GET = /\/flexClusters\/[^/]+\/backup\/snapshots\/[a-f0-9]{24}$/;
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const MARKER = "restore-marker.json";
const MARKER_TYPE = "restoremarker:index:RestoreMarker";
const UP = ["up", "--yes", "--non-interactive"];
const PREVIEW = ["preview", "--non-interactive"];

/** The credential cases of the Node tests, under the plugin's own namespace. */
const YAML_CREDENTIAL_CASES = CREDENTIAL_CASES.map(
  ([label, config, env]) =>
    [
      label,
      Object.fromEntries(
        Object.entries(config).map(([key, value]) => [
          key.replace(/^mongodbatlas:/, "atlasflex:"),
          value,
        ]),
      ),
      env,
    ] as const,
);

interface ExportedState {
  deployment: {
    resources?: {
      type: string;
      urn: string;
      inputs?: Record<string, unknown>;
      outputs?: Record<string, unknown>;
    }[];
  };
}

async function exportState(p: PulumiProject): Promise<{ text: string; state: ExportedState }> {
  const { stdout } = await p.ok(["stack", "export"]);
  return { text: stdout, state: JSON.parse(stdout) as ExportedState };
}

/**
 * Asserts that nothing the CLI printed, nor the exported state, holds a secret, and that the
 * secret config the engine keeps as the inputs of the default `atlasflex` provider stays
 * encrypted there.
 */
async function expectNoSecrets(p: PulumiProject): Promise<void> {
  const { text, state } = await exportState(p);
  const everything = p.transcript.join("\n") + text;
  for (const secret of SECRETS) expect(everything).not.toContain(secret);
  const provider = (state.deployment.resources ?? []).find(
    (r) => r.type === "pulumi:providers:atlasflex",
  );
  for (const [key, value] of Object.entries(provider?.inputs ?? {})) {
    if (/clientSecret|privateKey|accessToken/.test(key)) {
      expect(value).toEqual({
        "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
        ciphertext: expect.any(String),
      });
    }
  }
}

/** The gate example's config for one of the demo snapshots. */
function gateConfig(
  snapshot: keyof typeof DEMO_SNAPSHOT_IDS,
  requiredStatus = "COMPLETED",
): Record<string, string> {
  return {
    projectId: DEMO_PROJECT_ID,
    clusterName: DEMO_CLUSTER_NAME,
    snapshotId: DEMO_SNAPSHOT_IDS[snapshot],
    requiredStatus,
    "atlasflex:baseUrl": engine.emulator.baseUrl,
  };
}

/** The typed outputs of the gate example for the COMPLETED demo snapshot. */
const COMPLETED_OUTPUTS = {
  projectId: DEMO_PROJECT_ID,
  name: DEMO_CLUSTER_NAME,
  snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
  status: "COMPLETED",
  mongoDbVersion: "8.0.4",
  scheduledTime: expect.stringMatching(TIME),
  startTime: expect.stringMatching(TIME),
  finishTime: expect.stringMatching(TIME),
  expiration: expect.stringMatching(TIME),
  restoreMarker: MARKER,
};

/** Rewrites the `path:` of the `atlasflex` plugin in the project's Pulumi.yaml. */
function pointPluginAt(p: PulumiProject, pluginPath: string | undefined): void {
  const file = path.join(p.dir, "Pulumi.yaml");
  const entry =
    /( {4}- name: atlasflex\n {6}path: )\.\.\/node_modules\/pulumi-atlas-flex-snapshot\/bin\n/;
  const text = fs.readFileSync(file, "utf8");
  expect(text).toMatch(entry);
  fs.writeFileSync(
    file,
    pluginPath === undefined
      ? text.replace(entry, "")
      : text.replace(entry, (_match, head: string) => `${head}${pluginPath}\n`),
  );
}

engine.describe("Pulumi YAML under the real engine (the atlasflex plugin)", () => {
  beforeEach(() => engine.emulator.reset());

  test("preview reads the snapshot through the plugin and creates nothing", async () => {
    const p = engine.project("yaml/gate");
    await p.init(gateConfig("COMPLETED"), { "atlasflex:accessToken": TOKEN });
    const preview = await p.ok(PREVIEW);
    expect(preview.stdout).toMatch(/status\s*:\s*"COMPLETED"/);
    expect(preview.stdout).toContain(`+   ${MARKER_TYPE}`);
    expect(engine.emulator.count({ method: "GET", path: SNAPSHOT_GET, status: 200 })).toBe(1);
    expect(fs.existsSync(path.join(p.dir, MARKER))).toBe(false);
    await expectNoSecrets(p);
  });

  describe.each(YAML_CREDENTIAL_CASES)("pulumi up with %s", (_label, secrets, env) => {
    test("exports the typed outputs, creates the gated resource, and leaks nothing", async () => {
      const p = engine.project("yaml/gate", env);
      await p.init(gateConfig("COMPLETED"), secrets);
      await p.ok(UP);
      expect(await p.outputs()).toEqual(COMPLETED_OUTPUTS);
      expect(JSON.parse(fs.readFileSync(path.join(p.dir, MARKER), "utf8"))).toEqual({
        snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
        status: "COMPLETED",
      });
      const { state } = await exportState(p);
      expect((state.deployment.resources ?? []).map((r) => r.type)).toContain(MARKER_TYPE);
      await expectNoSecrets(p);
    });
  });

  test.each([
    ["preview", PREVIEW],
    ["up", UP],
  ])(
    "a gate that is not met fails %s, and the gated resource is not created",
    async (_command, args) => {
      const p = engine.project("yaml/gate");
      await p.init(gateConfig("FAILED"), { "atlasflex:accessToken": TOKEN });
      const result = await p.run(args);
      expect(result.code).not.toBe(0);
      expect(result.stdout + result.stderr).toContain(
        `snapshot ${DEMO_SNAPSHOT_IDS.FAILED} of flex cluster "orders" in project ${DEMO_PROJECT_ID} is FAILED; required status COMPLETED`,
      );
      expect(fs.existsSync(path.join(p.dir, MARKER))).toBe(false);
      const { state } = await exportState(p);
      expect((state.deployment.resources ?? []).map((r) => r.type)).not.toContain(MARKER_TYPE);
      await expectNoSecrets(p);
    },
  );

  test.each([
    [
      "projectId",
      { projectId: "not-a-project-id" },
      'invalid projectId "not-a-project-id": expected a 24-character hexadecimal project id matching ^([a-f0-9]{24})$',
    ],
    [
      "requiredStatus",
      { requiredStatus: "completed" },
      'invalid require.status "completed": expected a status (an upper-case word matching ^[A-Z][A-Z0-9_]{0,31}$, such as PENDING, QUEUED, RUNNING, FAILED, COMPLETED), or a list of 1 to 16 of them',
    ],
  ])(
    "an invalid %s fails up with the validation message, and Atlas receives nothing",
    async (_field, config, message) => {
      const p = engine.project("yaml/gate");
      await p.init({ ...gateConfig("COMPLETED"), ...config }, { "atlasflex:accessToken": TOKEN });
      const result = await p.run(UP);
      expect(result.code).not.toBe(0);
      expect(result.stdout + result.stderr).toContain(message);
      expect(engine.emulator.requests).toEqual([]);
      expect(fs.existsSync(path.join(p.dir, MARKER))).toBe(false);
    },
  );

  test("up waits while the snapshot moves to COMPLETED, then restores", async () => {
    engine.emulator.setStatus(
      DEMO_PROJECT_ID,
      DEMO_CLUSTER_NAME,
      DEMO_SNAPSHOT_IDS.PENDING,
      "PENDING",
    );
    const p = engine.project("yaml/wait");
    await p.init(
      {
        ...gateConfig("PENDING"),
        waitTimeout: "2m",
        waitInterval: "1s",
      },
      { "atlasflex:accessToken": TOKEN },
    );
    engine.emulator.scheduleProgress(
      DEMO_PROJECT_ID,
      DEMO_CLUSTER_NAME,
      DEMO_SNAPSHOT_IDS.PENDING,
      { stepMs: 1_500, from: "PENDING", startOnFirstRead: true },
    );
    const up = await p.ok(["up", "--yes", "--non-interactive", "--skip-preview"]);
    expect(await p.outputs()).toEqual({
      status: "COMPLETED",
      finishTime: expect.stringMatching(TIME),
      restoreMarker: MARKER,
    });
    expect(JSON.parse(fs.readFileSync(path.join(p.dir, MARKER), "utf8"))).toEqual({
      snapshotId: DEMO_SNAPSHOT_IDS.PENDING,
      status: "COMPLETED",
    });
    // More than one read: the first ones saw the snapshot unfinished.
    expect(engine.emulator.count({ method: "GET", path: SNAPSHOT_GET })).toBeGreaterThan(1);
    expect(up.stdout + up.stderr).toContain(
      `waiting for snapshot ${DEMO_SNAPSHOT_IDS.PENDING} of flex cluster "orders" in project ${DEMO_PROJECT_ID}`,
    );
  });

  test("the wait times out with the last status, and the restore is not created", async () => {
    const p = engine.project("yaml/wait");
    await p.init(
      { ...gateConfig("RUNNING"), waitTimeout: "3s", waitInterval: "1s" },
      { "atlasflex:accessToken": TOKEN },
    );
    const up = await p.run(["up", "--yes", "--non-interactive", "--skip-preview"]);
    expect(up.code).not.toBe(0);
    expect(up.stdout + up.stderr).toContain(
      `timed out after 3s waiting for snapshot ${DEMO_SNAPSHOT_IDS.RUNNING} of flex cluster "orders" in project ${DEMO_PROJECT_ID} to complete: its last status was RUNNING`,
    );
    expect(fs.existsSync(path.join(p.dir, MARKER))).toBe(false);
  });

  describe("installing the plugin as the README says", () => {
    test.each([
      // README: "From the npm package": the `plugins:` entry is the examples' own (every test above).
      [
        "from the npm package, with node_modules/.bin on PATH",
        undefined,
        (p: PulumiProject) => ({
          PATH: `${path.join(p.dir, "..", "node_modules", ".bin")}${path.delimiter}${p.env["PATH"] ?? ""}`,
        }),
      ],
      ["from a clone of the repository", path.join(REPO_ROOT, "bin"), () => ({})],
    ])("%s", async (_label, pluginPath, env) => {
      const p = engine.project("yaml/gate");
      pointPluginAt(p, pluginPath);
      await p.init(gateConfig("COMPLETED"), { "atlasflex:accessToken": TOKEN });
      await p.ok(UP, { env: env(p) });
      expect(await p.outputs()).toEqual(COMPLETED_OUTPUTS);
    });
  });
});
