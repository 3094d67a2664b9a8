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

/** Why the other-language tests cannot run here (no Go, no Python 3), or `undefined`. */
export function missingLanguageTools(): string | undefined {
  return probe("go", ["version"]) ?? probe("python3", ["-m", "venv", "--help"]);
}

/** The cache folder shared with scripts/install-pulumi-cli.sh. */
function cacheDir(): string {
  const cache = process.env["XDG_CACHE_HOME"] ?? path.join(os.homedir(), ".cache");
  return path.join(cache, "pulumi-atlas-flex-snapshot");
}

/**
 * Builds tools/sdkgen into `.tools/sdkgen/` and returns the binary. The committed go.mod names
 * only the direct requirement (pkg/v3 at the CLI's version); `go build -mod=mod` in a copy
 * resolves the rest, as scripts/install-pulumi-cli.sh does for the CLI. Quick once Go's caches
 * are warm.
 */
export function buildSdkgen(): string {
  const dir = path.join(REPO_ROOT, ".tools", "sdkgen");
  fs.mkdirSync(dir, { recursive: true });
  for (const file of ["main.go", "go.mod"]) {
    fs.copyFileSync(path.join(REPO_ROOT, "tools", "sdkgen", file), path.join(dir, file));
  }
  const bin = path.join(dir, "sdkgen");
  runTool("go", ["build", "-mod=mod", "-trimpath", "-o", bin, "."], { cwd: dir });
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
 * The last release of the sdk/v3 module that the module proxy serves with the Python language
 * host inside it (later hosts moved to their own modules, which the proxy does not serve here).
 * Like the Node.js fallback of scripts/install-pulumi-cli.sh, it speaks the LanguageRuntime
 * protocol that the v3.248.0 engine still accepts.
 */
export const PYTHON_HOST_SDK_VERSION = "3.68.0";

/**
 * Builds `pulumi-language-python` of sdk/v3 v{@link PYTHON_HOST_SDK_VERSION} into the cache,
 * with `pulumi-language-python-exec` (the script it runs programs with, from the same module)
 * beside it; returns the folder. The engine runs programs with the `python3` first on PATH, so
 * a program's virtualenv goes on PATH (this host does not read the `virtualenv` option the
 * v3.248.0 engine passes).
 */
export function pythonHostDir(): string {
  const binDir = path.join(cacheDir(), `python-host-v${PYTHON_HOST_SDK_VERSION}`, "bin");
  const host = path.join(binDir, "pulumi-language-python");
  const exec = path.join(binDir, "pulumi-language-python-exec");
  if (fs.existsSync(host) && fs.existsSync(exec)) return binDir;
  const hostPkg = "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python";
  const dir = path.join(REPO_ROOT, ".tools", "python-host");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "go.mod"),
    `module pulumi-atlas-flex-snapshot/tools/python-host\n\ngo 1.18\n\nrequire github.com/pulumi/pulumi/sdk/v3 v${PYTHON_HOST_SDK_VERSION}\n`,
  );
  fs.writeFileSync(
    path.join(dir, "tools.go"),
    `//go:build tools\n\npackage tools\n\nimport _ "${hostPkg}"\n`,
  );
  const staging = fs.mkdtempSync(path.join(cacheDir(), "python-host-new-"));
  try {
    runTool(
      "go",
      [
        "build",
        "-mod=mod",
        "-trimpath",
        "-o",
        path.join(staging, "pulumi-language-python"),
        hostPkg,
      ],
      {
        cwd: dir,
      },
    );
    const moduleDir = runTool(
      "go",
      ["list", "-mod=mod", "-m", "-f", "{{.Dir}}", "github.com/pulumi/pulumi/sdk/v3"],
      {
        cwd: dir,
      },
    ).trim();
    fs.copyFileSync(
      path.join(moduleDir, "python", "cmd", "pulumi-language-python-exec"),
      path.join(staging, "pulumi-language-python-exec"),
    );
    fs.chmodSync(path.join(staging, "pulumi-language-python-exec"), 0o755);
    fs.mkdirSync(path.dirname(binDir), { recursive: true });
    fs.rmSync(binDir, { recursive: true, force: true });
    fs.renameSync(staging, binDir);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (fs.existsSync(host) && fs.existsSync(exec)) return binDir;
    throw error;
  }
  return binDir;
}
