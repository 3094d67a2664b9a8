#!/usr/bin/env node
// @ts-check
/**
 * Bundles the `flex-snapshot` CLI into one file, `dist/cli/flex-snapshot.js`: the executable
 * package.json's `bin` names. A CI step runs it once per check, so its start is most of its
 * cost: one file spares Node resolving and reading some 200 modules, and the bundle carries only
 * the zod and undici code the CLI reaches (zod tree-shaken from `import * as z`; undici through
 * {@link leanUndici}), not all of both packages.
 *
 * Usage: `node scripts/bundle-cli.js` (run by `npm run build`, after `tsc`). Bundles from the
 * TypeScript sources. The bundle finds the package's manifest by walking up from its folder
 * (provider/atlas/packageInfo.ts), as the compiled modules do.
 */
const fs = require("node:fs");
const path = require("node:path");
const esbuild = require("esbuild");
const { leanUndici } = require("./lean-undici");

const root = path.resolve(__dirname, "..");

/** The bundle: the file package.json's `bin` names `flex-snapshot`. */
const CLI_BUNDLE = path.join(root, require(path.join(root, "package.json")).bin["flex-snapshot"]);

async function main() {
  fs.rmSync(path.dirname(CLI_BUNDLE), { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(root, "bin", "flex-snapshot.ts")],
    outfile: CLI_BUNDLE,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    legalComments: "external",
    plugins: [leanUndici(root)],
    logLevel: "warning",
  });
  fs.chmodSync(CLI_BUNDLE, 0o755);
  process.stdout.write(
    `[bundle-cli] ${path.relative(root, CLI_BUNDLE)}: ${(fs.statSync(CLI_BUNDLE).size / 1024).toFixed(0)} KiB\n`,
  );
}

module.exports = { CLI_BUNDLE };

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(
      `[bundle-cli] ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
