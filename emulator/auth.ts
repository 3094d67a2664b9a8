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
export const UNAUTHORIZED_ERROR_CODE = "UNAUTHORIZED";

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
   */
  constructor(
    private readonly tokens: OAuthTokenStore,
    private readonly staticTokens: ReadonlySet<string>,
    private readonly digest: DigestVerifier,
  ) {}

  /**
   * Checks the request's `Authorization` header; returns the 401 reply to send, or `undefined`
   * when the caller is authenticated.
   */
  authenticate(req: IncomingMessage): Reply | undefined {
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
          ? undefined
          : this.refuse(
              verdict.stale
                ? "The nonce has expired; retry with the new one."
                : "You are not authorized for this resource.",
              verdict.stale,
            );
      }
      case "basic":
        return this.refuse("HTTP Basic authentication is not supported; use HTTP Digest.", false);
      case "none":
        return this.refuse("You are not authorized for this resource.", false);
    }
  }

  private bearer(token: string | undefined): Reply | undefined {
    if (token !== undefined && this.staticTokens.has(token)) {
      return undefined;
    }
    const state = token === undefined ? "unknown" : this.tokens.check(token);
    switch (state) {
      case "valid":
        return undefined;
      case "expired":
        return this.refuse("The access token has expired.", false);
      case "unknown":
        return this.refuse("The access token is invalid or has been revoked.", false);
    }
  }

  private refuse(detail: string, stale: boolean): Reply {
    return atlasErrorReply(401, UNAUTHORIZED_ERROR_CODE, detail, [], {
      "WWW-Authenticate": this.digest.challenge(stale),
    });
  }
}
