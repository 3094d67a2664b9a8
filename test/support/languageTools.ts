/**
 * What the tests of the other languages' SDKs set up for themselves (CI runs them on a clean
 * clone): `sdkgen` (tools/sdkgen, built with Go from the module proxy), and a Python virtualenv
 * with the Pulumi SDK from PyPI at the version of the pinned CLI. Both are cached: `sdkgen` under
 * the git-ignored `.tools/`, the virtualenv beside the CLI's cache.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "./providerHost";

/** The Pulumi version of the pinned CLI, of `@pulumi/pulumi` and of the Python SDK. */
export const PULUMI_VERSION = "3.248.0";

/** The languages `sdkgen` writes an SDK for. */
export type SdkLanguage = "python" | "go" | "nodejs";

/** Runs a command and returns its stdout; throws with everything it printed when it fails. */
export function runTool(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): string {
  try {
    return execFileSync(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: options.timeoutMs ?? 10 * 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    throw new Error(
      `${command} ${args.join(" ")} failed (exit ${e.status ?? "?"}):\n${e.stdout ?? ""}\n${e.stderr ?? ""}`,
    );
  }
}

/** Whether `command --version`-like `args` run; the reason when they do not. */
function probe(command: string, args: readonly string[]): string | undefined {
  try {
    execFileSync(command, [...args], { stdio: "pipe", timeout: 30_000 });
    return undefined;
  } catch (error) {
    return `\`${command} ${args.join(" ")}\` failed: ${(error as Error).message.split("\n")[0]}`;
  }
}

/** Why the other-language tests cannot run here (no Go, Python 3, JDK or Maven), or `undefined`. */
export function missingLanguageTools(): string | undefined {
  return (
    probe("go", ["version"]) ??
    probe("python3", ["-m", "venv", "--help"]) ??
    probe("javac", ["-version"]) ??
    probe("mvn", ["--version"])
  );
}

/** The cache folder shared with scripts/install-pulumi-cli.sh. */
function cacheDir(): string {
  const cache = process.env["XDG_CACHE_HOME"] ?? path.join(os.homedir(), ".cache");
  return path.join(cache, "pulumi-atlas-flex-snapshot");
}

/**
 * Builds tools/sdkgen into `outDir` and returns the binary: `go -C tools/sdkgen build -o <file> .`
 * in the checkout, docs/reference.md's command with another output file (each test file builds its own,
 * so that two running at once do not write one file). Its go.mod and go.sum pin pkg/v3 at the
 * CLI's version and everything it pulls in. Quick once Go's caches are warm.
 */
export function buildSdkgen(outDir: string): string {
  const bin = path.join(outDir, "sdkgen");
  runTool("go", ["-C", "tools/sdkgen", "build", "-o", bin, "."], {
    cwd: REPO_ROOT,
    env: { ...process.env, GOFLAGS: "" },
  });
  return bin;
}

/** Writes the `language` SDK of the schema in `schemaFile` into `outDir`. */
export function generateSdk(
  sdkgen: string,
  schemaFile: string,
  language: SdkLanguage,
  outDir: string,
): void {
  runTool(sdkgen, ["-schema", schemaFile, "-language", language, "-out", outDir]);
}

/**
 * A Python virtualenv with `pulumi` (PULUMI_VERSION), the other requirements of a generated SDK
 * (`parver`, `semver`) and what building one takes (`setuptools`, `wheel`) from PyPI, made once and kept in the cache; returns its folder. It is
 * made in a temporary folder and renamed into place, so that a test file that asks while another
 * is making it does not see a half-made one.
 */
export function pythonVenv(): string {
  const venv = path.join(cacheDir(), `python-pulumi-${PULUMI_VERSION}`);
  const python = path.join(venv, "bin", "python");
  const check = [
    "-c",
    `import importlib.metadata as m, parver, semver, setuptools, wheel; assert m.version("pulumi") == "${PULUMI_VERSION}"`,
  ];
  if (fs.existsSync(python) && probe(python, check) === undefined) return venv;
  fs.mkdirSync(cacheDir(), { recursive: true });
  const staging = fs.mkdtempSync(path.join(cacheDir(), "python-venv-new-"));
  try {
    runTool("python3", ["-m", "venv", staging]);
    runTool(path.join(staging, "bin", "python"), [
      "-m",
      "pip",
      "install",
      "--quiet",
      "--disable-pip-version-check",
      `pulumi==${PULUMI_VERSION}`,
      "parver",
      "semver",
      "setuptools",
      "wheel",
    ]);
    // Only `python -m …` is used: a venv's console scripts name the folder they were made in.
    fs.rmSync(venv, { recursive: true, force: true });
    fs.renameSync(staging, venv);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (fs.existsSync(python) && probe(python, check) === undefined) return venv;
    throw error;
  }
  return venv;
}

/** The import path of the Go SDK generated from the schema in `schemaFile` (`language.go.importBasePath`). */
export function goImportBase(schemaFile: string): string {
  const schema = JSON.parse(fs.readFileSync(schemaFile, "utf8")) as {
    language?: { go?: { importBasePath?: string } };
  };
  const importBase = schema.language?.go?.importBasePath;
  if (importBase === undefined) throw new Error(`${schemaFile} names no Go import path`);
  return importBase;
}

/**
 * Makes the generated Go SDK in `sdkDir` a module (the generator writes none), named by the
 * parent of its import path and requiring the Go SDK at the CLI's version; returns the module
 * path.
 */
export function goSdkModule(sdkDir: string, importBase: string): string {
  const modulePath = path.posix.dirname(importBase);
  fs.writeFileSync(
    path.join(sdkDir, "go.mod"),
    `module ${modulePath}\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/sdk/v3 v${PULUMI_VERSION}\n`,
  );
  return modulePath;
}

/**
 * Installs the generated Python SDK in `sdkDir` (its setup.py) into `target`, with pip and
 * without dependencies or network (they are in {@link pythonVenv}); add `target` to PYTHONPATH.
 * Installed rather than put on the path as it is: the SDK reads its own version from the
 * package's metadata when it is imported.
 */
export function installPythonSdk(venv: string, sdkDir: string, target: string): void {
  runTool(path.join(venv, "bin", "python"), [
    "-m",
    "pip",
    "install",
    "--quiet",
    "--disable-pip-version-check",
    "--no-deps",
    "--no-build-isolation",
    "--no-index",
    "--target",
    target,
    sdkDir,
  ]);
}

/**
 * The language hosts the tests run Python and Go programs with. The hosts of v3.248.0 live in
 * their own modules, which the module proxy does not serve here ("403 This module version is not
 * available"); these are the last releases of the sdk/v3 module (which the proxy serves) that
 * still held each host as a package. Like the Node.js fallback of scripts/install-pulumi-cli.sh,
 * they speak the LanguageRuntime protocol that the v3.248.0 engine still accepts: the engine and
 * the language SDKs are v3.248.0; the host only starts the program.
 */
const LEGACY_HOSTS = {
  python: {
    sdkVersion: "3.68.0",
    pkg: "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python",
    /** The script the host runs programs with, from the same module. */
    script: "python/cmd/pulumi-language-python-exec",
  },
  go: {
    sdkVersion: "3.66.0",
    pkg: "github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go",
    script: undefined,
  },
} as const;

/**
 * Builds `pulumi-language-<language>` of {@link LEGACY_HOSTS} into the cache (with its script
 * beside it, for Python) and returns the folder, to go on PATH ahead of the CLI's. The Python
 * host runs programs with the `python3` first on PATH (it does not read the `virtualenv` option
 * the v3.248.0 engine passes), so a program's virtualenv goes on PATH too.
 */
function legacyHostDir(language: keyof typeof LEGACY_HOSTS): string {
  const { sdkVersion, pkg, script } = LEGACY_HOSTS[language];
  const files = [`pulumi-language-${language}`, ...(script ? [path.basename(script)] : [])];
  return cachedBuild(`${language}-host-v${sdkVersion}`, files, (staging) => {
    const dir = path.join(REPO_ROOT, ".tools", `${language}-host`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, "go.mod"),
      `module pulumi-atlas-flex-snapshot/tools/${language}-host\n\ngo 1.18\n\nrequire github.com/pulumi/pulumi/sdk/v3 v${sdkVersion}\n`,
    );
    fs.writeFileSync(
      path.join(dir, "tools.go"),
      `//go:build tools\n\npackage tools\n\nimport _ "${pkg}"\n`,
    );
    runTool("go", ["build", "-mod=mod", "-trimpath", "-o", path.join(staging, files[0]!), pkg], {
      cwd: dir,
    });
    if (script) {
      const moduleDir = runTool(
        "go",
        ["list", "-mod=mod", "-m", "-f", "{{.Dir}}", "github.com/pulumi/pulumi/sdk/v3"],
        { cwd: dir },
      ).trim();
      const target = path.join(staging, path.basename(script));
      fs.copyFileSync(path.join(moduleDir, script), target);
      fs.chmodSync(target, 0o755);
    }
  });
}

/**
 * The folder `<cache>/<name>/bin` holding `files`, built by `build` into a staging folder when
 * any is missing and then moved in whole, so that a build cut short or run by two test files at
 * once never leaves a half-filled folder; a build that fails after another one filled the
 * folder is not an error.
 */
function cachedBuild(name: string, files: readonly string[], build: (staging: string) => void) {
  const binDir = path.join(cacheDir(), name, "bin");
  const built = (): boolean => files.every((file) => fs.existsSync(path.join(binDir, file)));
  if (built()) return binDir;
  fs.mkdirSync(cacheDir(), { recursive: true });
  const staging = fs.mkdtempSync(path.join(cacheDir(), `${name}-new-`));
  try {
    build(staging);
    fs.mkdirSync(path.dirname(binDir), { recursive: true });
    fs.rmSync(binDir, { recursive: true, force: true });
    fs.renameSync(staging, binDir);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (built()) return binDir;
    throw error;
  }
  return binDir;
}

/** The release of pulumi-java whose generator and Java language host tools/sdkgen-java pins. */
const PULUMI_JAVA_VERSION = "1.16.0";

/**
 * Builds pulumi-java's Java language host, `pulumi-language-java`, from the module of
 * tools/sdkgen-java (which pins it with the generator) into the cache; returns the folder. The
 * hosts of pulumi-java are not bundled with the CLI; this is the release the generator comes from.
 */
function javaHostDir(): string {
  return cachedBuild(`java-host-v${PULUMI_JAVA_VERSION}`, ["pulumi-language-java"], (staging) =>
    runTool(
      "go",
      [
        "-C",
        path.join(REPO_ROOT, "tools", "sdkgen-java"),
        "build",
        "-trimpath",
        "-o",
        path.join(staging, "pulumi-language-java"),
        "github.com/pulumi/pulumi-java/pkg/cmd/pulumi-language-java",
      ],
      { env: { ...process.env, GOFLAGS: "" } },
    ),
  );
}

/**
 * Lays out `outDir` like a user's Pulumi install: the files of the CLI folder `cliDir` with the
 * {@link legacyHostDir} host of `language` beside them; returns `outDir`, to go first on PATH.
 * With PULUMI_IGNORE_AMBIENT_PLUGINS=true the engine looks for language hosts only beside its
 * own executable, which it resolves through symlinks: so these are hard links (copies where the
 * folders are on different file systems).
 */
export function cliWithHost(
  language: keyof typeof LEGACY_HOSTS | "java",
  cliDir: string,
  outDir: string,
): string {
  const hostDir = language === "java" ? javaHostDir() : legacyHostDir(language);
  fs.mkdirSync(outDir, { recursive: true });
  for (const dir of [cliDir, hostDir]) {
    for (const file of fs.readdirSync(dir)) {
      try {
        fs.linkSync(path.join(dir, file), path.join(outDir, file));
      } catch {
        fs.copyFileSync(path.join(dir, file), path.join(outDir, file));
      }
    }
  }
  return outDir;
}
