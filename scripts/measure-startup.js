#!/usr/bin/env node
// @ts-check
/**
 * `npm run measure:startup [-- --runs N]`: start-up costs side by side with bare `node`, in one
 * run, as medians of `--runs` (default 7) and their ratios:
 *
 * 1. The `atlasflex` plugin: from spawn to its port on stdout (what the engine waits for), the
 *    bundled build (`dist/plugin/`, the release archives') and the unbundled one (`bin/` over
 *    dist/, what the npm package ships), against `node -e 0`.
 * 2. The CLI: `flex-snapshot get` of one snapshot on the local emulator (a real lookup), wall
 *    time and peak RSS (`/usr/bin/time`, when there is one), against `node -e 0`: the bundle
 *    package.json's `bin` names (scripts/bundle-cli.js) and the unbundled `dist/bin/`.
 * 3. `pulumi up --yes` (preview and update), and `pulumi up --yes --skip-preview`, of a Pulumi
 *    YAML program with one gated lookup against the same CLI on an empty YAML program: the time
 *    one lookup adds. The plugin is the release archive, installed with `pulumi plugin install`
 *    as a user installs it (no `plugins:` entry); its launcher is wrapped in one that logs each
 *    start, to count how many times the engine and the YAML host start it in one `up`. Needs the
 *    Pulumi CLI with the YAML host beside it; skipped, saying so, without one.
 * 4. The Node.js front door beside YAML's: `pulumi up --yes` of an empty program, of one gated
 *    `getFlexSnapshotOutput`, and of 50 (each its own gate, so each its own read), in Node.js
 *    (the package installed from its `npm pack` tarball) and in YAML (`fn::invoke`), all taking
 *    turns; the time one lookup adds to its empty program, 50 against 1, and the bytes of
 *    `pulumi stack export` per lookup.
 *
 * Needs `npm run build` (which also bundles the plugin). Figures, not assertions: the machine's
 * load moves them.
 */
const { execFile, execFileSync, spawn } = require("node:child_process");
const { promisify } = require("node:util");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { parseArgs } = require("node:util");
const { CLI_BUNDLE } = require("./bundle-cli");
const { findPulumiBinDir } = require("./find-pulumi");
const {
  MANY_LOOKUPS,
  emulatorApi,
  median,
  nodeProjectFiles,
  stackProject,
  wall,
  yamlProjectText,
} = require("./measureSupport");
const { VERSION, installedLauncher, thisPlatformArchive } = require("./plugin-archive");
const { installPacked } = require("./packed-install");

const root = path.resolve(__dirname, "..");

/** @param {number} ms */
const seconds = (ms) => `${(ms / 1000).toFixed(3)} s`;

/**
 * Wall time of `command args` to its end, in ms.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @param {string} [cwd]
 */
const wallAsync = (command, args, env, cwd = process.cwd()) => wall(command, args, { env, cwd });

/**
 * Peak RSS of `command args` in MiB, from `/usr/bin/time -f %M`; undefined without it.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 */
async function peakRss(command, args, env) {
  if (!fs.existsSync("/usr/bin/time")) return undefined;
  const { stderr } = await promisify(execFile)("/usr/bin/time", ["-f", "%M", command, ...args], {
    env,
  });
  const kib = Number(stderr.trim().split("\n").pop());
  return Number.isFinite(kib) ? kib / 1024 : undefined;
}

/**
 * Time from spawning a plugin build to its port on stdout, in ms; the plugin is then stopped.
 *
 * @param {string} command
 * @param {string[]} args
 * @returns {Promise<number>}
 */
function pluginStart(command, args) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    // An engine address nothing listens on: the plugin only dials it to log.
    const child = spawn(command, [...args, "127.0.0.1:1"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk.toString();
      if (/^\d+\s*$/m.test(out)) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        child.kill("SIGINT");
        child.once("exit", () => resolve(ms));
      }
    });
    child.once("error", reject);
  });
}

/**
 * A Pulumi YAML project in `dir` of `n` gated lookups (none: an empty program), its plugin the
 * one installed in PULUMI_HOME.
 *
 * @param {string} dir
 * @param {number} n
 * @param {string} binDir
 */
function yamlProject(dir, n, binDir) {
  return stackProject(dir, { "Pulumi.yaml": yamlProjectText(n) }, binDir);
}

/**
 * Median wall times of `pulumi up --yes` in each project (with `--skip-preview` when
 * `skipPreview`), the projects taking turns so that a change in the machine's load weighs on
 * each alike; one run of each first is not counted.
 *
 * @param {{ dir: string, env: NodeJS.ProcessEnv }[]} projects
 * @param {number} runs
 * @param {boolean} skipPreview
 * @returns {Promise<number[]>} in the order of `projects`
 */
async function upTimes(projects, runs, skipPreview) {
  const args = ["up", "--yes", "--non-interactive", ...(skipPreview ? ["--skip-preview"] : [])];
  /** @type {number[][]} */
  const times = projects.map(() => []);
  for (let i = 0; i <= runs; i += 1) {
    for (const [index, project] of projects.entries()) {
      const ms = await wallAsync("pulumi", args, project.env, project.dir);
      if (i > 0) times[index]?.push(ms);
    }
  }
  return times.map(median);
}

/**
 * Installs this machine's release archive into the PULUMI_HOME of `env` with
 * `pulumi plugin install`, and wraps its launcher in one that logs each start; returns the log.
 *
 * @param {NodeJS.ProcessEnv} env
 * @param {string} scratch
 */
function installLoggingArchive(env, scratch) {
  execFileSync(
    "pulumi",
    ["plugin", "install", "resource", "atlasflex", VERSION, "--file", thisPlatformArchive()],
    { env, stdio: "pipe" },
  );
  const launcher = installedLauncher(env.PULUMI_HOME ?? "");
  const starts = path.join(scratch, "starts.log");
  fs.renameSync(launcher, `${launcher}-real`);
  fs.writeFileSync(
    launcher,
    `#!/bin/sh\necho start >> "${starts}"\nexec "$(dirname "$0")/pulumi-resource-atlasflex-real" "$@"\n`,
  );
  fs.chmodSync(launcher, 0o755);
  return starts;
}

/**
 * Part 4: the Node.js and the YAML front door side by side, empty, 1 and {@link MANY_LOOKUPS} lookups,
 * all projects taking turns.
 *
 * @param {string} scratch
 * @param {string} binDir
 * @param {NodeJS.ProcessEnv} atlasEnv - the emulator's base URL and credentials
 * @param {number} runs
 */
async function frontDoors(scratch, binDir, atlasEnv, runs) {
  const consumer = path.join(scratch, "consumer");
  fs.mkdirSync(consumer);
  const nodeModules = installPacked(root, consumer);
  /** @type {[string, { dir: string, env: NodeJS.ProcessEnv }][]} */
  const projects = [];
  for (const n of [0, 1, MANY_LOOKUPS]) {
    const node = stackProject(
      path.join(scratch, `node-${n}`),
      nodeProjectFiles(n),
      binDir,
      nodeModules,
    );
    projects.push([`node ${n}`, node]);
    projects.push([`yaml ${n}`, yamlProject(path.join(scratch, `yaml-${n}`), n, binDir)]);
  }
  for (const [, project] of projects) {
    Object.assign(project.env, atlasEnv);
    // The same PULUMI_HOME for all: the plugin archive installed once. (It also holds which
    // stack is selected, so the stack is selected again there.)
    project.env.PULUMI_HOME = path.join(scratch, "home");
    execFileSync("pulumi", ["stack", "select", "dev", "--non-interactive"], {
      cwd: project.dir,
      env: project.env,
      stdio: "pipe",
    });
  }
  execFileSync(
    "pulumi",
    ["plugin", "install", "resource", "atlasflex", VERSION, "--file", thisPlatformArchive()],
    { env: projects[0]?.[1].env, stdio: "pipe" },
  );
  const times = await upTimes(
    projects.map(([, project]) => project),
    runs,
    false,
  );
  /** @type {Record<string, number>} */
  const ms = {};
  /** @type {Record<string, number>} */
  const bytes = {};
  for (const [index, [label, project]] of projects.entries()) {
    ms[label] = times[index] ?? NaN;
    bytes[label] = execFileSync("pulumi", ["stack", "export"], {
      cwd: project.dir,
      env: project.env,
    }).length;
  }
  const rows = ["node", "yaml"].map((door) => {
    const [empty = NaN, one = NaN, many = NaN] = [0, 1, MANY_LOOKUPS].map(
      (n) => ms[`${door} ${n}`] ?? NaN,
    );
    const [emptyB = NaN, oneB = NaN, manyB = NaN] = [0, 1, MANY_LOOKUPS].map(
      (n) => bytes[`${door} ${n}`] ?? NaN,
    );
    return {
      door: door === "node" ? "Node.js (getFlexSnapshotOutput)" : "YAML (the atlasflex plugin)",
      "empty (s)": (empty / 1000).toFixed(2),
      "1 lookup (s)": (one / 1000).toFixed(2),
      "added by 1 (s)": ((one - empty) / 1000).toFixed(2),
      [`${MANY_LOOKUPS} lookups (s)`]: (many / 1000).toFixed(2),
      [`${MANY_LOOKUPS} / 1`]: (many / one).toFixed(2),
      "state bytes, 1 lookup": oneB - emptyB,
      [`state bytes per lookup, ${MANY_LOOKUPS}`]: Math.round((manyB - emptyB) / MANY_LOOKUPS),
    };
  });
  console.log(
    `Front doors: \`pulumi up --yes\` (preview and update), medians of ${runs} taking turns, the same stack each run:`,
  );
  console.table(rows);
}

async function main() {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "7" } } });
  const runs = Number(values.runs);
  const bundled = path.join(root, "dist", "plugin", "pulumi-resource-atlasflex");
  if (!fs.existsSync(bundled)) throw new Error(`${bundled} is missing: run npm run build`);

  const bareTimes = [];
  for (let i = 0; i < runs; i += 1) {
    bareTimes.push(await wallAsync(process.execPath, ["-e", "0"], process.env));
  }
  const bare = median(bareTimes);
  const bareRss = await peakRss(process.execPath, ["-e", "0"], process.env);
  console.log(`bare node -e 0: ${seconds(bare)}${bareRss ? `, ${bareRss.toFixed(0)} MiB` : ""}`);

  // 1. The plugin's start, bundled and not.
  const builds = {
    bundled: { command: bundled, args: [] },
    unbundled: {
      command: process.execPath,
      args: [path.join(root, "bin", "pulumi-resource-atlasflex")],
    },
  };
  for (const [name, build] of Object.entries(builds)) {
    const times = [];
    for (let i = 0; i < runs; i += 1) times.push(await pluginStart(build.command, build.args));
    const ms = median(times);
    console.log(`plugin start, ${name}: ${seconds(ms)} (${(ms / bare).toFixed(1)}x bare node)`);
  }
  const bundleBytes = fs.statSync(path.join(root, "dist", "plugin", "atlasflex-plugin.js")).size;
  const archive = thisPlatformArchive();
  const archiveBytes = fs.statSync(archive).size;
  console.log(
    `plugin bundle: ${(bundleBytes / 1024).toFixed(0)} KiB; archive ${path.basename(archive)}: ${(archiveBytes / 1024).toFixed(0)} KiB`,
  );

  const atlas = await emulatorApi.startAtlasEmulator();
  try {
    // 2. The CLI, one real lookup.
    const env = {
      ...process.env,
      MONGODB_ATLAS_BASE_URL: atlas.baseUrl,
      MONGODB_ATLAS_ACCESS_TOKEN: emulatorApi.DEMO_CREDENTIALS.accessTokens[0],
    };
    const lookupArgs = [
      "get",
      "--project-id",
      emulatorApi.DEMO_PROJECT_ID,
      "--cluster",
      emulatorApi.DEMO_CLUSTER_NAME,
      "--snapshot-id",
      emulatorApi.DEMO_SNAPSHOT_IDS.COMPLETED,
    ];
    const clis = {
      // What package.json's bin names.
      bundled: CLI_BUNDLE,
      unbundled: path.join(root, "dist", "bin", "flex-snapshot.js"),
    };
    for (const [name, cli] of Object.entries(clis)) {
      const cliArgs = [cli, ...lookupArgs];
      const cliTimes = [];
      for (let i = 0; i < runs; i += 1)
        cliTimes.push(await wallAsync(process.execPath, cliArgs, env));
      const cliMs = median(cliTimes);
      const cliRss = await peakRss(process.execPath, cliArgs, env);
      console.log(
        `flex-snapshot get, ${name}: ${seconds(cliMs)} (${(cliMs / bare).toFixed(1)}x bare node)${cliRss ? `, ${cliRss.toFixed(0)} MiB (${(cliRss / (bareRss ?? cliRss)).toFixed(1)}x)` : ""}`,
      );
    }

    // 3. pulumi up: one gated lookup against an empty program.
    const binDir = findPulumiBinDir(["yaml"]);
    if (binDir === undefined) {
      console.log("pulumi up skipped: no Pulumi CLI with pulumi-language-yaml beside it");
      return;
    }
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "flex-startup-"));
    try {
      const empty = yamlProject(path.join(scratch, "empty"), 0, binDir);
      const lookup = yamlProject(path.join(scratch, "lookup"), 1, binDir);
      Object.assign(lookup.env, {
        MONGODB_ATLAS_BASE_URL: atlas.baseUrl,
        MONGODB_ATLAS_ACCESS_TOKEN: emulatorApi.DEMO_CREDENTIALS.accessTokens[0],
      });
      await frontDoors(
        scratch,
        binDir,
        {
          MONGODB_ATLAS_BASE_URL: atlas.baseUrl,
          MONGODB_ATLAS_ACCESS_TOKEN: emulatorApi.DEMO_CREDENTIALS.accessTokens[0],
        },
        runs,
      );
      const starts = installLoggingArchive(lookup.env, scratch);
      for (const skipPreview of [false, true]) {
        fs.rmSync(starts, { force: true });
        const [emptyMs = NaN, lookupMs = NaN] = await upTimes([empty, lookup], runs, skipPreview);
        const startsPerUp =
          fs.readFileSync(starts, "utf8").split("\n").filter(Boolean).length / (runs + 1);
        const command = skipPreview ? "pulumi up --yes --skip-preview" : "pulumi up --yes";
        console.log(
          `${command}: empty YAML program ${seconds(emptyMs)}; one gated lookup ${seconds(lookupMs)} (+${seconds(lookupMs - emptyMs)}; the plugin started ${startsPerUp.toFixed(1)} times per up)`,
        );
      }
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  } finally {
    await atlas.close();
  }
}

main().catch((error) => {
  process.stderr.write(
    `[measure-startup] ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
