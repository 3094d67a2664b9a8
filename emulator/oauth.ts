import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";

import { jsonReply, readBody, type Reply } from "./reply";

/**
 * Why a bearer token was refused, or `"valid"`.
 */
type TokenState = "valid" | "expired" | "unknown";

/**
 * What the OAuth server has done with its tokens, for tests and measurements.
 */
export interface TokenStats {
  /** Tokens issued. */
  readonly minted: number;
  /** Issued tokens revoked through `POST /api/oauth/revoke` (each counted once). */
  readonly revoked: number;
  /** Tokens that are neither expired nor revoked now. */
  readonly live: number;
  /** The most tokens that were live at the same time. */
  readonly maxLive: number;
  /** Token requests refused because the service account held `tokenLimit` live tokens. */
  readonly limitRefusals: number;
}

interface IssuedToken {
  clientId: string;
  expiresAt: number;
}

/**
 * The access tokens the emulator's OAuth 2.0 server has issued (RFC 6749 §4.4, client
 * credentials grant), with their owners and expiry times.
 *
 * Like Atlas, it lets each service account hold at most `limit` live tokens (Atlas: 100, one hour
 * each); past that, {@link OAuthTokenStore.issue} refuses until one expires or is revoked.
 */
export class OAuthTokenStore {
  private readonly tokens = new Map<string, IssuedToken>();
  private minted = 0;
  private revoked = 0;
  private maxLive = 0;
  private limitRefusals = 0;

  /**
   * @param ttlSeconds - lifetime of each token, also sent as `expires_in`
   * @param now - the emulator's clock, in epoch milliseconds
   * @param limit - the most live tokens one client may hold
   */
  constructor(
    readonly ttlSeconds: number,
    private readonly now: () => number = () => Date.now(),
    readonly limit: number = Number.POSITIVE_INFINITY,
  ) {}

  /** How many tokens were issued since construction or the last {@link OAuthTokenStore.reset}. */
  get issuedCount(): number {
    return this.minted;
  }

  /** The counts since construction or the last {@link OAuthTokenStore.reset}. */
  stats(): TokenStats {
    return {
      minted: this.minted,
      revoked: this.revoked,
      live: this.liveCount(),
      maxLive: this.maxLive,
      limitRefusals: this.limitRefusals,
    };
  }

  /**
   * Issues a new opaque token for a client, or returns `undefined` when the client already holds
   * {@link OAuthTokenStore.limit} live tokens.
   */
  issue(clientId: string): string | undefined {
    this.pruneExpired();
    if (this.liveCount(clientId) >= this.limit) {
      this.limitRefusals += 1;
      return undefined;
    }
    // Opaque to clients, as RFC 6749 §1.4 allows; Atlas's are JWTs but clients must not look.
    const token = randomBytes(32).toString("base64url");
    this.tokens.set(token, { clientId, expiresAt: this.now() + this.ttlSeconds * 1000 });
    this.minted += 1;
    this.maxLive = Math.max(this.maxLive, this.liveCount());
    return token;
  }

  /** Says whether a token is usable now. */
  check(token: string): TokenState {
    const entry = this.tokens.get(token);
    if (entry === undefined) {
      return "unknown";
    }
    return this.now() >= entry.expiresAt ? "expired" : "valid";
  }

  /** Returns the client a token was issued to, if the store knows the token. */
  ownerOf(token: string): string | undefined {
    return this.tokens.get(token)?.clientId;
  }

  /** Invalidates one token; unknown tokens are ignored, as RFC 7009 §2.2 asks. */
  revoke(token: string): void {
    if (this.tokens.delete(token)) {
      this.revoked += 1;
    }
  }

  /** Invalidates every issued token but keeps the counts. */
  revokeAll(): void {
    this.tokens.clear();
  }

  /** Invalidates every issued token and zeroes the counts. */
  reset(): void {
    this.tokens.clear();
    this.minted = 0;
    this.revoked = 0;
    this.maxLive = 0;
    this.limitRefusals = 0;
  }

  /** Live tokens now, of one client or of all. */
  private liveCount(clientId?: string): number {
    const now = this.now();
    let live = 0;
    for (const entry of this.tokens.values()) {
      if (now < entry.expiresAt && (clientId === undefined || entry.clientId === clientId)) {
        live += 1;
      }
    }
    return live;
  }

  /**
   * Forgets tokens expired for over a day, so that a long run does not grow without bound; until
   * then they are still known, so that using one is answered "expired" rather than "invalid".
   */
  private pruneExpired(): void {
    const cutoff = this.now() - 86_400_000;
    for (const [token, entry] of this.tokens) {
      if (entry.expiresAt < cutoff) {
        this.tokens.delete(token);
      }
    }
  }
}

/**
 * The `WWW-Authenticate` challenge of the token endpoints, required on a 401 when the client
 * tried HTTP Basic authentication (RFC 6749 §5.2).
 */
const BASIC_CHALLENGE = 'Basic realm="MongoDB Cloud OAuth"';

/**
 * Headers RFC 6749 §5.1 requires on token responses so that no cache keeps a token.
 */
const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" };

/**
 * Builds an OAuth error reply (RFC 6749 §5.2): `{"error": code, "error_description": text}`.
 */
function oauthErrorReply(
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): Reply {
  return jsonReply(status, { error, error_description: description }, { ...NO_STORE, ...headers });
}

/**
 * Decodes HTTP Basic credentials (RFC 7617 §2) whose user-id and password are form-encoded, as
 * RFC 6749 §2.3.1 prescribes for client credentials.
 */
function parseBasicCredentials(
  header: string | undefined,
): { user: string; password: string } | undefined {
  const match = /^\s*Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(header ?? "");
  if (match?.[1] === undefined) {
    return undefined;
  }
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) {
    return undefined;
  }
  try {
    const formDecode = (value: string): string => decodeURIComponent(value.replace(/\+/g, " "));
    return {
      user: formDecode(decoded.slice(0, colon)),
      password: formDecode(decoded.slice(colon + 1)),
    };
  } catch {
    return undefined;
  }
}

/**
 * What the token endpoints need to know about the configured service accounts.
 */
export interface OAuthContext {
  tokens: OAuthTokenStore;
  /** The secret of a client id, if it is a configured service account. */
  secretOf(clientId: string): string | undefined;
}

/**
 * Authenticates the client and parses the form body shared by both token endpoints, or returns
 * the error reply to send.
 */
async function readClientRequest(
  req: IncomingMessage,
  context: OAuthContext,
): Promise<{ clientId: string; form: URLSearchParams } | Reply> {
  if (req.method !== "POST") {
    return oauthErrorReply(405, "invalid_request", "Use POST.", { Allow: "POST" });
  }
  const credentials = parseBasicCredentials(req.headers.authorization);
  if (credentials === undefined || context.secretOf(credentials.user) !== credentials.password) {
    return oauthErrorReply(401, "invalid_client", "Client authentication failed.", {
      "WWW-Authenticate": BASIC_CHALLENGE,
    });
  }
  const mediaType = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/x-www-form-urlencoded") {
    return oauthErrorReply(
      400,
      "invalid_request",
      "The request body must be application/x-www-form-urlencoded.",
    );
  }
  const body = await readBody(req);
  if (body === undefined) {
    return oauthErrorReply(413, "invalid_request", "The request body is too large.");
  }
  return { clientId: credentials.user, form: new URLSearchParams(body) };
}

/**
 * The `error_description` of Atlas's 403 `access_denied` when a service account already holds
 * its limit of live tokens. Only its start is known from Atlas's answers; clients should match
 * on `access_denied` and "Access Token limit".
 */
export const TOKEN_LIMIT_DESCRIPTION = "Access Token limit reached.";

/**
 * Handles `POST /api/oauth/token`: the client credentials grant (RFC 6749 §4.4) with the
 * client authenticated by HTTP Basic.
 */
export async function handleTokenRequest(
  req: IncomingMessage,
  context: OAuthContext,
): Promise<Reply> {
  const request = await readClientRequest(req, context);
  if ("status" in request) {
    return request;
  }
  const grantType = request.form.get("grant_type");
  if (grantType === null) {
    return oauthErrorReply(400, "invalid_request", "The grant_type parameter is missing.");
  }
  if (grantType !== "client_credentials") {
    return oauthErrorReply(
      400,
      "unsupported_grant_type",
      `The grant type ${grantType} is not supported.`,
    );
  }
  const accessToken = context.tokens.issue(request.clientId);
  if (accessToken === undefined) {
    // Atlas's answer once a service account holds 100 live tokens.
    return oauthErrorReply(403, "access_denied", TOKEN_LIMIT_DESCRIPTION);
  }
  return jsonReply(
    200,
    { access_token: accessToken, expires_in: context.tokens.ttlSeconds, token_type: "Bearer" },
    NO_STORE,
  );
}

/**
 * Handles `POST /api/oauth/revoke`: token revocation (RFC 7009 §2) by the client the token was
 * issued to. An unknown token is answered 200 too (RFC 7009 §2.2).
 */
export async function handleRevokeRequest(
  req: IncomingMessage,
  context: OAuthContext,
): Promise<Reply> {
  const request = await readClientRequest(req, context);
  if ("status" in request) {
    return request;
  }
  const token = request.form.get("token");
  if (token === null || token === "") {
    return oauthErrorReply(400, "invalid_request", "The token parameter is missing.");
  }
  const owner = context.tokens.ownerOf(token);
  if (owner !== undefined && owner !== request.clientId) {
    // RFC 7009 §2.1: a client may only revoke its own tokens.
    return oauthErrorReply(400, "unauthorized_client", "The token was issued to another client.");
  }
  context.tokens.revoke(token);
  return { status: 200, headers: NO_STORE, body: "" };
}
