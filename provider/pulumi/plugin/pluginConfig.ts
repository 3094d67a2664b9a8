/**
 * Where the `atlasflex` plugin's stack configuration comes from.
 *
 * What the engine hands a resource plugin (Pulumi v3.248.0, checked in its source and under the
 * real engine: `test/plugin.test.ts` and `test/enginePlugin.test.ts`):
 * - the environment variable `PULUMI_CONFIG`: the JSON object of the stack config entries in the
 *   plugin's namespace, keys without the `atlasflex:` prefix, secrets decrypted
 *   (`pkg/host/host.go`, `defaultHost.Provider`; the engine decrypts the config before it makes
 *   the plugin context, `pkg/engine/deployment.go`);
 * - `CheckConfig` and `Configure` RPCs with the provider's inputs, which the provider server of
 *   `@pulumi/pulumi` (`provider/server.js`) does not pass on: `checkConfig` answers
 *   UNIMPLEMENTED and `configure` ignores its variables. So the arguments of an explicit
 *   `atlasflex` provider resource are never seen by the plugin; only the stack config and the
 *   environment are.
 */
import { ConfigurationError } from "../../atlas/errors";
import type { ConfigSource } from "../../atlas/settings";
import { PLUGIN_PACKAGE } from "./functions";

/**
 * The stack config namespace of the plugin's credentials (`atlasflex:clientId`, …): the
 * plugin's own package name, since the engine hands a plugin only its own namespace.
 */
export const PLUGIN_CONFIG_NAMESPACE = PLUGIN_PACKAGE;

/**
 * The stack config the engine handed this plugin in `PULUMI_CONFIG`, read by full key
 * (`atlasflex:clientId`). A `PULUMI_CONFIG` that is not a JSON object fails every read with a
 * {@link ConfigurationError} that does not quote it (it holds decrypted secrets); an absent one
 * reads as empty.
 */
export function pulumiConfigSource(env: NodeJS.ProcessEnv): ConfigSource {
  const text = env["PULUMI_CONFIG"];
  let entries: Record<string, unknown> = {};
  let error: ConfigurationError | undefined;
  if (text !== undefined && text.trim() !== "") {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new TypeError("not an object");
      }
      entries = parsed as Record<string, unknown>;
    } catch {
      error = new ConfigurationError(
        `PULUMI_CONFIG (the stack config the engine hands the ${PLUGIN_PACKAGE} plugin) is not a JSON object (${text.length} characters, not shown)`,
      );
    }
  }
  const prefix = `${PLUGIN_CONFIG_NAMESPACE}:`;
  return {
    get(key: string): string | undefined {
      if (error) throw error;
      if (!key.startsWith(prefix)) return undefined;
      // The engine writes the keys without the namespace; a full key is read too.
      const value = entries[key.slice(prefix.length)] ?? entries[key];
      return typeof value === "string" ? value : undefined;
    },
  };
}
