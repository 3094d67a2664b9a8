/**
 * The Pulumi dynamic provider behind `FlexSnapshot`: `configure` resolves the settings from the
 * stack configuration and the environment, `read` fetches the snapshot and applies the gate.
 *
 * This module runs in Pulumi's dynamic-provider host. The SDK does not serialize it: it
 * serializes a small shim (`sdk/providerShim.ts`) that `require`s this module by package name.
 */
import type * as pulumi from "@pulumi/pulumi";
import { AtlasClient } from "./client";
import { FlexSnapshotError } from "./errors";
import { enforceGate } from "./gate";
import type { FlexBackupSnapshot } from "./schema";
import { resolveSettings, type ConfigSource, type ProviderSettings } from "./settings";
import { validateLookupArgs, type LookupArgs } from "./validation";

/**
 * The outputs of a snapshot lookup as they are stored in state, named like
 * `@pulumi/mongodbatlas`'s `getFlexSnapshot` result. A field Atlas did not return is absent.
 */
export interface FlexSnapshotOutputs {
  readonly projectId: string;
  readonly name: string;
  readonly snapshotId: string;
  readonly id?: string;
  readonly expiration?: string;
  readonly finishTime?: string;
  readonly mongoDbVersion?: string;
  readonly scheduledTime?: string;
  readonly startTime?: string;
  readonly status?: string;
  /** Warnings for the user (the SDK logs them through Pulumi). */
  readonly warnings: readonly string[];
}

/** Maps Atlas's field names to the result's (`mongoDBVersion` → `mongoDbVersion`); drops absent ones. */
export function toOutputs(
  args: LookupArgs,
  snapshot: FlexBackupSnapshot,
  warnings: readonly string[],
): FlexSnapshotOutputs {
  const outputs: Record<string, unknown> = {
    projectId: args.projectId,
    name: args.name,
    snapshotId: args.snapshotId,
    id: snapshot.id,
    expiration: snapshot.expiration,
    finishTime: snapshot.finishTime,
    mongoDbVersion: snapshot.mongoDBVersion,
    scheduledTime: snapshot.scheduledTime,
    startTime: snapshot.startTime,
    status: snapshot.status,
    warnings: [...warnings],
  };
  // The provider host turns props into a protobuf Struct, which has no `undefined`.
  for (const key of Object.keys(outputs)) {
    if (outputs[key] === undefined) delete outputs[key];
  }
  return outputs as unknown as FlexSnapshotOutputs;
}

/** The inputs of a lookup, as the SDK registers them. */
const INPUT_KEYS = ["projectId", "name", "snapshotId", "require", "apiVersion"] as const;

/** The properties the engine passes to `read`, with the host's reserved key. */
type ReadProps = Record<string, unknown> & { __provider?: string };

/** A dynamic provider that looks up flex cluster snapshots; it never creates anything. */
export class FlexSnapshotProvider implements pulumi.dynamic.ResourceProvider {
  private settings: ProviderSettings | undefined;
  private settingsError: unknown;
  private client: AtlasClient | undefined;
  private readonly pendingWarnings: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  /** Resolves the settings. A configuration error is kept and reported by `read`, after the arguments are validated. */
  async configure(req: { config: ConfigSource }): Promise<void> {
    try {
      this.settings = resolveSettings(req.config, this.env);
      this.settingsError = undefined;
    } catch (error) {
      this.settings = undefined;
      this.settingsError = error;
    }
    this.client = undefined;
  }

  /** Always fails: a snapshot lookup reads an existing snapshot and has nothing to create. */
  async create(): Promise<pulumi.dynamic.CreateResult> {
    throw new FlexSnapshotError(
      "FlexSnapshot is a lookup only: it reads an existing Atlas snapshot and cannot create one. Pass the snapshot id as `id` in the resource options, or use getFlexSnapshot/getFlexSnapshotOutput.",
    );
  }

  /** Fetches the snapshot named by `props` and applies its gate. */
  async read(id: string, props?: ReadProps): Promise<pulumi.dynamic.ReadResult> {
    const { __provider: _provider, ...inputs } = props ?? {};
    const args = validateLookupArgs({ ...inputs, snapshotId: inputs["snapshotId"] ?? id });
    const client = this.getClient(args.apiVersion);
    const snapshot = await client.getFlexSnapshot(args);
    enforceGate(args, snapshot, args.require);
    const warnings = this.pendingWarnings.splice(0);
    // Keep the lookup's own inputs as given and nothing else from `props`: on a refresh they also
    // hold the previous outputs, which must not survive when Atlas no longer returns a field.
    const kept = Object.fromEntries(
      INPUT_KEYS.filter((key) => inputs[key] !== undefined).map((key) => [key, inputs[key]]),
    );
    return { id: args.snapshotId, props: { ...kept, ...toOutputs(args, snapshot, warnings) } };
  }

  private getClient(apiVersion: string | undefined): AtlasClient {
    if (!this.settings) {
      throw this.settingsError ?? new FlexSnapshotError("the provider was not configured");
    }
    if (!this.client || (apiVersion ?? this.client.apiVersion) !== this.client.apiVersion) {
      this.pendingWarnings.push(...this.settings.warnings);
      this.client = new AtlasClient({
        baseUrl: this.settings.baseUrl,
        credentials: this.settings.credentials,
        apiVersion,
        onWarning: (message) => this.pendingWarnings.push(message),
      });
    }
    return this.client;
  }
}

/**
 * The provider instance of this process. The dynamic-provider host deserializes the SDK's shim
 * once per process; the shim forwards every call here.
 */
export const flexSnapshotProvider = new FlexSnapshotProvider();
