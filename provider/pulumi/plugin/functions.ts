/**
 * The `atlasflex` plugin's functions (invokes): every lookup of the registry
 * (`../../lookups/registry.ts`) under the token `atlasflex:index:<function>`. The schema
 * (`packageSchema.ts`) and the invoke dispatch (`atlasFlexProvider.ts`) both read this table.
 */
import { LOOKUPS, type LookupKind } from "../../lookups/registry";

/** The plugin's package name, the first part of every token. */
export const PLUGIN_PACKAGE = "atlasflex";

/** One function of the plugin: its lookup's declaration, and the lookup's kind. */
export type PluginFunction = (typeof LOOKUPS)[LookupKind] & { readonly kind: LookupKind };

/** The token of a lookup's function, e.g. `atlasflex:index:getFlexSnapshot`. */
type PluginToken = `${typeof PLUGIN_PACKAGE}:index:${string}`;

/** The functions, by token. */
export const PLUGIN_FUNCTIONS: Readonly<Record<PluginToken, PluginFunction>> = Object.fromEntries(
  (Object.keys(LOOKUPS) as LookupKind[]).map((kind) => [
    `${PLUGIN_PACKAGE}:index:${LOOKUPS[kind].function}`,
    { ...LOOKUPS[kind], kind },
  ]),
);
