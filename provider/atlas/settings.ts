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
 * config variables (`provider/plugin/packageSchema.ts`), so they are listed once, here.
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

/** The stack config keys of each credential field under `namespace`, e.g. `mongodbatlas:clientId`. */
function stackKeys(namespace: string): Source["keys"] {
  return {
    accessToken: [`${namespace}:accessToken`],
    clientId: [`${namespace}:clientId`],
    clientSecret: [`${namespace}:clientSecret`],
    publicKey: [`${namespace}:publicKey`],
    privateKey: [`${namespace}:privateKey`],
  };
}

const ENV_KEYS = {
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

/** The credentials of one source, or `undefined` when it sets none. */
function credentialsFrom(
  source: Source,
): { credentials: Credentials; warnings: string[] } | undefined {
  const get = (field: CredentialField) => lookup(source, field);
  const found: Credentials[] = [];
  const accessToken = get("accessToken");
  if (accessToken) {
    found.push({ kind: "accessToken", accessToken: accessToken.value });
  }
  for (const [first, second, kind] of [
    ["clientId", "clientSecret", "serviceAccount"],
    ["publicKey", "privateKey", "apiKey"],
  ] as const) {
    const a = get(first);
    const b = get(second);
    if (a && b) {
      found.push(
        kind === "serviceAccount"
          ? { kind, clientId: a.value, clientSecret: b.value }
          : { kind, publicKey: a.value, privateKey: b.value },
      );
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
  if (!chosen) {
    return undefined;
  }
  const warnings = ignored.map(
    (other) =>
      `the ${source.label} sets more than one kind of Atlas credentials; using the ${describeKind(chosen)} and ignoring the ${describeKind(other)}`,
  );
  return { credentials: chosen, warnings };
}

function describeKind(credentials: Credentials): string {
  return credentials.kind === "accessToken"
    ? "access token"
    : credentials.kind === "serviceAccount"
      ? "service account (clientId/clientSecret)"
      : "API key (publicKey/privateKey)";
}

/**
 * The proxy variables undici's `EnvHttpProxyAgent` reads, in its order: the lower-case name
 * wins when it is set at all (`http_proxy ?? HTTP_PROXY`), as in undici's own code.
 */
const PROXY_VARIABLES = [
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
export function checkProxyEnvironment(env: NodeJS.ProcessEnv): void {
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
 * the environment.
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
  const sources: Source[] = [
    { label: "stack config", keys: stackKeys(namespace), read: (key) => config.get(key) },
    { label: "environment", keys: ENV_KEYS, read: (key) => env[key] },
  ];
  let resolved: { credentials: Credentials; warnings: string[]; source: Source } | undefined;
  for (const source of sources) {
    const found = credentialsFrom(source);
    if (found) {
      resolved = { ...found, source };
      break;
    }
  }
  if (!resolved) {
    const looked = (source: Source) => Object.values(source.keys).flat().join(", ");
    throw new ConfigurationError(
      `no Atlas credentials found. Looked at the stack config keys ${looked(sources[0]!)} and the environment variables ${looked(sources[1]!)}. Set a service account (${namespace}:clientId and ${namespace}:clientSecret, with --secret), an API key pair, or an access token.`,
    );
  }
  const baseUrl = resolveBaseUrl(config, env, namespace);
  checkProxyEnvironment(env);
  return {
    baseUrl,
    credentials: resolved.credentials,
    credentialSource: resolved.source.label,
    warnings: resolved.warnings,
  };
}

/** A problem of a provider's own settings, against the property it is about. */
export interface SettingsProblem {
  /** The setting, without its namespace (`clientSecret`, `baseUrl`). */
  readonly property: string;
  /** What is wrong, in the words of {@link resolveSettings}'s error or warning. */
  readonly reason: string;
}

/**
 * Checks the settings of one config source alone (a provider instance's properties): a
 * credential pair with one half set, more than one kind of credentials, a base URL or
 * `isMongodbgovCloud` that is not valid. Missing credentials are no problem here: the
 * environment may still supply them when the provider runs.
 */
export function checkStackSettings(config: ConfigSource, namespace: string): SettingsProblem[] {
  const source: Source = {
    label: "stack config",
    keys: stackKeys(namespace),
    read: (key) => config.get(key),
  };
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
  const found = record("clientId", () => credentialsFrom(source));
  for (const warning of found?.warnings ?? []) {
    problems.push({ property: "accessToken", reason: warning });
  }
  // As `resolveBaseUrl` reads them: isMongodbgovCloud only counts without a base URL.
  const failures = problems.length;
  const origin = record("baseUrl", () => configuredOrigin(config, namespace));
  if (origin === undefined && problems.length === failures) {
    record("isMongodbgovCloud", () => govCloud(config, namespace));
  }
  return problems;
}

/** The base URL of the stack config (`<namespace>:baseUrl`), checked; `undefined` when unset. */
function configuredOrigin(config: ConfigSource, namespace: string): AtlasOrigin | undefined {
  const fromConfig = nonEmpty(config.get(`${namespace}:baseUrl`));
  return fromConfig ? normalizeBaseUrl(fromConfig, `${namespace}:baseUrl`) : undefined;
}

/** Whether the stack config asks for Atlas for Government (`<namespace>:isMongodbgovCloud`). */
function govCloud(config: ConfigSource, namespace: string): boolean {
  const gov = nonEmpty(config.get(`${namespace}:isMongodbgovCloud`))?.toLowerCase();
  if (gov !== undefined && gov !== "true" && gov !== "false") {
    throw new ConfigurationError(
      `${namespace}:isMongodbgovCloud ${quote(gov)} must be true or false`,
    );
  }
  return gov === "true";
}

function resolveBaseUrl(
  config: ConfigSource,
  env: NodeJS.ProcessEnv,
  namespace: string,
): AtlasOrigin {
  const fromConfig = configuredOrigin(config, namespace);
  if (fromConfig) return fromConfig;
  const fromEnv = nonEmpty(env["MONGODB_ATLAS_BASE_URL"]);
  if (fromEnv) {
    return normalizeBaseUrl(fromEnv, "MONGODB_ATLAS_BASE_URL");
  }
  return govCloud(config, namespace) ? GOV_BASE_URL : DEFAULT_BASE_URL;
}
