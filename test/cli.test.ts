/**
 * The `flex-snapshot` command line, run in-process through `runCli` against the local Atlas
 * emulator over real HTTP: every command, every exit code, the JSON documents, the tables, help,
 * usage errors, progress on a terminal or not, and secrets; then once as the compiled executable,
 * to prove the `bin` entry and its exit code.
 *
 * What this does not prove: behaviour against real Atlas, or on a real terminal (whether stderr
 * is one is injected), or what a ResponseValidationError looks like end to end (the emulator
 * cannot send a malformed success; `exitCodeFor` is tested for it directly).
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { EXIT_CODES } from "../bin/cli";
import { COMPILED_CLI, runCliCaptured, type CliRun as Run } from "./support/cli";
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
import { clearTokenCache } from "../provider/atlas/auth";
import {
  DEMO_CLUSTER_NAME,
  DEMO_CREDENTIALS,
  DEMO_PROJECT_ID,
  DEMO_SNAPSHOT_IDS,
  startAtlasEmulator,
  type AtlasEmulator,
  type FlexSnapshotRecord,
} from "../emulator";

const ROOT = path.resolve(__dirname, "..");
const P = DEMO_PROJECT_ID;
const IDS = DEMO_SNAPSHOT_IDS;
const ORDERS = ["--project-id", P, "--cluster", DEMO_CLUSTER_NAME];
const of = (id: string): string[] => [...ORDERS, "--snapshot-id", id];
const describeIn = (id: string, cluster = DEMO_CLUSTER_NAME): string =>
  `snapshot ${id} of flex cluster "${cluster}" in project ${P}`;

const ALL_COMMANDS = "get, list, latest, wait, restore-job get, restore-job list, restore-job wait";
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

const SERVICE_ACCOUNT = DEMO_CREDENTIALS.serviceAccounts[0]!;
const API_KEY = DEMO_CREDENTIALS.apiKeys[0]!;
const ACCESS_TOKEN = DEMO_CREDENTIALS.accessTokens[0]!;
const SECRETS = [SERVICE_ACCOUNT.clientSecret, API_KEY.privateKey, ACCESS_TOKEN];
const CREDENTIAL_ENV: Record<string, NodeJS.ProcessEnv> = {
  "an access token": { MONGODB_ATLAS_ACCESS_TOKEN: ACCESS_TOKEN },
  "a service account": {
    MONGODB_ATLAS_CLIENT_ID: SERVICE_ACCOUNT.clientId,
    MONGODB_ATLAS_CLIENT_SECRET: SERVICE_ACCOUNT.clientSecret,
  },
  "an API key": {
    MONGODB_ATLAS_PUBLIC_API_KEY: API_KEY.publicKey,
    MONGODB_ATLAS_PRIVATE_API_KEY: API_KEY.privateKey,
  },
  "an API key under the short names": {
    MONGODB_ATLAS_PUBLIC_KEY: API_KEY.publicKey,
    MONGODB_ATLAS_PRIVATE_KEY: API_KEY.privateKey,
  },
};

let emulator: AtlasEmulator;
/** Everything any run printed, for the final check that no secret was ever printed. */
const printed: string[] = [];

/** The emulator's origin and a service account: the environment of most runs. */
function defaultEnv(): NodeJS.ProcessEnv {
  return { MONGODB_ATLAS_BASE_URL: emulator.baseUrl, ...CREDENTIAL_ENV["a service account"] };
}

async function run(
  argv: readonly string[],
  options: { env?: NodeJS.ProcessEnv; isTTY?: boolean } = {},
): Promise<Run> {
  const result = await runCliCaptured(argv, options.env ?? defaultEnv(), {
    isTTY: options.isTTY,
    // Retries as the CLI does them, only without the half-second waits.
    clientOptions: { retry: { minDelayMs: 1, maxDelayMs: 5 } },
  });
  printed.push(result.stdout, result.stderr);
  return result;
}

function json(result: Run): unknown {
  return JSON.parse(result.stdout) as unknown;
}

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

beforeAll(async () => {
  emulator = await startAtlasEmulator();
});
beforeEach(() => {
  emulator.reset();
  clearTokenCache();
  // Put back the test's own snapshots, whatever a test did to them.
  emulator.putSnapshot(P, ANALYTICS, OLD);
  emulator.putSnapshot(P, ANALYTICS, BARE);
  emulator.putSnapshot(P, NIGHTLY, {
    id: MOVING_ID,
    status: "PENDING",
    mongoDBVersion: "8.0.4",
    scheduledTime: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
  });
});
afterAll(async () => emulator.close());

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
        expect.stringMatching(/^finished 5h5\dm\d+s ago \(at \S+Z\); required finished within 1s$/),
      ]),
      /^finished 5h5\dm\d+s ago/,
    ],
    [
      "expires too soon (--min-remaining 30d)",
      ["get", ...of(IDS.COMPLETED), "--min-remaining", "30d"],
      undefined,
      demoDocument("COMPLETED", [
        expect.stringMatching(/^expires in 7d18h\d+m\d+s \(at \S+Z\); required at least 30d left$/),
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
    const result = await run(["latest", ...IN_ANALYTICS, "--status", "FAILED", "--output", "json"]);
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
    ["wait --timeout", ["wait", ...of(IDS.RUNNING), "--timeout", "1s", "--interval", "1s"]],
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
      "missing restore-job command: expected one of get, list, wait; " + hint(),
    ],
    [
      "an unknown restore-job command",
      ["restore-job", "latest"],
      `unknown command "restore-job latest": expected one of ${ALL_COMMANDS}; ` + hint(),
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
    ["wait without --timeout", ["wait", ...of(IDS.RUNNING)], "missing --timeout; " + hint("wait")],
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
      /^no Atlas credentials found\. .*MONGODB_ATLAS_ACCESS_TOKEN/,
    ],
    [
      "a client id without its secret",
      () => ({
        MONGODB_ATLAS_BASE_URL: emulator.baseUrl,
        MONGODB_ATLAS_CLIENT_ID: SERVICE_ACCOUNT.clientId,
      }),
      "incomplete Atlas credentials in the environment: MONGODB_ATLAS_CLIENT_ID is set but MONGODB_ATLAS_CLIENT_SECRET is not",
    ],
    [
      "a private key without its public key",
      () => ({
        MONGODB_ATLAS_BASE_URL: emulator.baseUrl,
        MONGODB_ATLAS_PRIVATE_API_KEY: API_KEY.privateKey,
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
  ])("with --output json, %s is also a JSON document on stdout", async (_, argv, kind, message) => {
    const result = await run(argv);
    expect(result).toEqual({
      code: EXIT_CODES.USAGE,
      stdout: `${JSON.stringify({ error: { kind, message } }, null, 2)}\n`,
      stderr: `flex-snapshot: ${message}\n`,
    });
    expect(emulator.count()).toBe(0);
  });
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
      "a snapshot that does not exist",
      ["get", ...of("6650c0de00000000000000ff")],
      defaultEnv,
      "NotFoundError",
      /^\[404 Not Found\] GET \S+: SNAPSHOT_NOT_FOUND: No snapshot with ID 6650c0de00000000000000ff exists/,
      0,
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
      /^\[401 Unauthorized\] GET \S+ .*\(check the credentials/,
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
      expect(await run(argv)).toEqual({ code: EXIT_CODES.OK, stdout: `${version}\n`, stderr: "" });
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

describe("the compiled executable", () => {
  const entry = COMPILED_CLI;

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
            MONGODB_ATLAS_ACCESS_TOKEN: ACCESS_TOKEN,
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
