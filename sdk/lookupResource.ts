/**
 * What every lookup of the SDK shares, whatever it looks up (a snapshot, a restore job, a list):
 * the dynamic resource base class and the properties it registers, the sharing of identical
 * lookups within a program, and the Promise form of a lookup.
 */
import * as pulumi from "@pulumi/pulumi";
import { FlexSnapshotError } from "../provider/atlas/errors";
import { validateLookup, type LookupArgsOf, type LookupKind } from "../provider/lookups/registry";
import {
  asRunError,
  hideResponseValues,
  PREVIEW_KEY,
  quietOutput,
  readFailureMessage,
  settle,
} from "../provider/pulumi/internals";
import { isPlain } from "./plain";
import { accountOf, type Provider } from "./provider";
import { providerShim } from "./providerShim";

/** The options of a lookup's Output form: Pulumi's, with `provider` an Atlas {@link Provider}. */
export interface LookupOutputOptions extends Omit<pulumi.InvokeOutputOptions, "provider"> {
  /** The Atlas account to read with; without one, the stack config, then the environment. */
  readonly provider?: Provider;
}

/** The options of a lookup's Promise form: Pulumi's, with `provider` an Atlas {@link Provider}. */
export interface LookupOptions extends Omit<pulumi.InvokeOptions, "provider"> {
  /** The Atlas account to read with; without one, the stack config, then the environment. */
  readonly provider?: Provider;
}

/** The options of a lookup resource: Pulumi's, with `provider` an Atlas {@link Provider}. */
export interface LookupResourceOptions extends Omit<pulumi.CustomResourceOptions, "provider"> {
  /** The Atlas account to read with; without one, the stack config, then the environment. */
  readonly provider?: Provider;
}

/** The options of a Promise form that its Output form takes. */
export function outputOptions(opts: LookupOptions | undefined): LookupOutputOptions {
  return { parent: opts?.parent, provider: opts?.provider };
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
      // A secret (see sdk/provider.ts); absent without a provider, as in earlier versions.
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

/** Lookups made so far in this program, so that the same lookup is read once. */
const lookups = new Map<string, pulumi.Resource>();
const usedNames = new Set<string>();
let unnamedLookups = 0;

/** Forgets the lookups of this program; for tests that run several programs in one process. */
export function resetLookupCache(): void {
  lookups.clear();
  usedNames.clear();
  unnamedLookups = 0;
}

/**
 * Returns the shared lookup resource for `args`. When every argument is a plain value they are
 * validated now, before anything is sent anywhere, and identical lookups share one resource
 * whose name is derived from them (stable across runs); otherwise they are validated once
 * known, by the provider, and the resource is numbered.
 *
 * Shared by every kind of lookup, so that names never collide between kinds.
 *
 * @param nameParts - the parts that name the lookup, from its validated arguments.
 * @param create - creates the resource.
 */
export function sharedLookup<K extends LookupKind, R extends pulumi.Resource>(
  kind: K,
  args: object,
  opts: LookupOutputOptions | undefined,
  nameParts: (valid: LookupArgsOf<K>) => string[],
  create: (name: string, opts: LookupResourceOptions) => R,
): R {
  const resourceOpts: LookupResourceOptions = {
    parent: opts?.parent,
    dependsOn: opts?.dependsOn,
    provider: opts?.provider,
  };
  // A provider's name prefixes the lookup's: the same snapshot read with two accounts is two
  // lookups. Checked first, so that a wrong `provider` fails before anything else.
  const providerName = accountOf(opts?.provider)?.name;
  const prefix = providerName === undefined ? [] : [providerName];
  if (!isPlain(args)) {
    unnamedLookups += 1;
    return create([...prefix, kind, unnamedLookups].join("-"), resourceOpts);
  }
  let parts: string[];
  try {
    parts = nameParts(validateLookup(kind, args));
  } catch (error) {
    // Thrown into the user's program: Pulumi prints it as its message alone.
    throw asRunError(error);
  }
  const key = JSON.stringify([kind, args, providerName]);
  const sharable = opts?.parent === undefined && opts?.dependsOn === undefined;
  const existing = sharable ? lookups.get(key) : undefined;
  if (existing) {
    return existing as R;
  }
  let name = [...prefix, ...parts].join("-").toLowerCase();
  if (!sharable || usedNames.has(name)) {
    unnamedLookups += 1;
    name = `${name}-${unnamedLookups}`;
  }
  usedNames.add(name);
  const resource = create(name, resourceOpts);
  if (sharable) {
    lookups.set(key, resource);
  }
  return resource;
}

/**
 * The Promise form of a lookup: resolves once the output has a known value (so, in preview,
 * only when its inputs are known), and rejects when the lookup fails — at once for invalid
 * arguments, or when the engine's read fails. Either error is marked to print, if the program
 * does not catch it, as Pulumi prints a `RunError`: one line.
 */
export function promiseOf<T>(lookup: () => pulumi.Output<T>): Promise<T> {
  let output: pulumi.Output<T>;
  try {
    output = lookup();
  } catch (error) {
    return Promise.reject(asRunError(error));
  }
  return settle(output, (error) =>
    asRunError(new FlexSnapshotError(readFailureMessage(error), { cause: error })),
  );
}
