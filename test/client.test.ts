/**
 * The Atlas client against the local Atlas emulator, over real HTTP on loopback: every kind of
 * credentials, every error status, retries, the deadline, and the round trips each kind costs.
 */
import {
  AtlasApiError,
  AtlasClient,
  TimeoutError,
  ValidationError,
  type Credentials,
} from "../provider";
import { clearTokenCache } from "../provider/atlas/auth";
import {
  DEMO_CLUSTER_NAME,
  DEMO_CREDENTIALS,
  DEMO_PROJECT_ID,
  DEMO_SNAPSHOT_IDS,
  startAtlasEmulator,
  type AtlasEmulator,
  type EmulatorOptions,
} from "../emulator";
import { failure } from "./support/failure";

const SNAPSHOT_PATH = /\/backup\/snapshots\/[a-f0-9]{24}$/;
const TOKEN_PATH = "/api/oauth/token";
const ref = {
  projectId: DEMO_PROJECT_ID,
  name: DEMO_CLUSTER_NAME,
  snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
};

const CREDENTIALS: Record<Credentials["kind"], Credentials> = {
  serviceAccount: { kind: "serviceAccount", ...DEMO_CREDENTIALS.serviceAccounts[0]! },
  apiKey: { kind: "apiKey", ...DEMO_CREDENTIALS.apiKeys[0]! },
  accessToken: { kind: "accessToken", accessToken: DEMO_CREDENTIALS.accessTokens[0]! },
};
const SECRETS = [
  DEMO_CREDENTIALS.serviceAccounts[0]!.clientSecret,
  DEMO_CREDENTIALS.apiKeys[0]!.privateKey,
  DEMO_CREDENTIALS.accessTokens[0]!,
];

let emulator: AtlasEmulator;

async function restart(options: EmulatorOptions = {}): Promise<void> {
  await emulator?.close();
  emulator = await startAtlasEmulator(options);
}

function client(
  kind: Credentials["kind"],
  extra: Partial<ConstructorParameters<typeof AtlasClient>[0]> = {},
): AtlasClient {
  return new AtlasClient({
    baseUrl: emulator.baseUrl,
    credentials: CREDENTIALS[kind],
    retry: { minDelayMs: 20, maxDelayMs: 2_000 },
    ...extra,
  });
}

beforeAll(async () => restart());
beforeEach(() => {
  emulator.reset();
  clearTokenCache();
});
afterAll(async () => emulator.close());

describe.each(["serviceAccount", "apiKey", "accessToken"] as const)(
  "with %s credentials",
  (kind) => {
    test("reads the snapshot with the versioned media type and the User-Agent", async () => {
      const snapshot = await client(kind).getFlexSnapshot(ref);
      expect(snapshot).toMatchObject({
        id: DEMO_SNAPSHOT_IDS.COMPLETED,
        status: "COMPLETED",
        mongoDBVersion: "8.0.4",
      });
      const last = emulator.requests.filter((request) => SNAPSHOT_PATH.test(request.path)).at(-1)!;
      expect(last.status).toBe(200);
      expect(last.headers["accept"]).toBe("application/vnd.atlas.2024-11-13+json");
      expect(last.headers["user-agent"]).toMatch(
        /^pulumi-atlas-flex-snapshot\/\d+\.\d+\.\d+ \(node v/,
      );
      expect(last.headers["authorization"]).toBe("[REDACTED]");
    });

    test("reads every status, and a status Atlas may add later, as it is", async () => {
      emulator.setStatus(
        DEMO_PROJECT_ID,
        DEMO_CLUSTER_NAME,
        DEMO_SNAPSHOT_IDS.RUNNING,
        "ARCHIVING",
      );
      const c = client(kind);
      const statuses = await Promise.all(
        (["PENDING", "QUEUED", "FAILED", "COMPLETED", "RUNNING"] as const).map(
          async (status) =>
            (await c.getFlexSnapshot({ ...ref, snapshotId: DEMO_SNAPSHOT_IDS[status] })).status,
        ),
      );
      expect(statuses).toEqual(["PENDING", "QUEUED", "FAILED", "COMPLETED", "ARCHIVING"]);
      emulator.setStatus(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, DEMO_SNAPSHOT_IDS.RUNNING, "RUNNING");
    });
  },
);

describe("round trips", () => {
  test("20 concurrent service-account lookups cost exactly 1 token request", async () => {
    const c = client("serviceAccount");
    await Promise.all(Array.from({ length: 20 }, () => c.getFlexSnapshot(ref)));
    expect(emulator.count({ method: "POST", path: TOKEN_PATH })).toBe(1);
    expect(emulator.count({ path: SNAPSHOT_PATH })).toBe(20);
    expect(emulator.tokensIssued).toBe(1);
  });

  test("the token is shared by clients of the same service account and renewed once on a 401", async () => {
    await client("serviceAccount").getFlexSnapshot(ref);
    await client("serviceAccount").getFlexSnapshot(ref);
    expect(emulator.count({ path: TOKEN_PATH })).toBe(1);
    emulator.revokeAllTokens();
    await client("serviceAccount").getFlexSnapshot(ref);
    expect(emulator.count({ path: TOKEN_PATH })).toBe(2);
    expect(emulator.count({ path: SNAPSHOT_PATH, status: 401 })).toBe(1);
    expect(emulator.count({ path: SNAPSHOT_PATH, status: 200 })).toBe(3);
  });

  test("an API key costs 2 requests for the first lookup and 1 for each after it", async () => {
    const c = client("apiKey");
    const perLookup: number[] = [];
    for (let i = 0; i < 5; i++) {
      const before = emulator.count({ path: SNAPSHOT_PATH });
      await c.getFlexSnapshot(ref);
      perLookup.push(emulator.count({ path: SNAPSHOT_PATH }) - before);
    }
    expect(perLookup).toEqual([2, 1, 1, 1, 1]);
  });

  test("an access token costs 1 request per lookup", async () => {
    const c = client("accessToken");
    await c.getFlexSnapshot(ref);
    await c.getFlexSnapshot(ref);
    expect(emulator.count()).toBe(2);
  });
});

describe("Digest nonce renewal", () => {
  afterAll(async () => restart());

  test.each(["MD5", "SHA-256"] as const)(
    "a stale %s nonce is renewed with one extra request",
    async (digestAlgorithm) => {
      await restart({ digestAlgorithm, nonceMaxUses: 2 });
      const c = client("apiKey");
      for (let i = 0; i < 4; i++) {
        await c.getFlexSnapshot(ref);
      }
      // challenge + 2 uses, then stale 401 + 2 uses.
      expect(emulator.requests.map((request) => request.status)).toEqual([
        401, 200, 200, 401, 200, 200,
      ]);
    },
  );
});

describe("errors", () => {
  afterAll(async () => restart());

  test.each([
    [
      "404 for an unknown snapshot",
      {},
      { ...ref, snapshotId: "0000000000000000000000aa" },
      404,
      "NotFoundError",
      /^\[404 Not Found\] GET \/api\/atlas\/v2\/groups\/[a-f0-9]{24}\/flexClusters\/orders\/backup\/snapshots\/0000000000000000000000aa: [A-Z_]+: /,
    ],
    [
      "404 for an unknown cluster",
      {},
      { ...ref, name: "nope" },
      404,
      "NotFoundError",
      /^\[404 Not Found\] GET .*\/flexClusters\/nope\/.*: [A-Z_]+/,
    ],
  ])("%s", async (_label, _options, lookup, status, name, message) => {
    const error = await failure(client("accessToken").getFlexSnapshot(lookup));
    expect(error).toBeInstanceOf(AtlasApiError);
    expect(error).toMatchObject({ status, name });
    expect((error as Error).message).toMatch(message);
  });

  test.each([
    ["400", 400, "INVALID_PARAMETER", "BadRequestError", 1],
    ["500 after the retry budget", 500, "UNEXPECTED_ERROR", "InternalServerError", 5],
    ["503 after the retry budget", 503, "SERVICE_UNAVAILABLE", "InternalServerError", 5],
    ["429 after the retry budget", 429, "RATE_LIMITED", "RateLimitError", 5],
  ])("%s", async (_label, status, errorCode, name, attempts) => {
    emulator.injectFault({ path: SNAPSHOT_PATH, status, errorCode, times: 10 });
    const error = await failure(client("accessToken").getFlexSnapshot(ref));
    expect(error).toMatchObject({ status, errorCode, name });
    expect(emulator.count({ path: SNAPSHOT_PATH })).toBe(attempts);
  });

  test("401 with bad credentials says which role is needed, and never quotes the secret", async () => {
    const c = new AtlasClient({
      baseUrl: emulator.baseUrl,
      credentials: { kind: "apiKey", publicKey: "demopubk", privateKey: "wrong-private-key" },
    });
    const error = await failure(c.getFlexSnapshot(ref));
    expect(error).toMatchObject({ status: 401, name: "AuthenticationError" });
    expect(error.message).toContain("Project Read Only");
    expect(`${error.message}\n${error.stack}\n${JSON.stringify(error)}`).not.toContain(
      "wrong-private-key",
    );
  });

  test("401 from the token endpoint for a bad client secret", async () => {
    const c = new AtlasClient({
      baseUrl: emulator.baseUrl,
      credentials: {
        kind: "serviceAccount",
        clientId: "mdb_sa_id_nobody",
        clientSecret: "bad-secret-value",
      },
    });
    const error = await failure(c.getFlexSnapshot(ref));
    expect(error).toMatchObject({
      status: 401,
      name: "AuthenticationError",
      errorCode: "invalid_client",
    });
    expect(error.message).toMatch(/^\[401 Unauthorized\] POST \/api\/oauth\/token: invalid_client/);
    expect(JSON.stringify(error) + error.message).not.toContain("bad-secret-value");
    expect(emulator.count({ path: SNAPSHOT_PATH })).toBe(0);
  });

  test("403 says which role is needed", async () => {
    await restart({ forbiddenProjects: [DEMO_PROJECT_ID] });
    const error = await failure(client("accessToken").getFlexSnapshot(ref));
    expect(error).toMatchObject({ status: 403, name: "PermissionDeniedError" });
    expect(error.message).toContain("needs the Project Read Only role");
  });

  test("406 INVALID_VERSION_DATE says what to change", async () => {
    await restart();
    const error = await failure(
      client("accessToken", { apiVersion: "2023-01-01" }).getFlexSnapshot(ref),
    );
    expect(error).toMatchObject({
      status: 406,
      errorCode: "INVALID_VERSION_DATE",
      name: "ApiVersionError",
    });
    expect(error.message).toContain('set apiVersion to "2024-11-13"');
  });

  test("410 VERSION_GONE says what to change", async () => {
    await restart({ goneVersions: ["2024-11-13"] });
    const error = await failure(client("accessToken").getFlexSnapshot(ref));
    expect(error).toMatchObject({
      status: 410,
      errorCode: "VERSION_GONE",
      name: "ApiVersionError",
    });
    expect(error.message).toContain("has been retired");
  });

  test("Deprecation and Sunset headers become one warning", async () => {
    await restart({ deprecatedVersions: { "2024-11-13": "Sat, 01 May 2027 00:00:00 GMT" } });
    const warnings: string[] = [];
    const c = client("accessToken", { onWarning: (message) => warnings.push(message) });
    await c.getFlexSnapshot(ref);
    await c.getFlexSnapshot(ref);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^Atlas API version 2024-11-13 is deprecated .*and will be removed on Sat, 01 May 2027 00:00:00 GMT; upgrade pulumi-atlas-flex-snapshot or set apiVersion to a newer version$/,
    );
  });

  test.each([
    ["projectId", { ...ref, projectId: "nothex" }],
    ["name", { ...ref, name: "bad name" }],
    ["snapshotId", { ...ref, snapshotId: "123" }],
  ])("an invalid %s fails before any request", async (field, lookup) => {
    const error = await failure(client("serviceAccount").getFlexSnapshot(lookup));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain(`invalid ${field} `);
    expect(emulator.count()).toBe(0);
  });

  test("no error message or recorded request holds a secret", async () => {
    const messages: string[] = [];
    for (const kind of ["serviceAccount", "apiKey", "accessToken"] as const) {
      emulator.injectFault({ path: SNAPSHOT_PATH, status: 400 });
      const e = await failure(client(kind).getFlexSnapshot(ref));
      messages.push(`${e.message}\n${e.stack}\n${JSON.stringify(e)}`);
    }
    const everything = messages.join("\n") + JSON.stringify(emulator.requests);
    for (const secret of SECRETS) {
      expect(everything).not.toContain(secret);
    }
  });
});

describe("retries and the deadline", () => {
  test("429 with Retry-After waits as told, then succeeds", async () => {
    emulator.injectFault({ path: SNAPSHOT_PATH, status: 429, retryAfter: "1" });
    const started = Date.now();
    const snapshot = await client("accessToken").getFlexSnapshot(ref);
    const elapsed = Date.now() - started;
    expect(snapshot.status).toBe("COMPLETED");
    expect(emulator.requests.map((request) => request.status)).toEqual([429, 200]);
    expect(elapsed).toBeGreaterThanOrEqual(950);
  });

  test("503 then success", async () => {
    emulator.injectFault({ path: SNAPSHOT_PATH, status: 503, times: 2 });
    const snapshot = await client("accessToken").getFlexSnapshot(ref);
    expect(snapshot.status).toBe("COMPLETED");
    expect(emulator.requests.map((request) => request.status)).toEqual([503, 503, 200]);
  });

  test("a reset connection is retried", async () => {
    emulator.injectFault({ path: SNAPSHOT_PATH, resetConnection: true });
    const snapshot = await client("accessToken").getFlexSnapshot(ref);
    expect(snapshot.status).toBe("COMPLETED");
    expect(emulator.count({ path: SNAPSHOT_PATH })).toBe(2);
  });

  test("a server that never answers: the deadline holds", async () => {
    emulator.injectFault({ path: SNAPSHOT_PATH, hang: true, times: 100 });
    const c = client("accessToken", { timeouts: { headersMs: 400, deadlineMs: 1_500 } });
    const started = Date.now();
    const error = await failure(c.getFlexSnapshot(ref));
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toMatch(/^GET \/api\/atlas\/v2\/groups\/.*: connection failed: /);
    expect(elapsed).toBeLessThan(1_500 + 1_000);
    expect(emulator.count({ path: SNAPSHOT_PATH })).toBeGreaterThanOrEqual(2);
  });
});
