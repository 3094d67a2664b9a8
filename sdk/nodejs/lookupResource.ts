/**
 * What every lookup of the SDK shares, whatever it looks up (a snapshot, a restore job, a list):
 * the options of its function forms (which run in the program: `programLookup.ts`), and the
 * dynamic resource base class of its resource forms with the properties it registers.
 */
import * as pulumi from "@pulumi/pulumi";
import type { LookupKind } from "../../provider/lookups/registry";
import { hideResponseValues, PREVIEW_KEY, quietOutput } from "../../provider/pulumi/internals";
import { accountOf, type Provider } from "./provider";
import { providerShim } from "./providerShim";

/**
 * The options of a lookup's Output form: Pulumi's, with `provider` an Atlas {@link Provider}.
 * The lookup runs in the program once every resource of `dependsOn` exists; it registers
 * nothing, so `parent` and the plugin options have no effect.
 */
export interface LookupOutputOptions extends Omit<pulumi.InvokeOutputOptions, "provider"> {
  /** The Atlas account to read with; without one, the stack config, then the environment. */
  readonly provider?: Provider;
}

/**
 * The options of a lookup's Promise form: Pulumi's, with `provider` an Atlas {@link Provider};
 * the lookup registers nothing, so the others have no effect.
 */
export interface LookupOptions extends Omit<pulumi.InvokeOptions, "provider"> {
  /** The Atlas account to read with; without one, the stack config, then the environment. */
  readonly provider?: Provider;
}

/** The options of a lookup resource: Pulumi's, with `provider` an Atlas {@link Provider}. */
export interface LookupResourceOptions extends Omit<pulumi.CustomResourceOptions, "provider"> {
  /** The Atlas account to read with; without one, the stack config, then the environment. */
  readonly provider?: Provider;
}

/**
 * `T` with every Pulumi input replaced by its plain value, deeply: the plain `Get…Args` of a
 * function are its `Get…OutputArgs` so unwrapped, so that each argument and its TSDoc are written
 * once. `pulumi.Unwrap` is Pulumi's own type for what an `apply` sees.
 */
export type Unwrapped<T> = pulumi.Unwrap<T>;

/** Whether `A` and `B` are the same type (not merely assignable to each other). */
export type Same<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Properties every lookup registers besides its arguments: how to run it, and its outputs. */
function lookupProps(
  lookup: LookupKind,
  name: string,
  type: string,
  parent: pulumi.Resource | undefined,
  outputs: readonly string[],
): Record<string, unknown> {
  return {
    lookup,
    // Whether this is a preview, where a wait only reports (see FlexSnapshotWait); under a key
    // that `pulumi preview --diff` does not show (see PREVIEW_KEY).
    [PREVIEW_KEY]: pulumi.runtime.isDryRun(),
    // So that the provider's progress messages are shown against this resource.
    progressUrn: pulumi.createUrn(name, type, parent),
    warnings: undefined,
    ...Object.fromEntries(outputs.map((key) => [key, undefined])),
  };
}

// Before any lookup reads: Pulumi's debug log of the read's response must not print its values
// (a restore job's snapshotUrl); where Pulumi is not as expected, docs/security.md's "Debug output" warning holds.
hideResponseValues();

/**
 * What every lookup resource has (a snapshot's, a restore job's): the cluster, and warnings
 * logged through Pulumi. Not exported by the package: each kind's resources extend it.
 */
export abstract class AtlasLookup extends pulumi.dynamic.Resource {
  /** The project id, as given. */
  declare readonly projectId: pulumi.Output<string>;
  /** The flex cluster's name, as given. */
  declare readonly name: pulumi.Output<string>;
  /** Warnings raised by the lookup; also logged through Pulumi, against this resource. */
  declare readonly warnings: pulumi.Output<string[]>;

  /**
   * @param lookup - which lookup the provider runs.
   * @param type - the type name, e.g. `FlexSnapshot` (its Pulumi type is `pulumi-nodejs:dynamic/atlas:<type>`).
   * @param inputs - the lookup's arguments.
   * @param outputs - the names of its outputs.
   */
  protected constructor(
    lookup: LookupKind,
    type: string,
    name: string,
    inputs: object,
    outputs: readonly string[],
    opts: LookupResourceOptions,
  ) {
    const { provider, ...resourceOpts } = opts;
    const props = {
      ...inputs,
      ...lookupProps(lookup, name, `pulumi-nodejs:dynamic/atlas:${type}`, opts.parent, outputs),
      // A secret (see provider.ts); absent without a provider, as in earlier versions.
      ...(provider === undefined ? {} : { account: accountOf(provider)?.account }),
    };
    super(providerShim, name, props, resourceOpts, "atlas", type);
    // A failed read is reported against this resource (or by whoever reads the outputs); the
    // outputs nobody reads must not each raise it again as an unhandled rejection.
    for (const value of Object.values(this)) {
      if (pulumi.Output.isInstance(value)) quietOutput(value);
    }
    quietOutput(
      this.warnings.apply((list) => {
        for (const warning of list ?? []) {
          void pulumi.log.warn(warning, this);
        }
      }),
    );
  }
}
