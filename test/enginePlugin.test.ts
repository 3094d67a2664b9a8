/**
 * The `atlasflex` plugin under the real Pulumi CLI: `pulumi package get-schema` returns the
 * generated schema and `pulumi schema check` accepts it; under `pulumi preview` and `pulumi up`
 * of a Pulumi YAML program, the engine's preview flag reaches the plugin's invokes (a wait waits
 * only in `up`) and the engine's `Handshake` succeeds, an unmet gate fails with the provider's
 * one-line message and no stack trace, and explicit providers each read with their own
 * credentials (`Configure.args`), kept secret. The YAML examples and their engine tests are test/engineYaml*.
 *
 * Needs the CLI (test/support/pulumiCli.ts) and, for the YAML programs, `pulumi-language-yaml`
 * beside it (scripts/install-pulumi-cli.sh builds both).
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  DEMO_CLUSTER_NAME,
  DEMO_CREDENTIALS,
  DEMO_DOWNLOAD_RESTORE_JOB_ID,
  DEMO_PROJECT_ID as P,
  demoSnapshotUrl,
  startAtlasEmulator,
  type AtlasEmulator,
} from "../emulator";
import { packageSchema } from "../provider/pulumi/plugin/packageSchema";
import { SA, SECRETS, TOKEN } from "./support/credentials";
import { PLUGIN_LAUNCHER } from "./support/pluginProcess";
import { consumerNodeModules, findPulumiBinDir, type RunResult } from "./support/pulumiCli";

const cli = findPulumiBinDir();
const inCi = process.env["CI"] === "true";
const binDir = "dir" in cli ? cli.dir : "";
const yamlHost = binDir !== "" && fs.existsSync(path.join(binDir, "pulumi-language-yaml"));
if ("missing" in cli && !inCi) console.warn(`plugin engine tests skipped: ${cli.missing}`);
else if (!yamlHost && !inCi)
  console.warn(`plugin YAML engine tests skipped: no pulumi-language-yaml beside ${binDir}`);
const describeCli = "dir" in cli || inCi ? describe : describe.skip;
const describeYaml = yamlHost || inCi ? describe : describe.skip;

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

/** Runs `pulumi <args>` in `cwd` with a private home and file backend under `root`. */
function pulumi(
  root: string,
  cwd: string,
  args: readonly string[],
  input = "",
  extraEnv: Record<string, string> = {},
): Promise<RunResult> {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith("MONGODB_ATLAS_") && !name.startsWith("PULUMI_")) env[name] = value;
  }
  return new Promise((resolve) => {
    const child = execFile(
      path.join(binDir, "pulumi"),
      [...args],
      {
        cwd,
        env: {
          ...env,
          PATH: `${binDir}${path.delimiter}${process.env["PATH"] ?? ""}`,
          PULUMI_BACKEND_URL: `file://${path.join(root, "backend")}`,
          PULUMI_CONFIG_PASSPHRASE: "plugin-engine-test",
          PULUMI_SKIP_UPDATE_CHECK: "true",
          PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
          PULUMI_HOME: path.join(root, "home"),
          ...extraEnv,
        },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error.code as number | undefined) ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}

/** A temporary folder with a backend; removed after the suite. */
function tempRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "flex-plugin-"));
  fs.mkdirSync(path.join(root, "backend"));
  fs.mkdirSync(path.join(root, "project"));
  roots.push(root);
  return root;
}

describeCli("the plugin's schema through the CLI", () => {
  test.each<[string, () => string]>([
    ["this checkout's bin/ (after npm run build)", () => PLUGIN_LAUNCHER],
    [
      "an install of the packed package (node_modules/.bin)",
      () => path.join(consumerNodeModules(), ".bin", "pulumi-resource-atlasflex"),
    ],
  ])(
    "from %s: `pulumi package get-schema` returns the generated schema, and `pulumi schema check` accepts it",
    async (_label, launcher) => {
      const root = tempRoot();
      const got = await pulumi(root, root, ["package", "get-schema", launcher()]);
      const file = path.join(root, "schema.json");
      fs.writeFileSync(file, got.stdout);
      const check = await pulumi(root, root, ["schema", "check", file]);
      expect([got.code, JSON.parse(got.stdout), check]).toEqual([
        0,
        packageSchema(),
        { code: 0, stdout: "", stderr: "" },
      ]);
    },
  );
});

describeYaml("the plugin under `pulumi preview` and `pulumi up` (Pulumi YAML)", () => {
  const CLUSTER = "plugin-engine";
  const RUNNING = "0000000000000000000000e1";
  const SECOND_TOKEN = "second-demo-access-token-not-a-real-token";
  const PENDING = "0000000000000000000000e2";
  let emulator: AtlasEmulator;
  beforeAll(async () => {
    // A second access token, so that a provider's credential can change to another valid one.
    emulator = await startAtlasEmulator({
      credentials: { ...DEMO_CREDENTIALS, accessTokens: [TOKEN, SECOND_TOKEN] },
    });
    emulator.putSnapshot(P, CLUSTER, {
      id: PENDING,
      status: "PENDING",
      scheduledTime: "2026-01-01T00:00:00Z",
    });
  });
  beforeEach(() => emulator.reset());
  afterAll(async () => {
    await emulator.close();
  });

  /**
   * A YAML project whose program is `program`, with its stack, config and secret config.
   * `verbose` runs a command with the engine's log on stderr (`-v=9 --logtostderr`) and keeps
   * that stderr out of the transcript: the engine's own log shows config secrets in the clear.
   */
  async function yamlStack(
    program: string,
    secrets: Record<string, string>,
  ): Promise<{
    run(args: string[]): Promise<RunResult>;
    verbose(args: string[]): Promise<RunResult>;
    transcript: string[];
  }> {
    const root = tempRoot();
    const dir = path.join(root, "project");
    const pluginDir = path.dirname(PLUGIN_LAUNCHER);
    fs.writeFileSync(
      path.join(dir, "Pulumi.yaml"),
      `name: plugin-engine\nruntime: yaml\nplugins:\n  providers:\n    - name: atlasflex\n      path: ${pluginDir}\n${program}`,
    );
    const transcript: string[] = [];
    const run = async (args: string[], input = ""): Promise<RunResult> => {
      const result = await pulumi(root, dir, args, input);
      transcript.push(result.stdout, result.stderr);
      return result;
    };
    await run(["stack", "init", "dev", "--non-interactive"]);
    await run(["config", "set", "atlasflex:baseUrl", emulator.baseUrl]);
    for (const [key, value] of Object.entries(secrets)) {
      await run(["config", "set", "--secret", key], value);
    }
    const verbose = async (args: string[]): Promise<RunResult> => {
      const result = await pulumi(root, dir, [...args, "-v=9", "--logtostderr"]);
      transcript.push(result.stdout);
      return result;
    };
    return { run: (args) => run(args), verbose, transcript };
  }

  /** The messages of the engine's log that start with `prefix` (`--logtostderr`: JSON lines). */
  const engineLog = (stderr: string, prefix: string): string[] =>
    stderr.split("\n").flatMap((line) => {
      try {
        const { msg } = JSON.parse(line) as { msg?: unknown };
        return typeof msg === "string" && msg.startsWith(prefix) ? [msg] : [];
      } catch {
        return [];
      }
    });

  const waitProgram = (snapshotId: string): string =>
    [
      "variables:",
      "  snap:",
      "    fn::invoke:",
      "      function: atlasflex:index:getFlexSnapshot",
      "      arguments:",
      `        projectId: ${P}`,
      `        name: ${CLUSTER}`,
      `        snapshotId: "${snapshotId}"`,
      "        wait:",
      "          timeout: 2m",
      "          interval: 1s",
      "outputs:",
      "  status: ${snap.status}",
      "",
    ].join("\n");

  test("the engine's preview flag reaches the invoke: preview reports and warns, up waits; the engine handshakes with the plugin", async () => {
    emulator.putSnapshot(P, CLUSTER, {
      id: RUNNING,
      status: "RUNNING",
      scheduledTime: "2026-01-01T00:00:00Z",
      startTime: "2026-01-01T00:00:47Z",
    });
    const stack = await yamlStack(waitProgram(RUNNING), { "atlasflex:accessToken": TOKEN });
    const polls = (): number => emulator.count({ path: new RegExp(`/snapshots/${RUNNING}$`) });
    // The engine's log shows whether the plugin answered `Handshake` (UNIMPLEMENTED: "not
    // supported", and the engine falls back to what `Configure` answers).
    const preview = await stack.verbose(["preview"]);
    const previewPolls = polls();
    emulator.scheduleProgress(P, CLUSTER, RUNNING, {
      stepMs: 1_500,
      from: "RUNNING",
      startOnFirstRead: true,
    });
    const up = await stack.run(["up", "--yes", "--skip-preview"]);
    const outputs = await stack.run(["stack", "output", "--json"]);
    expect([
      preview.code,
      preview.stdout.includes(
        `warning: the gate is not met yet: snapshot ${RUNNING} of flex cluster "${CLUSTER}" in project ${P} is RUNNING; required status COMPLETED. \`pulumi up\` will wait up to 2m for it.`,
      ),
      previewPolls,
      up.code,
      polls() - previewPolls > 1,
      JSON.parse(outputs.stdout),
      SECRETS.filter((secret) => stack.transcript.join("\n").includes(secret)),
      engineLog(preview.stderr, "Handshake:"),
    ]).toEqual([
      0,
      true,
      1,
      0,
      true,
      { status: "COMPLETED" },
      [],
      [`Handshake: success [${PLUGIN_LAUNCHER}]`],
    ]);
  });

  test("an unmet gate fails preview and up with the provider's one-line message, no stack trace", async () => {
    const program = [
      "variables:",
      "  snap:",
      "    fn::invoke:",
      "      function: atlasflex:index:getFlexSnapshot",
      "      arguments:",
      `        projectId: ${P}`,
      `        name: ${CLUSTER}`,
      `        snapshotId: "${PENDING}"`,
      "        require:",
      "          status: COMPLETED",
      "outputs:",
      "  status: ${snap.status}",
      "",
    ].join("\n");
    const stack = await yamlStack(program, { "atlasflex:accessToken": TOKEN });
    const message = `invocation of atlasflex:index:getFlexSnapshot returned an error: snapshot ${PENDING} of flex cluster "${CLUSTER}" in project ${P} is PENDING; required status COMPLETED\n`;
    for (const args of [["preview"], ["up", "--yes"]]) {
      const result = await stack.run(args);
      expect([
        result.code,
        result.stdout.includes(message),
        /^\s+at /m.test(result.stdout + result.stderr),
      ]).toEqual([1, true, false]);
    }
  });

  test("a restore job's snapshotUrl stays secret: in outputs, state and CLI output", async () => {
    const program = [
      "variables:",
      "  job:",
      "    fn::invoke:",
      "      function: atlasflex:index:getFlexRestoreJob",
      "      arguments:",
      `        projectId: ${P}`,
      `        name: ${DEMO_CLUSTER_NAME}`,
      `        restoreJobId: "${DEMO_DOWNLOAD_RESTORE_JOB_ID}"`,
      "        require:",
      "          status: COMPLETED",
      "outputs:",
      "  url: ${job.snapshotUrl}",
      "",
    ].join("\n");
    const stack = await yamlStack(program, { "atlasflex:accessToken": TOKEN });
    const url = demoSnapshotUrl(DEMO_DOWNLOAD_RESTORE_JOB_ID);
    const up = await stack.run(["up", "--yes"]);
    const outputs = await stack.run(["stack", "output", "--json"]);
    const state = await stack.run(["stack", "export"]);
    const shown = await stack.run(["stack", "output", "url", "--show-secrets"]);
    const leaked = stack.transcript.slice(0, -2).join("\n");
    expect([
      up.code,
      JSON.parse(outputs.stdout),
      state.stdout.includes(url.split("?")[1]!),
      shown.stdout.trim(),
      [url, url.split("?")[1]!, ...SECRETS].filter((secret) => leaked.includes(secret)),
    ]).toEqual([0, { url: "[secret]" }, false, url, []]);
  });

  /** Two explicit providers (an access token, a service account) and the default one (stack config). */
  const accountsProgram = (extra: string[] = []): string =>
    [
      "config:",
      "  prodToken:",
      "    type: string",
      "    secret: true",
      "  stagingSecret:",
      "    type: string",
      "    secret: true",
      "resources:",
      "  prod:",
      "    type: pulumi:providers:atlasflex",
      "    properties:",
      `      baseUrl: ${emulator.baseUrl}`,
      "      accessToken: ${prodToken}",
      "  staging:",
      "    type: pulumi:providers:atlasflex",
      "    properties:",
      `      baseUrl: ${emulator.baseUrl}`,
      `      clientId: ${SA.clientId}`,
      "      clientSecret: ${stagingSecret}",
      ...extra,
      "variables:",
      ...["prod", "staging", "default"].flatMap((name) => [
        `  ${name}Snapshots:`,
        "    fn::invoke:",
        "      function: atlasflex:index:getFlexSnapshots",
        "      arguments:",
        `        projectId: ${P}`,
        `        name: ${CLUSTER}`,
        ...(name === "default" ? [] : ["      options:", `        provider: \${${name}}`]),
      ]),
      "outputs:",
      ...["prod", "staging", "default"].map(
        (name) => `  ${name}: \${${name}Snapshots.results[0].snapshotId}`,
      ),
      "",
    ].join("\n");

  test("explicit providers, each with its own account: every lookup reads with its provider's credentials; secrets stay ciphertext", async () => {
    const stack = await yamlStack(accountsProgram(), {
      "atlasflex:accessToken": TOKEN,
      prodToken: TOKEN,
      stagingSecret: SA.clientSecret,
    });
    const preview = await stack.run(["preview"]);
    const up = await stack.run(["up", "--yes"]);
    const outputs = await stack.run(["stack", "output", "--json"]);
    const state = await stack.run(["stack", "export"]);
    const auth = emulator.requests
      .filter((r) => r.path.includes("/snapshots"))
      .map((r) => r.authKind);
    expect([
      preview.code,
      up.code,
      JSON.parse(outputs.stdout),
      [...new Set(auth)].sort(),
      SECRETS.filter((secret) => state.stdout.includes(secret)),
      SECRETS.filter((secret) => stack.transcript.join("\n").includes(secret)),
    ]).toEqual([0, 0, { prod: PENDING, staging: PENDING, default: PENDING }, ["bearer"], [], []]);
  });

  test("a provider with a wrong secret fails its own lookup, with the one-line 401", async () => {
    const stack = await yamlStack(accountsProgram(), {
      "atlasflex:accessToken": TOKEN,
      prodToken: TOKEN,
      stagingSecret: `${SA.clientSecret}-wrong`,
    });
    const preview = await stack.run(["preview"]);
    const byBearer = emulator.requests.filter(
      (r) => r.path.includes("/snapshots") && r.authKind === "bearer",
    );
    expect([
      preview.code,
      /invocation of atlasflex:index:getFlexSnapshots returned an error: \[401 Unauthorized\]/.test(
        preview.stdout,
      ),
      // The remedy names the settings this provider reads: its own properties, never
      // mongodbatlas: config.
      preview.stdout.includes(
        '(check the credentials (clientId and clientSecret in the properties of provider "staging"); ',
      ),
      /^\s+at /m.test(preview.stdout + preview.stderr),
      // The other providers' lookups read (those before the failed one, in the program's order).
      byBearer.length > 0 && byBearer.every((r) => r.status === 200),
      SECRETS.filter((secret) => stack.transcript.join("\n").includes(secret)),
    ]).toEqual([1, true, true, false, true, []]);
  });

  test("a changed credential on an explicit provider is an update of it, not a replacement", async () => {
    const stack = await yamlStack(accountsProgram(), {
      "atlasflex:accessToken": TOKEN,
      prodToken: TOKEN,
      stagingSecret: SA.clientSecret,
    });
    const up = await stack.run(["up", "--yes"]);
    await stack.run(["config", "set", "--secret", "prodToken", SECOND_TOKEN]);
    const diff = await stack.run(["preview", "--diff"]);
    const providerLines = diff.stdout
      .split("\n")
      .filter((line) => line.includes("pulumi:providers:atlasflex"));
    expect([
      up.code,
      diff.code,
      providerLines.some((line) => /^\s*~ pulumi:providers:atlasflex: \(update\)/.test(line)),
      /replace/i.test(diff.stdout),
      diff.stdout.includes(SECOND_TOKEN) || diff.stdout.includes(TOKEN),
    ]).toEqual([0, 0, true, false, false]);
  });
});
