/**
 * The `atlasflex` resource-provider plugin: the lookups of the Node SDK as Pulumi functions
 * (invokes), for programs in any Pulumi language, on `@pulumi/pulumi`'s provider server.
 *
 * Each invoke runs the dynamic provider's own lookup (`FlexLookupProvider.lookup`: the same
 * validation, client, gate, wait, warnings and progress), with the credentials of the
 * `atlasflex:` stack config (see `pluginConfig.ts`) and then the environment. An unmet gate, a
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
import { FlexLookupProvider } from "../dynamicProvider";
import { logProgress, logWarning, type ProgressLogger } from "../engineLog";
import { FlexSnapshotError, ValidationError } from "../../atlas/errors";
import { withEmptyForAbsent } from "../../models/model";
import { PACKAGE_INFO } from "../../atlas/packageInfo";
import { REDACTED } from "../../atlas/redact";
import { forProviderHost, PREVIEW_KEY } from "../pulumiInternals";
import { RESTORE_JOB_FIELD_NAMES, RESTORE_JOB_SECRET_FIELDS } from "../../models/restoreJobModel";
import { SNAPSHOT_FIELD_NAMES } from "../../models/snapshotModel";
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

/** One snapshot as a result: every field of the model, `""` where Atlas returned nothing (the SDK's convention). */
function snapshotResult(values: Record<string, unknown>): Record<string, unknown> {
  return withEmptyForAbsent(SNAPSHOT_FIELD_NAMES, values);
}

/**
 * One restore job as a result: every field of the model, `""` where Atlas returned nothing, and
 * each secret field of the model (`snapshotUrl`, a bearer link to the backup's data) that holds
 * a value marked secret, so that the engine keeps it secret in state and outputs. An empty one
 * (a RESTORE job has no link) is left plain, as the SDK does: Pulumi YAML makes a whole invoke
 * result secret when any value in it is, which would hide a RESTORE job's status for nothing.
 */
function restoreJobResult(values: Record<string, unknown>): Record<string, unknown> {
  const secret = new Set<string>(RESTORE_JOB_SECRET_FIELDS);
  return Object.fromEntries(
    Object.entries(withEmptyForAbsent(RESTORE_JOB_FIELD_NAMES, values)).map(([name, value]) => [
      name,
      secret.has(name) && value !== "" ? secretValue(value) : value,
    ]),
  );
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
  private readonly lookups: FlexLookupProvider;
  private configured = false;

  /**
   * @param env - the environment: `PULUMI_CONFIG` and the `MONGODB_ATLAS_*` variables.
   * @param log - where progress messages go (the engine, in the plugin process).
   * @param warn - where warnings go (the engine, as warnings of the stack).
   */
  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    log: ProgressLogger = logProgress,
    private readonly warn: WarningLogger = logWarning,
  ) {
    this.lookups = new FlexLookupProvider(env, log, PLUGIN_CONFIG_NAMESPACE);
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
    if (!this.configured) {
      // Read once, at the first invoke: the engine starts one plugin process per provider.
      this.configured = true;
      await this.lookups.configure({ config: pulumiConfigSource(this.env) });
    }
    // The dynamic provider's lookup takes the latest lookup's filter as `statusFilter`.
    const { status, ...rest } = given;
    const props = {
      ...rest,
      ...(fn.kind === "latest" ? { statusFilter: status } : {}),
      lookup: fn.kind,
      // Absent when the engine's preview flag could not be read: the lookup then runs as in `up`.
      [PREVIEW_KEY]: typeof preview === "boolean" ? preview : undefined,
    };
    const result = await this.lookups.lookup(undefined, props);
    const values = (result.props ?? {}) as Record<string, unknown>;
    for (const warning of (values["warnings"] as string[] | undefined) ?? []) {
      this.warn(warning);
    }
    const identity = { name: values["name"], projectId: values["projectId"] };
    const results = (values["results"] as Record<string, unknown>[] | undefined) ?? [];
    const listId = `${String(values["projectId"])}/${String(values["name"])}`;
    if (fn.result === "list") {
      return { id: listId, ...identity, results: results.map(snapshotResult) };
    }
    if (fn.result === "restoreJobs") {
      // The dynamic provider keeps a list's secret fields apart, in `secretResults` (same order).
      const secrets = (values["secretResults"] as Record<string, unknown>[] | undefined) ?? [];
      return {
        id: listId,
        ...identity,
        results: results.map((job, i) => restoreJobResult({ ...job, ...secrets[i] })),
      };
    }
    if (fn.result === "restoreJob") {
      return { ...restoreJobResult(values), id: values["restoreJobId"], ...identity };
    }
    // The result's `id` is the snapshot's id, as the SDK's.
    return {
      ...snapshotResult({ ...values, id: values["snapshotId"] }),
      ...identity,
    };
  }
}
