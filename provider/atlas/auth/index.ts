/** Credentials and the authenticator that fits each kind. */
import { AccessTokenAuthenticator } from "./accessToken";
import type { Authenticator } from "./authenticator";
import { DigestAuthenticator } from "./digest";
import { ServiceAccountAuthenticator } from "./serviceAccount";

export type { Authenticator, CredentialKind } from "./authenticator";
export {
  computeDigestResponse,
  formatDigestAuthorization,
  selectDigestChallenge,
  type DigestChallenge,
} from "./digest";
export { clearTokenCache, revokeMintedTokens } from "./serviceAccount";
export {
  SharedTokenCache,
  TOKEN_CACHE_ENV,
  tokenCacheDir,
  tokenCacheEnabled,
  tokenCacheKey,
  type SharedToken,
} from "./sharedTokenCache";

/** Credentials of one of the three kinds Atlas accepts. */
export type Credentials =
  | { readonly kind: "accessToken"; readonly accessToken: string }
  | { readonly kind: "serviceAccount"; readonly clientId: string; readonly clientSecret: string }
  | { readonly kind: "apiKey"; readonly publicKey: string; readonly privateKey: string };

/** Creates the authenticator for `credentials`. */
export function createAuthenticator(
  credentials: Credentials,
  baseUrl: string,
  userAgent: string,
): Authenticator {
  switch (credentials.kind) {
    case "accessToken":
      return new AccessTokenAuthenticator(credentials.accessToken);
    case "serviceAccount":
      return new ServiceAccountAuthenticator(credentials, baseUrl, userAgent);
    case "apiKey":
      return new DigestAuthenticator(credentials);
  }
}
