/** Durations, the freshness gate, the wait loop (in virtual time) and picking the latest snapshot. */
import { WaitTimeoutError, type FlexBackupSnapshot } from "../provider";
import { validateLookupArgs } from "../provider/lookups/validation";
import { formatDuration, parseDuration } from "../provider/lookups/duration";
import { formatShortfalls, gateShortfalls } from "../provider/lookups/gate";
import { pickLatest } from "../provider/lookups/gatedLookups";
import { pollIntervalMs, waitForTerminalStatus, type WaitClock } from "../provider/lookups/wait";

const NOW = Date.parse("2026-11-28T12:00:00Z");
const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

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

  test("formatShortfalls joins the shortfalls into one message naming the snapshot", () => {
    const ref = { projectId: "a".repeat(24), name: "orders" };
    const snapshot = { id: "c".repeat(24), status: "FAILED" };
    expect(
      formatShortfalls(
        ref,
        snapshot,
        gateShortfalls(snapshot, { status: ["COMPLETED"], maxAge: H }, NOW),
      ),
    ).toBe(
      `snapshot ${"c".repeat(24)} of flex cluster "orders" in project ${"a".repeat(24)} is FAILED; required status COMPLETED; and it has no finishTime, so its age is unknown; required finished within 1h`,
    );
  });
});

/** A clock whose sleeps pass instantly, recording them. */
function virtualClock(): WaitClock & { sleeps: number[] } {
  let now = NOW;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

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
    const clock = virtualClock();
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
      virtualClock(),
    );
    expect(snapshot.status).toBe("FAILED");
  });

  test("times out with the last status and the time waited, after a last poll at the timeout", async () => {
    const clock = virtualClock();
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
    const clock = virtualClock();
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
