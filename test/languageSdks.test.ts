/**
 * The `atlasflex` plugin's SDKs for other languages: generated from the schema the plugin
 * returns (`pulumi package get-schema`), with the code generators of the pinned Pulumi release
 * (tools/sdkgen; `pulumi package gen-sdk` needs language hosts that cannot be had here), then
 * compiled: Go with `go build` and `go vet` against github.com/pulumi/pulumi/sdk/v3 v3.248.0,
 * Python with `compileall` and imported beside `pulumi` 3.248.0 from PyPI, Node.js with `tsc`.
 * The committed SDKs (sdk/python, sdk/go/atlasflex, sdk/java) are checked against
 * `npm run sdk:generate`. test/engineLanguages.test.ts runs them under the engine. .NET: no
 * toolchain here.
 *
 * Needs the Pulumi CLI, Go and Python 3; it sets up the rest itself (module proxy, PyPI). Without
 * them the suite fails in CI (CI=true) and is skipped elsewhere, saying what is missing.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  buildSdkgen,
  generateSdk,
  goImportBase,
  goSdkModule,
  installPythonSdk,
  missingLanguageTools,
  pythonVenv,
  runTool,
  type SdkLanguage,
} from "./support/languageTools";
import { PACKAGE_INFO } from "../provider/atlas/packageInfo";
import { REPO_ROOT } from "./support/providerHost";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain script: npm run sdk:generate
const { generateSdks } = require("../scripts/generate-sdks") as {
  generateSdks(outRoot: string): { python: string; go: string; java: string };
};
import { findPulumiBinDir } from "./support/pulumiCli";

const cli = findPulumiBinDir();
const missing = "missing" in cli ? cli.missing : missingLanguageTools();
if (missing !== undefined && process.env["CI"] !== "true") {
  console.warn(`other-language SDK tests skipped: ${missing}`);
}
const describeSdks =
  missing === undefined || process.env["CI"] === "true" ? describe : describe.skip;

/** Every field of a snapshot result, as Python names it. */
/** The fields of a Python restore job result (one job by id, or the latest). */
const PY_RESTORE_JOB_FIELDS = [
  "delivery_type",
  "expiration_date",
  "id",
  "name",
  "project_id",
  "restore_finished_date",
  "restore_job_id",
  "restore_scheduled_date",
  "snapshot_finished_date",
  "snapshot_id",
  "snapshot_url",
  "status",
  "target_deployment_item_name",
  "target_project_id",
];
const PY_SNAPSHOT_FIELDS = [
  "expiration",
  "finish_time",
  "id",
  "mongo_db_version",
  "name",
  "project_id",
  "scheduled_time",
  "snapshot_id",
  "start_time",
  "status",
];

describeSdks("the plugin's SDKs for Python, Go and Node.js", () => {
  let scratch: string;
  let schemaFile: string;
  let sdkgen: string;
  const sdk = (language: SdkLanguage): string => path.join(scratch, "sdk", language);
  let python: { bin: string; site: string } | undefined;
  /** The venv's python and the folder the generated SDK is installed in, set up once. */
  const pythonSdk = (): { bin: string; site: string } => {
    if (python) return python;
    const venv = pythonVenv();
    const site = path.join(scratch, "site-packages");
    installPythonSdk(venv, sdk("python"), site);
    python = { bin: path.join(venv, "bin", "python"), site };
    return python;
  };

  beforeAll(() => {
    if (missing !== undefined) throw new Error(missing);
    const binDir = "dir" in cli ? cli.dir : "";
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "flex-sdks-"));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${binDir}${path.delimiter}${process.env["PATH"] ?? ""}`,
      PULUMI_HOME: path.join(scratch, "home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
    schemaFile = path.join(scratch, "schema.json");
    fs.writeFileSync(
      schemaFile,
      runTool(
        "pulumi",
        ["package", "get-schema", path.join(REPO_ROOT, "bin", "pulumi-resource-atlasflex")],
        { env },
      ),
    );
    sdkgen = buildSdkgen(scratch);
    for (const language of ["python", "go", "nodejs"] as const) {
      generateSdk(sdkgen, schemaFile, language, sdk(language));
    }
  }, 10 * 60_000);

  afterAll(() => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  test(
    "Go: the SDK and a program that calls every function build and vet against sdk/v3 v3.248.0",
    () => {
      const importPath = goImportBase(schemaFile);
      const moduleDir = sdk("go");
      goSdkModule(moduleDir, importPath);
      // Compiles only if the functions, their argument fields and their result fields exist with
      // these Go names and types.
      fs.mkdirSync(path.join(moduleDir, "example"));
      fs.writeFileSync(
        path.join(moduleDir, "example", "main.go"),
        `package main

import (
	"${importPath}"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		snap, err := atlasflex.GetFlexSnapshot(ctx, &atlasflex.GetFlexSnapshotArgs{
			ProjectId:  "6650c0de0000000000000a11",
			Name:       "orders",
			SnapshotId: "6650c0de0000000000000001",
			Require:    &atlasflex.FlexSnapshotGate{Status: "COMPLETED", MaxAge: pulumi.StringRef("24h")},
			Wait:       &atlasflex.FlexSnapshotWait{Timeout: "30m", EnforceInPreview: pulumi.BoolRef(false)},
		})
		if err != nil {
			return err
		}
		latest, err := atlasflex.GetLatestFlexSnapshot(ctx, &atlasflex.GetLatestFlexSnapshotArgs{
			ProjectId: "6650c0de0000000000000a11",
			Name:      "orders",
			Status:    []string{"COMPLETED"},
		})
		if err != nil {
			return err
		}
		all, err := atlasflex.GetFlexSnapshots(ctx, &atlasflex.GetFlexSnapshotsArgs{
			ProjectId:  "6650c0de0000000000000a11",
			Name:       "orders",
			ApiVersion: pulumi.StringRef("2024-11-13"),
		})
		if err != nil {
			return err
		}
		ctx.Export("status", pulumi.String(snap.Status))
		ctx.Export("finishTime", pulumi.String(snap.FinishTime))
		ctx.Export("latest", pulumi.String(latest.SnapshotId))
		ctx.Export("count", pulumi.Int(len(all.Results)))
		ctx.Export("firstMongoDbVersion", pulumi.String(all.Results[0].MongoDbVersion))
		job, err := atlasflex.GetFlexRestoreJob(ctx, &atlasflex.GetFlexRestoreJobArgs{
			ProjectId:    "6650c0de0000000000000a11",
			Name:         "orders",
			RestoreJobId: "6650c0de0000000000000b01",
		})
		if err != nil {
			return err
		}
		jobs, err := atlasflex.GetFlexRestoreJobs(ctx, &atlasflex.GetFlexRestoreJobsArgs{
			ProjectId: "6650c0de0000000000000a11",
			Name:      "orders",
		})
		if err != nil {
			return err
		}
		latestJob, err := atlasflex.GetLatestFlexRestoreJob(ctx, &atlasflex.GetLatestFlexRestoreJobArgs{
			ProjectId:  "6650c0de0000000000000a11",
			Name:       "orders",
			SnapshotId: pulumi.StringRef("6650c0de0000000000000005"),
		})
		if err != nil {
			return err
		}
		ctx.Export("restoreStatus", pulumi.String(job.Status))
		ctx.Export("latestRestoreJob", pulumi.String(latestJob.RestoreJobId))
		ctx.Export("snapshotUrl", pulumi.ToSecret(job.SnapshotUrl))
		ctx.Export("restoreJobs", pulumi.Int(len(jobs.Results)))
		return nil
	})
}
`,
      );
      const env = { ...process.env, GOFLAGS: "-mod=mod" };
      runTool("go", ["build", "./..."], { cwd: moduleDir, env });
      expect(runTool("go", ["vet", "./..."], { cwd: moduleDir, env })).toBe("");
    },
    10 * 60_000,
  );

  test.each([
    [
      "get_flex_snapshot",
      ["api_version", "name", "project_id", "require", "snapshot_id", "wait", "opts"],
      "GetFlexSnapshotResult",
      PY_SNAPSHOT_FIELDS,
    ],
    [
      "get_latest_flex_snapshot",
      ["api_version", "name", "project_id", "require", "status", "wait", "opts"],
      "GetLatestFlexSnapshotResult",
      PY_SNAPSHOT_FIELDS,
    ],
    [
      "get_flex_snapshots",
      ["api_version", "name", "project_id", "opts"],
      "GetFlexSnapshotsResult",
      ["id", "name", "project_id", "results"],
    ],
    [
      "get_flex_restore_job",
      ["api_version", "name", "project_id", "require", "restore_job_id", "wait", "opts"],
      "GetFlexRestoreJobResult",
      PY_RESTORE_JOB_FIELDS,
    ],
    [
      "get_latest_flex_restore_job",
      ["api_version", "name", "project_id", "require", "snapshot_id", "wait", "opts"],
      "GetLatestFlexRestoreJobResult",
      PY_RESTORE_JOB_FIELDS,
    ],
    [
      "get_flex_restore_jobs",
      ["api_version", "name", "project_id", "opts"],
      "GetFlexRestoreJobsResult",
      ["id", "name", "project_id", "results"],
    ],
  ])(
    "Python: %s compiles, imports beside pulumi 3.248.0, with these parameters and result fields",
    (fn, parameters, resultClass, fields) => {
      const { bin, site } = pythonSdk();
      runTool(bin, ["-m", "compileall", "-q", "pulumi_atlasflex"], { cwd: sdk("python") });
      const script = [
        "import inspect, json, pulumi_atlasflex as m",
        `fn = m.${fn}`,
        `out = m.${fn}_output`,
        `cls = m.${resultClass}`,
        "print(json.dumps({",
        "  'parameters': list(inspect.signature(fn).parameters),",
        "  'outputParameters': list(inspect.signature(out).parameters),",
        "  'fields': sorted(n for n, v in vars(cls).items() if isinstance(v, property)),",
        "}))",
      ].join("\n");
      const seen = JSON.parse(
        runTool(bin, ["-c", script], {
          cwd: scratch,
          env: { ...process.env, PYTHONPATH: site, PYTHONDONTWRITEBYTECODE: "1" },
        }),
      ) as unknown;
      expect(seen).toEqual({ parameters, outputParameters: parameters, fields });
    },
    10 * 60_000,
  );

  test(
    "Node.js: the generated SDK compiles with tsc against @pulumi/pulumi 3.248.0",
    () => {
      const dir = sdk("nodejs");
      fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
      const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
      expect(runTool(process.execPath, [tsc, "-p", dir, "--outDir", path.join(dir, "bin")])).toBe(
        "",
      );
      expect(fs.existsSync(path.join(dir, "bin", "getFlexSnapshot.js"))).toBe(true);
    },
    5 * 60_000,
  );

  /** The files under `dir`, relative to it, sorted. */
  const filesUnder = (dir: string): string[] =>
    (fs.readdirSync(dir, { recursive: true }) as string[])
      .filter((file) => fs.statSync(path.join(dir, file)).isFile())
      .sort();

  test(
    "the committed SDKs (sdk/python, sdk/go/atlasflex, sdk/java) are what npm run sdk:generate makes from the plugin's schema now",
    () => {
      const out = path.join(scratch, "regenerated");
      const generated = generateSdks(out);
      const committed = {
        python: path.join(REPO_ROOT, "sdk", "python"),
        go: path.join(REPO_ROOT, "sdk", "go", "atlasflex"),
        java: path.join(REPO_ROOT, "sdk", "java"),
      };
      for (const language of ["python", "go", "java"] as const) {
        // Committed files only: building in the clone (a wheel, `mvn install`) leaves files there.
        const files = runTool("git", ["ls-files", "."], { cwd: committed[language] })
          .split("\n")
          .filter(Boolean)
          .sort();
        const differing = files.filter(
          (file) =>
            !fs.existsSync(path.join(generated[language], file)) ||
            fs.readFileSync(path.join(generated[language], file), "utf8") !==
              fs.readFileSync(path.join(committed[language], file), "utf8"),
        );
        expect([language, filesUnder(generated[language]), differing]).toEqual([
          language,
          files,
          [],
        ]);
      }
    },
    10 * 60_000,
  );

  test(
    "the committed Go SDK builds and vets as a module of its own, from its go.mod and go.sum",
    () => {
      const dir = path.join(REPO_ROOT, "sdk", "go", "atlasflex");
      const env = { ...process.env, GOFLAGS: "-mod=readonly" };
      const moduleLine = fs.readFileSync(path.join(dir, "go.mod"), "utf8").split("\n")[0];
      expect([
        moduleLine,
        runTool("go", ["build", "./..."], { cwd: dir, env }),
        runTool("go", ["vet", "./..."], { cwd: dir, env }),
      ]).toEqual([`module ${goImportBase(schemaFile)}`, "", ""]);
    },
    10 * 60_000,
  );

  test(
    "the committed Python SDK builds as a wheel that pip installs beside pulumi 3.248.0",
    () => {
      const venv = pythonVenv();
      const python = path.join(venv, "bin", "python");
      // Built from a copy: pip writes build files beside the sources.
      const source = path.join(scratch, "python-source");
      fs.cpSync(path.join(REPO_ROOT, "sdk", "python"), source, { recursive: true });
      const wheels = path.join(scratch, "wheels");
      const quiet = ["--quiet", "--disable-pip-version-check", "--no-deps", "--no-index"];
      runTool(python, [
        "-m",
        "pip",
        "wheel",
        ...quiet,
        "--no-build-isolation",
        "-w",
        wheels,
        source,
      ]);
      const [wheel] = fs.readdirSync(wheels);
      const site = path.join(scratch, "wheel-site");
      runTool(python, [
        "-m",
        "pip",
        "install",
        ...quiet,
        "--target",
        site,
        path.join(wheels, wheel!),
      ]);
      const imported = runTool(
        python,
        [
          "-c",
          "import pulumi_atlasflex as a; print(a.get_flex_snapshot.__name__, a.Provider.__name__)",
        ],
        { cwd: scratch, env: { ...process.env, PYTHONPATH: site, PYTHONDONTWRITEBYTECODE: "1" } },
      );
      expect([wheel, imported.trim()]).toEqual([
        `pulumi_atlasflex-${PACKAGE_INFO.version}-py3-none-any.whl`,
        "get_flex_snapshot Provider",
      ]);
    },
    10 * 60_000,
  );
});
