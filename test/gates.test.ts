/**
 * The gates of both kinds of lookup, as pure logic. Snapshots: durations, the freshness gate, the
 * wait loop (in virtual time) and picking the latest snapshot. Restore jobs: the model, what the
 * schema reads from Atlas's `FlexBackupRestoreJob20241113`, which field is a secret, each bad
 * argument's message (before any request: see client.test.ts for the zero requests), and each
 * shortfall of the restore gate word for word. The one message a gate's shortfalls make is
 * checked alike for both kinds.
 */
import { ValidationError, WaitTimeoutError, type FlexBackupSnapshot } from "../provider";
import { formatDuration, parseDuration } from "../provider/lookups/duration";
import {
  describeRestoreJob,
  formatRestoreShortfalls,
  formatShortfalls,
  gateShortfalls,
  restoreGateShortfalls,
  statusShortfall,
} from "../provider/lookups/gate";
import { pickLatest, pickLatestRestoreJob } from "../provider/lookups/gatedLookups";
import {
  KNOWN_RESTORE_JOB_STATUSES,
  RESTORE_JOB_FIELD_NAMES,
  RESTORE_JOB_FIELDS,
  RESTORE_JOB_SECRET_FIELDS,
  restoreJobValues,
} from "../provider/models/restoreJobModel";
import {
  flexBackupRestoreJobSchema,
  paginatedFlexBackupRestoreJobSchema,
  type FlexBackupRestoreJob,
} from "../provider/atlas/schema";
import {
  RESTORE_JOB_STATUSES,
  statusWarnings,
  validateLookupArgs,
  validateRestoreJobListArgs,
  validateRestoreJobLookupArgs,
  type RestoreGate,
} from "../provider/lookups/validation";
import { pollIntervalMs, waitForTerminalStatus } from "../provider/lookups/wait";
import { virtualClock } from "./support/clocks";
import { RESTORE_JOB, SNAPSHOT, type LookupKind } from "./support/kinds";

const NOW = Date.parse("2026-11-28T12:00:00Z");
const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

/** A restore job as Atlas sends it, every field set. */
const P = "0123456789abcdef01234567";
const T = "fedcba9876543210fedcba98";
const J = "89abcdef0123456789abcdef";
const S1 = "6650c0de0000000000000005";
const S2 = "6650c0de0000000000000006";
const URL_SECRET = "https://restore.example.invalid/dl/abc?token=not-a-real-download-token";

const ATLAS_JOB = {
  id: J,
  status: "COMPLETED",
  deliveryType: "DOWNLOAD",
  snapshotId: S1,
  targetProjectId: T,
  targetDeploymentItemName: "orders-restore",
  snapshotFinishedDate: "2025-05-04T09:02:28Z",
  restoreScheduledDate: "2025-05-04T10:00:00Z",
  restoreFinishedDate: "2025-05-04T10:03:00Z",
  expirationDate: "2025-05-04T14:03:00Z",
  snapshotUrl: URL_SECRET,
  projectId: P,
  instanceName: "orders",
  links: [{ href: "https://cloud.mongodb.com/x", rel: "self" }],
};

describe("durations", () => {
  test.each([
    ["250ms", 250],
    ["90s", 90_000],
    ["15m", 900_000],
    ["24h", 86_400_000],
    ["7d", 604_800_000],
    ["1w", 604_800_000],
    ["1h30m", 5_400_000],
    ["1.5h", 5_400_000],
    ["2d 12h", 216_000_000],
  ])("%s is %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(["", "24", "h", "1y", "-1h", "1h-", "soon"])("%p is not a duration", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  test.each([
    [0, "0ms"],
    [999, "999ms"],
    [1_000, "1s"],
    [90_000, "1m30s"],
    [3_600_000, "1h"],
    [93_784_000, "1d2h3m4s"],
  ])("%d ms is written %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  test("a bad duration in a gate names the field and the value", () => {
    expect(() =>
      validateLookupArgs({
        projectId: "a".repeat(24),
        name: "orders",
        snapshotId: "b".repeat(24),
        require: { maxAge: "a day" },
      }),
    ).toThrow(
      'invalid require.maxAge "a day": expected a duration from 1s to 366d, such as "90s", "15m", "24h" or "7d"',
    );
  });
});

describe("freshness gate", () => {
  const fresh: FlexBackupSnapshot = {
    id: "c".repeat(24),
    status: "COMPLETED",
    finishTime: iso(NOW - 2 * H),
    expiration: iso(NOW + 48 * H),
  };

  test.each<[string, FlexBackupSnapshot, Parameters<typeof gateShortfalls>[1], string[]]>([
    [
      "a fresh snapshot",
      fresh,
      { status: ["COMPLETED"], maxAge: 24 * H, minRemaining: 24 * H },
      [],
    ],
    [
      "one finished too long ago",
      { ...fresh, finishTime: iso(NOW - 30 * H) },
      { maxAge: 24 * H },
      [`finished 1d6h ago (at ${iso(NOW - 30 * H)}); required finished within 1d`],
    ],
    [
      "one without finishTime (fails closed)",
      { ...fresh, finishTime: undefined },
      { maxAge: 24 * H },
      ["has no finishTime, so its age is unknown; required finished within 1d"],
    ],
    [
      "one expiring too soon",
      { ...fresh, expiration: iso(NOW + 3 * H) },
      { minRemaining: 24 * H },
      [`expires in 3h (at ${iso(NOW + 3 * H)}); required at least 1d left`],
    ],
    [
      "one already expired",
      { ...fresh, expiration: iso(NOW - H) },
      { minRemaining: H },
      [`expired 1h ago (at ${iso(NOW - H)}); required at least 1h left`],
    ],
    [
      "one without expiration (fails closed)",
      { ...fresh, expiration: undefined },
      { minRemaining: H },
      ["has no expiration, so its remaining life is unknown; required at least 1h left"],
    ],
    [
      "every shortfall at once",
      { id: "c".repeat(24), status: "RUNNING" },
      { status: ["COMPLETED"], maxAge: H, minRemaining: H },
      [
        "is RUNNING; required status COMPLETED",
        "has no finishTime, so its age is unknown; required finished within 1h",
        "has no expiration, so its remaining life is unknown; required at least 1h left",
      ],
    ],
  ])("%s", (_label, snapshot, gate, reasons) => {
    expect(gateShortfalls(snapshot, gate, NOW)).toEqual(reasons);
  });
});

describe("waiting", () => {
  test("the interval backs off by half up to the ceiling", () => {
    expect(
      [1, 2, 3, 4, 5, 6, 7].map((poll) =>
        pollIntervalMs(poll, { timeoutMs: 0, intervalMs: 10_000 }),
      ),
    ).toEqual([10_000, 15_000, 22_500, 33_750, 50_625, 60_000, 60_000]);
  });

  test("polls until COMPLETED and reports progress", async () => {
    const statuses = ["PENDING", "QUEUED", "RUNNING", "RUNNING", "COMPLETED"];
    const clock = virtualClock(NOW);
    const progress: string[] = [];
    const snapshot = await waitForTerminalStatus(
      async () => ({ status: statuses.shift() }),
      { timeoutMs: 600_000, intervalMs: 10_000 },
      "snapshot x",
      (p) => progress.push(`${p.status}@${p.elapsedMs}#${p.polls}`),
      clock,
    );
    expect(snapshot.status).toBe("COMPLETED");
    expect(progress).toEqual([
      "PENDING@0#1",
      "QUEUED@10000#2",
      "RUNNING@25000#3",
      "RUNNING@47500#4",
      "COMPLETED@81250#5",
    ]);
  });

  test("stops at FAILED", async () => {
    const statuses = ["RUNNING", "FAILED", "COMPLETED"];
    const snapshot = await waitForTerminalStatus(
      async () => ({ status: statuses.shift() }),
      { timeoutMs: 60_000 },
      "s",
      undefined,
      virtualClock(NOW),
    );
    expect(snapshot.status).toBe("FAILED");
  });

  test("times out with the last status and the time waited, after a last poll at the timeout", async () => {
    const clock = virtualClock(NOW);
    let polls = 0;
    const error = await waitForTerminalStatus(
      async () => {
        polls += 1;
        return { status: "RUNNING" };
      },
      { timeoutMs: 60_000, intervalMs: 10_000 },
      "snapshot x",
      undefined,
      clock,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({ lastStatus: "RUNNING", waitedMs: 60_000 });
    expect((error as Error).message).toBe(
      "timed out after 1m waiting for snapshot x to complete: its last status was RUNNING (5 polls)",
    );
    expect(clock.sleeps).toEqual([10_000, 15_000, 22_500, 12_500]);
    expect(polls).toBe(5);
  });

  test("a 10-minute wait with the default interval polls 14 times", async () => {
    const clock = virtualClock(NOW);
    let polls = 0;
    await waitForTerminalStatus(
      async () => {
        polls += 1;
        return { status: "RUNNING" };
      },
      { timeoutMs: 600_000 },
      "s",
      undefined,
      clock,
    ).catch(() => undefined);
    expect(polls).toBe(14);
  });
});

describe("pickLatest", () => {
  const snaps: FlexBackupSnapshot[] = [
    { id: "1", status: "COMPLETED", scheduledTime: "2026-11-26T00:00:00Z" },
    { id: "2", status: "FAILED", scheduledTime: "2026-11-28T00:00:00Z" },
    { id: "3", status: "COMPLETED", scheduledTime: "2026-11-27T00:00:00Z" },
    { id: "4", status: "RUNNING", startTime: "2026-11-25T00:00:00Z" },
  ];
  test.each([
    [undefined, "2"],
    [["COMPLETED"], "3"],
    [["RUNNING", "QUEUED"], "4"],
    [["PENDING"], undefined],
  ])("among %p picks %p", (statuses, id) => {
    expect(pickLatest(snaps, statuses)?.id).toBe(id);
  });
});

describe("pickLatestRestoreJob", () => {
  const jobs: FlexBackupRestoreJob[] = [
    { id: "1", snapshotId: "a", restoreScheduledDate: "2026-11-26T00:00:00Z" },
    { id: "2", snapshotId: "b", restoreScheduledDate: "2026-11-28T00:00:00Z" },
    { id: "3", snapshotId: "a", restoreScheduledDate: "2026-11-27T00:00:00Z" },
    // No scheduled date: dated by when it finished, which is earlier than 1's scheduling.
    { id: "4", snapshotId: "c", restoreFinishedDate: "2026-11-25T00:00:00Z" },
    // Neither date: comes last.
    { id: "5", snapshotId: "c" },
  ];
  test.each([
    [undefined, "2"],
    ["a", "3"],
    ["c", "4"],
    ["d", undefined],
  ])("of snapshot %p picks %p", (snapshotId, id) => {
    expect(pickLatestRestoreJob(jobs, snapshotId)?.id).toBe(id);
  });
});

describe("restore jobs", () => {
  describe("the restore job model", () => {
    test("its fields, in the order of the CLI's JSON documents (a public interface)", () => {
      expect(RESTORE_JOB_FIELD_NAMES).toEqual([
        "restoreJobId",
        "status",
        "deliveryType",
        "snapshotId",
        "targetProjectId",
        "targetDeploymentItemName",
        "snapshotFinishedDate",
        "restoreScheduledDate",
        "restoreFinishedDate",
        "expirationDate",
        "snapshotUrl",
      ]);
      expect(KNOWN_RESTORE_JOB_STATUSES).toEqual([
        "PENDING",
        "QUEUED",
        "RUNNING",
        "FAILED",
        "COMPLETED",
      ]);
    });

    test("snapshotUrl, and only it, is marked secret", () => {
      expect(RESTORE_JOB_SECRET_FIELDS).toEqual(["snapshotUrl"]);
    });

    test.each(RESTORE_JOB_FIELDS.map((field) => [field.result, field.atlas] as const))(
      "%s is read from Atlas's %s by the schema and published under its result name",
      (result, atlas) => {
        const parsed = flexBackupRestoreJobSchema.parse(ATLAS_JOB);
        expect(parsed[atlas]).toBe(ATLAS_JOB[atlas]);
        expect(restoreJobValues(parsed, null)[result]).toBe(ATLAS_JOB[atlas]);
      },
    );

    test.each<[string, Record<string, unknown>, boolean]>([
      [
        "a timestamp field takes an ISO 8601 time",
        { restoreFinishedDate: "2025-05-04T10:03:00Z" },
        true,
      ],
      ["a timestamp field refuses other text", { expirationDate: "in four hours" }, false],
      ["the status takes a status Atlas may add", { status: "CANCELLED" }, true],
      ["a string field refuses a number", { snapshotId: 5 }, false],
      ["a page of jobs", { results: [{ id: J }], totalCount: 1 }, true],
    ])("the schema's types come from the model: %s", (_, body, ok) => {
      const schema =
        "results" in body ? paginatedFlexBackupRestoreJobSchema : flexBackupRestoreJobSchema;
      expect(schema.safeParse(body).success).toBe(ok);
    });

    test("a value Atlas did not return is the layer's absent value, every key present", () => {
      expect(restoreJobValues({ id: J }, null)).toEqual({
        restoreJobId: J,
        status: null,
        deliveryType: null,
        snapshotId: null,
        targetProjectId: null,
        targetDeploymentItemName: null,
        snapshotFinishedDate: null,
        restoreScheduledDate: null,
        restoreFinishedDate: null,
        expirationDate: null,
        snapshotUrl: null,
      });
    });
  });

  describe("restore job arguments are checked before any request", () => {
    const good = { projectId: P, name: "orders", restoreJobId: J };

    test("good arguments are normalised: a status becomes a list", () => {
      expect(
        validateRestoreJobLookupArgs({
          ...good,
          require: {
            status: "COMPLETED",
            snapshotId: S1,
            targetDeploymentItemName: "orders-restore",
            targetProjectId: T,
          },
          wait: { timeout: "30m", interval: "15s" },
          apiVersion: "2025-03-12",
        }),
      ).toEqual({
        ...good,
        require: {
          status: ["COMPLETED"],
          snapshotId: S1,
          targetDeploymentItemName: "orders-restore",
          targetProjectId: T,
        },
        wait: { timeout: 1_800_000, interval: 15_000 },
        apiVersion: "2025-03-12",
      });
    });

    test.each<[string, Record<string, unknown>, string]>([
      [
        "a short restoreJobId",
        { ...good, restoreJobId: "abc" },
        'invalid restoreJobId "abc": expected a 24-character hexadecimal restore job id matching ^([a-f0-9]{24})$',
      ],
      [
        "a missing restoreJobId",
        { ...good, restoreJobId: undefined },
        "invalid restoreJobId undefined: expected a 24-character hexadecimal restore job id matching ^([a-f0-9]{24})$",
      ],
      [
        "a bad projectId",
        { ...good, projectId: "x".repeat(100) },
        'invalid projectId "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (100 characters)": expected a 24-character hexadecimal project id matching ^([a-f0-9]{24})$',
      ],
      [
        "a lower-case status",
        { ...good, require: { status: "completed" } },
        'invalid require.status "completed": expected a status (an upper-case word matching ^[A-Z][A-Z0-9_]{0,31}$, such as PENDING, QUEUED, RUNNING, FAILED, COMPLETED), or a list of 1 to 16 of them',
      ],
      [
        "a bad snapshotId in the gate",
        { ...good, require: { snapshotId: "latest" } },
        'invalid require.snapshotId "latest": expected a 24-character hexadecimal snapshot id matching ^([a-f0-9]{24})$',
      ],
      [
        "a target name with a slash",
        { ...good, require: { targetDeploymentItemName: "a/b" } },
        "invalid require.targetDeploymentItemName \"a/b\": expected a cluster name of 1 to 64 letters, digits or -_.(),:&@+' matching ^[\\p{L}\\p{N}\\-_.(),:&@+']{1,64}$",
      ],
      [
        "a target name of 65 characters",
        { ...good, require: { targetDeploymentItemName: "a".repeat(65) } },
        "invalid require.targetDeploymentItemName \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa… (65 characters)\": expected a cluster name of 1 to 64 letters, digits or -_.(),:&@+' matching ^[\\p{L}\\p{N}\\-_.(),:&@+']{1,64}$",
      ],
      [
        "a bad targetProjectId",
        { ...good, require: { targetProjectId: "ABC" } },
        'invalid require.targetProjectId "ABC": expected a 24-character hexadecimal project id matching ^([a-f0-9]{24})$',
      ],
      [
        "a snapshot gate option",
        { ...good, require: { maxAge: "1h" } },
        'invalid require {"maxAge":"1h"}: expected only known options (Unrecognized key: "maxAge")',
      ],
      [
        "a wait without a timeout",
        { ...good, wait: { interval: "10s" } },
        'invalid wait.timeout undefined: expected a duration from 1s to 1d, such as "90s", "15m", "24h" or "7d"',
      ],
    ])("%s", (_, input, message) => {
      expect(() => validateRestoreJobLookupArgs(input)).toThrow(ValidationError);
      expect(() => validateRestoreJobLookupArgs(input)).toThrow(message);
    });

    test("the list takes a cluster and an API version only", () => {
      expect(validateRestoreJobListArgs({ projectId: P, name: "orders" })).toEqual({
        projectId: P,
        name: "orders",
      });
      expect(() => validateRestoreJobListArgs({ projectId: P, name: "a b" })).toThrow(
        'invalid name "a b": expected a flex cluster name matching ^[a-zA-Z0-9][a-zA-Z0-9-]*$',
      );
    });

    test("a status Atlas has not been seen to return draws a warning naming restore jobs", () => {
      expect(
        statusWarnings({ require: { status: ["DONE", "COMPLETED"] } }, RESTORE_JOB_STATUSES),
      ).toEqual([
        "status DONE (in require.status) is not one Atlas has been seen to return (PENDING, QUEUED, RUNNING, FAILED, COMPLETED); no restore job matches it until Atlas does, so check its spelling",
      ]);
    });
  });

  describe("the restore gate", () => {
    const job: FlexBackupRestoreJob = flexBackupRestoreJobSchema.parse(ATLAS_JOB);

    test.each<[string, Partial<FlexBackupRestoreJob>, RestoreGate | undefined, string[]]>([
      ["no gate", {}, undefined, []],
      [
        "everything it names matches",
        {},
        {
          status: ["COMPLETED"],
          snapshotId: S1 as RestoreGate["snapshotId"],
          targetDeploymentItemName: "orders-restore",
          targetProjectId: T as RestoreGate["targetProjectId"],
        },
        [],
      ],
      [
        "a FAILED job",
        { status: "FAILED" },
        { status: ["COMPLETED"] },
        ["is FAILED; required status COMPLETED"],
      ],
      [
        "a job without a status, against two statuses",
        { status: undefined },
        { status: ["RUNNING", "COMPLETED"] },
        ["has no status; required status one of RUNNING, COMPLETED"],
      ],
      [
        "another snapshot",
        {},
        { snapshotId: S2 as RestoreGate["snapshotId"] },
        [`restores snapshot ${S1}; required snapshot ${S2}`],
      ],
      [
        "no snapshot id, against a required one (fails closed)",
        { snapshotId: undefined },
        { snapshotId: S2 as RestoreGate["snapshotId"] },
        [`names no snapshot; required snapshot ${S2}`],
      ],
      [
        "another target cluster and project, still RUNNING",
        { status: "RUNNING" },
        {
          status: ["COMPLETED"],
          targetDeploymentItemName: "reports",
          targetProjectId: P as RestoreGate["targetProjectId"],
        },
        [
          "is RUNNING; required status COMPLETED",
          'restores into cluster "orders-restore"; required cluster "reports"',
          `restores into project ${T}; required project ${P}`,
        ],
      ],
      [
        "no target, against a required one",
        { targetDeploymentItemName: undefined, targetProjectId: undefined },
        {
          targetDeploymentItemName: "reports",
          targetProjectId: P as RestoreGate["targetProjectId"],
        },
        [
          'names no target cluster; required cluster "reports"',
          `names no target project; required project ${P}`,
        ],
      ],
    ])("%s", (_, patch, gate, expected) => {
      const reasons = restoreGateShortfalls({ ...job, ...patch }, gate);
      expect(reasons).toEqual(expected);
      // The download link is a credential: no reason ever quotes it.
      expect(reasons.join("\n")).not.toContain("token");
    });

    test("a job's description without an id says so", () => {
      expect(describeRestoreJob({ projectId: P, name: "orders" }, undefined)).toBe(
        `restore job (no id) of flex cluster "orders" in project ${P}`,
      );
    });

    test("a long target name from Atlas is quoted bounded", () => {
      expect(
        restoreGateShortfalls(
          { ...job, targetDeploymentItemName: "n".repeat(200) },
          { targetDeploymentItemName: "reports" },
        ),
      ).toEqual([
        `restores into cluster "${"n".repeat(40)}… (200 characters)"; required cluster "reports"`,
      ]);
    });

    test("the status check is the snapshot gate's", () => {
      expect(statusShortfall("QUEUED", ["COMPLETED"])).toEqual([
        "is QUEUED; required status COMPLETED",
      ]);
      expect(statusShortfall("COMPLETED", ["COMPLETED"])).toEqual([]);
      expect(statusShortfall(undefined, undefined)).toEqual([]);
    });
  });
});

describe("both kinds: a gate's shortfalls make one message", () => {
  test.each<{ kind: LookupKind; name: string; message: () => string; expected: string }>([
    {
      kind: SNAPSHOT,
      name: "formatShortfalls joins the shortfalls into one message naming the snapshot",
      message: () => {
        const ref = { projectId: "a".repeat(24), name: "orders" };
        const snapshot = { id: "c".repeat(24), status: "FAILED" };
        return formatShortfalls(
          ref,
          snapshot,
          gateShortfalls(snapshot, { status: ["COMPLETED"], maxAge: H }, NOW),
        );
      },
      expected: `snapshot ${"c".repeat(24)} of flex cluster "orders" in project ${"a".repeat(24)} is FAILED; required status COMPLETED; and it has no finishTime, so its age is unknown; required finished within 1h`,
    },
    {
      kind: RESTORE_JOB,
      name: "the message names the job, then each shortfall, and never the download link",
      message: () =>
        formatRestoreShortfalls(
          { projectId: P, name: "orders", restoreJobId: J },
          flexBackupRestoreJobSchema.parse(ATLAS_JOB),
          [
            "is FAILED; required status COMPLETED",
            `restores snapshot ${S1}; required snapshot ${S2}`,
          ],
        ),
      expected: `restore job ${J} of flex cluster "orders" in project ${P} is FAILED; required status COMPLETED; and it restores snapshot ${S1}; required snapshot ${S2}`,
    },
  ])("$kind.label: $name", ({ message, expected }) => {
    const text = message();
    expect(text).toBe(expected);
    // A restore job's download link is a credential; no message of either kind quotes it.
    expect(text).not.toContain(URL_SECRET);
  });
});
