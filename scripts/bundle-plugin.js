#!/usr/bin/env node
// @ts-check
/**
 * Builds the self-contained `atlasflex` plugin and its release archives:
 *
 * - `dist/plugin/`: the plugin bundled by esbuild (`atlasflex-plugin.js`, the gRPC server the
 *   engine waits for, and `chunk-*.js`, what it loads after its start; with everything it needs:
 *   undici (the part it uses, scripts/lean-undici.js), zod, gRPC and Pulumi's protocol stubs; no
 *   `node_modules`), its launchers `pulumi-resource-atlasflex` (POSIX shell) and
 *   `pulumi-resource-atlasflex.cmd` (Windows), a `package.json` with the package's name and version, which the plugin reads
 *   (provider/atlas/packageInfo.ts), and the schema as JSON (`SCHEMA_FILE` of
 *   provider/pulumi/plugin/lazyProvider.ts, also written beside the unbundled plugin).
 * - `dist/archives/pulumi-resource-atlasflex-v<version>-<os>-<arch>.tar.gz`: that folder, once
 *   per platform Pulumi publishes plugins for (scripts/plugin-archive.js names them), made
 *   reproducibly (scripts/reproducible-tar.js). The content is the same everywhere: it needs
 *   only `node` (>= 20, package.json's `engines`) on PATH, which the launchers check. Install one with
 *   `pulumi plugin install resource atlasflex <version> --file <archive>`.
 *
 * Usage: `node scripts/bundle-plugin.js` (run by `npm run build`, after `tsc`). Bundles from the
 * TypeScript sources; the schema comes from `tsc`'s output.
 */
const fs = require("node:fs");
const path = require("node:path");
const esbuild = require("esbuild");
const { leanUndici } = require("./lean-undici");
const { ARCHIVE_DIR, NODE_MAJOR, PLATFORMS, archivePath } = require("./plugin-archive");
const { reproducibleTarGz, sourceDateEpoch } = require("./reproducible-tar");

const root = path.resolve(__dirname, "..");
const pluginDir = path.join(root, "dist", "plugin");

/** The bundle's file name, which both launchers run. */
const BUNDLE = "atlasflex-plugin.js";

/** The plugin's entry. */
const PLUGIN_ENTRY = path.join(root, "provider", "pulumi", "plugin", "main.ts");

/**
 * What every file of the bundle starts with: the CommonJS names its bundled packages (grpc-js,
 * undici, google-protobuf) use, which an ES module lacks. `require` is for the Node built-ins
 * they require (esbuild's ES module output calls the `require` in scope for those).
 */
const ESM_BANNER = [
  'import { createRequire as __cjsCreateRequire } from "node:module";',
  'import { fileURLToPath as __cjsFileURLToPath } from "node:url";',
  "const require = __cjsCreateRequire(import.meta.url);",
  "const __filename = __cjsFileURLToPath(import.meta.url);",
  'const __dirname = __cjsFileURLToPath(new URL(".", import.meta.url));',
].join("\n");

/**
 * @returns {{ name: string, version: string, repository?: unknown, homepage?: string, devDependencies?: Record<string, string> }}
 */
function manifest() {
  return JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
}

/**
 * Writes `dist/plugin/`.
 *
 * @returns {Promise<string>} the folder
 */
async function bundle() {
  fs.rmSync(pluginDir, { recursive: true, force: true });
  fs.mkdirSync(pluginDir, { recursive: true });
  await esbuild.build({
    entryPoints: { [path.basename(BUNDLE, ".js")]: PLUGIN_ENTRY },
    bundle: true,
    platform: "node",
    target: "node20",
    // ES modules, for esbuild's code splitting (CommonJS output has none): what the plugin loads
    // with `import()` after its start (the lookup core: undici, zod, the client; the schema)
    // goes to chunks of its own, so the start parses only the gRPC server, not 1.7 MB of code.
    format: "esm",
    splitting: true,
    outdir: pluginDir,
    chunkNames: "chunk-[hash]",
    banner: { js: ESM_BANNER },
    minify: true,
    legalComments: "external",
    plugins: [leanUndici(root)],
    logLevel: "warning",
  });
  const { name, version, repository, homepage, devDependencies } = manifest();
  // What provider/atlas/packageInfo.ts reads: the name, the version, the repository, the tested
  // @pulumi/pulumi; so the bundled plugin's schema is the unbundled one's.
  const info = {
    name,
    version,
    private: true,
    // The bundle and its chunks are ES modules (see ESM_BANNER).
    type: "module",
    repository,
    homepage,
    devDependencies: pickPulumi(devDependencies),
  };
  fs.writeFileSync(path.join(pluginDir, "package.json"), `${JSON.stringify(info, null, 2)}\n`);
  const launcher = path.join(pluginDir, "pulumi-resource-atlasflex");
  fs.writeFileSync(launcher, shLauncher());
  fs.chmodSync(launcher, 0o755);
  fs.writeFileSync(`${launcher}.cmd`, cmdLauncher());
  return pluginDir;
}

/**
 * The one line a launcher prints when `node` is missing or too old; `found` is the version
 * `node --version` printed, or `none`. The engine shows it as the plugin's failure.
 *
 * @param {string} found
 */
function nodeRequirementMessage(found) {
  return `pulumi-resource-atlasflex: requires node >= ${NODE_MAJOR} on PATH; found ${found}`;
}

/** The exit code of a launcher that found no usable `node`. */
const NODE_MISSING_EXIT = 1;

/**
 * The POSIX launcher: checks `node --version` (a few milliseconds: node prints it before it
 * starts V8) so that a missing or old node is one clear line, not `node: not found` or a
 * syntax error from deep in the bundle; then runs the bundle. Only shell built-ins besides node,
 * so that it also works with a PATH that holds nothing else.
 */
function shLauncher() {
  return [
    "#!/bin/sh",
    `# The atlasflex plugin: the engine runs this file; it needs node (>= ${NODE_MAJOR}) on PATH.`,
    'found=$(node --version 2>/dev/null) || found=""',
    "major=${found#v}",
    "major=${major%%.*}",
    'case "$major" in',
    `  ''|*[!0-9]*) major=0 ;;`,
    "esac",
    `if [ "$major" -lt ${NODE_MAJOR} ]; then`,
    `  echo "${nodeRequirementMessage("${found:-none}")}" >&2`,
    `  exit ${NODE_MISSING_EXIT}`,
    "fi",
    `exec node "\${0%/*}/${BUNDLE}" "$@"`,
    "",
  ].join("\n");
}

/** The Windows launcher: the same check as {@link shLauncher}, in cmd's words. */
function cmdLauncher() {
  return [
    "@echo off",
    "setlocal",
    'set "found=none"',
    'for /f "delims=" %%v in (\'node --version 2^>nul\') do set "found=%%v"',
    'set "major=0"',
    'if not "%found%"=="none" for /f "tokens=1 delims=v." %%m in ("%found%") do set "major=%%m"',
    `if %major% LSS ${NODE_MAJOR} (`,
    // `>` is cmd's redirection: escaped with `^`.
    `  echo ${nodeRequirementMessage("%found%").replace(">", "^>")} 1>&2`,
    `  exit /b ${NODE_MISSING_EXIT}`,
    ")",
    `node "%~dp0${BUNDLE}" %*`,
    "",
  ].join("\r\n");
}

/**
 * @param {Record<string, string> | undefined} dependencies
 * @returns {Record<string, string>}
 */
function pickPulumi(dependencies) {
  const pulumi = dependencies?.["@pulumi/pulumi"];
  return pulumi === undefined ? {} : { "@pulumi/pulumi": pulumi };
}

/**
 * Writes one archive of `dir` per platform.
 *
 * @param {string} dir
 * @returns {string[]} the archives' paths
 */
function archive(dir) {
  fs.rmSync(ARCHIVE_DIR, { recursive: true, force: true });
  fs.mkdirSync(ARCHIVE_DIR, { recursive: true });
  const files = fs.readdirSync(dir).sort();
  const epoch = sourceDateEpoch(root);
  return PLATFORMS.map(([os, arch]) => {
    const file = archivePath(os, arch);
    reproducibleTarGz(file, dir, files, epoch);
    return file;
  });
}

/**
 * Writes the schema as JSON where the plugin's lazy provider reads it (beside its compiled entry:
 * the bundle's folder and the unbundled `dist/provider/pulumi/plugin/`), from the compiled
 * `packageSchema()`.
 *
 * @param {string} bundleDir
 */
function writeSchema(bundleDir) {
  const compiled = path.join(root, "dist", "provider", "pulumi", "plugin");
  // Typed from their sources, so that the checker sees what the build reads by name.
  const { packageSchema } =
    /** @type {typeof import("../provider/pulumi/plugin/packageSchema")} */ (
      require(path.join(compiled, "packageSchema.js"))
    );
  const { SCHEMA_FILE } = /** @type {typeof import("../provider/pulumi/plugin/lazyProvider")} */ (
    require(path.join(compiled, "lazyProvider.js"))
  );
  const schema = JSON.stringify(packageSchema());
  for (const dir of [bundleDir, compiled]) fs.writeFileSync(path.join(dir, SCHEMA_FILE), schema);
}

async function main() {
  const dir = await bundle();
  writeSchema(dir);
  const archives = archive(dir);
  /** @param {string} file */
  const size = (file) => fs.statSync(path.join(dir, file)).size;
  const chunks = fs.readdirSync(dir).filter((file) => /^chunk-.*\.js$/.test(file));
  const lazy = chunks.reduce((sum, file) => sum + size(file), 0);
  process.stdout.write(
    `[bundle-plugin] ${path.relative(root, dir)}/${BUNDLE}: ${(size(BUNDLE) / 1024).toFixed(0)} KiB and ${chunks.length} chunks of ${(lazy / 1024).toFixed(0)} KiB; ${archives.length} archives in ${path.relative(root, ARCHIVE_DIR)}/\n`,
  );
}

module.exports = { bundle, archive, nodeRequirementMessage, BUNDLE, NODE_MISSING_EXIT };

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(
      `[bundle-plugin] ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
