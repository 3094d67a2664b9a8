/**
 * Where the provider's settings come from: the stack configuration under a namespace —
 * `mongodbatlas:` (the keys of `@pulumi/mongodbatlas`) for the Node SDK's dynamic provider,
 * `atlasflex:` for the `atlasflex` plugin — then the environment variables of the Atlas
 * Terraform provider and Atlas CLI. The first source that holds any credential wins; within a source an
 * access token beats a service account, which beats an API key.
 */
import { ConfigurationError } from "./errors";
import { quote, redactUrl } from "./redact";
import type { Credentials } from "./auth";
import { DEFAULT_BASE_URL, GOV_BASE_URL, normalizeBaseUrl, type AtlasOrigin } from "./origin";

/** Anything that reads configuration values by key, like a dynamic provider's `req.config`. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** A config source with nothing in it: only the environment then supplies settings. */
export const EMPTY_CONFIG: ConfigSource = { get: () => undefined };

/** The provider's resolved settings. */
export interface ProviderSettings {
  /** The Atlas origin, normalized (see {@link normalizeBaseUrl}). */
  readonly baseUrl: string;
  readonly credentials: Credentials;
  /** Where the credentials came from, e.g. `stack config` (for messages; never the values). */
  readonly credentialSource: string;
  /**
   * The keys the credentials in use were read from, and where: what a message about refused
   * credentials tells the user to check, e.g. `atlasflex:clientId and atlasflex:clientSecret in
   * the stack config` or `MONGODB_ATLAS_ACCESS_TOKEN in the environment`.
   */
  readonly credentialOrigin: string;
  /** Things the user should know, such as credentials that were set but not used. */
  readonly warnings: readonly string[];
}

/**
 * Settings as {@link resolveSettings} returns them: the base URL is branded as checked, so that
 * the API client built from them (`AtlasClient.fromSettings`) does not normalize it again.
 */
export type ResolvedSettings = ProviderSettings & { readonly baseUrl: AtlasOrigin };

/** One source of credentials: how its keys are named and how values are read. */
interface Source {
  readonly label: string;
  readonly keys: {
    readonly accessToken: readonly string[];
    readonly clientId: readonly string[];
    readonly clientSecret: readonly string[];
    readonly publicKey: readonly string[];
    readonly privateKey: readonly string[];
  };
  readonly read: (key: string) => string | undefined;
}

/**
 * The stack config namespace of the Node SDK's dynamic provider: `@pulumi/mongodbatlas`'s, so
 * that a stack configured for it needs nothing more.
 */
export const SDK_CONFIG_NAMESPACE = "mongodbatlas";

/**
 * The configuration keys of the provider, without their namespace: the credentials of
 * {@link resolveSettings} and the origin. The `atlasflex` plugin's schema declares them as its
 * config variables (`provider/pulumi/plugin/packageSchema.ts`), so they are listed once, here.
 */
export const CONFIG_KEYS = {
  clientId: { secret: false, doc: "The client id of an Atlas service account." },
  clientSecret: { secret: true, doc: "The client secret of the Atlas service account." },
  publicKey: { secret: false, doc: "The public key of an Atlas programmatic API key." },
  privateKey: { secret: true, doc: "The private key of the Atlas programmatic API key." },
  accessToken: { secret: true, doc: "An Atlas access token, used as it is." },
  baseUrl: {
    secret: false,
    doc: "The Atlas origin, e.g. `https://cloud.mongodb.com` (the default).",
  },
  isMongodbgovCloud: {
    secret: false,
    doc: "`true` to use Atlas for Government (`https://cloud.mongodbgov.com`).",
  },
} as const satisfies Record<string, { secret: boolean; doc: string }>;

/** A setting of {@link CONFIG_KEYS}: `clientId`, `baseUrl`, … */
export type SettingName = keyof typeof CONFIG_KEYS;

/**
 * The first place a provider reads its settings from, before the environment: the stack config
 * under a namespace (a default provider), or an explicit provider's own properties. Messages
 * name the place (`label`) and each setting as it is written there (`keyOf`).
 */
export interface SettingsScope {
  /** The place, in messages: `stack config`, `properties of provider "prod"`. */
  readonly label: string;
  /** A setting as it is written there: `mongodbatlas:clientId`, `clientId`. */
  readonly keyOf: (setting: SettingName) => string;
  /** The value of a key named by `keyOf`, as text. */
  readonly read: (key: string) => string | undefined;
  /** Whether values are set with `pulumi config set` (which then needs `--secret`). */
  readonly isStackConfig: boolean;
}

/** The stack config under `namespace` (`mongodbatlas:clientId`, …): a default provider's settings. */
export function stackConfigScope(
  config: ConfigSource,
  namespace: string = SDK_CONFIG_NAMESPACE,
): SettingsScope {
  return {
    label: "stack config",
    keyOf: (setting) => `${namespace}:${setting}`,
    read: (key) => config.get(key),
    isStackConfig: true,
  };
}

/**
 * The setting `key` of a provider's properties as text: a string as it is, a boolean
 * (`isMongodbgovCloud`) as its text, anything else as unset.
 */
export function propertyText(
  properties: Readonly<Record<string, unknown>>,
  key: string,
): string | undefined {
  const value = Object.hasOwn(properties, key) ? properties[key] : undefined;
  return typeof value === "string" || typeof value === "boolean" ? String(value) : undefined;
}

/**
 * An explicit provider's own properties (`clientId`, …): its settings, wherever the program
 * got them, read by {@link propertyText}.
 *
 * @param provider - the provider's name, for messages.
 */
export function providerPropertiesScope(
  provider: string,
  properties: Readonly<Record<string, unknown>>,
): SettingsScope {
  return {
    label: `properties of provider ${quote(provider)}`,
    keyOf: (setting) => setting,
    read: (key) => propertyText(properties, key),
    isStackConfig: false,
  };
}

/** The credential keys of a scope, as a {@link Source}. */
function scopeSource(scope: SettingsScope): Source {
  const keys = (setting: SettingName) => [scope.keyOf(setting)];
  return {
    label: scope.label,
    keys: {
      accessToken: keys("accessToken"),
      clientId: keys("clientId"),
      clientSecret: keys("clientSecret"),
      publicKey: keys("publicKey"),
      privateKey: keys("privateKey"),
    },
    read: scope.read,
  };
}

/** The environment variables of each credential setting, in the order they are read. */
export const ENV_KEYS = {
  accessToken: ["MONGODB_ATLAS_ACCESS_TOKEN"],
  clientId: ["MONGODB_ATLAS_CLIENT_ID"],
  clientSecret: ["MONGODB_ATLAS_CLIENT_SECRET"],
  publicKey: ["MONGODB_ATLAS_PUBLIC_API_KEY", "MONGODB_ATLAS_PUBLIC_KEY"],
  privateKey: ["MONGODB_ATLAS_PRIVATE_API_KEY", "MONGODB_ATLAS_PRIVATE_KEY"],
} as const;

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

type CredentialField = keyof Source["keys"];

/** Credentials found in one source, with the keys they were read from. */
interface FoundCredentials {
  readonly credentials: Credentials;
  /** The settings they were read from, without a namespace: what `CheckConfig` names. */
  readonly settings: readonly CredentialField[];
  /** The keys they were read from, as the source writes them (`atlasflex:clientId`, …). */
  readonly keys: readonly string[];
}

/** Reads the first set key of `field` in `source`, with the key's name. */
function lookup(
  source: Source,
  field: CredentialField,
): { key: string; value: string } | undefined {
  for (const key of source.keys[field]) {
    const value = nonEmpty(source.read(key));
    if (value !== undefined) {
      return { key, value };
    }
  }
  return undefined;
}

/**
 * The credentials of one source, the kind it uses first and the kinds it ignores, or
 * `undefined` when it sets none.
 */
function credentialsFrom(
  source: Source,
): { chosen: FoundCredentials; ignored: FoundCredentials[] } | undefined {
  const get = (field: CredentialField) => lookup(source, field);
  const found: FoundCredentials[] = [];
  const accessToken = get("accessToken");
  if (accessToken) {
    found.push({
      credentials: { kind: "accessToken", accessToken: accessToken.value },
      settings: ["accessToken"],
      keys: [accessToken.key],
    });
  }
  for (const [first, second, kind] of [
    ["clientId", "clientSecret", "serviceAccount"],
    ["publicKey", "privateKey", "apiKey"],
  ] as const) {
    const a = get(first);
    const b = get(second);
    if (a && b) {
      found.push({
        credentials:
          kind === "serviceAccount"
            ? { kind, clientId: a.value, clientSecret: b.value }
            : { kind, publicKey: a.value, privateKey: b.value },
        settings: [first, second],
        keys: [a.key, b.key],
      });
    } else if (a || b) {
      const present = (a ?? b)!.key;
      const missing = source.keys[a ? second : first].join(" or ");
      throw new ConfigurationError(
        `incomplete Atlas credentials in the ${source.label}: ${present} is set but ${missing} is not`,
        { setting: a ? second : first },
      );
    }
  }
  const [chosen, ...ignored] = found;
  return chosen ? { chosen, ignored } : undefined;
}

const KIND_NOUNS: Record<Credentials["kind"], string> = {
  accessToken: "access token",
  serviceAccount: "service account",
  apiKey: "API key",
};

/** Credentials as messages name them: their kind and the keys they were read from. */
function describeFound(found: FoundCredentials): string {
  return `${KIND_NOUNS[found.credentials.kind]} (${found.keys.join(" and ")})`;
}

/** The warning about credentials of a source that are set but not used. */
function ignoredWarning(source: Source, chosen: FoundCredentials, other: FoundCredentials): string {
  return `more than one kind of Atlas credentials in the ${source.label}; using the ${describeFound(chosen)} and ignoring the ${describeFound(other)}`;
}

/**
 * The proxy variables undici's `EnvHttpProxyAgent` reads, in its order: the lower-case name
 * wins when it is set at all (`http_proxy ?? HTTP_PROXY`), as in undici's own code.
 */
export const PROXY_VARIABLES = [
  ["http_proxy", "HTTP_PROXY"],
  ["https_proxy", "HTTPS_PROXY"],
] as const;

/** The proxy schemes undici's `ProxyAgent` speaks. */
const PROXY_PROTOCOLS = new Set(["http:", "https:", "socks:", "socks5:"]);

/**
 * Checks the proxy variables that the transport will use, before any request: a malformed one
 * would otherwise fail inside undici with a message that quotes it whole (password included),
 * or send requests nowhere useful. The error names the variable and shows its value redacted.
 *
 * @throws ConfigurationError for a proxy variable that is not an `http://`, `https://` or
 * `socks5://` URL with a host
 */
function checkProxyEnvironment(env: NodeJS.ProcessEnv): void {
  for (const [lower, upper] of PROXY_VARIABLES) {
    const name = env[lower] !== undefined ? lower : upper;
    const value = env[name];
    if (value === undefined || value === "") {
      continue;
    }
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (url === undefined || !PROXY_PROTOCOLS.has(url.protocol) || url.hostname === "") {
      throw new ConfigurationError(
        `${name} ${redactUrl(value)} is not a proxy URL: expected e.g. http://proxy.example.com:3128 (or unset ${name})`,
      );
    }
  }
}

/**
 * Resolves the provider's settings from the stack configuration (keys under `namespace`) and
 * the environment: {@link resolveScopedSettings} of the stack config.
 *
 * @param namespace - the stack config namespace: `mongodbatlas` (the default) for the Node SDK,
 * `atlasflex` for the plugin.
 * @example
 * ```ts
 * const settings = resolveSettings(req.config, process.env);
 * ```
 */
export function resolveSettings(
  config: ConfigSource,
  env: NodeJS.ProcessEnv,
  namespace: string = SDK_CONFIG_NAMESPACE,
): ResolvedSettings {
  return resolveScopedSettings(stackConfigScope(config, namespace), env);
}

/**
 * Resolves the provider's settings from `scope` (the stack config, or an explicit provider's
 * properties; `undefined` for none), then the environment. The first that holds any credential
 * wins.
 *
 * @example
 * ```ts
 * const settings = resolveScopedSettings(providerPropertiesScope("prod", { accessToken }), process.env);
 * ```
 */
export function resolveScopedSettings(
  scope: SettingsScope | undefined,
  env: NodeJS.ProcessEnv,
): ResolvedSettings {
  const environment: Source = { label: "environment", keys: ENV_KEYS, read: (key) => env[key] };
  const sources = scope === undefined ? [environment] : [scopeSource(scope), environment];
  let resolved:
    { chosen: FoundCredentials; ignored: FoundCredentials[]; source: Source } | undefined;
  for (const source of sources) {
    const found = credentialsFrom(source);
    if (found) {
      resolved = { ...found, source };
      break;
    }
  }
  if (!resolved) {
    throw new ConfigurationError(noCredentialsMessage(scope, environment));
  }
  const { chosen, ignored, source } = resolved;
  const baseUrl = resolveBaseUrl(scope, env);
  checkProxyEnvironment(env);
  return {
    baseUrl,
    credentials: chosen.credentials,
    credentialSource: source.label,
    credentialOrigin: `${chosen.keys.join(" and ")} in the ${source.label}`,
    warnings: ignored.map((other) => ignoredWarning(source, chosen, other)),
  };
}

/**
 * Resolves the settings from the environment alone, as the `flex-snapshot` CLI reads them: it
 * has no stack config, so its messages name only the variables.
 */
export function resolveEnvironmentSettings(env: NodeJS.ProcessEnv): ResolvedSettings {
  return resolveScopedSettings(undefined, env);
}

/** What to say when no source holds credentials: every key looked at, and what to set. */
function noCredentialsMessage(scope: SettingsScope | undefined, environment: Source): string {
  const looked = (source: Source) => Object.values(source.keys).flat().join(", ");
  const variables = `the environment variables ${looked(environment)}`;
  if (scope === undefined) {
    const serviceAccount = `${ENV_KEYS.clientId[0]} and ${ENV_KEYS.clientSecret[0]}`;
    return `no Atlas credentials found. Looked at ${variables}. Set a service account (${serviceAccount}), an API key pair, or an access token.`;
  }
  const own = scopeSource(scope);
  const where = scope.isStackConfig
    ? `the stack config keys ${looked(own)}`
    : `the ${scope.label} (${looked(own)})`;
  const serviceAccount = `${scope.keyOf("clientId")} and ${scope.keyOf("clientSecret")}${scope.isStackConfig ? ", with --secret" : ""}`;
  return `no Atlas credentials found. Looked at ${where} and ${variables}. Set a service account (${serviceAccount}), an API key pair, or an access token.`;
}

/** A problem of a provider's own settings, against the property it is about. */
interface SettingsProblem {
  /** The setting, without its namespace (`clientSecret`, `baseUrl`). */
  readonly property: string;
  /** What is wrong, in the words of {@link resolveSettings}'s error or warning. */
  readonly reason: string;
}

/**
 * Checks a provider's own settings alone (its properties, or the stack config): a credential
 * pair with one half set, more than one kind of credentials, a base URL or `isMongodbgovCloud`
 * that is not valid. Missing credentials are no problem here: the environment may still supply
 * them when the provider runs.
 */
export function checkScopedSettings(scope: SettingsScope): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  /** Runs `check`, and records its configuration error against `property` (or its own setting). */
  const record = <T>(property: string, check: () => T): T | undefined => {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      problems.push({ property: error.setting ?? property, reason: error.message });
      return undefined;
    }
  };
  const source = scopeSource(scope);
  const found = record("clientId", () => credentialsFrom(source));
  // Against a key of the kind that is ignored: one the user set, and may remove.
  for (const other of found?.ignored ?? []) {
    problems.push({
      property: other.settings[0]!,
      reason: ignoredWarning(source, found!.chosen, other),
    });
  }
  // As `resolveBaseUrl` reads them: isMongodbgovCloud only counts without a base URL.
  const failures = problems.length;
  const origin = record("baseUrl", () => configuredOrigin(scope));
  if (origin === undefined && problems.length === failures) {
    record("isMongodbgovCloud", () => govCloud(scope));
  }
  return problems;
}

/** The base URL of the scope, checked; `undefined` when unset. */
function configuredOrigin(scope: SettingsScope): AtlasOrigin | undefined {
  const key = scope.keyOf("baseUrl");
  const fromScope = nonEmpty(scope.read(key));
  return fromScope ? normalizeBaseUrl(fromScope, key) : undefined;
}

/** Whether the scope asks for Atlas for Government (`isMongodbgovCloud`). */
function govCloud(scope: SettingsScope): boolean {
  const key = scope.keyOf("isMongodbgovCloud");
  const gov = nonEmpty(scope.read(key))?.toLowerCase();
  if (gov !== undefined && gov !== "true" && gov !== "false") {
    throw new ConfigurationError(`${key} ${quote(gov)} must be true or false`);
  }
  return gov === "true";
}

/** The environment variable of the base URL, read after the config's `baseUrl` (the Atlas CLI's). */
export const BASE_URL_ENV = "MONGODB_ATLAS_BASE_URL";

function resolveBaseUrl(scope: SettingsScope | undefined, env: NodeJS.ProcessEnv): AtlasOrigin {
  const fromScope = scope && configuredOrigin(scope);
  if (fromScope) return fromScope;
  const fromEnv = nonEmpty(env[BASE_URL_ENV]);
  if (fromEnv) {
    return normalizeBaseUrl(fromEnv, BASE_URL_ENV);
  }
  return scope && govCloud(scope) ? GOV_BASE_URL : DEFAULT_BASE_URL;
}
