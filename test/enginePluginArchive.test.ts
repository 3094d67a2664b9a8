/**
 * The `atlasflex` plugin installed as a user installs a released provider: the archive of
 * `scripts/bundle-plugin.js` (built by `npm run build`), put in a fresh PULUMI_HOME with
 * `pulumi plugin install resource atlasflex <version> --file <archive>`, and found by the engine
 * by name and version, with ambient plugins ignored and no `plugins:` entry for it; then
 * examples/yaml/gate runs under the real engine against the emulator. One stack, in order.
 *
 * The Python and Go SDKs' install paths are not tested here (see the README's "Other languages").
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEMO_PROJECT_ID, DEMO_SNAPSHOT_IDS } from "../emulator";
import { PACKAGE_INFO } from "../provider/atlas/packageInfo";
import { SECRETS, TOKEN } from "./support/credentials";
import { REPO_ROOT } from "./support/providerHost";
import { engineFixture, type PulumiProject } from "./support/pulumiCli";

const engine = engineFixture({}, ["yaml"]);
jest.setTimeout(180_000);

const UP = ["up", "--yes", "--non-interactive"];
const PREVIEW = ["preview", "--non-interactive"];

/** The archive of this machine's platform, named as Pulumi names plugin archives. */
function platformArchive(): string {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  return path.join(
    REPO_ROOT,
    "dist",
    "archives",
    `pulumi-resource-atlasflex-v${PACKAGE_INFO.version}-${os}-${arch}.tar.gz`,
  );
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
    // The program as a user of the installed plugin writes it: no `plugins:` entry for atlasflex
    // (the stand-in restore keeps its own).
    const file = path.join(p.dir, "Pulumi.yaml");
    const program = fs.readFileSync(file, "utf8");
    const withoutEntry = program.replace(
      /\n\s*# The plugin ships in the npm package[^\n]*\n\s*- name: atlasflex\n\s*path: [^\n]*/,
      "",
    );
    expect(withoutEntry).not.toContain("name: atlasflex");
    fs.writeFileSync(file, withoutEntry);
  });

  test("pulumi plugin install puts it in PULUMI_HOME, where the engine finds it by name and version", async () => {
    const install = await p.ok([
      "plugin",
      "install",
      "resource",
      "atlasflex",
      PACKAGE_INFO.version,
      "--file",
      platformArchive(),
    ]);
    const listed = await p.ok(["plugin", "ls", "--json"]);
    const plugins = JSON.parse(listed.stdout) as { name: string; kind: string; version: string }[];
    const preview = await p.ok([...PREVIEW, "--logtostderr", "-v=9"]);
    const launched = /Launching plugin 'atlasflex \(resource\)' from '([^']+)'/.exec(
      preview.stderr,
    )?.[1];
    expect([
      install.stdout + install.stderr,
      plugins.map((plugin) => [plugin.name, plugin.kind, plugin.version]),
      launched,
    ]).toEqual([
      expect.stringContaining(`installing`),
      [["atlasflex", "resource", PACKAGE_INFO.version]],
      path.join(
        p.env["PULUMI_HOME"]!,
        "plugins",
        `resource-atlasflex-v${PACKAGE_INFO.version}`,
        "pulumi-resource-atlasflex",
      ),
    ]);
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
});
