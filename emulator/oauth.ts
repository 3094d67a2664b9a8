import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";

import { jsonReply, readBody, type Reply } from "./reply";

/**
 * Why a bearer token was refused, or `"valid"`.
 */
export type TokenState = "valid" | "expired" | "unknown";

interface IssuedToken {
  clientId: string;
  expiresAt: number;
}

/**
 * The access tokens the emulator's OAuth 2.0 server has issued (RFC 6749 §4.4, client
 * credentials grant), with their owners and expiry times.
 */
export class OAuthTokenStore {
  private readonly tokens = new Map<string, IssuedToken>();
  private issued = 0;

  /**
   * @param ttlSeconds - lifetime of each token, also sent as `expires_in`
   * @param now - the emulator's clock, in epoch milliseconds
   */
  constructor(
    readonly ttlSeconds: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** How many tokens were issued since construction or the last {@link OAuthTokenStore.reset}. */
  get issuedCount(): number {
    return this.issued;
  }

  /** Issues a new opaque token for a client. */
  issue(clientId: string): string {
    // Opaque to clients, as RFC 6749 §1.4 allows; Atlas's are JWTs but clients must not look.
    const token = randomBytes(32).toString("base64url");
    this.tokens.set(token, { clientId, expiresAt: this.now() + this.ttlSeconds * 1000 });
    this.issued += 1;
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
    this.tokens.delete(token);
  }

  /** Invalidates every issued token but keeps the issued count. */
  revokeAll(): void {
    this.tokens.clear();
  }

  /** Invalidates every issued token and zeroes the issued count. */
  reset(): void {
    this.tokens.clear();
    this.issued = 0;
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
export function oauthErrorReply(
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
export function parseBasicCredentials(
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
