/**
 * Where an `atlasflex` provider instance's settings come from (checked under the engine of
 * Pulumi v3.248.0: `test/enginePlugin.test.ts`, `test/engineYaml.test.ts`).
 *
 * The engine runs each provider instance (the default one and each explicit
 * `pulumi:providers:atlasflex`) in a process of its own and calls `CheckConfig` and `Configure`
 * on it before any `Invoke`, in preview and in up. `Configure.args` holds that instance's
 * properties — for the default provider, the stack's `atlasflex:` config — with secrets wrapped
 * in Pulumi's secret signature; the plugin reads them, then the `MONGODB_ATLAS_*` variables.
 * The engine also hands every provider process the stack's decrypted `atlasflex:` config in
 * `PULUMI_CONFIG` (`pkg/host/host.go`, `defaultHost.Provider`); the plugin never reads it: in an
 * explicit provider's process it is another account's.
 */
import { PLUGIN_PACKAGE } from "./functions";

/**
 * The namespace of the plugin's settings (`atlasflex:clientId`, …): the plugin's own package
 * name, under which the engine hands the default provider the stack's config.
 */
export const PLUGIN_CONFIG_NAMESPACE = PLUGIN_PACKAGE;
