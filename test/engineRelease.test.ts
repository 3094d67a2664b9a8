/**
 * The release as a user meets it: `dist/release/` (scripts/release.js, what `npm run release`
 * writes after the build), served on loopback the way GitHub serves a release's downloads (a
 * redirect from `/releases/download/v<version>/<file>` to the file), and the real engine
 * (CLI v3.248.0) pointed at it as a user behind a mirror points it, with
 * `PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES`.
 *
 * - The contents: every artifact of package.json's version, named as Pulumi, npm, PyPI and Maven
 *   expect them; `checksums.txt` right; a second build from the same commit byte-identical (the
 *   second is of the release step only, into another folder: it does not rebuild `dist/`,
 *   which other test files may be reading; `rm -rf dist && npm run release` twice was checked by
 *   hand).
 * - Each archive installs with `pulumi plugin install … --file` and its plugin answers
 *   `GetPluginInfo` with the version; `pulumi plugin install resource atlasflex <version>` with
 *   no `--file` downloads this machine's archive from the release server.
 * - The engine downloads the plugin itself, from the server the program's SDK names (the
 *   download override matches that server only): a Python program whose only installed piece is
 *   the wheel from the release (in a new virtualenv, with `pulumi` from PyPI), a Go program on the
 *   module in sdk/go/atlasflex (its `replace`; `go get` needs the published tag), a Java program
 *   on the release's jar and pom (`mvn install:install-file` into a new local Maven repository;
 *   the host finds the SDK's `com/…/atlasflex/plugin.json` on the classpath), and a Pulumi YAML
 *   program whose invoke names only the version and the server; each in a fresh PULUMI_HOME
 *   with ambient plugins ignored, a gate met and unmet, in preview and in up, against the
 *   emulator.
 *
 * Needs the Pulumi CLI with the YAML host, Go (the Go program and the Python, Go and Java language
 * hosts), Python 3, a JDK and Maven (the release builds the Python and Java SDKs); without them the suite fails
 * in CI (CI=true) and is skipped elsewhere, saying what is missing.
 */
import { execFile } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import {
  DEMO_CLUSTER_NAME,
  DEMO_PROJECT_ID,
  DEMO_SNAPSHOT_IDS,
  startAtlasEmulator,
  type AtlasEmulator,
} from "../emulator";
import { PACKAGE_INFO } from "../provider/atlas/packageInfo";
import { packageSchema } from "../provider/pulumi/plugin/packageSchema";
import { SECRETS, TOKEN } from "./support/credentials";
import {
  cliWithHost,
  missingLanguageTools,
  PULUMI_VERSION,
  runTool,
} from "./support/languageTools";
import { FakeEngine, PluginProcess } from "./support/pluginProcess";
import { REPO_ROOT } from "./support/providerHost";
import { findPulumiBinDir, PulumiProject } from "./support/pulumiCli";
import { codeBlocks } from "./support/readme";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain script: the archives' names, shared with the build and the release
const archives = require("../scripts/plugin-archive") as {
  VERSION: string;
  RELEASE_DIR: string;
  PLATFORMS: readonly (readonly [string, string])[];
  archiveName(os: string, arch: string): string;
  thisPlatformArchive(): string;
  installedLauncher(pulumiHome: string): string;
};

const execFileAsync = promisify(execFile);
const cli = findPulumiBinDir(["yaml"]);
/** The CLI's folder (empty when there is none: the suite is then skipped or fails first). */
const CLI_DIR = "dir" in cli ? cli.dir : "";
const missing = "missing" in cli ? cli.missing : missingLanguageTools();
if (missing !== undefined && process.env["CI"] !== "true") {
  console.warn(`release tests skipped: ${missing}`);
}
const describeRelease =
  missing === undefined || process.env["CI"] === "true" ? describe : describe.skip;

const VERSION = PACKAGE_INFO.version;
const UP = ["up", "--yes", "--non-interactive"];
const PREVIEW = ["preview", "--non-interactive"];
/** A test's time limit: the first run of a program downloads the plugin and starts Python. */
const RUN_TIMEOUT = 5 * 60_000;
/** The message of the unmet gate (the FAILED demo snapshot), as the plugin words it. */
const UNMET = `snapshot ${DEMO_SNAPSHOT_IDS.FAILED} of flex cluster "${DEMO_CLUSTER_NAME}" in project ${DEMO_PROJECT_ID} is FAILED; required status COMPLETED`;

/** Every file of the release, as the registries and Pulumi name them. */
const EXPECTED_FILES = [
  ...archives.PLATFORMS.map(
    ([os, arch]) => `pulumi-resource-atlasflex-v${VERSION}-${os}-${arch}.tar.gz`,
  ),
  `pulumi-atlas-flex-snapshot-${VERSION}.tgz`,
  `pulumi_atlasflex-${VERSION}-py3-none-any.whl`,
  `pulumi_atlasflex-${VERSION}.tar.gz`,
  `atlasflex-${VERSION}.jar`,
  `atlasflex-${VERSION}.pom`,
  `atlasflex-${VERSION}-sources.jar`,
  `atlasflex-${VERSION}-javadoc.jar`,
  "checksums.txt",
].sort();

const sha256 = (file: string): string =>
  crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** Writes a release into `out` with scripts/release.js; returns the seconds it took. */
function buildRelease(out: string): number {
  const started = process.hrtime.bigint();
  runTool(process.execPath, [path.join(REPO_ROOT, "scripts", "release.js"), "--out", out], {
    cwd: REPO_ROOT,
  });
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** A release server on loopback: GitHub's download path, answered with a redirect to the file. */
interface ReleaseServer {
  /** What a mirror override points at: the release's download folder. */
  readonly downloadUrl: string;
  /** The files downloaded (after the redirect), in the order asked. */
  readonly downloads: string[];
  close(): Promise<void>;
}

async function startReleaseServer(dir: string): Promise<ReleaseServer> {
  const downloads: string[] = [];
  const prefix = `/releases/download/v${VERSION}/`;
  const server = http.createServer((request, response) => {
    const url = request.url ?? "";
    const name = decodeURIComponent(url.split("/").pop() ?? "");
    const file = path.join(dir, name);
    if (!/^[\w.-]+$/.test(name) || !fs.existsSync(file)) {
      response.writeHead(404).end("Not Found");
    } else if (url.startsWith(prefix)) {
      // GitHub answers a release download with a redirect to the asset's storage.
      response.writeHead(302, { location: `/assets/${name}` }).end();
    } else if (url.startsWith("/assets/")) {
      downloads.push(name);
      response.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": fs.statSync(file).size,
      });
      fs.createReadStream(file).pipe(response);
    } else {
      response.writeHead(404).end("Not Found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    downloadUrl: `http://127.0.0.1:${port}${prefix.replace(/\/$/, "")}`,
    downloads,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The plugin's download server as the schema names it (what the SDKs' `pulumi-plugin.json` say). */
const PLUGIN_SERVER = packageSchema()["pluginDownloadURL"] as string;

/**
 * The engine's environment that sends downloads from the plugin's server to `server`. Only
 * those: the engine matches the regexp against the source's URL, so a program whose SDK did not
 * name the server would go to Pulumi's default (GitHub's `pulumi/pulumi-atlasflex`) and fail.
 */
const downloadsFrom = (server: ReleaseServer): Record<string, string> => ({
  PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: `^${PLUGIN_SERVER.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$=${server.downloadUrl}`,
  PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "false",
  PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
});

/** The lines in which the engine reports downloading and installing a plugin. */
const engineInstallLines = (printed: string): string[] =>
  printed.split("\n").filter((line) => /^(Downloading|Installing) plugin /.test(line));

/** The committed Go SDK (a module), which the Go program's `replace` names. */
const GO_SDK = path.join(REPO_ROOT, "sdk", "go", "atlasflex");

/** The Java SDK's artifact (the schema's name; the release names its jar and pom after it). */
const JAVA_ARTIFACT = packageSchema()["name"] as string;

/** The user's local Maven repository, which the Java program's own repository is seeded from. */
const USER_MAVEN_REPO = path.join(os.homedir(), ".m2", "repository");

/** The version of the Maven plugin `artifactId` that `pom` pins. */
function mavenPluginVersion(pom: string, artifactId: string): string {
  const pinned = new RegExp(`<artifactId>${artifactId}</artifactId>\\s*<version>([^<]+)</version>`);
  const version = pinned.exec(fs.readFileSync(pom, "utf8"))?.[1];
  if (version === undefined) throw new Error(`${pom} pins no ${artifactId}`);
  return version;
}

/** The fenced blocks of `lang` in a Registry page of docs/, whose commands the tests run as written. */
function docsBlocks(page: string, lang: string): string[] {
  const text = fs.readFileSync(path.join(REPO_ROOT, "docs", page), "utf8");
  return codeBlocks(text)
    .filter((block) => block.lang === lang)
    .map((block) => block.text);
}

/**
 * The Pulumi YAML program of the Registry page (docs/_index.md): its invoke names the plugin's
 * version and server, nothing else.
 */
const YAML_PROGRAM = docsBlocks("_index.md", "yaml")[0]!;

/** The command of docs/installation-configuration.md that installs the plugin ahead of time. */
const DOCS_PLUGIN_INSTALL = docsBlocks("installation-configuration.md", "sh")[0]!.trim();

describeRelease("the release (scripts/release.js) from a loopback release server", () => {
  let scratch: string;
  let server: ReleaseServer;
  let emulator: AtlasEmulator;
  const projects: PulumiProject[] = [];
  const release = archives.RELEASE_DIR;

  beforeAll(async () => {
    if (missing !== undefined) throw new Error(missing);
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "flex-release-test-"));
    const seconds = buildRelease(release);
    console.info(`scripts/release.js: ${seconds.toFixed(1)} s`);
    server = await startReleaseServer(release);
    emulator = await startAtlasEmulator();
  }, 10 * 60_000);

  afterAll(async () => {
    for (const p of projects.splice(0)) p.dispose();
    await server?.close();
    await emulator?.close();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  test("every artifact of the version, named as Pulumi, npm, PyPI and Maven Central expect", () => {
    expect(fs.readdirSync(release).sort()).toEqual(EXPECTED_FILES);
  });

  test("checksums.txt holds the SHA-256 of every other file, as sha256sum writes it", () => {
    const listed = fs.readFileSync(path.join(release, "checksums.txt"), "utf8");
    const computed = EXPECTED_FILES.filter((file) => file !== "checksums.txt")
      .map((file) => `${sha256(path.join(release, file))}  ${file}\n`)
      .join("");
    expect(listed).toEqual(computed);
  });

  test(
    "a second build from the same commit writes the same bytes",
    () => {
      const second = path.join(scratch, "second");
      const seconds = buildRelease(second);
      console.info(`scripts/release.js, second build: ${seconds.toFixed(1)} s`);
      const differing = EXPECTED_FILES.filter(
        (file) =>
          !fs
            .readFileSync(path.join(second, file))
            .equals(fs.readFileSync(path.join(release, file))),
      );
      expect([fs.readdirSync(second).sort(), differing]).toEqual([EXPECTED_FILES, []]);
    },
    10 * 60_000,
  );

  test.each(archives.PLATFORMS.map(([os, arch]) => [`${os}-${arch}`, os, arch] as const))(
    "the %s archive installs with pulumi plugin install --file; its plugin answers GetPluginInfo with the version",
    async (_label, os, arch) => {
      const home = path.join(scratch, `home-file-${os}-${arch}`);
      runTool(
        path.join(CLI_DIR, "pulumi"),
        [
          "plugin",
          "install",
          "resource",
          "atlasflex",
          VERSION,
          "--file",
          path.join(release, archives.archiveName(os, arch)),
        ],
        { env: { ...process.env, PULUMI_HOME: home, PULUMI_SKIP_UPDATE_CHECK: "true" } },
      );
      const engine = await FakeEngine.start();
      const plugin = await PluginProcess.start({}, engine.address, {
        command: archives.installedLauncher(home),
        args: [],
      });
      try {
        expect(await plugin.pluginInfo()).toBe(VERSION);
      } finally {
        await plugin.stop();
        await engine.stop();
      }
    },
  );

  test("pulumi plugin install resource atlasflex <version> --server <the schema's server> (docs/installation-configuration.md's), no --file: downloads this machine's archive from the release", async () => {
    const home = path.join(scratch, "home-download");
    const before = server.downloads.length;
    // Not runTool: a synchronous child would block this process, whose server it downloads from.
    const args = ["plugin", "install", "resource", "atlasflex", VERSION, "--server", PLUGIN_SERVER];
    const { stdout, stderr } = await execFileAsync(path.join(CLI_DIR, "pulumi"), args, {
      env: {
        ...process.env,
        ...downloadsFrom(server),
        PULUMI_HOME: home,
        PULUMI_SKIP_UPDATE_CHECK: "true",
      },
      timeout: 120_000,
    });
    const launcher = archives.installedLauncher(home);
    // Its lines, sorted: stdout and stderr are two streams.
    const lines = (stdout + stderr).split("\n").filter(Boolean).sort();
    expect([
      DOCS_PLUGIN_INSTALL,
      server.downloads.slice(before),
      fs.existsSync(launcher),
      lines,
    ]).toEqual([
      `pulumi ${args.join(" ")}`,
      [path.basename(archives.thisPlatformArchive())],
      true,
      [
        "Downloading plugin",
        "Unpacking plugin",
        `[resource plugin atlasflex-${VERSION}] installing`,
      ],
    ]);
  });

  /**
   * A program of `language` in a fresh PULUMI_HOME with nothing of the plugin installed: its
   * stack reads the demo cluster on the emulator with the demo token.
   */
  async function stack({ source, env, prepare }: Program): Promise<PulumiProject> {
    const p = new PulumiProject(
      source,
      CLI_DIR,
      { ...env, ...downloadsFrom(server) },
      {
        nodeModules: false,
      },
    );
    projects.push(p);
    prepare?.(p.dir);
    await p.init(
      {
        projectId: DEMO_PROJECT_ID,
        snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
        "atlasflex:baseUrl": emulator.baseUrl,
      },
      { "atlasflex:accessToken": TOKEN },
    );
    return p;
  }

  /** A program and what it needs besides the plugin. */
  interface Program {
    readonly source: string | { name: string; pulumiYaml: string };
    readonly env: Record<string, string>;
    /** Run in the copy of the program before its stack is made. */
    readonly prepare?: (projectDir: string) => void;
  }

  /** The programs, each set up in a folder of its own. */
  const PROGRAMS: [string, (dir: string) => Program][] = [
    [
      "Python (examples/python/gate; the wheel from the release in a new virtualenv)",
      (dir) => {
        const venv = path.join(dir, "venv");
        const constraints = path.join(dir, "constraints.txt");
        // Only `pulumi` pinned, to the tested version: pip would take PyPI's newest 3.x.
        fs.writeFileSync(constraints, `pulumi==${PULUMI_VERSION}\n`);
        runTool("python3", ["-m", "venv", venv]);
        runTool(
          path.join(venv, "bin", "python"),
          [
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            path.join(release, `pulumi_atlasflex-${VERSION}-py3-none-any.whl`),
          ],
          { env: { ...process.env, PIP_CONSTRAINT: constraints } },
        );
        const pulumiBin = cliWithHost("python", CLI_DIR, path.join(dir, "bin"));
        return {
          source: "python/gate",
          env: {
            PATH: [path.join(venv, "bin"), pulumiBin, process.env["PATH"] ?? ""].join(
              path.delimiter,
            ),
            VIRTUAL_ENV: venv,
          },
        };
      },
    ],
    [
      "Go (examples/go/gate; its go.mod's replace pointed at the module in sdk/go/atlasflex)",
      (dir) => {
        const goModule = /^module (\S+)$/m.exec(
          fs.readFileSync(path.join(GO_SDK, "go.mod"), "utf8"),
        )![1]!;
        return {
          source: "go/gate",
          env: {
            PATH: [
              cliWithHost("go", CLI_DIR, path.join(dir, "bin")),
              process.env["PATH"] ?? "",
            ].join(path.delimiter),
            // The example's go.mod and go.sum as committed: nothing fetched that they do not pin.
            GOFLAGS: "-mod=readonly",
          },
          // The copy is elsewhere: its relative `replace` would name nothing.
          prepare: (projectDir) =>
            runTool("go", ["mod", "edit", `-replace=${goModule}=${GO_SDK}`], { cwd: projectDir }),
        };
      },
    ],
    [
      "Java (examples/java/gate; the release's jar and pom installed into a new local Maven repository)",
      (dir) => {
        const repo = path.join(dir, "m2");
        const pom = path.join(release, `${JAVA_ARTIFACT}-${VERSION}.pom`);
        const groupId = /<groupId>([^<]+)<\/groupId>/.exec(fs.readFileSync(pom, "utf8"))![1]!;
        // Seeded from the user's cache (com.pulumi:pulumi, Maven's plugins), less this SDK: quick,
        // and what it lacks comes from Maven Central.
        if (fs.existsSync(USER_MAVEN_REPO)) {
          const own = path.join(USER_MAVEN_REPO, ...groupId.split("."));
          fs.cpSync(USER_MAVEN_REPO, repo, {
            recursive: true,
            filter: (file) => file !== own,
          });
        }
        const mavenRepo = `-Dmaven.repo.local=${repo}`;
        runTool("mvn", [
          "-B",
          "-q",
          mavenRepo,
          `org.apache.maven.plugins:maven-install-plugin:${mavenPluginVersion(pom, "maven-install-plugin")}:install-file`,
          `-Dfile=${path.join(release, `${JAVA_ARTIFACT}-${VERSION}.jar`)}`,
          `-DpomFile=${pom}`,
        ]);
        return {
          source: "java/gate",
          env: {
            PATH: [
              cliWithHost("java", CLI_DIR, path.join(dir, "bin")),
              process.env["PATH"] ?? "",
            ].join(path.delimiter),
            // Every `mvn` the host runs (compile, the plugin scan, the program) uses that
            // repository. jansi.noreset: a Maven whose jansi lacks its native library (Debian's
            // package) ends its stdout with ESC[0m, after the plugin scan's JSON, which the host
            // then cannot parse: it finds no plugin, and the engine downloads none.
            MAVEN_OPTS: [process.env["MAVEN_OPTS"], mavenRepo, "-Djansi.noreset=true"]
              .filter(Boolean)
              .join(" "),
          },
        };
      },
    ],
    [
      "Pulumi YAML (docs/_index.md's: the invoke names the version and the server)",
      () => ({ source: { name: "release-yaml", pulumiYaml: YAML_PROGRAM }, env: {} }),
    ],
  ];

  describe.each(PROGRAMS)("a %s program: the engine downloads the plugin", (_label, setUp) => {
    let p: PulumiProject;
    let downloadsBefore: number;

    beforeAll(async () => {
      const dir = fs.mkdtempSync(path.join(scratch, "program-"));
      const program = setUp(dir);
      downloadsBefore = server.downloads.length;
      p = await stack(program);
    }, RUN_TIMEOUT);

    test(
      "preview with the gate met: the engine downloads this machine's archive once, into the fresh PULUMI_HOME",
      async () => {
        const preview = await p.ok(PREVIEW);
        const plugins = JSON.parse((await p.ok(["plugin", "ls", "--json"])).stdout) as {
          name: string;
          version: string;
        }[];
        expect([
          server.downloads.slice(downloadsBefore),
          engineInstallLines(preview.stdout + preview.stderr),
          plugins.map((plugin) => [plugin.name, plugin.version]),
        ]).toEqual([
          [path.basename(archives.thisPlatformArchive())],
          [
            `Downloading plugin atlasflex-${VERSION}: starting`,
            `Downloading plugin atlasflex-${VERSION}: done`,
            `Installing plugin atlasflex-${VERSION}: starting`,
            `Installing plugin atlasflex-${VERSION}: done`,
          ],
          [["atlasflex", VERSION]],
        ]);
      },
      RUN_TIMEOUT,
    );

    test(
      "up with the gate met: the snapshot's status; nothing downloaded again; no secret printed",
      async () => {
        const before = server.downloads.length;
        await p.ok(UP);
        const outputs = await p.outputs();
        expect([
          outputs["status"],
          server.downloads.length - before,
          SECRETS.filter((secret) => p.transcript.join("\n").includes(secret)),
        ]).toEqual(["COMPLETED", 0, []]);
      },
      RUN_TIMEOUT,
    );

    test.each([
      ["preview", PREVIEW],
      ["up", UP],
    ])(
      "%s with the gate unmet fails with the plugin's one-line message",
      async (_command, args) => {
        await p.ok(["config", "set", "snapshotId", DEMO_SNAPSHOT_IDS.FAILED]);
        const result = await p.run(args);
        await p.ok(["config", "set", "snapshotId", DEMO_SNAPSHOT_IDS.COMPLETED]);
        expect([result.code === 0, (result.stdout + result.stderr).includes(UNMET)]).toEqual([
          false,
          true,
        ]);
      },
      RUN_TIMEOUT,
    );
  });
});
