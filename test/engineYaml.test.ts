/**
 * Pulumi YAML under the real engine: the programs of examples/yaml/* run with the YAML language
 * host (pulumi-yaml, built beside the CLI by scripts/install-pulumi-cli.sh) and the `atlasflex`
 * plugin of the package installed from its tarball, against the local Atlas emulator.
 *
 * Needs a Pulumi CLI with `pulumi-language-yaml` beside it. Without one the suite fails in CI
 * (CI=true) and is skipped elsewhere, saying what is missing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEMO_CLUSTER_NAME, DEMO_PROJECT_ID, DEMO_SNAPSHOT_IDS } from "../emulator";
import {
  ACCOUNT_SECRETS,
  multiAccountOptions,
  PROD_SA,
  seedStaging,
  STAGING_CLUSTER_NAME,
  STAGING_PROJECT_ID,
  STAGING_SNAPSHOT_ID,
  STAGING_TOKEN,
} from "./support/accounts";
import { PLUGIN_CREDENTIAL_CASES, SA, SECRETS, TOKEN } from "./support/credentials";
import { REPO_ROOT } from "./support/providerHost";
import { engineFixture, type PulumiProject } from "./support/pulumiCli";
import { codeBlocks, docSection } from "./support/readme";

const engine = engineFixture(multiAccountOptions(), ["yaml"]);
// Each test runs several CLI commands, each starting the YAML host and two plugins (Node
// processes): on a busy machine one test can take longer than jest's default minute.
jest.setTimeout(180_000);

const SNAPSHOT_GET = /\/flexClusters\/[^/]+\/backup\/snapshots\/[a-f0-9]{24}$/;
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
/** The stand-in restore each copy of an example gets (test/support/standin.ts), and its file. */
const MARKER = "restore-marker.json";
const MARKER_TYPE = "standin:index:RestoreMarker";
const UP = ["up", "--yes", "--non-interactive"];
const PREVIEW = ["preview", "--non-interactive"];

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

const SECRET_KEY = /clientSecret|privateKey|accessToken/;

/**
 * Asserts that nothing the CLI printed, nor the exported state, holds a secret, and that the
 * secret config (`secretKeys`, e.g. `atlasflex:accessToken`), which the engine keeps as the
 * inputs of the default `atlasflex` provider, stays encrypted there.
 */
async function expectNoSecrets(p: PulumiProject, secretKeys: readonly string[]): Promise<void> {
  const { text, state } = await exportState(p);
  const everything = p.transcript.join("\n") + text;
  for (const secret of SECRETS) expect(everything).not.toContain(secret);
  const provider = (state.deployment.resources ?? []).find(
    (r) => r.type === "pulumi:providers:atlasflex",
  );
  const inputs = Object.entries(provider?.inputs ?? {}).filter(([key]) => SECRET_KEY.test(key));
  expect(Object.fromEntries(inputs)).toEqual(
    Object.fromEntries(
      secretKeys
        .filter((key) => SECRET_KEY.test(key))
        .map((key) => [
          key.replace(/^atlasflex:/, ""),
          {
            "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
            ciphertext: expect.any(String),
          },
        ]),
    ),
  );
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

/** The README's YAML quick start: its Pulumi.yaml, config commands and `packages:` entry. */
function readmeQuickStart(): { program: string; config: [string, boolean][]; packages: string } {
  const section = docSection("Pulumi YAML (the atlasflex plugin)");
  const blocks = codeBlocks(section);
  const program = blocks.find((block) => block.lang === "yaml")?.text;
  const commands = blocks.filter((block) => block.lang === "sh").map((block) => block.text);
  const packages = /`(packages: \{ atlasflex: [^`]+\})`/.exec(section)?.[1];
  if (!program || commands.length !== 2 || !packages) {
    throw new Error("the README's YAML quick start has changed shape: update this test");
  }
  expect(commands[0]).toBe("npm install pulumi-atlas-flex-snapshot @pulumi/pulumi\n");
  const config = [...commands[1]!.matchAll(/^pulumi config set (--secret )?(\S+) /gm)].map(
    ([, secret, key]) => [key!, secret !== undefined] as [string, boolean],
  );
  return { program, config, packages };
}

/** Emulator values for the keys the quick start sets. */
function quickStartValue(key: string): string {
  const values: Record<string, string> = {
    projectId: DEMO_PROJECT_ID,
    snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
    "atlasflex:clientId": SA.clientId,
    "atlasflex:clientSecret": SA.clientSecret,
  };
  const value = values[key];
  if (value === undefined) throw new Error(`the README's quick start sets ${key}: give it a value`);
  return value;
}

engine.describe("Pulumi YAML under the real engine (the atlasflex plugin)", () => {
  beforeEach(() => engine.emulator.reset());

  test("preview reads the snapshot through the plugin and creates nothing", async () => {
    const p = engine.project("yaml/gate");
    await p.init(gateConfig("COMPLETED"), { "atlasflex:accessToken": TOKEN });
    const preview = await p.ok(PREVIEW);
    expect(preview.stdout).toMatch(/status\s*:\s*"COMPLETED"/);
    expect(preview.stdout).toMatch(new RegExp(`\\+ +${MARKER_TYPE} restore create`));
    expect(engine.emulator.count({ method: "GET", path: SNAPSHOT_GET, status: 200 })).toBe(1);
    expect(fs.existsSync(path.join(p.dir, MARKER))).toBe(false);
    // A preview records no state: no provider, nothing encrypted to check.
    await expectNoSecrets(p, []);
  });

  describe.each(PLUGIN_CREDENTIAL_CASES)("pulumi up with %s", (_label, secrets, env) => {
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
      await expectNoSecrets(p, Object.keys(secrets));
    });
  });

  test("two Atlas accounts in one program (examples/yaml/multi-account): each explicit provider reads with its own credentials and gates its own resource", async () => {
    // No stack-wide credentials: each provider has its own; the origin comes from the
    // environment. Production's service account reads the demo project only, staging's token
    // the staging project only (test/support/accounts.ts): the wrong account would get a 401.
    seedStaging(engine.emulator);
    const p = engine.project("yaml/multi-account", {
      MONGODB_ATLAS_BASE_URL: engine.emulator.baseUrl,
    });
    await p.init(
      {
        prodProjectId: DEMO_PROJECT_ID,
        prodSnapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
        stagingProjectId: STAGING_PROJECT_ID,
        stagingClusterName: STAGING_CLUSTER_NAME,
        prodClientId: PROD_SA.clientId,
      },
      { prodClientSecret: PROD_SA.clientSecret, stagingAccessToken: STAGING_TOKEN },
    );
    await p.ok(UP);
    const outputs = await p.outputs();
    const reads = engine.emulator.requests.filter((r) => r.path.includes("/backup/snapshots"));
    const { text, state } = await exportState(p);
    const providers = (state.deployment.resources ?? []).filter(
      (r) => r.type === "pulumi:providers:atlasflex",
    );
    expect([
      outputs["prodStatus"],
      outputs["stagingSnapshotId"],
      ["prod-restore-marker.json", "staging-restore-marker.json"].map((file) =>
        fs.existsSync(path.join(p.dir, file)),
      ),
      engine.emulator.count({ path: /\/api\/oauth\/token$/ }) >= 1,
      // Sorted: the two lookups read concurrently.
      [...new Set(reads.map((r) => `${r.authKind} ${r.status}`))].sort(),
      providers.map((r) => r.urn.split("::").pop()).sort(),
      [...SECRETS, ...ACCOUNT_SECRETS].filter((secret) =>
        (p.transcript.join("\n") + text).includes(secret),
      ),
    ]).toEqual([
      "COMPLETED",
      STAGING_SNAPSHOT_ID,
      [true, true],
      true,
      ["bearer 200"],
      ["prod", "staging"],
      [],
    ]);
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
      await expectNoSecrets(p, []);
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

  test("preview of the wait reports the current status without waiting, and warns", async () => {
    const p = engine.project("yaml/wait");
    await p.init({ ...gateConfig("RUNNING") }, { "atlasflex:accessToken": TOKEN });
    const preview = await p.ok(PREVIEW);
    expect(preview.stdout).toMatch(/status\s*:\s*"RUNNING"/);
    expect(preview.stdout).toContain("the gate is not met yet");
    expect(preview.stdout).toContain("`pulumi up` will wait up to 30m for it.");
    // One read: preview did not poll.
    expect(engine.emulator.count({ method: "GET", path: SNAPSHOT_GET })).toBe(1);
    expect(fs.existsSync(path.join(p.dir, MARKER))).toBe(false);
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

  describe("the README's quick start, and each way it gives to find the plugin", () => {
    const ambientWarning = "warning: using pulumi-resource-atlasflex from $PATH";
    const pluginsEntry =
      "plugins:\n  providers:\n    - name: atlasflex\n      path: ./node_modules/pulumi-atlas-flex-snapshot/bin\n";
    test.each([
      ["the plugins: entry, as written", (program: string) => program, false, false],
      [
        "a packages: entry instead",
        (program: string) => program.replace(pluginsEntry, `${readmeQuickStart().packages}\n`),
        false,
        false,
      ],
      [
        "node_modules/.bin on PATH and no entry (the engine warns)",
        (program: string) => program.replace(pluginsEntry, ""),
        true,
        true,
      ],
      [
        "a clone of the repository",
        (program: string) =>
          program.replace(
            "path: ./node_modules/pulumi-atlas-flex-snapshot/bin",
            `path: ${path.join(REPO_ROOT, "bin")}`,
          ),
        false,
        false,
      ],
    ] as const)("%s", async (_label, rewrite, onPath, warns) => {
      const { program, config } = readmeQuickStart();
      expect(program).toContain(pluginsEntry);
      const p = engine.program("yaml-quickstart", rewrite(program));
      await p.init(
        {
          ...Object.fromEntries(
            config.filter(([, secret]) => !secret).map(([key]) => [key, quickStartValue(key)]),
          ),
          // Not in the README: the emulator stands in for https://cloud.mongodb.com.
          "atlasflex:baseUrl": engine.emulator.baseUrl,
        },
        Object.fromEntries(
          config.filter(([, secret]) => secret).map(([key]) => [key, quickStartValue(key)]),
        ),
      );
      const bin = path.join(p.dir, "node_modules", ".bin");
      const up = await p.ok(["up", "--yes", "--non-interactive"], {
        env: onPath ? { PATH: `${bin}${path.delimiter}${p.env["PATH"] ?? ""}` } : {},
      });
      expect(await p.outputs()).toEqual({
        status: "COMPLETED",
        finishTime: expect.stringMatching(TIME),
      });
      expect((up.stdout + up.stderr).includes(ambientWarning)).toBe(warns);
      expect(engine.emulator.count({ method: "POST", path: "/api/oauth/token", status: 200 })).toBe(
        2,
      );
      await expectNoSecrets(p, ["atlasflex:clientSecret"]);
    });
  });
});
