/**
 * The SDK under `pulumi.runtime.setMocks`: the mock engine answers each read by calling the real
 * provider's `read`, which fetches from the Atlas emulator the provider is configured for.
 */
import * as pulumi from "@pulumi/pulumi";
import { FlexLookupProvider } from "../../provider/pulumi/dynamicProvider";
import { resetLookupCache } from "../../sdk/lookupResource";

/** The SDK of a test file run under mocks, and what its lookups registered. */
export interface MockedSdk {
  /** Every resource registered since the current test began, in order. */
  readonly registered: pulumi.runtime.MockResourceArgs[];
  /**
   * Stands for the SDK module, imported once the mocks are set (as Pulumi's own guidance asks):
   * read it inside hooks and tests, not at load time.
   */
  readonly sdk: typeof import("../../sdk");
}

/**
 * Registers, in the scope it is called in, a hook that configures a provider with the stack
 * config `config()` returns, sets the mocks (project `flex-test`, stack `dev`, not a preview) and
 * imports the SDK; and a hook that forgets, before each test, what was registered and what the
 * SDK's lookups share. Register it after the hooks that start what `config` reads.
 */
export function useMockedSdk(config: () => Record<string, string>): MockedSdk {
  const registered: pulumi.runtime.MockResourceArgs[] = [];
  let imported: typeof import("../../sdk") | undefined;
  beforeAll(async () => {
    const provider = new FlexLookupProvider({});
    const values = config();
    await provider.configure({ config: { get: (key) => values[key] } });
    await pulumi.runtime.setMocks(
      {
        newResource: async (args) => {
          registered.push(args);
          // An explicit Atlas account (sdk/provider.ts): a component, with nothing to read.
          if (args.type === "atlasflex:index:Provider") return { id: undefined, state: {} };
          if (!args.type.startsWith("pulumi-nodejs:dynamic/atlas:") || args.id === undefined) {
            throw new Error(`unexpected resource ${args.type}`);
          }
          const result = await provider.read(args.id, args.inputs);
          return { id: result.id!, state: result.props };
        },
        call: () => {
          throw new Error("no calls expected");
        },
      },
      "flex-test",
      "dev",
      false,
    );
    imported = await import("../../sdk");
  });
  beforeEach(() => {
    registered.length = 0;
    resetLookupCache();
  });
  const sdk = new Proxy({} as typeof import("../../sdk"), {
    get: (_target, property) => {
      if (imported === undefined) throw new Error("the SDK is imported in beforeAll");
      return Reflect.get(imported, property) as unknown;
    },
  });
  return { registered, sdk };
}
