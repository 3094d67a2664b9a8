/**
 * Restore jobs under the real Pulumi engine, through examples/nodejs/restore-gate (a deployment gated
 * on a restore job, with a wait) and examples/nodejs/restore-jobs (one job's lookup and the list):
 * lookup, list, the gate met and unmet, a wait that sees the job progress to COMPLETED, bad
 * input, and the secret `snapshotUrl` — ciphertext in `pulumi stack export` (the function forms
 * run in the program: only the stack's outputs hold it), absent from what `pulumi preview` and
 * `pulumi up` print, from the engine's event log, from Pulumi's debug output and from its
 * verbose log below the level at which the engine dumps every property (-v=9, see the last
 * test).
 *
 * Like engine.test.ts: fails in CI without a Pulumi CLI, skipped elsewhere.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  DEMO_CLUSTER_NAME,
  DEMO_DOWNLOAD_RESTORE_JOB_ID,
  DEMO_PROJECT_ID,
  DEMO_RESTORE_JOB_IDS,
  DEMO_SNAPSHOT_IDS,
  DEMO_TARGET_CLUSTER_NAME,
} from "../emulator";
import { engineFixture, type PulumiProject } from "./support/pulumiCli";
import {
  gateConfig,
  marker,
  RESTORE_GET,
  SIGNATURE,
  SNAPSHOT_URL,
} from "./support/restoreGateExample";

const engine = engineFixture();
const { stack } = engine;

const UP = ["up", "--yes", "--non-interactive", "--skip-preview"];
const PREVIEW = ["preview", "--non-interactive"];
const DEPLOYMENT_TYPE = "pulumi-nodejs:dynamic/example:AppDeployment";

interface ExportedState {
  deployment: {
    resources?: { type: string; outputs?: Record<string, unknown> }[];
  };
}

async function exportedState(p: PulumiProject): Promise<{ text: string; state: ExportedState }> {
  const text = (await p.ok(["stack", "export"])).stdout;
  return { text, state: JSON.parse(text) as ExportedState };
}

/** Pulumi's envelope of a secret in `pulumi stack export`, without --show-secrets. */
const SECRET_ENVELOPE = {
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  ciphertext: expect.any(String),
};

engine.describe("restore jobs under the real Pulumi engine", () => {
  beforeEach(() => {
    engine.emulator.reset();
    // A wait test moves this job along; every test starts from PENDING.
    engine.emulator.setRestoreJobStatus(
      DEMO_PROJECT_ID,
      DEMO_CLUSTER_NAME,
      DEMO_RESTORE_JOB_IDS.PENDING,
      "PENDING",
    );
  });

  test("the gate is met: the deployment that reads the restored data is created", async () => {
    const p = await stack("nodejs/restore-gate", gateConfig(DEMO_RESTORE_JOB_IDS.COMPLETED));
    await p.ok(UP);
    expect(await p.outputs()).toEqual({
      status: "COMPLETED",
      snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
      targetDeploymentItemName: DEMO_TARGET_CLUSTER_NAME,
      restoreFinishedDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      deploymentMarker: marker(p),
    });
    expect(JSON.parse(fs.readFileSync(marker(p), "utf8"))).toEqual({
      cluster: DEMO_TARGET_CLUSTER_NAME,
      restoreJobId: DEMO_RESTORE_JOB_IDS.COMPLETED,
    });
  });

  test.each<[string, string, Record<string, string>, string]>([
    ["the job FAILED", DEMO_RESTORE_JOB_IDS.FAILED, {}, "is FAILED; required status COMPLETED"],
    [
      "it restored another snapshot",
      DEMO_RESTORE_JOB_IDS.COMPLETED,
      { snapshotId: DEMO_SNAPSHOT_IDS.RUNNING },
      `restores snapshot ${DEMO_SNAPSHOT_IDS.COMPLETED}; required snapshot ${DEMO_SNAPSHOT_IDS.RUNNING}`,
    ],
    [
      "it restored into another cluster",
      DEMO_RESTORE_JOB_IDS.COMPLETED,
      { targetCluster: "orders-elsewhere" },
      `restores into cluster "${DEMO_TARGET_CLUSTER_NAME}"; required cluster "orders-elsewhere"`,
    ],
    [
      "it restored into another project",
      DEMO_RESTORE_JOB_IDS.COMPLETED,
      { targetProjectId: "6650c0de0000000000000fff" },
      `restores into project ${DEMO_PROJECT_ID}; required project 6650c0de0000000000000fff`,
    ],
  ])(
    "the gate is not met (%s): up fails and the deployment is not created",
    async (_label, restoreJobId, overrides, reason) => {
      const p = await stack("nodejs/restore-gate", gateConfig(restoreJobId, overrides));
      const up = await p.run(UP);
      expect(up.code).not.toBe(0);
      expect(up.stdout + up.stderr).toContain(
        `restore job ${restoreJobId} of flex cluster "${DEMO_CLUSTER_NAME}" in project ${DEMO_PROJECT_ID} ${reason}`,
      );
      expect(fs.existsSync(marker(p))).toBe(false);
      const { state } = await exportedState(p);
      expect((state.deployment.resources ?? []).map((r) => r.type)).not.toContain(DEPLOYMENT_TYPE);
    },
  );

  test("up waits while the restore job moves to COMPLETED, shows its progress, then deploys", async () => {
    const pending = DEMO_RESTORE_JOB_IDS.PENDING;
    const p = await stack("nodejs/restore-gate", gateConfig(pending));
    engine.emulator.scheduleRestoreJobProgress(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, pending, {
      stepMs: 1_500,
      from: "PENDING",
      startOnFirstRead: true,
    });
    const up = await p.ok(UP);
    expect((await p.outputs())["status"]).toBe("COMPLETED");
    expect(fs.existsSync(marker(p))).toBe(true);
    const printed = up.stdout + up.stderr;
    const prefix = `waiting for restore job ${pending} of flex cluster "${DEMO_CLUSTER_NAME}" in project ${DEMO_PROJECT_ID}`;
    expect(printed).toMatch(
      new RegExp(`${prefix}: (PENDING|QUEUED|RUNNING) after \\d+m?s \\(poll 1\\)`),
    );
    expect(printed).toMatch(new RegExp(`${prefix}: COMPLETED after \\d+s \\(poll \\d+\\)`));
    // Listed under the lookup, as the snapshot wait's are.
    expect(printed).toMatch(
      new RegExp(
        `\\n {2}pulumi-nodejs:dynamic/atlas:FlexRestoreJob \\([^)\\n]*\\):\\n( {4}.*\\n|\\s*\\n)*? {4}${prefix}: COMPLETED after`,
      ),
    );
    expect(engine.emulator.count({ path: RESTORE_GET })).toBeGreaterThan(1);
  });

  test("preview reports the job's current status without waiting, and warns", async () => {
    const p = await stack("nodejs/restore-gate", gateConfig(DEMO_RESTORE_JOB_IDS.PENDING));
    const preview = await p.ok(PREVIEW);
    expect(preview.stdout).toMatch(/status\s*:\s*"PENDING"/);
    expect(preview.stdout).toContain("the gate is not met yet");
    expect(preview.stdout).toContain("`pulumi up` will wait up to 2m for it.");
    expect(engine.emulator.count({ path: RESTORE_GET })).toBe(1);
  });

  test.each<[string, Record<string, string>, string]>([
    [
      "restoreJobId",
      { restoreJobId: "not-a-job" },
      'invalid restoreJobId "not-a-job": expected a 24-character hexadecimal restore job id matching ^([a-f0-9]{24})$',
    ],
    [
      "the expected target cluster",
      { targetCluster: "orders restored" },
      `invalid require.targetDeploymentItemName "orders restored": expected a cluster name of 1 to 64 letters, digits or -_.(),:&@+'`,
    ],
    [
      "the wait's timeout",
      { waitTimeout: "2d" },
      'invalid wait.timeout "2d": expected a duration from 1s to 1d',
    ],
  ])(
    "bad input (%s) fails the run and Atlas receives nothing",
    async (_label, overrides, message) => {
      const p = await stack(
        "nodejs/restore-gate",
        gateConfig(DEMO_RESTORE_JOB_IDS.COMPLETED, overrides),
      );
      const up = await p.run(UP);
      expect(up.code).not.toBe(0);
      expect(up.stdout + up.stderr).toContain(message);
      expect(engine.emulator.count()).toBe(0);
      expect(fs.existsSync(marker(p))).toBe(false);
    },
  );

  test("lookup and list: every field with @pulumi/mongodbatlas's names, every job", async () => {
    const p = await stack("nodejs/restore-jobs", { restoreJobId: DEMO_DOWNLOAD_RESTORE_JOB_ID });
    await p.ok(UP);
    const outputs = await p.outputs();
    expect(outputs).toEqual({
      deliveryType: "DOWNLOAD",
      status: "COMPLETED",
      snapshotUrl: SNAPSHOT_URL,
      expirationDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      restoreJobCount: Object.keys(DEMO_RESTORE_JOB_IDS).length + 1,
      restoreJobs: expect.arrayContaining([
        `${DEMO_DOWNLOAD_RESTORE_JOB_ID}:DOWNLOAD:COMPLETED`,
        `${DEMO_RESTORE_JOB_IDS.FAILED}:RESTORE:FAILED`,
        `${DEMO_RESTORE_JOB_IDS.RUNNING}:RESTORE:RUNNING`,
      ]),
    });
  });

  test("snapshotUrl is a secret: not in stack export, not printed by preview or up, not in the engine's logs", async () => {
    const p = await stack("nodejs/restore-jobs", { restoreJobId: DEMO_DOWNLOAD_RESTORE_JOB_ID });
    const preview = await p.ok([...PREVIEW, "--diff"]);
    expect(preview.stdout).toMatch(/snapshotUrl\s*:\s*\[secret\]/);
    const up = await p.ok(UP);
    expect(up.stdout).toMatch(/snapshotUrl\s*:\s*\[secret\]/);
    // The preview's JSON document.
    await p.ok([...PREVIEW, "--json"]);
    // The engine's verbose log (and the providers', --logflow), which goes to files in the temp
    // directory (at -v=2; the debug levels are in the last test).
    const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "flex-restore-logs-"));
    try {
      await p.ok([...PREVIEW, "--logflow", "-v=2"], { env: { TMPDIR: logDir } });
      const logs = fs.readdirSync(logDir).filter((name) => /^pulumi.*\.log/.test(name));
      expect(logs).not.toEqual([]);
      p.transcript.push(...logs.map((name) => fs.readFileSync(path.join(logDir, name), "utf8")));
    } finally {
      fs.rmSync(logDir, { recursive: true, force: true });
    }

    const plain = JSON.parse((await p.ok(["stack", "output", "--json"])).stdout) as Record<
      string,
      unknown
    >;
    expect(plain["snapshotUrl"]).toBe("[secret]");
    const { text, state } = await exportedState(p);
    // The function forms run in the program: no lookup in state, only the stack's outputs.
    const resources = state.deployment.resources ?? [];
    expect(resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
    const stackOutputs = resources.find((r) => r.type === "pulumi:pulumi:Stack")?.outputs;
    expect([stackOutputs?.["snapshotUrl"], stackOutputs?.["deliveryType"]]).toEqual([
      SECRET_ENVELOPE,
      SECRET_ENVELOPE,
    ]);

    const everything = [...p.transcript, text].join("\n");
    expect(everything).not.toContain(SIGNATURE);
    expect(everything).not.toContain(SNAPSHOT_URL);
    // It is there, for whoever asks explicitly.
    expect((await p.outputs())["snapshotUrl"]).toBe(SNAPSHOT_URL);
  });

  test("Pulumi's debug output (--debug, -v=3, up --json) never holds the link: the function forms send Pulumi no lookup response; only the engine's -v=9 dump of the stack's outputs has it (docs/security.md)", async () => {
    const p = await stack("nodejs/restore-jobs", { restoreJobId: DEMO_DOWNLOAD_RESTORE_JOB_ID });
    const verbose = await p.ok([...PREVIEW, "--logtostderr", "-v=3"]);
    const debug = await p.ok([...PREVIEW, "--debug"]);
    // `pulumi up --json` streams every engine event, the debug ones included.
    const json = await p.ok([...UP, "--json"]);
    expect(
      [verbose.stderr, debug.stdout, json.stdout].map((text) => [
        text.includes(SIGNATURE),
        /ReadResource/.test(text),
      ]),
    ).toEqual([
      [false, false],
      [false, false],
      [false, false],
    ]);
    // At -v=9 the engine (Go) logs every property it marshals over gRPC, secrets included: here
    // the stack's outputs the program registers. Out of this package's reach; those lines are
    // the only ones with the link.
    const v9 = await p.ok([...PREVIEW, "--logtostderr", "-v=9"]);
    const leaking = v9.stderr.split("\n").filter((line) => line.includes(SIGNATURE));
    const engineOwn =
      /"msg":"(?:Unm|M)arshaling property for RPC\[ResourceMonitor\.RegisterResourceOutputs\(/;
    expect([leaking.length > 0, leaking.filter((line) => !engineOwn.test(line))]).toEqual([
      true,
      [],
    ]);
  });
});
