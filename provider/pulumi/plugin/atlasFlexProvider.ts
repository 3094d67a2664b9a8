/**
 * The `atlasflex` resource-provider plugin: the lookups of the Node SDK as Pulumi functions
 * (invokes), for programs in any Pulumi language, on `@pulumi/pulumi`'s provider server.
 *
 * Each invoke runs its lookup through the registry's `runLookup`, as the dynamic provider and the
 * CLI do (the same validation, client, gate, wait, warnings and progress), with the credentials
 * of the `atlasflex:` stack config (see `pluginConfig.ts`) and then the environment. An unmet gate, a
 * bad argument or an Atlas error rejects the invoke with the same one-line message as the Node
 * path, so the engine fails `pulumi preview` and `pulumi up` before anything that uses the
 * result is touched.
 */
import type * as provider from "@pulumi/pulumi/provider";
import {
  isRpcSecret,
  specialSecretSig,
  specialSigKey,
  unwrapRpcSecret,
} from "@pulumi/pulumi/runtime";
import { FlexSnapshotError, ValidationError } from "../../atlas/errors";
import { PACKAGE_INFO } from "../../atlas/packageInfo";
import { REDACTED } from "../../atlas/redact";
import { formatDuration } from "../../lookups/duration";
import { passedOrThrow, runLookup, validateLookup } from "../../lookups/registry";
import { LookupSession } from "../../lookups/session";
import { logProgress, logWarning, type ProgressLogger } from "../engineLog";
import { forProviderHost, PREVIEW_KEY } from "../internals";
import { invokeResults, type ResultIdentity } from "../stateOutputs";
import { PLUGIN_FUNCTIONS, type PluginFunction } from "./functions";
import { packageSchema } from "./packageSchema";
import { PLUGIN_CONFIG_NAMESPACE, pulumiConfigSource } from "./pluginConfig";

/** A value marked secret, as the engine reads it from a plugin's result. */
export function secretValue(value: unknown): Record<string, unknown> {
  return { [specialSigKey]: specialSecretSig, value };
}

/**
 * `value` with every secret replaced by what it holds: the provider server accepts secrets
 * (`configure` answers `acceptSecrets`), so an argument the program made secret arrives wrapped.
 */
export function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (isRpcSecret(record)) return unwrapSecrets(unwrapRpcSecret(record));
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

/** Whether `value` is, or holds anywhere inside it, a value marked secret. */
function holdsSecret(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsSecret);
  if (value === null || typeof value !== "object") return false;
  const record = value as Record<string, unknown>;
  return isRpcSecret(record) || Object.values(record).some(holdsSecret);
}

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
export type WarningLogger = (message: string) => void;

/** The `atlasflex` provider: `version`, `getSchema` and `invoke` of the provider server. */
export class AtlasFlexProvider implements provider.Provider {
  /** The package's version: the plugin is shipped in it. */
  readonly version = PACKAGE_INFO.version;
  private readonly session: LookupSession;

  /**
   * @param env - the environment: `PULUMI_CONFIG` and the `MONGODB_ATLAS_*` variables.
   * @param log - where progress messages go (the engine, in the plugin process).
   * @param warn - where warnings go (the engine, as warnings of the stack).
   */
  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly log: ProgressLogger = logProgress,
    private readonly warn: WarningLogger = logWarning,
  ) {
    this.session = new LookupSession(env, PLUGIN_CONFIG_NAMESPACE);
  }

  /** The package schema, generated from the models (`packageSchema.ts`). */
  async getSchema(): Promise<string> {
    return JSON.stringify(packageSchema());
  }

  /**
   * Runs the function `token` with `inputs`. Rejects with a `FlexSnapshotError` (an unmet gate,
   * a bad argument, an Atlas error), prepared to show as one line (see `forProviderHost`).
   */
  async invoke(token: string, inputs: Record<string, unknown>): Promise<provider.InvokeResult> {
    try {
      return { outputs: await this.run(token, inputs ?? {}) };
    } catch (error) {
      throw forProviderHost(redactSecretArgument(error, inputs ?? {}));
    }
  }

  private async run(
    token: string,
    inputs: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const fn = (PLUGIN_FUNCTIONS as Record<string, PluginFunction>)[token];
    if (!fn) {
      throw new FlexSnapshotError(
        `unknown function ${token}: the ${PLUGIN_CONFIG_NAMESPACE} plugin has ${Object.keys(PLUGIN_FUNCTIONS).join(", ")}`,
      );
    }
    const { [PREVIEW_KEY]: preview, ...given } = unwrapSecrets(inputs) as Record<string, unknown>;
    const allowed = fn.args as readonly string[];
    for (const [key, value] of Object.entries(given)) {
      if (!allowed.includes(key)) {
        throw new ValidationError(key, value, `an argument of ${token} (${allowed.join(", ")})`);
      }
    }
    if (!this.session.configured) {
      // Read once, at the first invoke: the engine starts one plugin process per provider.
      this.session.configure(pulumiConfigSource(this.env));
    }
    const args = validateLookup(fn.kind, {
      ...given,
      // Absent when the engine's preview flag could not be read: the lookup then runs as in `up`.
      preview: typeof preview === "boolean" ? preview : undefined,
    });
    const outcome = passedOrThrow(
      fn.subject,
      await runLookup(fn.kind, args, {
        client: (apiVersion) => this.session.client(apiVersion),
        hooks: {
          // No resource to show progress against: an invoke's lines go to the stack.
          onProgress: (p) =>
            this.log(
              `waiting for ${p.describe}: ${p.status ?? "(no status)"} after ${formatDuration(p.elapsedMs)} (poll ${p.polls})`,
              undefined,
            ),
        },
      }),
    );
    for (const warning of this.session.takeWarnings(outcome.warnings)) {
      this.warn(warning);
    }
    const results = invokeResults(secretValue)[fn.subject] as (
      identity: ResultIdentity,
      found: unknown,
    ) => Record<string, unknown>;
    return results(args as ResultIdentity, outcome.found);
  }
}
