/**
 * Runs the real Pulumi CLI against a copy of an example program, offline: a file backend in a
 * temporary folder, a private PULUMI_HOME, no update check, no plugin downloads.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  DEMO_CLUSTER_NAME,
  DEMO_PROJECT_ID,
  startAtlasEmulator,
  type AtlasEmulator,
  type EmulatorOptions,
} from "../../emulator";
import { TOKEN } from "./credentials";
import { REPO_ROOT } from "./providerHost";
import { withStandins, type YamlExample } from "./standin";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain script, shared with scripts/measure.js
const { installPacked } = require("../../scripts/packed-install") as {
  installPacked(root: string, dir: string): string;
};

/** What a CLI run printed and how it ended. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A language host a suite runs programs with: `pulumi-language-<name>`. */
type LanguageHost = "nodejs" | "yaml";

/**
 * Finds the directory holding `pulumi` with the language hosts `hosts` beside it:
 * `$PULUMI_BIN_DIR`, then `pulumi` on PATH, then the cache that `scripts/install-pulumi-cli.sh`
 * fills. Returns the reason when there is none.
 */
export function findPulumiBinDir(
  hosts: readonly LanguageHost[] = ["nodejs"],
): { dir: string } | { missing: string } {
  const candidates: string[] = [];
  if (process.env["PULUMI_BIN_DIR"]) candidates.push(process.env["PULUMI_BIN_DIR"]);
  for (const dir of (process.env["PATH"] ?? "").split(path.delimiter)) {
    if (dir) candidates.push(dir);
  }
  const cache = process.env["XDG_CACHE_HOME"] ?? path.join(os.homedir(), ".cache");
  candidates.push(
    path.join(
      process.env["PULUMI_CLI_DIR"] ??
        path.join(cache, "pulumi-atlas-flex-snapshot", "pulumi-v3.248.0"),
      "bin",
    ),
  );
  for (const dir of candidates) {
    const bin = path.join(dir, "pulumi");
    const hostsThere = hosts.every((host) =>
      fs.existsSync(path.join(dir, `pulumi-language-${host}`)),
    );
    if (fs.existsSync(bin) && hostsThere) {
      try {
        execFileSync(bin, ["version"], { stdio: "pipe" });
        return { dir };
      } catch {
        // Not a working CLI; look further.
      }
    }
  }
  return {
    missing:
      "no Pulumi CLI found: looked at $PULUMI_BIN_DIR, PATH and the cache of scripts/install-pulumi-cli.sh " +
      `(a \`pulumi\` with ${hosts.map((host) => `\`pulumi-language-${host}\``).join(" and ")} beside it). ` +
      "Run scripts/install-pulumi-cli.sh, which builds v3.248.0 and the YAML host with Go.",
  };
}

let consumerModules: string | undefined;

/**
 * A `node_modules` folder like a user's, made once per process: `npm install` of this package's
 * `npm pack` tarball beside `@pulumi/pulumi` and `typescript` (the versions of the checkout,
 * from npm's cache when it has them).
 *
 * Why not the checkout's own `node_modules`: Pulumi's closure serializer looks packages up from
 * where `@pulumi/pulumi` is installed. With the checkout's, it resolved this package to the
 * checkout and gave up quietly, so the engine tests passed while a real install failed to
 * serialize `__provider`.
 */
export function consumerNodeModules(): string {
  if (consumerModules) return consumerModules;
  consumerModules = installPacked(
    REPO_ROOT,
    fs.mkdtempSync(path.join(os.tmpdir(), "flex-consumer-")),
  );
  return consumerModules;
}

/**
 * The Pulumi YAML examples (`examples/yaml/<scenario>`) share one folder: its `node_modules` (the
 * package, installed from npm, whose `bin/` holds the `atlasflex` plugin), which their
 * `Pulumi.yaml` files name by a relative path.
 */
const YAML_EXAMPLES = "yaml/";

/** The folder of the programs only tests run, as a source of {@link PulumiProject} names it. */
const FIXTURES = "test/fixtures/";

/** A copy of an example program with its own stack on a temporary file backend. */
export class PulumiProject {
  readonly dir: string;
  private readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  /** Everything every command printed, for secret scans. */
  readonly transcript: string[] = [];

  /**
   * @param source - an example (`<language>/<scenario>`, a folder of `examples/`; a YAML one
   *   gets its stand-in dependents, see {@link withStandins}), a test's own program (a folder of
   *   `test/fixtures/`, given with that prefix), or a Pulumi YAML program of one file given as
   *   the text of its `Pulumi.yaml` (e.g. the README's), named `name`
   * @param options - `nodeModules: false` for a program that needs no npm package (Python and Go
   *   programs on the installed plugin archive); the others get the package in `node_modules`
   */
  constructor(
    source: string | { name: string; pulumiYaml: string },
    binDir: string,
    extraEnv: Record<string, string> = {},
    options: { nodeModules?: boolean } = {},
  ) {
    const name = typeof source === "string" ? path.basename(source.replace("/", "-")) : source.name;
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), `flex-${name}-`));
    let copy: string;
    if (typeof source === "string") {
      // A YAML example is copied with the folder it shares with the others, under the same name.
      const yaml = source.startsWith(YAML_EXAMPLES);
      const copied = yaml ? path.dirname(source) : source;
      copy = path.join(this.root, yaml ? copied : "project");
      this.dir = yaml ? path.join(copy, path.basename(source)) : copy;
      // Stack files left by a manual run would carry another passphrase's salt: copy the program only.
      const from = source.startsWith(FIXTURES)
        ? path.join(REPO_ROOT, source)
        : path.join(REPO_ROOT, "examples", copied);
      fs.cpSync(from, copy, {
        recursive: true,
        filter: (file) =>
          !/(^|\/)(Pulumi\.[^/]+\.yaml|node_modules|restore-marker\.json|deployment\.json)$/.test(
            file,
          ),
      });
      if (yaml) withStandins(this.dir, source as YamlExample);
    } else {
      copy = this.dir = path.join(this.root, "project");
      fs.mkdirSync(copy);
      fs.writeFileSync(path.join(copy, "Pulumi.yaml"), source.pulumiYaml);
    }
    if (options.nodeModules !== false) {
      // Installed from the package's tarball, as a user's project has it.
      fs.symlinkSync(consumerNodeModules(), path.join(copy, "node_modules"), "dir");
    }
    fs.mkdirSync(path.join(this.root, "backend"));
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) {
      if (!name.startsWith("MONGODB_ATLAS_") && !name.startsWith("PULUMI_")) env[name] = value;
    }
    this.env = {
      ...env,
      PATH: `${binDir}${path.delimiter}${process.env["PATH"] ?? ""}`,
      PULUMI_BACKEND_URL: `file://${path.join(this.root, "backend")}`,
      PULUMI_CONFIG_PASSPHRASE: "engine-test-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_HOME: path.join(this.root, "home"),
      // Type checking is `npm run lint`'s job; here it would only slow every run.
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      ...extraEnv,
    };
  }

  /** Runs `pulumi <args>` in the project and records what it printed. */
  run(
    args: readonly string[],
    options: { env?: Record<string, string>; input?: string } = {},
  ): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn("pulumi", [...args], {
        cwd: this.dir,
        env: { ...this.env, ...options.env },
        // No input: stdin is /dev/null, so there is no pipe to break when pulumi exits early.
        stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      if (options.input !== undefined) {
        // A pulumi that exits before reading its input (EPIPE) is judged by its exit code.
        child.stdin?.on("error", () => undefined);
        child.stdin?.end(options.input);
      }
      child.on("error", reject);
      child.on("close", (code) => {
        this.transcript.push(`$ pulumi ${args.join(" ")}\n${stdout}\n${stderr}`);
        resolve({ code: code ?? -1, stdout, stderr });
      });
    });
  }

  /** Runs `pulumi <args>` and fails with everything it printed unless it exits 0. */
  async ok(
    args: readonly string[],
    options?: { env?: Record<string, string> },
  ): Promise<RunResult> {
    const result = await this.run(args, options);
    if (result.code !== 0) {
      throw new Error(
        `pulumi ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`,
      );
    }
    return result;
  }

  /** Creates the stack and sets config values; `secrets` are set with `--secret`. */
  async init(config: Record<string, string>, secrets: Record<string, string> = {}): Promise<void> {
    await this.ok(["stack", "init", "dev", "--non-interactive"]);
    for (const [key, value] of Object.entries(config)) {
      await this.ok(["config", "set", key, value]);
    }
    for (const [key, value] of Object.entries(secrets)) {
      // Through stdin, so the secret is not on a command line either.
      const result = await this.run(["config", "set", "--secret", key], { input: value });
      if (result.code !== 0)
        throw new Error(`pulumi config set --secret ${key} failed: ${result.stderr}`);
    }
  }

  /** The stack's outputs, with secrets shown. */
  async outputs(): Promise<Record<string, unknown>> {
    const result = await this.ok(["stack", "output", "--json", "--show-secrets"]);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  /** Removes the temporary folder. */
  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * The `describe` of a suite that needs the Pulumi CLI, and the CLI's directory. Without a CLI
 * the suite fails in CI (`CI=true`), saying what is missing, and is skipped elsewhere.
 */
function engineSuite(hosts: readonly LanguageHost[]): {
  describeEngine: jest.Describe;
  binDir: () => string;
} {
  const cli = findPulumiBinDir(hosts);
  const inCi = process.env["CI"] === "true";
  if ("missing" in cli && !inCi) {
    console.warn(`engine tests skipped: ${cli.missing}`);
  }
  return {
    describeEngine: "dir" in cli || inCi ? describe : describe.skip,
    binDir: () => {
      if ("missing" in cli) throw new Error(cli.missing);
      return cli.dir;
    },
  };
}

/** The example programs (folders of `examples/`) that {@link engineFixture} runs. */
export type Example =
  | `nodejs/${
      | "gate"
      | "quickstart"
      | "promise"
      | "latest"
      | "wait"
      | "freshness"
      | "restore-gate"
      | "restore-jobs"
      | "multi-account"}`
  | YamlExample;

/** The stack config namespace the example's provider reads its settings from. */
function configNamespace(example: Example): "mongodbatlas" | "atlasflex" {
  return example.startsWith(YAML_EXAMPLES) ? "atlasflex" : "mongodbatlas";
}

/** What {@link engineFixture} gives a suite. */
interface EngineFixture {
  /** The suite's emulator, started by the suite's `beforeAll`. */
  readonly emulator: AtlasEmulator;
  /** The CLI's directory (throws, saying what is missing, when there is none). */
  binDir(): string;
  /**
   * {@link engineSuite}'s `describe`, with hooks that start the emulator before the suite's
   * tests and, after them, stop it and remove every project made through this fixture.
   */
  describe(name: string, body: () => void): void;
  /** A copy of `example` with its own backend; removed after the suite. */
  project(example: Example, env?: Record<string, string>): PulumiProject;
  /**
   * A Pulumi YAML project of one file, `pulumiYaml`, with the package installed in its
   * `node_modules` and its own backend; removed after the suite.
   */
  program(name: string, pulumiYaml: string, env?: Record<string, string>): PulumiProject;
  /**
   * A project whose stack reads the demo cluster on the suite's emulator: `config` on top of
   * `projectId`, `clusterName` and `<ns>:baseUrl`, and `secrets` set with `--secret` (by default
   * the demo access token as `<ns>:accessToken`). `<ns>` is the namespace the program's
   * provider reads: `mongodbatlas` for the Node SDK, `atlasflex` for the plugin (YAML).
   */
  stack(
    example: Example,
    config?: Record<string, string>,
    secrets?: Record<string, string>,
    env?: Record<string, string>,
  ): Promise<PulumiProject>;
}

/**
 * The set-up every engine suite shares: the CLI, one emulator for the suite, and projects that
 * are cleaned up after it.
 *
 * @example
 * ```ts
 * const engine = engineFixture();
 * engine.describe("under the real engine", () => {
 *   test("…", async () => {
 *     const p = await engine.stack("nodejs/gate", { snapshotId });
 *     await p.ok(["up", "--yes"]);
 *   });
 * });
 * ```
 */
export function engineFixture(
  options: EmulatorOptions = {},
  hosts: readonly LanguageHost[] = ["nodejs"],
): EngineFixture {
  const { describeEngine, binDir } = engineSuite(hosts);
  const projects: PulumiProject[] = [];
  let started: AtlasEmulator | undefined;
  const fixture: EngineFixture = {
    get emulator(): AtlasEmulator {
      if (!started) throw new Error("the emulator starts in the suite's beforeAll");
      return started;
    },
    binDir,
    describe(name, body) {
      describeEngine(name, () => {
        beforeAll(async () => {
          binDir(); // fails the suite (in CI) when there is no CLI
          started = await startAtlasEmulator(options);
        });
        afterAll(async () => {
          for (const p of projects.splice(0)) p.dispose();
          await started?.close();
        });
        body();
      });
    },
    project(example, env = {}) {
      const p = new PulumiProject(example, binDir(), env);
      projects.push(p);
      return p;
    },
    program(name, pulumiYaml, env = {}) {
      const p = new PulumiProject({ name, pulumiYaml }, binDir(), env);
      projects.push(p);
      return p;
    },
    async stack(example, config = {}, secrets?, env = {}) {
      const ns = configNamespace(example);
      const p = fixture.project(example, env);
      await p.init(
        {
          projectId: DEMO_PROJECT_ID,
          clusterName: DEMO_CLUSTER_NAME,
          [`${ns}:baseUrl`]: fixture.emulator.baseUrl,
          ...config,
        },
        secrets ?? { [`${ns}:accessToken`]: TOKEN },
      );
      return p;
    },
  };
  return fixture;
}
