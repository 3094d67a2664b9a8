/** Where credentials and the base URL come from, and in which order. */
import { ConfigurationError, resolveSettings, type ProviderSettings } from "../provider";
import * as fs from "node:fs";
import * as path from "node:path";
import { TOKEN_CACHE_ENV } from "../provider/atlas/auth/sharedTokenCache";
import {
  BASE_URL_ENV,
  checkScopedSettings,
  CONFIG_KEYS,
  ENV_KEYS,
  PROXY_VARIABLES,
  providerPropertiesScope,
  resolveEnvironmentSettings,
  resolveScopedSettings,
  SDK_CONFIG_NAMESPACE,
  stackConfigScope,
} from "../provider/atlas/settings";
import { PLUGIN_CONFIG_NAMESPACE } from "../provider/pulumi/plugin/pluginConfig";
import { REPO_ROOT } from "./support/providerHost";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

const SA = {
  "mongodbatlas:clientId": "mdb_sa_id_cfg",
  "mongodbatlas:clientSecret": "mdb_sa_sk_cfg",
};
const KEYS = { "mongodbatlas:publicKey": "pubcfg", "mongodbatlas:privateKey": "privcfg" };

describe("resolveSettings", () => {
  test.each<[string, Record<string, string>, NodeJS.ProcessEnv, Partial<ProviderSettings>]>([
    [
      "a service account from the stack config",
      SA,
      {},
      {
        baseUrl: "https://cloud.mongodb.com",
        credentials: {
          kind: "serviceAccount",
          clientId: "mdb_sa_id_cfg",
          clientSecret: "mdb_sa_sk_cfg",
        },
        credentialSource: "stack config",
        credentialOrigin: "mongodbatlas:clientId and mongodbatlas:clientSecret in the stack config",
        warnings: [],
      },
    ],
    [
      "the stack config before the environment",
      KEYS,
      { MONGODB_ATLAS_ACCESS_TOKEN: "env-token" },
      {
        credentials: { kind: "apiKey", publicKey: "pubcfg", privateKey: "privcfg" },
        credentialSource: "stack config",
        credentialOrigin: "mongodbatlas:publicKey and mongodbatlas:privateKey in the stack config",
      },
    ],
    [
      "the environment when the stack config has no credentials",
      {},
      { MONGODB_ATLAS_CLIENT_ID: "id", MONGODB_ATLAS_CLIENT_SECRET: "secret" },
      {
        credentials: { kind: "serviceAccount", clientId: "id", clientSecret: "secret" },
        credentialSource: "environment",
        credentialOrigin:
          "MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET in the environment",
      },
    ],
    [
      "the Terraform names of the API key variables",
      {},
      {
        MONGODB_ATLAS_PUBLIC_API_KEY: "p1",
        MONGODB_ATLAS_PRIVATE_API_KEY: "k1",
        MONGODB_ATLAS_PUBLIC_KEY: "p2",
        MONGODB_ATLAS_PRIVATE_KEY: "k2",
      },
      {
        credentials: { kind: "apiKey", publicKey: "p1", privateKey: "k1" },
        credentialOrigin:
          "MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY in the environment",
      },
    ],
    [
      "the Atlas CLI names of the API key variables",
      {},
      { MONGODB_ATLAS_PUBLIC_KEY: "p2", MONGODB_ATLAS_PRIVATE_KEY: "k2" },
      {
        credentials: { kind: "apiKey", publicKey: "p2", privateKey: "k2" },
        credentialOrigin:
          "MONGODB_ATLAS_PUBLIC_KEY and MONGODB_ATLAS_PRIVATE_KEY in the environment",
      },
    ],
    [
      "an access token before a service account, with a warning",
      { ...SA, "mongodbatlas:accessToken": "tok" },
      {},
      {
        credentials: { kind: "accessToken", accessToken: "tok" },
        credentialOrigin: "mongodbatlas:accessToken in the stack config",
        warnings: [
          "more than one kind of Atlas credentials in the stack config; using the access token (mongodbatlas:accessToken) and ignoring the service account (mongodbatlas:clientId and mongodbatlas:clientSecret)",
        ],
      },
    ],
    [
      "a service account before an API key, with a warning",
      {},
      {
        MONGODB_ATLAS_CLIENT_ID: "id",
        MONGODB_ATLAS_CLIENT_SECRET: "s",
        MONGODB_ATLAS_PUBLIC_KEY: "p",
        MONGODB_ATLAS_PRIVATE_KEY: "k",
      },
      {
        credentials: { kind: "serviceAccount", clientId: "id", clientSecret: "s" },
        warnings: [
          "more than one kind of Atlas credentials in the environment; using the service account (MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET) and ignoring the API key (MONGODB_ATLAS_PUBLIC_KEY and MONGODB_ATLAS_PRIVATE_KEY)",
        ],
      },
    ],
    [
      "the gov cloud",
      { ...SA, "mongodbatlas:isMongodbgovCloud": "true" },
      {},
      { baseUrl: "https://cloud.mongodbgov.com" },
    ],
    [
      "a base URL from the stack config, trailing slash dropped",
      { ...SA, "mongodbatlas:baseUrl": "https://cloud-qa.mongodb.com/" },
      { MONGODB_ATLAS_BASE_URL: "https://other.example" },
      { baseUrl: "https://cloud-qa.mongodb.com" },
    ],
    [
      "a base URL from the environment",
      SA,
      { MONGODB_ATLAS_BASE_URL: "http://127.0.0.1:8080" },
      { baseUrl: "http://127.0.0.1:8080" },
    ],
    [
      "plain http to localhost",
      SA,
      { MONGODB_ATLAS_BASE_URL: "http://localhost:9" },
      { baseUrl: "http://localhost:9" },
    ],
  ])("takes %s", (_label, stack, env, expected) => {
    expect(resolveSettings(config(stack), env)).toMatchObject(expected);
  });

  test.each([
    [
      "nothing at all, listing every key and variable",
      {},
      {},
      "no Atlas credentials found. Looked at the stack config keys mongodbatlas:accessToken, mongodbatlas:clientId, mongodbatlas:clientSecret, mongodbatlas:publicKey, mongodbatlas:privateKey and the environment variables MONGODB_ATLAS_ACCESS_TOKEN, MONGODB_ATLAS_CLIENT_ID, MONGODB_ATLAS_CLIENT_SECRET, MONGODB_ATLAS_PUBLIC_API_KEY, MONGODB_ATLAS_PUBLIC_KEY, MONGODB_ATLAS_PRIVATE_API_KEY, MONGODB_ATLAS_PRIVATE_KEY.",
    ],
    [
      "a client id without its secret",
      { "mongodbatlas:clientId": "id" },
      {},
      "incomplete Atlas credentials in the stack config: mongodbatlas:clientId is set but mongodbatlas:clientSecret is not",
    ],
    [
      "a private key without its public key",
      {},
      { MONGODB_ATLAS_PRIVATE_KEY: "k" },
      "incomplete Atlas credentials in the environment: MONGODB_ATLAS_PRIVATE_KEY is set but MONGODB_ATLAS_PUBLIC_API_KEY or MONGODB_ATLAS_PUBLIC_KEY is not",
    ],
    [
      "plain http to a remote host",
      SA,
      { MONGODB_ATLAS_BASE_URL: "http://cloud.mongodb.com" },
      'MONGODB_ATLAS_BASE_URL "http://cloud.mongodb.com" must use https://',
    ],
    [
      "a base URL that is not one",
      { ...SA, "mongodbatlas:baseUrl": "cloud" },
      {},
      'mongodbatlas:baseUrl "cloud" is not a URL',
    ],
    [
      "a gov flag that is not a boolean",
      { ...SA, "mongodbatlas:isMongodbgovCloud": "yes" },
      {},
      'mongodbatlas:isMongodbgovCloud "yes" must be true or false',
    ],
  ])("refuses %s", (_label, stack, env, message) => {
    expect(() => resolveSettings(config(stack), env)).toThrow(ConfigurationError);
    expect(() => resolveSettings(config(stack), env)).toThrow(message);
  });

  test("no message quotes a secret", () => {
    const messages: string[] = [];
    const stacks: Record<string, string>[] = [
      { "mongodbatlas:clientSecret": "TOP-SECRET" },
      { "mongodbatlas:privateKey": "TOP-SECRET" },
    ];
    for (const stack of stacks) {
      try {
        resolveSettings(config(stack), {});
      } catch (error) {
        messages.push(String(error));
      }
    }
    expect(messages).toHaveLength(2);
    expect(messages.join("\n")).not.toContain("TOP-SECRET");
  });
});

describe("resolveSettings in another namespace (the atlasflex plugin's)", () => {
  test.each<[string, Record<string, string>, Partial<ProviderSettings> | string]>([
    [
      "reads its own keys",
      { "atlasflex:accessToken": "t", "atlasflex:baseUrl": "http://127.0.0.1:9" },
      {
        baseUrl: "http://127.0.0.1:9",
        credentials: { kind: "accessToken", accessToken: "t" },
        credentialOrigin: "atlasflex:accessToken in the stack config",
      },
    ],
    [
      "ignores mongodbatlas: keys",
      { "mongodbatlas:accessToken": "t" },
      "no Atlas credentials found. Looked at the stack config keys atlasflex:accessToken, atlasflex:clientId, atlasflex:clientSecret, atlasflex:publicKey, atlasflex:privateKey and the environment variables MONGODB_ATLAS_ACCESS_TOKEN, MONGODB_ATLAS_CLIENT_ID, MONGODB_ATLAS_CLIENT_SECRET, MONGODB_ATLAS_PUBLIC_API_KEY, MONGODB_ATLAS_PUBLIC_KEY, MONGODB_ATLAS_PRIVATE_API_KEY, MONGODB_ATLAS_PRIVATE_KEY. Set a service account (atlasflex:clientId and atlasflex:clientSecret, with --secret), an API key pair, or an access token.",
    ],
    [
      "names its keys in messages",
      { "atlasflex:clientId": "id" },
      "incomplete Atlas credentials in the stack config: atlasflex:clientId is set but atlasflex:clientSecret is not",
    ],
    [
      "checks its government cloud flag",
      { "atlasflex:accessToken": "t", "atlasflex:isMongodbgovCloud": "yes" },
      'atlasflex:isMongodbgovCloud "yes" must be true or false',
    ],
  ])("%s", (_label, values, expected) => {
    const resolve = () => resolveSettings(config(values), {}, "atlasflex");
    if (typeof expected === "string") {
      expect(resolve).toThrow(new ConfigurationError(expected));
    } else {
      expect(resolve()).toMatchObject(expected);
    }
  });
});

describe("an explicit provider's properties (providerPropertiesScope)", () => {
  test.each<
    [string, Record<string, unknown>, NodeJS.ProcessEnv, Partial<ProviderSettings> | string]
  >([
    [
      "its own credentials, before the environment's",
      { clientId: "id", clientSecret: "secret", baseUrl: "https://atlas.example.com" },
      { MONGODB_ATLAS_ACCESS_TOKEN: "env-token" },
      {
        baseUrl: "https://atlas.example.com",
        credentials: { kind: "serviceAccount", clientId: "id", clientSecret: "secret" },
        credentialSource: 'properties of provider "prod"',
        credentialOrigin: 'clientId and clientSecret in the properties of provider "prod"',
      },
    ],
    [
      "the environment for what it does not set",
      { isMongodbgovCloud: true },
      { MONGODB_ATLAS_ACCESS_TOKEN: "env-token" },
      {
        baseUrl: "https://cloud.mongodbgov.com",
        credentials: { kind: "accessToken", accessToken: "env-token" },
        credentialSource: "environment",
        credentialOrigin: "MONGODB_ATLAS_ACCESS_TOKEN in the environment",
      },
    ],
    [
      "never the stack config's keys",
      { "mongodbatlas:accessToken": "t" },
      {},
      'no Atlas credentials found. Looked at the properties of provider "prod" (accessToken, clientId, clientSecret, publicKey, privateKey) and the environment variables MONGODB_ATLAS_ACCESS_TOKEN, MONGODB_ATLAS_CLIENT_ID, MONGODB_ATLAS_CLIENT_SECRET, MONGODB_ATLAS_PUBLIC_API_KEY, MONGODB_ATLAS_PUBLIC_KEY, MONGODB_ATLAS_PRIVATE_API_KEY, MONGODB_ATLAS_PRIVATE_KEY. Set a service account (clientId and clientSecret), an API key pair, or an access token.',
    ],
    [
      "an incomplete pair, named as the property",
      { publicKey: "pub" },
      {},
      'incomplete Atlas credentials in the properties of provider "prod": publicKey is set but privateKey is not',
    ],
    [
      "a value that is not text, as unset",
      { accessToken: 42 },
      { MONGODB_ATLAS_ACCESS_TOKEN: "env-token" },
      { credentials: { kind: "accessToken", accessToken: "env-token" } },
    ],
  ])("%s", (_label, properties, env, expected) => {
    const resolve = () => resolveScopedSettings(providerPropertiesScope("prod", properties), env);
    if (typeof expected === "string") {
      expect(resolve).toThrow(new ConfigurationError(expected));
    } else {
      expect(resolve()).toMatchObject(expected);
    }
  });
});

describe("the environment alone (resolveEnvironmentSettings, the CLI's)", () => {
  test("names only the variables when none is set", () => {
    expect(() => resolveEnvironmentSettings({})).toThrow(
      new ConfigurationError(
        "no Atlas credentials found. Looked at the environment variables MONGODB_ATLAS_ACCESS_TOKEN, MONGODB_ATLAS_CLIENT_ID, MONGODB_ATLAS_CLIENT_SECRET, MONGODB_ATLAS_PUBLIC_API_KEY, MONGODB_ATLAS_PUBLIC_KEY, MONGODB_ATLAS_PRIVATE_API_KEY, MONGODB_ATLAS_PRIVATE_KEY. Set a service account (MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET), an API key pair, or an access token.",
      ),
    );
  });

  test("reads the variables, the base URL among them", () => {
    expect(
      resolveEnvironmentSettings({
        MONGODB_ATLAS_ACCESS_TOKEN: "t",
        MONGODB_ATLAS_BASE_URL: "http://127.0.0.1:9",
      }),
    ).toEqual({
      baseUrl: "http://127.0.0.1:9",
      credentials: { kind: "accessToken", accessToken: "t" },
      credentialSource: "environment",
      credentialOrigin: "MONGODB_ATLAS_ACCESS_TOKEN in the environment",
      warnings: [],
    });
  });
});

describe("checkScopedSettings: more than one kind, against a key of each kind ignored", () => {
  test.each<[string, Record<string, string>, { property: string; reason: string }[]]>([
    [
      "a service account and an API key",
      { clientId: "i", clientSecret: "s", publicKey: "p", privateKey: "k" },
      [
        {
          property: "publicKey",
          reason:
            'more than one kind of Atlas credentials in the properties of provider "prod"; using the service account (clientId and clientSecret) and ignoring the API key (publicKey and privateKey)',
        },
      ],
    ],
    [
      "all three kinds",
      { accessToken: "t", clientId: "i", clientSecret: "s", publicKey: "p", privateKey: "k" },
      [
        {
          property: "clientId",
          reason:
            'more than one kind of Atlas credentials in the properties of provider "prod"; using the access token (accessToken) and ignoring the service account (clientId and clientSecret)',
        },
        {
          property: "publicKey",
          reason:
            'more than one kind of Atlas credentials in the properties of provider "prod"; using the access token (accessToken) and ignoring the API key (publicKey and privateKey)',
        },
      ],
    ],
  ])("%s", (_label, properties, problems) => {
    expect(checkScopedSettings(providerPropertiesScope("prod", properties))).toEqual(problems);
  });

  test("the stack config's keys, with their namespace", () => {
    const values: Record<string, string> = {
      "atlasflex:accessToken": "t",
      "atlasflex:publicKey": "p",
      "atlasflex:privateKey": "k",
    };
    expect(
      checkScopedSettings(stackConfigScope({ get: (key) => values[key] }, "atlasflex")),
    ).toEqual([
      {
        property: "publicKey",
        reason:
          "more than one kind of Atlas credentials in the stack config; using the access token (atlasflex:accessToken) and ignoring the API key (atlasflex:publicKey and atlasflex:privateKey)",
      },
    ]);
  });
});

/** The settings table of a page: the rows under the header whose first cell is `Setting`. */
function settingsTable(page: string): string[][] {
  const lines = fs.readFileSync(path.join(REPO_ROOT, page), "utf8").split("\n");
  const header = lines.findIndex((line) => /^\| Setting +\|/.test(line));
  if (header < 0) throw new Error(`${page} has no table whose first column is "Setting"`);
  const rows = lines.slice(header + 2);
  return rows
    .slice(
      0,
      rows.findIndex((line) => !line.startsWith("|")),
    )
    .map((row) => row.split("|").slice(1, -1));
}

/**
 * The names among the `code` spans of the cells, sorted: each span up to a `=` (`NAME=1` names
 * `NAME`) that matches `name` (a value such as `true` is not a name).
 */
const namesIn = (cells: string[], name: RegExp): string[] =>
  cells
    .flatMap((cell) => [...cell.matchAll(/`([^`=]+)[^`]*`/g)].map(([, span]) => span!))
    .filter((span) => name.test(span))
    .sort();

/** Every environment variable the code reads for its settings, sorted. */
const ENVIRONMENT = [
  ...Object.values(ENV_KEYS).flat(),
  BASE_URL_ENV,
  // The tables name the upper-case spellings; undici reads NO_PROXY itself (EnvHttpProxyAgent).
  ...PROXY_VARIABLES.map(([, upper]) => upper),
  "NO_PROXY",
  TOKEN_CACHE_ENV,
].sort();

/** Every config key of `namespaces`, sorted. */
const configKeys = (namespaces: string[]): string[] =>
  namespaces.flatMap((ns) => Object.keys(CONFIG_KEYS).map((key) => `${ns}:${key}`)).sort();

describe("the configuration tables name exactly what the code reads", () => {
  test.each([
    // The README's is the Node.js SDK's; the Registry page's also the plugin's.
    ["README.md", [SDK_CONFIG_NAMESPACE]],
    ["docs/installation-configuration.md", [SDK_CONFIG_NAMESPACE, PLUGIN_CONFIG_NAMESPACE]],
  ])("%s: its stack config and environment columns", (page, namespaces) => {
    const rows = settingsTable(page);
    expect([
      namesIn(
        rows.map((row) => row[1]!),
        /^\w+:\w+$/,
      ),
      namesIn(
        rows.map((row) => row[2]!),
        /^[A-Z][A-Z0-9_]*$/,
      ),
    ]).toEqual([configKeys(namespaces), ENVIRONMENT]);
  });
});
