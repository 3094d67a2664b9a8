/** Atlas clients of the emulator, with each kind of the emulator's demo credentials. */
import { AtlasClient, type Credentials } from "../../provider";
import { KEY, SA, TOKEN } from "./credentials";

/** One set of the emulator's demo credentials for each kind of credentials. */
const CREDENTIALS: Readonly<Record<Credentials["kind"], Credentials>> = {
  serviceAccount: { kind: "serviceAccount", ...SA },
  apiKey: { kind: "apiKey", ...KEY },
  accessToken: { kind: "accessToken", accessToken: TOKEN },
};

/** Every kind of credentials, for `describe.each`. */
export const CREDENTIAL_KINDS = ["serviceAccount", "apiKey", "accessToken"] as const;

/** What the {@link AtlasClient} constructor takes. */
export type ClientOptions = ConstructorParameters<typeof AtlasClient>[0];

/**
 * A client of the emulator at `baseUrl` with the demo credentials of `kind`, retrying as the
 * provider does but with short waits; `extra` overrides any option.
 */
export function testClient(
  baseUrl: string,
  kind: Credentials["kind"],
  extra: Partial<ClientOptions> = {},
): AtlasClient {
  return new AtlasClient({
    baseUrl,
    credentials: CREDENTIALS[kind],
    retry: { minDelayMs: 20, maxDelayMs: 2_000 },
    ...extra,
  });
}
