/**
 * The entry of the `atlasflex` resource-provider plugin, run by `bin/pulumi-resource-atlasflex`
 * with the engine's address as its argument: serves `AtlasFlexProvider` on the plugin's own gRPC
 * server (`grpcServer.ts`), which prints the port it listens on for the engine to connect.
 * Only the gRPC server is loaded before that port is printed: the provider loads on its first
 * call that needs it (`lazyProvider.ts`).
 */
import { useBaselineWasmCompiler } from "../../atlas/http/baselineWasm";
import { revokeOnSignals } from "../../atlas/shutdown";
import { markPluginHost } from "../internals/hostProcess";
import { serve } from "./grpcServer";
import { LazyAtlasFlexProvider } from "./lazyProvider";

markPluginHost();
useBaselineWasmCompiler();
// The engine stops a plugin as it stops the dynamic-provider host: SIGINT to its process group.
revokeOnSignals();
serve(new LazyAtlasFlexProvider()).catch((error: unknown) => {
  process.stderr.write(`atlasflex: could not start: ${String(error)}\n`);
  process.exit(1);
});
