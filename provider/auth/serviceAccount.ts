/**
 * Atlas service accounts: OAuth 2.0 client credentials (RFC 6749 §4.4) against
 * `POST {baseUrl}/api/oauth/token`.
 *
 * Atlas allows 100 live tokens per service account and rate-limits the token endpoint, so a
 * token is fetched once per process and reused until shortly before it expires — shared by all
 * lookups, and fetched once even when many start together.
 */
import { createHash } from "node:crypto";
import { createApiError, ResponseValidationError } from "../errors";
import { apiErrorSchema, tokenResponseSchema } from "../schema";
import type { AuthContext, Authenticator } from "./authenticator";

/** A service account's client credentials. */
export interface ServiceAccountCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

interface CachedToken {
  readonly accessToken: string;
  /** When to stop using it: shortly before `expires_in` runs out. */
  readonly renewAt: number;
}

/** One entry per (base URL, client id, secret): the token, or the fetch that will bring it. */
interface TokenSlot {
  token?: CachedToken;
  pending?: Promise<CachedToken>;
}

/** The process-wide token cache (see the module comment for why it is process-wide). */
const tokenCache = new Map<string, TokenSlot>();

/** Forgets every cached token; for tests. */
export function clearTokenCache(): void {
  tokenCache.clear();
}

/** The token lifetime assumed when the server does not say (Atlas's is one hour). */
const DEFAULT_EXPIRES_IN_SECONDS = 3600;

/**
 * When to renew a token that lives `expiresInSeconds`: a minute before it expires, or halfway
 * for short-lived tokens, so a request never goes out with a token about to lapse.
 */
export function renewalDelayMs(expiresInSeconds: number): number {
  const lifetimeMs = expiresInSeconds * 1000;
  return Math.max(lifetimeMs / 2, lifetimeMs - 60_000);
}

/** RFC 6749 §2.3.1: client id and secret are form-encoded before being joined for Basic. */
function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, "+");
}

/** Authenticates with a bearer token obtained from the client credentials. */
export class ServiceAccountAuthenticator implements Authenticator {
  readonly kind = "serviceAccount" as const;
  private readonly slot: TokenSlot;
  private readonly tokenUrl: URL;

  constructor(
    private readonly credentials: ServiceAccountCredentials,
    baseUrl: string,
    private readonly userAgent: string,
  ) {
    this.tokenUrl = new URL("/api/oauth/token", baseUrl);
    // The secret is part of the key (as a hash, never the secret itself) so that a rotated
    // secret does not pick up the old one's token.
    const secretHash = createHash("sha256").update(credentials.clientSecret).digest("hex");
    const key = `${this.tokenUrl.href}\n${credentials.clientId}\n${secretHash}`;
    let slot = tokenCache.get(key);
    if (!slot) {
      slot = {};
      tokenCache.set(key, slot);
    }
    this.slot = slot;
  }

  async authorize(_request: unknown, context: AuthContext): Promise<string> {
    const token = await this.currentToken(context);
    return `Bearer ${token.accessToken}`;
  }

  async refresh(
    _response: unknown,
    authorization: string | undefined,
    context: AuthContext,
  ): Promise<boolean> {
    // Drop the token only if it is the one that was refused: another lookup may have renewed it.
    if (this.slot.token && authorization === `Bearer ${this.slot.token.accessToken}`) {
      this.slot.token = undefined;
    }
    await this.currentToken(context);
    return true;
  }

  private currentToken(context: AuthContext): Promise<CachedToken> {
    const { token } = this.slot;
    if (token && Date.now() < token.renewAt) {
      return Promise.resolve(token);
    }
    this.slot.pending ??= this.fetchToken(context).finally(() => {
      this.slot.pending = undefined;
    });
    return this.slot.pending;
  }

  private async fetchToken(context: AuthContext): Promise<CachedToken> {
    const basic = Buffer.from(
      `${formEncode(this.credentials.clientId)}:${formEncode(this.credentials.clientSecret)}`,
    ).toString("base64");
    const headers = {
      authorization: `Basic ${basic}`,
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
      "user-agent": this.userAgent,
    };
    const request = {
      method: "POST" as const,
      url: this.tokenUrl,
      headers,
      body: "grant_type=client_credentials",
    };
    const response = await context.transport.send(request, context.deadline);
    const redacted = {
      method: "POST",
      path: this.tokenUrl.pathname,
      headers: { authorization: "[REDACTED]" },
    };
    let json: unknown;
    try {
      json = JSON.parse(response.body);
    } catch {
      json = undefined;
    }
    if (response.status !== 200) {
      // OAuth errors are `{ error, error_description }` (RFC 6749 §5.2); Atlas's are `ApiError`.
      const oauth = json as { error?: unknown; error_description?: unknown } | undefined;
      const apiError = apiErrorSchema.safeParse(json);
      const body =
        typeof oauth?.error === "string"
          ? {
              errorCode: oauth.error,
              detail:
                typeof oauth.error_description === "string" ? oauth.error_description : undefined,
            }
          : apiError.success
            ? apiError.data
            : undefined;
      throw createApiError(response.status, response.statusText, redacted, body, response.body);
    }
    const parsed = tokenResponseSchema.safeParse(json);
    if (!parsed.success) {
      // The body of a 200 here holds a token: never quote it.
      throw new ResponseValidationError(
        `POST ${this.tokenUrl.pathname}: the token response is not an OAuth 2.0 token response (${parsed.error.issues.length} problem(s) at ${parsed.error.issues.map((issue) => issue.path.join(".") || "(root)").join(", ")})`,
      );
    }
    const token: CachedToken = {
      accessToken: parsed.data.access_token,
      renewAt: Date.now() + renewalDelayMs(parsed.data.expires_in ?? DEFAULT_EXPIRES_IN_SECONDS),
    };
    this.slot.token = token;
    return token;
  }
}
