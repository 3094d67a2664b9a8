// @ts-check
/**
 * What `npm run measure` and `npm run measure:startup` share: the programs whose `pulumi up`
 * they time (a Node.js program of gated `getFlexSnapshotOutput` lookups, and the Pulumi YAML
 * program of as many `fn::invoke`s of the `atlasflex` plugin), the projects that hold them, and
 * the timing helpers. Needs `npm run build` (the emulator's demo ids come from dist/).
 */
const { execFile, execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { offlinePulumiEnv } = require("./find-pulumi");

const root = path.resolve(__dirname, "..");
// Not public (the package's `files` leave it out): required from the build by path and typed
// from its sources.
const emulatorApi = /** @type {typeof import("../emulator")} */ (
  require(path.join(root, "dist", "emulator"))
);

/** How many lookups the many-lookup programs make (the "50 lookups"). */
const MANY_LOOKUPS = 50;

/**
 * The arguments of a program's `i`-th gated lookup of the emulator's COMPLETED demo snapshot:
 * each with its own `maxAge`, so that no two lookups of a program are the same lookup (the Node
 * SDK reads identical lookups once).
 *
 * @param {number} i
 */
function lookupArguments(i) {
  return {
    projectId: emulatorApi.DEMO_PROJECT_ID,
    name: emulatorApi.DEMO_CLUSTER_NAME,
    snapshotId: emulatorApi.DEMO_SNAPSHOT_IDS.COMPLETED,
    require: { status: "COMPLETED", maxAge: `${366 - i}d` },
  };
}

/**
 * The files of a Node.js project of `n` gated `getFlexSnapshotOutput` lookups exporting their
 * statuses: a JavaScript program, so that nothing compiles TypeScript; with `n` 0, a program
 * that only loads `@pulumi/pulumi`.
 *
 * @param {number} n
 * @returns {Record<string, string>} the text of each file, by name
 */
function nodeProjectFiles(n) {
  const lookups = Array.from(
    { length: n },
    (_, i) => `  sdk.getFlexSnapshotOutput(${JSON.stringify(lookupArguments(i))}).status,`,
  );
  return {
    "Pulumi.yaml": `name: node-${n}\nruntime: nodejs\n`,
    "package.json": '{ "name": "measure", "main": "index.js" }\n',
    "index.js":
      n === 0
        ? 'require("@pulumi/pulumi");\n'
        : [
            'const sdk = require("pulumi-atlas-flex-snapshot");',
            "exports.statuses = [",
            ...lookups,
            "];",
            "",
          ].join("\n"),
  };
}

/**
 * The `Pulumi.yaml` of a YAML project of `n` gated `fn::invoke`s of the plugin's
 * `getFlexSnapshot` (the same arguments as {@link nodeProjectFiles}'), exporting their statuses.
 *
 * @param {number} n
 * @param {string} [plugin] - a folder holding `pulumi-resource-atlasflex`, named in a `plugins:`
 *   entry; without it the engine finds the plugin installed in PULUMI_HOME
 */
function yamlProjectText(n, plugin) {
  const lines = [`name: yaml-${n}`, "runtime: yaml"];
  if (plugin !== undefined) {
    lines.push(
      "plugins:",
      "  providers:",
      "    - name: atlasflex",
      `      path: ${JSON.stringify(plugin)}`,
    );
  }
  if (n > 0) lines.push("variables:");
  for (let i = 0; i < n; i++) {
    lines.push(
      `  snap${i}:`,
      "    fn::invoke:",
      "      function: atlasflex:index:getFlexSnapshot",
      // JSON is YAML: the arguments as the Node program writes them.
      `      arguments: ${JSON.stringify(lookupArguments(i))}`,
    );
  }
  if (n > 0) lines.push("outputs:", "  statuses:");
  for (let i = 0; i < n; i++) lines.push(`    - \${snap${i}.status}`);
  return `${lines.join("\n")}\n`;
}

/**
 * Writes `files` (text by name) into `dir`, with `nodeModules` linked as its node_modules when
 * given.
 *
 * @param {string} dir
 * @param {Record<string, string>} files
 * @param {string} [nodeModules]
 */
function writeProject(dir, files, nodeModules) {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  if (nodeModules !== undefined) {
    fs.symlinkSync(nodeModules, path.join(dir, "node_modules"), "dir");
  }
}

/**
 * A Pulumi project in `dir` of `files`, with a stack `dev` on its own file backend
 * (`dir/backend`) and no Atlas variables in its environment.
 *
 * @param {string} dir
 * @param {Record<string, string>} files
 * @param {string} binDir - the Pulumi CLI's folder
 * @param {string} [nodeModules] - linked as the project's node_modules
 */
function stackProject(dir, files, binDir, nodeModules) {
  writeProject(dir, files, nodeModules);
  fs.mkdirSync(path.join(dir, "backend"), { recursive: true });
  const env = offlinePulumiEnv(
    dir,
    binDir,
    Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !key.startsWith("MONGODB_ATLAS_")),
    ),
  );
  execFileSync("pulumi", ["stack", "init", "dev", "--non-interactive"], {
    cwd: dir,
    env,
    stdio: "pipe",
  });
  return { dir, env };
}

/**
 * The median of some numbers (the mean of the middle two of an even count; NaN of none).
 *
 * @param {readonly number[]} values
 */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  /** @param {number} i */
  const at = (i) => sorted[i] ?? Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

/**
 * Runs a command without blocking this process (whose emulator must answer it); resolves with
 * its exit code, output and wall time in ms, and never rejects.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} options
 * @returns {Promise<{ code: number, stdout: string, stderr: string, ms: number }>}
 */
function run(command, args, options) {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    execFile(command, args, { ...options, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({
        code: error ? (typeof error.code === "number" ? error.code : -1) : 0,
        stdout,
        stderr,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      }),
    );
  });
}

/**
 * Wall time of `command args` to its end, in ms, as {@link run} runs it; rejects, with its
 * output, when it fails.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} options
 */
async function wall(command, args, options) {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.ms;
}

module.exports = {
  MANY_LOOKUPS,
  emulatorApi,
  median,
  nodeProjectFiles,
  run,
  stackProject,
  wall,
  writeProject,
  yamlProjectText,
};
