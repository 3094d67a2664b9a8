/**
 * Tests of the Atlas emulator itself, over real HTTP with Node's global `fetch`.
 *
 * What these tests do not prove: that real Atlas answers exactly like this. They pin the
 * emulator to the OpenAPI excerpt in test/fixtures (with the one documented deviation in
 * `withAtlasWireDeviations`) and to the RFCs it cites; error codes and messages the excerpt does
 * not document are the emulator's own choices.
 */
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";

import { describeEmulator, parseCommandLine, parsePort } from "../emulator/cli";
import {
  computeDigestResponse,
  NONCE_COUNT_WINDOW,
  type DigestAlgorithm,
} from "../emulator/digest";
import {
  DEMO_CLUSTER_NAME,
  DEMO_CREDENTIALS,
  DEMO_DOWNLOAD_RESTORE_JOB_ID,
  DEMO_OLDER_SNAPSHOT_IDS,
  DEMO_PROGRESSING_RESTORE_JOB_ID,
  DEMO_PROGRESSING_SNAPSHOT_ID,
  DEMO_PROJECT_ID,
  DEMO_RESTORE_JOB_IDS,
  DEMO_SNAPSHOT_IDS,
  startAtlasEmulator,
  type AtlasEmulator,
  type EmulatorFault,
  type EmulatorOptions,
  type FlexSnapshotRecord,
  type FlexSnapshotStatus,
  type ProgressSchedule,
} from "../emulator/index";
import { negotiateVersion } from "../emulator/versioning";
import {
  loadSpec,
  responseSchema,
  validateSchema,
  withAtlasWireDeviations,
  type JsonSchema,
} from "./support/openapi";
import { ACCEPT, apiGet, send, SERVED_TYPE, STATIC_TOKEN, type Answer } from "./support/atlasHttp";
import { fakeClock, T0 } from "./support/clocks";
import { withEmulator } from "./support/emulatorFixture";

const [SERVICE_ACCOUNT] = DEMO_CREDENTIALS.serviceAccounts;
const [API_KEY] = DEMO_CREDENTIALS.apiKeys;
const CLIENT_ID = SERVICE_ACCOUNT?.clientId ?? "";
const CLIENT_SECRET = SERVICE_ACCOUNT?.clientSecret ?? "";
const PUBLIC_KEY = API_KEY?.publicKey ?? "";
const PRIVATE_KEY = API_KEY?.privateKey ?? "";
const OTHER_GROUP = "0123456789abcdef01234567";
const CHALLENGE =
  /^Digest realm="MMS Public API", domain="", nonce="([A-Za-z0-9+/=]+)", algorithm=(MD5|SHA-256), qop="auth", stale=(true|false)$/;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Path of the snapshot list, or of one snapshot. */
function snapshotsPath(
  groupId: string = DEMO_PROJECT_ID,
  name: string = DEMO_CLUSTER_NAME,
  snapshotId?: string,
): string {
  const list = `/api/atlas/v2/groups/${groupId}/flexClusters/${name}/backup/snapshots`;
  return snapshotId === undefined ? list : `${list}/${snapshotId}`;
}

/** GET without the `Accept` header `fetch` would add; only `node:http` can leave it out. */
function rawGet(
  atlas: AtlasEmulator,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${atlas.baseUrl}${path}`, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

/** Requests a token with HTTP Basic client authentication and a form body. */
function tokenRequest(
  atlas: AtlasEmulator,
  form = "grant_type=client_credentials",
  clientId = CLIENT_ID,
  clientSecret = CLIENT_SECRET,
  endpoint = "/api/oauth/token",
): Promise<Answer> {
  return send(atlas, endpoint, {
    method: "POST",
    headers: {
      Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: form,
  });
}

async function issueToken(atlas: AtlasEmulator): Promise<string> {
  const answer = await tokenRequest(atlas);
  const body = answer.body as { access_token: string };
  return body.access_token;
}

/** Parses the emulator's Digest challenge, failing the test when it has another shape. */
function challengeOf(answer: Answer): {
  nonce: string;
  algorithm: DigestAlgorithm;
  stale: boolean;
} {
  const match = CHALLENGE.exec(answer.headers.get("www-authenticate") ?? "");
  if (match === null) {
    throw new Error(`unexpected challenge ${String(answer.headers.get("www-authenticate"))}`);
  }
  return {
    nonce: match[1] ?? "",
    algorithm: match[2] as DigestAlgorithm,
    stale: match[3] === "true",
  };
}

/** Builds Digest credentials for a GET, with the response computed per RFC 7616 §3.4.1. */
function digestAuthorization(
  uri: string,
  nonce: string,
  nc: number,
  options: { algorithm?: DigestAlgorithm; password?: string; signedUri?: string } = {},
): string {
  const algorithm = options.algorithm ?? "MD5";
  const ncHex = nc.toString(16).padStart(8, "0");
  const cnonce = "0a4f113b";
  const response = computeDigestResponse({
    algorithm,
    username: PUBLIC_KEY,
    realm: "MMS Public API",
    password: options.password ?? PRIVATE_KEY,
    method: "GET",
    uri: options.signedUri ?? uri,
    nonce,
    nc: ncHex,
    cnonce,
    qop: "auth",
  });
  return (
    `Digest username="${PUBLIC_KEY}", realm="MMS Public API", nonce="${nonce}", uri="${uri}", ` +
    `algorithm=${algorithm}, response="${response}", qop=auth, nc=${ncHex}, cnonce="${cnonce}"`
  );
}

function digestGet(atlas: AtlasEmulator, path: string, authorization: string): Promise<Answer> {
  return send(atlas, path, { headers: { Authorization: authorization, Accept: ACCEPT } });
}

function unauthorized(detail: string): Record<string, unknown> {
  return { detail, error: 401, errorCode: "UNAUTHORIZED", parameters: [], reason: "Unauthorized" };
}

/** Runs `fn` and returns the `[name, message]` of what it threw, or `["", ""]` if nothing. */
function thrown(fn: () => void): [string, string] {
  try {
    fn();
  } catch (error) {
    return error instanceof Error ? [error.name, error.message] : ["", String(error)];
  }
  return ["", ""];
}

const INVALID_VERSION_BODY = {
  detail: "Invalid accept header or version date.",
  error: 406,
  errorCode: "INVALID_VERSION_DATE",
  parameters: [],
  reason: "Not Acceptable",
};

describe("snapshot resources on the seeded emulator", () => {
  let atlas: AtlasEmulator;
  beforeAll(async () => {
    atlas = await startAtlasEmulator();
  });
  afterAll(async () => {
    await atlas.close();
  });

  test.each<[FlexSnapshotStatus, string[]]>([
    ["PENDING", ["id", "links", "mongoDBVersion", "scheduledTime", "status"]],
    ["QUEUED", ["id", "links", "mongoDBVersion", "scheduledTime", "status"]],
    ["RUNNING", ["id", "links", "mongoDBVersion", "scheduledTime", "startTime", "status"]],
    [
      "FAILED",
      ["finishTime", "id", "links", "mongoDBVersion", "scheduledTime", "startTime", "status"],
    ],
    [
      "COMPLETED",
      [
        "expiration",
        "finishTime",
        "id",
        "links",
        "mongoDBVersion",
        "scheduledTime",
        "startTime",
        "status",
      ],
    ],
  ])("GET the seeded %s snapshot returns exactly the fields %j", async (status, keys) => {
    const id = DEMO_SNAPSHOT_IDS[status];
    const answer = await apiGet(atlas, snapshotsPath(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, id));
    const body = answer.body as Record<string, string>;

    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe(SERVED_TYPE);
    expect(Object.keys(body)).toEqual(keys);
    expect(body).toMatchObject({
      id,
      status,
      mongoDBVersion: "8.0.4",
      links: [
        {
          href: `${atlas.baseUrl}${snapshotsPath(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, id)}`,
          rel: "self",
        },
      ],
    });
  });

  test("a COMPLETED snapshot expires 8 days after it finished and started after it was scheduled", async () => {
    const answer = await apiGet(
      atlas,
      snapshotsPath(undefined, undefined, DEMO_SNAPSHOT_IDS.COMPLETED),
    );
    const body = answer.body as Record<string, string>;
    const time = (field: string): number => Date.parse(body[field] ?? "");

    expect(time("expiration") - time("finishTime")).toBe(8 * DAY_MS);
    expect(time("startTime") - time("scheduledTime")).toBe(47_000);
    expect(time("finishTime") - time("startTime")).toBe(101_000);
  });

  test("the list without parameters returns all 9 snapshots newest first, with a self link only", async () => {
    const answer = await apiGet(atlas, snapshotsPath());
    const body = answer.body as { links: unknown; results: { id: string }[]; totalCount: number };

    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe(SERVED_TYPE);
    expect(body.results.map((snapshot) => snapshot.id)).toEqual([
      DEMO_SNAPSHOT_IDS.PENDING,
      DEMO_SNAPSHOT_IDS.QUEUED,
      DEMO_SNAPSHOT_IDS.RUNNING,
      DEMO_SNAPSHOT_IDS.COMPLETED,
      DEMO_SNAPSHOT_IDS.FAILED,
      ...DEMO_OLDER_SNAPSHOT_IDS,
    ]);
    expect(body.totalCount).toBe(9);
    expect(body.links).toEqual([
      { href: `${atlas.baseUrl}${snapshotsPath()}?pageNum=1&itemsPerPage=100`, rel: "self" },
    ]);
  });

  test("following next links with itemsPerPage=2 visits 5 pages in order", async () => {
    const pages: {
      links: { href: string; rel: string }[];
      results: { id: string }[];
      totalCount: number;
    }[] = [];
    let path: string | undefined = `${snapshotsPath()}?itemsPerPage=2`;
    while (path !== undefined) {
      const answer = await apiGet(atlas, path);
      const page = answer.body as (typeof pages)[number];
      pages.push(page);
      const next = page.links.find((link) => link.rel === "next")?.href;
      path = next?.slice(atlas.baseUrl.length);
    }
    const href = (n: number): string =>
      `${atlas.baseUrl}${snapshotsPath()}?pageNum=${n}&itemsPerPage=2`;

    expect(pages.map((page) => page.results.length)).toEqual([2, 2, 2, 2, 1]);
    expect(pages.map((page) => page.totalCount)).toEqual([9, 9, 9, 9, 9]);
    expect(pages.flatMap((page) => page.results.map((snapshot) => snapshot.id))).toEqual([
      DEMO_SNAPSHOT_IDS.PENDING,
      DEMO_SNAPSHOT_IDS.QUEUED,
      DEMO_SNAPSHOT_IDS.RUNNING,
      DEMO_SNAPSHOT_IDS.COMPLETED,
      DEMO_SNAPSHOT_IDS.FAILED,
      ...DEMO_OLDER_SNAPSHOT_IDS,
    ]);
    expect(pages[0]?.links).toEqual([
      { href: href(1), rel: "self" },
      { href: href(2), rel: "next" },
    ]);
    expect(pages[4]?.links).toEqual([
      { href: href(4), rel: "previous" },
      { href: href(5), rel: "self" },
    ]);
  });

  test.each([
    ["includeCount=false&itemsPerPage=4", false, 4, ["self", "next"]],
    ["includeCount=TRUE&pageNum=3&itemsPerPage=4", true, 1, ["previous", "self"]],
    ["pageNum=4&itemsPerPage=4", true, 0, ["previous", "self"]],
  ])(
    "the list with %s has totalCount %s, %i results and links %j",
    async (query, hasCount, size, rels) => {
      const answer = await apiGet(atlas, `${snapshotsPath()}?${query}`);
      const body = answer.body as { links: { rel: string }[]; results: unknown[] };

      expect(answer.status).toBe(200);
      expect("totalCount" in body).toBe(hasCount);
      expect(body.results).toHaveLength(size);
      expect(body.links.map((link) => link.rel)).toEqual(rels);
    },
  );

  test("includeCount=false is kept in the next link", async () => {
    const answer = await apiGet(atlas, `${snapshotsPath()}?includeCount=false&itemsPerPage=4`);
    const body = answer.body as { links: { href: string; rel: string }[] };

    expect(body.links[1]).toEqual({
      href: `${atlas.baseUrl}${snapshotsPath()}?pageNum=2&itemsPerPage=4&includeCount=false`,
      rel: "next",
    });
  });

  test("pretty=true indents the body and envelope=true wraps one snapshot as {content, status}", async () => {
    const path = snapshotsPath(undefined, undefined, DEMO_SNAPSHOT_IDS.QUEUED);
    const pretty = await fetch(`${atlas.baseUrl}${path}?pretty=true`, {
      headers: { Authorization: `Bearer ${STATIC_TOKEN}`, Accept: ACCEPT },
    });
    const enveloped = await apiGet(atlas, `${path}?envelope=true`);

    expect((await pretty.text()).split("\n")[1]).toBe('  "id": "6650c0de0000000000000002",');
    expect(enveloped.body).toEqual({
      content: expect.objectContaining({ id: DEMO_SNAPSHOT_IDS.QUEUED }),
      status: 200,
    });
  });

  test.each([
    ["itemsPerPage=0", "itemsPerPage", "0", "must be an integer from 1 to 500"],
    ["itemsPerPage=501", "itemsPerPage", "501", "must be an integer from 1 to 500"],
    ["itemsPerPage=ten", "itemsPerPage", "ten", "must be an integer from 1 to 500"],
    ["itemsPerPage=2.5", "itemsPerPage", "2.5", "must be an integer from 1 to 500"],
    ["pageNum=0", "pageNum", "0", "must be an integer of at least 1"],
    ["pageNum=-1", "pageNum", "-1", "must be an integer of at least 1"],
    ["includeCount=yes", "includeCount", "yes", "must be true or false"],
    ["pretty=1", "pretty", "1", "must be true or false"],
    ["envelope=", "envelope", "", "must be true or false"],
  ])(
    "the list with %s is answered 400 INVALID_QUERY_PARAMETER",
    async (query, name, value, description) => {
      const answer = await apiGet(atlas, `${snapshotsPath()}?${query}`);

      expect(answer.status).toBe(400);
      expect(answer.headers.get("content-type")).toBe("application/json");
      expect(answer.body).toEqual({
        badRequestDetail: { fields: [{ description, field: name }] },
        detail: `Invalid value ${value} for query parameter ${name}: ${description}.`,
        error: 400,
        errorCode: "INVALID_QUERY_PARAMETER",
        parameters: [name, value],
        reason: "Bad Request",
      });
    },
  );

  test.each([
    [
      "an upper-case groupId",
      snapshotsPath("6650C0DE0000000000000A11"),
      "groupId",
      "6650C0DE0000000000000A11",
      "^([a-f0-9]{24})$",
    ],
    ["a short groupId", snapshotsPath("abc123"), "groupId", "abc123", "^([a-f0-9]{24})$"],
    [
      "a name starting with a dash",
      snapshotsPath(undefined, "-orders"),
      "name",
      "-orders",
      "^[a-zA-Z0-9][a-zA-Z0-9-]*$",
    ],
    [
      "a name with an underscore",
      snapshotsPath(undefined, "my_orders"),
      "name",
      "my_orders",
      "^[a-zA-Z0-9][a-zA-Z0-9-]*$",
    ],
    [
      "a percent-encoded space in the name",
      snapshotsPath(undefined, "my%20orders"),
      "name",
      "my orders",
      "^[a-zA-Z0-9][a-zA-Z0-9-]*$",
    ],
    [
      "a 23-digit snapshotId",
      snapshotsPath(undefined, undefined, "6650c0de000000000000001"),
      "snapshotId",
      "6650c0de000000000000001",
      "^([a-f0-9]{24})$",
    ],
  ])("%s is answered 400 INVALID_PARAMETER", async (_label, path, name, value, pattern) => {
    const answer = await apiGet(atlas, path);

    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      badRequestDetail: { fields: [{ description: `must match ${pattern}`, field: name }] },
      detail: `Invalid value ${value} for path parameter ${name}: must match ${pattern}.`,
      error: 400,
      errorCode: "INVALID_PARAMETER",
      parameters: [name, value],
      reason: "Bad Request",
    });
  });

  test.each([
    [
      "an unknown project",
      snapshotsPath(OTHER_GROUP, undefined, DEMO_SNAPSHOT_IDS.PENDING),
      "GROUP_NOT_FOUND",
      `No group with ID ${OTHER_GROUP} exists.`,
      [OTHER_GROUP],
    ],
    [
      "an unknown cluster",
      snapshotsPath(undefined, "Orders", DEMO_SNAPSHOT_IDS.PENDING),
      "CLUSTER_NOT_FOUND",
      `No cluster named Orders exists in group ${DEMO_PROJECT_ID}.`,
      ["Orders", DEMO_PROJECT_ID],
    ],
    [
      "the list of an unknown cluster",
      snapshotsPath(undefined, "payments"),
      "CLUSTER_NOT_FOUND",
      `No cluster named payments exists in group ${DEMO_PROJECT_ID}.`,
      ["payments", DEMO_PROJECT_ID],
    ],
    [
      "an unknown snapshot",
      snapshotsPath(undefined, undefined, "ffffffffffffffffffffffff"),
      "SNAPSHOT_NOT_FOUND",
      "No snapshot with ID ffffffffffffffffffffffff exists for flex cluster orders.",
      ["ffffffffffffffffffffffff", "orders"],
    ],
  ])(
    "%s is answered 404 with its own errorCode",
    async (_label, path, errorCode, detail, parameters) => {
      const answer = await apiGet(atlas, path);

      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({
        detail,
        error: 404,
        errorCode,
        parameters,
        reason: "Not Found",
      });
    },
  );

  test.each([
    ["/api/atlas/v2/groups/6650c0de0000000000000a11/clusters"],
    [`${snapshotsPath()}/`],
    ["/"],
  ])(
    "the unknown route %s is answered 404 RESOURCE_NOT_FOUND, even without credentials",
    async (path) => {
      const answer = await send(atlas, path);

      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({
        detail: `Cannot find resource ${path}.`,
        error: 404,
        errorCode: "RESOURCE_NOT_FOUND",
        parameters: [path],
        reason: "Not Found",
      });
    },
  );

  test("a POST to the snapshot list is answered 405 with Allow: GET", async () => {
    const answer = await send(atlas, snapshotsPath(), { method: "POST" });

    expect(answer.status).toBe(405);
    expect(answer.headers.get("allow")).toBe("GET");
    expect(answer.body).toEqual({
      detail: `Method POST is not allowed on ${snapshotsPath()}.`,
      error: 405,
      errorCode: "METHOD_NOT_ALLOWED",
      parameters: ["POST"],
      reason: "Method Not Allowed",
    });
  });

  test.each([
    ["the 2024-11-13 version", "application/vnd.atlas.2024-11-13+json"],
    [
      "the 2025-03-12 version, which still serves 2024-11-13",
      "application/vnd.atlas.2025-03-12+json",
    ],
    ["a charset parameter", "application/vnd.atlas.2024-11-13+json;charset=utf-8"],
    ["upper case and spaces", "Application/VND.Atlas.2024-11-13+JSON ; charset=UTF-8"],
    ["a list with the version second", "text/plain, application/vnd.atlas.2025-03-12+json;q=0.9"],
  ])("Accept with %s is served as 2024-11-13", async (_label, accept) => {
    const answer = await apiGet(
      atlas,
      snapshotsPath(undefined, undefined, DEMO_SNAPSHOT_IDS.RUNNING),
      {
        Accept: accept,
      },
    );

    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe(SERVED_TYPE);
    expect(answer.headers.get("deprecation")).toBeNull();
  });

  test.each([
    ["*/* (Atlas assumes 2023-01-01)", "*/*"],
    ["application/json (Atlas assumes 2023-01-01)", "application/json"],
    ["2023-01-01, before flex clusters existed", "application/vnd.atlas.2023-01-01+json"],
    ["a date between two releases", "application/vnd.atlas.2024-12-01+json"],
    ["a future date", "application/vnd.atlas.2099-01-01+json"],
    ["an impossible date", "application/vnd.atlas.2024-02-30+json"],
    ["no date", "application/vnd.atlas+json"],
    ["a name instead of a date", "application/vnd.atlas.latest+json"],
    ["another media type", "text/html"],
  ])("Accept with %s is answered 406 INVALID_VERSION_DATE", async (_label, accept) => {
    const answer = await apiGet(atlas, snapshotsPath(), { Accept: accept });

    expect(answer.status).toBe(406);
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(answer.body).toEqual(INVALID_VERSION_BODY);
  });

  test("a request without Accept is answered 406 INVALID_VERSION_DATE", async () => {
    const answer = await rawGet(atlas, snapshotsPath(), {
      Authorization: `Bearer ${STATIC_TOKEN}`,
    });

    expect(answer.status).toBe(406);
    expect(answer.body).toEqual(INVALID_VERSION_BODY);
  });

  test("authentication is checked before the version", async () => {
    const answer = await send(atlas, snapshotsPath(), { headers: { Accept: "text/html" } });

    expect(answer.status).toBe(401);
  });
});

describe("version negotiation", () => {
  test.each<[string | undefined, ReturnType<typeof negotiateVersion>["ok"], string | undefined]>([
    [undefined, false, undefined],
    ["", false, undefined],
    ["application/vnd.atlas.2024-11-13+json", true, "2024-11-13"],
    ["application/vnd.atlas.2025-03-12+json; charset=utf-8", true, "2025-03-12"],
    [
      "application/vnd.atlas.2023-02-01+json, application/vnd.atlas.2025-03-12+json",
      false,
      undefined,
    ],
  ])("negotiateVersion(%j) is ok=%s with requested %s", (accept, ok, requested) => {
    const result = negotiateVersion(accept, { gone: new Set() });

    expect(result.ok).toBe(ok);
    expect(result.ok ? result.requested : undefined).toBe(requested);
  });

  test("a gone version is answered 410 VERSION_GONE and a deprecated one gets Deprecation and Sunset", async () => {
    await withEmulator(
      {
        goneVersions: ["2024-11-13"],
        deprecatedVersions: { "2025-03-12": "Sat, 01 Jan 2028 00:00:00 GMT" },
      },
      async (atlas) => {
        const gone = await apiGet(atlas, snapshotsPath(), {
          Accept: "application/vnd.atlas.2024-11-13+json",
        });
        const deprecated = await apiGet(atlas, snapshotsPath(), {
          Accept: "application/vnd.atlas.2025-03-12+json",
        });

        expect(gone.status).toBe(410);
        expect(gone.body).toEqual({
          detail:
            "The API version 2024-11-13 has been sunset and is no longer available for this resource.",
          error: 410,
          errorCode: "VERSION_GONE",
          parameters: ["2024-11-13"],
          reason: "Gone",
        });
        expect(deprecated.status).toBe(200);
        // RFC 9745 structured date: 2027-01-01T00:00:00Z, one year before the sunset.
        expect(deprecated.headers.get("deprecation")).toBe("@1798761600");
        expect(deprecated.headers.get("sunset")).toBe("Sat, 01 Jan 2028 00:00:00 GMT");
      },
    );
  });
});

describe("OAuth 2.0 service accounts", () => {
  let atlas: AtlasEmulator;
  beforeEach(async () => {
    atlas = await startAtlasEmulator();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await atlas.close();
  });

  test("the client credentials grant issues an opaque bearer token that the API accepts", async () => {
    const answer = await tokenRequest(atlas);
    const token = (answer.body as { access_token: string }).access_token;
    const api = await apiGet(atlas, snapshotsPath(), { Authorization: `Bearer ${token}` });

    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(answer.headers.get("pragma")).toBe("no-cache");
    expect(answer.body).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expires_in: 3600,
      token_type: "Bearer",
    });
    expect(atlas.tokensIssued).toBe(1);
    expect(api.status).toBe(200);
  });

  test.each([
    [
      "a wrong secret",
      401,
      "invalid_client",
      "grant_type=client_credentials",
      CLIENT_ID,
      "wrong",
      "Client authentication failed.",
    ],
    [
      "an unknown client",
      401,
      "invalid_client",
      "grant_type=client_credentials",
      "mdb_sa_id_nobody",
      CLIENT_SECRET,
      "Client authentication failed.",
    ],
    [
      "the password grant",
      400,
      "unsupported_grant_type",
      "grant_type=password",
      CLIENT_ID,
      CLIENT_SECRET,
      "The grant type password is not supported.",
    ],
    [
      "no grant_type",
      400,
      "invalid_request",
      "scope=openid",
      CLIENT_ID,
      CLIENT_SECRET,
      "The grant_type parameter is missing.",
    ],
  ])(
    "a token request with %s is answered %i %s",
    async (_label, status, error, form, id, secret, description) => {
      const answer = await tokenRequest(atlas, form, id, secret);

      expect(answer.status).toBe(status);
      expect(answer.body).toEqual({ error, error_description: description });
      expect(answer.headers.get("www-authenticate")).toBe(
        status === 401 ? 'Basic realm="MongoDB Cloud OAuth"' : null,
      );
      expect(atlas.tokensIssued).toBe(0);
    },
  );

  test.each([
    [
      "without credentials",
      401,
      "invalid_client",
      "POST",
      { "Content-Type": "application/x-www-form-urlencoded" },
    ],
    [
      "with a JSON body",
      400,
      "invalid_request",
      "POST",
      {
        Authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}`,
        "Content-Type": "application/json",
      },
    ],
    ["with GET", 405, "invalid_request", "GET", {}],
  ])("a token request %s is answered %i %s", async (_label, status, error, method, headers) => {
    const answer = await send(atlas, "/api/oauth/token", {
      method,
      headers,
      ...(method === "GET" ? {} : { body: '{"grant_type":"client_credentials"}' }),
    });

    expect(answer.status).toBe(status);
    expect((answer.body as { error: string }).error).toBe(error);
  });

  test("a revoked token is refused with 401 and the Digest challenge", async () => {
    const token = await issueToken(atlas);
    const revoke = await tokenRequest(
      atlas,
      `token=${token}&token_type_hint=access_token`,
      undefined,
      undefined,
      "/api/oauth/revoke",
    );
    const api = await apiGet(atlas, snapshotsPath(), { Authorization: `Bearer ${token}` });

    expect(revoke.status).toBe(200);
    expect(revoke.body).toBeUndefined();
    expect(api.status).toBe(401);
    expect(api.body).toEqual(unauthorized("The access token is invalid or has been revoked."));
    expect(challengeOf(api)).toEqual({ nonce: expect.any(String), algorithm: "MD5", stale: false });
  });

  test.each([
    ["an unknown token (RFC 7009 §2.2)", 200, "token=never-issued", undefined],
    [
      "no token",
      400,
      "token_type_hint=access_token",
      { error: "invalid_request", error_description: "The token parameter is missing." },
    ],
  ])("revoking %s is answered %i", async (_label, status, form, body) => {
    const answer = await tokenRequest(atlas, form, undefined, undefined, "/api/oauth/revoke");

    expect(answer.status).toBe(status);
    expect(answer.body).toEqual(body);
  });

  test("a client may not revoke another client's token", async () => {
    await withEmulator(
      {
        credentials: {
          serviceAccounts: [
            { clientId: "mdb_sa_id_a", clientSecret: "secret-a" },
            { clientId: "mdb_sa_id_b", clientSecret: "secret-b" },
          ],
        },
      },
      async (two) => {
        const token = (
          (await tokenRequest(two, undefined, "mdb_sa_id_a", "secret-a")).body as {
            access_token: string;
          }
        ).access_token;
        const revoke = await tokenRequest(
          two,
          `token=${token}`,
          "mdb_sa_id_b",
          "secret-b",
          "/api/oauth/revoke",
        );
        const api = await apiGet(two, snapshotsPath(), { Authorization: `Bearer ${token}` });

        expect(revoke.status).toBe(400);
        expect(revoke.body).toEqual({
          error: "unauthorized_client",
          error_description: "The token was issued to another client.",
        });
        expect(api.status).toBe(200);
      },
    );
  });

  test("revokeAllTokens() invalidates every issued token but not the static access token", async () => {
    const first = await issueToken(atlas);
    const second = await issueToken(atlas);
    atlas.revokeAllTokens();
    const statuses = await Promise.all(
      [first, second, STATIC_TOKEN].map(
        async (token) =>
          (await apiGet(atlas, snapshotsPath(), { Authorization: `Bearer ${token}` })).status,
      ),
    );

    expect(statuses).toEqual([401, 401, 200]);
    expect(atlas.tokensIssued).toBe(2);
  });

  test.each([
    [59_999, 200],
    [60_000, 401],
  ])(
    "a token with a 60 s lifetime used %i ms after issue is answered %i",
    async (elapsed, status) => {
      const clock = fakeClock();
      await withEmulator({ tokenTtlSeconds: 60, now: clock.now }, async (short) => {
        const token = await issueToken(short);
        clock.set(T0 + elapsed);
        const answer = await apiGet(short, snapshotsPath(), { Authorization: `Bearer ${token}` });

        expect(answer.status).toBe(status);
        expect(answer.status === 401 ? answer.body : undefined).toEqual(
          status === 401 ? unauthorized("The access token has expired.") : undefined,
        );
      });
    },
  );

  test("tokenTtlSeconds: 0 issues tokens that are already expired", async () => {
    await withEmulator({ tokenTtlSeconds: 0 }, async (expired) => {
      const answer = await tokenRequest(expired);
      const token = (answer.body as { access_token: string; expires_in: number }).access_token;
      const api = await apiGet(expired, snapshotsPath(), { Authorization: `Bearer ${token}` });

      expect((answer.body as { expires_in: number }).expires_in).toBe(0);
      expect(api.body).toEqual(unauthorized("The access token has expired."));
    });
  });
});

describe("authentication failures and 403", () => {
  let atlas: AtlasEmulator;
  beforeAll(async () => {
    atlas = await startAtlasEmulator({ forbiddenProjects: [OTHER_GROUP] });
  });
  afterAll(async () => {
    await atlas.close();
  });

  test.each<[string, Record<string, string>, string, string]>([
    ["no Authorization", {}, "none", "You are not authorized for this resource."],
    [
      "an unknown bearer token",
      { Authorization: "Bearer not-a-token" },
      "bearer",
      "The access token is invalid or has been revoked.",
    ],
    [
      "an empty bearer",
      { Authorization: "Bearer" },
      "bearer",
      "The access token is invalid or has been revoked.",
    ],
    [
      "HTTP Basic with a valid API key",
      { Authorization: `Basic ${Buffer.from(`${PUBLIC_KEY}:${PRIVATE_KEY}`).toString("base64")}` },
      "basic",
      "HTTP Basic authentication is not supported; use HTTP Digest.",
    ],
    [
      "an unknown scheme",
      { Authorization: "Token abc" },
      "none",
      "You are not authorized for this resource.",
    ],
  ])("%s is answered 401 with a Digest challenge", async (_label, headers, authKind, detail) => {
    const answer = await send(atlas, snapshotsPath(), { headers: { Accept: ACCEPT, ...headers } });

    expect(answer.status).toBe(401);
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(answer.body).toEqual(unauthorized(detail));
    expect(challengeOf(answer)).toEqual({
      nonce: expect.any(String),
      algorithm: "MD5",
      stale: false,
    });
    expect(atlas.requests.at(-1)?.authKind).toBe(authKind);
  });

  test("every 401 carries a different nonce", async () => {
    const nonces = await Promise.all(
      [1, 2, 3].map(async () => challengeOf(await send(atlas, snapshotsPath())).nonce),
    );

    expect(new Set(nonces).size).toBe(3);
  });

  test("a valid credential on a forbidden project is answered 403", async () => {
    const answer = await apiGet(atlas, snapshotsPath(OTHER_GROUP));

    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      detail: `The credentials used do not have the Project Read Only role in group ${OTHER_GROUP}.`,
      error: 403,
      errorCode: "USER_CANNOT_ACCESS_GROUP",
      parameters: [OTHER_GROUP],
      reason: "Forbidden",
    });
  });
});

describe("HTTP Digest with API keys", () => {
  test.each<[DigestAlgorithm, string]>([
    ["MD5", "8ca523f5e9506fed4657c9700eebdbec"],
    ["SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"],
  ])("computeDigestResponse matches the %s example of RFC 7616 §3.9.1", (algorithm, expected) => {
    expect(
      computeDigestResponse({
        algorithm,
        username: "Mufasa",
        realm: "http-auth@example.org",
        password: "Circle of Life",
        method: "GET",
        uri: "/dir/index.html",
        nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
        nc: "00000001",
        cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
        qop: "auth",
      }),
    ).toBe(expected);
  });

  test.each<[DigestAlgorithm]>([["MD5"], ["SHA-256"]])(
    "the %s challenge-response handshake authenticates, with an increasing nc per nonce",
    async (algorithm) => {
      await withEmulator({ digestAlgorithm: algorithm }, async (atlas) => {
        const path = `${snapshotsPath()}?itemsPerPage=1`;
        const challenge = challengeOf(await send(atlas, path, { headers: { Accept: ACCEPT } }));
        const first = await digestGet(
          atlas,
          path,
          digestAuthorization(path, challenge.nonce, 1, { algorithm }),
        );
        const second = await digestGet(
          atlas,
          path,
          digestAuthorization(path, challenge.nonce, 2, { algorithm }),
        );

        expect(challenge.algorithm).toBe(algorithm);
        expect([first.status, second.status]).toEqual([200, 200]);
        expect(atlas.requests.map((r) => [r.authKind, r.status])).toEqual([
          ["none", 401],
          ["digest", 200],
          ["digest", 200],
        ]);
      });
    },
  );

  test.each<[string, (path: string, nonce: string) => string]>([
    ["a reused nc", (path, nonce) => digestAuthorization(path, nonce, 1)],
    ["an nc of zero", (path, nonce) => digestAuthorization(path, nonce, 0)],
    ["a nonce the server never issued", (path) => digestAuthorization(path, "bm90LWlzc3VlZA==", 9)],
    [
      "a wrong private key",
      (path, nonce) => digestAuthorization(path, nonce, 5, { password: "wrong" }),
    ],
    [
      "a uri other than the request's",
      (path, nonce) => digestAuthorization(`${path}?x=1`, nonce, 5, { signedUri: `${path}?x=1` }),
    ],
    [
      "the SHA-256 algorithm when MD5 was offered",
      (path, nonce) => digestAuthorization(path, nonce, 5, { algorithm: "SHA-256" }),
    ],
    [
      "a missing cnonce",
      (path, nonce) => digestAuthorization(path, nonce, 5).replace(/, cnonce="[^"]*"/, ""),
    ],
    [
      "a missing qop",
      (path, nonce) => digestAuthorization(path, nonce, 5).replace(", qop=auth", ""),
    ],
  ])("Digest credentials with %s are answered 401 stale=false", async (_label, credentials) => {
    await withEmulator({}, async (atlas) => {
      const path = snapshotsPath();
      const { nonce } = challengeOf(await send(atlas, path));
      const accepted = await digestGet(atlas, path, digestAuthorization(path, nonce, 1));
      const refused = await digestGet(atlas, path, credentials(path, nonce));

      expect(accepted.status).toBe(200);
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual(unauthorized("You are not authorized for this resource."));
      expect(challengeOf(refused).stale).toBe(false);
    });
  });

  test("after nonceMaxUses requests the nonce is answered 401 stale=true, and the fresh nonce works", async () => {
    await withEmulator({ nonceMaxUses: 2 }, async (atlas) => {
      const path = snapshotsPath();
      const { nonce } = challengeOf(await send(atlas, path));
      const uses = [];
      for (const nc of [1, 2, 3]) {
        uses.push(await digestGet(atlas, path, digestAuthorization(path, nonce, nc)));
      }
      const stale = uses[2] as Answer;
      const fresh = challengeOf(stale);
      const retried = await digestGet(atlas, path, digestAuthorization(path, fresh.nonce, 1));

      expect(uses.map((use) => use.status)).toEqual([200, 200, 401]);
      expect(stale.body).toEqual(unauthorized("The nonce has expired; retry with the new one."));
      expect(fresh.stale).toBe(true);
      expect(fresh.nonce).not.toBe(nonce);
      expect(retried.status).toBe(200);
    });
  });
});

describe("injected faults", () => {
  let atlas: AtlasEmulator;
  beforeEach(async () => {
    atlas = await startAtlasEmulator();
  });
  afterEach(async () => {
    await atlas.close();
  });

  test.each<[string, EmulatorFault, number, string, Record<string, string | null>]>([
    [
      "429 with Retry-After",
      { status: 429, retryAfter: "7" },
      429,
      "RATE_LIMITED",
      { "retry-after": "7" },
    ],
    ["500", { status: 500 }, 500, "UNEXPECTED_ERROR", { "retry-after": null }],
    [
      "503",
      { status: 503, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT" },
      503,
      "SERVICE_UNAVAILABLE",
      { "retry-after": "Wed, 21 Oct 2015 07:28:00 GMT" },
    ],
    ["502", { status: 502 }, 502, "BAD_GATEWAY", {}],
    [
      "409 with a custom errorCode and header",
      { status: 409, errorCode: "SNAPSHOT_BUSY", headers: { "X-Request-Id": "r1" } },
      409,
      "SNAPSHOT_BUSY",
      { "x-request-id": "r1" },
    ],
    ["without a status (500)", {}, 500, "UNEXPECTED_ERROR", {}],
  ])(
    "the fault %s answers with an Atlas error body",
    async (_label, fault, status, errorCode, headers) => {
      atlas.injectFault(fault);
      const faulted = await apiGet(atlas, snapshotsPath());
      const after = await apiGet(atlas, snapshotsPath());

      expect(faulted.status).toBe(status);
      expect(faulted.headers.get("content-type")).toBe("application/json");
      expect(faulted.body).toEqual({
        detail: expect.stringMatching(new RegExp(`^The emulator injected a ${status} `)),
        error: status,
        errorCode,
        parameters: [],
        reason: expect.any(String),
      });
      for (const [name, value] of Object.entries(headers)) {
        expect(faulted.headers.get(name)).toBe(value);
      }
      expect(after.status).toBe(200);
    },
  );

  test("faults match by method and path pattern, apply `times` times and precede authentication", async () => {
    atlas.injectFault({ method: "get", path: /\/backup\/snapshots$/, times: 2, status: 503 });
    const token = await tokenRequest(atlas);
    const single = await apiGet(
      atlas,
      snapshotsPath(undefined, undefined, DEMO_SNAPSHOT_IDS.FAILED),
    );
    const unauthenticated = await send(atlas, snapshotsPath());
    const second = await apiGet(atlas, snapshotsPath());
    const third = await apiGet(atlas, snapshotsPath());

    expect([
      token.status,
      single.status,
      unauthenticated.status,
      second.status,
      third.status,
    ]).toEqual([200, 200, 503, 503, 200]);
  });

  test("faults are consumed in the order they were queued, and an exact path must match exactly", async () => {
    atlas.injectFault({ path: "/api/oauth/token", status: 500 });
    atlas.injectFault({ path: snapshotsPath(), status: 429 });
    atlas.injectFault({ path: snapshotsPath(), status: 503 });
    const statuses = [];
    for (const path of [`${snapshotsPath()}/`, snapshotsPath(), snapshotsPath(), snapshotsPath()]) {
      statuses.push((await apiGet(atlas, path)).status);
    }

    expect(statuses).toEqual([404, 429, 503, 200]);
    expect((await tokenRequest(atlas)).status).toBe(500);
  });

  test("a hanging request never answers, and close() still resolves", async () => {
    atlas.injectFault({ hang: true });
    const started = Date.now();
    const outcome = await fetch(`${atlas.baseUrl}${snapshotsPath()}`, {
      signal: AbortSignal.timeout(200),
    }).then(
      () => "answered",
      // Not `instanceof Error`: errors from Node internals come from another realm under Jest.
      (error: { name?: string }) => error.name,
    );

    expect(outcome).toBe("TimeoutError");
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(atlas.requests.map((r) => r.status)).toEqual([0]);
    await expect(atlas.close()).resolves.toBeUndefined();
  });

  test("close() ends a request that is still hanging", async () => {
    atlas.injectFault({ hang: true });
    const pending = fetch(`${atlas.baseUrl}${snapshotsPath()}`).then(
      () => "answered",
      (error: { message?: string }) => error.message,
    );
    while (atlas.count() === 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await atlas.close();

    expect(await pending).toBe("fetch failed");
  });

  test("resetConnection destroys the connection without an answer", async () => {
    atlas.injectFault({ resetConnection: true });
    const failure = await fetch(`${atlas.baseUrl}${snapshotsPath()}`).then(
      () => undefined,
      (error: unknown) => error as Error & { cause?: { code?: string } },
    );
    const after = await apiGet(atlas, snapshotsPath());

    expect(failure?.message).toBe("fetch failed");
    expect(failure?.cause?.code).toBe("ECONNRESET");
    expect(atlas.requests.map((r) => r.status)).toEqual([0, 200]);
    expect(after.status).toBe(200);
  });

  test.each([
    ["the normal answer", { delayMs: 250 }, 200],
    ["a 503", { delayMs: 250, status: 503 }, 503],
  ])("delayMs delays %s", async (_label, fault, status) => {
    atlas.injectFault(fault);
    const started = Date.now();
    const answer = await apiGet(atlas, snapshotsPath());

    expect(answer.status).toBe(status);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  test.each([
    [{ times: 0 }, "injectFault: times must be a positive integer, got 0"],
    [{ times: 1.5 }, "injectFault: times must be a positive integer, got 1.5"],
    [{ status: 99 }, "injectFault: status must be an HTTP status code, got 99"],
    [{ delayMs: -1 }, "injectFault: delayMs must be a non-negative number, got -1"],
  ])("injectFault(%j) throws", (fault, message) => {
    expect(() => atlas.injectFault(fault)).toThrow(message);
  });
});

describe("request recording and reset()", () => {
  test("every request is recorded in order with credentials redacted, and count() filters them", async () => {
    await withEmulator({}, async (atlas) => {
      await tokenRequest(atlas);
      await send(atlas, `${snapshotsPath()}?itemsPerPage=2`, { headers: { Accept: ACCEPT } });
      await apiGet(atlas, `${snapshotsPath()}?itemsPerPage=2&pageNum=1`);

      expect(
        atlas.requests.map(({ method, path, query, status, authKind }) => ({
          method,
          path,
          query,
          status,
          authKind,
        })),
      ).toEqual([
        { method: "POST", path: "/api/oauth/token", query: {}, status: 200, authKind: "basic" },
        {
          method: "GET",
          path: snapshotsPath(),
          query: { itemsPerPage: "2" },
          status: 401,
          authKind: "none",
        },
        {
          method: "GET",
          path: snapshotsPath(),
          query: { itemsPerPage: "2", pageNum: "1" },
          status: 200,
          authKind: "bearer",
        },
      ]);
      expect(atlas.requests.map((r) => r.headers["authorization"])).toEqual([
        "[REDACTED]",
        undefined,
        "[REDACTED]",
      ]);
      expect(atlas.requests[2]?.headers["accept"]).toBe(ACCEPT);
      expect(JSON.stringify(atlas.requests)).not.toContain(STATIC_TOKEN);
      expect(JSON.stringify(atlas.requests)).not.toContain(
        Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64"),
      );
      expect([
        atlas.count(),
        atlas.count({ method: "get" }),
        atlas.count({ path: snapshotsPath() }),
        atlas.count({ path: /oauth/ }),
        atlas.count({ status: 401 }),
        atlas.count({ method: "GET", path: /snapshots$/g, status: 200 }),
      ]).toEqual([3, 2, 2, 1, 1, 1]);
    });
  });

  test("reset() clears requests, faults, tokens and nonces but keeps snapshots", async () => {
    await withEmulator({}, async (atlas) => {
      const token = await issueToken(atlas);
      const { nonce } = challengeOf(await send(atlas, snapshotsPath()));
      atlas.putSnapshot(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, {
        id: "aaaaaaaaaaaaaaaaaaaaaaaa",
        status: "QUEUED",
      });
      atlas.injectFault({ status: 500 });
      atlas.reset();

      expect(atlas.requests).toEqual([]);
      expect(atlas.tokensIssued).toBe(0);
      const withToken = await apiGet(atlas, snapshotsPath(), { Authorization: `Bearer ${token}` });
      const withNonce = await digestGet(
        atlas,
        snapshotsPath(),
        digestAuthorization(snapshotsPath(), nonce, 1),
      );
      const kept = await apiGet(
        atlas,
        snapshotsPath(undefined, undefined, "aaaaaaaaaaaaaaaaaaaaaaaa"),
      );
      expect([withToken.status, withNonce.status, kept.status]).toEqual([401, 401, 200]);
    });
  });
});

describe("changing snapshots", () => {
  let atlas: AtlasEmulator;
  beforeEach(async () => {
    atlas = await startAtlasEmulator({ seed: false });
  });
  afterEach(async () => {
    await atlas.close();
  });

  const id = "abcdefabcdefabcdefabcdef";
  const group = "1111111111111111111111aa";

  test("without seeding the demo project does not exist", async () => {
    const answer = await apiGet(atlas, snapshotsPath());

    expect((answer.body as { errorCode: string }).errorCode).toBe("GROUP_NOT_FOUND");
  });

  test("putSnapshot creates project and cluster, and replaces a snapshot with the same id", async () => {
    atlas.putSnapshot(group, "blue", {
      id,
      status: "PENDING",
      scheduledTime: "2025-05-04T09:42:00Z",
    });
    atlas.putSnapshot(group, "blue", {
      id,
      status: "QUEUED",
      scheduledTime: "2025-05-04T09:42:00Z",
    });
    const answer = await apiGet(atlas, snapshotsPath(group, "blue", id));
    const list = await apiGet(atlas, snapshotsPath(group, "blue"));

    expect(answer.body).toEqual({
      id,
      links: [{ href: `${atlas.baseUrl}${snapshotsPath(group, "blue", id)}`, rel: "self" }],
      scheduledTime: "2025-05-04T09:42:00Z",
      status: "QUEUED",
    });
    expect((list.body as { totalCount: number }).totalCount).toBe(1);
  });

  test("removeSnapshot makes the snapshot 404 and keeps the cluster", async () => {
    atlas.putSnapshot(group, "blue", { id, status: "COMPLETED" });
    atlas.removeSnapshot(group, "blue", id);
    atlas.removeSnapshot(group, "blue", id);
    const answer = await apiGet(atlas, snapshotsPath(group, "blue", id));
    const list = await apiGet(atlas, snapshotsPath(group, "blue"));

    expect((answer.body as { errorCode: string }).errorCode).toBe("SNAPSHOT_NOT_FOUND");
    expect(list.body).toEqual({
      links: [
        {
          href: `${atlas.baseUrl}${snapshotsPath(group, "blue")}?pageNum=1&itemsPerPage=100`,
          rel: "self",
        },
      ],
      results: [],
      totalCount: 0,
    });
  });

  test("setStatus fills in the times a status implies and keeps the ones already set", async () => {
    atlas.putSnapshot(group, "blue", {
      id,
      status: "PENDING",
      scheduledTime: "2025-05-04T09:42:00Z",
    });
    atlas.setStatus(group, "blue", id, "RUNNING");
    const running = (await apiGet(atlas, snapshotsPath(group, "blue", id))).body as Record<
      string,
      string
    >;
    atlas.setStatus(group, "blue", id, "COMPLETED");
    const completed = (await apiGet(atlas, snapshotsPath(group, "blue", id))).body as Record<
      string,
      string
    >;

    expect(Object.keys(running)).toEqual(["id", "links", "scheduledTime", "startTime", "status"]);
    expect(running["scheduledTime"]).toBe("2025-05-04T09:42:00Z");
    expect(completed["startTime"]).toBe(running["startTime"]);
    expect(completed["status"]).toBe("COMPLETED");
    expect(
      Date.parse(completed["expiration"] ?? "") - Date.parse(completed["finishTime"] ?? ""),
    ).toBe(8 * DAY_MS);
  });

  test("setStatus on a missing snapshot throws", () => {
    expect(() => atlas.setStatus(group, "blue", id, "FAILED")).toThrow(
      `setStatus: no snapshot ${id} in cluster blue of project ${group}`,
    );
  });
});

describe("progress schedules", () => {
  const id = "abcdefabcdefabcdefabcdef";
  const group = "1111111111111111111111aa";
  const scheduledTime = "2025-05-04T09:40:00Z";
  const STEP_MS = 30_000;

  /** GETs one snapshot of cluster `blue` and returns its fields without `links`. */
  async function readBlue(atlas: AtlasEmulator): Promise<Record<string, unknown>> {
    const answer = await apiGet(atlas, snapshotsPath(group, "blue", id));
    const { links: _links, ...fields } = answer.body as Record<string, unknown>;
    return fields;
  }

  /**
   * Starts an unseeded emulator on a fake clock at T0, stores `snapshot` (id `id`) in cluster
   * `blue`, schedules `schedule` and hands both to `run`.
   */
  async function withSchedule(
    snapshot: Omit<FlexSnapshotRecord, "id">,
    schedule: ProgressSchedule,
    run: (atlas: AtlasEmulator, clock: ReturnType<typeof fakeClock>) => Promise<void>,
  ): Promise<void> {
    const clock = fakeClock();
    await withEmulator({ seed: false, now: clock.now }, async (atlas) => {
      atlas.putSnapshot(group, "blue", { id, ...snapshot });
      atlas.scheduleProgress(group, "blue", id, schedule);
      await run(atlas, clock);
    });
  }

  const pending = { id, scheduledTime, status: "PENDING" };
  const running = { id, scheduledTime, startTime: "2025-05-04T09:43:00Z", status: "RUNNING" };
  const completed = {
    expiration: "2025-05-12T09:43:30Z",
    finishTime: "2025-05-04T09:43:30Z",
    id,
    scheduledTime,
    startTime: "2025-05-04T09:43:00Z",
    status: "COMPLETED",
  };
  /** What a PENDING snapshot scheduled at T0 with 30 s steps reads as, by time since T0. */
  const TIMELINE: [number, Record<string, unknown>][] = [
    [-1_000, pending],
    [0, pending],
    [29_999, pending],
    [30_000, { ...pending, status: "QUEUED" }],
    [59_999, { ...pending, status: "QUEUED" }],
    [60_000, running],
    [89_999, running],
    [90_000, completed],
    [30 * DAY_MS, completed],
  ];

  test.each(TIMELINE)(
    "read only once, %i ms after scheduling, the snapshot is %j",
    async (elapsed, expected) => {
      await withSchedule(
        { status: "PENDING", scheduledTime },
        { stepMs: STEP_MS },
        async (atlas, clock) => {
          clock.set(T0 + elapsed);

          expect(await readBlue(atlas)).toEqual(expected);
        },
      );
    },
  );

  test("read at each of those times in order, it passes through the same statuses and times", async () => {
    await withSchedule(
      { status: "PENDING", scheduledTime },
      { stepMs: STEP_MS },
      async (atlas, clock) => {
        const seen: Record<string, unknown>[] = [];
        for (const [elapsed] of TIMELINE) {
          clock.set(T0 + elapsed);
          seen.push(await readBlue(atlas));
        }

        expect(seen).toEqual(TIMELINE.map(([, expected]) => expected));
      },
    );
  });

  test("with startOnFirstRead, the schedule's clock starts at the first read, however late", async () => {
    const late = 60_000;
    await withSchedule(
      { status: "PENDING", scheduledTime },
      { stepMs: STEP_MS, startOnFirstRead: true },
      async (atlas, clock) => {
        const seen: Record<string, unknown>[] = [];
        for (const elapsed of [0, 30_000, 60_000, 90_000]) {
          clock.set(T0 + late + elapsed);
          seen.push(await readBlue(atlas));
        }

        expect(seen).toEqual([
          pending,
          { ...pending, status: "QUEUED" },
          { ...running, startTime: "2025-05-04T09:44:00Z" },
          {
            ...completed,
            startTime: "2025-05-04T09:44:00Z",
            finishTime: "2025-05-04T09:44:30Z",
            expiration: "2025-05-12T09:44:30Z",
          },
        ]);
      },
    );
  });

  const earlier = {
    expiration: "2025-05-09T00:01:41Z",
    finishTime: "2025-05-01T00:01:41Z",
    scheduledTime,
    startTime: "2025-05-01T00:00:00Z",
    status: "COMPLETED",
  };
  test.each<
    [string, Omit<FlexSnapshotRecord, "id">, ProgressSchedule, number, Record<string, unknown>]
  >([
    [
      "final FAILED ends with finishTime and no expiration",
      { status: "PENDING", scheduledTime },
      { stepMs: STEP_MS, final: "FAILED" },
      90_000,
      {
        finishTime: "2025-05-04T09:43:30Z",
        id,
        scheduledTime,
        startTime: "2025-05-04T09:43:00Z",
        status: "FAILED",
      },
    ],
    [
      "from RUNNING restarts a COMPLETED snapshot, started at the schedule's start",
      earlier,
      { stepMs: STEP_MS, from: "RUNNING" },
      0,
      { id, scheduledTime, startTime: "2025-05-04T09:42:00Z", status: "RUNNING" },
    ],
    [
      "from RUNNING then completes one step later",
      earlier,
      { stepMs: STEP_MS, from: "RUNNING" },
      30_000,
      {
        expiration: "2025-05-12T09:42:30Z",
        finishTime: "2025-05-04T09:42:30Z",
        id,
        scheduledTime,
        startTime: "2025-05-04T09:42:00Z",
        status: "COMPLETED",
      },
    ],
    [
      "from QUEUED drops the old times until the steps set new ones",
      earlier,
      { stepMs: STEP_MS, from: "QUEUED", final: "FAILED" },
      0,
      { id, scheduledTime, status: "QUEUED" },
    ],
    [
      "from QUEUED to FAILED takes two steps",
      earlier,
      { stepMs: STEP_MS, from: "QUEUED", final: "FAILED" },
      60_000,
      {
        finishTime: "2025-05-04T09:43:00Z",
        id,
        scheduledTime,
        startTime: "2025-05-04T09:42:30Z",
        status: "FAILED",
      },
    ],
    [
      "from PENDING moves a QUEUED snapshot back",
      { status: "QUEUED", scheduledTime },
      { stepMs: STEP_MS, from: "PENDING" },
      29_999,
      { id, scheduledTime, status: "PENDING" },
    ],
    [
      "a RUNNING snapshot keeps the startTime it had",
      { status: "RUNNING", scheduledTime, startTime: "2025-05-04T09:41:10Z" },
      { stepMs: STEP_MS },
      30_000,
      {
        expiration: "2025-05-12T09:42:30Z",
        finishTime: "2025-05-04T09:42:30Z",
        id,
        scheduledTime,
        startTime: "2025-05-04T09:41:10Z",
        status: "COMPLETED",
      },
    ],
    [
      "a RUNNING snapshot without times gets the schedule's start, as setStatus would",
      { status: "RUNNING" },
      { stepMs: STEP_MS },
      0,
      {
        id,
        scheduledTime: "2025-05-04T09:42:00Z",
        startTime: "2025-05-04T09:42:00Z",
        status: "RUNNING",
      },
    ],
    [
      "steps of 1.5 s are stamped in whole seconds, rounded down",
      { status: "PENDING", scheduledTime },
      { stepMs: 1_500 },
      4_500,
      {
        expiration: "2025-05-12T09:42:04Z",
        finishTime: "2025-05-04T09:42:04Z",
        id,
        scheduledTime,
        startTime: "2025-05-04T09:42:03Z",
        status: "COMPLETED",
      },
    ],
  ])("%s", async (_label, snapshot, schedule, elapsed, expected) => {
    await withSchedule(snapshot, schedule, async (atlas, clock) => {
      clock.set(T0 + elapsed);

      expect(await readBlue(atlas)).toEqual(expected);
    });
  });

  test.each<
    [
      string,
      (atlas: AtlasEmulator, clock: ReturnType<typeof fakeClock>) => void,
      Record<string, unknown>,
    ]
  >([
    [
      "setStatus",
      (atlas) => atlas.setStatus(group, "blue", id, "RUNNING"),
      { id, scheduledTime, startTime: "2025-05-04T09:42:45Z", status: "RUNNING" },
    ],
    [
      "setStatus after a step that was due but unread, whose time it keeps",
      (atlas, clock) => {
        clock.set(T0 + 75_000);
        atlas.setStatus(group, "blue", id, "COMPLETED");
      },
      {
        expiration: "2025-05-12T09:43:15Z",
        finishTime: "2025-05-04T09:43:15Z",
        id,
        scheduledTime,
        startTime: "2025-05-04T09:43:00Z",
        status: "COMPLETED",
      },
    ],
    [
      "putSnapshot",
      (atlas) => atlas.putSnapshot(group, "blue", { id, scheduledTime, status: "PENDING" }),
      pending,
    ],
    [
      "removeSnapshot, then putSnapshot with the same id",
      (atlas) => {
        atlas.removeSnapshot(group, "blue", id);
        atlas.putSnapshot(group, "blue", { id, scheduledTime, status: "PENDING" });
      },
      pending,
    ],
    [
      "reset(), which keeps the status reached",
      (atlas) => atlas.reset(),
      { ...pending, status: "QUEUED" },
    ],
    [
      "a second scheduleProgress, which starts from the status reached",
      (atlas) => atlas.scheduleProgress(group, "blue", id, { stepMs: 2 * DAY_MS }),
      { ...pending, status: "QUEUED" },
    ],
  ])("%s cancels the schedule", async (_label, act, expected) => {
    await withSchedule(
      { status: "PENDING", scheduledTime },
      { stepMs: STEP_MS },
      async (atlas, clock) => {
        clock.set(T0 + 45_000);
        act(atlas, clock);
        clock.set(T0 + DAY_MS);

        expect(await readBlue(atlas)).toEqual(expected);
      },
    );
  });

  test.each<[string, string, ProgressSchedule, string, string]>([
    [
      "a missing snapshot",
      "000000000000000000000000",
      { stepMs: 1 },
      "Error",
      `scheduleProgress: no snapshot 000000000000000000000000 in cluster blue of project ${group}`,
    ],
    [
      "stepMs 0",
      id,
      { stepMs: 0 },
      "RangeError",
      "scheduleProgress: stepMs must be a positive number of milliseconds, got 0",
    ],
    [
      "a negative stepMs",
      id,
      { stepMs: -5 },
      "RangeError",
      "scheduleProgress: stepMs must be a positive number of milliseconds, got -5",
    ],
    [
      "stepMs NaN",
      id,
      { stepMs: Number.NaN },
      "RangeError",
      "scheduleProgress: stepMs must be a positive number of milliseconds, got NaN",
    ],
    [
      "stepMs Infinity",
      id,
      { stepMs: Number.POSITIVE_INFINITY },
      "RangeError",
      "scheduleProgress: stepMs must be a positive number of milliseconds, got Infinity",
    ],
    [
      "an unknown final status",
      id,
      { stepMs: 1, final: "DONE" as ProgressSchedule["final"] },
      "RangeError",
      'scheduleProgress: final must be "COMPLETED" or "FAILED", got DONE',
    ],
    [
      "a final status as from",
      id,
      { stepMs: 1, from: "COMPLETED" as ProgressSchedule["from"] },
      "RangeError",
      'scheduleProgress: from must be "PENDING", "QUEUED" or "RUNNING", got COMPLETED',
    ],
  ])("scheduleProgress throws for %s", async (_label, snapshotId, schedule, name, message) => {
    await withEmulator({ seed: false }, async (atlas) => {
      atlas.putSnapshot(group, "blue", { id, status: "PENDING" });

      expect(thrown(() => atlas.scheduleProgress(group, "blue", snapshotId, schedule))).toEqual([
        name,
        message,
      ]);
    });
  });

  test.each<[string]>([["COMPLETED"], ["FAILED"], ["DONE"]])(
    "scheduleProgress without from throws for a %s snapshot and leaves it as it was",
    async (status) => {
      await withEmulator({ seed: false }, async (atlas) => {
        atlas.putSnapshot(group, "blue", { id, status });

        expect(thrown(() => atlas.scheduleProgress(group, "blue", id, { stepMs: 1 }))).toEqual([
          "RangeError",
          `scheduleProgress: snapshot ${id} is ${status}, which does not progress; pass \`from\` to restart it`,
        ]);
        expect(await readBlue(atlas)).toEqual({ id, status });
      });
    },
  );

  /** The demo list's ids and the progressing snapshot's fields, read at T0 + `elapsed`. */
  const seededList: [number, Record<string, unknown>][] = [
    [
      0,
      {
        id: DEMO_PROGRESSING_SNAPSHOT_ID,
        mongoDBVersion: "8.0.4",
        scheduledTime: "2025-05-04T09:42:00Z",
        status: "PENDING",
      },
    ],
    [
      2_000,
      {
        id: DEMO_PROGRESSING_SNAPSHOT_ID,
        mongoDBVersion: "8.0.4",
        scheduledTime: "2025-05-04T09:42:00Z",
        startTime: "2025-05-04T09:42:02Z",
        status: "RUNNING",
      },
    ],
    [
      3_000,
      {
        expiration: "2025-05-12T09:42:03Z",
        finishTime: "2025-05-04T09:42:03Z",
        id: DEMO_PROGRESSING_SNAPSHOT_ID,
        mongoDBVersion: "8.0.4",
        scheduledTime: "2025-05-04T09:42:00Z",
        startTime: "2025-05-04T09:42:02Z",
        status: "COMPLETED",
      },
    ],
  ];

  test.each(seededList)(
    "with progressStepMs: 1000 the list %i ms after start shows the progressing snapshot as %j",
    async (elapsed, expected) => {
      const clock = fakeClock();
      await withEmulator({ progressStepMs: 1_000, now: clock.now }, async (atlas) => {
        clock.set(T0 + elapsed);
        const answer = await apiGet(atlas, snapshotsPath());
        const body = answer.body as { results: Record<string, unknown>[]; totalCount: number };
        const { links: _links, ...progressing } = body.results[1] ?? {};

        expect(body.totalCount).toBe(10);
        expect(body.results.map((snapshot) => snapshot["id"])).toEqual([
          DEMO_SNAPSHOT_IDS.PENDING,
          DEMO_PROGRESSING_SNAPSHOT_ID,
          DEMO_SNAPSHOT_IDS.QUEUED,
          DEMO_SNAPSHOT_IDS.RUNNING,
          DEMO_SNAPSHOT_IDS.COMPLETED,
          DEMO_SNAPSHOT_IDS.FAILED,
          ...DEMO_OLDER_SNAPSHOT_IDS,
        ]);
        expect(progressing).toEqual(expected);
      });
    },
  );

  test("seeded times and setStatus read the injected clock", async () => {
    const clock = fakeClock();
    await withEmulator({ now: clock.now }, async (atlas) => {
      const seeded = await apiGet(
        atlas,
        snapshotsPath(undefined, undefined, DEMO_SNAPSHOT_IDS.PENDING),
      );
      clock.set(T0 + 5_000);
      atlas.setStatus(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, DEMO_SNAPSHOT_IDS.PENDING, "RUNNING");
      const started = await apiGet(
        atlas,
        snapshotsPath(undefined, undefined, DEMO_SNAPSHOT_IDS.PENDING),
      );

      expect((seeded.body as Record<string, unknown>)["scheduledTime"]).toBe(
        "2025-05-04T10:42:00Z",
      );
      expect((started.body as Record<string, unknown>)["startTime"]).toBe("2025-05-04T09:42:05Z");
    });
  });

  test("a schedule starts no timer, and close() resolves promptly", async () => {
    // Not proven here: that no other emulator code starts a timer; only that scheduling does not.
    const atlas = await startAtlasEmulator({ progressStepMs: 60_000 });
    const timers = (): number =>
      process.getActiveResourcesInfo().filter((resource) => resource === "Timeout").length;
    const before = timers();
    atlas.scheduleProgress(DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, DEMO_SNAPSHOT_IDS.PENDING, {
      stepMs: 60_000,
    });
    const after = timers();
    const closing = performance.now();
    await atlas.close();

    expect(after).toBe(before);
    // A timer for the 60 s steps would hold close() for a minute; 1 s is ample for a socket.
    expect(performance.now() - closing).toBeLessThan(1_000);
  });
});

describe("responses match the OpenAPI excerpt", () => {
  const spec = withAtlasWireDeviations(loadSpec());
  const listTemplate = "/api/atlas/v2/groups/{groupId}/flexClusters/{name}/backup/snapshots";
  const getTemplate = `${listTemplate}/{snapshotId}`;
  const apiError: JsonSchema = { $ref: "#/components/schemas/ApiError" };
  let atlas: AtlasEmulator;
  beforeAll(async () => {
    atlas = await startAtlasEmulator({
      forbiddenProjects: [OTHER_GROUP],
      goneVersions: ["2025-03-12"],
    });
  });
  afterAll(async () => {
    await atlas.close();
  });

  /** The documented schema of a response, or ApiError for statuses the excerpt leaves out. */
  function schemaFor(template: string, status: number): JsonSchema {
    return [200, 400, 401, 403, 404, 500].includes(status)
      ? responseSchema(spec, template, "get", status)
      : apiError;
  }

  test.each<[string, number, string, string, (atlas: AtlasEmulator) => void]>([
    ...Object.values(DEMO_SNAPSHOT_IDS).map(
      (snapshotId): [string, number, string, string, () => void] => [
        `snapshot ${snapshotId}`,
        200,
        getTemplate,
        snapshotsPath(undefined, undefined, snapshotId),
        () => undefined,
      ],
    ),
    ["the full list", 200, listTemplate, snapshotsPath(), () => undefined],
    [
      "a middle page",
      200,
      listTemplate,
      `${snapshotsPath()}?itemsPerPage=3&pageNum=2`,
      () => undefined,
    ],
    [
      "a page without count",
      200,
      listTemplate,
      `${snapshotsPath()}?includeCount=false`,
      () => undefined,
    ],
    [
      "a bad path parameter",
      400,
      getTemplate,
      snapshotsPath(undefined, undefined, "XYZ"),
      () => undefined,
    ],
    [
      "a bad query parameter",
      400,
      listTemplate,
      `${snapshotsPath()}?itemsPerPage=0`,
      () => undefined,
    ],
    ["a forbidden project", 403, listTemplate, snapshotsPath(OTHER_GROUP), () => undefined],
    [
      "an unknown project",
      404,
      listTemplate,
      snapshotsPath("999999999999999999999999"),
      () => undefined,
    ],
    [
      "an unknown cluster",
      404,
      getTemplate,
      snapshotsPath(undefined, "x", DEMO_SNAPSHOT_IDS.QUEUED),
      () => undefined,
    ],
    [
      "an unknown snapshot",
      404,
      getTemplate,
      snapshotsPath(undefined, undefined, "000000000000000000000000"),
      () => undefined,
    ],
    ["a 500 fault", 500, listTemplate, snapshotsPath(), (a) => a.injectFault({ status: 500 })],
    [
      "a 429 fault",
      429,
      listTemplate,
      snapshotsPath(),
      (a) => a.injectFault({ status: 429, retryAfter: "1" }),
    ],
    ["a 503 fault", 503, listTemplate, snapshotsPath(), (a) => a.injectFault({ status: 503 })],
  ])(
    "%s answers %i with a body valid against the OpenAPI schema",
    async (_label, status, template, path, arrange) => {
      arrange(atlas);
      const answer = await apiGet(atlas, path);

      expect(answer.status).toBe(status);
      expect(validateSchema(spec, schemaFor(template, status), answer.body)).toEqual([]);
    },
  );

  test.each<[string, Record<string, string>, number]>([
    ["no credentials", { Accept: ACCEPT }, 401],
    [
      "an unsupported version",
      { Authorization: `Bearer ${STATIC_TOKEN}`, Accept: "application/json" },
      406,
    ],
    [
      "a gone version",
      { Authorization: `Bearer ${STATIC_TOKEN}`, Accept: "application/vnd.atlas.2025-03-12+json" },
      410,
    ],
  ])("the error for %s is a valid ApiError", async (_label, headers, status) => {
    const answer = await send(atlas, snapshotsPath(), { headers });

    expect(answer.status).toBe(status);
    expect(validateSchema(spec, schemaFor(listTemplate, status), answer.body)).toEqual([]);
  });

  test("the validator reports bad ids, dates, statuses, undeclared fields and wrong types", () => {
    const schema = responseSchema(spec, getTemplate, "get", 200);
    const errors = validateSchema(spec, schema, {
      id: "ABC",
      finishTime: "2025-02-30T00:00:00Z",
      status: "DONE",
      links: [{ href: 1, rel: "self" }],
      projectId: "x",
    });

    expect(errors).toEqual([
      '$.id: "ABC" does not match ^([a-f0-9]{24})$',
      '$.finishTime: "2025-02-30T00:00:00Z" is not an RFC 3339 date-time',
      '$.status: "DONE" is not one of ["PENDING","QUEUED","RUNNING","FAILED","COMPLETED"]',
      "$.links[0].href: expected string, got 1",
      "$: the property projectId is not declared",
    ]);
  });

  test("without the deviation, ApiError.parameters must hold objects as documented", () => {
    const errors = validateSchema(loadSpec(), apiError, {
      detail: "d",
      error: 404,
      errorCode: "GROUP_NOT_FOUND",
      parameters: ["x"],
      reason: "Not Found",
    });

    expect(errors).toEqual(['$.parameters[0]: expected object, got "x"']);
  });
});

describe("options and the command line", () => {
  test.each<[EmulatorOptions, string]>([
    [{ port: -1 }, "port must be an integer from 0 to 65535, got -1"],
    [{ tokenTtlSeconds: 1.5 }, "tokenTtlSeconds must be a non-negative integer, got 1.5"],
    [{ nonceMaxUses: 0 }, "nonceMaxUses must be a positive integer, got 0"],
    [
      { goneVersions: ["2024-13-01"] },
      "API versions must be dates like 2024-11-13, got 2024-13-01",
    ],
    [
      { deprecatedVersions: { "2024-11-13": "soon" } },
      "the sunset of version 2024-11-13 must be an HTTP-date, got soon",
    ],
    [{ progressStepMs: 0 }, "progressStepMs must be a positive number, got 0"],
    [{ progressStepMs: Number.NaN }, "progressStepMs must be a positive number, got NaN"],
    [{ seed: false, progressStepMs: 100 }, "progressStepMs needs seed: true"],
  ])("startAtlasEmulator(%j) rejects", async (options, message) => {
    await expect(startAtlasEmulator(options)).rejects.toThrow(message);
  });

  test.each<[string[], Record<string, string>, number]>([
    [[], {}, 0],
    [[], { ATLAS_EMULATOR_PORT: "" }, 0],
    [[], { ATLAS_EMULATOR_PORT: "8123" }, 8123],
    [["--port", "9000"], { ATLAS_EMULATOR_PORT: "8123" }, 9000],
    [["--port=9001"], {}, 9001],
    [["--port", "0"], {}, 0],
  ])("parsePort(%j, %j) is %i", (argv, env, port) => {
    expect(parsePort(argv, env)).toBe(port);
  });

  test.each<[string[], Record<string, string>, string]>([
    [["--port", "http"], {}, 'the port must be an integer from 0 to 65535, got "http"'],
    [["--port"], { ATLAS_EMULATOR_PORT: "1" }, "--port needs a value"],
    [["--port="], {}, 'the port must be an integer from 0 to 65535, got ""'],
    [
      [],
      { ATLAS_EMULATOR_PORT: "70000" },
      'the port must be an integer from 0 to 65535, got "70000"',
    ],
  ])("parsePort(%j, %j) throws", (argv, env, message) => {
    expect(() => parsePort(argv, env)).toThrow(message);
  });

  test("the banner starts with the listening line, then the demo data and credentials", () => {
    expect(describeEmulator({ baseUrl: "http://127.0.0.1:4000" })).toEqual([
      "Atlas emulator listening on http://127.0.0.1:4000",
      `project id: ${DEMO_PROJECT_ID}`,
      "cluster name: orders",
      `snapshot PENDING: ${DEMO_SNAPSHOT_IDS.PENDING}`,
      `snapshot QUEUED: ${DEMO_SNAPSHOT_IDS.QUEUED}`,
      `snapshot RUNNING: ${DEMO_SNAPSHOT_IDS.RUNNING}`,
      `snapshot FAILED: ${DEMO_SNAPSHOT_IDS.FAILED}`,
      `snapshot COMPLETED: ${DEMO_SNAPSHOT_IDS.COMPLETED}`,
      `older COMPLETED snapshots: ${DEMO_OLDER_SNAPSHOT_IDS.join(" ")}`,
      `restore job PENDING (into orders-restore): ${DEMO_RESTORE_JOB_IDS.PENDING}`,
      `restore job QUEUED (into orders-restore): ${DEMO_RESTORE_JOB_IDS.QUEUED}`,
      `restore job RUNNING (into orders-restore): ${DEMO_RESTORE_JOB_IDS.RUNNING}`,
      `restore job FAILED (into orders-restore): ${DEMO_RESTORE_JOB_IDS.FAILED}`,
      `restore job COMPLETED (into orders-restore): ${DEMO_RESTORE_JOB_IDS.COMPLETED}`,
      `restore job COMPLETED (DOWNLOAD, with a snapshotUrl): ${DEMO_DOWNLOAD_RESTORE_JOB_ID}`,
      `service account: clientId=${CLIENT_ID} clientSecret=${CLIENT_SECRET}`,
      `API key (HTTP Digest): publicKey=${PUBLIC_KEY} privateKey=${PRIVATE_KEY}`,
      `access token (Bearer): ${STATIC_TOKEN}`,
    ]);
  });

  test.each<[string[], Record<string, string>, ReturnType<typeof parseCommandLine>]>([
    [[], {}, { port: 0 }],
    [["--progress-step-ms", "500"], {}, { port: 0, progressStepMs: 500 }],
    [["--progress-step-ms=250", "--port", "9000"], {}, { port: 9000, progressStepMs: 250 }],
    [[], { ATLAS_EMULATOR_PROGRESS_STEP_MS: "750" }, { port: 0, progressStepMs: 750 }],
    [
      ["--progress-step-ms", "100"],
      { ATLAS_EMULATOR_PROGRESS_STEP_MS: "750" },
      { port: 0, progressStepMs: 100 },
    ],
    [[], { ATLAS_EMULATOR_PROGRESS_STEP_MS: "" }, { port: 0 }],
  ])("parseCommandLine(%j, %j) is %j", (argv, env, options) => {
    expect(parseCommandLine(argv, env)).toEqual(options);
  });

  test.each<[string[], Record<string, string>, string]>([
    [["--progress-step-ms"], {}, "--progress-step-ms needs a value"],
    [
      ["--progress-step-ms", "0"],
      {},
      'the progress step must be a positive whole number of milliseconds, got "0"',
    ],
    [
      ["--progress-step-ms=1.5"],
      {},
      'the progress step must be a positive whole number of milliseconds, got "1.5"',
    ],
    [
      [],
      { ATLAS_EMULATOR_PROGRESS_STEP_MS: "soon" },
      'the progress step must be a positive whole number of milliseconds, got "soon"',
    ],
    [
      ["--port", "x", "--progress-step-ms", "5"],
      {},
      'the port must be an integer from 0 to 65535, got "x"',
    ],
  ])("parseCommandLine(%j, %j) throws", (argv, env, message) => {
    expect(() => parseCommandLine(argv, env)).toThrow(message);
  });

  test("--progress-step-ms seeds the progressing snapshot, which reaches COMPLETED in 3 steps", async () => {
    const clock = fakeClock();
    const options = parseCommandLine(["--progress-step-ms", "1000"], {});
    await withEmulator({ ...options, now: clock.now }, async (atlas) => {
      const path = snapshotsPath(undefined, undefined, DEMO_PROGRESSING_SNAPSHOT_ID);
      const statuses: unknown[] = [];
      for (const elapsed of [0, 999, 1_000, 2_000, 3_000]) {
        clock.set(T0 + elapsed);
        statuses.push((await apiGet(atlas, path)).body);
      }

      expect(statuses.map((body) => (body as { status: string }).status)).toEqual([
        "PENDING",
        "PENDING",
        "QUEUED",
        "RUNNING",
        "COMPLETED",
      ]);
    });
  });

  test("with a progress step the banner lists the progressing snapshot and restore job after the others", () => {
    const banner = describeEmulator({ baseUrl: "http://127.0.0.1:4000" }, { progressStepMs: 500 });

    expect(banner.slice(7, 9)).toEqual([
      `snapshot COMPLETED: ${DEMO_SNAPSHOT_IDS.COMPLETED}`,
      `snapshot PROGRESSING (PENDING→COMPLETED every 500 ms): ${DEMO_PROGRESSING_SNAPSHOT_ID}`,
    ]);
    expect(banner.slice(15, 17)).toEqual([
      `restore job COMPLETED (DOWNLOAD, with a snapshotUrl): ${DEMO_DOWNLOAD_RESTORE_JOB_ID}`,
      `restore job PROGRESSING (PENDING→COMPLETED every 500 ms): ${DEMO_PROGRESSING_RESTORE_JOB_ID}`,
    ]);
    expect(banner.length).toBe(describeEmulator({ baseUrl: "http://127.0.0.1:4000" }).length + 2);
  });

  test("the demo ids are 24 lower-case hex digits and distinct", () => {
    const ids = [
      DEMO_PROJECT_ID,
      ...Object.values(DEMO_SNAPSHOT_IDS),
      ...DEMO_OLDER_SNAPSHOT_IDS,
      DEMO_PROGRESSING_SNAPSHOT_ID,
      ...Object.values(DEMO_RESTORE_JOB_IDS),
      DEMO_DOWNLOAD_RESTORE_JOB_ID,
      DEMO_PROGRESSING_RESTORE_JOB_ID,
    ];

    expect(ids.filter((id) => !/^[a-f0-9]{24}$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("Digest replay protection under faults, and fault bodies", () => {
  /** A GET whose body is kept as text; `undefined` when no answer came (a hang, a reset). */
  async function rawDigestGet(
    atlas: AtlasEmulator,
    path: string,
    authorization: string,
  ): Promise<{ status: number; contentType: string | null; text: string } | undefined> {
    try {
      const res = await fetch(`${atlas.baseUrl}${path}`, {
        headers: { Authorization: authorization, Accept: ACCEPT },
        signal: AbortSignal.timeout(300),
      });
      return {
        status: res.status,
        contentType: res.headers.get("content-type"),
        text: await res.text(),
      };
    } catch {
      return undefined;
    }
  }

  test.each<[string, EmulatorFault, number | undefined]>([
    ["a 503", { status: 503 }, 503],
    ["a 429", { status: 429, retryAfter: "1" }, 429],
    ["an HTML 502", { body: "html" }, 502],
    ["a truncated 200", { body: "truncatedJson" }, 200],
    ["a hang", { hang: true }, undefined],
    ["a reset", { resetConnection: true }, undefined],
  ])(
    "a Digest nc caught by %s is spent: sent again it is refused 401, the next nc is accepted",
    async (_label, fault, faultedStatus) => {
      await withEmulator({}, async (atlas) => {
        const path = snapshotsPath();
        const { nonce } = challengeOf(await send(atlas, path));
        atlas.injectFault({ ...fault, path });
        const faulted = await rawDigestGet(atlas, path, digestAuthorization(path, nonce, 1));
        const replayed = await digestGet(atlas, path, digestAuthorization(path, nonce, 1));
        const next = await digestGet(atlas, path, digestAuthorization(path, nonce, 2));

        expect(faulted?.status).toBe(faultedStatus);
        expect(replayed.status).toBe(401);
        expect(replayed.body).toEqual(unauthorized("You are not authorized for this resource."));
        expect(challengeOf(replayed).stale).toBe(false);
        expect(next.status).toBe(200);
      });
    },
  );

  test(`counts may arrive out of order within ${NONCE_COUNT_WINDOW} of the highest, each once`, async () => {
    await withEmulator({}, async (atlas) => {
      const path = snapshotsPath();
      const { nonce } = challengeOf(await send(atlas, path));
      const statuses: number[] = [];
      for (const nc of [3, 1, 2, 2, 100, 100 - NONCE_COUNT_WINDOW, 101 - NONCE_COUNT_WINDOW]) {
        statuses.push((await digestGet(atlas, path, digestAuthorization(path, nonce, nc))).status);
      }
      expect(statuses).toEqual([200, 200, 200, 401, 200, 401, 200]);
    });
  });

  test.each<[string, EmulatorFault, number, string | null, RegExp]>([
    [
      "html: a proxy's HTML page, 502 by default",
      { body: "html" },
      502,
      "text/html",
      /^<html>\r\n<head><title>502 Bad Gateway<\/title><\/head>/,
    ],
    [
      "html with a status",
      { body: "html", status: 504 },
      504,
      "text/html",
      /<h1>504 Gateway Timeout<\/h1>/,
    ],
    [
      "truncatedJson with an error status: the error body cut in half",
      { body: "truncatedJson", status: 503 },
      503,
      "application/json",
      /^\{"detail":"The emulator injected a 503 Service Unavailable/,
    ],
    [
      "truncatedJson without a status: the served body cut in half",
      { body: "truncatedJson" },
      200,
      SERVED_TYPE,
      /^\{"links":/,
    ],
    ["empty: no body and no Content-Type", { body: "empty", status: 503 }, 503, null, /^$/],
  ])("the fault body %s", async (_label, fault, status, contentType, body) => {
    await withEmulator({}, async (atlas) => {
      const path = snapshotsPath();
      const whole = (await rawDigestGet(atlas, path, `Bearer ${STATIC_TOKEN}`))?.text ?? "";
      atlas.injectFault({ ...fault, path });
      const answer = await rawDigestGet(atlas, path, `Bearer ${STATIC_TOKEN}`);

      expect(answer?.status).toBe(status);
      expect(answer?.contentType).toBe(contentType);
      expect(answer?.text).toMatch(body);
      expect(() => JSON.parse(answer?.text ?? "") as unknown).toThrow();
      if (status === 200) {
        expect(answer?.text).toBe(whole.slice(0, Math.floor(whole.length / 2)));
      }
    });
  });

  test.each([true, false])(
    "a 401 fault carries a fresh Digest challenge with stale=%s, whose nonce works",
    async (stale) => {
      await withEmulator({}, async (atlas) => {
        const path = snapshotsPath();
        atlas.injectFault({ path, status: 401, stale });
        const refused = await apiGet(atlas, path);
        const challenge = challengeOf(refused);
        const signed = await digestGet(atlas, path, digestAuthorization(path, challenge.nonce, 1));

        expect(refused.status).toBe(401);
        expect(challenge.stale).toBe(stale);
        expect(signed.status).toBe(200);
      });
    },
  );

  test.each([
    [true, [401, 503, 200]],
    [false, [503, 200, 200]],
  ])(
    "a fault with withCredentials: %s catches only such requests",
    async (withCredentials, statuses) => {
      await withEmulator({}, async (atlas) => {
        const path = snapshotsPath();
        atlas.injectFault({ path, status: 503, withCredentials });
        const unsigned = await send(atlas, path);
        const first = await apiGet(atlas, path);
        const second = await apiGet(atlas, path);

        expect([unsigned.status, first.status, second.status]).toEqual(statuses);
      });
    },
  );

  test("injectFault refuses an unknown body", async () => {
    await withEmulator({}, async (atlas) => {
      expect(() => atlas.injectFault({ body: "xml" as "html" })).toThrow(
        'injectFault: body must be "html", "truncatedJson" or "empty", got xml',
      );
    });
  });
});
