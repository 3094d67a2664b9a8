/**
 * Every fault × every kind of credentials, through the `AtlasClient` and through the
 * `flex-snapshot` CLI in-process, against the emulator over real HTTP on loopback. The emulator
 * enforces Digest replay protection (a nonce count is spent when a request arrives, even one a
 * fault answers), so an API key retry that reused its `Authorization` would fail here.
 *
 * The client runs warm (a lookup first, so an API key client already holds a nonce: the steady
 * state), the CLI cold (an API key run starts with its unsigned challenge request, which the
 * faults let pass with `withCredentials: true`).
 *
 * What this does not prove: behaviour against real Atlas or a real proxy, or any timing (the
 * retry delays and timeouts are shortened; no test passes or fails on how long it took).
 */
import { writeFileSync } from "node:fs";
import { EXIT_CODES } from "../bin/cli";
import { runCliCaptured } from "./support/cli";
import { AtlasClient, TimeoutError, type Credentials, type FlexSnapshotError } from "../provider";
import { lookupSnapshot } from "../provider/lookups/gatedLookups";
import { type LookupArgs } from "../provider/lookups/validation";
import { clearTokenCache } from "../provider/atlas/auth";
import {
  DEMO_CLUSTER_NAME,
  DEMO_CREDENTIALS,
  DEMO_PROJECT_ID,
  DEMO_SNAPSHOT_IDS,
  startAtlasEmulator,
  type AtlasEmulator,
  type EmulatorFault,
} from "../emulator";
import { failure } from "./support/failure";

type Kind = Credentials["kind"];
const KINDS: readonly Kind[] = ["serviceAccount", "apiKey", "accessToken"];

const ref = {
  projectId: DEMO_PROJECT_ID,
  name: DEMO_CLUSTER_NAME,
  snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
};
const PATH = `/api/atlas/v2/groups/${DEMO_PROJECT_ID}/flexClusters/${DEMO_CLUSTER_NAME}/backup/snapshots/${DEMO_SNAPSHOT_IDS.COMPLETED}`;
const LIST_PATH = `/api/atlas/v2/groups/${DEMO_PROJECT_ID}/flexClusters/${DEMO_CLUSTER_NAME}/backup/snapshots`;

const SERVICE_ACCOUNT = DEMO_CREDENTIALS.serviceAccounts[0]!;
const API_KEY = DEMO_CREDENTIALS.apiKeys[0]!;
const ACCESS_TOKEN = DEMO_CREDENTIALS.accessTokens[0]!;
const SECRETS = [SERVICE_ACCOUNT.clientSecret, API_KEY.privateKey, ACCESS_TOKEN];

const CREDENTIALS: Record<Kind, Credentials> = {
  serviceAccount: { kind: "serviceAccount", ...SERVICE_ACCOUNT },
  apiKey: { kind: "apiKey", ...API_KEY },
  accessToken: { kind: "accessToken", accessToken: ACCESS_TOKEN },
};
const ENV: Record<Kind, NodeJS.ProcessEnv> = {
  serviceAccount: {
    MONGODB_ATLAS_CLIENT_ID: SERVICE_ACCOUNT.clientId,
    MONGODB_ATLAS_CLIENT_SECRET: SERVICE_ACCOUNT.clientSecret,
  },
  apiKey: {
    MONGODB_ATLAS_PUBLIC_API_KEY: API_KEY.publicKey,
    MONGODB_ATLAS_PRIVATE_API_KEY: API_KEY.privateKey,
  },
  accessToken: { MONGODB_ATLAS_ACCESS_TOKEN: ACCESS_TOKEN },
};

/** Retries and timeouts as the product has them, only shorter: 3 attempts, waits of ≤ 50 ms. */
const RETRY = { maxAttempts: 3, minDelayMs: 1, maxDelayMs: 50 };
const TIMEOUTS = { headersMs: 300, deadlineMs: 20_000 };

/**
 * Where the CLI reads each kind of credentials from, as a 401 names it; the `AtlasClient` of these
 * tests is given the same origin, so that both paths end with the same message.
 */
const ORIGIN: Record<Kind, string> = {
  serviceAccount: "MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET in the environment",
  apiKey: "MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY in the environment",
  accessToken: "MONGODB_ATLAS_ACCESS_TOKEN in the environment",
};
const authRemedy = (kind: Kind) =>
  `(check the credentials (${ORIGIN[kind]}); the service account or API key needs the Project Read Only role on this project)`;
const HTML_502 =
  "[502 Bad Gateway] GET " +
  PATH +
  ': the response is not JSON (content-type text/html, 150 bytes, beginning "<html> <head><title>502 Bad Gateway</title></head> <body> <center><h1>502 Bad Ga…")';

/** What a lookup under a fault comes to. */
type Outcome =
  | { readonly ok: true; readonly statuses: readonly number[] }
  | {
      readonly ok: false;
      readonly name: string;
      readonly message: string;
      readonly statuses: readonly number[];
    };

const ok = (...statuses: number[]): Outcome => ({ ok: true, statuses });
const fails = (name: string, message: string, ...statuses: number[]): Outcome => ({
  ok: false,
  name,
  message,
  statuses,
});

/**
 * The faults, each with what every kind of credentials comes to: the statuses of the snapshot
 * requests (0: no answer) and the final result.
 */
const CASES: readonly [string, EmulatorFault, Record<Kind, Outcome> | Outcome][] = [
  ["429 with Retry-After, once", { status: 429, retryAfter: "1" }, ok(429, 200)],
  ["503, once", { status: 503 }, ok(503, 200)],
  ["an HTML 502, once", { body: "html" }, ok(502, 200)],
  ["a hang, once", { hang: true }, ok(0, 200)],
  ["a connection reset, once", { resetConnection: true }, ok(0, 200)],
  [
    "a stale-nonce 401, once",
    { status: 401, stale: true },
    {
      serviceAccount: ok(401, 200),
      apiKey: ok(401, 200),
      accessToken: fails(
        "AuthenticationError",
        `[401 Unauthorized] GET ${PATH}: UNAUTHORIZED: The emulator injected a 401 Unauthorized response. ${authRemedy("accessToken")}`,
        401,
      ),
    },
  ],
  [
    "429 past the retry budget",
    { status: 429, retryAfter: "1", times: 10 },
    fails(
      "RateLimitError",
      `[429 Too Many Requests] GET ${PATH}: RATE_LIMITED: The emulator injected a 429 Too Many Requests response.`,
      429,
      429,
      429,
    ),
  ],
  [
    "503 past the retry budget",
    { status: 503, times: 10 },
    fails(
      "InternalServerError",
      `[503 Service Unavailable] GET ${PATH}: SERVICE_UNAVAILABLE: The emulator injected a 503 Service Unavailable response.`,
      503,
      503,
      503,
    ),
  ],
  [
    "an HTML 502 past the retry budget",
    { body: "html", times: 10 },
    fails("InternalServerError", HTML_502, 502, 502, 502),
  ],
  [
    "an empty 503 past the retry budget",
    { status: 503, body: "empty", times: 10 },
    fails(
      "InternalServerError",
      `[503 Service Unavailable] GET ${PATH}: the response is not JSON (content-type none, empty body)`,
      503,
      503,
      503,
    ),
  ],
  [
    "a truncated JSON 200",
    { body: "truncatedJson" },
    fails(
      "ResponseValidationError",
      `[200 OK] GET ${PATH}: the response is not JSON (content-type application/vnd.atlas.2024-11-13+json;charset=utf-8, 194 bytes)`,
      200,
    ),
  ],
  [
    "a hang past the retry budget",
    { hang: true, times: 10 },
    fails(
      "TimeoutError",
      `GET ${PATH}: connection failed: no response within 300 ms (UND_ERR_HEADERS_TIMEOUT, 3 attempts)`,
      0,
      0,
      0,
    ),
  ],
  [
    "a connection reset past the retry budget",
    { resetConnection: true, times: 10 },
    fails(
      "ConnectionError",
      `GET ${PATH}: connection failed: ECONNRESET: read ECONNRESET (3 attempts)`,
      0,
      0,
      0,
    ),
  ],
  [
    "a second 401",
    { status: 401, times: 2 },
    {
      serviceAccount: fails(
        "AuthenticationError",
        `[401 Unauthorized] GET ${PATH}: UNAUTHORIZED: The emulator injected a 401 Unauthorized response. ${authRemedy("serviceAccount")}`,
        401,
        401,
      ),
      apiKey: fails(
        "AuthenticationError",
        `[401 Unauthorized] GET ${PATH}: UNAUTHORIZED: The emulator injected a 401 Unauthorized response. ${authRemedy("apiKey")}`,
        401,
        401,
      ),
      accessToken: fails(
        "AuthenticationError",
        `[401 Unauthorized] GET ${PATH}: UNAUTHORIZED: The emulator injected a 401 Unauthorized response. ${authRemedy("accessToken")}`,
        401,
      ),
    },
  ],
];

/** The table as rows of (fault, kind, outcome). */
const ROWS = CASES.flatMap(([label, fault, outcomes]) =>
  KINDS.map(
    (kind) =>
      [label, kind, fault, "ok" in outcomes ? outcomes : outcomes[kind]] as [
        string,
        Kind,
        EmulatorFault,
        Outcome,
      ],
  ),
);

let emulator: AtlasEmulator;
/** Everything any lookup printed or threw, for the final check that no secret was in it. */
const seen: string[] = [];
/** What each cell came to, observed: fault → kind → client result / CLI result. */
const observed = new Map<string, Map<Kind, { client?: string; cli?: string }>>();
/** The exact message of each fault that ends in an error, observed. */
const messages = new Map<string, Set<string>>();

function observe(label: string, kind: Kind, via: "client" | "cli", result: string): void {
  const row = observed.get(label) ?? new Map<Kind, { client?: string; cli?: string }>();
  observed.set(label, row);
  row.set(kind, { ...row.get(kind), [via]: result });
}

/**
 * Writes the fault × credential-kind table of what a user finally gets, as observed by this
 * run, to the file `FAULT_TABLE` names (when set): `FAULT_TABLE=table.md npx jest test/faults.test.ts`.
 */
function writeTable(file: string): void {
  const lines = [
    "Each cell: what the AtlasClient returns (the answers to the snapshot request; 0 = none),",
    "then the exit code of `flex-snapshot get`.",
    "",
    `| Fault (on the snapshot GET) | ${KINDS.join(" | ")} |`,
    `| --- | ${KINDS.map(() => "---").join(" | ")} |`,
  ];
  for (const [label, row] of observed) {
    const cells = KINDS.map((kind) => {
      const { client = "?", cli = "?" } = row.get(kind) ?? {};
      return `${client}; CLI: ${cli}`;
    });
    lines.push(`| ${label} | ${cells.join(" | ")} |`);
  }
  lines.push("", "Exact messages (the CLI prints `flex-snapshot: <message>` and exits 4):", "");
  for (const [label, set] of messages) {
    for (const message of set) lines.push(`- ${label}: \`${message}\``);
  }
  writeFileSync(file, `${lines.join("\n")}\n`);
}

function client(kind: Kind, extra: Partial<ConstructorParameters<typeof AtlasClient>[0]> = {}) {
  return new AtlasClient({
    baseUrl: emulator.baseUrl,
    credentials: CREDENTIALS[kind],
    credentialOrigin: ORIGIN[kind],
    retry: RETRY,
    timeouts: TIMEOUTS,
    ...extra,
  });
}

/** The statuses of the snapshot requests from the `from`-th request on. */
function snapshotStatuses(from: number, path = PATH): number[] {
  return emulator.requests
    .slice(from)
    .filter((request) => request.path === path)
    .map((request) => request.status);
}

beforeAll(async () => {
  emulator = await startAtlasEmulator();
});
beforeEach(() => {
  emulator.reset();
  clearTokenCache();
});
afterAll(async () => {
  await emulator.close();
  const table = process.env["FAULT_TABLE"];
  if (table !== undefined) writeTable(table);
  for (const secret of SECRETS) {
    expect(seen.join("\n")).not.toContain(secret);
  }
});

describe("through the AtlasClient (warm: the lookup after a first one)", () => {
  test.each(ROWS)("%s, %s credentials", async (_label, kind, fault, outcome) => {
    const c = client(kind);
    await c.getFlexSnapshot(ref);
    const before = emulator.requests.length;
    emulator.injectFault({ ...fault, path: PATH, withCredentials: true });

    const result = await c.getFlexSnapshot(ref).then(
      (snapshot) => ({ snapshot }),
      (error: FlexSnapshotError) => ({ error }),
    );

    const statuses = snapshotStatuses(before);
    const error = "error" in result ? result.error : undefined;
    observe(
      _label,
      kind,
      "client",
      error === undefined
        ? `succeeds (answers: ${statuses.join(", ")})`
        : `${error.name} (answers: ${statuses.join(", ")})`,
    );
    if (error !== undefined) {
      messages.set(_label, (messages.get(_label) ?? new Set()).add(error.message));
    }
    expect(statuses).toEqual(outcome.statuses);
    if (outcome.ok) {
      expect(result).toEqual({ snapshot: expect.objectContaining({ id: ref.snapshotId }) });
    } else {
      const error = (result as { error: FlexSnapshotError }).error;
      seen.push(error.message, String(error.stack), JSON.stringify(error));
      expect(error).toBeInstanceOf(Error);
      expect([error.name, error.message]).toEqual([outcome.name, outcome.message]);
    }
  });
});

describe("through the flex-snapshot CLI, in-process (cold: a new run each time)", () => {
  test.each(ROWS)("%s, %s credentials", async (_label, kind, fault, outcome) => {
    emulator.injectFault({ ...fault, path: PATH, withCredentials: true });
    const { code, stdout, stderr } = await runCliCaptured(
      [
        "get",
        "--project-id",
        ref.projectId,
        "--cluster",
        ref.name,
        "--snapshot-id",
        ref.snapshotId,
      ],
      { MONGODB_ATLAS_BASE_URL: emulator.baseUrl, ...ENV[kind] },
      { clientOptions: { retry: RETRY, timeouts: TIMEOUTS } },
    );
    seen.push(stdout, stderr);

    observe(_label, kind, "cli", `exit ${code}`);
    // A cold API key run first asks for the Digest challenge, unsigned.
    const probe = kind === "apiKey" ? [401] : [];
    expect(snapshotStatuses(0)).toEqual([...probe, ...outcome.statuses]);
    if (outcome.ok) {
      expect([code, stderr]).toEqual([EXIT_CODES.OK, ""]);
      expect(stdout).toContain(`COMPLETED`);
    } else {
      expect({ code, stdout, stderr }).toEqual({
        code: EXIT_CODES.ATLAS,
        stdout: "",
        stderr: `flex-snapshot: ${outcome.message}\n`,
      });
    }
  });
});

describe("API keys under concurrency", () => {
  test("12 concurrent lookups through 503s: every attempt has its own nc, none is refused", async () => {
    const c = client("apiKey");
    emulator.injectFault({ path: PATH, status: 503, times: 6, withCredentials: true });
    const snapshots = await Promise.all(Array.from({ length: 12 }, () => c.getFlexSnapshot(ref)));

    expect(snapshots.map((snapshot) => snapshot.id)).toEqual(Array(12).fill(ref.snapshotId));
    expect(emulator.count({ path: PATH, status: 401 })).toBe(1); // the one challenge request
    expect(emulator.count({ path: PATH, status: 503 })).toBe(6);
    expect(emulator.count({ path: PATH, status: 200 })).toBe(12);
  });
});

describe("one deadline per lookup", () => {
  test("every page of a list shares one deadline", async () => {
    // Each page takes 400 ms; 9 pages of 1 would take 3.6 s, the deadline is 1 s.
    emulator.injectFault({ path: LIST_PATH, delayMs: 400, times: 100 });
    const c = client("accessToken", { timeouts: { headersMs: 30_000, deadlineMs: 1_000 } });
    const error = await failure(c.listAllFlexSnapshots(ref, { itemsPerPage: 1 }));
    seen.push(error.message);

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toMatch(
      /^GET \/api\/atlas\/v2\/groups\/6650c0de0000000000000a11\/flexClusters\/orders\/backup\/snapshots\?pageNum=\d&itemsPerPage=1&includeCount=false: connection failed: no answer within the lookup's deadline of 1000 ms \(1 attempt\)$/,
    );
    expect(emulator.count({ path: LIST_PATH })).toBeLessThan(9);
  });

  test("pages and their retries share one deadline", async () => {
    // Every answer takes 500 ms; each page is answered 503 once, then 200. Page 1 takes 1 s;
    // page 2's 503 comes at 1.5 s, and its retry is cut off by the 1.7 s deadline.
    for (let page = 0; page < 3; page++) {
      emulator.injectFault({ path: LIST_PATH, status: 503, delayMs: 500 });
      emulator.injectFault({ path: LIST_PATH, delayMs: 500 });
    }
    const c = client("accessToken", { timeouts: { headersMs: 30_000, deadlineMs: 1_700 } });
    const error = await failure(c.listAllFlexSnapshots(ref, { itemsPerPage: 1 }));

    expect([error.name, error.message]).toEqual([
      "InternalServerError",
      `[503 Service Unavailable] GET ${LIST_PATH}?pageNum=2&itemsPerPage=1&includeCount=false: SERVICE_UNAVAILABLE: The emulator injected a 503 Service Unavailable response.`,
    ]);
  });

  test("retries stop at the deadline, and the error names the last answer", async () => {
    emulator.injectFault({ path: PATH, status: 503, times: 100 });
    const c = client("accessToken", {
      retry: { maxAttempts: 100, minDelayMs: 200, maxDelayMs: 200 },
      timeouts: { deadlineMs: 1_000 },
    });
    const error = await failure(c.getFlexSnapshot(ref));

    expect([error.name, error.message]).toEqual([
      "InternalServerError",
      `[503 Service Unavailable] GET ${PATH}: SERVICE_UNAVAILABLE: The emulator injected a 503 Service Unavailable response.`,
    ]);
    expect(emulator.count({ path: PATH })).toBeLessThan(100);
  });

  test("a server that never answers: the deadline ends the attempt and the lookup", async () => {
    emulator.injectFault({ path: PATH, hang: true, times: 100 });
    const c = client("apiKey", { timeouts: { headersMs: 30_000, deadlineMs: 800 } });
    const error = await failure(c.getFlexSnapshot(ref));

    expect([error.name, error.message]).toEqual([
      "TimeoutError",
      `GET ${PATH}: connection failed: no answer within the lookup's deadline of 800 ms (1 attempt)`,
    ]);
  });

  test("a wait has its own timeout, and each poll its own deadline", async () => {
    // Each poll takes 400 ms; three polls outlast one 1 s deadline, but each poll has its own.
    emulator.setStatus(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, DEMO_SNAPSHOT_IDS.RUNNING, "RUNNING");
    const path = PATH.replace(DEMO_SNAPSHOT_IDS.COMPLETED, DEMO_SNAPSHOT_IDS.RUNNING);
    emulator.injectFault({ path, delayMs: 400, times: 3 });
    const c = client("accessToken", { timeouts: { headersMs: 30_000, deadlineMs: 1_000 } });
    const polls: (string | undefined)[] = [];
    const outcome = await lookupSnapshot(
      c,
      // Arguments as validation would produce them (branded), with a wait shorter than it allows.
      {
        ...ref,
        snapshotId: DEMO_SNAPSHOT_IDS.RUNNING,
        wait: { timeout: 60_000, interval: 1 },
      } as LookupArgs,
      {
        // No real sleeping between polls: the clock is virtual, the requests are not.
        clock: { now: () => Date.now(), sleep: async () => undefined },
        onProgress: (progress) => {
          polls.push(progress.status);
          if (progress.polls === 2) {
            emulator.setStatus(
              DEMO_PROJECT_ID,
              DEMO_CLUSTER_NAME,
              DEMO_SNAPSHOT_IDS.RUNNING,
              "COMPLETED",
            );
          }
        },
      },
    );
    emulator.setStatus(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, DEMO_SNAPSHOT_IDS.RUNNING, "RUNNING");

    expect(outcome.snapshot.status).toBe("COMPLETED");
    expect(polls).toEqual(["RUNNING", "RUNNING", "COMPLETED"]);
  });
});
