#!/usr/bin/env node
// @ts-check
/**
 * `npm test`: does the set-up a fresh clone needs (scripts/setup.js: dependencies, build, the
 * Pulumi CLI), then runs jest with PULUMI_BIN_DIR pointing at the CLI, so that the engine tests
 * run too. Arguments are passed to jest: `npm test -- test/sdk.test.ts`.
 *
 * When no CLI can be had (no Go toolchain to build one), the engine tests are skipped outside CI
 * and fail in CI (`CI=true`), each saying what is missing (test/support/pulumiCli.ts).
 */
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const { setup, root } = require("./setup");

/** @returns {number} jest's exit code */
function main() {
  const cli = setup();
  const env = { ...process.env };
  if ("dir" in cli) {
    env.PULUMI_BIN_DIR = cli.dir;
  } else {
    process.stderr.write(`[test] ${cli.missing}: the engine tests cannot run\n`);
  }
  const jest = path.join(root, "node_modules", "jest", "bin", "jest.js");
  const result = spawnSync(process.execPath, [jest, ...process.argv.slice(2)], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  return result.status ?? 1;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`[test] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
