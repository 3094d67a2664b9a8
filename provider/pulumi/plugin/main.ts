/**
 * The entry of the `atlasflex` resource-provider plugin, run by `bin/pulumi-resource-atlasflex`
 * with the engine's address as its argument: serves `AtlasFlexProvider` on `@pulumi/pulumi`'s
 * provider server, which prints the port it listens on for the engine to connect.
 */
import { main } from "@pulumi/pulumi/provider";
import { markPluginHost, passInvokePreview } from "../internals";
import { revokeOnSignals } from "../../atlas/shutdown";
import { AtlasFlexProvider } from "./atlasFlexProvider";

markPluginHost();
// Without it, invokes cannot tell preview from up, and a wait waits in both (see internals/invokePreview.ts).
passInvokePreview();
// The engine stops a plugin as it stops the dynamic-provider host: SIGINT to its process group.
revokeOnSignals();
void main(new AtlasFlexProvider(), process.argv.slice(2));
