/**
 * HTTP Digest access authentication (RFC 7616) for Atlas programmatic API keys.
 *
 * The official clients answer every request's 401 challenge anew, paying two round trips per
 * call. RFC 7616 §3.4 lets a client reuse a server nonce with an increasing nonce count (`nc`),
 * so this one keeps the last challenge and signs later requests with it: one round trip in the
 * steady state. A 401 (for instance with `stale=true` once the server retires the nonce) brings
 * a fresh challenge, and the request is signed again with it.
 *
 * Every attempt, retries included, is signed when it is sent, with the next `nc` and a new
 * `cnonce`: a server that enforces replay protection never accepts a nonce count twice
 * (RFC 7616 §3.4, §5.5), even for a request that it answered 503 or never answered at all.
 */
import { createHash, randomBytes } from "node:crypto";
import { parseChallenges, type Challenge } from "./challenge";
import type { AuthContext, Authenticator } from "./authenticator";

/** The hash algorithms of RFC 7616 §6.1 that this client speaks. */
export type DigestAlgorithm = "MD5" | "MD5-sess" | "SHA-256" | "SHA-256-sess";

const SUPPORTED_ALGORITHMS: readonly DigestAlgorithm[] = [
  "SHA-256",
  "SHA-256-sess",
  "MD5",
  "MD5-sess",
];

/** The parameters of a Digest challenge that a response is computed from. */
export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque?: string;
  readonly algorithm: DigestAlgorithm;
  readonly qop?: "auth";
  /** `stale=true`: the last digest was right but its nonce is spent (RFC 7616 §3.3). */
  readonly stale?: true;
}

/** The inputs of one Digest response. */
interface DigestInput {
  readonly username: string;
  readonly password: string;
  readonly method: string;
  /** The request target, e.g. `/api/atlas/v2/groups/…?pageNum=1`. */
  readonly uri: string;
  readonly nc: number;
  readonly cnonce: string;
}

function hash(algorithm: DigestAlgorithm, data: string): string {
  return createHash(algorithm.startsWith("SHA-256") ? "sha256" : "md5")
    .update(data, "utf8")
    .digest("hex");
}

/** Formats a nonce count as RFC 7616 §3.4 asks: 8 hexadecimal digits. */
function formatNonceCount(nc: number): string {
  return nc.toString(16).padStart(8, "0");
}

/** Computes the `response` value of RFC 7616 §3.4.1 (with `qop=auth` or, for RFC 2069 servers, none). */
export function computeDigestResponse(challenge: DigestChallenge, input: DigestInput): string {
  const { algorithm } = challenge;
  let ha1 = hash(algorithm, `${input.username}:${challenge.realm}:${input.password}`);
  if (algorithm.endsWith("-sess")) {
    ha1 = hash(algorithm, `${ha1}:${challenge.nonce}:${input.cnonce}`);
  }
  const ha2 = hash(algorithm, `${input.method}:${input.uri}`);
  return challenge.qop === "auth"
    ? hash(
        algorithm,
        `${ha1}:${challenge.nonce}:${formatNonceCount(input.nc)}:${input.cnonce}:auth:${ha2}`,
      )
    : hash(algorithm, `${ha1}:${challenge.nonce}:${ha2}`);
}

/** Builds the `Authorization` header value for one request (RFC 7616 §3.4). */
export function formatDigestAuthorization(challenge: DigestChallenge, input: DigestInput): string {
  const quote = (value: string): string => `"${value.replace(/["\\]/g, "\\$&")}"`;
  const parts = [
    `username=${quote(input.username)}`,
    `realm=${quote(challenge.realm)}`,
    `nonce=${quote(challenge.nonce)}`,
    `uri=${quote(input.uri)}`,
    `algorithm=${challenge.algorithm}`,
    `response=${quote(computeDigestResponse(challenge, input))}`,
  ];
  if (challenge.qop) {
    parts.push(
      `qop=${challenge.qop}`,
      `nc=${formatNonceCount(input.nc)}`,
      `cnonce=${quote(input.cnonce)}`,
    );
  }
  if (challenge.opaque !== undefined) {
    parts.push(`opaque=${quote(challenge.opaque)}`);
  }
  return `Digest ${parts.join(", ")}`;
}

/**
 * Picks the Digest challenge to answer from a `WWW-Authenticate` header: the strongest
 * algorithm offered that supports `qop=auth` (or a plain RFC 2069 one). Returns `undefined` when
 * there is none this client can answer.
 */
export function selectDigestChallenge(header: string): DigestChallenge | undefined {
  const candidates = parseChallenges(header)
    .filter((challenge: Challenge) => challenge.scheme === "digest")
    .map(toDigestChallenge)
    .filter((challenge): challenge is DigestChallenge => challenge !== undefined);
  candidates.sort(
    (a, b) => SUPPORTED_ALGORITHMS.indexOf(a.algorithm) - SUPPORTED_ALGORITHMS.indexOf(b.algorithm),
  );
  return candidates[0];
}

function toDigestChallenge(challenge: Challenge): DigestChallenge | undefined {
  const { realm, nonce, opaque } = challenge.params;
  const algorithm = SUPPORTED_ALGORITHMS.find(
    (name) => name.toLowerCase() === (challenge.params["algorithm"] ?? "MD5").toLowerCase(),
  );
  const qops = (challenge.params["qop"] ?? "").split(",").map((qop) => qop.trim().toLowerCase());
  if (realm === undefined || nonce === undefined || algorithm === undefined) {
    return undefined;
  }
  if (challenge.params["qop"] !== undefined && !qops.includes("auth")) {
    return undefined; // auth-int only: we would have to hash the body, and we never need to.
  }
  return {
    realm,
    nonce,
    opaque,
    algorithm,
    qop: qops.includes("auth") ? "auth" : undefined,
    ...(challenge.params["stale"]?.toLowerCase() === "true" ? { stale: true as const } : {}),
  };
}

/** The Atlas API key pair. */
interface ApiKeyCredentials {
  readonly publicKey: string;
  readonly privateKey: string;
}

/** The nonce a Digest `Authorization` value was computed with (its syntax is a challenge's). */
function nonceOf(authorization: string): string | undefined {
  return parseChallenges(authorization)[0]?.params["nonce"];
}

/** Resolves `true` when `done` settles, or `false` as soon as `signal` fires. */
function until(done: Promise<void>, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(false);
    signal.addEventListener("abort", onAbort, { once: true });
    void done.then(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    });
  });
}

/** A request out without credentials to fetch the first challenge. */
interface Probe {
  /** The request (its context) that sends the unsigned attempts. */
  readonly owner: AuthContext;
  readonly done: Promise<void>;
  readonly release: () => void;
}

/**
 * Signs requests with an Atlas API key pair, reusing the server's nonce across requests.
 *
 * Concurrent lookups that start before any challenge is known wait for the first one's
 * challenge instead of each paying for their own. The nonce count is taken when an attempt is
 * sent, so concurrent lookups and retries never share one.
 */
export class DigestAuthenticator implements Authenticator {
  private challenge: DigestChallenge | undefined;
  private nonceCount = 0;
  private probe: Probe | undefined;

  constructor(
    private readonly credentials: ApiKeyCredentials,
    private readonly newCnonce: () => string = () => randomBytes(16).toString("hex"),
  ) {}

  async authorize(
    request: { method: string; uri: string },
    context: AuthContext,
  ): Promise<string | undefined> {
    while (!this.challenge && this.probe && this.probe.owner !== context) {
      if (!(await until(this.probe.done, context.deadline.signal))) {
        return undefined; // The deadline passed while waiting; the transport reports it.
      }
    }
    if (!this.challenge) {
      // No challenge yet: this request goes out unsigned (each of its retries too, which is no
      // replay) and its 401 brings one.
      if (!this.probe) {
        let release = (): void => undefined;
        const done = new Promise<void>((resolve) => (release = resolve));
        this.probe = { owner: context, done, release };
      }
      return undefined;
    }
    this.nonceCount += 1;
    return formatDigestAuthorization(this.challenge, {
      username: this.credentials.publicKey,
      password: this.credentials.privateKey,
      method: request.method,
      uri: request.uri,
      nc: this.nonceCount,
      cnonce: this.newCnonce(),
    });
  }

  /**
   * Takes the challenge of a 401 when it is worth one more signed attempt: the answer to an
   * unsigned probe, a `stale=true` one (RFC 7616 §3.3: sign again with the new nonce without
   * asking the user), or one with a nonce other than the refused attempt's. A 401 to a fresh
   * signature on the very nonce it names means the key was refused.
   */
  async refresh(
    response: { headers: Readonly<Record<string, string>> },
    authorization: string | undefined,
    context: AuthContext,
  ): Promise<boolean> {
    const header = response.headers["www-authenticate"];
    const challenge = header === undefined ? undefined : selectDigestChallenge(header);
    const usable =
      challenge !== undefined &&
      (authorization === undefined ||
        challenge.stale === true ||
        challenge.nonce !== nonceOf(authorization));
    if (usable && challenge.nonce !== this.challenge?.nonce) {
      // A nonce's count starts at 1 (RFC 7616 §3.4); a nonce we already count on keeps counting.
      this.challenge = challenge;
      this.nonceCount = 0;
    }
    this.settle(context);
    return usable;
  }

  settle(context: AuthContext): void {
    const probe = this.probe;
    if (probe?.owner === context) {
      this.probe = undefined;
      probe.release();
    }
  }
}
