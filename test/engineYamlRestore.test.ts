/**
 * Restore jobs in Pulumi YAML under the real engine: examples/yaml/restore-gate (a deployment
 * gated on a restore job, with a wait) through the `atlasflex` plugin's
 * `atlasflex:index:getFlexRestoreJob`, and the secret `snapshotUrl` of a DOWNLOAD job and of the
 * list (`getFlexRestoreJobs`) through a one-file YAML program: absent from `pulumi stack export`, from what `pulumi preview` and
 * `pulumi up` print and from the engine's log files.
 *
 * Needs a Pulumi CLI with `pulumi-language-yaml` beside it; like engineYaml.test.ts.
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
import { SECRETS, TOKEN } from "./support/credentials";
import { engineFixture, type PulumiProject } from "./support/pulumiCli";
import {
  gateConfig,
  marker,
  RESTORE_GET,
  SIGNATURE,
  SNAPSHOT_URL,
} from "./support/restoreGateExample";

const engine = engineFixture({}, ["yaml"]);
// Each test runs several CLI commands, each starting the YAML host and two plugins (Node
// processes): on a busy machine one test can take longer than jest's default minute.
jest.setTimeout(180_000);

const UP = ["up", "--yes", "--non-interactive", "--skip-preview"];
const PREVIEW = ["preview", "--non-interactive"];
/** The stand-in deployment each copy of the example gets (test/support/standin.ts). */
const DEPLOYMENT_TYPE = "standin:index:AppDeployment";
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

async function resourceTypes(p: PulumiProject): Promise<string[]> {
  const state = JSON.parse((await p.ok(["stack", "export"])).stdout) as {
    deployment: { resources?: { type: string }[] };
  };
  return (state.deployment.resources ?? []).map((r) => r.type);
}

/** A one-file YAML program that reads the DOWNLOAD job and the list, and exports the links. */
const DOWNLOAD_PROGRAM = `name: flex-restore-download
runtime: yaml
plugins:
  providers:
    - name: atlasflex
      path: ./node_modules/pulumi-atlas-flex-snapshot/bin
config:
  projectId:
    type: string
  restoreJobId:
    type: string
variables:
  job:
    fn::invoke:
      function: atlasflex:index:getFlexRestoreJob
      arguments:
        projectId: \${projectId}
        name: orders
        restoreJobId: \${restoreJobId}
        require:
          status: COMPLETED
  jobs:
    fn::invoke:
      function: atlasflex:index:getFlexRestoreJobs
      arguments:
        projectId: \${projectId}
        name: orders
outputs:
  deliveryType: \${job.deliveryType}
  status: \${job.status}
  snapshotUrl: \${job.snapshotUrl}
  restoreJobs: \${jobs.results}
`;

engine.describe("restore jobs in Pulumi YAML under the real engine (the atlasflex plugin)", () => {
  beforeEach(() => {
    engine.emulator.reset();
    // The wait test moves this job along; every test starts from PENDING.
    engine.emulator.setRestoreJobStatus(
      DEMO_PROJECT_ID,
      DEMO_CLUSTER_NAME,
      DEMO_RESTORE_JOB_IDS.PENDING,
      "PENDING",
    );
  });

  test("the gate is met: the deployment that reads the restored data is created", async () => {
    const p = await engine.stack("yaml/restore-gate", gateConfig(DEMO_RESTORE_JOB_IDS.COMPLETED));
    await p.ok(UP);
    expect(await p.outputs()).toEqual({
      status: "COMPLETED",
      snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
      targetDeploymentItemName: DEMO_TARGET_CLUSTER_NAME,
      restoreFinishedDate: expect.stringMatching(TIME),
      deploymentMarker: "deployment.json",
    });
    expect(JSON.parse(fs.readFileSync(marker(p), "utf8"))).toEqual({
      cluster: DEMO_TARGET_CLUSTER_NAME,
      restoreJobId: DEMO_RESTORE_JOB_IDS.COMPLETED,
    });
    expect(await resourceTypes(p)).toContain(DEPLOYMENT_TYPE);
    // A RESTORE job has no snapshotUrl: nothing in its result is secret, so nothing is hidden.
    const plain = JSON.parse((await p.ok(["stack", "output", "--json"])).stdout) as unknown;
    expect(plain).toEqual(await p.outputs());
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
  ])(
    "the gate is not met (%s): up fails and the deployment is not created",
    async (_label, restoreJobId, overrides, reason) => {
      const p = await engine.stack("yaml/restore-gate", gateConfig(restoreJobId, overrides));
      const up = await p.run(UP);
      expect(up.code).not.toBe(0);
      expect(up.stdout + up.stderr).toContain(
        `restore job ${restoreJobId} of flex cluster "${DEMO_CLUSTER_NAME}" in project ${DEMO_PROJECT_ID} ${reason}`,
      );
      expect(fs.existsSync(marker(p))).toBe(false);
      expect(await resourceTypes(p)).not.toContain(DEPLOYMENT_TYPE);
    },
  );

  test("up waits while the restore job moves to COMPLETED, then deploys", async () => {
    const pending = DEMO_RESTORE_JOB_IDS.PENDING;
    const p = await engine.stack("yaml/restore-gate", gateConfig(pending));
    engine.emulator.scheduleRestoreJobProgress(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, pending, {
      stepMs: 1_500,
      from: "PENDING",
      startOnFirstRead: true,
    });
    const up = await p.ok(UP);
    expect((await p.outputs())["status"]).toBe("COMPLETED");
    expect(JSON.parse(fs.readFileSync(marker(p), "utf8"))).toEqual({
      cluster: DEMO_TARGET_CLUSTER_NAME,
      restoreJobId: pending,
    });
    expect(up.stdout + up.stderr).toContain(
      `waiting for restore job ${pending} of flex cluster "${DEMO_CLUSTER_NAME}" in project ${DEMO_PROJECT_ID}`,
    );
    expect(engine.emulator.count({ path: RESTORE_GET })).toBeGreaterThan(1);
  });

  test("preview reports the job's current status without waiting, and warns", async () => {
    const p = await engine.stack("yaml/restore-gate", gateConfig(DEMO_RESTORE_JOB_IDS.PENDING));
    const preview = await p.ok(PREVIEW);
    expect(preview.stdout).toContain("the gate is not met yet");
    expect(preview.stdout).toContain("`pulumi up` will wait up to 2m for it.");
    expect(engine.emulator.count({ path: RESTORE_GET })).toBe(1);
    expect(fs.existsSync(marker(p))).toBe(false);
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
  ])(
    "bad input (%s) fails the run and Atlas receives nothing",
    async (_label, overrides, message) => {
      const p = await engine.stack(
        "yaml/restore-gate",
        gateConfig(DEMO_RESTORE_JOB_IDS.COMPLETED, overrides),
      );
      const up = await p.run(UP);
      expect(up.code).not.toBe(0);
      expect(up.stdout + up.stderr).toContain(message);
      expect(engine.emulator.count()).toBe(0);
      expect(fs.existsSync(marker(p))).toBe(false);
    },
  );

  test("snapshotUrl (of the job and of the list) is a secret: not in stack export, not printed by preview or up, not in the engine's logs", async () => {
    const p = engine.program("yaml-restore-download", DOWNLOAD_PROGRAM);
    await p.init(
      {
        projectId: DEMO_PROJECT_ID,
        restoreJobId: DEMO_DOWNLOAD_RESTORE_JOB_ID,
        "atlasflex:baseUrl": engine.emulator.baseUrl,
      },
      { "atlasflex:accessToken": TOKEN },
    );
    const preview = await p.ok(PREVIEW);
    expect(preview.stdout).toMatch(/snapshotUrl\s*:\s*\[secret\]/);
    const up = await p.ok(UP);
    expect(up.stdout).toMatch(/snapshotUrl\s*:\s*\[secret\]/);
    await p.ok([...PREVIEW, "--json"]);
    // The engine's and the plugins' log files (--logflow), at -v=2.
    const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "flex-yaml-restore-logs-"));
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
    // A secret value in an invoke's result makes Pulumi YAML treat the whole result as secret.
    expect(plain).toEqual({
      deliveryType: "[secret]",
      status: "[secret]",
      snapshotUrl: "[secret]",
      restoreJobs: "[secret]",
    });
    const exported = (await p.ok(["stack", "export"])).stdout;
    const everything = [...p.transcript, exported].join("\n");
    expect(everything).not.toContain(SIGNATURE);
    expect(everything).not.toContain(SNAPSHOT_URL);
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
    // It is there, for whoever asks explicitly.
    const outputs = await p.outputs();
    expect(outputs).toEqual({
      deliveryType: "DOWNLOAD",
      status: "COMPLETED",
      snapshotUrl: SNAPSHOT_URL,
      restoreJobs: expect.any(Array),
    });
    // Every job of the list, the DOWNLOAD one with its link.
    const jobs = outputs["restoreJobs"] as { restoreJobId: string; snapshotUrl: string }[];
    expect(jobs.map((job) => job.restoreJobId).sort()).toEqual(
      [...Object.values(DEMO_RESTORE_JOB_IDS), DEMO_DOWNLOAD_RESTORE_JOB_ID].sort(),
    );
    expect(jobs.find((job) => job.restoreJobId === DEMO_DOWNLOAD_RESTORE_JOB_ID)).toMatchObject({
      deliveryType: "DOWNLOAD",
      snapshotUrl: SNAPSHOT_URL,
    });
  });
});
