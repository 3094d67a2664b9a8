import type { IncomingMessage } from "node:http";

import type { DigestVerifier } from "./digest";
import { atlasErrorReply } from "./errors";
import type { OAuthTokenStore } from "./oauth";
import type { Reply } from "./reply";
import { authKindOf } from "./requestLog";

/**
 * The `errorCode` of every 401 from `/api/atlas/v2`. Atlas's OpenAPI example
 * (`NOT_ORG_GROUP_CREATOR`) is unrelated to authentication, so the emulator uses the plain code;
 * `detail` says which check failed.
 */
const UNAUTHORIZED_ERROR_CODE = "UNAUTHORIZED";

/** Atlas's `detail` of a 401 to credentials it does not accept, or that may not read the project. */
const NOT_AUTHORIZED = "You are not authorized for this resource.";

/**
 * Who a request's accepted credentials are: the kind and the public half (a service account's
 * client id — also for the tokens minted for it —, an API key's public key, a static token).
 */
export type Principal = `serviceAccount:${string}` | `apiKey:${string}` | `accessToken:${string}`;

/** The verdict of {@link ApiAuthenticator.check}: who the caller is, or why it was refused. */
export type AuthVerdict = { principal: Principal } | { refusal: AuthRefusal };

/** Why a request's credentials were refused, before the 401 reply is built. */
interface AuthRefusal {
  readonly detail: string;
  /** Whether the Digest challenge of the reply says `stale=true`. */
  readonly stale: boolean;
}

/**
 * Authenticates requests to `/api/atlas/v2` the two ways Atlas accepts: a bearer token
 * (RFC 6750 §2.1) issued by the OAuth endpoint or configured as static, or HTTP Digest with an
 * API key (RFC 7616).
 *
 * Every refusal carries a fresh Digest challenge and only that one: Atlas sends a single
 * `WWW-Authenticate: Digest …` header even to bearer clients, and Digest clients parse it.
 */
export class ApiAuthenticator {
  /**
   * @param tokens - OAuth tokens issued by this emulator
   * @param staticTokens - bearer tokens accepted as-is
   * @param digest - the Digest verifier holding this emulator's nonces
   * @param scopes - the projects each principal may read; one not listed reads every project
   */
  constructor(
    private readonly tokens: OAuthTokenStore,
    private readonly staticTokens: ReadonlySet<string>,
    private readonly digest: DigestVerifier,
    private readonly scopes: ReadonlyMap<Principal, ReadonlySet<string>>,
  ) {}

  /**
   * Whether `principal` may read `projectId`. When it may not, Atlas answers as to a credential
   * of another organization: 401, "You are not authorized for this resource." (see
   * {@link notAuthorized}).
   */
  mayRead(principal: Principal, projectId: string): boolean {
    return this.scopes.get(principal)?.has(projectId) ?? true;
  }

  /** The 401 for a project `mayRead` refused, with a fresh Digest challenge like every 401. */
  notAuthorized(): Reply {
    return this.refuse(NOT_AUTHORIZED, false);
  }

  /**
   * Checks the request's credentials as it arrives and returns the verdict: who the caller is,
   * or why it is refused. A Digest nonce count is consumed here, whatever happens to the
   * request next (an injected 503, a hang, a reset): a replay-protected server has seen that
   * `nc` (RFC 7616 §3.4), so the same `nc` sent again is refused.
   */
  check(req: IncomingMessage): AuthVerdict {
    const authorization = req.headers.authorization;
    switch (authKindOf(authorization)) {
      case "bearer":
        return this.bearer(/^\s*Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1]);
      case "digest": {
        const verdict = this.digest.verify(
          authorization ?? "",
          req.method ?? "GET",
          req.url ?? "/",
        );
        return verdict.ok
          ? { principal: `apiKey:${verdict.username}` }
          : {
              refusal: {
                detail: verdict.stale
                  ? "The nonce has expired; retry with the new one."
                  : NOT_AUTHORIZED,
                stale: verdict.stale,
              },
            };
      }
      case "basic":
        return {
          refusal: {
            detail: "HTTP Basic authentication is not supported; use HTTP Digest.",
            stale: false,
          },
        };
      case "none":
        return { refusal: { detail: NOT_AUTHORIZED, stale: false } };
    }
  }

  /** The 401 reply for a refusal, with a fresh Digest challenge. */
  refusal(refusal: AuthRefusal): Reply {
    return this.refuse(refusal.detail, refusal.stale);
  }

  /** A fresh Digest challenge, the `WWW-Authenticate` value of every 401. */
  challenge(stale: boolean): string {
    return this.digest.challenge(stale);
  }

  private bearer(token: string | undefined): AuthVerdict {
    if (token !== undefined && this.staticTokens.has(token)) {
      return { principal: `accessToken:${token}` };
    }
    const state = token === undefined ? "unknown" : this.tokens.check(token);
    switch (state) {
      case "valid":
        return { principal: `serviceAccount:${this.tokens.ownerOf(token!) ?? ""}` };
      case "expired":
        return { refusal: { detail: "The access token has expired.", stale: false } };
      case "unknown":
        return {
          refusal: { detail: "The access token is invalid or has been revoked.", stale: false },
        };
    }
  }

  private refuse(detail: string, stale: boolean): Reply {
    return atlasErrorReply(401, UNAUTHORIZED_ERROR_CODE, detail, [], {
      "WWW-Authenticate": this.digest.challenge(stale),
    });
  }
}
