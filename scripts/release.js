#!/usr/bin/env node
// @ts-check
/**
 * `npm run release`: every artifact of the version in package.json, in `dist/release/`, laid out
 * as the assets of the GitHub release `v<version>` (what .github/workflows/release.yml uploads
 * and publishes):
 *
 * - the plugin archives `pulumi-resource-atlasflex-v<version>-<os>-<arch>.tar.gz`, named as
 *   Pulumi looks for them (scripts/plugin-archive.js), copied from `npm run build`'s
 *   `dist/archives/`;
 * - the npm package, `npm pack`'s tarball;
 * - the Python SDK's wheel and sdist (sdk/python, built with PyPI's `build`, `setuptools` and
 *   `wheel` at pinned versions, kept in a private cached folder);
 * - the Java SDK's jar, pom, sources jar and javadoc jar (sdk/java, with Maven), as Maven Central
 *   takes them;
 * - `checksums.txt`: the SHA-256 of every other file, in `sha256sum`'s format.
 *
 * The Go SDK needs no file: it is the module in sdk/go/atlasflex, released by the tag this
 * prints, `sdk/go/atlasflex/v<version>` (Go's tag for a module in a subfolder).
 *
 * Reproducible: two runs from one commit write the same bytes. Every archive's times are the
 * commit's (`SOURCE_DATE_EPOCH`, else `git log -1 --format=%ct`), given to the tar of
 * scripts/reproducible-tar.js, to Python's wheel (`SOURCE_DATE_EPOCH`) and to Maven
 * (`project.build.outputTimestamp`); npm pack fixes its own.
 *
 * Usage: `npm run release` (builds first), or `node scripts/release.js [--out <dir>]` after
 * `npm run build` (the tests write a second release elsewhere to compare).
 */
const { execFileSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { parseArgs } = require("node:util");
const { PLATFORMS, RELEASE_DIR, VERSION, archiveName, archivePath } = require("./plugin-archive");
const { normalizeTarGz, sourceDateEpoch } = require("./reproducible-tar");

const root = path.resolve(__dirname, "..");

/** The SHA-256 sums of a release's other files. */
const CHECKSUMS = "checksums.txt";

/** The Go SDK's module folder; its release is a tag of this prefix. */
const GO_MODULE_DIR = "sdk/go/atlasflex";

/** The git tag that releases the Go SDK of `version`. */
function goModuleTag(version = VERSION) {
  return `${GO_MODULE_DIR}/v${version}`;
}

/** What builds the Python SDK: pinned, so that the wheel and the sdist do not drift. */
const PYTHON_BUILD_TOOLS = ["build==1.6.1", "setuptools==84.2.1", "wheel==0.48.0"];

/** The Maven plugins that make the sources and javadoc jars Maven Central requires. */
const MAVEN_SOURCE_PLUGIN = "org.apache.maven.plugins:maven-source-plugin:3.3.1:jar-no-fork";
const MAVEN_JAVADOC_PLUGIN = "org.apache.maven.plugins:maven-javadoc-plugin:3.11.2:jar";

/** How long one tool may run: Maven's first run downloads its plugins. */
const TOOL_TIMEOUT_MS = 10 * 60_000;

/**
 * Runs a tool, its output kept unless it fails; throws one line naming it, then what it printed.
 *
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {string} its stdout
 */
function run(command, args, options = {}) {
  try {
    return execFileSync(command, [...args], {
      cwd: options.cwd ?? root,
      env: options.env ?? process.env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: TOOL_TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const e =
      /** @type {{ status?: number, stdout?: string, stderr?: string, message: string }} */ (error);
    throw new Error(
      `${command} ${args.join(" ")} failed (${e.status === undefined ? e.message.split("\n")[0] : `exit ${e.status}`})\n${e.stdout ?? ""}${e.stderr ?? ""}`,
    );
  }
}

/** The machine-wide cache the Pulumi CLI and the lint tools use too. */
function cacheDir() {
  const cache = process.env["XDG_CACHE_HOME"] ?? path.join(os.homedir(), ".cache");
  return path.join(cache, "pulumi-atlas-flex-snapshot");
}

/**
 * A folder with {@link PYTHON_BUILD_TOOLS} (pip `--target`), made once and moved into place
 * whole, so that a cut-short install is never taken for a made one; goes on PYTHONPATH.
 */
function pythonBuildTools() {
  const key = crypto.createHash("sha256").update(PYTHON_BUILD_TOOLS.join(" ")).digest("hex");
  const dir = path.join(cacheDir(), `release-python-${key.slice(0, 12)}`);
  if (fs.existsSync(dir)) return dir;
  fs.mkdirSync(cacheDir(), { recursive: true });
  const staging = fs.mkdtempSync(`${dir}-new-`);
  try {
    run("python3", [
      "-m",
      "pip",
      "install",
      "--quiet",
      "--disable-pip-version-check",
      "--target",
      staging,
      ...PYTHON_BUILD_TOOLS,
    ]);
    fs.renameSync(staging, dir);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (fs.existsSync(dir)) return dir;
    throw error;
  }
  return dir;
}

/**
 * Fails unless an SDK's version is package.json's: the SDKs are generated from the schema, which
 * takes it from there (`npm run sdk:generate`).
 *
 * @param {string} where
 * @param {string | undefined} version
 */
function expectVersion(where, version) {
  if (version !== VERSION) {
    throw new Error(
      `invalid version "${String(version).slice(0, 40)}" in ${where}: expected package.json's ${VERSION} (run npm run sdk:generate)`,
    );
  }
}

/**
 * The Python SDK's wheel and sdist, built from a copy of sdk/python (so that nothing is written
 * into the checkout) with the package's README beside pyproject.toml, where it names it.
 *
 * @param {string} out
 * @param {string} scratch
 * @param {number} epoch
 * @returns {string[]} the files written
 */
function python(out, scratch, epoch) {
  const source = path.join(root, "sdk", "python");
  const pyproject = fs.readFileSync(path.join(source, "pyproject.toml"), "utf8");
  expectVersion("sdk/python/pyproject.toml", /^\s*version\s*=\s*"([^"]+)"/m.exec(pyproject)?.[1]);
  const copy = path.join(scratch, "python");
  fs.cpSync(source, copy, {
    recursive: true,
    filter: (file) => !/(^|\/)(build|dist|[^/]*\.egg-info|__pycache__)$/.test(file),
  });
  fs.copyFileSync(path.join(copy, "pulumi_atlasflex", "README.md"), path.join(copy, "README.md"));
  const built = path.join(scratch, "python-dist");
  run("python3", ["-m", "build", "--no-isolation", "--sdist", "--wheel", "--outdir", built, copy], {
    cwd: copy,
    env: {
      ...process.env,
      PYTHONPATH: pythonBuildTools(),
      SOURCE_DATE_EPOCH: String(epoch),
      PIP_DISABLE_PIP_VERSION_CHECK: "1",
    },
  });
  return fs
    .readdirSync(built)
    .sort()
    .map((file) => {
      const target = path.join(out, file);
      fs.copyFileSync(path.join(built, file), target);
      // setuptools' sdist keeps the files' times and its own order; the wheel follows
      // SOURCE_DATE_EPOCH and sorts already.
      if (file.endsWith(".tar.gz")) normalizeTarGz(target, epoch);
      return target;
    });
}

/**
 * The Java SDK's jar, its pom, and the sources and javadoc jars, built from a copy of sdk/java
 * with Maven (the generated pom pins the compiler and jar plugins; the two others are named
 * here).
 *
 * @param {string} out
 * @param {string} scratch
 * @param {number} epoch
 * @returns {string[]} the files written
 */
function java(out, scratch, epoch) {
  const source = path.join(root, "sdk", "java");
  const pom = fs.readFileSync(path.join(source, "pom.xml"), "utf8");
  const artifactId = /<artifactId>([^<]+)<\/artifactId>/.exec(pom)?.[1];
  expectVersion("sdk/java/pom.xml", /<version>([^<]+)<\/version>/.exec(pom)?.[1]);
  const copy = path.join(scratch, "java");
  fs.cpSync(source, copy, { recursive: true, filter: (file) => !/(^|\/)target$/.test(file) });
  run(
    "mvn",
    [
      "-B",
      "-q",
      "-Dstyle.color=never",
      `-Dproject.build.outputTimestamp=${epoch}`,
      "-Ddoclint=none",
      "package",
      MAVEN_SOURCE_PLUGIN,
      MAVEN_JAVADOC_PLUGIN,
    ],
    { cwd: copy },
  );
  const base = `${artifactId}-${VERSION}`;
  const files = [`${base}.jar`, `${base}-sources.jar`, `${base}-javadoc.jar`].map((file) => {
    fs.copyFileSync(path.join(copy, "target", file), path.join(out, file));
    return path.join(out, file);
  });
  fs.copyFileSync(path.join(source, "pom.xml"), path.join(out, `${base}.pom`));
  return [...files, path.join(out, `${base}.pom`)];
}

/**
 * Writes `checksums.txt`: each other file's SHA-256 and name, sorted by name, as `sha256sum`
 * writes them (so `sha256sum -c checksums.txt` checks a download).
 *
 * @param {string} out
 */
function writeChecksums(out) {
  const lines = fs
    .readdirSync(out)
    .filter((file) => file !== CHECKSUMS)
    .sort()
    .map((file) => {
      const sum = crypto
        .createHash("sha256")
        .update(fs.readFileSync(path.join(out, file)))
        .digest("hex");
      return `${sum}  ${file}\n`;
    });
  fs.writeFileSync(path.join(out, CHECKSUMS), lines.join(""));
}

/**
 * Writes the release into `out` (emptied first).
 *
 * @param {string} out
 */
function release(out) {
  const missing = PLATFORMS.map(([os, arch]) => archivePath(os, arch)).filter(
    (file) => !fs.existsSync(file),
  );
  if (missing.length > 0) {
    throw new Error(
      `missing plugin archive ${path.relative(root, missing[0] ?? "")}: expected npm run build to have written it`,
    );
  }
  const goPlugin = JSON.parse(
    fs.readFileSync(path.join(root, GO_MODULE_DIR, "pulumi-plugin.json"), "utf8"),
  );
  expectVersion(`${GO_MODULE_DIR}/pulumi-plugin.json`, goPlugin.version);
  const epoch = sourceDateEpoch(root);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "flex-release-"));
  try {
    for (const [os, arch] of PLATFORMS) {
      fs.copyFileSync(archivePath(os, arch), path.join(out, archiveName(os, arch)));
    }
    run("npm", ["pack", "--silent", "--pack-destination", out]);
    python(out, scratch, epoch);
    java(out, scratch, epoch);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  writeChecksums(out);
}

function main() {
  const { values } = parseArgs({ options: { out: { type: "string" } } });
  const out = path.resolve(values.out ?? RELEASE_DIR);
  const started = process.hrtime.bigint();
  release(out);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const files = fs.readdirSync(out).sort();
  process.stdout.write(
    [
      `[release] ${files.length} files of v${VERSION} in ${path.relative(process.cwd(), out) || "."}/ (${seconds.toFixed(1)} s):`,
      ...files.map((file) => `  ${file}`),
      `[release] the Go SDK is the module in ${GO_MODULE_DIR}; release it with the tag: ${goModuleTag()}`,
      "",
    ].join("\n"),
  );
}

module.exports = { CHECKSUMS, GO_MODULE_DIR, goModuleTag, release };

if (require.main === module) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`[release] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
