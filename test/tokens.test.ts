/**
 * Service-account tokens and Atlas's limit of 100 live tokens per service account: the
 * emulator's limit and revocation, the TokenLimitError through the client and the CLI,
 * revocation of minted tokens by the CLI (in-process and as real processes, Ctrl-C included),
 * and the optional shared token cache (reuse, expiry, bad files ignored, file modes, file
 * names, many processes at once).
 *
 * The engine side (the provider host revoking on SIGINT) is in engineTokens.test.ts. What this
 * does not prove: the exact wording of real Atlas's limit message past "Access Token limit
 * reached" (the emulator sends that much), or behaviour on Windows (file modes are POSIX here).
 */
import { execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EXIT_CODES } from "../bin/cli";
import { CLI_EXECUTABLE, runCliCaptured } from "./support/cli";
import {
  AtlasClient,
  ConfigurationError,
  InternalServerError,
  PermissionDeniedError,
  ResponseValidationError,
  revokeMintedTokens,
  TokenLimitError,
} from "../provider";
import {
  clearTokenCache,
  SharedTokenCache,
  TOKEN_CACHE_ENV,
  tokenCacheDir,
  tokenCacheEnabled,
  tokenCacheKey,
  type SharedToken,
} from "../provider/atlas/auth";
import { createApiError } from "../provider/atlas/errors";
import { inProviderHost } from "../provider/pulumi/internals";
import {
  DEMO_CLUSTER_NAME,
  DEMO_CREDENTIALS,
  DEMO_PROJECT_ID,
  DEMO_SNAPSHOT_IDS,
  startAtlasEmulator,
  TOKEN_LIMIT_DESCRIPTION,
  type AtlasEmulator,
  type EmulatorFault,
  type EmulatorOptions,
} from "../emulator";

const SA = DEMO_CREDENTIALS.serviceAccounts[0]!;
const OTHER = { clientId: "mdb_sa_id_other", clientSecret: "mdb_sa_sk_other-secret-value" };
const CREDENTIALS = { serviceAccounts: [SA, OTHER] };
const REF = {
  projectId: DEMO_PROJECT_ID,
  name: DEMO_CLUSTER_NAME,
  snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
};
const GET = [
  "get",
  "--project-id",
  DEMO_PROJECT_ID,
  "--cluster",
  DEMO_CLUSTER_NAME,
  "--snapshot-id",
  DEMO_SNAPSHOT_IDS.COMPLETED,
];
const TOKEN_LIMIT_MESSAGE =
  "[403 Forbidden] POST /api/oauth/token: access_denied: Access Token limit reached. (the service account holds the most live access tokens Atlas allows (100); each expires within an hour of being minted. Wait for older tokens to expire, run fewer processes at once with this service account, or find what else mints tokens with it (other pipelines, scripts or tools sharing its client id); turning on ATLAS_FLEX_SNAPSHOT_TOKEN_CACHE=1 on persistent machines lets processes share one token)";
const ZERO = { minted: 0, revoked: 0, live: 0, maxLive: 0, limitRefusals: 0 };

const emulators: AtlasEmulator[] = [];
const tempDirs: string[] = [];

async function emulatorWith(options: EmulatorOptions = {}): Promise<AtlasEmulator> {
  const started = await startAtlasEmulator({ credentials: CREDENTIALS, ...options });
  emulators.push(started);
  return started;
}

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

function basic(account: { clientId: string; clientSecret: string }): string {
  return `Basic ${Buffer.from(`${account.clientId}:${account.clientSecret}`).toString("base64")}`;
}

/** `POST /api/oauth/token` as a client would send it. */
async function mint(
  atlas: AtlasEmulator,
  account = SA,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${atlas.baseUrl}/api/oauth/token`, {
    method: "POST",
    headers: {
      authorization: basic(account),
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function revoke(atlas: AtlasEmulator, token: string, account = SA): Promise<number> {
  const response = await fetch(`${atlas.baseUrl}/api/oauth/revoke`, {
    method: "POST",
    headers: {
      authorization: basic(account),
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ token, token_type_hint: "access_token" }).toString(),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Sets environment variables for one test; returns the function that restores them. */
function setEnv(values: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const apply = (entries: Record<string, string | undefined>): void => {
    for (const [name, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(values);
  return () => apply(saved);
}

let restoreEnv: (() => void) | undefined;

beforeEach(() => clearTokenCache());
afterEach(() => {
  restoreEnv?.();
  restoreEnv = undefined;
});
afterAll(async () => {
  await Promise.all(emulators.map((atlas) => atlas.close()));
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the emulator's limit of live tokens per service account", () => {
  test("refuses the token past the limit with Atlas's body, per account, until one is revoked or expires", async () => {
    let now = Date.UTC(2025, 0, 1);
    const atlas = await emulatorWith({ tokenLimit: 3, tokenTtlSeconds: 60, now: () => now });
    const tokens: string[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await mint(atlas);
      expect(answer.status).toBe(200);
      tokens.push(answer.body["access_token"] as string);
    }
    expect(await mint(atlas)).toEqual({
      status: 403,
      body: { error: "access_denied", error_description: "Access Token limit reached." },
    });
    // Another service account has its own limit.
    expect((await mint(atlas, OTHER)).status).toBe(200);
    expect(atlas.tokenStats()).toEqual({
      minted: 4,
      revoked: 0,
      live: 4,
      maxLive: 4,
      limitRefusals: 1,
    });
    // Only the owner may revoke (RFC 7009 §2.1); then the slot is free.
    expect(await revoke(atlas, tokens[0]!, OTHER)).toBe(400);
    expect(await revoke(atlas, tokens[0]!)).toBe(200);
    expect(await revoke(atlas, tokens[0]!)).toBe(200); // unknown now: still 200, counted once
    expect((await mint(atlas)).status).toBe(200);
    expect((await mint(atlas)).status).toBe(403);
    // Expiry frees every slot.
    now += 60_000;
    expect((await mint(atlas)).status).toBe(200);
    expect(atlas.tokenStats()).toEqual({
      minted: 6,
      revoked: 1,
      live: 1,
      maxLive: 4,
      limitRefusals: 2,
    });
    atlas.reset();
    expect(atlas.tokenStats()).toEqual(ZERO);
  });

  test("a revoked token is refused by the API", async () => {
    const atlas = await emulatorWith();
    const token = (await mint(atlas)).body["access_token"] as string;
    const get = (): Promise<Response> =>
      fetch(
        `${atlas.baseUrl}/api/atlas/v2/groups/${DEMO_PROJECT_ID}/flexClusters/${DEMO_CLUSTER_NAME}/backup/snapshots/${DEMO_SNAPSHOT_IDS.COMPLETED}`,
        {
          headers: {
            authorization: `Bearer ${token}`,
            accept: "application/vnd.atlas.2024-11-13+json",
          },
        },
      );
    expect((await get()).status).toBe(200);
    expect(await revoke(atlas, token)).toBe(200);
    const refused = await get();
    expect([refused.status, ((await refused.json()) as { detail: string }).detail]).toEqual([
      401,
      "The access token is invalid or has been revoked.",
    ]);
  });

  test("sends the description TOKEN_LIMIT_DESCRIPTION", () => {
    expect(TOKEN_LIMIT_DESCRIPTION).toBe("Access Token limit reached.");
  });

  test.each([
    [0, "tokenLimit must be a positive integer, got 0"],
    [-1, "tokenLimit must be a positive integer, got -1"],
    [1.5, "tokenLimit must be a positive integer, got 1.5"],
  ])("tokenLimit %p is refused", async (tokenLimit, message) => {
    await expect(startAtlasEmulator({ tokenLimit })).rejects.toThrow(message);
  });
});

describe("TokenLimitError", () => {
  const request = { method: "POST", path: "/api/oauth/token", headers: {} };
  test.each([
    [
      "Atlas's limit answer",
      { errorCode: "access_denied", detail: "Access Token limit reached." },
      TokenLimitError,
      TOKEN_LIMIT_MESSAGE,
    ],
    [
      "another access_denied",
      { errorCode: "access_denied", detail: "Denied." },
      PermissionDeniedError,
      "[403 Forbidden] POST /api/oauth/token: access_denied: Denied. (the service account or API key needs the Project Read Only role (or higher) on this project, and the caller's IP address must be on its access list)",
    ],
  ])("%s becomes the right class and message", (_label, body, ErrorClass, message) => {
    const error = createApiError(403, "Forbidden", request, body);
    expect([error.constructor, error.name, error.message]).toEqual([
      ErrorClass,
      ErrorClass.name,
      message,
    ]);
    expect(error).toBeInstanceOf(PermissionDeniedError);
  });

  test("reaches the client's caller, and the CLI's user with exit code 4", async () => {
    const atlas = await emulatorWith({ tokenLimit: 1 });
    await mint(atlas); // someone else holds the only token
    const client = new AtlasClient({
      baseUrl: atlas.baseUrl,
      credentials: { kind: "serviceAccount", ...SA },
    });
    const failure = client.getFlexSnapshot(REF);
    await expect(failure).rejects.toThrow(TOKEN_LIMIT_MESSAGE);
    await expect(failure).rejects.toBeInstanceOf(TokenLimitError);
    const result = await runInProcess(GET, atlas);
    expect(result).toEqual({
      code: EXIT_CODES.ATLAS,
      stdout: "",
      stderr: `flex-snapshot: ${TOKEN_LIMIT_MESSAGE}\n`,
    });
  });
});

describe("a token response that is not JSON", () => {
  test.each<[string, EmulatorFault, new (...args: never[]) => Error, RegExp]>([
    [
      "an HTML 502 from a proxy",
      { path: "/api/oauth/token", status: 502, body: "html", times: 10 },
      InternalServerError,
      /^\[502 Bad Gateway\] POST \/api\/oauth\/token: the response is not JSON \(content-type text\/html, \d+ bytes, beginning "<html>.*"\)$/,
    ],
    [
      "a 200 cut off on the way",
      { path: "/api/oauth/token", body: "truncatedJson" },
      ResponseValidationError,
      /^\[200 OK\] POST \/api\/oauth\/token: the response is not JSON \(content-type application\/json, \d+ bytes\)$/,
    ],
  ])(
    "%s is said to be so, and a 200's body is never quoted",
    async (_label, fault, ErrorClass, message) => {
      const atlas = await emulatorWith();
      atlas.injectFault(fault);
      const client = new AtlasClient({
        baseUrl: atlas.baseUrl,
        credentials: { kind: "serviceAccount", ...SA },
        retry: { minDelayMs: 1, maxDelayMs: 1 },
      });
      const error = await client.getFlexSnapshot(REF).then(
        () => undefined,
        (caught: unknown) => caught as Error,
      );
      expect([error?.constructor, error?.message]).toEqual([
        ErrorClass,
        expect.stringMatching(message),
      ]);
      expect(error?.message).not.toContain("access_token");
    },
  );
});

/** Runs the CLI in-process against `atlas` with the demo service account. */
async function runInProcess(
  argv: readonly string[],
  atlas: AtlasEmulator,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCliCaptured(
    argv,
    {
      MONGODB_ATLAS_BASE_URL: atlas.baseUrl,
      MONGODB_ATLAS_CLIENT_ID: SA.clientId,
      MONGODB_ATLAS_CLIENT_SECRET: SA.clientSecret,
    },
    { clientOptions: { retry: { minDelayMs: 1, maxDelayMs: 5 } } },
  );
}

describe("the CLI revokes the tokens it minted", () => {
  const MISSING = "0123456789abcdef01234567";
  test.each([
    ["a lookup that succeeds", GET, undefined, EXIT_CODES.OK, ""],
    [
      "a gate that is not met",
      [...GET.slice(0, -1), DEMO_SNAPSHOT_IDS.FAILED, "--require-status", "COMPLETED"],
      undefined,
      EXIT_CODES.GATE_NOT_MET,
      `flex-snapshot: gate not met: snapshot ${DEMO_SNAPSHOT_IDS.FAILED} of flex cluster "orders" in project ${DEMO_PROJECT_ID} is FAILED; required status COMPLETED\n`,
    ],
    [
      "an Atlas error (404)",
      [...GET.slice(0, -1), MISSING],
      undefined,
      EXIT_CODES.ATLAS,
      undefined,
    ],
    [
      "a lookup whose revocation fails (500)",
      GET,
      { path: "/api/oauth/revoke", status: 500, times: 100 },
      EXIT_CODES.OK,
      "flex-snapshot: warning: could not revoke an access token (POST /api/oauth/revoke answered 500 Internal Server Error); it expires within an hour\n",
    ],
    [
      "a lookup whose revocation gets no answer",
      GET,
      { path: "/api/oauth/revoke", resetConnection: true, times: 100 },
      EXIT_CODES.OK,
      expect.stringMatching(
        /^flex-snapshot: warning: could not revoke an access token \(POST \/api\/oauth\/revoke: connection failed: [^\n]*\); it expires within an hour\n$/,
      ),
    ],
  ] as const)("%s", async (label, argv, fault, code, stderr) => {
    const atlas = await emulatorWith();
    if (fault) atlas.injectFault(fault);
    const started = Date.now();
    const result = await runInProcess(argv, atlas);
    // The revocation is bounded to about a second, whatever happens to it.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.code).toBe(code);
    if (stderr !== undefined) expect(result.stderr).toEqual(stderr);
    const failed = label.includes("revocation");
    expect(atlas.tokenStats()).toEqual({
      minted: 1,
      revoked: failed ? 0 : 1,
      live: failed ? 1 : 0,
      maxLive: 1,
      limitRefusals: 0,
    });
    expect(atlas.count({ method: "POST", path: "/api/oauth/revoke" })).toBeGreaterThanOrEqual(1);
    expect(result.stdout + result.stderr).not.toContain(SA.clientSecret);
    // Nothing is left to revoke.
    expect(await revokeMintedTokens()).toEqual({ revoked: 0, failures: [] });
  });

  test("150 lookups in a row, with the limit of 100 enforced, never hold more than one token", async () => {
    const atlas = await emulatorWith({ tokenLimit: 100 });
    for (let i = 0; i < 150; i++) {
      expect((await runInProcess(GET, atlas)).code).toBe(EXIT_CODES.OK);
    }
    expect(atlas.tokenStats()).toEqual({
      minted: 150,
      revoked: 150,
      live: 0,
      maxLive: 1,
      limitRefusals: 0,
    });
  });

  test("as a real process, and on Ctrl-C (SIGINT) during a wait", async () => {
    const atlas = await emulatorWith();
    const env = {
      ...process.env,
      MONGODB_ATLAS_BASE_URL: atlas.baseUrl,
      MONGODB_ATLAS_CLIENT_ID: SA.clientId,
      MONGODB_ATLAS_CLIENT_SECRET: SA.clientSecret,
    };
    const code = await new Promise<number | null>((resolve) => {
      execFile("node", [CLI_EXECUTABLE, ...GET], { env }, (error) =>
        resolve(error ? ((error as { code?: number }).code ?? -1) : 0),
      );
    });
    expect([code, atlas.tokenStats()]).toEqual([
      0,
      { minted: 1, revoked: 1, live: 0, maxLive: 1, limitRefusals: 0 },
    ]);
    atlas.reset();
    const child = spawn(
      "node",
      [
        CLI_EXECUTABLE,
        ...GET.slice(0, -1),
        DEMO_SNAPSHOT_IDS.RUNNING,
        "--wait",
        "10m",
        "--interval",
        "1s",
      ],
      { env, stdio: "ignore" },
    );
    const ended = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    while (atlas.count({ path: /\/backup\/snapshots\//, status: 200 }) === 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill("SIGINT");
    expect(await ended).toBe("SIGINT");
    expect(atlas.tokenStats()).toEqual({
      minted: 1,
      revoked: 1,
      live: 0,
      maxLive: 1,
      limitRefusals: 0,
    });
  });
});

describe("the shared token cache", () => {
  test.each([
    [undefined, false],
    ["", false],
    ["0", false],
    ["false", false],
    ["FALSE", false],
    ["1", true],
    ["true", true],
    [" True ", true],
  ])("%p turns it on: %p", (value, on) => {
    expect(tokenCacheEnabled({ [TOKEN_CACHE_ENV]: value })).toBe(on);
  });

  test.each([
    ["yes", "yes", 'invalid ATLAS_FLEX_SNAPSHOT_TOKEN_CACHE "yes": expected 1 or true'],
    [
      "500 characters",
      "x".repeat(500),
      'invalid ATLAS_FLEX_SNAPSHOT_TOKEN_CACHE "xxxxxxxxxxxxxxxx": expected 1 or true to share access tokens between processes, or 0, false or nothing to leave it off',
    ],
  ])("%s is a configuration error", (_label, value, message) => {
    expect(() => tokenCacheEnabled({ [TOKEN_CACHE_ENV]: value })).toThrow(message);
    expect(() => tokenCacheEnabled({ [TOKEN_CACHE_ENV]: value })).toThrow(ConfigurationError);
  });

  test.each([
    [{ XDG_CACHE_HOME: "/var/cache/me" }, "/var/cache/me/pulumi-atlas-flex-snapshot/tokens"],
    [
      { XDG_CACHE_HOME: "relative/ignored" },
      path.join(os.homedir(), ".cache", "pulumi-atlas-flex-snapshot", "tokens"),
    ],
    [{}, path.join(os.homedir(), ".cache", "pulumi-atlas-flex-snapshot", "tokens")],
  ])("the directory for %p is %p", (env, dir) => {
    expect(tokenCacheDir(env)).toBe(dir);
  });

  const ENTRY = { key: "k".repeat(64), tokenUrl: "https://cloud.mongodb.com/api/oauth/token" };
  const future = (): SharedToken => ({
    accessToken: `token-${Math.random()}`,
    renewAt: Date.now() + 3_000_000,
    expiresAt: Date.now() + 3_600_000,
  });

  /** A cache in a new directory, and a mint function that counts its calls. */
  function setup(options = {}): {
    cache: SharedTokenCache;
    dir: string;
    mints: () => number;
    mint: () => Promise<SharedToken>;
  } {
    const dir = path.join(tempDir("flex-cache-"), "tokens");
    let count = 0;
    return {
      cache: new SharedTokenCache(dir, options),
      dir,
      mints: () => count,
      mint: async () => {
        count += 1;
        await new Promise((resolve) => setTimeout(resolve, 30));
        return future();
      },
    };
  }

  test("mints once, stores the token privately, and reuses it", async () => {
    const { cache, dir, mint, mints } = setup();
    const first = await cache.obtain(ENTRY, mint, new Set());
    const second = await cache.obtain(ENTRY, mint, new Set());
    expect([mints(), first.minted, first.shared, second.minted, second.shared]).toEqual([
      1,
      true,
      true,
      false,
      true,
    ]);
    expect(second.token).toEqual(first.token);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(cache.filePath(ENTRY.key)).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual([`${ENTRY.key}.json`]);
  });

  test("twenty callers at once (separate cache objects) mint once", async () => {
    const { dir, mint, mints } = setup();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => new SharedTokenCache(dir).obtain(ENTRY, mint, new Set())),
    );
    expect(mints()).toBe(1);
    expect(new Set(results.map((result) => result.token.accessToken)).size).toBe(1);
  });

  /** Writes the entry's file with `content` (mode 0600 unless given). */
  function plant(cache: SharedTokenCache, content: string, mode = 0o600): void {
    fs.mkdirSync(cache.dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(cache.filePath(ENTRY.key), content, { mode });
    fs.chmodSync(cache.filePath(ENTRY.key), mode);
  }
  const record = (fields: Record<string, unknown> = {}): string =>
    JSON.stringify({
      format: 1,
      ...ENTRY,
      accessToken: "planted",
      renewAt: Date.now() + 60_000,
      expiresAt: Date.now() + 120_000,
      ...fields,
    });

  test.each([
    ["a good file", false, () => record(), 0o600],
    ["a token due for renewal", true, () => record({ renewAt: Date.now() - 1 }), 0o600],
    ["a corrupt file", true, () => "{not json", 0o600],
    ["an empty file", true, () => "", 0o600],
    ["another account's file", true, () => record({ key: "x".repeat(64) }), 0o600],
    [
      "another Atlas's file",
      true,
      () => record({ tokenUrl: "http://127.0.0.1:1/api/oauth/token" }),
      0o600,
    ],
    ["an unknown format", true, () => record({ format: 2 }), 0o600],
    ["a file others can read", true, () => record(), 0o644],
  ])("%s: minted anew = %p", async (_label, mintsAnew, content, mode) => {
    const { cache, mint, mints } = setup();
    plant(cache, content(), mode);
    const obtained = await cache.obtain(ENTRY, mint, new Set());
    expect([mints(), obtained.token.accessToken === "planted"]).toEqual([
      mintsAnew ? 1 : 0,
      !mintsAnew,
    ]);
    if (mintsAnew) {
      // Replaced by the new token, privately.
      expect(fs.statSync(cache.filePath(ENTRY.key)).mode & 0o777).toBe(0o600);
      expect((await cache.read(ENTRY))?.accessToken).toBe(obtained.token.accessToken);
    }
  });

  test.each([
    [
      "a directory in place of the file",
      false,
      (cache: SharedTokenCache) => fs.mkdirSync(cache.filePath(ENTRY.key), { recursive: true }),
    ],
    [
      "a symbolic link in place of the file",
      true,
      (cache: SharedTokenCache) => {
        const elsewhere = path.join(tempDir("flex-link-"), "token.json");
        fs.writeFileSync(elsewhere, record(), { mode: 0o600 });
        fs.mkdirSync(cache.dir, { recursive: true });
        fs.symlinkSync(elsewhere, cache.filePath(ENTRY.key));
      },
    ],
    [
      "a cache directory that is a file",
      false,
      (cache: SharedTokenCache) => {
        fs.mkdirSync(path.dirname(cache.dir), { recursive: true });
        fs.writeFileSync(cache.dir, "");
      },
    ],
  ])("%s is ignored, never fatal (stored: %p)", async (_label, stored, prepare) => {
    const { cache, mint, mints } = setup();
    prepare(cache);
    const obtained = await cache.obtain(ENTRY, mint, new Set());
    expect([mints(), obtained.token.accessToken === "planted"]).toEqual([1, false]);
    // Where the new token cannot be stored it is the process's own (and revoked at exit).
    expect(obtained.shared).toBe(stored);
  });

  test("a token refused by Atlas (401) is not taken from the file again", async () => {
    const { cache, mint, mints } = setup();
    plant(cache, record());
    const obtained = await cache.obtain(ENTRY, mint, new Set(["planted"]));
    expect([mints(), obtained.token.accessToken === "planted"]).toEqual([1, false]);
  });

  test.each([
    ["a lock left by a process that is gone", { pid: 2 ** 22 + 1, host: os.hostname() }, 0, 1],
    ["a lock older than staleLockMs", { pid: process.ppid, host: "elsewhere" }, 120_000, 1],
  ])("%s is broken", async (_label, holder, ageMs, expectedMints) => {
    const { cache, mint, mints } = setup({ staleLockMs: 60_000 });
    fs.mkdirSync(cache.dir, { recursive: true });
    const lock = `${cache.filePath(ENTRY.key)}.lock`;
    fs.writeFileSync(lock, JSON.stringify({ ...holder, at: Date.now() }));
    const then = new Date(Date.now() - ageMs);
    fs.utimesSync(lock, then, then);
    const started = Date.now();
    const obtained = await cache.obtain(ENTRY, mint, new Set());
    expect([mints(), obtained.shared, fs.existsSync(lock)]).toEqual([expectedMints, true, false]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test("a live holder that takes too long is waited for only lockWaitMs, then the caller mints", async () => {
    const { cache, mint, mints } = setup({ lockWaitMs: 200 });
    fs.mkdirSync(cache.dir, { recursive: true });
    const lock = `${cache.filePath(ENTRY.key)}.lock`;
    // The parent process (jest) is alive on this host: a live holder.
    fs.writeFileSync(lock, JSON.stringify({ pid: process.ppid, host: os.hostname(), at: 0 }));
    const started = Date.now();
    const obtained = await cache.obtain(ENTRY, mint, new Set());
    expect([mints(), fs.existsSync(lock)]).toEqual([1, true]);
    expect(obtained.minted).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });

  test("the file name is a hash of client id, secret and URL, never holding them", async () => {
    const atlas = await emulatorWith();
    const home = tempDir("flex-xdg-");
    restoreEnv = setEnv({ [TOKEN_CACHE_ENV]: "1", XDG_CACHE_HOME: home });
    const client = new AtlasClient({
      baseUrl: atlas.baseUrl,
      credentials: { kind: "serviceAccount", ...SA },
    });
    await client.getFlexSnapshot(REF);
    const dir = path.join(home, "pulumi-atlas-flex-snapshot", "tokens");
    const key = tokenCacheKey(`${atlas.baseUrl}/api/oauth/token`, SA.clientId, SA.clientSecret);
    expect(fs.readdirSync(dir)).toEqual([`${key}.json`]);
    expect(key).not.toContain(SA.clientSecret);
    expect(fs.readFileSync(path.join(dir, `${key}.json`), "utf8")).not.toContain(SA.clientSecret);
    // Another secret, client id or Atlas gives another name.
    expect(
      new Set([
        key,
        tokenCacheKey(`${atlas.baseUrl}/api/oauth/token`, SA.clientId, "other"),
        tokenCacheKey(`${atlas.baseUrl}/api/oauth/token`, "other", SA.clientSecret),
        tokenCacheKey("https://cloud.mongodb.com/api/oauth/token", SA.clientId, SA.clientSecret),
      ]).size,
    ).toBe(4);
  });

  test("with the cache on, the CLI reuses one token across runs and does not revoke it; a revoked one is replaced", async () => {
    const atlas = await emulatorWith();
    restoreEnv = setEnv({ [TOKEN_CACHE_ENV]: "1", XDG_CACHE_HOME: tempDir("flex-xdg-") });
    for (let i = 0; i < 3; i++) {
      clearTokenCache(); // as a new process would start
      expect((await runInProcess(GET, atlas)).code).toBe(EXIT_CODES.OK);
    }
    expect(atlas.tokenStats()).toEqual({
      minted: 1,
      revoked: 0,
      live: 1,
      maxLive: 1,
      limitRefusals: 0,
    });
    atlas.revokeAllTokens();
    clearTokenCache();
    expect((await runInProcess(GET, atlas)).code).toBe(EXIT_CODES.OK);
    clearTokenCache();
    expect((await runInProcess(GET, atlas)).code).toBe(EXIT_CODES.OK);
    expect(atlas.tokenStats()).toMatchObject({ minted: 2, revoked: 0, live: 1 });
  });

  test("eight CLI processes started at once mint one token", async () => {
    const atlas = await emulatorWith();
    const env = {
      ...process.env,
      MONGODB_ATLAS_BASE_URL: atlas.baseUrl,
      MONGODB_ATLAS_CLIENT_ID: SA.clientId,
      MONGODB_ATLAS_CLIENT_SECRET: SA.clientSecret,
      [TOKEN_CACHE_ENV]: "1",
      XDG_CACHE_HOME: tempDir("flex-xdg-"),
    };
    const codes = await Promise.all(
      Array.from(
        { length: 8 },
        () =>
          new Promise<number>((resolve) =>
            execFile("node", [CLI_EXECUTABLE, ...GET], { env }, (error) =>
              resolve(error ? ((error as { code?: number }).code ?? -1) : 0),
            ),
          ),
      ),
    );
    expect(codes).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(atlas.tokenStats()).toEqual({
      minted: 1,
      revoked: 0,
      live: 1,
      maxLive: 1,
      limitRefusals: 0,
    });
  });
});

describe("inProviderHost", () => {
  test.each([
    ["/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js", true],
    ["C:\\p\\node_modules\\@pulumi\\pulumi\\cmd\\dynamic-provider\\index.js", true],
    ["/p/node_modules/@pulumi/pulumi/cmd/run/index.js", false],
    ["/p/node_modules/jest-worker/build/workers/processChild.js", false],
    ["", false],
  ])("%p: %p", (main, expected) => {
    expect(inProviderHost(main)).toBe(expected);
  });
});
