/**
 * The `atlasflex` plugin installed as a user installs a released provider: the archive of
 * `scripts/bundle-plugin.js` (built by `npm run build`), put in a fresh PULUMI_HOME with
 * `pulumi plugin install resource atlasflex <version> --file <archive>`, and found by the engine
 * by name and version, with ambient plugins ignored and no `plugins:` entry for it; then
 * examples/yaml/gate runs under the real engine against the emulator (one stack, in order), and
 * examples/yaml/multi-account with explicit providers on the same installed plugin. The launcher's
 * Node.js check as the engine shows it: `pulumi package get-schema` with a too-old `node` on PATH.
 *
 * The Python and Go programs run on the installed archive in test/engineLanguages.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { DEMO_PROJECT_ID, DEMO_SNAPSHOT_IDS } from "../emulator";
import {
  ACCOUNT_SECRETS,
  multiAccountOptions,
  PROD_SA,
  readsByProject,
  seedStaging,
  STAGING_CLUSTER_NAME,
  STAGING_PROJECT_ID,
  STAGING_SNAPSHOT_ID,
  STAGING_TOKEN,
} from "./support/accounts";
import { PACKAGE_INFO } from "../provider/atlas/packageInfo";
import { SECRETS, TOKEN } from "./support/credentials";
import { installedLauncher, launchedPlugin, PLUGIN_INSTALL_ARGS } from "./support/pluginArchive";
import { engineFixture, type PulumiProject } from "./support/pulumiCli";

// The demo credentials read every project; the scoped accounts only their own.
const engine = engineFixture(multiAccountOptions(), ["yaml"]);
jest.setTimeout(180_000);

const UP = ["up", "--yes", "--non-interactive"];
const PREVIEW = ["preview", "--non-interactive"];

/**
 * Makes the program what a user of the installed plugin writes: no `plugins:` entry for atlasflex
 * (the stand-in dependents, test/support/standin.ts, keep theirs).
 */
function dropPluginEntry(p: PulumiProject): void {
  const file = path.join(p.dir, "Pulumi.yaml");
  const program = yaml.load(fs.readFileSync(file, "utf8")) as {
    plugins: { providers: { name: string }[] };
  };
  const providers = program.plugins.providers.filter(({ name }) => name !== "atlasflex");
  expect(providers.length).toBe(program.plugins.providers.length - 1);
  program.plugins.providers = providers;
  fs.writeFileSync(file, yaml.dump(program, { lineWidth: -1 }));
}

engine.describe("the plugin archive, installed with pulumi plugin install", () => {
  let p: PulumiProject;
  let marker: string;

  beforeAll(async () => {
    p = await engine.stack(
      "yaml/gate",
      { snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED },
      { "atlasflex:accessToken": TOKEN },
      { PULUMI_IGNORE_AMBIENT_PLUGINS: "true" },
    );
    marker = path.join(p.dir, "restore-marker.json");
    dropPluginEntry(p);
  });

  test("pulumi plugin install puts it in PULUMI_HOME, where the engine finds it by name and version", async () => {
    const install = await p.ok(PLUGIN_INSTALL_ARGS);
    const listed = await p.ok(["plugin", "ls", "--json"]);
    const plugins = JSON.parse(listed.stdout) as { name: string; kind: string; version: string }[];
    const preview = await p.ok([...PREVIEW, "--logtostderr", "-v=9"]);
    const launched = launchedPlugin(preview.stderr);
    expect([
      install.stdout + install.stderr,
      plugins.map((plugin) => [plugin.name, plugin.kind, plugin.version]),
      launched,
    ]).toEqual([
      expect.stringContaining(`installing`),
      [["atlasflex", "resource", PACKAGE_INFO.version]],
      installedLauncher(p.env["PULUMI_HOME"]!),
    ]);
  });

  test("the engine shows the launcher's one line when node on PATH is too old, and runs the plugin with a new enough one", async () => {
    // A `node` that says it is v18 ahead of the real one on PATH: only the launcher's check sees it.
    const oldNode = path.join(p.dir, "old-node");
    fs.mkdirSync(oldNode);
    fs.writeFileSync(path.join(oldNode, "node"), "#!/bin/sh\necho v18.19.0\n", { mode: 0o755 });
    const plugin = `atlasflex@${PACKAGE_INFO.version}`;
    const refused = await p.run(["package", "get-schema", plugin], {
      env: { PATH: [oldNode, p.env["PATH"] ?? ""].join(path.delimiter) },
    });
    const schema = JSON.parse((await p.ok(["package", "get-schema", plugin])).stdout) as {
      name: string;
      version: string;
    };
    expect([
      refused.code === 0,
      (refused.stdout + refused.stderr).includes(
        "pulumi-resource-atlasflex: requires node >= 20 on PATH; found v18.19.0",
      ),
      [schema.name, schema.version],
    ]).toEqual([false, true, ["atlasflex", PACKAGE_INFO.version]]);
  });

  test("pulumi up: the typed outputs, the gated restore created, no secret anywhere", async () => {
    await p.ok(UP);
    const outputs = await p.outputs();
    const exported = await p.ok(["stack", "export"]);
    expect([
      outputs["status"],
      outputs["projectId"],
      outputs["snapshotId"],
      JSON.parse(fs.readFileSync(marker, "utf8")),
      // Not the engine's own -v=9 log of the first test, which prints its config (docs/security.md).
      SECRETS.filter((secret) =>
        (p.transcript.filter((run) => !run.includes("-v=9")).join("\n") + exported.stdout).includes(
          secret,
        ),
      ),
    ]).toEqual([
      "COMPLETED",
      DEMO_PROJECT_ID,
      DEMO_SNAPSHOT_IDS.COMPLETED,
      { snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED, status: "COMPLETED" },
      [],
    ]);
  });

  test.each([
    ["preview", PREVIEW],
    ["up", UP],
  ])(
    "an unmet gate fails %s with the one-line message and leaves the restore untouched",
    async (_command, args) => {
      await p.ok(["config", "set", "snapshotId", DEMO_SNAPSHOT_IDS.FAILED]);
      const before = fs.readFileSync(marker, "utf8");
      const result = await p.run(args);
      expect([
        result.code === 0,
        (result.stdout + result.stderr).includes(
          `snapshot ${DEMO_SNAPSHOT_IDS.FAILED} of flex cluster "orders" in project ${DEMO_PROJECT_ID} is FAILED; required status COMPLETED`,
        ),
        fs.readFileSync(marker, "utf8"),
      ]).toEqual([false, true, before]);
    },
  );

  test("explicit providers on the installed plugin (examples/yaml/multi-account): each reads with its own credentials; no secret anywhere", async () => {
    seedStaging(engine.emulator);
    // The plugin installed by the first test: the same PULUMI_HOME.
    const accounts = engine.project("yaml/multi-account", {
      MONGODB_ATLAS_BASE_URL: engine.emulator.baseUrl,
      PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
      PULUMI_HOME: p.env["PULUMI_HOME"]!,
    });
    dropPluginEntry(accounts);
    await accounts.init(
      {
        prodProjectId: DEMO_PROJECT_ID,
        prodSnapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
        stagingProjectId: STAGING_PROJECT_ID,
        stagingClusterName: STAGING_CLUSTER_NAME,
        prodClientId: PROD_SA.clientId,
      },
      { prodClientSecret: PROD_SA.clientSecret, stagingAccessToken: STAGING_TOKEN },
    );
    engine.emulator.reset();
    await accounts.ok(UP);
    const outputs = await accounts.outputs();
    const exported = await accounts.ok(["stack", "export"]);
    expect([
      outputs["prodStatus"],
      outputs["stagingSnapshotId"],
      readsByProject(engine.emulator),
      [...SECRETS, ...ACCOUNT_SECRETS].filter((secret) =>
        (accounts.transcript.join("\n") + exported.stdout).includes(secret),
      ),
    ]).toEqual([
      "COMPLETED",
      STAGING_SNAPSHOT_ID,
      {
        [DEMO_PROJECT_ID]: expect.arrayContaining(["bearer 200"]),
        [STAGING_PROJECT_ID]: expect.arrayContaining(["bearer 200"]),
      },
      [],
    ]);
  });
});
