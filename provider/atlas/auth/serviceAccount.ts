/**
 * Atlas service accounts: OAuth 2.0 client credentials (RFC 6749 §4.4) against
 * `POST {baseUrl}/api/oauth/token`, and revocation (RFC 7009) against
 * `POST {baseUrl}/api/oauth/revoke`.
 *
 * Atlas allows 100 live tokens per service account (one hour each) and rate-limits the token
 * endpoint, so a token is fetched once per process and reused until shortly before it expires —
 * shared by all lookups, and fetched once even when many start together. When the process is
 * done it revokes the tokens it minted ({@link revokeMintedTokens}), so that live tokens never
 * outnumber the processes running at once. With the shared cache on (see
 * `sharedTokenCache.ts`), the processes of one machine share one token, which none revokes.
 */
import { ConnectionError, createApiError, ResponseValidationError } from "../errors";
import { describeNonJson, parseJsonBody, type JsonBody } from "../http/body";
import { Deadline, type HttpResponse, type HttpTransport } from "../http/transport";
import { apiErrorSchema, tokenResponseSchema, type ApiErrorBody } from "../schema";
import type { AuthContext, Authenticator } from "./authenticator";
import { SharedTokenCache, tokenCacheKey, type SharedToken } from "./sharedTokenCache";
import { setTokenRevoker } from "../shutdown";

/** A service account's client credentials. */
interface ServiceAccountCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

interface CachedToken extends SharedToken {
  /** Whether the token is in the shared cache, and so not this process's to revoke. */
  readonly shared: boolean;
}

/** A token this process minted and has not revoked yet, with what revoking it takes. */
interface MintedToken {
  readonly accessToken: string;
  readonly expiresAt: number;
  /** The transport it was minted through, to revoke it over the same connection. */
  readonly transport: HttpTransport;
}

/** One entry per (base URL, client id, secret): the token, or the fetch that will bring it. */
interface TokenSlot {
  token?: CachedToken;
  pending?: Promise<CachedToken>;
  /** Tokens minted by this process that are not in the shared cache: revoked when it is done. */
  readonly minted: MintedToken[];
  /** Tokens Atlas refused (401): never taken from the shared cache again. */
  readonly refused: Set<string>;
  readonly credentials: ServiceAccountCredentials;
  readonly revokeUrl: URL;
  readonly userAgent: string;
}

/** The process-wide token cache (see the module comment for why it is process-wide). */
const tokenCache = new Map<string, TokenSlot>();

/** Forgets every cached token (without revoking it); for tests. */
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

/** The `Authorization` header of the token and revoke endpoints: HTTP Basic with the client credentials. */
function basicAuthorization(credentials: ServiceAccountCredentials): string {
  const pair = `${formEncode(credentials.clientId)}:${formEncode(credentials.clientSecret)}`;
  return `Basic ${Buffer.from(pair).toString("base64")}`;
}

/** What {@link revokeMintedTokens} did. */
export interface RevocationOutcome {
  /** Tokens Atlas confirmed revoked. */
  readonly revoked: number;
  /** One line per token that could not be revoked, saying why; never a token or secret. */
  readonly failures: readonly string[];
}

/**
 * How long revocation may take at the end of a process.
 * @unit milliseconds
 */
export const REVOCATION_BUDGET_MS = 1_000;

/**
 * Revokes (RFC 7009, `POST /api/oauth/revoke`) every live token this process minted and did not
 * put in the shared cache, and forgets them; waits for token requests in flight first. Best
 * effort and bounded by `budgetMs`: it never rejects, and a token it fails to revoke simply
 * expires within its hour. Called by the CLI after its command and by the dynamic-provider host
 * when the engine shuts it down.
 *
 * @example
 * ```ts
 * const { revoked, failures } = await revokeMintedTokens();
 * ```
 */
export async function revokeMintedTokens(
  options: { budgetMs?: number } = {},
): Promise<RevocationOutcome> {
  const deadline = new Deadline(options.budgetMs ?? REVOCATION_BUDGET_MS);
  const slots = [...tokenCache.values()];
  // A token being minted now would otherwise be left behind.
  const pending = slots.flatMap((slot) =>
    slot.pending ? [slot.pending.catch(() => undefined)] : [],
  );
  if (pending.length > 0) {
    await untilDeadline(Promise.all(pending), deadline);
  }
  const now = Date.now();
  const work: Promise<string | undefined>[] = [];
  for (const slot of slots) {
    const tokens = slot.minted.splice(0);
    for (const token of tokens) {
      if (slot.token?.accessToken === token.accessToken) {
        slot.token = undefined;
      }
      // An expired token is dead already; revoking it would only spend the budget.
      if (token.expiresAt > now) {
        work.push(revokeOne(slot, token, deadline));
      }
    }
  }
  const results = await Promise.all(work);
  const failures = results.filter((failure): failure is string => failure !== undefined);
  return { revoked: results.length - failures.length, failures };
}

// A process that mints tokens loads this module: it is then that a stop should revoke them.
setTokenRevoker((budgetMs) => revokeMintedTokens({ budgetMs }));

/** Revokes one token; resolves with why it failed, or `undefined`. */
async function revokeOne(
  slot: TokenSlot,
  token: MintedToken,
  deadline: Deadline,
): Promise<string | undefined> {
  const what = `POST ${slot.revokeUrl.pathname}`;
  try {
    const response = await token.transport.send(
      {
        method: "POST",
        url: slot.revokeUrl,
        headers: {
          authorization: basicAuthorization(slot.credentials),
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
          "user-agent": slot.userAgent,
        },
        // The body Atlas documents: token and token_type_hint (RFC 7009 §2.1).
        body: new URLSearchParams({
          token: token.accessToken,
          token_type_hint: "access_token",
        }).toString(),
      },
      deadline,
    );
    // RFC 7009 §2.2: 200 whether or not the token was still valid.
    return response.status === 200
      ? undefined
      : `${what} answered ${response.status} ${response.statusText}`.trim();
  } catch (error) {
    // Transport errors name the method and path only (see ../errors.ts).
    return error instanceof ConnectionError ? error.message : `${what} failed`;
  }
}

/** Waits for `promise`, or until the deadline passes, whichever comes first. */
function untilDeadline(promise: Promise<unknown>, deadline: Deadline): Promise<void> {
  return new Promise<void>((resolve) => {
    if (deadline.signal.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      deadline.signal.removeEventListener("abort", done);
      resolve();
    };
    deadline.signal.addEventListener("abort", done, { once: true });
    void promise.then(done, done);
  });
}

/** Authenticates with a bearer token obtained from the client credentials. */
export class ServiceAccountAuthenticator implements Authenticator {
  private readonly slot: TokenSlot;
  private readonly tokenUrl: URL;
  private readonly key: string;
  /** The shared token cache, when `ATLAS_FLEX_SNAPSHOT_TOKEN_CACHE` turns it on. */
  private readonly sharedCache: SharedTokenCache | undefined;

  /**
   * @param sharedCache - the shared token cache to use; by default the one the process
   * environment asks for (none unless `ATLAS_FLEX_SNAPSHOT_TOKEN_CACHE=1`).
   * @throws ConfigurationError when `ATLAS_FLEX_SNAPSHOT_TOKEN_CACHE` has a value it does not know
   */
  constructor(
    private readonly credentials: ServiceAccountCredentials,
    baseUrl: string,
    private readonly userAgent: string,
    sharedCache: SharedTokenCache | undefined = SharedTokenCache.fromEnv(process.env),
  ) {
    this.tokenUrl = new URL("/api/oauth/token", baseUrl);
    this.sharedCache = sharedCache;
    // The secret is part of the key (hashed, never the secret itself) so that a rotated secret
    // does not pick up the old one's token.
    this.key = tokenCacheKey(this.tokenUrl.href, credentials.clientId, credentials.clientSecret);
    let slot = tokenCache.get(this.key);
    if (!slot) {
      slot = {
        minted: [],
        refused: new Set(),
        credentials: { clientId: credentials.clientId, clientSecret: credentials.clientSecret },
        revokeUrl: new URL("/api/oauth/revoke", baseUrl),
        userAgent,
      };
      tokenCache.set(this.key, slot);
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
      this.slot.refused.add(this.slot.token.accessToken);
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
    this.slot.pending ??= this.obtainToken(context).finally(() => {
      this.slot.pending = undefined;
    });
    return this.slot.pending;
  }

  /** A token from the shared cache when it is on, else a new one. */
  private async obtainToken(context: AuthContext): Promise<CachedToken> {
    let token: CachedToken;
    if (this.sharedCache) {
      const obtained = await this.sharedCache.obtain(
        { key: this.key, tokenUrl: this.tokenUrl.href },
        () => this.fetchToken(context),
        this.slot.refused,
        context.deadline.remainingMs(),
      );
      token = { ...obtained.token, shared: obtained.shared };
      if (obtained.minted && !obtained.shared) {
        this.remember(token, context);
      }
    } else {
      token = { ...(await this.fetchToken(context)), shared: false };
      this.remember(token, context);
    }
    this.slot.token = token;
    return token;
  }

  /** Records a token this process minted and keeps to itself, for {@link revokeMintedTokens}. */
  private remember(token: SharedToken, context: AuthContext): void {
    this.slot.minted.push({
      accessToken: token.accessToken,
      expiresAt: token.expiresAt,
      transport: context.transport,
    });
  }

  private async fetchToken(context: AuthContext): Promise<SharedToken> {
    const headers = {
      authorization: basicAuthorization(this.credentials),
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
    const body = parseJsonBody(response.body);
    if (response.status !== 200) {
      throw createApiError(
        response.status,
        response.statusText,
        redacted,
        tokenErrorBody(response, body),
        response.body,
        context.credentialOrigin,
      );
    }
    if (!body.ok) {
      // The body of a 200 here may hold a token: say what it is, never quote it.
      throw new ResponseValidationError(
        `[200 OK] POST ${this.tokenUrl.pathname}: ${describeNonJson(response)}`,
      );
    }
    const parsed = tokenResponseSchema.safeParse(body.json);
    if (!parsed.success) {
      // The body of a 200 here holds a token: never quote it.
      throw new ResponseValidationError(
        `POST ${this.tokenUrl.pathname}: the token response is not an OAuth 2.0 token response (${parsed.error.issues.length} problem(s) at ${parsed.error.issues.map((issue) => issue.path.join(".") || "(root)").join(", ")})`,
      );
    }
    const mintedAt = Date.now();
    const expiresIn = parsed.data.expires_in ?? DEFAULT_EXPIRES_IN_SECONDS;
    return {
      accessToken: parsed.data.access_token,
      renewAt: mintedAt + renewalDelayMs(expiresIn),
      expiresAt: mintedAt + expiresIn * 1000,
    };
  }
}

/**
 * The error body of a token response: OAuth's `{ error, error_description }` (RFC 6749 §5.2),
 * Atlas's `ApiError`, or, for a body that is not JSON (a proxy's HTML page), a detail that says so.
 */
function tokenErrorBody(response: HttpResponse, body: JsonBody): ApiErrorBody | undefined {
  if (!body.ok) {
    return { detail: describeNonJson(response, { excerpt: true }) };
  }
  const oauth = body.json as { error?: unknown; error_description?: unknown } | null;
  if (typeof oauth?.error === "string") {
    return {
      errorCode: oauth.error,
      detail: typeof oauth.error_description === "string" ? oauth.error_description : undefined,
    };
  }
  const apiError = apiErrorSchema.safeParse(body.json);
  return apiError.success ? apiError.data : undefined;
}
