/**
 * The SDK under `pulumi.runtime.setMocks`: the function forms run their lookups in this process
 * (sdk/nodejs/programLookup.ts) with the stack config set here; the mock engine answers each read of a
 * resource form by calling the real provider's `read`. Both fetch from the Atlas emulator the
 * config names.
 */
import * as pulumi from "@pulumi/pulumi";
import { FlexLookupProvider } from "../../provider/pulumi/dynamicProvider";
import { resetProgramSessions, setFailureReporter } from "../../sdk/nodejs/programLookup";

/** The SDK of a test file run under mocks, and what its lookups registered. */
interface MockedSdk {
  /** Every resource registered since the current test began, in order. */
  readonly registered: pulumi.runtime.MockResourceArgs[];
  /**
   * The failures of Output forms since the current test began: under the engine each ends the
   * run as an uncaught `RunError`; here it is kept (and its Output never settles).
   */
  readonly failures: Error[];
  /**
   * Stands for the SDK module, imported once the mocks are set (as Pulumi's own guidance asks):
   * read it inside hooks and tests, not at load time.
   */
  readonly sdk: typeof import("../../sdk/nodejs");
}

/**
 * Registers, in the scope it is called in, a hook that configures a provider with the stack
 * config `config()` returns, sets the mocks (project `flex-test`, stack `dev`, not a preview) and
 * imports the SDK; and a hook that forgets, before each test, what was registered and what the
 * SDK's lookups share. Register it after the hooks that start what `config` reads.
 */
export function useMockedSdk(config: () => Record<string, string>): MockedSdk {
  const registered: pulumi.runtime.MockResourceArgs[] = [];
  const failures: Error[] = [];
  let imported: typeof import("../../sdk/nodejs") | undefined;
  beforeAll(async () => {
    const provider = new FlexLookupProvider({});
    const values = config();
    await provider.configure({ config: { get: (key) => values[key] } });
    await pulumi.runtime.setMocks(
      {
        newResource: async (args) => {
          registered.push(args);
          // An explicit Atlas account (sdk/nodejs/provider.ts): a component, with nothing to read.
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
    for (const [key, value] of Object.entries(values)) pulumi.runtime.setConfig(key, value);
    setFailureReporter((error) => failures.push(error));
    imported = await import("../../sdk/nodejs");
  });
  afterAll(() => setFailureReporter(undefined));
  beforeEach(() => {
    registered.length = 0;
    failures.length = 0;
    resetProgramSessions();
  });
  const sdk = new Proxy({} as typeof import("../../sdk/nodejs"), {
    get: (_target, property) => {
      if (imported === undefined) throw new Error("the SDK is imported in beforeAll");
      return Reflect.get(imported, property) as unknown;
    },
  });
  return { registered, failures, sdk };
}
