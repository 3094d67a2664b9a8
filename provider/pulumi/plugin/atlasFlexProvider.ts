/**
 * The `atlasflex` resource-provider plugin: the lookups of the Node SDK as Pulumi functions
 * (invokes), for programs in any Pulumi language, served on the plugin's own gRPC server
 * (`grpcServer.ts`).
 *
 * Each provider instance (the default one and each explicit `pulumi:providers:atlasflex`) runs in
 * a process of its own, configured once by the engine with that instance's properties: its
 * credentials are those properties (for the default provider, the stack's `atlasflex:` config),
 * then the `MONGODB_ATLAS_*` variables — never another instance's, and never `PULUMI_CONFIG`,
 * which holds the stack's config in every process. Each invoke runs its lookup through the
 * registry's `runLookup`, as the dynamic provider and the CLI do (the same validation, client,
 * gate, wait, warnings and progress). An unmet gate, a
 * bad argument or an Atlas error rejects the invoke with the same one-line message as the Node
 * path, so the engine fails `pulumi preview` and `pulumi up` before anything that uses the
 * result is touched.
 */
import { FlexSnapshotError, ValidationError } from "../../atlas/errors";
import { PACKAGE_INFO } from "../../atlas/packageInfo";
import { REDACTED } from "../../atlas/redact";
import { progressLine } from "../../lookups/gatedLookups";
import { passedOrThrow, runLookup, validateLookup } from "../../lookups/registry";
import { LookupSession } from "../../lookups/session";
import { logProgress, logWarning, type ProgressLogger } from "../engineLog";
import {
  checkScopedSettings,
  propertyText,
  providerPropertiesScope,
  stackConfigScope,
  type ConfigSource,
  type SettingsScope,
} from "../../atlas/settings";
// From its own module, not the internals barrel: the barrel also loads the SDK (asRunError).
import { oneLine } from "../internals/oneLineErrors";
import { holdsSecret, secretValue, unwrapSecrets } from "../rpcSecrets";
import { invokeResults, type ResultIdentity } from "../stateOutputs";
import { PLUGIN_FUNCTIONS, type PluginFunction } from "./functions";
import { schemaSpelling } from "./sdkSpellings";
import type { ConfigFailure, PluginHandlers } from "./grpcServer";
import { PLUGIN_CONFIG_NAMESPACE } from "./pluginConfig";

/** The plugin's result of each subject, with secret fields marked as the engine reads them. */
const INVOKE_RESULTS = invokeResults(secretValue);

/**
 * A {@link ValidationError} about an argument the program made secret, with the value replaced
 * by {@link REDACTED}: a validation message quotes the value it refuses, and a secret must not
 * reach the engine's output. Any other error is returned as it is.
 */
function redactSecretArgument(error: unknown, inputs: Record<string, unknown>): unknown {
  if (!(error instanceof ValidationError)) return error;
  const argument = error.field.split(".")[0] ?? "";
  return holdsSecret(inputs[argument])
    ? new ValidationError(error.field, REDACTED, error.expected)
    : error;
}

/** Where warnings go. */
type WarningLogger = (message: string) => void;

/**
 * A provider instance's properties as a config source of `resolveSettings` (`atlasflex:<key>`),
 * secrets unwrapped, each read by `propertyText`.
 */
function propertiesConfigSource(properties: Record<string, unknown>): ConfigSource {
  const values = unwrapSecrets(properties) as Record<string, unknown>;
  const prefix = `${PLUGIN_CONFIG_NAMESPACE}:`;
  return {
    get: (key) =>
      key.startsWith(prefix) ? propertyText(values, key.slice(prefix.length)) : undefined,
  };
}

/**
 * The name of an explicit provider from its URN (`…::pulumi:providers:atlasflex::prod`);
 * `undefined` for a default provider (`default`, `default_1_2_3`), whose properties are the
 * stack's `atlasflex:` config.
 */
function explicitProviderName(urn: string): string | undefined {
  const name = urn.slice(urn.lastIndexOf("::") + 2);
  return urn === "" || /^default(_|$)/.test(name) ? undefined : name;
}

/** The engine's own property of a provider instance, not a setting: its plugin version. */
const ENGINE_PROPERTIES = new Set(["version"]);

/**
 * The `atlasflex` provider: what the plugin's gRPC server serves (see {@link PluginHandlers}),
 * but the schema, which `LazyAtlasFlexProvider` serves without loading this module.
 */
export class AtlasFlexProvider implements Omit<PluginHandlers, "getSchema"> {
  /** The package's version: the plugin is shipped in it. */
  readonly version = PACKAGE_INFO.version;
  private readonly session: LookupSession;
  /** This instance's name when it is an explicit provider, learnt from `CheckConfig`'s URN. */
  private explicitName: string | undefined;

  /**
   * @param env - the environment: the `MONGODB_ATLAS_*` variables.
   * @param log - where progress messages go (the engine, in the plugin process).
   * @param warn - where warnings go (the engine, as warnings of the stack).
   */
  constructor(
    env: NodeJS.ProcessEnv = process.env,
    private readonly log: ProgressLogger = logProgress,
    private readonly warn: WarningLogger = logWarning,
  ) {
    this.session = new LookupSession(env, PLUGIN_CONFIG_NAMESPACE);
  }

  /**
   * The problems of a provider instance's properties, with the words of the settings' errors:
   * an incomplete pair, two kinds of credentials at once, a bad base URL. Missing credentials
   * are not one: the environment may supply them.
   */
  checkConfig(news: Record<string, unknown>, urn = ""): ConfigFailure[] {
    this.explicitName = explicitProviderName(urn);
    return checkScopedSettings(this.scopeOf(news));
  }

  /**
   * Where messages say the properties are: the stack's `atlasflex:` config for a default
   * provider, the properties of provider "prod" for an explicit one.
   */
  private scopeOf(properties: Record<string, unknown>): SettingsScope {
    return this.explicitName === undefined
      ? stackConfigScope(propertiesConfigSource(properties), PLUGIN_CONFIG_NAMESPACE)
      : providerPropertiesScope(
          this.explicitName,
          unwrapSecrets(properties) as Record<string, unknown>,
        );
  }

  /** The properties that changed: an update of the provider, never a replacement. */
  diffConfig(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
    const before = unwrapSecrets(olds) as Record<string, unknown>;
    const after = unwrapSecrets(news) as Record<string, unknown>;
    return [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .filter((key) => !ENGINE_PROPERTIES.has(key))
      .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      .sort();
  }

  /** Takes this instance's properties: its credentials and origin, before the environment's. */
  configure(properties: Record<string, unknown>): void {
    this.session.configure(this.scopeOf(properties));
  }

  /**
   * Runs the function `token` with `inputs`. Rejects with a `FlexSnapshotError` (an unmet gate,
   * a bad argument, an Atlas error) whose message is one line, as the engine shows it.
   */
  async invoke(
    token: string,
    inputs: Record<string, unknown>,
    preview = false,
  ): Promise<Record<string, unknown>> {
    try {
      return await this.run(token, inputs ?? {}, preview);
    } catch (error) {
      const shown = redactSecretArgument(error, inputs ?? {});
      if (shown instanceof FlexSnapshotError) shown.message = oneLine(shown.message);
      throw shown;
    }
  }

  private async run(
    token: string,
    inputs: Record<string, unknown>,
    preview: boolean,
  ): Promise<Record<string, unknown>> {
    const fn = (PLUGIN_FUNCTIONS as Record<string, PluginFunction>)[token];
    if (!fn) {
      throw new FlexSnapshotError(
        `unknown function ${token}: the ${PLUGIN_CONFIG_NAMESPACE} plugin has ${Object.keys(PLUGIN_FUNCTIONS).join(", ")}`,
      );
    }
    const given = unwrapSecrets(inputs) as Record<string, unknown>;
    const allowed = fn.args as readonly string[];
    for (const [key, value] of Object.entries(given)) {
      if (!allowed.includes(key)) {
        throw new ValidationError(key, value, `an argument of ${token} (${allowed.join(", ")})`);
      }
    }
    const args = validateLookup(fn.kind, { ...schemaSpelling(token, given), preview });
    const outcome = passedOrThrow(
      fn.subject,
      await runLookup(fn.kind, args, {
        client: (apiVersion) => this.session.client(apiVersion),
        // No resource to show progress against: an invoke's lines go to the stack.
        hooks: { onProgress: (p) => this.log(progressLine(p), undefined) },
      }),
    );
    for (const warning of this.session.takeWarnings(outcome.warnings)) {
      this.warn(warning);
    }
    const results = INVOKE_RESULTS[fn.subject] as (
      identity: ResultIdentity,
      found: unknown,
    ) => Record<string, unknown>;
    return results(args as ResultIdentity, outcome.found);
  }
}
