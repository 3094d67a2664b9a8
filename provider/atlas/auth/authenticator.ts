/**
 * The contract between the Atlas client and a kind of credentials: one implementation per kind
 * (access token, service account, API key), as in MongoDB's own API clients.
 */
import type { Deadline, HttpTransport } from "../http/transport";

/** The kinds of credentials Atlas accepts. */
export type CredentialKind = "accessToken" | "serviceAccount" | "apiKey";

/**
 * What an authenticator may use to do its work (fetch a token, for one). The client makes one
 * per request it sends (all its attempts), so it also tells concurrent requests apart.
 */
export interface AuthContext {
  readonly transport: HttpTransport;
  readonly deadline: Deadline;
  /** Where the credentials were set, for the remedy of a refusal (see `createApiError`). */
  readonly credentialOrigin?: string | undefined;
}

/** Produces the `Authorization` header of requests and reacts to 401 answers. */
export interface Authenticator {
  /**
   * The `Authorization` value for one attempt of a request, or `undefined` to send it without
   * one (a Digest client does so once, to be challenged). Called again for each retry, at the
   * moment it is sent: a Digest signature is never reused.
   */
  authorize(
    request: { method: string; uri: string },
    context: AuthContext,
  ): Promise<string | undefined>;
  /**
   * Called with a 401 response to the header `authorization` (as `authorize` returned it for
   * the attempt that was refused). Resolves `true` when fresh credentials were obtained and the
   * request should be sent once more.
   */
  refresh(
    response: { headers: Readonly<Record<string, string>> },
    authorization: string | undefined,
    context: AuthContext,
  ): Promise<boolean>;
  /** Called once the request of `context` has its final answer, whatever it was. */
  settle?(context: AuthContext): void;
}
