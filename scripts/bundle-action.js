#!/usr/bin/env node
// @ts-check
/**
 * Builds the GitHub Action's committed files: the bundle `action/dist/index.js` (action/main.ts
 * with @actions/core, zod and undici in one file, as a JavaScript action must be: the runner
 * runs it as it is, with no `npm install`) and `action.yml` (from action/metadata.ts).
 *
 * Usage: `npm run build:action`, then commit both. test/action.test.ts builds them again into a
 * temporary folder with {@link buildAction} and fails when the committed ones differ.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const esbuild = require("esbuild");
const { leanUndici } = require("./lean-undici");

const root = path.resolve(__dirname, "..");

/**
 * Replaces `@actions/http-client` with a stub. `@actions/core` imports it only for
 * `getIDToken` (OIDC), which the action never calls; the real one would bring a second, whole
 * undici into the bundle (and its `import { ProxyAgent } from "undici"` would meet the lean
 * undici of {@link leanUndici}). The stub throws if it is ever used, so that is never silent.
 *
 * @type {import("esbuild").Plugin}
 */
const noHttpClient = {
  name: "no-actions-http-client",
  setup(build) {
    build.onResolve({ filter: /^@actions\/http-client(\/.*)?$/ }, (args) => ({
      path: args.path,
      namespace: "no-http-client",
    }));
    build.onLoad({ filter: /.*/, namespace: "no-http-client" }, () => ({
      contents: `class Unavailable { constructor() { throw new Error("@actions/http-client is not bundled: getIDToken is unavailable"); } }
export { Unavailable as HttpClient, Unavailable as BearerCredentialHandler };`,
      loader: "js",
    }));
  },
};

/** esbuild's options for a Node 20 bundle of `entry`, the CLI bundle's (scripts/bundle-cli.js). */
function options(/** @type {string} */ entry, /** @type {string} */ outfile) {
  return /** @type {import("esbuild").BuildOptions} */ ({
    entryPoints: [path.join(root, entry)],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    // One committed file: the licences at its end rather than in a file beside it.
    legalComments: "eof",
    plugins: [noHttpClient, leanUndici(root)],
    logLevel: "warning",
  });
}

/**
 * Writes the bundle and action.yml under `outDir` (the repository root by default), as
 * `action/dist/index.js` and `action.yml`.
 *
 * @param {string} [outDir]
 * @returns {Promise<{ bundle: string, metadata: string }>} the paths written
 */
async function buildAction(outDir = root) {
  const bundle = path.join(outDir, "action", "dist", "index.js");
  const metadata = path.join(outDir, "action.yml");
  await esbuild.build(options("action/main.ts", bundle));
  // action/metadata.ts is TypeScript: bundle it to a temporary module and run it.
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), "action-metadata-"));
  try {
    const module = path.join(temp, "metadata.js");
    await esbuild.build({ ...options("action/metadata.ts", module), minify: false });
    fs.writeFileSync(metadata, require(module).renderActionYml());
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
  return { bundle, metadata };
}

module.exports = { buildAction };

if (require.main === module) {
  buildAction().then(
    ({ bundle, metadata }) =>
      process.stdout.write(
        `[bundle-action] ${path.relative(root, bundle)}: ${(fs.statSync(bundle).size / 1024).toFixed(0)} KiB; ${path.relative(root, metadata)}\n`,
      ),
    (error) => {
      process.stderr.write(
        `[bundle-action] ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
