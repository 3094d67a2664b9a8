#!/usr/bin/env node
/**
 * `npm run measure [-- --cli-runs N --up-runs N --skip-lookups --skip-fleet]`: counts what a
 * lookup costs against the local Atlas emulator, per kind of credentials (HTTP requests to the
 * API and to the token endpoint, sequential and concurrent), and the size of the `__provider`
 * that Pulumi stores in state per lookup.
 *
 * Then the token fleet: with the emulator enforcing Atlas's limit of 100 live tokens per service
 * account, `--cli-runs` (default 300) sequential `flex-snapshot get` processes (the compiled bin)
 * and `--up-runs` (default 30) sequential plain `pulumi up` runs, each with the shared token
 * cache off (the default) and on: failures, tokens minted, revoked, and the most live at once.
 * The `pulumi up` part needs a Pulumi CLI ($PULUMI_BIN_DIR, PATH, or the cache that
 * scripts/install-pulumi-cli.sh fills); without one it is skipped, saying so.
 *
 * Needs `npm run build`.
 */
const { execFile, execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { parseArgs } = require("node:util");
const { installPacked } = require("./packed-install");
const pulumi = require("@pulumi/pulumi");

const root = path.resolve(__dirname, "..");
const { AtlasClient } = require(path.join(root, "dist/provider"));
const { clearTokenCache } = require(path.join(root, "dist/provider/auth"));
const { providerShim } = require(path.join(root, "dist/sdk/providerShim"));
const emulatorApi = require(path.join(root, "dist/emulator"));

const LOOKUPS = 20;

async function lookupCosts() {
  const {
    DEMO_CREDENTIALS: creds,
    DEMO_PROJECT_ID,
    DEMO_CLUSTER_NAME,
    DEMO_SNAPSHOT_IDS,
  } = emulatorApi;
  const emulator = await emulatorApi.startAtlasEmulator();
  const ref = {
    projectId: DEMO_PROJECT_ID,
    name: DEMO_CLUSTER_NAME,
    snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
  };
  const kinds = {
    serviceAccount: { kind: "serviceAccount", ...creds.serviceAccounts[0] },
    apiKey: { kind: "apiKey", ...creds.apiKeys[0] },
    accessToken: { kind: "accessToken", accessToken: creds.accessTokens[0] },
  };
  const rows = [];
  for (const [name, credentials] of Object.entries(kinds)) {
    for (const mode of ["sequential", "concurrent"]) {
      emulator.reset();
      clearTokenCache();
      const client = new AtlasClient({ baseUrl: emulator.baseUrl, credentials });
      if (mode === "sequential") {
        for (let i = 0; i < LOOKUPS; i++) await client.getFlexSnapshot(ref);
      } else {
        await Promise.all(Array.from({ length: LOOKUPS }, () => client.getFlexSnapshot(ref)));
      }
      const api = emulator.count({ path: /\/backup\/snapshots\// });
      const token = emulator.count({ path: "/api/oauth/token" });
      rows.push({
        credentials: name,
        mode,
        lookups: LOOKUPS,
        apiRequests: api,
        tokenRequests: token,
        perLookup: ((api + token) / LOOKUPS).toFixed(2),
      });
    }
  }
  await emulator.close();
  console.table(rows);
  const serialized = await pulumi.runtime.serializeFunction(() => providerShim, {
    allowSecrets: true,
  });
  console.log(`__provider per lookup: ${Buffer.byteLength(serialized.text)} bytes`);
}

/** The environment of a service-account run against `emulator`, with the cache off or on. */
function fleetEnv(emulator, cacheHome) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith("MONGODB_ATLAS_") || name === "ATLAS_FLEX_SNAPSHOT_TOKEN_CACHE") {
      delete env[name];
    }
  }
  const account = emulatorApi.DEMO_CREDENTIALS.serviceAccounts[0];
  return {
    ...env,
    MONGODB_ATLAS_BASE_URL: emulator.baseUrl,
    MONGODB_ATLAS_CLIENT_ID: account.clientId,
    MONGODB_ATLAS_CLIENT_SECRET: account.clientSecret,
    ...(cacheHome ? { ATLAS_FLEX_SNAPSHOT_TOKEN_CACHE: "1", XDG_CACHE_HOME: cacheHome } : {}),
  };
}

/** Runs a command; resolves with its exit code (never rejects). */
function run(command, args, options) {
  return new Promise((resolve) => {
    execFile(command, args, { ...options, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({
        code: error ? (typeof error.code === "number" ? error.code : -1) : 0,
        stdout,
        stderr,
      }),
    );
  });
}

/** Waits up to 3 s for revocations in flight to land, then reads the emulator's counts. */
async function settledStats(emulator) {
  const until = Date.now() + 3000;
  while (emulator.tokenStats().live > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return emulator.tokenStats();
}

/** One row of the fleet table. */
function fleetRow(what, cache, failures, stats, startedAt, firstFailure) {
  return {
    runs: what,
    tokenCache: cache ? "on" : "off",
    failures,
    minted: stats.minted,
    revoked: stats.revoked,
    maxLive: stats.maxLive,
    liveAfter: stats.live,
    limitRefusals: stats.limitRefusals,
    seconds: Math.round((Date.now() - startedAt) / 1000),
    ...(firstFailure ? { firstFailure: firstFailure.slice(0, 200) } : {}),
  };
}

/** `runs` sequential `flex-snapshot get` processes. */
async function cliFleet(emulator, runs, cacheHome) {
  emulator.reset();
  const { DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, DEMO_SNAPSHOT_IDS } = emulatorApi;
  const args = [
    path.join(root, "dist/bin/flex-snapshot.js"),
    "get",
    ...["--project-id", DEMO_PROJECT_ID, "--cluster", DEMO_CLUSTER_NAME],
    ...["--snapshot-id", DEMO_SNAPSHOT_IDS.COMPLETED, "--require-status", "COMPLETED"],
  ];
  const env = fleetEnv(emulator, cacheHome);
  const startedAt = Date.now();
  let failures = 0;
  let firstFailure;
  for (let i = 0; i < runs; i++) {
    const result = await run(process.execPath, args, { env });
    if (result.code !== 0) {
      failures += 1;
      firstFailure ??= result.stderr.trim();
    }
  }
  const stats = await settledStats(emulator);
  return fleetRow(
    `${runs} x flex-snapshot get`,
    !!cacheHome,
    failures,
    stats,
    startedAt,
    firstFailure,
  );
}

/** The directory holding a working `pulumi` with `pulumi-language-nodejs`, or undefined. */
function findPulumiBinDir() {
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  const candidates = [
    process.env.PULUMI_BIN_DIR,
    ...(process.env.PATH || "").split(path.delimiter),
    path.join(cache, "pulumi-atlas-flex-snapshot", "pulumi-v3.248.0", "bin"),
  ].filter(Boolean);
  return candidates.find((dir) => {
    try {
      if (!fs.existsSync(path.join(dir, "pulumi-language-nodejs"))) return false;
      execFileSync(path.join(dir, "pulumi"), ["version"], { stdio: "pipe" });
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * A copy of the quick-start example with node_modules like a user's (this package's `npm pack`
 * tarball installed beside @pulumi/pulumi), a stack on a file backend, offline.
 */
function quickstartProject(scratch, binDir) {
  const dir = path.join(scratch, "project");
  fs.cpSync(path.join(root, "examples", "quickstart"), dir, {
    recursive: true,
    filter: (source) => !/(^|\/)(Pulumi\.[^/]+\.yaml|node_modules)$/.test(source),
  });
  const consumer = path.join(scratch, "consumer");
  fs.mkdirSync(consumer);
  fs.symlinkSync(installPacked(root, consumer), path.join(dir, "node_modules"), "dir");
  fs.mkdirSync(path.join(scratch, "backend"));
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith("PULUMI_")) env[name] = value;
  }
  Object.assign(env, {
    PATH: `${binDir}${path.delimiter}${process.env.PATH || ""}`,
    PULUMI_BACKEND_URL: `file://${path.join(scratch, "backend")}`,
    PULUMI_CONFIG_PASSPHRASE: "measure-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_HOME: path.join(scratch, "home"),
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
  });
  return { dir, env };
}

/** `runs` sequential plain `pulumi up` runs (preview pass and update pass). */
async function upFleet(emulator, project, runs, cacheHome) {
  emulator.reset();
  const env = { ...project.env, ...fleetEnv(emulator, cacheHome), PATH: project.env.PATH };
  const startedAt = Date.now();
  let failures = 0;
  let firstFailure;
  for (let i = 0; i < runs; i++) {
    const result = await run("pulumi", ["up", "--yes", "--non-interactive"], {
      cwd: project.dir,
      env,
    });
    if (result.code !== 0) {
      failures += 1;
      firstFailure ??= `${result.stdout}\n${result.stderr}`.trim().split("\n").slice(-5).join(" ");
    }
  }
  const stats = await settledStats(emulator);
  return fleetRow(`${runs} x pulumi up`, !!cacheHome, failures, stats, startedAt, firstFailure);
}

async function tokenFleet(cliRuns, upRuns) {
  const { DEMO_PROJECT_ID, DEMO_SNAPSHOT_IDS } = emulatorApi;
  // Atlas's limit, enforced: a fleet that leaks tokens fails past 100 live ones.
  const emulator = await emulatorApi.startAtlasEmulator({ tokenLimit: 100 });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "flex-measure-"));
  const rows = [];
  try {
    for (const cache of [false, true]) {
      const cacheHome = cache ? fs.mkdtempSync(path.join(scratch, "cache-")) : undefined;
      rows.push(await cliFleet(emulator, cliRuns, cacheHome));
      console.error(`measured: ${rows.at(-1).runs}, token cache ${rows.at(-1).tokenCache}`);
    }
    const binDir = upRuns > 0 ? findPulumiBinDir() : undefined;
    if (upRuns > 0 && binDir === undefined) {
      console.log(
        "pulumi up runs skipped: no Pulumi CLI ($PULUMI_BIN_DIR, PATH, or scripts/install-pulumi-cli.sh's cache)",
      );
    } else if (binDir !== undefined) {
      const project = quickstartProject(scratch, binDir);
      const pulumiRun = (args) =>
        execFileSync("pulumi", args, { cwd: project.dir, env: project.env, stdio: "pipe" });
      pulumiRun(["stack", "init", "dev", "--non-interactive"]);
      pulumiRun(["config", "set", "projectId", DEMO_PROJECT_ID]);
      pulumiRun(["config", "set", "snapshotId", DEMO_SNAPSHOT_IDS.COMPLETED]);
      pulumiRun(["config", "set", "mongodbatlas:baseUrl", emulator.baseUrl]);
      for (const cache of [false, true]) {
        const cacheHome = cache ? fs.mkdtempSync(path.join(scratch, "cache-")) : undefined;
        rows.push(await upFleet(emulator, project, upRuns, cacheHome));
        console.error(`measured: ${rows.at(-1).runs}, token cache ${rows.at(-1).tokenCache}`);
      }
    }
  } finally {
    await emulator.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  console.log("Service-account tokens, with the limit of 100 live tokens enforced:");
  console.table(rows);
}

async function main() {
  const { values } = parseArgs({
    options: {
      "cli-runs": { type: "string", default: "300" },
      "up-runs": { type: "string", default: "30" },
      "skip-lookups": { type: "boolean", default: false },
      "skip-fleet": { type: "boolean", default: false },
    },
  });
  const count = (name) => {
    const value = Number(values[name]);
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`--${name} must be a whole number, got ${values[name]}`);
    }
    return value;
  };
  if (!values["skip-lookups"]) await lookupCosts();
  if (!values["skip-fleet"]) await tokenFleet(count("cli-runs"), count("up-runs"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
