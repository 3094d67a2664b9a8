/**
 * The pipeline gates under the real Pulumi engine: waiting (with the emulator moving a
 * snapshot along), freshness, and the latest snapshot, through the example programs.
 * Like engine.test.ts: fails in CI without a Pulumi CLI, skipped elsewhere.
 */
import {
  DEMO_CLUSTER_NAME,
  DEMO_OLDER_SNAPSHOT_IDS,
  DEMO_PROJECT_ID,
  DEMO_SNAPSHOT_IDS,
} from "../emulator";
import { engineFixture } from "./support/pulumiCli";

const engine = engineFixture();
const { stack } = engine;

const UP = ["up", "--yes", "--non-interactive", "--skip-preview"];

engine.describe("pipeline gates under the real Pulumi engine", () => {
  beforeEach(() => {
    engine.emulator.reset();
    engine.emulator.setStatus(
      DEMO_PROJECT_ID,
      DEMO_CLUSTER_NAME,
      DEMO_SNAPSHOT_IDS.PENDING,
      "PENDING",
    );
  });

  test("up waits while the snapshot moves to COMPLETED, and shows its progress", async () => {
    const p = await stack("nodejs/wait", {
      snapshotId: DEMO_SNAPSHOT_IDS.PENDING,
      waitTimeout: "2m",
      waitInterval: "1s",
    });
    engine.emulator.scheduleProgress(
      DEMO_PROJECT_ID,
      DEMO_CLUSTER_NAME,
      DEMO_SNAPSHOT_IDS.PENDING,
      {
        stepMs: 1_500,
        from: "PENDING",
        startOnFirstRead: true,
      },
    );
    const up = await p.ok(UP);
    expect(await p.outputs()).toEqual({
      status: "COMPLETED",
      finishTime: expect.stringMatching(/Z$/),
    });
    const printed = up.stdout + up.stderr;
    const prefix = `waiting for snapshot ${DEMO_SNAPSHOT_IDS.PENDING} of flex cluster "orders" in project ${DEMO_PROJECT_ID}`;
    // The engine shows each poll; the first ones see the snapshot unfinished.
    expect(printed).toMatch(
      new RegExp(`${prefix}: (PENDING|QUEUED|RUNNING) after \\d+m?s \\(poll 1\\)`),
    );
    expect(printed).toMatch(new RegExp(`${prefix}: COMPLETED after \\d+s \\(poll \\d+\\)`));
    // The function form runs in the program, which logs each poll through Pulumi's `log`: the
    // lines are the stack's diagnostics.
    expect(printed).toMatch(
      new RegExp(
        `\\n {2}pulumi:pulumi:Stack \\(flex-snapshot-wait-dev\\):\\n( {4}.*\\n|\\s*\\n)*? {4}${prefix}: COMPLETED after`,
      ),
    );
  });

  test("preview reports the current status without waiting, and warns", async () => {
    const p = await stack("nodejs/wait", {
      snapshotId: DEMO_SNAPSHOT_IDS.PENDING,
      waitTimeout: "30m",
    });
    const started = Date.now();
    const preview = await p.ok(["preview", "--non-interactive"]);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(preview.stdout).toMatch(/status\s*:\s*"PENDING"/);
    expect(preview.stdout).toContain("the gate is not met yet");
    expect(preview.stdout).toContain("`pulumi up` will wait up to 30m for it.");
    expect(engine.emulator.count({ path: /\/snapshots\/[a-f0-9]{24}$/ })).toBe(1);
  });

  test("the wait times out with the last status and the time waited", async () => {
    const p = await stack("nodejs/wait", {
      snapshotId: DEMO_SNAPSHOT_IDS.RUNNING,
      waitTimeout: "3s",
      waitInterval: "1s",
    });
    const up = await p.run(UP);
    expect(up.code).not.toBe(0);
    expect(up.stdout + up.stderr).toMatch(
      new RegExp(
        `timed out after 3s waiting for snapshot ${DEMO_SNAPSHOT_IDS.RUNNING} of flex cluster "orders" in project ${DEMO_PROJECT_ID} to complete: its last status was RUNNING`,
      ),
    );
  });

  test.each([
    ["a fresh snapshot passes", { maxAge: "24h", minRemaining: "1d" }, undefined],
    [
      "too old fails",
      { maxAge: "1m" },
      /finished \S+ ago \(at [^)]+\); required finished within 1m/,
    ],
    [
      "expiring too soon fails",
      { minRemaining: "30d" },
      /expires in \S+ \(at [^)]+\); required at least 30d left/,
    ],
  ])("freshness: %s", async (_label, gate, failure) => {
    const p = await stack("nodejs/freshness", { snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED, ...gate });
    const up = await p.run(UP);
    if (failure === undefined) {
      expect(up.code).toBe(0);
      expect((await p.outputs())["status"]).toBe("COMPLETED");
    } else {
      expect(up.code).not.toBe(0);
      expect(up.stdout + up.stderr).toMatch(failure);
    }
  });

  test("the latest COMPLETED snapshot, and the list of all", async () => {
    const p = await stack("nodejs/latest", {});
    await p.ok(UP);
    const outputs = await p.outputs();
    expect(outputs["latestSnapshotId"]).toBe(DEMO_SNAPSHOT_IDS.COMPLETED);
    expect(outputs["snapshotCount"]).toBe(
      Object.keys(DEMO_SNAPSHOT_IDS).length + DEMO_OLDER_SNAPSHOT_IDS.length,
    );
    expect(outputs["statuses"]).toContain(`${DEMO_SNAPSHOT_IDS.FAILED}:FAILED`);
  });

  test("the latest snapshot's age gate fails the run", async () => {
    const p = await stack("nodejs/latest", { maxAge: "1s" });
    const up = await p.run(UP);
    expect(up.code).not.toBe(0);
    expect(up.stdout + up.stderr).toContain(
      `snapshot ${DEMO_SNAPSHOT_IDS.COMPLETED} of flex cluster "orders" in project ${DEMO_PROJECT_ID} finished`,
    );
  });
});
