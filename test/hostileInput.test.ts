/**
 * Hostile input (issue 7, sections 3 and 4): values that are valid syntax with a harmful meaning,
 * or that carry a secret, given to every way in — the settings (stack config and environment),
 * the provider's `read`, the SDK, the API client and the `flex-snapshot` command (in-process, and
 * as the compiled executable for the exit code). For each refused value the test asserts the
 * exact error (class, field, bounded and redacted value), that the local Atlas emulator received
 * no request at all, and that no output — message, error properties as JSON and as
 * `util.inspect` prints them, stdout, stderr, warnings — holds a secret or a long run of the
 * value. Accepted values are asserted too, with what was sent.
 *
 * What this does not prove: how real Atlas answers these values (the emulator stands in), or
 * what the Pulumi engine prints for them (the engine tests cover the error path as a whole).
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import * as net from "node:net";
import path from "node:path";
import * as util from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { EXIT_CODES } from "../bin/cli";
import { CLI_EXECUTABLE, runCliCaptured, type CliRun as Run } from "./support/cli";
import {
  AtlasClient,
  ConfigurationError,
  NotFoundError,
  resolveSettings,
  ValidationError,
  WaitTimeoutError,
  type FlexBackupSnapshot,
} from "../provider";
import { validateLookupArgs, validateRestoreJobLookupArgs } from "../provider/lookups/validation";
import { clearTokenCache } from "../provider/atlas/auth";
import { FlexLookupProvider } from "../provider/pulumi/dynamicProvider";
import { DEFAULT_RETRY_POLICY } from "../provider/atlas/http/retryPolicy";
import {
  MAX_TIMER_MS,
  MAX_WAIT_TIMEOUT_MS,
  MIN_POLL_INTERVAL_MS,
  sleep,
  waitForTerminalStatus,
} from "../provider/lookups/wait";
import { virtualClock } from "./support/clocks";
import {
  DEMO_CLUSTER_NAME,
  DEMO_CREDENTIALS,
  DEMO_PROJECT_ID,
  DEMO_RESTORE_JOB_IDS,
  DEMO_SNAPSHOT_IDS,
  startAtlasEmulator,
  type AtlasEmulator,
} from "../emulator";

const ROOT = path.resolve(__dirname, "..");
const P = DEMO_PROJECT_ID;
const ID = DEMO_SNAPSHOT_IDS.COMPLETED;
const SA = DEMO_CREDENTIALS.serviceAccounts[0]!;
/** The password every hostile URL carries; no output may ever contain it. */
const PASSWORD = "pw-8f3a1c9e77";
const SECRETS = [PASSWORD, SA.clientSecret];

let emulator: AtlasEmulator;
let sdk: typeof import("../sdk/nodejs");

/** Every output of the case that is running, scanned after it. */
let outputs: string[] = [];
/** A long bad value of the case that is running: no output may hold 41 characters of it. */
let longValue: string | undefined;
/** Outcomes by kind, for the count in the closing note (printed at the end). */
const outcomes = new Map<string, number>();
function tally(kind: string): void {
  outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
}

/** Records everything a user could see of `error`: its message, its properties, its inspection. */
function seeError(error: unknown): void {
  outputs.push(
    String((error as Error).message),
    JSON.stringify(error),
    util.inspect(error, { depth: 6, showHidden: true }),
  );
}

/** The environment of a run that would reach the emulator, plus `extra`. */
function envWith(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    MONGODB_ATLAS_BASE_URL: emulator.baseUrl,
    MONGODB_ATLAS_CLIENT_ID: SA.clientId,
    MONGODB_ATLAS_CLIENT_SECRET: SA.clientSecret,
    ...extra,
  };
}

async function cli(argv: readonly string[], env: NodeJS.ProcessEnv = envWith()): Promise<Run> {
  const result = await runCliCaptured(argv, env);
  outputs.push(result.stdout, result.stderr);
  return result;
}

/** Runs the provider's `read` as the provider host would, with `config` and `env`. */
async function providerRead(
  props: Record<string, unknown>,
  env: NodeJS.ProcessEnv = envWith(),
  config: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const provider = new FlexLookupProvider(env, (message) => outputs.push(message));
  await provider.configure({ config: { get: (key) => config[key] } });
  const result = await provider.read(String(props["snapshotId"] ?? ID), props);
  outputs.push(JSON.stringify(result));
  return result.props as Record<string, unknown>;
}

/** Awaits `promise`, expecting it to reject, and returns the error. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

/** Calls `run`, expecting it to throw, and returns the error. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

beforeAll(async () => {
  emulator = await startAtlasEmulator();
  await pulumi.runtime.setMocks(
    {
      newResource: async (args) => {
        const result = await new FlexLookupProvider(envWith()).read(args.id!, args.inputs);
        return { id: result.id!, state: result.props };
      },
      call: () => {
        throw new Error("no calls expected");
      },
    },
    "hostile",
    "dev",
    false,
  );
  // Imported after the mocks are set, as Pulumi's own guidance asks.
  sdk = await import("../sdk/nodejs");
});
beforeEach(() => {
  emulator.reset();
  clearTokenCache();
  outputs = [];
  longValue = undefined;
});
afterEach(() => {
  // Every case: no output holds a secret, or more than a short prefix of a long bad value.
  const leaks = SECRETS.filter((secret) => outputs.some((text) => text.includes(secret)));
  expect(leaks).toEqual([]);
  if (longValue !== undefined) {
    const run = longValue.slice(0, 41);
    expect(outputs.filter((text) => text.includes(run))).toEqual([]);
  }
});
afterAll(async () => {
  await emulator.close();
  // The figures of the closing note: `npx jest test/hostileInput.test.ts` prints them.
  console.log(
    `hostile input outcomes: ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}`,
  );
});

const GET = ["get", "--project-id", P, "--cluster", DEMO_CLUSTER_NAME, "--snapshot-id", ID];
const ORIGIN = "expected an origin such as https://cloud.mongodb.com";
const USER_INFO = `must not contain user info (a user name or password): ${ORIGIN}; credentials go in the credential settings`;
const NOT_PROXY = "is not a proxy URL: expected e.g. http://proxy.example.com:3128";
const EXTRAS = `${ORIGIN}, without path, query or fragment (requests go to <origin>/api/atlas/v2/...)`;
const LONG_PATH = `https://cloud.mongodb.com/${"p".repeat(20_000)}`;

// First, before any request opens a socket: fake timers would fire undici's timers too.
describe("timers", () => {
  afterEach(() => jest.useRealTimers());

  test("sleep waits out a delay past Node's timer limit in steps, never as a 1 ms timer", async () => {
    jest.useFakeTimers();
    const delays: number[] = [];
    const real = global.setTimeout;
    const spy = jest.spyOn(global, "setTimeout").mockImplementation(((
      fn: () => void,
      ms: number,
    ) => {
      delays.push(ms);
      return real(fn, ms);
    }) as typeof setTimeout);
    let done = false;
    const slept = sleep(2 * MAX_TIMER_MS + 5).then(() => (done = true));
    await jest.advanceTimersByTimeAsync(MAX_TIMER_MS);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(MAX_TIMER_MS + 5);
    await slept;
    spy.mockRestore();
    expect(delays).toEqual([MAX_TIMER_MS, MAX_TIMER_MS, 5]);
    tally("timer");
  });
});

/**
 * Settings that are refused: `[label, stack config, environment, message]`. The environment
 * always holds working credentials and the emulator's origin, so that only the bad value can
 * stop the run.
 */
const BAD_SETTINGS: [string, Record<string, string>, NodeJS.ProcessEnv, string][] = [
  [
    "a base URL with a user and password",
    {},
    { MONGODB_ATLAS_BASE_URL: `http://user:${PASSWORD}@example.com` },
    `MONGODB_ATLAS_BASE_URL "http://[REDACTED]@example.com/" ${USER_INFO}`,
  ],
  [
    "an ftp:// base URL with a password",
    {},
    { MONGODB_ATLAS_BASE_URL: `ftp://user:${PASSWORD}@example.com/pub` },
    `MONGODB_ATLAS_BASE_URL "ftp://[REDACTED]@example.com/pub" ${USER_INFO}`,
  ],
  [
    "an unparsable base URL with a password",
    {},
    { MONGODB_ATLAS_BASE_URL: `https://user:${PASSWORD}@exa mple.com` },
    `MONGODB_ATLAS_BASE_URL "https://[REDACTED]" (39 characters) is not a URL: ${ORIGIN}`,
  ],
  [
    "a base URL with a password and no user",
    {},
    { MONGODB_ATLAS_BASE_URL: `https://:${PASSWORD}@cloud.mongodb.com` },
    `MONGODB_ATLAS_BASE_URL "https://[REDACTED]@cloud.mongodb.com/" ${USER_INFO}`,
  ],
  [
    "a base URL with a token as its user",
    {},
    { MONGODB_ATLAS_BASE_URL: `https://${PASSWORD}@cloud.mongodb.com` },
    `MONGODB_ATLAS_BASE_URL "https://[REDACTED]@cloud.mongodb.com/" ${USER_INFO}`,
  ],
  [
    "a base URL without a scheme, user:password@host",
    {},
    { MONGODB_ATLAS_BASE_URL: `user:${PASSWORD}@cloud.mongodb.com` },
    `MONGODB_ATLAS_BASE_URL "user:[REDACTED]" must use https:// (plain http:// is allowed only for a loopback host, so that credentials never travel unencrypted)`,
  ],
  [
    "a loopback http:// base URL with a password, in the stack config",
    { "mongodbatlas:baseUrl": `http://admin:${PASSWORD}@127.0.0.1:9/` },
    {},
    `mongodbatlas:baseUrl "http://[REDACTED]@127.0.0.1:9/" ${USER_INFO}`,
  ],
  [
    "a base URL with a key in its query",
    {},
    { MONGODB_ATLAS_BASE_URL: `https://cloud.mongodb.com/?apiKey=${PASSWORD}` },
    `MONGODB_ATLAS_BASE_URL "https://cloud.mongodb.com/?[REDACTED]" has a query: ${EXTRAS}`,
  ],
  [
    "a base URL with a fragment",
    {},
    { MONGODB_ATLAS_BASE_URL: `https://cloud.mongodb.com/#${PASSWORD}` },
    `MONGODB_ATLAS_BASE_URL "https://cloud.mongodb.com/#[REDACTED]" has a fragment: ${EXTRAS}`,
  ],
  [
    "a base URL with a path (it used to be dropped silently)",
    { "mongodbatlas:baseUrl": "https://cloud.mongodb.com/api/atlas/v2" },
    {},
    `mongodbatlas:baseUrl "https://cloud.mongodb.com/api/atlas/v2" has a path: ${EXTRAS}`,
  ],
  [
    "a base URL with a path, a query and a fragment",
    {},
    { MONGODB_ATLAS_BASE_URL: "https://cloud.mongodb.com/x?y#z" },
    `MONGODB_ATLAS_BASE_URL "https://cloud.mongodb.com/x?[REDACTED]#[REDACTED]" has a path and a query and a fragment: ${EXTRAS}`,
  ],
  [
    "a 20,000-character base URL path",
    {},
    { MONGODB_ATLAS_BASE_URL: LONG_PATH },
    `MONGODB_ATLAS_BASE_URL "https://cloud.mongodb.com/${"p".repeat(14)}… (20026 characters)" has a path: ${EXTRAS}`,
  ],
  [
    "a 20,000-character gov flag",
    { "mongodbatlas:isMongodbgovCloud": "y".repeat(20_000) },
    { MONGODB_ATLAS_BASE_URL: "" },
    `mongodbatlas:isMongodbgovCloud "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy… (20000 characters)" must be true or false`,
  ],
  [
    "an unparsable HTTPS_PROXY with a password",
    {},
    { HTTPS_PROXY: `http://user:${PASSWORD}@exa mple.com:3128` },
    `HTTPS_PROXY "http://[REDACTED]" (43 characters) ${NOT_PROXY} (or unset HTTPS_PROXY)`,
  ],
  [
    "an https_proxy without a scheme (the lower-case name, which undici reads first)",
    {},
    { https_proxy: `user:${PASSWORD}@proxy.example.com:3128`, HTTPS_PROXY: "http://ok:3128" },
    `https_proxy "user:[REDACTED]" ${NOT_PROXY} (or unset https_proxy)`,
  ],
  [
    "an ftp:// HTTP_PROXY with a password",
    {},
    { HTTP_PROXY: `ftp://user:${PASSWORD}@proxy.example.com` },
    `HTTP_PROXY "ftp://[REDACTED]@proxy.example.com/" ${NOT_PROXY} (or unset HTTP_PROXY)`,
  ],
  [
    "an http_proxy of host:port without a scheme",
    {},
    { http_proxy: "proxy.example.com:3128" },
    `http_proxy "proxy.example.com:[REDACTED]" ${NOT_PROXY} (or unset http_proxy)`,
  ],
];

/** The long value among a case's settings, if any. */
function longOf(config: Record<string, string>, env: NodeJS.ProcessEnv): string | undefined {
  return [...Object.values(config), ...Object.values(env)].find((v) => (v ?? "").length > 1_000);
}

describe("settings that are refused, with the value redacted, before any request", () => {
  test.each(BAD_SETTINGS)("%s: resolveSettings", (_label, config, env, message) => {
    longValue = longOf(config, env);
    const error = thrown(() =>
      resolveSettings({ get: (key) => config[key] }, { ...envWith(), ...env }),
    );
    seeError(error);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(message);
    // No `cause`: Node's URL errors keep the whole input.
    expect((error as Error).cause).toBeUndefined();
    tally("refused: ConfigurationError");
  });

  test.each(BAD_SETTINGS)("%s: the provider's read", async (_label, config, env, message) => {
    longValue = longOf(config, env);
    const error = await rejection(
      providerRead(
        { snapshotId: ID, projectId: P, name: DEMO_CLUSTER_NAME },
        { ...envWith(), ...env },
        config,
      ),
    );
    seeError(error);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(message);
    expect(emulator.count()).toBe(0);
  });

  const fromEnvironment = BAD_SETTINGS.filter(([, config]) => Object.keys(config).length === 0);
  test.each(fromEnvironment)("%s: flex-snapshot exits 3", async (_label, config, env, message) => {
    longValue = longOf(config, env);
    const result = await cli([...GET, "--output", "json"], envWith(env));
    expect(result).toEqual({
      code: EXIT_CODES.USAGE,
      stdout: `${JSON.stringify({ error: { kind: "ConfigurationError", message } }, null, 2)}\n`,
      stderr: `flex-snapshot: ${message}\n`,
    });
    expect(emulator.count()).toBe(0);
  });

  test("the API client refuses the same base URLs, redacted", () => {
    const error = thrown(
      () =>
        new AtlasClient({
          baseUrl: `https://user:${PASSWORD}@exa mple.com`,
          credentials: { kind: "accessToken", accessToken: "t" },
        }),
    );
    seeError(error);
    expect(error).toEqual(
      new ConfigurationError(
        `baseUrl "https://[REDACTED]" (39 characters) is not a URL: ${ORIGIN}`,
      ),
    );
    tally("refused: ConfigurationError");
  });
});

describe("settings that are accepted", () => {
  test.each<[string, NodeJS.ProcessEnv, string]>([
    [
      "a base URL with only a trailing slash",
      { MONGODB_ATLAS_BASE_URL: "https://cloud.mongodb.com/" },
      "https://cloud.mongodb.com",
    ],
    [
      "an explicit :443",
      { MONGODB_ATLAS_BASE_URL: "https://cloud.mongodb.com:443" },
      "https://cloud.mongodb.com",
    ],
    [
      "a malformed HTTP_PROXY that undici ignores, since http_proxy is set (empty)",
      { http_proxy: "", HTTP_PROXY: `user:${PASSWORD}@proxy` },
      "https://cloud.mongodb.com",
    ],
    [
      "a proxy URL with a password (used, never shown)",
      { HTTPS_PROXY: `http://u:${PASSWORD}@proxy.example.com:3128` },
      "https://cloud.mongodb.com",
    ],
  ])("%s", (_label, env, baseUrl) => {
    const settings = resolveSettings(
      { get: () => undefined },
      { ...envWith(), MONGODB_ATLAS_BASE_URL: undefined, ...env },
    );
    outputs.push(...settings.warnings);
    expect(settings.baseUrl).toBe(baseUrl);
    tally("accepted");
  });
});

const DURATION = (range: string) => `a duration from ${range}, such as "90s", "15m", "24h" or "7d"`;
const GATE_RANGE = DURATION("1s to 366d");
const WAIT_RANGE = DURATION("1s to 1d");
const STATUS =
  "a status (an upper-case word matching ^[A-Z][A-Z0-9_]{0,31}$, such as PENDING, QUEUED, RUNNING, FAILED, COMPLETED), or a list of 1 to 16 of them";
const NAME_LENGTH = "a flex cluster name of at most 64 characters (Atlas's limit)";
const NAME_PATTERN = "a flex cluster name matching ^[a-zA-Z0-9][a-zA-Z0-9-]*$";
const REAL_DAY = "an Atlas API version date (YYYY-MM-DD) that is a real day";
const NINES = "9".repeat(400);
const MANY = Array.from({ length: 17 }, () => "X");

/** A refused argument, given to every way in. */
interface BadArgument {
  readonly label: string;
  /** What replaces or adds to the arguments of a good lookup (Pulumi's names). */
  readonly args: Record<string, unknown>;
  /** The same value on the command line: flags added to `get` of a good snapshot. */
  readonly argv: readonly string[];
  /** The field the provider and the SDK name, and the flag the CLI names. */
  readonly field: string;
  readonly flag: string;
  /** The value as the message quotes it (JSON text). */
  readonly shown: string;
  readonly expected: string;
  /** A long value, no 41 characters of which may appear anywhere. */
  readonly long?: string;
}

const BAD_ARGUMENTS: BadArgument[] = [
  {
    label: 'maxAge "0s"',
    args: { require: { maxAge: "0s" } },
    argv: ["--max-age", "0s"],
    field: "require.maxAge",
    flag: "--max-age",
    shown: '"0s"',
    expected: GATE_RANGE,
  },
  {
    label: 'minRemaining "0s"',
    args: { require: { minRemaining: "0s" } },
    argv: ["--min-remaining", "0s"],
    field: "require.minRemaining",
    flag: "--min-remaining",
    shown: '"0s"',
    expected: GATE_RANGE,
  },
  {
    label: 'maxAge "367d", past a year',
    args: { require: { maxAge: "367d" } },
    argv: ["--max-age", "367d"],
    field: "require.maxAge",
    flag: "--max-age",
    shown: '"367d"',
    expected: GATE_RANGE,
  },
  {
    label: "maxAge of a 400-digit number of days (was Infinity)",
    args: { require: { maxAge: `${NINES}d` } },
    argv: ["--max-age", `${NINES}d`],
    field: "require.maxAge",
    flag: "--max-age",
    shown: `"${"9".repeat(40)}… (401 characters)"`,
    expected: GATE_RANGE,
    long: NINES,
  },
  {
    label: 'minRemaining "Infinity"',
    args: { require: { minRemaining: "Infinity" } },
    argv: ["--min-remaining", "Infinity"],
    field: "require.minRemaining",
    flag: "--min-remaining",
    shown: '"Infinity"',
    expected: GATE_RANGE,
  },
  {
    label: "minRemaining of 1e21 ms (digits, but past exact integers)",
    args: { require: { minRemaining: `1${"0".repeat(21)}ms` } },
    argv: ["--min-remaining", `1${"0".repeat(21)}ms`],
    field: "require.minRemaining",
    flag: "--min-remaining",
    shown: `"1${"0".repeat(21)}ms"`,
    expected: GATE_RANGE,
  },
  {
    label: 'wait timeout "0s"',
    args: { wait: { timeout: "0s" } },
    argv: ["--wait", "0s"],
    field: "wait.timeout",
    flag: "--wait",
    shown: '"0s"',
    expected: WAIT_RANGE,
  },
  {
    label: 'wait timeout "25h", past a day',
    args: { wait: { timeout: "25h" } },
    argv: ["--wait", "25h"],
    field: "wait.timeout",
    flag: "--wait",
    shown: '"25h"',
    expected: WAIT_RANGE,
  },
  {
    label: "wait timeout of a 400-digit number of seconds",
    args: { wait: { timeout: `${NINES}s` } },
    argv: ["--wait", `${NINES}s`],
    field: "wait.timeout",
    flag: "--wait",
    shown: `"${"9".repeat(40)}… (401 characters)"`,
    expected: WAIT_RANGE,
    long: NINES,
  },
  {
    label: 'wait interval "0s" (polled without pause)',
    args: { wait: { timeout: "1m", interval: "0s" } },
    argv: ["--wait", "1m", "--interval", "0s"],
    field: "wait.interval",
    flag: "--interval",
    shown: '"0s"',
    expected: WAIT_RANGE,
  },
  {
    label: 'wait interval "500ms"',
    args: { wait: { timeout: "1m", interval: "500ms" } },
    argv: ["--wait", "1m", "--interval", "500ms"],
    field: "wait.interval",
    flag: "--interval",
    shown: '"500ms"',
    expected: WAIT_RANGE,
  },
  {
    label: 'wait interval "25d", past the timer limit (was a 1 ms poll)',
    args: { wait: { timeout: "1d", interval: "25d" } },
    argv: ["--wait", "1d", "--interval", "25d"],
    field: "wait.interval",
    flag: "--interval",
    shown: '"25d"',
    expected: WAIT_RANGE,
  },
  {
    label: "wait interval above the timeout",
    args: { wait: { timeout: "1m", interval: "2m" } },
    argv: ["--wait", "1m", "--interval", "2m"],
    field: "wait.interval",
    flag: "--interval",
    shown: '"2m"',
    expected: "an interval of at most the timeout (1m)",
  },
  {
    label: 'apiVersion "2024-13-45"',
    args: { apiVersion: "2024-13-45" },
    argv: ["--api-version", "2024-13-45"],
    field: "apiVersion",
    flag: "--api-version",
    shown: '"2024-13-45"',
    expected: REAL_DAY,
  },
  {
    label: 'apiVersion "2023-02-29" (not a leap year)',
    args: { apiVersion: "2023-02-29" },
    argv: ["--api-version", "2023-02-29"],
    field: "apiVersion",
    flag: "--api-version",
    shown: '"2023-02-29"',
    expected: REAL_DAY,
  },
  {
    label: "a 20,000-character apiVersion",
    args: { apiVersion: "v".repeat(20_000) },
    argv: ["--api-version", "v".repeat(20_000)],
    field: "apiVersion",
    flag: "--api-version",
    shown: `"${"v".repeat(40)}… (20000 characters)"`,
    expected: "an Atlas API version date (YYYY-MM-DD) matching ^\\d{4}-\\d{2}-\\d{2}$",
    long: "v".repeat(20_000),
  },
  {
    label: "a 20,000-character cluster name (was sent, answered 431)",
    args: { name: "n".repeat(20_000) },
    argv: ["--cluster", "n".repeat(20_000)],
    field: "name",
    flag: "--cluster",
    shown: `"${"n".repeat(40)}… (20000 characters)"`,
    expected: NAME_LENGTH,
    long: "n".repeat(20_000),
  },
  {
    label: "a 65-character cluster name",
    args: { name: "c".repeat(65) },
    argv: ["--cluster", "c".repeat(65)],
    field: "name",
    flag: "--cluster",
    shown: `"${"c".repeat(40)}… (65 characters)"`,
    expected: NAME_LENGTH,
    long: "c".repeat(65),
  },
  {
    label: "a cluster name with a terminal escape",
    args: { name: "orders\u001b[31mred" },
    argv: ["--cluster", "orders\u001b[31mred"],
    field: "name",
    flag: "--cluster",
    shown: '"orders\\u001b[31mred"',
    expected: NAME_PATTERN,
  },
  {
    label: "a cluster name with a path in it",
    args: { name: "../orders" },
    argv: ["--cluster", "../orders"],
    field: "name",
    flag: "--cluster",
    shown: '"../orders"',
    expected: NAME_PATTERN,
  },
  {
    label: "a 5,000-character project id",
    args: { projectId: "f".repeat(5_000) },
    argv: ["--project-id", "f".repeat(5_000)],
    field: "projectId",
    flag: "--project-id",
    shown: `"${"f".repeat(40)}… (5000 characters)"`,
    expected: "a 24-character hexadecimal project id matching ^([a-f0-9]{24})$",
    long: "f".repeat(5_000),
  },
  {
    label: "a snapshot id with a slash",
    args: { snapshotId: "a/b" },
    argv: ["--snapshot-id", "a/b"],
    field: "snapshotId",
    flag: "--snapshot-id",
    shown: '"a/b"',
    expected: "a 24-character hexadecimal snapshot id matching ^([a-f0-9]{24})$",
  },
  {
    label: "a lower-case status",
    args: { require: { status: ["archived"] } },
    argv: ["--require-status", "archived"],
    field: "require.status.0",
    flag: "--require-status",
    shown: '"archived"',
    expected: STATUS,
  },
  {
    label: "a 1,000-character status",
    args: { require: { status: ["A".repeat(1_000)] } },
    argv: ["--require-status", "A".repeat(1_000)],
    field: "require.status.0",
    flag: "--require-status",
    shown: `"${"A".repeat(40)}… (1000 characters)"`,
    expected: STATUS,
    long: "A".repeat(1_000),
  },
  {
    label: "17 statuses",
    args: { require: { status: MANY } },
    argv: ["--require-status", MANY.join(",")],
    field: "require.status",
    flag: "--require-status",
    shown: `"${JSON.stringify(MANY).slice(0, 40).replace(/"/g, '\\"')}… (69 characters)"`,
    expected: STATUS,
  },
];

describe("arguments that are refused, named and bounded, before any request", () => {
  const message = (field: string, bad: BadArgument) =>
    `invalid ${field} ${bad.shown}: expected ${bad.expected}`;
  const good = { projectId: P, name: DEMO_CLUSTER_NAME, snapshotId: ID };

  test.each(BAD_ARGUMENTS.map((bad) => [bad.label, bad] as const))(
    "%s: the provider's read",
    async (_label, bad) => {
      longValue = bad.long;
      const error = await rejection(providerRead({ lookup: "snapshot", ...good, ...bad.args }));
      seeError(error);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toBe(message(bad.field, bad));
      expect((error as ValidationError).field).toBe(bad.field);
      expect(JSON.stringify((error as ValidationError).value)).toBe(bad.shown);
      expect(emulator.count()).toBe(0);
      tally("refused: ValidationError");
    },
  );

  test.each(BAD_ARGUMENTS.map((bad) => [bad.label, bad] as const))(
    "%s: the SDK, before registering anything",
    (_label, bad) => {
      longValue = bad.long;
      const error = thrown(() => sdk.getFlexSnapshotOutput({ ...good, ...bad.args }));
      seeError(error);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toBe(message(bad.field, bad));
      expect(emulator.count()).toBe(0);
    },
  );

  test.each(BAD_ARGUMENTS.map((bad) => [bad.label, bad] as const))(
    "%s: flex-snapshot exits 3",
    async (_label, bad) => {
      longValue = bad.long;
      const argv = [...GET];
      for (let i = 0; i < bad.argv.length; i += 2) {
        const at = argv.indexOf(bad.argv[i]!);
        if (at >= 0) argv[at + 1] = bad.argv[i + 1]!;
        else argv.push(bad.argv[i]!, bad.argv[i + 1]!);
      }
      const result = await cli(argv);
      expect(result).toEqual({
        code: EXIT_CODES.USAGE,
        stdout: "",
        stderr: `flex-snapshot: ${message(bad.flag, bad)}\n`,
      });
      expect(emulator.count()).toBe(0);
    },
  );

  test.each<[string, Record<string, string>, string]>([
    [
      "a 20,000-character cluster name",
      { name: "n".repeat(20_000) },
      `invalid name "${"n".repeat(40)}… (20000 characters)": expected ${NAME_LENGTH}`,
    ],
    [
      "a 5,000-character project id",
      { projectId: "f".repeat(5_000) },
      `invalid projectId "${"f".repeat(40)}… (5000 characters)": expected a 24-character hexadecimal project id matching ^([a-f0-9]{24})$`,
    ],
  ])("%s: the API client", async (_label, patch, text) => {
    longValue = Object.values(patch)[0];
    const client = new AtlasClient({
      baseUrl: emulator.baseUrl,
      credentials: { kind: "serviceAccount", clientId: SA.clientId, clientSecret: SA.clientSecret },
    });
    const error = await rejection(client.getFlexSnapshot({ ...good, ...patch }));
    seeError(error);
    expect(error).toEqual(expect.objectContaining({ name: "ValidationError", message: text }));
    expect(emulator.count()).toBe(0);
    tally("refused: ValidationError");
  });
});

describe("command lines that are refused, bounded", () => {
  const hint = (command?: string) =>
    command === undefined
      ? "run `flex-snapshot --help`"
      : `run \`flex-snapshot ${command} --help\``;
  test.each<[string, string[], string, string]>([
    [
      "a 20,000-character command",
      ["x".repeat(20_000)],
      `unknown command "${"x".repeat(40)}… (20000 characters)": expected one of get, list, latest, wait, restore-job get, restore-job latest, restore-job list, restore-job wait; ${hint()}`,
      "x".repeat(20_000),
    ],
    [
      "a 20,000-character option",
      [...GET, `--${"y".repeat(20_000)}`],
      `unknown option '--${"y".repeat(22)}… (20019 characters); ${hint("get")}`,
      "y".repeat(20_000),
    ],
    [
      "a 20,000-character --output",
      [...GET, "--output", "z".repeat(20_000)],
      `--output must be "table" or "json", not "${"z".repeat(40)}… (20000 characters)"; ${hint("get")}`,
      "z".repeat(20_000),
    ],
  ])("%s", async (_label, argv, text, long) => {
    longValue = long;
    const result = await cli(argv);
    expect(result).toEqual({
      code: EXIT_CODES.USAGE,
      stdout: "",
      stderr: `flex-snapshot: ${text}\n`,
    });
    expect(emulator.count()).toBe(0);
    tally("refused: UsageError");
  });
});

describe("restore job arguments that are refused, named and bounded, before any request", () => {
  const JOB = DEMO_RESTORE_JOB_IDS.COMPLETED;
  const good = { projectId: P, name: DEMO_CLUSTER_NAME, restoreJobId: JOB };
  const TARGET =
    "a cluster name of 1 to 64 letters, digits or -_.(),:&@+' matching ^[\\p{L}\\p{N}\\-_.(),:&@+']{1,64}$";
  const JOB_ID = "a 24-character hexadecimal restore job id matching ^([a-f0-9]{24})$";
  test.each<[string, Record<string, unknown>, string[], string, string, string | undefined]>([
    [
      "a 20,000-character restore job id",
      { restoreJobId: "r".repeat(20_000) },
      ["--restore-job-id", "r".repeat(20_000)],
      "restoreJobId",
      `"${"r".repeat(40)}… (20000 characters)": expected ${JOB_ID}`,
      "r".repeat(20_000),
    ],
    [
      "a restore job id with a path in it",
      { restoreJobId: "../snapshots" },
      ["--restore-job-id", "../snapshots"],
      "restoreJobId",
      `"../snapshots": expected ${JOB_ID}`,
      undefined,
    ],
    [
      "a target name with a terminal escape",
      { require: { targetDeploymentItemName: "copy\u001b[31mred" } },
      ["--require-target", "copy\u001b[31mred"],
      "require.targetDeploymentItemName",
      `"copy\\u001b[31mred": expected ${TARGET}`,
      undefined,
    ],
    [
      "a 20,000-character target name",
      { require: { targetDeploymentItemName: "t".repeat(20_000) } },
      ["--require-target", "t".repeat(20_000)],
      "require.targetDeploymentItemName",
      `"${"t".repeat(40)}… (20000 characters)": expected ${TARGET}`,
      "t".repeat(20_000),
    ],
  ])(
    "%s: the lookup, the API client and flex-snapshot",
    async (_label, args, argv, field, rest, long) => {
      longValue = long;
      const flag = argv[0]!;
      const lookupError = thrown(() => validateRestoreJobLookupArgs({ ...good, ...args }));
      seeError(lookupError);
      expect(lookupError).toBeInstanceOf(ValidationError);
      expect((lookupError as Error).message).toBe(`invalid ${field} ${rest}`);
      if (field === "restoreJobId") {
        const client = new AtlasClient({
          baseUrl: emulator.baseUrl,
          credentials: {
            kind: "serviceAccount",
            clientId: SA.clientId,
            clientSecret: SA.clientSecret,
          },
        });
        const clientError = await rejection(
          client.getFlexRestoreJob({ ...good, ...args } as never),
        );
        seeError(clientError);
        expect((clientError as Error).message).toBe(`invalid ${field} ${rest}`);
      }
      const result = await cli([
        "restore-job",
        "get",
        "--project-id",
        P,
        "--cluster",
        DEMO_CLUSTER_NAME,
        ...(flag === "--restore-job-id" ? [] : ["--restore-job-id", JOB]),
        ...argv,
      ]);
      expect(result).toEqual({
        code: EXIT_CODES.USAGE,
        stdout: "",
        stderr: `flex-snapshot: invalid ${flag} ${rest}\n`,
      });
      expect(emulator.count()).toBe(0);
      tally("refused: ValidationError");
    },
  );

  test("a 20,000-character restore-job command", async () => {
    longValue = "x".repeat(20_000);
    const result = await cli(["restore-job", longValue]);
    expect(result.code).toBe(EXIT_CODES.USAGE);
    expect(result.stderr).toBe(
      `flex-snapshot: unknown command "restore-job ${"x".repeat(28)}… (20012 characters)": expected one of get, list, latest, wait, restore-job get, restore-job latest, restore-job list, restore-job wait; run \`flex-snapshot --help\`\n`,
    );
    expect(emulator.count()).toBe(0);
    tally("refused: UsageError");
  });
});

describe("values at the edge that are accepted", () => {
  test.each<[string, Record<string, unknown>]>([
    ["an interval equal to the timeout", { wait: { timeout: "1m", interval: "1m" } }],
    ["a wait of exactly a day, polled every second", { wait: { timeout: "1d", interval: "1s" } }],
    ["a leap day as apiVersion", { apiVersion: "2024-02-29" }],
    [
      "maxAge of a second, minRemaining of 366 days",
      { require: { maxAge: "1s", minRemaining: "366d" } },
    ],
    ["16 statuses", { require: { status: Array.from({ length: 16 }, () => "COMPLETED") } }],
  ])("%s", (_label, patch) => {
    expect(() =>
      validateLookupArgs({ projectId: P, name: DEMO_CLUSTER_NAME, snapshotId: ID, ...patch }),
    ).not.toThrow();
    tally("accepted");
  });

  test("a 64-character cluster name is sent (and Atlas says it does not exist)", async () => {
    const result = await cli([...GET.slice(0, 3), "--cluster", "c".repeat(64), ...GET.slice(5)]);
    expect(result.code).toBe(EXIT_CODES.ATLAS);
    expect(result.stderr).toMatch(/^flex-snapshot: \[404 /);
    expect(emulator.count({ path: /\/flexClusters\/c{64}\// })).toBe(1);
    const error = await rejection(
      new AtlasClient({
        baseUrl: emulator.baseUrl,
        credentials: {
          kind: "serviceAccount",
          clientId: SA.clientId,
          clientSecret: SA.clientSecret,
        },
      }).getFlexSnapshot({ projectId: P, name: "c".repeat(64), snapshotId: ID }),
    );
    seeError(error);
    expect(error).toBeInstanceOf(NotFoundError);
    tally("accepted: sent, 404");
  });
});

describe("a status Atlas has not been seen to return: accepted, with a warning", () => {
  const warning = (status: string, field: string) =>
    `status ${status} (in ${field}) is not one Atlas has been seen to return (PENDING, QUEUED, RUNNING, FAILED, COMPLETED); no snapshot matches it until Atlas does, so check its spelling`;
  const described = `snapshot ${ID} of flex cluster "${DEMO_CLUSTER_NAME}" in project ${P}`;

  test.each<[string, string[], number, string]>([
    [
      "--require-status COMPLETED,ARCHIVED on a COMPLETED snapshot: met",
      ["--require-status", "COMPLETED,ARCHIVED"],
      EXIT_CODES.OK,
      `flex-snapshot: warning: ${warning("ARCHIVED", "require.status")}\n`,
    ],
    [
      "--require-status ARCHIVED on a COMPLETED snapshot: not met",
      ["--require-status", "ARCHIVED"],
      EXIT_CODES.GATE_NOT_MET,
      `flex-snapshot: warning: ${warning("ARCHIVED", "require.status")}\nflex-snapshot: gate not met: ${described} is COMPLETED; required status ARCHIVED\n`,
    ],
  ])("%s", async (_label, flags, code, stderr) => {
    const result = await cli([...GET, ...flags]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code, stderr });
    expect(emulator.count({ path: /\/snapshots\// })).toBe(1);
    tally("accepted: with a warning");
  });

  test("latest --status ARCHIVED: no snapshot has it, and the warning says why", async () => {
    const result = await cli([
      "latest",
      "--project-id",
      P,
      "--cluster",
      DEMO_CLUSTER_NAME,
      "--status",
      "ARCHIVED",
    ]);
    expect(result.code).toBe(EXIT_CODES.GATE_NOT_MET);
    expect(result.stderr.split("\n")[0]).toBe(
      `flex-snapshot: warning: ${warning("ARCHIVED", "status")}`,
    );
    tally("accepted: with a warning");
  });

  test("the provider returns the warning with the snapshot", async () => {
    const props = await providerRead({
      lookup: "snapshot",
      projectId: P,
      name: DEMO_CLUSTER_NAME,
      snapshotId: ID,
      require: { status: ["COMPLETED", "ARCHIVED"] },
    });
    expect(props["status"]).toBe("COMPLETED");
    expect(props["warnings"]).toEqual([warning("ARCHIVED", "require.status")]);
    tally("accepted: with a warning");
  });

  test("the SDK accepts it and the resource carries the warning", async () => {
    const resource = new sdk.FlexSnapshot(
      "archived",
      {
        projectId: P,
        name: DEMO_CLUSTER_NAME,
        snapshotId: ID,
        require: { status: ["COMPLETED", "ARCHIVED"] },
      },
      { id: ID },
    );
    const warnings = await new Promise<string[]>((resolve) => resource.warnings.apply(resolve));
    expect(warnings).toEqual([warning("ARCHIVED", "require.status")]);
    tally("accepted: with a warning");
  });
});

describe("timers and the bound on a wait's requests", () => {
  afterEach(() => jest.useRealTimers());

  const running = (): FlexBackupSnapshot => ({ id: ID, status: "RUNNING" });

  test("the worst-case wait (1 s interval, 1 d timeout) makes the number of polls the README states", async () => {
    const clock = virtualClock(0);
    let polls = 0;
    const error = await rejection(
      waitForTerminalStatus(
        async () => (polls++, running()),
        { timeoutMs: MAX_WAIT_TIMEOUT_MS, intervalMs: MIN_POLL_INTERVAL_MS },
        "the snapshot",
        undefined,
        clock,
      ),
    );
    expect(error).toBeInstanceOf(WaitTimeoutError);
    // Every sleep within the policy, none past the timer limit.
    expect(Math.min(...clock.sleeps.slice(0, -1))).toBe(MIN_POLL_INTERVAL_MS);
    expect(Math.max(...clock.sleeps)).toBe(60_000);
    // Any other interval polls less.
    for (const intervalMs of [2_000, 10_000, 60_000, 3_600_000]) {
      let others = 0;
      await rejection(
        waitForTerminalStatus(
          async () => (others++, running()),
          { timeoutMs: MAX_WAIT_TIMEOUT_MS, intervalMs },
          "x",
          undefined,
          virtualClock(0),
        ),
      );
      expect(others).toBeLessThan(polls);
    }
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const stated = /at most\s+\*\*([\d,]+) polls\*\*/.exec(readme)?.[1];
    const requests = /at\s+most\s+([\d,]+)\s+snapshot\s+requests/.exec(readme)?.[1];
    expect([stated, requests]).toEqual([
      polls.toLocaleString("en-US"),
      (polls * DEFAULT_RETRY_POLICY.maxAttempts).toLocaleString("en-US"),
    ]);
    tally("timer");
  });

  test("a caller that skips validation still gets a 1 s floor and a 1 d ceiling", async () => {
    const clock = virtualClock(0);
    let polls = 0;
    await rejection(
      waitForTerminalStatus(
        async () => (polls++, running()),
        { timeoutMs: 10 * MAX_WAIT_TIMEOUT_MS, intervalMs: 0 },
        "x",
        undefined,
        clock,
      ),
    );
    expect(Math.min(...clock.sleeps.slice(0, -1))).toBe(MIN_POLL_INTERVAL_MS);
    expect(clock.now()).toBe(MAX_WAIT_TIMEOUT_MS);
    // The same polls as the worst case that validation lets through.
    expect(polls).toBe(1_450);
    let once = 0;
    await rejection(
      waitForTerminalStatus(
        async () => (once++, running()),
        { timeoutMs: Number.NaN },
        "x",
        undefined,
        virtualClock(0),
      ),
    );
    expect(once).toBe(1);
    tally("timer");
  });
});

describe("the executable package.json's bin names (the bundle)", () => {
  const entry = CLI_EXECUTABLE;

  function spawn(argv: string[], env: NodeJS.ProcessEnv): Promise<Run> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [entry, ...argv],
        { env: { PATH: process.env["PATH"], ...env } },
        (error, stdout, stderr) => {
          outputs.push(stdout, stderr);
          resolve({
            code: error === null ? 0 : typeof error.code === "number" ? error.code : -1,
            stdout,
            stderr,
          });
        },
      );
    });
  }

  test("a malformed proxy variable: exit 3, the variable named, the password never shown", async () => {
    const result = await spawn(
      GET,
      envWith({ HTTP_PROXY: `http://user:${PASSWORD}@exa mple.com:3128` }),
    );
    expect(result).toEqual({
      code: EXIT_CODES.USAGE,
      stdout: "",
      stderr: `flex-snapshot: HTTP_PROXY "http://[REDACTED]" (43 characters) ${NOT_PROXY} (or unset HTTP_PROXY)\n`,
    });
    expect(emulator.count()).toBe(0);
    tally("refused: ConfigurationError");
  });

  test("a well-formed proxy with a password that refuses connections: exit 4, the password never shown", async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const result = await spawn(
      GET,
      envWith({ HTTP_PROXY: `http://user:${PASSWORD}@127.0.0.1:${closed}` }),
    );
    expect(result.code).toBe(EXIT_CODES.ATLAS);
    expect(result.stderr).toMatch(/^flex-snapshot: .*connection failed/);
    expect(emulator.count()).toBe(0);
    tally("accepted: sent, no connection");
  }, 60_000);
});
