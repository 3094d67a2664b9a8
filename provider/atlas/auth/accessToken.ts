/** A bearer access token, used as given (it cannot be renewed by this package). */
import type { Authenticator } from "./authenticator";

/** Sends `Authorization: Bearer <token>` with every request. */
export class AccessTokenAuthenticator implements Authenticator {
  constructor(private readonly accessToken: string) {}

  async authorize(): Promise<string> {
    return `Bearer ${this.accessToken}`;
  }

  async refresh(): Promise<boolean> {
    return false; // A given token cannot be renewed: the 401 is final.
  }
}
