/**
 * The Pulumi dynamic provider behind the lookups: `configure` resolves the settings from the
 * stack configuration and the environment; `read` runs the lookup its props name (one snapshot,
 * the latest, or the list; one restore job, or the list), waits if asked, and applies the gate,
 * with the account of the lookup's explicit `Provider` when its props carry one (`account`).
 *
 * This module runs in Pulumi's dynamic-provider host. The SDK does not serialize it: it
 * serializes a small shim (`sdk/nodejs/providerShim.ts`) that `require`s this module by package name.
 */
import type * as pulumi from "@pulumi/pulumi";
import { FlexSnapshotError } from "../atlas/errors";
import { SDK_CONFIG_NAMESPACE, stackConfigScope, type ConfigSource } from "../atlas/settings";
import { revokeOnSignals } from "../atlas/shutdown";
import { progressLine, type LookupHooks } from "../lookups/gatedLookups";
import {
  isLookupKind,
  LOOKUPS,
  passedOrThrow,
  runLookup,
  validateLookup,
  type LookupKind,
} from "../lookups/registry";
import { AccountSessions, type LookupAccount } from "../lookups/session";
import { logProgress, type ProgressLogger } from "./engineLog";
import { forProviderHost, inProviderHost, PREVIEW_KEY } from "./internals";
import { unwrapSecrets } from "./rpcSecrets";
import { STATE_OUTPUTS, type ResultIdentity } from "./stateOutputs";

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

/**
 * Whether `value` is the `account` input of a lookup given an explicit `Provider` (see
 * `sdk/nodejs/provider.ts`). The SDK registers it as a secret: ciphertext in state, plain here
 * (the host does not accept secrets), and never among the outputs `read` returns.
 */
function isLookupAccount(value: unknown): value is LookupAccount {
  const account = value as Partial<LookupAccount> | null;
  return (
    typeof account === "object" &&
    account !== null &&
    typeof account.provider === "string" &&
    typeof account.properties === "object" &&
    account.properties !== null
  );
}

/** The properties the engine passes to `read`, with the host's reserved key. */
type ReadProps = Record<string, unknown> & { __provider?: string };

/**
 * The dynamic provider of every lookup (snapshots and restore jobs): `read` runs the lookup its
 * props name through {@link runLookup}. It never creates anything.
 */
export class FlexLookupProvider implements pulumi.dynamic.ResourceProvider {
  /** The default account's session (the stack config, then the environment), and each account's. */
  private readonly sessions: AccountSessions;

  /**
   * @param env - the environment to read credentials from.
   * @param log - where progress messages go (the engine, when in the provider host).
   */
  constructor(
    env: NodeJS.ProcessEnv = process.env,
    private readonly log: ProgressLogger = logProgress,
  ) {
    this.sessions = new AccountSessions(env, SDK_CONFIG_NAMESPACE);
  }

  /** Resolves the settings. A configuration error is kept and reported by `read`, after the arguments are validated. */
  async configure(req: { config: ConfigSource }): Promise<void> {
    this.sessions.default.configure(stackConfigScope(req.config, SDK_CONFIG_NAMESPACE));
  }

  /** Always fails: a lookup reads an existing snapshot or restore job and has nothing to create. */
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
   * Runs the lookup named by `props` (its `lookup`, a {@link LookupKind}) and applies its gate,
   * as `read` does, but throws its errors as they are.
   *
   * @param id - the snapshot or restore job id of a lookup whose `props` do not name it (a
   *   `read`'s id).
   */
  async lookup(id: string, props?: ReadProps): Promise<pulumi.dynamic.ReadResult> {
    const given: Record<string, unknown> = props ?? {};
    // `preview` is the key's earlier name, still read for lookups registered by older SDKs.
    const inputs: Record<string, unknown> =
      given[PREVIEW_KEY] === undefined ? given : { ...given, preview: given[PREVIEW_KEY] };
    // Keep the lookup's own inputs as given and nothing else from `props`: on a refresh they also
    // hold the previous outputs, which must not survive when Atlas no longer returns a field.
    const kept = Object.fromEntries(
      INPUT_KEYS.filter((key) => given[key] !== undefined).map((key) => [key, given[key]]),
    );
    const kind: LookupKind = isLookupKind(inputs["lookup"]) ? inputs["lookup"] : "snapshot";
    const spec = LOOKUPS[kind];
    const urn = typeof inputs["progressUrn"] === "string" ? inputs["progressUrn"] : undefined;
    const hooks: LookupHooks = { onProgress: (p) => this.log(progressLine(p), urn) };
    const args: Record<string, unknown> = { ...inputs };
    // The SDK passes a lookup's `status` filter as `statusFilter`: `status` is an output.
    if ((spec.args as readonly string[]).includes("status"))
      args["status"] = inputs["statusFilter"];
    // A lookup of one thing by id is read by that id when its props do not name it.
    const identity = spec.required.find((arg) => arg === "snapshotId" || arg === "restoreJobId");
    if (identity !== undefined) args[identity] = inputs[identity] ?? id;
    const valid = validateLookup(kind, args);
    const account = unwrapSecrets(given["account"]);
    const session = this.sessions.of(isLookupAccount(account) ? account : undefined);
    const outcome = passedOrThrow(
      spec.subject,
      await runLookup(kind, valid, { client: (v) => session.client(v), hooks }),
    );
    const ref = valid as ResultIdentity;
    const outputs = (STATE_OUTPUTS[spec.subject] as (i: ResultIdentity, f: unknown) => object)(
      {
        projectId: ref.projectId,
        name: ref.name,
        snapshotId: ref.snapshotId,
        restoreJobId: ref.restoreJobId,
      },
      outcome.found,
    );
    return {
      id: identity === undefined ? id : String(args[identity]),
      props: { ...kept, ...outputs, warnings: session.takeWarnings(outcome.warnings) },
    };
  }
}

/**
 * The provider instance of this process. The dynamic-provider host deserializes the SDK's shim
 * once per process; the shim forwards every call here.
 */
export const lookupProvider = new FlexLookupProvider();

/**
 * The provider instance under its name before restore jobs were looked up too: the serialized
 * shim in the state of stacks deployed with earlier versions loads it by this name.
 */
export const flexSnapshotProvider = lookupProvider;

// In Pulumi's dynamic-provider host, revoke the tokens this process minted when the engine
// stops it (SIGINT to the process group; see shutdown.ts).
if (inProviderHost()) {
  revokeOnSignals();
}
