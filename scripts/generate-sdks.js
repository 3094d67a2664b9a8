#!/usr/bin/env node
// @ts-check
/**
 * `npm run sdk:generate`: regenerates the committed SDKs of the `atlasflex` plugin, `sdk/python/`,
 * `sdk/go/atlasflex/` and `sdk/java/`, from the plugin's schema (`packageSchema()` of the build,
 * what `pulumi package get-schema` returns) with pinned generators:
 *
 * - Python and Go: tools/sdkgen (Pulumi's v3.248.0 code generators). The Go generator writes no
 *   module file, so this writes `sdk/go/atlasflex/go.mod` (the schema's import path,
 *   github.com/pulumi/pulumi/sdk/v3 at the pinned version) and `go.sum` (`go mod tidy`).
 * - Java: tools/sdkgen-java (pulumi-java's generator at v1.16.0, the only pulumi-java release the
 *   Go module proxy serves here, with a Maven `pom.xml` requiring com.pulumi:pulumi 1.16.0). A Go
 *   module of its own: pulumi-java v1.16.0 needs github.com/pulumi/pulumi/pkg/v3 v3.182.0.
 *
 * test/languageSdks.test.ts regenerates them and fails on any difference.
 *
 * Needs Go and `npm run build`. `node scripts/generate-sdks.js <dir>` writes into `<dir>`
 * instead of `sdk/`.
 */
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
/** The Pulumi release whose Go SDK the Go module requires: the tested `@pulumi/pulumi`'s. */
const PULUMI_VERSION = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"))
  .devDependencies["@pulumi/pulumi"];

/**
 * @param {string} command
 * @param {string[]} args
 * @param {import("node:child_process").ExecFileSyncOptions} [options]
 */
function run(command, args, options = {}) {
  execFileSync(command, args, { stdio: ["ignore", "pipe", "inherit"], ...options });
}

/**
 * Builds the Go tool in `tools/<name>` into `scratch` and returns it.
 *
 * @param {string} name
 * @param {string} scratch
 */
function buildTool(name, scratch) {
  const bin = path.join(scratch, name);
  run("go", ["-C", path.join(root, "tools", name), "build", "-o", bin, "."], {
    env: { ...process.env, GOFLAGS: "" },
  });
  return bin;
}

/**
 * Writes the Python, Go and Java SDKs under `outRoot` (`python/`, `go/atlasflex/`, `java/`),
 * replacing what is there.
 *
 * @param {string} outRoot
 * @returns {{ python: string, go: string, java: string }} the three folders
 */
function generateSdks(outRoot) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "flex-sdkgen-"));
  try {
    const { packageSchema } = require(
      path.join(root, "dist", "provider", "pulumi", "plugin", "packageSchema.js"),
    );
    const schema = packageSchema();
    const schemaFile = path.join(scratch, "schema.json");
    fs.writeFileSync(schemaFile, JSON.stringify(schema, null, 2));
    const sdkgen = buildTool("sdkgen", scratch);
    const python = path.join(outRoot, "python");
    const goOut = path.join(outRoot, "go");
    const go = path.join(goOut, "atlasflex");
    // The Go generator writes its package folder (`atlasflex/`) under the folder it is given.
    fs.rmSync(python, { recursive: true, force: true });
    fs.rmSync(go, { recursive: true, force: true });
    run(sdkgen, ["-schema", schemaFile, "-language", "python", "-out", python]);
    run(sdkgen, ["-schema", schemaFile, "-language", "go", "-out", goOut]);
    const importBase = schema.language.go.importBasePath;
    fs.writeFileSync(
      path.join(go, "go.mod"),
      `module ${importBase}\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/sdk/v3 v${PULUMI_VERSION}\n`,
    );
    run("go", ["mod", "tidy"], { cwd: go, env: { ...process.env, GOFLAGS: "-mod=mod" } });
    const java = path.join(outRoot, "java");
    fs.rmSync(java, { recursive: true, force: true });
    // It prints a WARN line on stdout for each secret config variable (Java's Config getters
    // return plain values); nothing to act on.
    run(buildTool("sdkgen-java", scratch), ["-schema", schemaFile, "-out", java]);
    return { python, go, java };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

module.exports = { generateSdks };

if (require.main === module) {
  try {
    const out = path.resolve(process.argv[2] ?? path.join(root, "sdk"));
    const written = Object.values(generateSdks(out)).map((dir) => path.relative(root, dir));
    process.stdout.write(`[generate-sdks] ${written.join(", ")}\n`);
  } catch (error) {
    process.stderr.write(
      `[generate-sdks] ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
