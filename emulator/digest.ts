import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Digest algorithms the emulator can offer (RFC 7616 §3.3); the `-sess` variants are not used
 * by Atlas and are not supported.
 */
export type DigestAlgorithm = "MD5" | "SHA-256";

/**
 * The realm Atlas names in its Digest challenge.
 */
const DIGEST_REALM = "MMS Public API";

/**
 * How many unanswered nonces are remembered; older ones are forgotten first, so that a client
 * that never authenticates cannot grow the emulator's memory without bound.
 */
const MAX_OUTSTANDING_NONCES = 10_000;

/**
 * Inputs of {@link computeDigestResponse}, named as in RFC 7616 §3.4.1.
 */
interface DigestResponseInput {
  algorithm: DigestAlgorithm;
  username: string;
  realm: string;
  password: string;
  method: string;
  uri: string;
  nonce: string;
  /** Nonce count: 8 hexadecimal digits, e.g. `00000001`. */
  nc: string;
  cnonce: string;
  qop: "auth";
}

/**
 * Computes the `response` parameter of a Digest `Authorization` header for `qop=auth`
 * (RFC 7616 §3.4.1): `H(H(A1):nonce:nc:cnonce:qop:H(A2))` with `A1 = username:realm:password`
 * and `A2 = method:uri`.
 *
 * @example
 * computeDigestResponse({ algorithm: "MD5", username: "Mufasa", realm: "http-auth@example.org",
 *   password: "Circle of Life", method: "GET", uri: "/dir/index.html", nonce, nc: "00000001",
 *   cnonce, qop: "auth" });
 */
export function computeDigestResponse(input: DigestResponseInput): string {
  const hash = (data: string): string =>
    createHash(input.algorithm === "MD5" ? "md5" : "sha256")
      .update(data, "utf8")
      .digest("hex");
  const ha1 = hash(`${input.username}:${input.realm}:${input.password}`);
  const ha2 = hash(`${input.method}:${input.uri}`);
  return hash(`${ha1}:${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${ha2}`);
}

/**
 * Parses the parameters of a `Digest` credentials header (RFC 7616 §3.4) into a map with
 * lower-case keys, or returns `undefined` when the scheme is not Digest.
 *
 * Values may be tokens or quoted strings; backslash escapes in quoted strings are undone
 * (RFC 9110 §5.6.4).
 */
function parseDigestCredentials(header: string): Map<string, string> | undefined {
  const schemeMatch = /^\s*Digest\s+/i.exec(header);
  if (schemeMatch === null) {
    return undefined;
  }
  const params = new Map<string, string>();
  // name=value pairs separated by commas with optional whitespace (RFC 9110 §5.6.1); the sticky
  // flag stops at the first thing that is not a pair, leaving the rest unparsed.
  const paramPattern = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*(?:,\s*|$)/y;
  paramPattern.lastIndex = schemeMatch[0].length;
  let match: RegExpExecArray | null;
  while ((match = paramPattern.exec(header)) !== null) {
    const [, name = "", quoted, token = ""] = match;
    params.set(name.toLowerCase(), quoted === undefined ? token : quoted.replace(/\\(.)/g, "$1"));
  }
  return params;
}

/**
 * The outcome of {@link DigestVerifier.verify}.
 *
 * `stale` is true only when the digest was right but its nonce may no longer be used; RFC 7616
 * §3.3 tells the client to retry with the new nonce without asking the user again.
 */
type DigestVerdict = { ok: true; username: string } | { ok: false; stale: boolean; reason: string };

/**
 * How far below the highest nonce count seen a count may still arrive, once. Concurrent
 * requests signed in one order may arrive in another (over different connections), so a
 * server that detects replays by "the same nc-value seen twice" (RFC 7616 §3.4) keeps a window
 * of recent counts, like IPsec's anti-replay window (RFC 4303 §3.4.3).
 */
export const NONCE_COUNT_WINDOW = 64;

interface NonceState {
  uses: number;
  /** The highest nonce count accepted. */
  highest: number;
  /** The counts accepted within {@link NONCE_COUNT_WINDOW} of `highest`. */
  seen: Set<number>;
}

/**
 * The server side of HTTP Digest access authentication as Atlas does it (RFC 7616 with
 * `qop="auth"`): issues challenges, remembers the nonces it issued, and checks credentials.
 *
 * A nonce may be reused with a new nonce count (`nc`) each time, up to `maxUses` requests: a
 * count is never accepted twice (RFC 7616 §3.4: the server detects replays by tracking `nc`),
 * nor one that starts below 1 or falls behind the window of recent counts
 * ({@link NONCE_COUNT_WINDOW}).
 */
export class DigestVerifier {
  private readonly nonces = new Map<string, NonceState>();

  /**
   * @param algorithm - algorithm named in challenges and required in credentials
   * @param maxUses - successful requests one nonce allows before it goes stale
   * @param passwordOf - the password (API private key) of a user name (public key), if any
   */
  constructor(
    private readonly algorithm: DigestAlgorithm,
    private readonly maxUses: number,
    private readonly passwordOf: (username: string) => string | undefined,
  ) {}

  /**
   * Issues a fresh nonce and returns the `WWW-Authenticate` value that carries it, in the exact
   * form Atlas sends (RFC 7616 §3.3).
   */
  challenge(stale: boolean): string {
    const nonce = randomBytes(24).toString("base64");
    this.nonces.set(nonce, { uses: 0, highest: 0, seen: new Set() });
    if (this.nonces.size > MAX_OUTSTANDING_NONCES) {
      const oldest = this.nonces.keys().next();
      if (oldest.done !== true) {
        this.nonces.delete(oldest.value);
      }
    }
    return (
      `Digest realm="${DIGEST_REALM}", domain="", nonce="${nonce}", ` +
      `algorithm=${this.algorithm}, qop="auth", stale=${String(stale)}`
    );
  }

  /**
   * Checks a `Digest` credentials header against the request it came with.
   *
   * @param requestTarget - the request-target as received (path and query), which the `uri`
   *   parameter must equal (RFC 7616 §3.4.6)
   */
  verify(header: string, method: string, requestTarget: string): DigestVerdict {
    const params = parseDigestCredentials(header);
    if (params === undefined) {
      return { ok: false, stale: false, reason: "not Digest credentials" };
    }
    const field = (name: string): string | undefined => params.get(name);
    const username = field("username");
    const nonce = field("nonce");
    const uri = field("uri");
    const response = field("response");
    const nc = field("nc");
    const cnonce = field("cnonce");
    if (
      username === undefined ||
      nonce === undefined ||
      uri === undefined ||
      response === undefined ||
      nc === undefined ||
      cnonce === undefined
    ) {
      return { ok: false, stale: false, reason: "missing Digest parameter" };
    }
    if ((field("algorithm") ?? "MD5").toUpperCase() !== this.algorithm) {
      return { ok: false, stale: false, reason: "unexpected algorithm" };
    }
    if (field("realm") !== DIGEST_REALM) {
      return { ok: false, stale: false, reason: "wrong realm" };
    }
    // The challenge offers only qop="auth"; the RFC 2069 form without qop has no replay guard.
    if (field("qop") !== "auth") {
      return { ok: false, stale: false, reason: "qop must be auth" };
    }
    if (!/^[0-9a-fA-F]{8}$/.test(nc)) {
      return { ok: false, stale: false, reason: "malformed nc" };
    }
    if (uri !== requestTarget) {
      return { ok: false, stale: false, reason: "uri does not match the request" };
    }
    const state = this.nonces.get(nonce);
    if (state === undefined) {
      return { ok: false, stale: false, reason: "nonce was not issued by this server" };
    }
    const password = this.passwordOf(username);
    if (password === undefined) {
      return { ok: false, stale: false, reason: "unknown user" };
    }
    const expected = computeDigestResponse({
      algorithm: this.algorithm,
      username,
      realm: DIGEST_REALM,
      password,
      method,
      uri,
      nonce,
      nc,
      cnonce,
      qop: "auth",
    });
    if (!sameHex(expected, response)) {
      return { ok: false, stale: false, reason: "wrong response" };
    }
    if (state.uses >= this.maxUses) {
      this.nonces.delete(nonce);
      return { ok: false, stale: true, reason: "nonce used too often" };
    }
    const count = Number.parseInt(nc, 16);
    if (count < 1 || count <= state.highest - NONCE_COUNT_WINDOW || state.seen.has(count)) {
      return { ok: false, stale: false, reason: "nonce count replayed" };
    }
    state.uses += 1;
    state.seen.add(count);
    if (count > state.highest) {
      state.highest = count;
      for (const old of state.seen) {
        if (old <= count - NONCE_COUNT_WINDOW) state.seen.delete(old);
      }
    }
    return { ok: true, username };
  }

  /** Forgets every issued nonce. */
  reset(): void {
    this.nonces.clear();
  }
}

/** Compares two hex digests without leaking timing, ignoring letter case. */
function sameHex(expected: string, actual: string): boolean {
  const a = Buffer.from(expected.toLowerCase(), "utf8");
  const b = Buffer.from(actual.toLowerCase(), "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}
