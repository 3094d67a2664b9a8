/**
 * The Pulumi dynamic provider behind the lookups: `configure` resolves the settings from the
 * stack configuration and the environment; `read` runs the lookup its props name (one snapshot,
 * the latest, or the list; one restore job, or the list), waits if asked, and applies the gate.
 *
 * This module runs in Pulumi's dynamic-provider host. The SDK does not serialize it: it
 * serializes a small shim (`sdk/providerShim.ts`) that `require`s this module by package name.
 */
import type * as pulumi from "@pulumi/pulumi";
import { AtlasClient } from "../atlas/client";
import { formatDuration } from "../lookups/duration";
import { logProgress, type ProgressLogger } from "./engineLog";
import { FlexSnapshotError } from "../atlas/errors";
import { GateError } from "../lookups/errors";
import {
  lookupLatestSnapshot,
  lookupRestoreJob,
  lookupSnapshot,
  type LookupVerdict,
  type PassedVerdict,
} from "../lookups/gatedLookups";
import { forProviderHost, inProviderHost, PREVIEW_KEY } from "./pulumiInternals";
import {
  RESTORE_JOB_SECRET_FIELDS,
  restoreJobValues,
  type RestoreJobField,
  type RestoreJobValues,
} from "../models/restoreJobModel";
import type { FlexBackupRestoreJob, FlexBackupSnapshot } from "../atlas/schema";
import {
  resolveSettings,
  SDK_CONFIG_NAMESPACE,
  type ConfigSource,
  type ResolvedSettings,
} from "../atlas/settings";
import { revokeOnSignals } from "../atlas/shutdown";
import { snapshotValues, type SnapshotValues } from "../models/snapshotModel";
import {
  validateLatestArgs,
  validateListArgs,
  validateLookupArgs,
  validateRestoreJobListArgs,
  validateRestoreJobLookupArgs,
} from "../lookups/validation";
import type { ApiVersion, FlexSnapshotRef } from "../atlas/refs";

/** The kinds of lookup; the SDK's resources set `lookup` to one of them. */
export type LookupKind = "snapshot" | "latest" | "list" | "restoreJob" | "restoreJobs";

/**
 * One snapshot as the provider stores it in state, with the result names of the snapshot model
 * (`@pulumi/mongodbatlas`'s: `mongoDBVersion` → `mongoDbVersion`). The state's convention for a
 * value Atlas did not return is decided here: the field is absent (a protobuf Struct has no
 * `undefined`, and an absent output reads as `undefined` in a program). The SDK turns that into
 * `""`, the CLI into `null`.
 */
export type SnapshotOutputs = Partial<SnapshotValues>;

/**
 * The outputs of a one-snapshot lookup (by id or the latest) as they are stored in state: the
 * snapshot (a field Atlas did not return is absent), the cluster and the snapshot's id as asked
 * for or found, and the warnings.
 */
export type FlexSnapshotOutputs = Omit<SnapshotOutputs, "id" | "snapshotId"> &
  FlexSnapshotRef & {
    /** Warnings for the user (the SDK logs them through Pulumi). */
    readonly warnings: readonly string[];
  };

/** Drops `undefined` values: the provider host turns props into a protobuf Struct, which has none. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Maps one Atlas snapshot to the result's names, leaving out what Atlas did not return. */
export function toSnapshotOutputs(snapshot: FlexBackupSnapshot): SnapshotOutputs {
  return defined(snapshotValues(snapshot, undefined));
}

/** The outputs of a lookup of one snapshot (by id or the latest). */
export function toOutputs(ref: FlexSnapshotRef, outcome: PassedVerdict): FlexSnapshotOutputs {
  // No top-level `id`: that name is the resource's own id to Pulumi.
  const { id: _id, ...snapshot } = toSnapshotOutputs(outcome.snapshot);
  return {
    ...snapshot,
    projectId: ref.projectId,
    name: ref.name,
    snapshotId: ref.snapshotId,
    warnings: [...outcome.warnings],
  };
}

/**
 * One restore job as the provider stores it in state, with the result names of the restore job
 * model; a value Atlas did not return is absent, as for snapshots ({@link SnapshotOutputs}).
 */
export type RestoreJobOutputs = Partial<RestoreJobValues>;

/** The result names of the restore job model's secret fields (`snapshotUrl`). */
export type RestoreJobSecretField = Extract<RestoreJobField, { readonly secret: true }>["result"];

/** The secret fields of one restore job (`snapshotUrl`), kept apart in a list's state. */
export type RestoreJobSecretOutputs = Partial<Pick<RestoreJobValues, RestoreJobSecretField>>;

/** Maps one Atlas restore job to the result's names, leaving out what Atlas did not return. */
export function toRestoreJobOutputs(restoreJob: FlexBackupRestoreJob): RestoreJobOutputs {
  return defined(restoreJobValues(restoreJob, undefined));
}

/**
 * The outputs of a restore job list, as stored in state: `results` without the model's secret
 * fields, and those fields in `secretResults` (same order), which the SDK registers as a secret
 * output — only when some job has one, so that a list of RESTORE jobs is not secret at all.
 * `additionalSecretOutputs` marks whole outputs, so the secret values get an output of their own.
 */
export function toRestoreJobListOutputs(restoreJobs: readonly FlexBackupRestoreJob[]): {
  results: RestoreJobOutputs[];
  secretResults?: RestoreJobSecretOutputs[];
} {
  const secret = new Set<string>(RESTORE_JOB_SECRET_FIELDS);
  const split = restoreJobs.map((job) => {
    const entries = Object.entries(toRestoreJobOutputs(job));
    return {
      open: Object.fromEntries(entries.filter(([key]) => !secret.has(key))) as RestoreJobOutputs,
      hidden: Object.fromEntries(
        entries.filter(([key]) => secret.has(key)),
      ) as RestoreJobSecretOutputs,
    };
  });
  const results = split.map((job) => job.open);
  return split.some((job) => Object.keys(job.hidden).length > 0)
    ? { results, secretResults: split.map((job) => job.hidden) }
    : { results };
}

/**
 * A verdict that passed, as it is; a failed one becomes the {@link GateError} that fails the
 * read (its message, the snapshot, the shortfalls and the warnings).
 */
function passed<Found extends FlexBackupSnapshot | undefined>(
  verdict: LookupVerdict<Found>,
): PassedVerdict {
  if (verdict.failure !== undefined) {
    throw new GateError(verdict.failure, verdict.snapshot, verdict.shortfalls, verdict.warnings);
  }
  return verdict;
}

/** The inputs of a lookup, as the SDK registers them; everything else in `props` is dropped. */
const INPUT_KEYS = [
  "lookup",
  "projectId",
  "name",
  "snapshotId",
  "restoreJobId",
  "statusFilter",
  "require",
  "wait",
  "apiVersion",
  "preview",
  PREVIEW_KEY,
  "progressUrn",
] as const;

/** The properties the engine passes to `read`, with the host's reserved key. */
type ReadProps = Record<string, unknown> & { __provider?: string };

/** A dynamic provider that looks up flex cluster snapshots; it never creates anything. */
export class FlexLookupProvider implements pulumi.dynamic.ResourceProvider {
  private settings: ResolvedSettings | undefined;
  private settingsError: unknown;
  private readonly clients = new Map<string, AtlasClient>();
  private readonly pendingWarnings: string[] = [];

  /**
   * @param env - the environment to read credentials from.
   * @param log - where progress messages go (the engine, when in the provider host).
   * @param namespace - the stack config namespace of the credentials: `mongodbatlas` for the
   * SDK's dynamic provider, `atlasflex` for the plugin (see `resolveSettings`).
   */
  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly log: ProgressLogger = logProgress,
    private readonly namespace: string = SDK_CONFIG_NAMESPACE,
  ) {}

  /** Resolves the settings. A configuration error is kept and reported by `read`, after the arguments are validated. */
  async configure(req: { config: ConfigSource }): Promise<void> {
    this.applyConfig(req.config);
  }

  private applyConfig(config: ConfigSource): void {
    try {
      this.settings = resolveSettings(config, this.env, this.namespace);
      this.settingsError = undefined;
      this.pendingWarnings.push(...this.settings.warnings);
    } catch (error) {
      this.settings = undefined;
      this.settingsError = error;
    }
    this.clients.clear();
  }

  /** Always fails: a snapshot lookup reads an existing snapshot and has nothing to create. */
  async create(): Promise<pulumi.dynamic.CreateResult> {
    throw new FlexSnapshotError(
      "FlexSnapshot is a lookup only: it reads an existing Atlas snapshot and cannot create one. Pass the snapshot id as `id` in the resource options, or use getFlexSnapshot/getFlexSnapshotOutput.",
    );
  }

  /**
   * Runs the lookup named by `props` and applies its gate. Fails with a {@link FlexSnapshotError}
   * subclass; in the provider host, shown by the engine as one line (see `forProviderHost`).
   */
  async read(id: string, props?: ReadProps): Promise<pulumi.dynamic.ReadResult> {
    try {
      return await this.lookup(id, props);
    } catch (error) {
      throw forProviderHost(error);
    }
  }

  /**
   * Runs the lookup named by `props` (its `lookup`: one snapshot, the latest, or the list) and
   * applies its gate, as `read` does, but throws its errors as they are: the `atlasflex`
   * plugin's invokes run their lookups through here (`provider/plugin/atlasFlexProvider.ts`).
   *
   * @param id - the snapshot id of a lookup by id whose `props` do not name it (a `read`'s id).
   */
  async lookup(id: string | undefined, props?: ReadProps): Promise<pulumi.dynamic.ReadResult> {
    const given: Record<string, unknown> = props ?? {};
    // `preview` is the key's earlier name, still read for lookups registered by older SDKs.
    const inputs: Record<string, unknown> =
      given[PREVIEW_KEY] === undefined ? given : { ...given, preview: given[PREVIEW_KEY] };
    // Keep the lookup's own inputs as given and nothing else from `props`: on a refresh they also
    // hold the previous outputs, which must not survive when Atlas no longer returns a field.
    const kept = Object.fromEntries(
      INPUT_KEYS.filter((key) => given[key] !== undefined).map((key) => [key, given[key]]),
    );
    const kind = (inputs["lookup"] ?? "snapshot") as LookupKind;
    const urn = typeof inputs["progressUrn"] === "string" ? inputs["progressUrn"] : undefined;
    const hooks = {
      onProgress: (p: {
        describe: string;
        status: string | undefined;
        elapsedMs: number;
        polls: number;
      }) =>
        this.log(
          `waiting for ${p.describe}: ${p.status ?? "(no status)"} after ${formatDuration(p.elapsedMs)} (poll ${p.polls})`,
          urn,
        ),
    };
    if (kind === "restoreJobs") {
      const args = validateRestoreJobListArgs(inputs);
      const restoreJobs = await this.client(args.apiVersion).fetchAllRestoreJobs(args);
      return {
        id,
        props: {
          ...kept,
          projectId: args.projectId,
          name: args.name,
          ...toRestoreJobListOutputs(restoreJobs),
          warnings: this.takeWarnings([]),
        },
      };
    }
    if (kind === "restoreJob") {
      const args = validateRestoreJobLookupArgs({
        ...inputs,
        restoreJobId: inputs["restoreJobId"] ?? id,
      });
      const verdict = await lookupRestoreJob(this.client(args.apiVersion), args, hooks);
      if (verdict.failure !== undefined) {
        // The job itself is not kept on the error: it may hold the secret `snapshotUrl`.
        throw new GateError(verdict.failure, undefined, verdict.shortfalls, verdict.warnings);
      }
      const outputs = {
        ...toRestoreJobOutputs(verdict.restoreJob),
        projectId: args.projectId,
        name: args.name,
        restoreJobId: args.restoreJobId,
      };
      return {
        id: args.restoreJobId,
        props: { ...kept, ...outputs, warnings: this.takeWarnings(verdict.warnings) },
      };
    }
    if (kind === "list") {
      const args = validateListArgs(inputs);
      const snapshots = await this.client(args.apiVersion).fetchAllSnapshots(args);
      return {
        id,
        props: {
          ...kept,
          projectId: args.projectId,
          name: args.name,
          results: snapshots.map(toSnapshotOutputs),
          warnings: this.takeWarnings([]),
        },
      };
    }
    if (kind === "latest") {
      // The SDK passes the `status` filter as `statusFilter`: `status` is an output.
      const args = validateLatestArgs({ ...inputs, status: inputs["statusFilter"] });
      const outcome = passed(await lookupLatestSnapshot(this.client(args.apiVersion), args, hooks));
      const outputs = toOutputs({ ...args, snapshotId: outcome.snapshot.id ?? "" }, outcome);
      return { id, props: { ...kept, ...outputs, warnings: this.takeWarnings(outputs.warnings) } };
    }
    const args = validateLookupArgs({ ...inputs, snapshotId: inputs["snapshotId"] ?? id });
    const outcome = passed(await lookupSnapshot(this.client(args.apiVersion), args, hooks));
    const outputs = toOutputs(args, outcome);
    return {
      id: args.snapshotId,
      props: { ...kept, ...outputs, warnings: this.takeWarnings(outputs.warnings) },
    };
  }

  /** This read's warnings, preceded by the provider's own not yet reported. */
  private takeWarnings(own: readonly string[]): string[] {
    return [...this.pendingWarnings.splice(0), ...own];
  }

  private client(apiVersion: ApiVersion | undefined): AtlasClient {
    if (!this.settings && this.settingsError === undefined) {
      // Hosts of @pulumi/pulumi from before dynamic providers had `configure` (late 2024)
      // never call it: there, only the environment can supply the settings.
      this.applyConfig({ get: () => undefined });
    }
    if (!this.settings) {
      throw this.settingsError;
    }
    const key = apiVersion ?? "";
    let client = this.clients.get(key);
    if (!client) {
      client = AtlasClient.fromSettings(this.settings, {
        apiVersion,
        onWarning: (message) => this.pendingWarnings.push(message),
      });
      this.clients.set(key, client);
    }
    return client;
  }
}

/**
 * The provider instance of this process. The dynamic-provider host deserializes the SDK's shim
 * once per process; the shim forwards every call here.
 */
export const flexSnapshotProvider = new FlexLookupProvider();

// In Pulumi's dynamic-provider host, revoke the tokens this process minted when the engine
// stops it (SIGINT to the process group; see shutdown.ts).
if (inProviderHost()) {
  revokeOnSignals();
}
