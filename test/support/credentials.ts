/** The emulator's demo credentials, as the tests hand them to the provider. */
import { DEMO_CREDENTIALS } from "../../emulator";

export const SA = DEMO_CREDENTIALS.serviceAccounts[0]!;
export const KEY = DEMO_CREDENTIALS.apiKeys[0]!;
export const TOKEN = DEMO_CREDENTIALS.accessTokens[0]!;

/** Every secret value; no output, state or message may contain one. */
export const SECRETS = [SA.clientSecret, KEY.privateKey, TOKEN];

/**
 * Each kind of credentials from each source: a label, the stack config, and the environment.
 * The labels say "stack config"; the engine tests set those keys with `--secret`.
 */
export const CREDENTIAL_CASES: [string, Record<string, string>, Record<string, string>][] = [
  [
    "a service account in the stack config",
    { "mongodbatlas:clientId": SA.clientId, "mongodbatlas:clientSecret": SA.clientSecret },
    {},
  ],
  [
    "an API key in the stack config",
    { "mongodbatlas:publicKey": KEY.publicKey, "mongodbatlas:privateKey": KEY.privateKey },
    {},
  ],
  ["an access token in the stack config", { "mongodbatlas:accessToken": TOKEN }, {}],
  [
    "a service account in the environment",
    {},
    { MONGODB_ATLAS_CLIENT_ID: SA.clientId, MONGODB_ATLAS_CLIENT_SECRET: SA.clientSecret },
  ],
  [
    "an API key in the environment",
    {},
    { MONGODB_ATLAS_PUBLIC_API_KEY: KEY.publicKey, MONGODB_ATLAS_PRIVATE_API_KEY: KEY.privateKey },
  ],
  ["an access token in the environment", {}, { MONGODB_ATLAS_ACCESS_TOKEN: TOKEN }],
];

/** {@link CREDENTIAL_CASES} with the stack config under the `atlasflex` plugin's own namespace. */
export const PLUGIN_CREDENTIAL_CASES = CREDENTIAL_CASES.map(
  ([label, config, env]) =>
    [
      label,
      Object.fromEntries(
        Object.entries(config).map(([key, value]) => [
          key.replace(/^mongodbatlas:/, "atlasflex:"),
          value,
        ]),
      ),
      env,
    ] as const,
);
