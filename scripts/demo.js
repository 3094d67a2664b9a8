#!/usr/bin/env node
// @ts-check
/**
 * `npm run demo`: runs the demo stack (root Pulumi.yaml, the program of examples/nodejs/gate) with
 * `pulumi up` on a throwaway local file backend and prints the snapshot and the gate's verdict.
 * It first does the set-up a fresh clone needs (scripts/setup.js): dependencies, build, and the
 * Pulumi CLI.
 *
 * Against the local Atlas emulator by default: it starts it, points the stack at it and stops
 * it afterwards. With Atlas credentials in the environment (MONGODB_ATLAS_CLIENT_ID/SECRET, …)
 * it reads real Atlas instead; then say which snapshot with
 *   npm run demo -- --project-id <id> --cluster <name> --snapshot-id <id> [--require COMPLETED]
 */
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { parseArgs } = require("node:util");
const { setup } = require("./setup");

const root = path.resolve(__dirname, "..");

// Not public: the local Atlas emulator is no part of the package (its `files` leave it out), so it
// is required from the build by path, once main's set-up has built it.
/** @returns {typeof import("../emulator")} */
const loadEmulator = () => require(path.join(root, "dist/emulator"));

const { values: flags } = parseArgs({
  options: {
    "project-id": { type: "string" },
    cluster: { type: "string", default: "orders" },
    "snapshot-id": { type: "string" },
    require: { type: "string", default: "COMPLETED" },
  },
});

/** @param {string} message */
function step(message) {
  console.log(`\n== ${message}`);
}

/**
 * Runs a command and resolves with its exit code. Asynchronous on purpose: the emulator answers
 * from this very process, so the event loop must keep turning while pulumi runs.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {import("node:child_process").SpawnOptions & { input?: string }} [options] - `input`
 *   is written to the command's stdin
 * @returns {Promise<number>}
 */
function run(command, args, { input, ...options } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: [input === undefined ? "ignore" : "pipe", "inherit", "inherit"],
      ...options,
    });
    if (input !== undefined) child.stdin?.end(input);
    child.on("error", () => resolve(127));
    child.on("close", (code) => resolve(code ?? 1));
  });
}

async function main() {
  step("Set-up: dependencies, build, Pulumi CLI");
  const cli = setup();
  if (!("dir" in cli)) {
    console.error(`the demo needs the Pulumi CLI: ${cli.missing}`);
    return 1;
  }
  const binDir = cli.dir;

  const realAtlas = Object.keys(process.env).some((name) =>
    /^MONGODB_ATLAS_(ACCESS_TOKEN|CLIENT_ID|PUBLIC_API_KEY|PUBLIC_KEY)$/.test(name),
  );
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "flex-demo-"));
  const configFile = path.join(work, "Pulumi.demo.yaml");
  const env = {
    ...process.env,
    PATH: `${binDir}${path.delimiter}${process.env.PATH}`,
    PULUMI_BACKEND_URL: `file://${work}`,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "demo",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_HOME: path.join(work, "home"),
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
  };
  /** @param {string[]} args */
  const pulumi = (...args) => run("pulumi", [...args, "--config-file", configFile], { env });
  const { startAtlasEmulator, DEMO_CREDENTIALS, DEMO_PROJECT_ID, DEMO_SNAPSHOT_IDS } =
    loadEmulator();
  const [account] = DEMO_CREDENTIALS.serviceAccounts;
  if (account === undefined) {
    throw new Error("the emulator's demo credentials hold no service account");
  }
  /** @type {import("../emulator").AtlasEmulator | undefined} */
  let emulator;
  let code = 1;
  try {
    const config = {
      clusterName: flags.cluster,
      requiredStatus: flags.require,
      markerPath: path.join(work, "restore-marker.json"),
    };
    if (realAtlas) {
      step("Reading real Atlas (credentials found in the environment)");
      if (!flags["project-id"] || !flags["snapshot-id"]) {
        console.error("with real Atlas, pass --project-id and --snapshot-id (and --cluster)");
        return 3;
      }
      Object.assign(config, { projectId: flags["project-id"], snapshotId: flags["snapshot-id"] });
    } else {
      emulator = await startAtlasEmulator();
      step(`Local Atlas emulator at ${emulator.baseUrl}`);
      Object.assign(config, {
        projectId: flags["project-id"] ?? DEMO_PROJECT_ID,
        snapshotId: flags["snapshot-id"] ?? DEMO_SNAPSHOT_IDS.COMPLETED,
        "mongodbatlas:baseUrl": emulator.baseUrl,
        "mongodbatlas:clientId": account.clientId,
      });
      // The secret goes through stdin, so it is never on a command line.
    }
    if ((await run("pulumi", ["stack", "init", "demo", "--non-interactive"], { env })) !== 0)
      return 1;
    if (!realAtlas) {
      const secret = account.clientSecret;
      const args = [
        "config",
        "set",
        "--secret",
        "mongodbatlas:clientSecret",
        "--config-file",
        configFile,
      ];
      if ((await run("pulumi", args, { env, input: secret })) !== 0) return 1;
    }
    for (const [key, value] of Object.entries(config)) {
      if ((await pulumi("config", "set", key, value)) !== 0) return 1;
    }
    step("pulumi up");
    code = await pulumi("up", "--yes", "--non-interactive", "--skip-preview");
    step("Verdict");
    if (code === 0) {
      const marker = JSON.parse(fs.readFileSync(config.markerPath, "utf8"));
      console.log(
        `gate met: snapshot ${marker.snapshotId} is ${marker.status} (required ${config.requiredStatus}); the gated restore was created`,
      );
    } else {
      console.log(
        `gate NOT met or lookup failed (see the error above): the gated restore was not created (marker exists: ${fs.existsSync(config.markerPath)})`,
      );
    }
    await pulumi("destroy", "--yes", "--non-interactive", "--skip-preview");
    return code;
  } finally {
    await emulator?.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
