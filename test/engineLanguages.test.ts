/**
 * Python, Go and Java programs under the real engine (CLI v3.248.0) as a user installs them,
 * through the `atlasflex` plugin, following the install-from-a-clone steps of docs/installation-configuration.md as written: the plugin archive
 * (`npm run build`) installed with `pulumi plugin install … --file` into one PULUMI_HOME the
 * suite's projects share, ambient plugins ignored, and no `plugins:` entry and no `node_modules`
 * in the programs (examples/python/gate, examples/python/multi-account, examples/go/gate,
 * examples/java/gate);
 * for Python, `pip install` of the committed SDK into a new virtualenv (with `pulumi` 3.248.0);
 * for Go, the committed module (sdk/go/atlasflex) that the example's go.mod replaces, with the
 * example's go.sum; for Java, `mvn install` of the committed SDK (sdk/java) into the local Maven
 * repository. Against the local Atlas emulator. For Python also test/fixtures/python-gates, every
 * gate and wait written as the SDK's classes and as its dict types.
 *
 * The language hosts, laid out beside the CLI as an install has them: for Python and Go, old
 * ones (LEGACY_HOSTS in test/support/languageTools.ts: Python's of sdk/v3 v3.68.0, Go's of
 * v3.66.0, the newest the module proxy serves here; the engine and the language SDKs are
 * v3.248.0, the host only starts the program); for Java, pulumi-java v1.16.0's (the release of
 * the generator). A user's CLI brings its own.
 *
 * Needs the Pulumi CLI, Go, Python 3, a JDK and Maven. Without them the suite fails in CI
 * (CI=true) and is skipped elsewhere, saying what is missing.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  DEMO_CLUSTER_NAME,
  DEMO_PROJECT_ID,
  DEMO_RESTORE_JOB_IDS,
  DEMO_SNAPSHOT_IDS,
  DEMO_TARGET_CLUSTER_NAME,
  startAtlasEmulator,
  type AtlasEmulator,
} from "../emulator";
import { PACKAGE_INFO } from "../provider/atlas/packageInfo";
import {
  ACCOUNT_SECRETS,
  multiAccountOptions,
  PROD_SA,
  readsByProject,
  seedStaging,
  STAGING_CLUSTER_NAME,
  STAGING_KEY,
  STAGING_PROJECT_ID,
  STAGING_SNAPSHOT_ID,
  STAGING_TOKEN,
} from "./support/accounts";
import { PLUGIN_CREDENTIAL_CASES, SA, SECRETS, TOKEN } from "./support/credentials";
import {
  cliWithHost,
  missingLanguageTools,
  PULUMI_VERSION,
  runTool,
} from "./support/languageTools";
import { installedLauncher, launchedPlugin } from "./support/pluginArchive";
import { REPO_ROOT } from "./support/providerHost";
import { findPulumiBinDir, PulumiProject } from "./support/pulumiCli";
import { codeBlocks, docSection } from "./support/readme";

const cli = findPulumiBinDir();
const missing = "missing" in cli ? cli.missing : missingLanguageTools();
if (missing !== undefined && process.env["CI"] !== "true") {
  console.warn(`Python, Go and Java engine tests skipped: ${missing}`);
}
const describeLanguages =
  missing === undefined || process.env["CI"] === "true" ? describe : describe.skip;

const SNAPSHOT_GET = /\/flexClusters\/[^/]+\/backup\/snapshots\/[a-f0-9]{24}$/;
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const UP = ["up", "--yes", "--non-interactive"];
const PREVIEW = ["preview", "--non-interactive"];
/** A test's time limit: a run builds (Go) or starts (Python) the program, on a busy machine too. */
const RUN_TIMEOUT = 5 * 60_000;

/** The committed SDKs (`npm run sdk:generate`; test/languageSdks.test.ts checks them). */
const COMMITTED_SDK = {
  python: path.join(REPO_ROOT, "sdk", "python"),
  go: path.join(REPO_ROOT, "sdk", "go", "atlasflex"),
};

/**
 * The plugin an SDK declares, which the engine must find installed: Python's and Go's
 * `pulumi-plugin.json`; Java's package name and its `version.txt` (what its invokes pass).
 */
function declaredPlugin(language: Language["name"]): { name: string; version: string } {
  if (language === "java") {
    const resources = path.join(REPO_ROOT, "sdk", "java", "src", "main", "resources");
    const [version] = (fs.readdirSync(resources, { recursive: true }) as string[])
      .filter((file) => file.endsWith(path.join("atlasflex", "version.txt")))
      .map((file) => fs.readFileSync(path.join(resources, file), "utf8").trim());
    return { name: "atlasflex", version: version! };
  }
  const file =
    language === "python"
      ? path.join(COMMITTED_SDK.python, "pulumi_atlasflex", "pulumi-plugin.json")
      : path.join(COMMITTED_SDK.go, "pulumi-plugin.json");
  const { name, version } = JSON.parse(fs.readFileSync(file, "utf8")) as {
    name: string;
    version: string;
  };
  return { name, version };
}

/** The page and section these programs follow. */
const STEPS_FILE = "docs/installation-configuration.md";
const STEPS_SECTION = "From a clone (Python, Go and Java)";
/** The page's stand-in for the clone's folder. */
const CLONE = "/path/to/the/clone";

/** The steps, in the order the page gives them. */
interface ReadmeSteps {
  /** In the clone: install the plugin archive (after `npm ci && npm run build`). */
  readonly installPlugin: string;
  /** Per language: install the SDK (Python: in the project's folder; Java: anywhere). */
  readonly python: string;
  readonly go: string;
  readonly java: string;
  /** The Python program. */
  readonly pythonProgram: string;
  /** The stack's set-up and `pulumi up`. */
  readonly stack: string;
}

/** The page's Python, Go and Java steps, as written. */
function readmeSteps(): ReadmeSteps {
  const blocks = codeBlocks(docSection(STEPS_SECTION, STEPS_FILE));
  const sh = blocks.filter((block) => block.lang === "sh").map((block) => block.text);
  const pythonProgram = blocks.find((block) => block.lang === "python")?.text;
  const build = "npm ci && npm run build\n";
  if (sh.length !== 5 || !sh[0]!.startsWith(build) || pythonProgram === undefined) {
    throw new Error(`${STEPS_FILE}'s "${STEPS_SECTION}" has changed shape: update this test`);
  }
  // The build is `npm test`'s own first step.
  const [clone, python, go, java, stack] = sh as [string, string, string, string, string];
  return { installPlugin: clone.slice(build.length), python, go, java, pythonProgram, stack };
}

/** Runs one of the page's blocks with bash, the clone being this checkout. */
function runReadmeBlock(block: string, cwd: string, env: Record<string, string>): void {
  runTool("bash", ["-ec", block.replaceAll(CLONE, REPO_ROOT)], {
    cwd,
    env: { ...process.env, ...env },
  });
}

/** How each language's projects are set up with the committed SDK. */
interface Language {
  readonly name: "python" | "go" | "java";
  /** Its example with several Atlas accounts (explicit providers), when it has one. */
  readonly multiAccountExample?: string;
  /**
   * Installs the SDK as the steps tell a user, with the CLI folder `pulumiBin` (which has the
   * language host) first on PATH, and returns the projects' environment.
   */
  setUp(steps: ReadmeSteps, scratch: string, pulumiBin: string): Record<string, string>;
  /** Points a copy of the example at the SDK, as the steps tell a user. */
  prepare(steps: ReadmeSteps, p: PulumiProject): void;
  /**
   * The credential cases `up` runs with. Go and Java build each program (10 to 30 s a run), so
   * they take fewer: the steps' (a service account in the config), and for Go one from the
   * environment.
   */
  readonly credentialCases: typeof PLUGIN_CREDENTIAL_CASES;
}

const LANGUAGES: Language[] = [
  {
    name: "python",
    multiAccountExample: "python/multi-account",
    setUp(steps, scratch, pulumiBin) {
      // Only `pulumi` pinned, to the tested version: pip would take PyPI's newest 3.x.
      const constraints = path.join(scratch, "constraints.txt");
      fs.writeFileSync(constraints, `pulumi==${PULUMI_VERSION}\n`);
      const venv = path.join(scratch, "venv");
      runReadmeBlock(steps.python, scratch, {
        PATH: [pulumiBin, process.env["PATH"] ?? ""].join(path.delimiter),
        PIP_CONSTRAINT: constraints,
        PIP_DISABLE_PIP_VERSION_CHECK: "1",
      });
      // The virtualenv activated: the host runs the `python3` first on PATH.
      return {
        PATH: [path.join(venv, "bin"), pulumiBin, process.env["PATH"] ?? ""].join(path.delimiter),
        VIRTUAL_ENV: venv,
      };
    },
    prepare() {},
    credentialCases: PLUGIN_CREDENTIAL_CASES,
  },
  {
    name: "go",
    setUp(_steps, _scratch, pulumiBin) {
      return {
        PATH: [pulumiBin, process.env["PATH"] ?? ""].join(path.delimiter),
        // The example's go.mod and go.sum as committed: nothing fetched that they do not pin.
        GOFLAGS: "-mod=readonly",
      };
    },
    prepare(steps, p) {
      // A copy of the example elsewhere: its `replace` pointed at the module in the clone.
      runReadmeBlock(steps.go, p.dir, {});
    },
    credentialCases: PLUGIN_CREDENTIAL_CASES.filter(([label]) =>
      ["a service account in the stack config", "a service account in the environment"].includes(
        label,
      ),
    ),
  },
  {
    name: "java",
    setUp(steps, scratch, pulumiBin) {
      // Into the local Maven repository, where the example's pom finds the SDK.
      runReadmeBlock(steps.java, scratch, {});
      return { PATH: [pulumiBin, process.env["PATH"] ?? ""].join(path.delimiter) };
    },
    prepare() {},
    credentialCases: PLUGIN_CREDENTIAL_CASES.slice(0, 1),
  },
];

/** How the Python SDK reports a failed invoke of `fn`, before the plugin's message. */
const invoked = (fn: string) =>
  `invoke of atlasflex:index:${fn} failed: invocation of atlasflex:index:${fn} returned an error: `;
/**
 * A message without what depends on the moment: ages, times left and their times (the demo
 * snapshots are made relative to the emulator's start), counts of polls.
 */
const timeless = (message: string) =>
  message
    .replace(/ finished \S+ ago \(at \S+\)/, " finished … ago (at …)")
    .replace(/ expires in \S+ \(at \S+\)/, " expires in … (at …)")
    .replace(/\(\d+ polls?\)/, "(… polls)");
const IN_DEMO_CLUSTER = `of flex cluster "${DEMO_CLUSTER_NAME}" in project ${DEMO_PROJECT_ID}`;
const FAILED_SNAPSHOT = `snapshot ${DEMO_SNAPSHOT_IDS.FAILED} ${IN_DEMO_CLUSTER}`;
const COMPLETED_SNAPSHOT = `snapshot ${DEMO_SNAPSHOT_IDS.COMPLETED} ${IN_DEMO_CLUSTER}`;
const RESTORE_JOB = `restore job ${DEMO_RESTORE_JOB_IDS.COMPLETED} ${IN_DEMO_CLUSTER}`;
/**
 * What each lookup of test/fixtures/python-gates comes to, in both forms, in preview and in up:
 * its status, or its message (see {@link timeless}).
 */
const GATE_VERDICTS = {
  "gate met": "COMPLETED",
  "status unmet": `${invoked("getFlexSnapshot")}${FAILED_SNAPSHOT} is FAILED; required status COMPLETED`,
  "max_age unmet": `${invoked("getFlexSnapshot")}${COMPLETED_SNAPSHOT} finished … ago (at …); required finished within 1s`,
  "min_remaining unmet": `${invoked("getFlexSnapshot")}${COMPLETED_SNAPSHOT} expires in … (at …); required at least 366d left`,
  "latest, gate met": "COMPLETED",
  "wait met": "COMPLETED",
  "wait enforced in preview, unmet": `${invoked("getFlexSnapshot")}timed out after 1s waiting for snapshot ${DEMO_SNAPSHOT_IDS.RUNNING} ${IN_DEMO_CLUSTER} to complete: its last status was RUNNING (… polls)`,
  "wait interval past its timeout": `${invoked("getFlexSnapshot")}invalid wait.interval "2s": expected an interval of at most the timeout (1s)`,
  "restore gate met": "COMPLETED",
  "restore snapshot_id unmet": `${invoked("getFlexRestoreJob")}${RESTORE_JOB} restores snapshot ${DEMO_SNAPSHOT_IDS.COMPLETED}; required snapshot ${DEMO_SNAPSHOT_IDS.FAILED}`,
  "restore target_deployment_item_name unmet": `${invoked("getFlexRestoreJob")}${RESTORE_JOB} restores into cluster "${DEMO_TARGET_CLUSTER_NAME}"; required cluster "elsewhere"`,
  "restore target_project_id unmet": `${invoked("getFlexRestoreJob")}${RESTORE_JOB} restores into project ${DEMO_PROJECT_ID}; required project 0123456789abcdef01234567`,
  "restore status unmet": `${invoked("getFlexRestoreJob")}${RESTORE_JOB} is COMPLETED; required status FAILED`,
};

/** The example's outputs for the COMPLETED demo snapshot. */
const COMPLETED_OUTPUTS = {
  projectId: DEMO_PROJECT_ID,
  name: DEMO_CLUSTER_NAME,
  snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
  status: "COMPLETED",
  mongoDbVersion: "8.0.4",
  finishTime: expect.stringMatching(TIME),
  expiration: expect.stringMatching(TIME),
};

describe("the Python, Go and Java steps from a clone (docs/installation-configuration.md)", () => {
  test("its program is examples/python/gate's, its Go and Java steps name the committed SDKs, its stack sets what the suites' first credential case sets", () => {
    const steps = readmeSteps();
    const example = fs
      .readFileSync(path.join(REPO_ROOT, "examples", "python", "gate", "__main__.py"), "utf8")
      .split("\n");
    const goModule = /^module (\S+)$/m.exec(
      fs.readFileSync(path.join(COMMITTED_SDK.go, "go.mod"), "utf8"),
    )?.[1];
    expect([
      steps.pythonProgram.split("\n").filter((line) => line !== "" && !example.includes(line)),
      steps.go.trim(),
      steps.java.trim(),
      [...steps.stack.matchAll(/^pulumi config set (--secret )?(\S+) /gm)].map(
        ([, secret, key]) => `${secret ?? ""}${key}`,
      ),
      PLUGIN_CREDENTIAL_CASES[0],
    ]).toEqual([
      [],
      `go mod edit -replace ${goModule}=${CLONE}/sdk/go/atlasflex`,
      `mvn -B -q -f ${CLONE}/sdk/java install`,
      ["projectId", "snapshotId", "atlasflex:clientId", "--secret atlasflex:clientSecret"],
      [
        "a service account in the stack config",
        { "atlasflex:clientId": SA.clientId, "atlasflex:clientSecret": SA.clientSecret },
        {},
      ],
    ]);
  });
});

describeLanguages.each(LANGUAGES)(
  "a $name program under the real engine (the atlasflex plugin)",
  (language) => {
    let emulator: AtlasEmulator;
    let scratch: string;
    /** The CLI with the language host beside it. */
    let pulumiBin: string;
    /** The PULUMI_HOME the projects share, where the plugin archive is installed. */
    let pulumiHome: string;
    /** The projects' environment: the CLI on PATH, the shared PULUMI_HOME, the SDK. */
    let languageEnv: Record<string, string>;
    let steps: ReadmeSteps;
    const projects: PulumiProject[] = [];

    beforeAll(async () => {
      if (missing !== undefined) throw new Error(missing);
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), `flex-${language.name}-`));
      pulumiBin = cliWithHost(
        language.name,
        "dir" in cli ? cli.dir : "",
        path.join(scratch, "bin"),
      );
      pulumiHome = path.join(scratch, "pulumi-home");
      steps = readmeSteps();
      runReadmeBlock(steps.installPlugin, REPO_ROOT, {
        PATH: [pulumiBin, process.env["PATH"] ?? ""].join(path.delimiter),
        PULUMI_HOME: pulumiHome,
        PULUMI_SKIP_UPDATE_CHECK: "true",
      });
      languageEnv = {
        ...language.setUp(steps, scratch, pulumiBin),
        PULUMI_HOME: pulumiHome,
        PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
      };
      // The demo credentials read every project; the scoped accounts only their own.
      emulator = await startAtlasEmulator(multiAccountOptions());
      seedStaging(emulator);
    }, 10 * 60_000);

    afterAll(async () => {
      for (const p of projects.splice(0)) p.dispose();
      await emulator?.close();
      if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    });

    beforeEach(() => emulator.reset());

    /** A stack of the language's example on the emulator, with `secrets` set `--secret`. */
    async function stack(
      config: Record<string, string>,
      secrets: Record<string, string>,
      env: Record<string, string> = {},
      example: string = `${language.name}/gate`,
    ): Promise<PulumiProject> {
      const p = new PulumiProject(
        example,
        pulumiBin,
        { ...languageEnv, ...env },
        { nodeModules: false },
      );
      projects.push(p);
      language.prepare(steps, p);
      await p.init(
        {
          projectId: DEMO_PROJECT_ID,
          clusterName: DEMO_CLUSTER_NAME,
          snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
          "atlasflex:baseUrl": emulator.baseUrl,
          ...config,
        },
        secrets,
      );
      return p;
    }

    /** Nothing the CLI printed, nor the exported state, holds a secret. */
    async function expectNoSecrets(p: PulumiProject): Promise<void> {
      const exported = await p.ok(["stack", "export"]);
      const everything = p.transcript.join("\n") + exported.stdout;
      for (const secret of SECRETS) expect(everything).not.toContain(secret);
    }

    describe.each(language.credentialCases)("pulumi up with %s", (_label, secrets, env) => {
      test(
        "exports the typed outputs and leaks nothing",
        async () => {
          const p = await stack({}, secrets, env);
          await p.ok(UP);
          expect(await p.outputs()).toEqual(COMPLETED_OUTPUTS);
          expect(emulator.count({ method: "GET", path: SNAPSHOT_GET, status: 200 })).toBe(2);
          await expectNoSecrets(p);
        },
        RUN_TIMEOUT,
      );
    });

    test(
      "the engine starts the installed plugin: found in PULUMI_HOME by the name and version the SDK declares",
      async () => {
        const p = await stack({}, { "atlasflex:accessToken": TOKEN });
        // -v=9 prints config in plain text: this stack is kept out of the secret scans.
        const preview = await p.ok([...PREVIEW, "--logtostderr", "-v=9"]);
        const declared = declaredPlugin(language.name);
        expect([
          declared.name,
          declared.version,
          launchedPlugin(preview.stderr),
          fs.existsSync(path.join(p.dir, "node_modules")),
          /^plugins:/m.test(fs.readFileSync(path.join(p.dir, "Pulumi.yaml"), "utf8")),
        ]).toEqual([
          "atlasflex",
          PACKAGE_INFO.version,
          installedLauncher(pulumiHome),
          false,
          false,
        ]);
      },
      RUN_TIMEOUT,
    );

    describe("a gate that is not met, after an up that met it", () => {
      let gated: PulumiProject;

      beforeAll(async () => {
        gated = await stack({}, { "atlasflex:accessToken": TOKEN });
        await gated.ok(UP);
        await gated.ok(["config", "set", "snapshotId", DEMO_SNAPSHOT_IDS.FAILED]);
      }, RUN_TIMEOUT);

      test.each([
        ["preview", PREVIEW],
        ["up", UP],
      ])(
        "fails %s with the one-line message and leaves the stack's outputs as they were",
        async (_command, args) => {
          const result = await gated.run(args);
          expect([
            result.code === 0,
            (result.stdout + result.stderr).includes(
              `returned an error: snapshot ${DEMO_SNAPSHOT_IDS.FAILED} of flex cluster "orders" in project ${DEMO_PROJECT_ID} is FAILED; required status COMPLETED`,
            ),
            await gated.outputs(),
          ]).toEqual([false, true, COMPLETED_OUTPUTS]);
          await expectNoSecrets(gated);
        },
        RUN_TIMEOUT,
      );
    });

    test(
      "an invalid snapshot id fails up with the validation message, and Atlas receives nothing",
      async () => {
        const p = await stack({ snapshotId: "latest" }, { "atlasflex:accessToken": TOKEN });
        const result = await p.run(UP);
        expect(result.code).not.toBe(0);
        expect(result.stdout + result.stderr).toContain(
          'invalid snapshotId "latest": expected a 24-character hexadecimal snapshot id matching ^([a-f0-9]{24})$',
        );
        expect(emulator.requests).toEqual([]);
      },
      RUN_TIMEOUT,
    );

    const accountsExample = language.multiAccountExample;
    if (accountsExample !== undefined) {
      // Production's service account reads the demo project only, staging's API key and the
      // stack's token (the default provider) the staging project only: a lookup that used
      // another provider's account would get Atlas's 401.
      const accountsStack = (stagingPrivateKey: string) =>
        stack(
          {
            prodProjectId: DEMO_PROJECT_ID,
            prodSnapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
            stagingProjectId: STAGING_PROJECT_ID,
            stagingClusterName: STAGING_CLUSTER_NAME,
            sharedProjectId: STAGING_PROJECT_ID,
            sharedClusterName: STAGING_CLUSTER_NAME,
            "prod:clientId": PROD_SA.clientId,
            "prod:baseUrl": emulator.baseUrl,
            "staging:publicKey": STAGING_KEY.publicKey,
            "staging:baseUrl": emulator.baseUrl,
          },
          {
            "prod:clientSecret": PROD_SA.clientSecret,
            "staging:privateKey": stagingPrivateKey,
            "atlasflex:accessToken": STAGING_TOKEN,
          },
          {},
          accountsExample,
        );
      const everySecret = [...SECRETS, ...ACCOUNT_SECRETS];

      test(
        `several accounts (examples/${accountsExample}): each explicit provider reads with its own credentials, the default one with the stack config; secrets are ciphertext in state and absent from --debug output`,
        async () => {
          const p = await accountsStack(STAGING_KEY.privateKey);
          await p.ok(PREVIEW);
          await p.ok(UP);
          const debug = await p.ok([...PREVIEW, "--debug"]);
          const outputs = await p.outputs();
          const exported = await p.ok(["stack", "export"]);
          const providers = (
            JSON.parse(exported.stdout) as {
              deployment: {
                resources?: { type: string; urn: string; inputs?: Record<string, unknown> }[];
              };
            }
          ).deployment.resources!.filter((r) => r.type === "pulumi:providers:atlasflex");
          const secretInputs = providers.map((r) =>
            Object.entries(r.inputs ?? {})
              .filter(([key]) => /Secret|privateKey|accessToken/.test(key))
              .map(([key, value]) => [
                r.urn.split("::").pop(),
                key,
                Object.keys(value as object).sort(),
              ]),
          );
          expect([
            outputs,
            readsByProject(emulator),
            secretInputs.flat().sort(),
            everySecret.filter((secret) =>
              (p.transcript.join("\n") + exported.stdout + debug.stdout).includes(secret),
            ),
          ]).toEqual([
            {
              prodStatus: "COMPLETED",
              stagingSnapshotId: STAGING_SNAPSHOT_ID,
              sharedSnapshotCount: 1,
            },
            {
              [DEMO_PROJECT_ID]: ["bearer 200"],
              // Staging's API key (its challenge, then the signed read), the default provider's token.
              [STAGING_PROJECT_ID]: ["bearer 200", "digest 200", "none 401"],
            },
            [
              ["default", "accessToken", ["4dabf18193072939515e22adb298388d", "ciphertext"]],
              ["prod", "clientSecret", ["4dabf18193072939515e22adb298388d", "ciphertext"]],
              ["staging", "privateKey", ["4dabf18193072939515e22adb298388d", "ciphertext"]],
            ].map(([name, ...rest]) => [expect.stringMatching(new RegExp(`^${name}`)), ...rest]),
            [],
          ]);
        },
        RUN_TIMEOUT,
      );

      test(
        "a wrong secret fails its own provider's lookup only, with the one-line 401",
        async () => {
          const p = await accountsStack(`${STAGING_KEY.privateKey}-wrong`);
          const up = await p.run(UP);
          const printed = up.stdout + up.stderr;
          const errors = printed.split("\n").filter((line) => line.includes("[401 Unauthorized]"));
          expect([
            up.code === 0,
            errors.length > 0,
            errors.every((line) =>
              line.includes(
                "invocation of atlasflex:index:getLatestFlexSnapshot returned an error: [401 Unauthorized] GET",
              ),
            ),
            // The remedy names the settings this provider reads: its own properties.
            errors.every((line) =>
              line.includes(
                '(check the credentials (publicKey and privateKey in the properties of provider "staging"); ',
              ),
            ),
            // The other provider's lookup may or may not have run before the failure ended the
            // program; if it did, it read with its own account.
            (readsByProject(emulator)[DEMO_PROJECT_ID] ?? []).filter(
              (read) => read !== "bearer 200",
            ),
            everySecret.filter((secret) => printed.includes(secret)),
            printed.includes(`${STAGING_KEY.privateKey}-wrong`),
          ]).toEqual([false, true, true, true, [], [], false]);
        },
        RUN_TIMEOUT,
      );
    }

    if (language.name === "python") {
      describe("every gate and wait as the SDK's classes and as its dict types (test/fixtures/python-gates)", () => {
        let p: PulumiProject;

        beforeAll(async () => {
          p = await stack(
            {
              snapshotIds: JSON.stringify(DEMO_SNAPSHOT_IDS),
              restoreJob: JSON.stringify({
                id: DEMO_RESTORE_JOB_IDS.COMPLETED,
                snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
                targetDeploymentItemName: DEMO_TARGET_CLUSTER_NAME,
                targetProjectId: DEMO_PROJECT_ID,
              }),
            },
            { "atlasflex:accessToken": TOKEN },
            {},
            "test/fixtures/python-gates",
          );
        }, RUN_TIMEOUT);

        test.each([
          ["preview", PREVIEW],
          ["up", UP],
        ])(
          "%s: each dict reads and gates exactly as its class; a key of neither spelling names both",
          async (_command, args) => {
            await p.ok(args);
            const verdicts = JSON.parse(
              fs.readFileSync(path.join(p.dir, "verdicts.json"), "utf8"),
            ) as Record<"class" | "dict", Record<string, { status?: string; error?: string }>>;
            const shown = (form: "class" | "dict") =>
              Object.fromEntries(
                Object.entries(verdicts[form]).map(([name, verdict]) => [
                  name,
                  verdict.status ?? timeless(verdict.error ?? ""),
                ]),
              );
            expect([shown("class"), shown("dict")]).toEqual([
              GATE_VERDICTS,
              {
                ...GATE_VERDICTS,
                "a key of neither spelling": `${invoked("getFlexSnapshot")}invalid require.max_agee "366d": expected a key of FlexSnapshotGate (status, maxAge or max_age, minRemaining or min_remaining)`,
                "statuses unmet": `${invoked("getFlexSnapshot")}${FAILED_SNAPSHOT} is FAILED; required status one of COMPLETED, QUEUED`,
              },
            ]);
          },
          RUN_TIMEOUT,
        );
      });
    }
  },
);
