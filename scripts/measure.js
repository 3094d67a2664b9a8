#!/usr/bin/env node
// @ts-check
/**
 * `npm run measure [-- --cli-runs N --up-runs N --door-runs N --skip-lookups --skip-fleet
 * --skip-doors --skip-plugin]`: counts what a lookup costs against the local Atlas emulator, per
 * kind of credentials (HTTP requests to the API and to the token endpoint, sequential and
 * concurrent), and the size of the `__provider` that Pulumi stores in state per lookup resource.
 *
 * Then the two front doors side by side, on one emulator: the Node SDK's functions (a Node
 * program of `getFlexSnapshotOutput`, run in the program) and the `atlasflex` plugin (a Pulumi YAML program of
 * `fn::invoke`s), each with 1 and with 50 lookups: the wall time of `pulumi up` on a new stack
 * (median of `--door-runs`, default 3), the API and token requests of one such run, and the bytes
 * of state per lookup (the growth of `pulumi stack export` from 1 to 50 lookups, over 49). The
 * plugin path needs the YAML language host beside the CLI; `--skip-plugin` leaves it out.
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
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { parseArgs } = require("node:util");
const pulumi = require("@pulumi/pulumi");
const { CLI_BUNDLE } = require("./bundle-cli");
const { findPulumiBinDir, offlinePulumiEnv } = require("./find-pulumi");
const linkSelf = require("./link-self");
const {
  MANY_LOOKUPS,
  emulatorApi,
  median,
  nodeProjectFiles,
  run,
  writeProject,
  yamlProjectText,
} = require("./measureSupport");
const { installPacked } = require("./packed-install");

const root = path.resolve(__dirname, "..");

// The package's public entry point, by its own name, as a user's code has it (the checkout is
// linked into node_modules; package.json's `exports` maps the name to the build).
linkSelf();
const { AtlasClient } = require("pulumi-atlas-flex-snapshot/provider");

// Not public: modules the package's `exports` map does not list, required from the build by path
// and typed from their sources.
// - clearTokenCache: empties the process's service-account token cache between measurements;
// - providerShim: the dynamic provider that Pulumi serializes into state with each lookup, whose
//   size is measured (each lookup resource carries it; the SDK does not export it);
const { clearTokenCache } = /** @type {typeof import("../provider/atlas/auth")} */ (
  require(path.join(root, "dist/provider/atlas/auth"))
);
const { providerShim } = /** @type {typeof import("../sdk/nodejs/providerShim")} */ (
  require(path.join(root, "dist/sdk/nodejs/providerShim"))
);

/** @typedef {import("../emulator").AtlasEmulator} AtlasEmulator */

/**
 * The first of the emulator's demo credentials of one kind.
 *
 * @template T
 * @param {readonly T[]} list
 * @returns {T}
 */
function first(list) {
  const [item] = list;
  if (item === undefined) throw new Error("the emulator's demo credentials lack a kind");
  return item;
}

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
  /** @type {Record<string, import("pulumi-atlas-flex-snapshot/provider").Credentials>} */
  const kinds = {
    serviceAccount: { kind: "serviceAccount", ...first(creds.serviceAccounts) },
    apiKey: { kind: "apiKey", ...first(creds.apiKeys) },
    accessToken: { kind: "accessToken", accessToken: first(creds.accessTokens) },
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

/**
 * The environment of a service-account run against `emulator`, with the cache off or on.
 *
 * @param {AtlasEmulator} emulator
 * @param {string} [cacheHome] - the cache's home, which turns it on
 * @returns {NodeJS.ProcessEnv}
 */
function fleetEnv(emulator, cacheHome) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith("MONGODB_ATLAS_") || name === "ATLAS_FLEX_SNAPSHOT_TOKEN_CACHE") {
      delete env[name];
    }
  }
  const account = first(emulatorApi.DEMO_CREDENTIALS.serviceAccounts);
  return {
    ...env,
    MONGODB_ATLAS_BASE_URL: emulator.baseUrl,
    MONGODB_ATLAS_CLIENT_ID: account.clientId,
    MONGODB_ATLAS_CLIENT_SECRET: account.clientSecret,
    ...(cacheHome ? { ATLAS_FLEX_SNAPSHOT_TOKEN_CACHE: "1", XDG_CACHE_HOME: cacheHome } : {}),
  };
}

/**
 * Waits up to 3 s for revocations in flight to land, then reads the emulator's counts.
 *
 * @param {AtlasEmulator} emulator
 */
async function settledStats(emulator) {
  const until = Date.now() + 3000;
  while (emulator.tokenStats().live > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return emulator.tokenStats();
}

/**
 * One row of the fleet table.
 *
 * @param {string} what - the runs
 * @param {boolean} cache - whether the shared token cache was on
 * @param {number} failures - how many runs failed
 * @param {import("../emulator").TokenStats} stats - the emulator's token counts after the runs
 * @param {number} startedAt - when the runs started (`Date.now()`)
 * @param {string} [firstFailure] - what the first failed run said
 */
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

/**
 * `runs` sequential `flex-snapshot get` processes.
 *
 * @param {AtlasEmulator} emulator
 * @param {number} runs
 * @param {string} [cacheHome] - the shared token cache's home, which turns it on
 */
async function cliFleet(emulator, runs, cacheHome) {
  emulator.reset();
  const { DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, DEMO_SNAPSHOT_IDS } = emulatorApi;
  const args = [
    CLI_BUNDLE,
    "get",
    ...["--project-id", DEMO_PROJECT_ID, "--cluster", DEMO_CLUSTER_NAME],
    ...["--snapshot-id", DEMO_SNAPSHOT_IDS.COMPLETED, "--require-status", "COMPLETED"],
  ];
  const env = fleetEnv(emulator, cacheHome);
  const startedAt = Date.now();
  let failures = 0;
  /** @type {string | undefined} */
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

/** @typedef {{ dir: string, env: NodeJS.ProcessEnv }} Project - a Pulumi project and its environment */

/**
 * A copy of the quick-start example with node_modules like a user's (this package's `npm pack`
 * tarball installed beside @pulumi/pulumi), a stack on a file backend, offline.
 *
 * @param {string} scratch - a scratch folder to make it in
 * @param {string} binDir - the Pulumi CLI's folder
 * @returns {Project}
 */
function quickstartProject(scratch, binDir) {
  const dir = path.join(scratch, "project");
  fs.cpSync(path.join(root, "examples", "nodejs", "quickstart"), dir, {
    recursive: true,
    filter: (source) => !/(^|\/)(Pulumi\.[^/]+\.yaml|node_modules)$/.test(source),
  });
  const consumer = path.join(scratch, "consumer");
  fs.mkdirSync(consumer);
  fs.symlinkSync(installPacked(root, consumer), path.join(dir, "node_modules"), "dir");
  fs.mkdirSync(path.join(scratch, "backend"));
  const env = { ...offlinePulumiEnv(scratch, binDir), PULUMI_NODEJS_TRANSPILE_ONLY: "true" };
  return { dir, env };
}

/**
 * `runs` sequential plain `pulumi up` runs (preview pass and update pass).
 *
 * @param {AtlasEmulator} emulator
 * @param {Project} project
 * @param {number} runs
 * @param {string} [cacheHome] - the shared token cache's home, which turns it on
 */
async function upFleet(emulator, project, runs, cacheHome) {
  emulator.reset();
  const env = { ...project.env, ...fleetEnv(emulator, cacheHome), PATH: project.env.PATH };
  const startedAt = Date.now();
  let failures = 0;
  /** @type {string | undefined} */
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

/**
 * The token fleet: `cliRuns` CLI processes and `upRuns` plain `pulumi up` runs, each with the
 * shared token cache off and on, against an emulator that enforces Atlas's limit of live tokens.
 *
 * @param {number} cliRuns
 * @param {number} upRuns
 */
async function tokenFleet(cliRuns, upRuns) {
  const { DEMO_PROJECT_ID, DEMO_SNAPSHOT_IDS } = emulatorApi;
  // Atlas's limit, enforced: a fleet that leaks tokens fails past 100 live ones.
  const emulator = await emulatorApi.startAtlasEmulator({ tokenLimit: 100 });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "flex-measure-"));
  /** @type {ReturnType<typeof fleetRow>[]} */
  const rows = [];
  /** @param {ReturnType<typeof fleetRow>} row */
  const add = (row) => {
    rows.push(row);
    console.error(`measured: ${row.runs}, token cache ${row.tokenCache}`);
  };
  try {
    for (const cache of [false, true]) {
      const cacheHome = cache ? fs.mkdtempSync(path.join(scratch, "cache-")) : undefined;
      add(await cliFleet(emulator, cliRuns, cacheHome));
    }
    const binDir = upRuns > 0 ? findPulumiBinDir() : undefined;
    if (upRuns > 0 && binDir === undefined) {
      console.log(
        "pulumi up runs skipped: no Pulumi CLI ($PULUMI_BIN_DIR, PATH, or scripts/install-pulumi-cli.sh's cache)",
      );
    } else if (binDir !== undefined) {
      const project = quickstartProject(scratch, binDir);
      /** @param {string[]} args */
      const pulumiRun = (args) =>
        execFileSync("pulumi", args, { cwd: project.dir, env: project.env, stdio: "pipe" });
      pulumiRun(["stack", "init", "dev", "--non-interactive"]);
      pulumiRun(["config", "set", "projectId", DEMO_PROJECT_ID]);
      pulumiRun(["config", "set", "snapshotId", DEMO_SNAPSHOT_IDS.COMPLETED]);
      pulumiRun(["config", "set", "mongodbatlas:baseUrl", emulator.baseUrl]);
      for (const cache of [false, true]) {
        const cacheHome = cache ? fs.mkdtempSync(path.join(scratch, "cache-")) : undefined;
        add(await upFleet(emulator, project, upRuns, cacheHome));
      }
    }
  } finally {
    await emulator.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  console.log("Service-account tokens, with the limit of 100 live tokens enforced:");
  console.table(rows);
}

/**
 * The folder of the plugin `pulumi-resource-atlasflex` in the packed install `nodeModules`.
 *
 * @param {string} nodeModules
 */
function pluginDir(nodeModules) {
  const dir = path.join(nodeModules, "pulumi-atlas-flex-snapshot", "bin");
  if (!fs.existsSync(path.join(dir, "pulumi-resource-atlasflex"))) {
    throw new Error(`the packed install has no ${path.join(dir, "pulumi-resource-atlasflex")}`);
  }
  return dir;
}

/**
 * `runs` times: a new stack of the program in `dir`, one `pulumi up` on it (timed; the emulator's
 * counts of that run kept), its `stack export` measured, the stack removed.
 *
 * @param {AtlasEmulator} emulator
 * @param {string} dir - the project
 * @param {NodeJS.ProcessEnv} env
 * @param {number} runs - at least 1
 * @returns {Promise<{ seconds: number, api: number, token: number, stateBytes: number }>}
 */
async function timedUps(emulator, dir, env, runs) {
  /** @param {string[]} args */
  const pulumiRun = (args) => execFileSync("pulumi", args, { cwd: dir, env, stdio: "pipe" });
  /** @type {number[]} */
  const seconds = [];
  /** @type {{ api: number, token: number } | undefined} */
  let counts;
  /** @type {number | undefined} */
  let stateBytes;
  for (let i = 0; i < runs; i++) {
    pulumiRun(["stack", "init", "measure", "--non-interactive"]);
    emulator.reset();
    const result = await run("pulumi", ["up", "--yes", "--non-interactive"], {
      cwd: dir,
      env,
    });
    seconds.push(result.ms / 1000);
    if (result.code !== 0) {
      throw new Error(
        `pulumi up in ${dir} exited ${result.code}\n${result.stdout}\n${result.stderr}`,
      );
    }
    counts ??= {
      api: emulator.count({ path: /\/backup\/snapshots\// }),
      token: emulator.count({ path: "/api/oauth/token" }),
    };
    stateBytes ??= Buffer.byteLength(pulumiRun(["stack", "export"]));
    pulumiRun(["stack", "rm", "--yes", "--force", "--non-interactive"]);
  }
  if (counts === undefined || stateBytes === undefined) throw new RangeError("no runs");
  return { seconds: median(seconds), ...counts, stateBytes };
}

/**
 * The Node SDK's functions and the plugin side by side: `pulumi up` of 1 and of 50 lookups each, on
 * one emulator, with the same service account from the environment.
 *
 * @param {string} binDir - the Pulumi CLI's folder
 * @param {number} runs - how many runs each measure is the median of
 * @param {boolean} skipPlugin - whether to leave the plugin out
 */
async function frontDoors(binDir, runs, skipPlugin) {
  const emulator = await emulatorApi.startAtlasEmulator();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "flex-measure-doors-"));
  /** @type {[label: string, kind: "node" | "yaml"][]} */
  const doors = [["Node SDK functions (in the program)", "node"]];
  if (skipPlugin) {
    console.log("plugin path skipped (--skip-plugin)");
  } else if (!fs.existsSync(path.join(binDir, "pulumi-language-yaml"))) {
    console.log(
      `plugin path skipped: no pulumi-language-yaml beside the CLI in ${binDir} (scripts/install-pulumi-cli.sh builds it)`,
    );
  } else {
    doors.push(["atlasflex plugin (YAML)", "yaml"]);
  }
  const rows = [];
  try {
    const consumer = path.join(scratch, "consumer");
    fs.mkdirSync(consumer);
    const nodeModules = installPacked(root, consumer);
    fs.mkdirSync(path.join(scratch, "backend"));
    const base = offlinePulumiEnv(scratch, binDir);
    const env = {
      ...base,
      ...fleetEnv(emulator),
      PATH: base.PATH,
      PULUMI_BACKEND_URL: base.PULUMI_BACKEND_URL,
    };
    for (const [label, kind] of doors) {
      /** @param {number} n - how many lookups the program makes */
      const measure = async (n) => {
        const dir = path.join(scratch, `${kind}-${n}`);
        if (kind === "node") {
          writeProject(dir, nodeProjectFiles(n), nodeModules);
        } else {
          writeProject(dir, { "Pulumi.yaml": yamlProjectText(n, pluginDir(nodeModules)) });
        }
        const measured = await timedUps(emulator, dir, env, runs);
        console.error(`measured: ${label}, ${n} lookup(s)`);
        return measured;
      };
      const [single, many] = [1, MANY_LOOKUPS];
      const one = await measure(single);
      const all = await measure(many);
      rows.push({
        path: label,
        [`up ${single} lookup (s)`]: one.seconds.toFixed(2),
        [`up ${many} lookups (s)`]: all.seconds.toFixed(2),
        [`API requests (${single} / ${many})`]: `${one.api} / ${all.api}`,
        [`token requests (${single} / ${many})`]: `${one.token} / ${all.token}`,
        "state bytes per lookup": Math.round((all.stateBytes - one.stateBytes) / (many - single)),
      });
    }
  } finally {
    await emulator.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  console.log(
    `Front doors: one new stack, one \`pulumi up --yes\` (preview and update) (median of ${runs}), service account from the environment:`,
  );
  console.table(rows);
}

async function main() {
  const { values } = parseArgs({
    options: {
      "cli-runs": { type: "string", default: "300" },
      "up-runs": { type: "string", default: "30" },
      "skip-lookups": { type: "boolean", default: false },
      "skip-fleet": { type: "boolean", default: false },
      "door-runs": { type: "string", default: "3" },
      "skip-doors": { type: "boolean", default: false },
      "skip-plugin": { type: "boolean", default: false },
    },
  });
  /** @param {"cli-runs" | "up-runs" | "door-runs"} name */
  const count = (name) => {
    const value = Number(values[name]);
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`--${name} must be a whole number, got ${values[name]}`);
    }
    return value;
  };
  if (!values["skip-lookups"]) await lookupCosts();
  if (!values["skip-fleet"]) await tokenFleet(count("cli-runs"), count("up-runs"));
  if (!values["skip-doors"]) {
    const binDir = findPulumiBinDir();
    if (binDir === undefined) {
      console.log(
        "front doors skipped: no Pulumi CLI ($PULUMI_BIN_DIR, PATH, or scripts/install-pulumi-cli.sh's cache)",
      );
    } else {
      await frontDoors(binDir, Math.max(1, count("door-runs")), values["skip-plugin"]);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
