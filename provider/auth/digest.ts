/**
 * HTTP Digest access authentication (RFC 7616) for Atlas programmatic API keys.
 *
 * The official clients answer every request's 401 challenge anew, paying two round trips per
 * call. RFC 7616 §3.4 lets a client reuse a server nonce with an increasing nonce count (`nc`),
 * so this one keeps the last challenge and signs later requests with it: one round trip in the
 * steady state. A 401 (for instance with `stale=true` once the server retires the nonce) brings
 * a fresh challenge, and the request is signed again with it.
 */
import { createHash, randomBytes } from "node:crypto";
import { parseChallenges, type Challenge } from "./challenge";
import type { Authenticator } from "./authenticator";

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
}

/** The inputs of one Digest response. */
export interface DigestInput {
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
export function formatNonceCount(nc: number): string {
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
  return { realm, nonce, opaque, algorithm, qop: qops.includes("auth") ? "auth" : undefined };
}

/** The Atlas API key pair. */
export interface ApiKeyCredentials {
  readonly publicKey: string;
  readonly privateKey: string;
}

/**
 * Signs requests with an Atlas API key pair, reusing the server's nonce across requests.
 *
 * Concurrent lookups that start before any challenge is known wait for the first one's
 * challenge instead of each paying for their own.
 */
export class DigestAuthenticator implements Authenticator {
  readonly kind = "apiKey" as const;
  private challenge: DigestChallenge | undefined;
  private nonceCount = 0;
  /** Set while one request is out without credentials to fetch a challenge. */
  private probe: Promise<void> | undefined;
  private releaseProbe: (() => void) | undefined;

  constructor(
    private readonly credentials: ApiKeyCredentials,
    private readonly newCnonce: () => string = () => randomBytes(16).toString("hex"),
  ) {}

  async authorize(request: { method: string; uri: string }): Promise<string | undefined> {
    if (!this.challenge && this.probe) {
      await this.probe;
    }
    if (!this.challenge) {
      // No challenge yet: this request goes out unsigned and its 401 brings one.
      this.probe = new Promise((resolve) => (this.releaseProbe = resolve));
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

  async refresh(response: { headers: Readonly<Record<string, string>> }): Promise<boolean> {
    const header = response.headers["www-authenticate"];
    const challenge = header === undefined ? undefined : selectDigestChallenge(header);
    if (challenge) {
      this.challenge = challenge;
      this.nonceCount = 0;
    }
    this.settle();
    return challenge !== undefined;
  }

  settle(): void {
    const release = this.releaseProbe;
    this.probe = undefined;
    this.releaseProbe = undefined;
    release?.();
  }
}
