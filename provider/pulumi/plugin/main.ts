/**
 * The entry of the `atlasflex` resource-provider plugin, run by `bin/pulumi-resource-atlasflex`
 * with the engine's address as its argument: serves `AtlasFlexProvider` on the plugin's own gRPC
 * server (`grpcServer.ts`), which prints the port it listens on for the engine to connect.
 */
import { revokeOnSignals } from "../../atlas/shutdown";
import { markPluginHost } from "../internals/hostProcess";
import { AtlasFlexProvider } from "./atlasFlexProvider";
import { serve } from "./grpcServer";

markPluginHost();
// The engine stops a plugin as it stops the dynamic-provider host: SIGINT to its process group.
revokeOnSignals();
serve(new AtlasFlexProvider()).catch((error: unknown) => {
  process.stderr.write(`atlasflex: could not start: ${String(error)}\n`);
  process.exit(1);
});
