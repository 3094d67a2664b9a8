/**
 * Python and Go programs under the real engine (CLI v3.248.0) through the `atlasflex` plugin:
 * examples/python and examples/go, with the plugin of the package installed from its tarball,
 * the SDK of each language committed in sdk/ (sdk/python installed with pip; sdk/go/atlasflex as
 * the module the example's go.mod replaces), `pulumi` 3.248.0 from PyPI for Python,
 * github.com/pulumi/pulumi/sdk/v3 v3.248.0 for Go, against the local Atlas emulator.
 *
 * The language hosts are old ones (LEGACY_HOSTS in test/support/languageTools.ts: Python's of
 * sdk/v3 v3.68.0, Go's of v3.66.0, the newest the module proxy serves here): the engine and the
 * language SDKs are v3.248.0, the host only starts the program. A user's CLI brings its own.
 *
 * Needs the Pulumi CLI, Go and Python 3. Without them the suite fails in CI (CI=true) and is
 * skipped elsewhere, saying what is missing.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  DEMO_CLUSTER_NAME,
  DEMO_PROJECT_ID,
  DEMO_SNAPSHOT_IDS,
  startAtlasEmulator,
  type AtlasEmulator,
} from "../emulator";
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
import { PLUGIN_CREDENTIAL_CASES, SECRETS, TOKEN } from "./support/credentials";
import {
  installPythonSdk,
  legacyHostDir,
  missingLanguageTools,
  pythonVenv,
} from "./support/languageTools";
import { REPO_ROOT } from "./support/providerHost";
import { findPulumiBinDir, PulumiProject } from "./support/pulumiCli";

const cli = findPulumiBinDir();
const missing = "missing" in cli ? cli.missing : missingLanguageTools();
if (missing !== undefined && process.env["CI"] !== "true") {
  console.warn(`Python and Go engine tests skipped: ${missing}`);
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

/** How each language's projects are set up with the committed SDK. */
interface Language {
  readonly name: "python" | "go";
  /** Its example with several Atlas accounts (explicit providers), when it has one. */
  readonly multiAccountExample?: string;
  /** Makes the SDK usable and returns the projects' environment. */
  setUp(scratch: string, binDir: string): Record<string, string>;
  /** Puts the SDK where a copy of the example expects it. */
  prepare(p: PulumiProject): void;
  /**
   * The credential cases `up` runs with. Go builds each program (half a minute a run), so it
   * takes two: one from the config, one from the environment.
   */
  readonly credentialCases: typeof PLUGIN_CREDENTIAL_CASES;
}

const LANGUAGES: Language[] = [
  {
    name: "python",
    multiAccountExample: "python-multi-account",
    setUp(scratch, binDir) {
      const venv = pythonVenv();
      const site = path.join(scratch, "site-packages");
      // Installed from a copy: pip builds beside the sources.
      const source = path.join(scratch, "python-sdk");
      fs.cpSync(COMMITTED_SDK.python, source, { recursive: true });
      installPythonSdk(venv, source, site);
      return {
        PATH: [
          path.join(venv, "bin"),
          legacyHostDir("python"),
          binDir,
          process.env["PATH"] ?? "",
        ].join(path.delimiter),
        PYTHONPATH: site,
      };
    },
    prepare() {},
    credentialCases: PLUGIN_CREDENTIAL_CASES,
  },
  {
    name: "go",
    setUp(_scratch, binDir) {
      return {
        PATH: [legacyHostDir("go"), binDir, process.env["PATH"] ?? ""].join(path.delimiter),
        // The example has no go.sum; a user runs `go mod tidy` once.
        GOFLAGS: "-mod=mod",
      };
    },
    prepare(p) {
      // Where the example's go.mod replaces the module: the committed one.
      fs.mkdirSync(path.join(p.dir, "sdk", "go"), { recursive: true });
      fs.symlinkSync(COMMITTED_SDK.go, path.join(p.dir, "sdk", "go", "atlasflex"), "dir");
    },
    credentialCases: PLUGIN_CREDENTIAL_CASES.filter(([label]) =>
      ["an access token in the stack config", "a service account in the environment"].includes(
        label,
      ),
    ),
  },
];

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

describeLanguages.each(LANGUAGES)(
  "a $name program under the real engine (the atlasflex plugin)",
  (language) => {
    let emulator: AtlasEmulator;
    let scratch: string;
    /** The projects' environment: the host and the CLI on PATH, where the SDK is. */
    let languageEnv: Record<string, string>;
    const projects: PulumiProject[] = [];

    beforeAll(async () => {
      if (missing !== undefined) throw new Error(missing);
      const binDir = "dir" in cli ? cli.dir : "";
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), `flex-${language.name}-`));
      languageEnv = language.setUp(scratch, binDir);
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
      example: string = language.name,
    ): Promise<PulumiProject> {
      const p = new PulumiProject(example, "dir" in cli ? cli.dir : "", {
        ...languageEnv,
        ...env,
      });
      projects.push(p);
      language.prepare(p);
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

    test.each([
      ["preview", PREVIEW],
      ["up", UP],
    ])(
      "a gate that is not met fails %s with the one-line message",
      async (_command, args) => {
        const p = await stack(
          { snapshotId: DEMO_SNAPSHOT_IDS.FAILED },
          { "atlasflex:accessToken": TOKEN },
        );
        const result = await p.run(args);
        expect(result.code).not.toBe(0);
        expect(result.stdout + result.stderr).toContain(
          `returned an error: snapshot ${DEMO_SNAPSHOT_IDS.FAILED} of flex cluster "orders" in project ${DEMO_PROJECT_ID} is FAILED; required status COMPLETED`,
        );
        expect(await p.outputs()).toEqual({});
        await expectNoSecrets(p);
      },
      RUN_TIMEOUT,
    );

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
              [STAGING_PROJECT_ID]: expect.arrayContaining([
                "none 401",
                "digest 200",
                "bearer 200",
              ]),
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
            // The other provider's lookup may or may not have run before the failure ended the
            // program; if it did, it read with its own account.
            (readsByProject(emulator)[DEMO_PROJECT_ID] ?? []).filter(
              (read) => read !== "bearer 200",
            ),
            everySecret.filter((secret) => printed.includes(secret)),
            printed.includes(`${STAGING_KEY.privateKey}-wrong`),
          ]).toEqual([false, true, true, [], [], false]);
        },
        RUN_TIMEOUT,
      );
    }
  },
);
