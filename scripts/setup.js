// @ts-check
/**
 * The set-up that `npm test` and `npm run demo` do before they run, so that the README's two
 * commands work on a fresh clone: install the dependencies when they are missing or differ from
 * package-lock.json (`npm ci`), link the checkout into node_modules by its own name
 * (scripts/link-self.js), build the package (`npm run build`), and find or build the Pulumi CLI
 * (`scripts/install-pulumi-cli.sh`). Plain Node with no dependencies: it runs before
 * node_modules exists.
 */
const { execFileSync, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const linkSelf = require("./link-self");

const root = path.resolve(__dirname, "..");

/** @param {string} message */
function log(message) {
  process.stderr.write(`[setup] ${message}\n`);
}

/**
 * Runs a command in the checkout with the output shown; throws when it fails.
 *
 * @param {string} command
 * @param {string[]} args
 */
function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited with ${result.status ?? result.signal}`);
  }
}

/**
 * @typedef {object} LockFile - package-lock.json, or npm's record of what it installed
 * @property {Record<string, { version?: string, optional?: boolean, link?: boolean }>} [packages]
 */

/**
 * @param {string} file - a lock file
 * @returns {LockFile | undefined} its contents, or `undefined` when it is missing or unreadable
 */
function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Why the installed dependencies do not match package-lock.json, or `undefined` when they do.
 * npm records what it installed in `node_modules/.package-lock.json`; every package the lock
 * file lists (except optional ones, which npm may skip on this platform) must be there in the
 * same version.
 */
function staleDependencies() {
  const lock = readJson(path.join(root, "package-lock.json"));
  const installed = readJson(path.join(root, "node_modules", ".package-lock.json"));
  if (!installed) return "node_modules is missing or was not installed by npm";
  if (!lock) return "package-lock.json is unreadable";
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    if (key === "" || entry.optional || entry.link) continue;
    const have = installed.packages?.[key];
    if (!have || have.version !== entry.version) {
      return `${key.replace(/^node_modules\//, "")} ${entry.version} is ${have ? `at ${have.version}` : "not installed"}`;
    }
  }
  if (!fs.existsSync(path.join(root, "node_modules", ".bin", "tsc"))) return "tsc is missing";
  return undefined;
}

/** Installs the dependencies with `npm ci` unless node_modules already matches the lock file. */
function ensureDependencies() {
  const why = staleDependencies();
  if (why === undefined) return;
  log(`installing dependencies (npm ci): ${why}`);
  run("npm", ["ci", "--no-audit", "--no-fund"]);
}

/** Compiles the package into dist/. */
function build() {
  log("building (npm run build)");
  run("npm", ["run", "build", "--silent"]);
}

/**
 * The language hosts the tests run programs with: Node.js (the examples in TypeScript) and YAML
 * (examples/yaml).
 */
const LANGUAGE_HOSTS = ["pulumi-language-nodejs", "pulumi-language-yaml"];

/**
 * Whether `dir` holds a Pulumi CLI that runs, with the language hosts beside it.
 *
 * @param {string} dir
 */
function workingCli(dir) {
  const bin = path.join(dir, "pulumi");
  if (!fs.existsSync(bin) || LANGUAGE_HOSTS.some((host) => !fs.existsSync(path.join(dir, host)))) {
    return false;
  }
  try {
    execFileSync(bin, ["version"], {
      stdio: "ignore",
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    });
    return true;
  } catch {
    return false;
  }
}

/** @typedef {{ dir: string } | { missing: string }} PulumiCli - a CLI's folder, or why none */

/**
 * The directory of a working Pulumi CLI: `$PULUMI_BIN_DIR` when it holds one, else whatever
 * scripts/install-pulumi-cli.sh finds or builds (a `pulumi` on PATH, its cache, or a build from
 * the Go module proxy, which takes minutes the first time). Returns the reason when there is
 * none (no Go toolchain, no network).
 *
 * @returns {PulumiCli}
 */
function ensurePulumiCli() {
  const given = process.env.PULUMI_BIN_DIR;
  if (given && workingCli(given)) return { dir: given };
  log("finding or building the Pulumi CLI (scripts/install-pulumi-cli.sh)");
  const result = spawnSync("bash", [path.join(root, "scripts", "install-pulumi-cli.sh")], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  const dir = (result.stdout ?? "").trim().split("\n").pop();
  if (result.status === 0 && dir && workingCli(dir)) return { dir };
  return {
    missing: `scripts/install-pulumi-cli.sh could not provide a Pulumi CLI (exit ${result.status ?? result.signal}; see its output above)`,
  };
}

/**
 * Does every set-up step and returns the Pulumi CLI's directory, or the reason there is none.
 * Dependencies and the build are required (a failure throws); the CLI is not.
 *
 * @returns {PulumiCli}
 */
function setup() {
  ensureDependencies();
  linkSelf();
  build();
  return ensurePulumiCli();
}

module.exports = { setup, staleDependencies, ensurePulumiCli, root };
