/**
 * Runs a lookup the way the Pulumi provider does — through `lookupSnapshot` and
 * `lookupLatestSnapshot`, so the wait and the gate are the provider's own — and keeps what the
 * CLI must print even when the gate is not met: the snapshot and each reason it fell short,
 * which the provider's {@link GateError} carries.
 */
import {
  GateError,
  lookupLatestSnapshot,
  lookupSnapshot,
  type AtlasClient,
  type FlexBackupSnapshot,
  type LatestArgs,
  type LookupArgs,
  type LookupHooks,
} from "../provider";

/** The lookup to run. */
export type GatedRequest =
  | { readonly kind: "snapshot"; readonly args: LookupArgs }
  | { readonly kind: "latest"; readonly args: LatestArgs };

/** What a gated lookup found, whether or not the gate is met. */
export interface GatedOutcome {
  /** The snapshot the gate was applied to; `undefined` when `latest` found none. */
  readonly snapshot: FlexBackupSnapshot | undefined;
  /** Each way the snapshot falls short of the gate; empty when the gate is met. */
  readonly reasons: readonly string[];
  /** The provider's verdict when the gate is not met; `undefined` when it is met. */
  readonly gateError: GateError | undefined;
  /** Warnings of the lookup. */
  readonly warnings: readonly string[];
}

/**
 * Runs `request` with the provider's lookup and returns the snapshot and the gate's verdict.
 * Every error other than a {@link GateError} (a wait that timed out, an Atlas error) is thrown.
 *
 * @example
 * ```ts
 * const { snapshot, reasons } = await gatedLookup(client, { kind: "snapshot", args }, {});
 * ```
 */
export async function gatedLookup(
  client: AtlasClient,
  request: GatedRequest,
  hooks: Pick<LookupHooks, "onProgress">,
): Promise<GatedOutcome> {
  try {
    const outcome =
      request.kind === "snapshot"
        ? await lookupSnapshot(client, request.args, hooks)
        : await lookupLatestSnapshot(client, request.args, hooks);
    return {
      snapshot: outcome.snapshot,
      reasons: [],
      gateError: undefined,
      warnings: outcome.warnings,
    };
  } catch (error) {
    if (!(error instanceof GateError)) throw error;
    // No snapshot at all (a latest lookup found none): the message is the one reason.
    const reasons = error.reasons.length > 0 ? error.reasons : [error.message];
    return { snapshot: error.snapshot, reasons, gateError: error, warnings: error.warnings };
  }
}
