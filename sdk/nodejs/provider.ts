/**
 * An explicit Atlas account for the Node SDK's lookups: `new Provider("prod", { clientId,
 * clientSecret })`, passed as `{ provider }` in a lookup's options, as `@pulumi/mongodbatlas`'s
 * `Provider` is passed to its invokes.
 *
 * The lookups run in Pulumi's dynamic-provider host, which has no provider instances of its own
 * and no configuration but the stack's. So the account travels with each lookup that uses it:
 * an `account` input registered as a secret (ciphertext in state, and not among the lookup's
 * outputs), read by the host's provider, which keeps one session (clients, tokens, Digest
 * nonces) per account. Without a provider, a lookup reads the stack's `mongodbatlas:` config and
 * the environment, as before. See docs/reference.md, "Several Atlas accounts".
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigurationError } from "../../provider/atlas/errors";
import { quote } from "../../provider/atlas/redact";
import {
  checkScopedSettings,
  providerPropertiesScope,
  type SettingName,
} from "../../provider/atlas/settings";
import { asRunError } from "../../provider/pulumi/internals";
import type { LookupAccount } from "../../provider/lookups/session";
import { isPlain } from "./plain";
import type { Same } from "./lookupResource";

/**
 * The properties of a {@link Provider}: the names of `@pulumi/mongodbatlas`'s provider. Set one
 * kind of credentials; what is unset is read from the `MONGODB_ATLAS_*` variables, never from
 * the stack config.
 */
export interface ProviderArgs {
  /** The client id of an Atlas service account. */
  readonly clientId?: pulumi.Input<string>;
  /** The client secret of the Atlas service account. */
  readonly clientSecret?: pulumi.Input<string>;
  /** The public key of an Atlas programmatic API key. */
  readonly publicKey?: pulumi.Input<string>;
  /** The private key of the Atlas programmatic API key. */
  readonly privateKey?: pulumi.Input<string>;
  /** An Atlas access token, used as it is. */
  readonly accessToken?: pulumi.Input<string>;
  /** The Atlas origin, e.g. `https://cloud.mongodb.com` (the default). */
  readonly baseUrl?: pulumi.Input<string>;
  /** `true` to use Atlas for Government (`https://cloud.mongodbgov.com`). */
  readonly isMongodbgovCloud?: pulumi.Input<boolean>;
}

/** Checks that {@link ProviderArgs} declares exactly the settings of `CONFIG_KEYS`. */
const _argsMatchSettings: Same<keyof ProviderArgs, SettingName> = true;
void _argsMatchSettings;

/** A provider's name and account, as the lookups that use it register them. */
interface ProviderAccount {
  readonly name: string;
  readonly account: pulumi.Output<LookupAccount>;
}

/** Each provider's account, kept off the object so that nothing enumerates or prints it. */
const ACCOUNTS = new WeakMap<Provider, ProviderAccount>();

/**
 * An Atlas account for the lookups given it as `{ provider }`: a component resource (its type
 * `atlasflex:index:Provider`) that holds nothing in state itself.
 *
 * @example
 * ```ts
 * const config = new pulumi.Config();
 * const prod = new Provider("prod", {
 *   clientId: config.require("prodClientId"),
 *   clientSecret: config.requireSecret("prodClientSecret"),
 * });
 * const snapshot = getLatestFlexSnapshotOutput(
 *   { projectId, name: "orders", require: { status: "COMPLETED", maxAge: "24h" } },
 *   { provider: prod },
 * );
 * ```
 */
export class Provider extends pulumi.ComponentResource {
  /**
   * @param name - the provider's name: unique in the program, and part of the name of each
   *   lookup that uses it.
   * @param args - the account; plain values are checked here (an incomplete pair, two kinds of
   *   credentials, a bad base URL) before anything is sent.
   * @throws ConfigurationError naming the property at fault
   */
  constructor(name: string, args: ProviderArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
    if (isPlain(args)) {
      const [problem] = checkScopedSettings(
        providerPropertiesScope(name, args as Readonly<Record<string, unknown>>),
      );
      if (problem !== undefined) {
        // Thrown into the user's program: Pulumi prints it as its message alone.
        throw asRunError(new ConfigurationError(problem.reason, { setting: problem.property }));
      }
    }
    super("atlasflex:index:Provider", name, {}, opts);
    const properties = pulumi
      .output(args)
      .apply((values) =>
        Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)),
      );
    const account = properties.apply((values) => ({ provider: name, properties: values }));
    ACCOUNTS.set(this, { name, account: pulumi.secret(account) as pulumi.Output<LookupAccount> });
    this.registerOutputs({});
  }
}

/**
 * The name and account of a lookup's `provider` option (the account registered by the lookup
 * as its secret `account` input); `undefined` without a provider.
 *
 * @throws ConfigurationError when `provider` is not a {@link Provider} of this package
 */
export function accountOf(provider: unknown): ProviderAccount | undefined {
  if (provider === undefined) return undefined;
  const found = provider instanceof Provider ? ACCOUNTS.get(provider) : undefined;
  if (found === undefined) {
    // Never the value of an object: it may be credentials given in the wrong place.
    const given = pulumi.Resource.isInstance(provider)
      ? `a ${provider.constructor.name}`
      : typeof provider === "object" && provider !== null
        ? "an object"
        : quote(provider);
    throw asRunError(
      new ConfigurationError(
        `invalid provider ${given}: expected a Provider of pulumi-atlas-flex-snapshot (new Provider("prod", { clientId, clientSecret }))`,
      ),
    );
  }
  return found;
}
