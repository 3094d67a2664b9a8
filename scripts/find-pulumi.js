// @ts-check
/** Finds the Pulumi CLI the measure scripts run, as the tests find it (test/support/pulumiCli.ts). */
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

module.exports = { findPulumiBinDir };
