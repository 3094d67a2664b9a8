#!/usr/bin/env node
// @ts-check
/**
 * `npm run sdk:generate:java`: regenerates the Java SDK of the `atlasflex` plugin, `sdk/java/`
 * (a Maven project: `pom.xml`, `src/main/java/com/pulumi/atlasflex/`), from the plugin's schema
 * (`packageSchema()` of the build, what `pulumi package get-schema` returns) with
 * tools/sdkgen-java: pulumi-java's code generator at v1.16.0 (the only pulumi-java release the Go
 * module proxy serves here), and a pom requiring com.pulumi:pulumi 1.16.0 (the Java SDK of the
 * same release) from Maven Central. The generator writes Gradle files or none; Gradle is not to
 * be had here, so sdkgen-java writes the pom.
 *
 * Kept apart from scripts/generate-sdks.js (Python and Go, Pulumi v3.248.0's generators): the two
 * tools pin different github.com/pulumi/pulumi/pkg/v3 versions (pulumi-java v1.16.0 needs
 * v3.182.0), so they are two Go modules.
 *
 * Needs Go and `npm run build`. `node scripts/generate-java-sdk.js <dir>` writes into `<dir>`
 * instead of `sdk/java`.
 */
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.resolve(__dirname, "..");

/**
 * Writes the Java SDK into `out`, replacing what is there.
 *
 * @param {string} out
 * @returns {string} `out`
 */
function generateJavaSdk(out) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "flex-sdkgen-java-"));
  try {
    const { packageSchema } = require(
      path.join(root, "dist", "provider", "pulumi", "plugin", "packageSchema.js"),
    );
    const schemaFile = path.join(scratch, "schema.json");
    fs.writeFileSync(schemaFile, JSON.stringify(packageSchema(), null, 2));
    const sdkgen = path.join(scratch, "sdkgen-java");
    execFileSync(
      "go",
      ["-C", path.join(root, "tools", "sdkgen-java"), "build", "-o", sdkgen, "."],
      {
        stdio: ["ignore", "pipe", "inherit"],
        env: { ...process.env, GOFLAGS: "" },
      },
    );
    fs.rmSync(out, { recursive: true, force: true });
    // The generator prints a WARN line on stdout for each secret config variable (Java's Config
    // getters return plain values); nothing to act on.
    execFileSync(sdkgen, ["-schema", schemaFile, "-out", out], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    return out;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

module.exports = { generateJavaSdk };

if (require.main === module) {
  try {
    const out = generateJavaSdk(path.resolve(process.argv[2] ?? path.join(root, "sdk", "java")));
    process.stdout.write(`[generate-java-sdk] ${path.relative(root, out)}\n`);
  } catch (error) {
    process.stderr.write(
      `[generate-java-sdk] ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
