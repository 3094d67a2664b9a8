/**
 * The `flex-snapshot` command line, run in-process through `runCli` against the local Atlas
 * emulator over real HTTP, for both kinds of lookup: every command, every exit code, the JSON
 * documents, the tables, help, usage errors, progress on a terminal or not, and secrets; for
 * restore jobs (`restore-job get|list|wait`) also the restore gate and the secret `snapshotUrl`,
 * which no run prints unless `--show-snapshot-url` asks for it; then once as the compiled
 * executable, to prove the `bin` entry and its exit code. What is checked alike for both kinds
 * (Atlas's 404 for an unknown id, a wait that runs out) is one table over both.
 *
 * What this does not prove: behaviour against real Atlas, or on a real terminal (whether stderr
 * is one is injected), or what a ResponseValidationError looks like end to end (the emulator
 * cannot send a malformed success; `exitCodeFor` is tested for it directly).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { EXIT_CODES } from "../bin/cli";
import { exitCodeFor } from "../bin/exitCodes";
import { UsageError } from "../bin/usageError";
import {
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  GateError,
  InternalServerError,
  ResponseValidationError,
  TimeoutError,
  ValidationError,
  WaitTimeoutError,
} from "../provider";
import {
  DEMO_CLUSTER_NAME,
  DEMO_DOWNLOAD_RESTORE_JOB_ID,
  DEMO_PROJECT_ID,
  DEMO_RESTORE_JOB_IDS,
  DEMO_SNAPSHOT_IDS,
  demoSnapshotUrl,
  type FlexRestoreJobRecord,
  type FlexSnapshotRecord,
} from "../emulator";
import { CLI_EXECUTABLE, type CliRun as Run } from "./support/cli";
import { cliRunner, json, serviceAccountEnv } from "./support/cliRunner";
import { KEY, SA, SECRETS, TOKEN } from "./support/credentials";
import { useEmulator } from "./support/emulatorFixture";
import { RESTORE_JOB, SNAPSHOT, type LookupKind } from "./support/kinds";

const ROOT = path.resolve(__dirname, "..");
const P = DEMO_PROJECT_ID;
const IDS = DEMO_SNAPSHOT_IDS;
const ORDERS = ["--project-id", P, "--cluster", DEMO_CLUSTER_NAME];
const of = (id: string): string[] => [...ORDERS, "--snapshot-id", id];
const describeIn = (id: string, cluster = DEMO_CLUSTER_NAME): string =>
  `snapshot ${id} of flex cluster "${cluster}" in project ${P}`;

const ALL_COMMANDS =
  "get, list, latest, wait, restore-job get, restore-job latest, restore-job list, restore-job wait";
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const SNAPSHOT_PATH = /\/backup\/snapshots(\/[a-f0-9]{24})?$/;

/** A cluster with fixed times, for exact output, and a snapshot Atlas says little about. */
const ANALYTICS = "analytics";
const OLD: FlexSnapshotRecord = {
  id: "a0a0a0a0a0a0a0a0a0a0a001",
  status: "COMPLETED",
  mongoDBVersion: "7.0.12",
  scheduledTime: "2025-01-01T00:00:00Z",
  startTime: "2025-01-01T00:00:45Z",
  finishTime: "2025-01-01T00:02:25Z",
  expiration: "2025-01-09T00:02:25Z",
};
const BARE: FlexSnapshotRecord = { id: "a0a0a0a0a0a0a0a0a0a0a002", status: "PENDING" };
const IN_ANALYTICS = ["--project-id", P, "--cluster", ANALYTICS];

/** A cluster whose one snapshot a test moves along with `scheduleProgress`. */
const NIGHTLY = "nightly";
const MOVING_ID = "b0b0b0b0b0b0b0b0b0b0b001";
const MOVING = [...["--project-id", P, "--cluster", NIGHTLY], "--snapshot-id", MOVING_ID];

const CREDENTIAL_ENV: Record<string, NodeJS.ProcessEnv> = {
  "an access token": { MONGODB_ATLAS_ACCESS_TOKEN: TOKEN },
  "a service account": {
    MONGODB_ATLAS_CLIENT_ID: SA.clientId,
    MONGODB_ATLAS_CLIENT_SECRET: SA.clientSecret,
  },
  "an API key": {
    MONGODB_ATLAS_PUBLIC_API_KEY: KEY.publicKey,
    MONGODB_ATLAS_PRIVATE_API_KEY: KEY.privateKey,
  },
  "an API key under the short names": {
    MONGODB_ATLAS_PUBLIC_KEY: KEY.publicKey,
    MONGODB_ATLAS_PRIVATE_KEY: KEY.privateKey,
  },
};

/** The restore jobs' cluster: jobs of fixed times, for exact output. */
const T = "0123456789abcdef01234567";
const S = "a0a0a0a0a0a0a0a0a0a0a001";
const OTHER_S = "a0a0a0a0a0a0a0a0a0a0a002";
/** A cluster with restore jobs of fixed times, for exact output. */
const ARCHIVE = "archive";
const IN_ARCHIVE = ["--project-id", P, "--cluster", ARCHIVE];
const RESTORED: FlexRestoreJobRecord = {
  id: "c0c0c0c0c0c0c0c0c0c0c001",
  status: "COMPLETED",
  deliveryType: "RESTORE",
  snapshotId: S,
  targetProjectId: T,
  targetDeploymentItemName: "archive-copy",
  snapshotFinishedDate: "2025-01-01T00:02:25Z",
  restoreScheduledDate: "2025-01-02T00:00:00Z",
  restoreFinishedDate: "2025-01-02T00:03:00Z",
};
const DOWNLOADED: FlexRestoreJobRecord = {
  id: "c0c0c0c0c0c0c0c0c0c0c002",
  status: "COMPLETED",
  deliveryType: "DOWNLOAD",
  snapshotId: S,
  snapshotFinishedDate: "2025-01-01T00:02:25Z",
  restoreScheduledDate: "2025-01-01T12:00:00Z",
  restoreFinishedDate: "2025-01-01T12:02:00Z",
  expirationDate: "2025-01-01T16:02:00Z",
  snapshotUrl: demoSnapshotUrl("c0c0c0c0c0c0c0c0c0c0c002"),
};
const BARE_JOB: FlexRestoreJobRecord = { id: "c0c0c0c0c0c0c0c0c0c0c003", status: "PENDING" };
/** A job a test moves along with `scheduleRestoreJobProgress`. */
const MOVING_JOB_ID = "c0c0c0c0c0c0c0c0c0c0c0ff";
const job = (id: string): string[] => [...IN_ARCHIVE, "--restore-job-id", id];
const orders = (id: string): string[] => [
  ...["--project-id", P, "--cluster", DEMO_CLUSTER_NAME],
  "--restore-job-id",
  id,
];
const described = (id: string, cluster = ARCHIVE) =>
  `restore job ${id} of flex cluster "${cluster}" in project ${P}`;
/** The download links the emulator hands out: never jobPrinted unless asked for. */
const LINKS = [demoSnapshotUrl(DOWNLOADED.id), demoSnapshotUrl(DEMO_DOWNLOAD_RESTORE_JOB_ID)];
const SIGNATURES = LINKS.map((link) => new URL(link).searchParams.get("X-Amz-Signature")!);
const JOB_SECRETS = [...LINKS, ...SIGNATURES, SA.clientSecret];

const { emulator } = useEmulator();
/** The emulator's origin and a service account: the environment of most runs. */
const defaultEnv = (): NodeJS.ProcessEnv => serviceAccountEnv(emulator.baseUrl);
/** Every snapshot run, for the final check that no secret was ever printed. */
const { run, printed } = cliRunner(defaultEnv);
/** Every restore job run without `--show-snapshot-url`, for the final check. */
const { run: runJob, printed: jobPrinted } = cliRunner(
  defaultEnv,
  (argv) => !argv.includes("--show-snapshot-url"),
);

beforeEach(() => {
  // Put back the tests' own snapshots and restore jobs, whatever a test did to them.
  emulator.putSnapshot(P, ANALYTICS, OLD);
  emulator.putSnapshot(P, ANALYTICS, BARE);
  emulator.putSnapshot(P, NIGHTLY, {
    id: MOVING_ID,
    status: "PENDING",
    mongoDBVersion: "8.0.4",
    scheduledTime: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
  });
  for (const record of [RESTORED, DOWNLOADED, BARE_JOB]) emulator.putRestoreJob(P, ARCHIVE, record);
  emulator.removeRestoreJob(P, ARCHIVE, MOVING_JOB_ID);
});

type Status = keyof typeof IDS;

/** The JSON fields of a seeded demo snapshot: the times its status implies, others null. */
function demoFields(status: Status) {
  const started = ["RUNNING", "FAILED", "COMPLETED"].includes(status);
  const finished = ["FAILED", "COMPLETED"].includes(status);
  const time = (present: boolean) => (present ? expect.stringMatching(TIMESTAMP) : null);
  return {
    id: IDS[status],
    snapshotId: IDS[status],
    status,
    mongoDbVersion: "8.0.4",
    scheduledTime: time(true),
    startTime: time(started),
    finishTime: time(finished),
    expiration: time(status === "COMPLETED"),
  };
}

/** The document of `get`, `latest` or `wait` for a seeded demo snapshot. */
function demoDocument(status: Status, reasons: unknown[] = []) {
  return {
    projectId: P,
    name: DEMO_CLUSTER_NAME,
    ...demoFields(status),
    gate: { met: reasons.length === 0, reasons },
  };
}

const DOCUMENT_KEYS = [
  "projectId",
  "name",
  "snapshotId",
  "id",
  "status",
  "mongoDbVersion",
  "scheduledTime",
  "startTime",
  "finishTime",
  "expiration",
  "gate",
];

/** The JSON document of RESTORED, gate met. */
const RESTORED_DOCUMENT = {
  projectId: P,
  name: ARCHIVE,
  restoreJobId: RESTORED.id,
  status: "COMPLETED",
  deliveryType: "RESTORE",
  snapshotId: S,
  targetProjectId: T,
  targetDeploymentItemName: "archive-copy",
  snapshotFinishedDate: "2025-01-01T00:02:25Z",
  restoreScheduledDate: "2025-01-02T00:00:00Z",
  restoreFinishedDate: "2025-01-02T00:03:00Z",
  expirationDate: null,
  snapshotUrl: null,
  gate: { met: true, reasons: [] },
};

describe("both kinds alike", () => {
  /** The kind's runner: each keeps its own runs for its own final check. */
  const runOf = (kind: LookupKind) => (kind === SNAPSHOT ? run : runJob);

  test.each<{ kind: LookupKind; argv: string[]; message: RegExp | string }>([
    {
      kind: SNAPSHOT,
      argv: ["get", ...of("6650c0de00000000000000ff")],
      message:
        /^\[404 Not Found\] GET \S+: SNAPSHOT_NOT_FOUND: No snapshot with ID 6650c0de00000000000000ff exists/,
    },
    {
      kind: RESTORE_JOB,
      argv: ["restore-job", "get", ...job("c0c0c0c0c0c0c0c0c0c0c0ee")],
      message: `[404 Not Found] GET /api/atlas/v2/groups/${P}/flexClusters/${ARCHIVE}/backup/restoreJobs/c0c0c0c0c0c0c0c0c0c0c0ee: RESTORE_JOB_NOT_FOUND: No restore job with ID c0c0c0c0c0c0c0c0c0c0c0ee exists for flex cluster ${ARCHIVE}.`,
    },
  ])("$kind.label: an unknown id is exit 4, Atlas's 404", async ({ kind, argv, message }) => {
    const result = await runOf(kind)([...argv, "--output", "json"]);
    expect(result.code).toBe(EXIT_CODES.ATLAS);
    expect(json(result)).toEqual({ error: { kind: "NotFoundError", message: expect.any(String) } });
    const { error } = json(result) as { error: { message: string } };
    expect(error.message).toMatch(message);
    expect(result.stderr).toBe(`flex-snapshot: ${error.message}\n`);
  });

  test.each<{ kind: LookupKind; message: RegExp; path: RegExp }>([
    {
      kind: SNAPSHOT,
      message: new RegExp(
        `^timed out after \\d+(ms|s) waiting for ${describeIn(IDS.RUNNING)} to complete: its last status was RUNNING \\(\\d+ polls\\)$`,
      ),
      path: SNAPSHOT_PATH,
    },
    {
      kind: RESTORE_JOB,
      message: new RegExp(
        `^timed out after 1s waiting for ${described(DEMO_RESTORE_JOB_IDS.RUNNING, DEMO_CLUSTER_NAME)} to complete: its last status was RUNNING \\(\\d+ polls\\)$`,
      ),
      path: /\/backup\/restoreJobs(\/[a-f0-9]{24})?$/,
    },
  ])(
    "$kind.label: wait --timeout on one that stays RUNNING is exit 2, the error document",
    async ({ kind, message, path }) => {
      const argv = [...kind.commandPrefix, "wait", ...ORDERS, kind.idFlag, kind.ids.RUNNING];
      const result = await runOf(kind)([
        ...argv,
        ...["--timeout", "1s", "--interval", "1s", "--output", "json"],
      ]);
      expect(result.code).toBe(EXIT_CODES.WAIT_TIMED_OUT);
      expect(json(result)).toEqual({
        error: { kind: "WaitTimeoutError", message: expect.stringMatching(message) },
      });
      const { error } = json(result) as { error: { message: string } };
      // Not a terminal: no progress lines, only the error.
      expect(result.stderr).toBe(`flex-snapshot: ${error.message}\n`);
      expect(emulator.count({ path })).toBeGreaterThanOrEqual(2);
    },
  );
});

describe("snapshots", () => {
  describe("exit 0: the lookup succeeds and the gate is met", () => {
    test.each<[string, string[], unknown]>([
      ["get, no gate", ["get", ...of(IDS.COMPLETED)], demoDocument("COMPLETED")],
      [
        "get with every gate flag",
        [
          "get",
          ...of(IDS.COMPLETED),
          "--require-status",
          "FAILED,COMPLETED",
          "--max-age",
          "7h",
          "--min-remaining",
          "7d",
        ],
        demoDocument("COMPLETED"),
      ],
      [
        "get of a RUNNING snapshot, --require-status repeated",
        ["get", ...of(IDS.RUNNING), "--require-status", "QUEUED", "--require-status", "RUNNING"],
        demoDocument("RUNNING"),
      ],
      [
        "wait for a snapshot that is already COMPLETED",
        ["wait", ...of(IDS.COMPLETED), "--timeout", "1s"],
        demoDocument("COMPLETED"),
      ],
      [
        "latest, by scheduledTime: the PENDING one scheduled in an hour",
        ["latest", ...ORDERS],
        demoDocument("PENDING"),
      ],
      [
        "latest among COMPLETED and FAILED, with a freshness gate",
        ["latest", ...ORDERS, "--status", "COMPLETED,FAILED", "--max-age", "7h"],
        demoDocument("COMPLETED"),
      ],
      [
        "get of a snapshot Atlas says little about: absent fields are null",
        ["get", ...IN_ANALYTICS, "--snapshot-id", BARE.id],
        {
          projectId: P,
          name: ANALYTICS,
          snapshotId: BARE.id,
          id: BARE.id,
          status: "PENDING",
          mongoDbVersion: null,
          scheduledTime: null,
          startTime: null,
          finishTime: null,
          expiration: null,
          gate: { met: true, reasons: [] },
        },
      ],
    ])("%s", async (_, argv, expected) => {
      const result = await run([...argv, "--output", "json"]);
      expect(result).toEqual({ code: EXIT_CODES.OK, stdout: expect.any(String), stderr: "" });
      expect(json(result)).toEqual(expected);
      expect(Object.keys(json(result) as object)).toEqual(DOCUMENT_KEYS);
    });

    test("list prints every snapshot in Atlas's order, with the same field names", async () => {
      const result = await run(["list", ...ORDERS, "--output", "json"]);
      expect(result.code).toBe(EXIT_CODES.OK);
      expect(result.stderr).toBe("");
      const order: Status[] = ["PENDING", "QUEUED", "RUNNING", "COMPLETED", "FAILED"];
      expect(json(result)).toEqual({
        projectId: P,
        name: DEMO_CLUSTER_NAME,
        results: [
          ...order.map(demoFields),
          ...[6, 7, 8, 9].map((n) => ({
            ...demoFields("COMPLETED"),
            id: `6650c0de000000000000000${n}`,
            snapshotId: `6650c0de000000000000000${n}`,
          })),
        ],
      });
    });

    test("list of a cluster with fixed times, exactly; a missing field is null", async () => {
      const result = await run(["list", ...IN_ANALYTICS, "--output", "json"]);
      expect(result.code).toBe(EXIT_CODES.OK);
      expect(result.stdout).toBe(
        `${JSON.stringify(
          {
            projectId: P,
            name: ANALYTICS,
            results: [
              {
                id: OLD.id,
                snapshotId: OLD.id,
                status: "COMPLETED",
                mongoDbVersion: "7.0.12",
                scheduledTime: "2025-01-01T00:00:00Z",
                startTime: "2025-01-01T00:00:45Z",
                finishTime: "2025-01-01T00:02:25Z",
                expiration: "2025-01-09T00:02:25Z",
              },
              {
                id: BARE.id,
                snapshotId: BARE.id,
                status: "PENDING",
                mongoDbVersion: null,
                scheduledTime: null,
                startTime: null,
                finishTime: null,
                expiration: null,
              },
            ],
          },
          null,
          2,
        )}\n`,
      );
    });

    test.each<[string, string[]]>([
      ["wait --timeout", ["wait", ...MOVING, "--timeout", "10s", "--interval", "1s"]],
      ["get --wait", ["get", ...MOVING, "--wait", "10s", "--interval", "1s"]],
    ])("%s follows a snapshot from PENDING to COMPLETED", async (_, argv) => {
      emulator.scheduleProgress(P, NIGHTLY, MOVING_ID, { stepMs: 100 });
      const result = await run([...argv, "--output", "json"]);
      expect(result.code).toBe(EXIT_CODES.OK);
      expect(json(result)).toEqual({
        projectId: P,
        name: NIGHTLY,
        snapshotId: MOVING_ID,
        id: MOVING_ID,
        status: "COMPLETED",
        mongoDbVersion: "8.0.4",
        scheduledTime: expect.stringMatching(TIMESTAMP),
        startTime: expect.stringMatching(TIMESTAMP),
        finishTime: expect.stringMatching(TIMESTAMP),
        expiration: expect.stringMatching(TIMESTAMP),
        gate: { met: true, reasons: [] },
      });
      expect(emulator.count({ path: SNAPSHOT_PATH })).toBeGreaterThanOrEqual(2);
    });
  });

  describe("exit 1: the gate is not met, and the document says why", () => {
    test.each<[string, string[], (() => void) | undefined, unknown, RegExp]>([
      [
        "FAILED, with --require-status COMPLETED",
        ["get", ...of(IDS.FAILED), "--require-status", "COMPLETED"],
        undefined,
        demoDocument("FAILED", ["is FAILED; required status COMPLETED"]),
        /^is FAILED; required status COMPLETED$/,
      ],
      [
        "FAILED, with a wait and no status gate: COMPLETED is required",
        ["wait", ...of(IDS.FAILED), "--timeout", "1s"],
        undefined,
        demoDocument("FAILED", ["is FAILED; required status COMPLETED"]),
        /^is FAILED; required status COMPLETED$/,
      ],
      [
        "still RUNNING, without a wait",
        ["get", ...of(IDS.RUNNING), "--require-status", "COMPLETED"],
        undefined,
        demoDocument("RUNNING", ["is RUNNING; required status COMPLETED"]),
        /^is RUNNING; required status COMPLETED$/,
      ],
      [
        "finished too long ago (--max-age 1s)",
        ["get", ...of(IDS.COMPLETED), "--max-age", "1s"],
        undefined,
        demoDocument("COMPLETED", [
          expect.stringMatching(
            /^finished 5h5\dm\d+s ago \(at \S+Z\); required finished within 1s$/,
          ),
        ]),
        /^finished 5h5\dm\d+s ago/,
      ],
      [
        "expires too soon (--min-remaining 30d)",
        ["get", ...of(IDS.COMPLETED), "--min-remaining", "30d"],
        undefined,
        demoDocument("COMPLETED", [
          expect.stringMatching(
            /^expires in 7d18h\d+m\d+s \(at \S+Z\); required at least 30d left$/,
          ),
        ]),
        /^expires in 7d18h/,
      ],
      [
        "every way at once: status, age and a missing expiration",
        [
          "get",
          ...of(IDS.FAILED),
          "--require-status",
          "COMPLETED",
          "--max-age",
          "1h",
          "--min-remaining",
          "1d",
        ],
        undefined,
        demoDocument("FAILED", [
          "is FAILED; required status COMPLETED",
          expect.stringMatching(
            /^finished 23h5\dm\d+s ago \(at \S+Z\); required finished within 1h$/,
          ),
          "has no expiration, so its remaining life is unknown; required at least 1d left",
        ]),
        /^is FAILED; required status COMPLETED; and it finished 23h5\dm\d+s ago .*; and it has no expiration/,
      ],
      [
        "latest COMPLETED, finished more than an hour ago",
        ["latest", ...ORDERS, "--status", "COMPLETED", "--max-age", "1h"],
        undefined,
        demoDocument("COMPLETED", [expect.stringMatching(/^finished 5h5\dm\d+s ago /)]),
        /^finished 5h5\dm\d+s ago/,
      ],
      [
        "a wait that ends FAILED",
        ["wait", ...MOVING, "--timeout", "10s", "--interval", "1s"],
        () => emulator.scheduleProgress(P, NIGHTLY, MOVING_ID, { stepMs: 50, final: "FAILED" }),
        {
          projectId: P,
          name: NIGHTLY,
          snapshotId: MOVING_ID,
          id: MOVING_ID,
          status: "FAILED",
          mongoDbVersion: "8.0.4",
          scheduledTime: expect.stringMatching(TIMESTAMP),
          startTime: expect.stringMatching(TIMESTAMP),
          finishTime: expect.stringMatching(TIMESTAMP),
          expiration: null,
          gate: { met: false, reasons: ["is FAILED; required status COMPLETED"] },
        },
        /^is FAILED; required status COMPLETED$/,
      ],
    ])("%s", async (_, argv, setup, expected, reason) => {
      setup?.();
      const result = await run([...argv, "--output", "json"]);
      expect(result.code).toBe(EXIT_CODES.GATE_NOT_MET);
      expect(json(result)).toEqual(expected);
      // stderr: one line, the provider's GateError message: the snapshot, then the reasons.
      const id = (expected as { snapshotId: string }).snapshotId;
      const cluster = (expected as { name: string }).name;
      const prefix = `flex-snapshot: gate not met: ${describeIn(id, cluster)} `;
      expect(result.stderr.startsWith(prefix)).toBe(true);
      expect(result.stderr.endsWith("\n")).toBe(true);
      expect(result.stderr.split("\n")).toHaveLength(2);
      expect(result.stderr.slice(prefix.length, -1)).toMatch(reason);
    });

    test("latest --status with a status no snapshot has: no snapshot, every field null", async () => {
      const result = await run([
        "latest",
        ...IN_ANALYTICS,
        "--status",
        "FAILED",
        "--output",
        "json",
      ]);
      const message = `flex cluster "${ANALYTICS}" in project ${P} has no snapshot with status FAILED (2 snapshot(s) in all)`;
      expect(result).toEqual({
        code: EXIT_CODES.GATE_NOT_MET,
        stdout: expect.any(String),
        stderr: `flex-snapshot: gate not met: ${message}\n`,
      });
      expect(json(result)).toEqual({
        projectId: P,
        name: ANALYTICS,
        snapshotId: null,
        id: null,
        status: null,
        mongoDbVersion: null,
        scheduledTime: null,
        startTime: null,
        finishTime: null,
        expiration: null,
        gate: { met: false, reasons: [message] },
      });
    });
  });

  describe("exit 2: waiting timed out", () => {
    test.each<[string, string[]]>([
      ["get --wait", ["get", ...of(IDS.RUNNING), "--wait", "1s", "--interval", "1s"]],
      [
        "latest --wait",
        ["latest", ...ORDERS, "--status", "RUNNING", "--wait", "1s", "--interval", "1s"],
      ],
    ])("%s on a snapshot that stays RUNNING", async (_, argv) => {
      const result = await run([...argv, "--output", "json"]);
      const message = new RegExp(
        `^timed out after \\d+(ms|s) waiting for ${describeIn(IDS.RUNNING)} to complete: its last status was RUNNING \\(\\d+ polls\\)$`,
      );
      expect(result.code).toBe(EXIT_CODES.WAIT_TIMED_OUT);
      expect(json(result)).toEqual({
        error: { kind: "WaitTimeoutError", message: expect.stringMatching(message) },
      });
      const { error } = json(result) as { error: { message: string } };
      // Not a terminal: no progress lines, only the error.
      expect(result.stderr).toBe(`flex-snapshot: ${error.message}\n`);
      expect(emulator.count({ path: SNAPSHOT_PATH })).toBeGreaterThanOrEqual(2);
    });
  });

  describe("exit 3: usage and input errors, before any request", () => {
    const hint = (command?: string) =>
      command === undefined
        ? "run `flex-snapshot --help`"
        : `run \`flex-snapshot ${command} --help\``;
    test.each<[string, string[], string | RegExp]>([
      ["no command", [], `missing command: expected one of ${ALL_COMMANDS}; ` + hint()],
      [
        "an unknown command",
        ["frobnicate"],
        `unknown command "frobnicate": expected one of ${ALL_COMMANDS}; ` + hint(),
      ],
      [
        "restore-job without its command",
        ["restore-job", "--cluster", "orders"],
        "missing restore-job command: expected one of get, latest, list, wait; " + hint(),
      ],
      [
        "an unknown restore-job command",
        ["restore-job", "describe"],
        `unknown command "restore-job describe": expected one of ${ALL_COMMANDS}; ` + hint(),
      ],
      ["a flag before the command", ["--cluster", "orders"], /^unknown option '--cluster'; /],
      [
        "an unknown flag",
        ["get", ...of(IDS.COMPLETED), "--bogus"],
        "unknown option '--bogus'; " + hint("get"),
      ],
      [
        "a flag of another command",
        ["list", ...ORDERS, "--snapshot-id", IDS.COMPLETED],
        "unknown option '--snapshot-id'; " + hint("list"),
      ],
      [
        "a positional argument",
        ["list", ...ORDERS, "extra"],
        "unexpected argument 'extra'; " + hint("list"),
      ],
      [
        "a flag without its value",
        ["get", "--project-id"],
        "option '--project-id <value>' argument missing; " + hint("get"),
      ],
      [
        "every required flag missing",
        ["get"],
        "missing --project-id, --cluster, --snapshot-id; " + hint("get"),
      ],
      ["--cluster missing", ["list", "--project-id", P], "missing --cluster; " + hint("list")],
      [
        "wait without --timeout",
        ["wait", ...of(IDS.RUNNING)],
        "missing --timeout; " + hint("wait"),
      ],
      [
        "--interval without --wait",
        ["get", ...of(IDS.RUNNING), "--interval", "1s"],
        "--interval needs --wait; " + hint("get"),
      ],
      [
        "an unknown output format",
        ["list", ...ORDERS, "--output", "yaml"],
        '--output must be "table" or "json", not "yaml"; ' + hint("list"),
      ],
      [
        "a project id of the wrong shape",
        ["list", "--project-id", "abc", "--cluster", DEMO_CLUSTER_NAME],
        'invalid --project-id "abc": expected a 24-character hexadecimal project id matching ^([a-f0-9]{24})$',
      ],
      [
        "a cluster name of the wrong shape",
        ["list", "--project-id", P, "--cluster", "no_underscores"],
        'invalid --cluster "no_underscores": expected a flex cluster name matching ^[a-zA-Z0-9][a-zA-Z0-9-]*$',
      ],
      [
        "a snapshot id of the wrong shape",
        ["get", ...of("zz")],
        'invalid --snapshot-id "zz": expected a 24-character hexadecimal snapshot id matching ^([a-f0-9]{24})$',
      ],
      [
        "a status that is not an upper-case word",
        ["latest", ...ORDERS, "--status", "done"],
        'invalid --status "done": expected a status (an upper-case word matching ^[A-Z][A-Z0-9_]{0,31}$, such as PENDING, QUEUED, RUNNING, FAILED, COMPLETED), or a list of 1 to 16 of them',
      ],
      [
        "an empty status list",
        ["get", ...of(IDS.COMPLETED), "--require-status", ","],
        "invalid --require-status []: expected a status (an upper-case word matching ^[A-Z][A-Z0-9_]{0,31}$, such as PENDING, QUEUED, RUNNING, FAILED, COMPLETED), or a list of 1 to 16 of them",
      ],
      [
        "a duration that is not one",
        ["get", ...of(IDS.COMPLETED), "--max-age", "soon"],
        /^invalid --max-age "soon": expected a duration from 1s to 366d, such as "90s", "15m", "24h" or "7d"/,
      ],
      [
        "a bad --min-remaining",
        ["get", ...of(IDS.COMPLETED), "--min-remaining", "1y"],
        /^invalid --min-remaining "1y": expected a duration/,
      ],
      [
        "a bad --timeout",
        ["wait", ...of(IDS.RUNNING), "--timeout", "forever"],
        /^invalid --timeout "forever": expected a duration/,
      ],
      [
        "a bad --wait",
        ["get", ...of(IDS.RUNNING), "--wait", "10"],
        /^invalid --wait "10": expected a duration/,
      ],
      [
        "a bad --interval",
        ["get", ...of(IDS.RUNNING), "--wait", "1m", "--interval", "x"],
        /^invalid --interval "x": expected a duration/,
      ],
      [
        "an API version that is not a date",
        ["list", ...ORDERS, "--api-version", "v2"],
        'invalid --api-version "v2": expected an Atlas API version date (YYYY-MM-DD) matching ^\\d{4}-\\d{2}-\\d{2}$',
      ],
    ])("%s", async (_, argv, expected) => {
      const result = await run(argv);
      expect(result.code).toBe(EXIT_CODES.USAGE);
      expect(result.stdout).toBe("");
      expect(result.stderr.split("\n")).toHaveLength(2);
      const line = result.stderr.replace(/^flex-snapshot: /, "").trimEnd();
      if (typeof expected === "string") {
        expect(line).toBe(expected);
      } else {
        expect(line).toMatch(expected);
      }
      expect(emulator.count()).toBe(0);
    });

    test.each<[string, () => NodeJS.ProcessEnv, string | RegExp]>([
      [
        "no credentials at all",
        () => ({ MONGODB_ATLAS_BASE_URL: emulator.baseUrl }),
        /^no Atlas credentials found\. Looked at the environment variables MONGODB_ATLAS_ACCESS_TOKEN, [^:]*\. Set a service account \(MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET\), /,
      ],
      [
        "a client id without its secret",
        () => ({
          MONGODB_ATLAS_BASE_URL: emulator.baseUrl,
          MONGODB_ATLAS_CLIENT_ID: SA.clientId,
        }),
        "incomplete Atlas credentials in the environment: MONGODB_ATLAS_CLIENT_ID is set but MONGODB_ATLAS_CLIENT_SECRET is not",
      ],
      [
        "a private key without its public key",
        () => ({
          MONGODB_ATLAS_BASE_URL: emulator.baseUrl,
          MONGODB_ATLAS_PRIVATE_API_KEY: KEY.privateKey,
        }),
        "incomplete Atlas credentials in the environment: MONGODB_ATLAS_PRIVATE_API_KEY is set but MONGODB_ATLAS_PUBLIC_API_KEY or MONGODB_ATLAS_PUBLIC_KEY is not",
      ],
      [
        "a base URL that would send credentials in clear",
        () => ({ ...defaultEnv(), MONGODB_ATLAS_BASE_URL: "http://atlas.example.com" }),
        /^MONGODB_ATLAS_BASE_URL "http:\/\/atlas\.example\.com" must use https:\/\//,
      ],
    ])("a configuration error: %s", async (_, env, expected) => {
      const result = await run(["get", ...of(IDS.COMPLETED), "--output", "json"], { env: env() });
      expect(result.code).toBe(EXIT_CODES.USAGE);
      const message = typeof expected === "string" ? expected : expect.stringMatching(expected);
      expect(json(result)).toEqual({ error: { kind: "ConfigurationError", message } });
      const { error } = json(result) as { error: { message: string } };
      expect(result.stderr).toBe(`flex-snapshot: ${error.message}\n`);
      expect(emulator.count()).toBe(0);
    });

    test.each<[string, string[], string, string]>([
      [
        "a usage error",
        ["get", ...of(IDS.COMPLETED), "--output", "json", "--bogus"],
        "UsageError",
        "unknown option '--bogus'; run `flex-snapshot get --help`",
      ],
      [
        "a validation error",
        ["get", ...of("zz"), "--output=json"],
        "ValidationError",
        'invalid --snapshot-id "zz": expected a 24-character hexadecimal snapshot id matching ^([a-f0-9]{24})$',
      ],
    ])(
      "with --output json, %s is also a JSON document on stdout",
      async (_, argv, kind, message) => {
        const result = await run(argv);
        expect(result).toEqual({
          code: EXIT_CODES.USAGE,
          stdout: `${JSON.stringify({ error: { kind, message } }, null, 2)}\n`,
          stderr: `flex-snapshot: ${message}\n`,
        });
        expect(emulator.count()).toBe(0);
      },
    );
  });

  describe("exit 4: Atlas or network errors", () => {
    test.each<[string, string[], () => NodeJS.ProcessEnv, string, RegExp, number]>([
      [
        "a 404 injected",
        ["get", ...of(IDS.COMPLETED)],
        defaultEnv,
        "NotFoundError",
        /^\[404 Not Found\] GET \/api\/atlas\/v2\/groups\/\S+\/backup\/snapshots\/6650c0de0000000000000005: RESOURCE_NOT_FOUND/,
        1,
      ],
      [
        "500 ten times: the retries run out",
        ["list", ...ORDERS],
        defaultEnv,
        "InternalServerError",
        /^\[500 Internal Server Error\] GET \/api\/atlas\/v2\/groups\/\S+\/backup\/snapshots\?pageNum=1&itemsPerPage=500&includeCount=true/,
        10,
      ],
      [
        "a token Atlas does not know",
        ["latest", ...ORDERS],
        () => ({ MONGODB_ATLAS_BASE_URL: emulator.baseUrl, MONGODB_ATLAS_ACCESS_TOKEN: "wrong" }),
        "AuthenticationError",
        /^\[401 Unauthorized\] GET \S+ .*\(check the credentials \(MONGODB_ATLAS_ACCESS_TOKEN in the environment\); /,
        0,
      ],
      [
        "nothing listening",
        ["get", ...of(IDS.COMPLETED)],
        () => ({ ...defaultEnv(), MONGODB_ATLAS_BASE_URL: "http://127.0.0.1:1" }),
        "ConnectionError",
        /connection failed: /,
        0,
      ],
    ])("%s", async (_, argv, env, kind, message, faults) => {
      if (faults > 0) {
        emulator.injectFault({
          path: SNAPSHOT_PATH,
          status: faults === 1 ? 404 : 500,
          times: faults,
        });
      }
      const result = await run([...argv, "--output", "json"], { env: env() });
      expect(result.code).toBe(EXIT_CODES.ATLAS);
      expect(json(result)).toEqual({ error: { kind, message: expect.stringMatching(message) } });
      const { error } = json(result) as { error: { message: string } };
      expect(result.stderr).toBe(`flex-snapshot: ${error.message}\n`);
    });

    test("500 ten times costs exactly the 5 attempts of the retry policy", async () => {
      emulator.injectFault({ path: SNAPSHOT_PATH, status: 500, times: 10 });
      const result = await run(["get", ...of(IDS.COMPLETED)]);
      expect(result.code).toBe(EXIT_CODES.ATLAS);
      expect(emulator.count({ path: SNAPSHOT_PATH, status: 500 })).toBe(5);
    });

    test.each<[string, unknown, number]>([
      ["GateError", new GateError("x"), 1],
      ["WaitTimeoutError", new WaitTimeoutError("x", "RUNNING", 1), 2],
      ["UsageError", new UsageError("x"), 3],
      ["ValidationError", new ValidationError("f", "v", "e"), 3],
      ["ConfigurationError", new ConfigurationError("x"), 3],
      [
        "AuthenticationError",
        new AuthenticationError(401, "Unauthorized", { method: "GET", path: "/", headers: {} }, {}),
        4,
      ],
      [
        "InternalServerError",
        new InternalServerError(500, "", { method: "GET", path: "/", headers: {} }, {}),
        4,
      ],
      ["ConnectionError", new ConnectionError({ method: "GET", path: "/", headers: {} }, "x"), 4],
      ["TimeoutError", new TimeoutError({ method: "GET", path: "/", headers: {} }, "x"), 4],
      ["ResponseValidationError", new ResponseValidationError("x"), 4],
      ["a plain Error", new Error("x"), 4],
      ["a thrown string", "x", 4],
    ])("exitCodeFor(%s) is %i", (_, error, code) => {
      expect(exitCodeFor(error)).toBe(code);
    });
  });

  describe("help and version", () => {
    const EXIT_CODE_LINES = [
      "Exit codes:",
      "  0  gate met (with no gate flags: the lookup succeeded)",
      "  1  gate not met: wrong status (FAILED, still RUNNING, ...), too old, expiring too soon,",
      "     no snapshot found, or a restore job of another snapshot or into another target",
      "  2  timed out waiting for the snapshot or restore job to finish",
      "  3  usage or input error: unknown or missing flags, invalid values,",
      "     missing or incomplete credentials",
      "  4  Atlas or network error: an HTTP error status (after retries), no connection,",
      "     an unexpected response",
    ].join("\n");

    test.each<[string, string[], string]>([
      [
        "top level",
        ["--help"],
        [
          "flex-snapshot: gate a CI step on a MongoDB Atlas Flex cluster backup snapshot or restore job.",
          "",
          "Usage:",
          "  flex-snapshot get    --project-id <id> --cluster <name> --snapshot-id <id> [gate flags] [--wait <dur> [--interval <dur>]]",
          "  flex-snapshot list   --project-id <id> --cluster <name>",
          "  flex-snapshot latest --project-id <id> --cluster <name> [--status S[,S...]] [gate flags] [--wait <dur> [--interval <dur>]]",
          "  flex-snapshot wait   --project-id <id> --cluster <name> --snapshot-id <id> --timeout <dur> [--interval <dur>] [gate flags]",
          "  flex-snapshot restore-job get --project-id <id> --cluster <name> --restore-job-id <id> [restore gate flags] [--wait <dur> [--interval <dur>]] [--show-snapshot-url]",
          "  flex-snapshot restore-job latest --project-id <id> --cluster <name> [--snapshot-id <id>] [restore gate flags] [--wait <dur> [--interval <dur>]] [--show-snapshot-url]",
          "  flex-snapshot restore-job list --project-id <id> --cluster <name> [--show-snapshot-url]",
          "  flex-snapshot restore-job wait --project-id <id> --cluster <name> --restore-job-id <id> --timeout <dur> [--interval <dur>] [restore gate flags] [--show-snapshot-url]",
          "  flex-snapshot --help | --version",
        ].join("\n"),
      ],
      [
        "get",
        ["get", "-h"],
        "Usage: flex-snapshot get --project-id <id> --cluster <name> --snapshot-id <id> [gate flags] [--wait <dur> [--interval <dur>]]",
      ],
      ["list", ["list", "--help"], "Usage: flex-snapshot list --project-id <id> --cluster <name>"],
      [
        "latest",
        ["latest", "--help"],
        "Usage: flex-snapshot latest --project-id <id> --cluster <name> [--status S[,S...]] [gate flags] [--wait <dur> [--interval <dur>]]",
      ],
      [
        "wait",
        ["wait", "--help"],
        "Usage: flex-snapshot wait --project-id <id> --cluster <name> --snapshot-id <id> --timeout <dur> [--interval <dur>] [gate flags]",
      ],
      [
        "get, even with a bad flag and no ids",
        ["get", "--bogus", "--help"],
        "Usage: flex-snapshot get --project-id <id> --cluster <name> --snapshot-id <id> [gate flags]",
      ],
    ])("--help (%s): the usage, the exit codes, exit 0, no request", async (_, argv, usage) => {
      const result = await run(argv);
      expect(result.code).toBe(EXIT_CODES.OK);
      expect(result.stderr).toBe("");
      expect(result.stdout.startsWith(usage)).toBe(true);
      expect(result.stdout).toContain(EXIT_CODE_LINES);
      expect(result.stdout).toContain("MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET");
      expect(emulator.count()).toBe(0);
    });

    test.each([["--version"], ["get", "--version"]])(
      "%s prints the package version",
      async (...argv) => {
        const { version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
          version: string;
        };
        expect(await run(argv)).toEqual({
          code: EXIT_CODES.OK,
          stdout: `${version}\n`,
          stderr: "",
        });
      },
    );
  });

  describe("tables (the default output)", () => {
    test.each<[string, string[], number, string]>([
      [
        "one snapshot",
        ["get", ...IN_ANALYTICS, "--snapshot-id", OLD.id],
        EXIT_CODES.OK,
        [
          `projectId       ${P}`,
          `name            ${ANALYTICS}`,
          `snapshotId      ${OLD.id}`,
          `id              ${OLD.id}`,
          "status          COMPLETED",
          "mongoDbVersion  7.0.12",
          "scheduledTime   2025-01-01T00:00:00Z",
          "startTime       2025-01-01T00:00:45Z",
          "finishTime      2025-01-01T00:02:25Z",
          "expiration      2025-01-09T00:02:25Z",
          "gate            met",
          "",
        ].join("\n"),
      ],
      [
        "one snapshot with missing fields, gate not met",
        ["get", ...IN_ANALYTICS, "--snapshot-id", BARE.id, "--require-status", "COMPLETED"],
        EXIT_CODES.GATE_NOT_MET,
        [
          `projectId       ${P}`,
          `name            ${ANALYTICS}`,
          `snapshotId      ${BARE.id}`,
          `id              ${BARE.id}`,
          "status          PENDING",
          "mongoDbVersion  -",
          "scheduledTime   -",
          "startTime       -",
          "finishTime      -",
          "expiration      -",
          "gate            not met: is PENDING; required status COMPLETED",
          "",
        ].join("\n"),
      ],
      [
        "a list",
        ["list", ...IN_ANALYTICS],
        EXIT_CODES.OK,
        [
          "ID                        STATUS     MONGODB  SCHEDULED             STARTED               FINISHED              EXPIRES",
          `${OLD.id}  COMPLETED  7.0.12   2025-01-01T00:00:00Z  2025-01-01T00:00:45Z  2025-01-01T00:02:25Z  2025-01-09T00:02:25Z`,
          `${BARE.id}  PENDING    -        -                     -                     -                     -`,
          "",
        ].join("\n"),
      ],
    ])("%s", async (_, argv, code, table) => {
      const result = await run(argv);
      expect(result.code).toBe(code);
      expect(result.stdout).toBe(table);
    });
  });

  describe("progress while waiting", () => {
    const PROGRESS = new RegExp(
      `^waiting for ${describeIn(MOVING_ID, NIGHTLY)}: (PENDING|QUEUED|RUNNING|COMPLETED) after \\d+(ms|s) \\(poll (\\d+)\\)$`,
    );

    test("on a terminal: one line per poll on stderr, the last one COMPLETED", async () => {
      emulator.scheduleProgress(P, NIGHTLY, MOVING_ID, { stepMs: 200 });
      const result = await run(["wait", ...MOVING, "--timeout", "10s", "--interval", "1s"], {
        isTTY: true,
      });
      expect(result.code).toBe(EXIT_CODES.OK);
      const lines = result.stderr.trimEnd().split("\n");
      expect(lines.length).toBeGreaterThanOrEqual(2);
      const parsed = lines.map((line) => PROGRESS.exec(line));
      expect(parsed.every((match) => match !== null)).toBe(true);
      expect(parsed.map((match) => Number(match?.[3]))).toEqual(lines.map((_, i) => i + 1));
      expect(parsed.at(-1)?.[1]).toBe("COMPLETED");
      expect(parsed[0]?.[1]).toBe("PENDING");
      // Every poll is a line: as many lines as GETs of the snapshot.
      expect(emulator.count({ path: SNAPSHOT_PATH })).toBe(lines.length);
    });

    test("not on a terminal: nothing on stderr while waiting", async () => {
      emulator.scheduleProgress(P, NIGHTLY, MOVING_ID, { stepMs: 100 });
      const result = await run(["wait", ...MOVING, "--timeout", "10s", "--interval", "1s"], {
        isTTY: false,
      });
      expect(result.code).toBe(EXIT_CODES.OK);
      expect(result.stderr).toBe("");
      expect(emulator.count({ path: SNAPSHOT_PATH })).toBeGreaterThanOrEqual(2);
    });
  });

  describe("secrets", () => {
    test.each(Object.keys(CREDENTIAL_ENV))(
      "with %s: the lookup works and prints no secret",
      async (kind) => {
        const env = { MONGODB_ATLAS_BASE_URL: emulator.baseUrl, ...CREDENTIAL_ENV[kind] };
        const results = [
          await run(["get", ...of(IDS.COMPLETED), "--output", "json"], { env }),
          await run(["get", ...of(IDS.FAILED), "--require-status", "COMPLETED"], { env }),
          await run(["get", ...of("6650c0de00000000000000ff"), "--output", "json"], { env }),
        ];
        expect(results.map((result) => result.code)).toEqual([0, 1, 4]);
        for (const secret of SECRETS) {
          for (const result of results) {
            expect(result.stdout).not.toContain(secret);
            expect(result.stderr).not.toContain(secret);
          }
        }
      },
    );

    // Runs after the tests above (jest runs a file's tests in order): every run so far is checked.
    test("no run of this file printed a secret", () => {
      expect(printed.length).toBeGreaterThan(100);
      const leaks = SECRETS.filter((secret) => printed.some((text) => text.includes(secret)));
      expect(leaks).toEqual([]);
    });
  });

  describe("the executable package.json's bin names (the bundle)", () => {
    const entry = CLI_EXECUTABLE;

    /** Runs the entry in a child process; asynchronously, since the emulator answers from this one. */
    function spawn(argv: string[]): Promise<Run & { ms: number }> {
      const started = Date.now();
      return new Promise((resolve) => {
        execFile(
          process.execPath,
          [entry, ...argv],
          {
            env: {
              PATH: process.env["PATH"],
              MONGODB_ATLAS_BASE_URL: emulator.baseUrl,
              MONGODB_ATLAS_ACCESS_TOKEN: TOKEN,
            },
          },
          (error, stdout, stderr) => {
            const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
            resolve({ code, stdout, stderr, ms: Date.now() - started });
          },
        );
      });
    }

    test("runs with its shebang, and its exit code is the process's", async () => {
      expect(existsSync(entry)).toBe(true);
      expect(readFileSync(entry, "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
      const gate = await spawn([
        "get",
        ...of(IDS.FAILED),
        "--require-status",
        "COMPLETED",
        "--output",
        "json",
      ]);
      expect(gate).toEqual({
        code: EXIT_CODES.GATE_NOT_MET,
        stdout: expect.any(String),
        stderr: `flex-snapshot: gate not met: ${describeIn(IDS.FAILED)} is FAILED; required status COMPLETED\n`,
        ms: expect.any(Number),
      });
      expect(json(gate)).toEqual(demoDocument("FAILED", ["is FAILED; required status COMPLETED"]));
      // The CLI closes its connections: the process ends at once, not after the 30 s keep-alive.
      expect(gate.ms).toBeLessThan(10_000);
      const usage = await spawn(["get"]);
      expect(usage.code).toBe(EXIT_CODES.USAGE);
      const ok = await spawn(["get", ...of(IDS.COMPLETED)]);
      expect(ok.code).toBe(EXIT_CODES.OK);
    });
  });
});

describe("restore jobs", () => {
  describe("exit 0: the restore gate is met", () => {
    test.each<[string, string[], unknown]>([
      ["get, no gate", ["restore-job", "get", ...job(RESTORED.id)], RESTORED_DOCUMENT],
      [
        "latest of a snapshot (the later scheduled of its two), with the restore gate",
        [
          "restore-job",
          "latest",
          ...IN_ARCHIVE,
          "--snapshot-id",
          S,
          "--require-status",
          "COMPLETED",
          "--require-target",
          "archive-copy",
        ],
        RESTORED_DOCUMENT,
      ],
      [
        "get with every restore gate flag",
        [
          "restore-job",
          "get",
          ...job(RESTORED.id),
          "--require-status",
          "COMPLETED",
          "--require-snapshot-id",
          S,
          "--require-target",
          "archive-copy",
          "--require-target-project-id",
          T,
        ],
        RESTORED_DOCUMENT,
      ],
      [
        "get a DOWNLOAD job: its link hidden",
        ["restore-job", "get", ...job(DOWNLOADED.id)],
        {
          projectId: P,
          name: ARCHIVE,
          restoreJobId: DOWNLOADED.id,
          status: "COMPLETED",
          deliveryType: "DOWNLOAD",
          snapshotId: S,
          targetProjectId: null,
          targetDeploymentItemName: null,
          snapshotFinishedDate: "2025-01-01T00:02:25Z",
          restoreScheduledDate: "2025-01-01T12:00:00Z",
          restoreFinishedDate: "2025-01-01T12:02:00Z",
          expirationDate: "2025-01-01T16:02:00Z",
          snapshotUrl: "[secret]",
          gate: { met: true, reasons: [] },
        },
      ],
    ])("%s (JSON)", async (_, argv, document) => {
      const result = await runJob([...argv, "--output", "json"]);
      expect(result).toEqual({ code: EXIT_CODES.OK, stdout: expect.any(String), stderr: "" });
      expect(json(result)).toEqual(document);
      // The document's keys, in the model's order: a public interface.
      expect(Object.keys(json(result) as object)).toEqual(Object.keys(RESTORED_DOCUMENT));
    });

    test("--show-snapshot-url prints the link, and only then", async () => {
      const result = await runJob([
        "restore-job",
        "get",
        ...job(DOWNLOADED.id),
        "--output",
        "json",
        "--show-snapshot-url",
      ]);
      expect(result.code).toBe(EXIT_CODES.OK);
      expect((json(result) as { snapshotUrl: string }).snapshotUrl).toBe(DOWNLOADED.snapshotUrl);
    });

    test("get, as a table: key and value lines, the link hidden, - for what Atlas did not return", async () => {
      const result = await runJob(["restore-job", "get", ...job(DOWNLOADED.id)]);
      expect(result).toEqual({
        code: EXIT_CODES.OK,
        stderr: "",
        stdout: [
          `projectId                 ${P}`,
          `name                      ${ARCHIVE}`,
          `restoreJobId              ${DOWNLOADED.id}`,
          "status                    COMPLETED",
          "deliveryType              DOWNLOAD",
          `snapshotId                ${S}`,
          "targetProjectId           -",
          "targetDeploymentItemName  -",
          "snapshotFinishedDate      2025-01-01T00:02:25Z",
          "restoreScheduledDate      2025-01-01T12:00:00Z",
          "restoreFinishedDate       2025-01-01T12:02:00Z",
          "expirationDate            2025-01-01T16:02:00Z",
          "snapshotUrl               [secret]",
          "gate                      met",
          "",
        ].join("\n"),
      });
    });

    test("list, as a table: the model's columns, newest first, no link column", async () => {
      const result = await runJob(["restore-job", "list", ...IN_ARCHIVE]);
      expect(result).toEqual({
        code: EXIT_CODES.OK,
        stderr: "",
        stdout: [
          "ID                        STATUS     DELIVERY  SNAPSHOT                  TARGET        SCHEDULED             FINISHED",
          `${RESTORED.id}  COMPLETED  RESTORE   ${S}  archive-copy  2025-01-02T00:00:00Z  2025-01-02T00:03:00Z`,
          `${DOWNLOADED.id}  COMPLETED  DOWNLOAD  ${S}  -             2025-01-01T12:00:00Z  2025-01-01T12:02:00Z`,
          `${BARE_JOB.id}  PENDING    -         -                         -             -                     -`,
          "",
        ].join("\n"),
      });
    });

    test.each<[string, string[], string | null]>([
      ["list (JSON): the link hidden", [], "[secret]"],
      ["list (JSON) --show-snapshot-url", ["--show-snapshot-url"], DOWNLOADED.snapshotUrl!],
    ])("%s", async (_, extra, link) => {
      const result = await runJob([
        "restore-job",
        "list",
        ...IN_ARCHIVE,
        "--output",
        "json",
        ...extra,
      ]);
      expect(result.code).toBe(EXIT_CODES.OK);
      const document = json(result) as { projectId: string; name: string; results: object[] };
      expect([document.projectId, document.name]).toEqual([P, ARCHIVE]);
      expect(document.results.map((item) => Object.values(item))).toEqual([
        [
          RESTORED.id,
          "COMPLETED",
          "RESTORE",
          S,
          T,
          "archive-copy",
          "2025-01-01T00:02:25Z",
          "2025-01-02T00:00:00Z",
          "2025-01-02T00:03:00Z",
          null,
          null,
        ],
        [
          DOWNLOADED.id,
          "COMPLETED",
          "DOWNLOAD",
          S,
          null,
          null,
          "2025-01-01T00:02:25Z",
          "2025-01-01T12:00:00Z",
          "2025-01-01T12:02:00Z",
          "2025-01-01T16:02:00Z",
          link,
        ],
        [BARE_JOB.id, "PENDING", null, null, null, null, null, null, null, null, null],
      ]);
    });

    test("list reads every page of the demo cluster", async () => {
      const result = await runJob([
        "restore-job",
        "list",
        "--project-id",
        P,
        "--cluster",
        DEMO_CLUSTER_NAME,
        "--output",
        "json",
      ]);
      const ids = (json(result) as { results: { restoreJobId: string }[] }).results.map(
        (item) => item.restoreJobId,
      );
      expect(ids).toEqual([
        DEMO_RESTORE_JOB_IDS.PENDING,
        DEMO_RESTORE_JOB_IDS.QUEUED,
        DEMO_RESTORE_JOB_IDS.RUNNING,
        DEMO_DOWNLOAD_RESTORE_JOB_ID,
        DEMO_RESTORE_JOB_IDS.COMPLETED,
        DEMO_RESTORE_JOB_IDS.FAILED,
      ]);
    });
  });

  describe("exit 1: the restore gate is not met, and the document says why", () => {
    test.each<[string, string[], string[]]>([
      [
        "a FAILED job",
        [...orders(DEMO_RESTORE_JOB_IDS.FAILED), "--require-status", "COMPLETED"],
        ["is FAILED; required status COMPLETED"],
      ],
      [
        "another snapshot, into another cluster and project",
        [
          ...job(RESTORED.id),
          "--require-snapshot-id",
          OTHER_S,
          "--require-target",
          "reports",
          "--require-target-project-id",
          P,
        ],
        [
          `restores snapshot ${S}; required snapshot ${OTHER_S}`,
          'restores into cluster "archive-copy"; required cluster "reports"',
          `restores into project ${T}; required project ${P}`,
        ],
      ],
      [
        "a DOWNLOAD job, which restores into no cluster",
        [...job(DOWNLOADED.id), "--require-target", "archive-copy"],
        ['names no target cluster; required cluster "archive-copy"'],
      ],
    ])("%s", async (_, args, reasons) => {
      const result = await runJob(["restore-job", "get", ...args, "--output", "json"]);
      expect(result.code).toBe(EXIT_CODES.GATE_NOT_MET);
      expect((json(result) as { gate: unknown }).gate).toEqual({ met: false, reasons });
      const id = args[args.indexOf("--restore-job-id") + 1]!;
      const cluster = args[args.indexOf("--cluster") + 1]!;
      expect(result.stderr).toBe(
        `flex-snapshot: gate not met: ${described(id, cluster)} ${reasons.join("; and it ")}\n`,
      );
    });

    test("restore-job latest finding no job of the snapshot: not met, every job field null", async () => {
      const result = await runJob([
        ...["restore-job", "latest", ...IN_ARCHIVE, "--snapshot-id", OTHER_S],
        ...["--output", "json"],
      ]);
      const message = `flex cluster "${ARCHIVE}" in project ${P} has no restore job of snapshot ${OTHER_S} (3 restore job(s) in all)`;
      expect(result.code).toBe(EXIT_CODES.GATE_NOT_MET);
      expect(json(result)).toEqual({
        ...Object.fromEntries(Object.keys(RESTORED_DOCUMENT).map((key) => [key, null])),
        projectId: P,
        name: ARCHIVE,
        gate: { met: false, reasons: [message] },
      });
      expect(result.stderr).toBe(`flex-snapshot: gate not met: ${message}\n`);
    });
  });

  describe("waiting", () => {
    beforeEach(() =>
      emulator.putRestoreJob(P, ARCHIVE, {
        id: MOVING_JOB_ID,
        status: "PENDING",
        deliveryType: "DOWNLOAD",
        snapshotId: S,
      }),
    );

    test.each<[string, string[], "COMPLETED" | "FAILED", number]>([
      [
        "restore-job wait follows a job to COMPLETED",
        ["restore-job", "wait", ...job(MOVING_JOB_ID), "--timeout", "10s", "--interval", "1s"],
        "COMPLETED",
        EXIT_CODES.OK,
      ],
      [
        "restore-job get --wait follows a job to FAILED, which fails at once",
        ["restore-job", "get", ...job(MOVING_JOB_ID), "--wait", "10s", "--interval", "1s"],
        "FAILED",
        EXIT_CODES.GATE_NOT_MET,
      ],
    ])("%s", async (_, argv, final, code) => {
      // From the first read on, however long the run takes to reach it on a busy machine.
      emulator.scheduleRestoreJobProgress(P, ARCHIVE, MOVING_JOB_ID, {
        stepMs: 100,
        final,
        startOnFirstRead: true,
      });
      const result = await runJob([...argv, "--output", "json"], { isTTY: true });
      expect(result.code).toBe(code);
      const document = json(result) as Record<string, unknown>;
      expect(document["status"]).toBe(final);
      expect(document["snapshotUrl"]).toBe(final === "COMPLETED" ? "[secret]" : null);
      // On a terminal, one progress line per poll; then the verdict, if the gate failed.
      const lines = result.stderr.trimEnd().split("\n");
      expect(lines[0]).toMatch(
        new RegExp(`^waiting for ${described(MOVING_JOB_ID)}: PENDING after \\S+ \\(poll 1\\)$`),
      );
      expect(lines.at(-1)).toEqual(
        final === "FAILED"
          ? `flex-snapshot: gate not met: ${described(MOVING_JOB_ID)} is FAILED; required status COMPLETED`
          : expect.stringMatching(/: COMPLETED after \S+ \(poll \d+\)$/),
      );
    });
  });

  describe("exit 3: usage and input errors, before any request", () => {
    const hint = (command: string) => `run \`flex-snapshot restore-job ${command} --help\``;
    test.each<[string, string[], string]>([
      [
        "a missing restore job id",
        ["restore-job", "get", ...IN_ARCHIVE],
        `missing --restore-job-id; ${hint("get")}`,
      ],
      [
        "a short restore job id",
        ["restore-job", "get", ...job("c0c0")],
        'invalid --restore-job-id "c0c0": expected a 24-character hexadecimal restore job id matching ^([a-f0-9]{24})$',
      ],
      [
        "a target name with a slash",
        ["restore-job", "get", ...job(RESTORED.id), "--require-target", "a/b"],
        "invalid --require-target \"a/b\": expected a cluster name of 1 to 64 letters, digits or -_.(),:&@+' matching ^[\\p{L}\\p{N}\\-_.(),:&@+']{1,64}$",
      ],
      [
        "a bad snapshot id in the gate",
        ["restore-job", "get", ...job(RESTORED.id), "--require-snapshot-id", "latest"],
        'invalid --require-snapshot-id "latest": expected a 24-character hexadecimal snapshot id matching ^([a-f0-9]{24})$',
      ],
      [
        "a bad target project id",
        [
          "restore-job",
          "wait",
          ...job(RESTORED.id),
          "--timeout",
          "1m",
          "--require-target-project-id",
          "x",
        ],
        'invalid --require-target-project-id "x": expected a 24-character hexadecimal project id matching ^([a-f0-9]{24})$',
      ],
      [
        "a bad timeout",
        ["restore-job", "wait", ...job(RESTORED.id), "--timeout", "2d"],
        'invalid --timeout "2d": expected a duration from 1s to 1d, such as "90s", "15m", "24h" or "7d"',
      ],
      [
        "--interval without --wait",
        ["restore-job", "get", ...job(RESTORED.id), "--interval", "5s"],
        `--interval needs --wait; ${hint("get")}`,
      ],
      [
        "a snapshot gate flag",
        ["restore-job", "get", ...job(RESTORED.id), "--max-age", "1h"],
        `unknown option '--max-age'; ${hint("get")}`,
      ],
      [
        "--show-snapshot-url with a value",
        ["restore-job", "list", ...IN_ARCHIVE, "--show-snapshot-url=yes"],
        `option '--show-snapshot-url' does not take an argument; ${hint("list")}`,
      ],
    ])("%s", async (_, argv, message) => {
      const result = await runJob([...argv, "--output", "json"]);
      expect(result.code).toBe(EXIT_CODES.USAGE);
      expect(result.stderr).toBe(`flex-snapshot: ${message}\n`);
      expect((json(result) as { error: { message: string } }).error.message).toBe(message);
      expect(emulator.count()).toBe(0);
    });
  });

  describe("exit 4: Atlas's errors", () => {
    test.each<[string, string[], () => void, string]>([
      [
        "an unknown cluster",
        ["restore-job", "list", "--project-id", P, "--cluster", "nope"],
        () => undefined,
        `[404 Not Found] GET /api/atlas/v2/groups/${P}/flexClusters/nope/backup/restoreJobs?pageNum=1&itemsPerPage=500&includeCount=true: CLUSTER_NOT_FOUND: No cluster named nope exists in group ${P}.`,
      ],
      [
        "a body cut off on the way, for a DOWNLOAD job",
        ["restore-job", "get", ...job(DOWNLOADED.id)],
        () => emulator.injectFault({ path: /\/restoreJobs\//, body: "truncatedJson" }),
        "",
      ],
    ])("%s", async (_, argv, arrange, message) => {
      arrange();
      const result = await runJob([...argv, "--output", "json"]);
      expect(result.code).toBe(EXIT_CODES.ATLAS);
      const { error } = json(result) as { error: { kind: string; message: string } };
      if (message !== "") expect(error.message).toMatch(message);
      expect(result.stderr).toBe(`flex-snapshot: ${error.message}\n`);
    });
  });

  describe("help", () => {
    test.each<[string[], string]>([
      [
        ["restore-job", "get", "--help"],
        "Usage: flex-snapshot restore-job get --project-id <id> --cluster <name> --restore-job-id <id> [restore gate flags] [--wait <dur> [--interval <dur>]] [--show-snapshot-url]",
      ],
      [
        ["restore-job", "list", "-h"],
        "Usage: flex-snapshot restore-job list --project-id <id> --cluster <name> [--show-snapshot-url]",
      ],
      [
        ["restore-job", "wait", "--help"],
        "Usage: flex-snapshot restore-job wait --project-id <id> --cluster <name> --restore-job-id <id> --timeout <dur> [--interval <dur>] [restore gate flags] [--show-snapshot-url]",
      ],
      [["restore-job", "--help"], "flex-snapshot: gate a CI step on a MongoDB Atlas Flex cluster"],
    ])("%j", async (argv, usage) => {
      const result = await runJob(argv);
      expect(result.code).toBe(EXIT_CODES.OK);
      expect(result.stdout.startsWith(usage)).toBe(true);
      expect(result.stdout).toContain("--show-snapshot-url");
      expect(emulator.count()).toBe(0);
    });

    test("a restore job command's help lists its documents' keys from the model", async () => {
      const { stdout } = await runJob(["restore-job", "get", "--help"]);
      expect(stdout).toContain(
        [
          '  restore-job get  {"projectId", "name", "restoreJobId", "status", "deliveryType",',
          '                    "snapshotId", "targetProjectId", "targetDeploymentItemName",',
        ].join("\n"),
      );
      expect(stdout).toContain(
        'snapshotUrl (a DOWNLOAD job\'s bearer link to the backup) is "[secret]" unless',
      );
    });
  });
});

describe("report files (--dotenv-report, --junit-report)", () => {
  /** Runs with both report flags into a fresh folder; returns the run and the files' text. */
  async function withReports(argv: readonly string[], runner = run) {
    const dir = mkdtempSync(path.join(tmpdir(), "cli-reports-"));
    const [dotenv, junit] = [path.join(dir, "gate.env"), path.join(dir, "gate.xml")];
    try {
      const result = await runner([...argv, "--dotenv-report", dotenv, "--junit-report", junit]);
      const read = (file: string) => (existsSync(file) ? readFileSync(file, "utf8") : "(none)");
      return { result, dotenv: read(dotenv), junit: read(junit) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const env = (text: string) =>
    Object.fromEntries(
      text
        .trimEnd()
        .split("\n")
        .map((l) => [l.split("=")[0], l.slice(l.indexOf("=") + 1)]),
    );

  test.each([
    [
      "met",
      ["get", ...of(IDS.COMPLETED), "--require-status", "COMPLETED"],
      EXIT_CODES.OK,
      {
        FLEX_SNAPSHOT_OUTCOME: "met",
        FLEX_SNAPSHOT_STATUS: "COMPLETED",
        FLEX_SNAPSHOT_MESSAGE: `gate met: ${describeIn(IDS.COMPLETED)}`,
      },
      `failures="0" errors="0"`,
      "</testcase>",
    ],
    [
      "not met",
      ["get", ...of(IDS.FAILED), "--require-status", "COMPLETED"],
      EXIT_CODES.GATE_NOT_MET,
      {
        FLEX_SNAPSHOT_OUTCOME: "not-met",
        FLEX_SNAPSHOT_STATUS: "FAILED",
        FLEX_SNAPSHOT_MESSAGE: `${describeIn(IDS.FAILED)} is FAILED; required status COMPLETED`,
      },
      `failures="1" errors="0"`,
      `<failure type="not-met" message="snapshot ${IDS.FAILED} of flex cluster &quot;orders&quot;`,
    ],
    [
      "timed out",
      ["wait", ...of(IDS.RUNNING), "--timeout", "1s", "--interval", "1s"],
      EXIT_CODES.WAIT_TIMED_OUT,
      // What the wait last saw: its status and the snapshot's id.
      {
        FLEX_SNAPSHOT_OUTCOME: "timed-out",
        FLEX_SNAPSHOT_STATUS: "RUNNING",
        FLEX_SNAPSHOT_SNAPSHOT_ID: IDS.RUNNING,
      },
      `failures="1" errors="0"`,
      `<failure type="timed-out" message="timed out after 1s`,
    ],
    [
      "a usage error, reported in the files too",
      ["get", ...ORDERS],
      EXIT_CODES.USAGE,
      {
        FLEX_SNAPSHOT_OUTCOME: "error",
        FLEX_SNAPSHOT_MESSAGE: "missing --snapshot-id; run `flex-snapshot get --help`",
      },
      `failures="0" errors="1"`,
      `<error type="error" message="missing --snapshot-id; run \`flex-snapshot get --help\`">`,
    ],
  ] as const)("%s", async (_name, argv, code, expected, counts, body) => {
    const { result, dotenv, junit } = await withReports(argv);
    expect(result.code).toBe(code);
    expect(env(dotenv)).toMatchObject(expected);
    expect(junit).toContain(`<testsuites name="flex-snapshot" tests="1" ${counts} time="`);
    expect(junit).toContain(body);
  });

  test("a restore job's report never holds its snapshotUrl, even with --show-snapshot-url", async () => {
    const { result, dotenv } = await withReports(
      ["restore-job", "get", ...orders(DEMO_DOWNLOAD_RESTORE_JOB_ID), "--show-snapshot-url"],
      runJob,
    );
    expect(result.code).toBe(EXIT_CODES.OK);
    expect(dotenv).toContain(`FLEX_SNAPSHOT_RESTORE_JOB_ID=${DEMO_DOWNLOAD_RESTORE_JOB_ID}\n`);
    expect(dotenv).not.toMatch(/SNAPSHOT_URL|X-Amz-Signature/);
  });

  test("a report file that cannot be written is a warning; the verdict stands", async () => {
    const result = await run([
      "get",
      ...of(IDS.COMPLETED),
      "--dotenv-report",
      path.join(ROOT, "no-such-dir", "x.env"),
    ]);
    expect(result.code).toBe(EXIT_CODES.OK);
    expect(result.stderr).toMatch(/^flex-snapshot: warning: could not write .*x\.env: ENOENT/m);
  });
});

afterAll(() => {
  // No restore job run without --show-snapshot-url ever printed a download link or a credential.
  const all = jobPrinted.join("\n");
  for (const secret of JOB_SECRETS) expect(all).not.toContain(secret);
  expect(jobPrinted.length).toBeGreaterThan(40);
});
