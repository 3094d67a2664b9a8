// @ts-check
/**
 * The Pulumi CLI of the measure scripts: where it is, as the tests find it
 * (test/support/pulumiCli.ts), and the environment of an offline run.
 */
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

/**
 * The directory holding a working `pulumi` with `pulumi-language-<host>` beside it for each of
 * `hosts`: `$PULUMI_BIN_DIR`, then PATH, then the cache scripts/install-pulumi-cli.sh fills.
 *
 * @param {readonly string[]} [hosts]
 * @returns {string | undefined}
 */
function findPulumiBinDir(hosts = ["nodejs"]) {
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  const candidates = [
    process.env.PULUMI_BIN_DIR ?? "",
    ...(process.env.PATH || "").split(path.delimiter),
    path.join(cache, "pulumi-atlas-flex-snapshot", "pulumi-v3.248.0", "bin"),
  ].filter((dir) => dir !== "");
  return candidates.find((dir) => {
    try {
      if (!hosts.every((host) => fs.existsSync(path.join(dir, `pulumi-language-${host}`)))) {
        return false;
      }
      execFileSync(path.join(dir, "pulumi"), ["version"], { stdio: "pipe" });
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * The environment of an offline Pulumi run in `scratch`: `base` without its `PULUMI_*`
 * variables, the CLI of `binDir` first on PATH, a file backend in `scratch/backend` (which must
 * exist), a private `PULUMI_HOME`, no update check and no plugin downloads.
 *
 * @param {string} scratch
 * @param {string} binDir
 * @param {NodeJS.ProcessEnv} [base]
 * @returns {NodeJS.ProcessEnv}
 */
function offlinePulumiEnv(scratch, binDir, base = process.env) {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [name, value] of Object.entries(base)) {
    if (!name.startsWith("PULUMI_")) env[name] = value;
  }
  return Object.assign(env, {
    PATH: `${binDir}${path.delimiter}${process.env.PATH || ""}`,
    PULUMI_BACKEND_URL: `file://${path.join(scratch, "backend")}`,
    PULUMI_CONFIG_PASSPHRASE: "measure-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_HOME: path.join(scratch, "home"),
  });
}

module.exports = { findPulumiBinDir, offlinePulumiEnv };
