/**
 * The input under which the SDK tells the provider whether a lookup runs in `pulumi preview`.
 *
 * Relies on the engine, not on `@pulumi/pulumi`: its display hides properties whose key starts
 * with `__` (`resource.IsInternalPropertyKey` in the engine's Go SDK,
 * `sdk/go/common/resource/properties.go`). Not checked at run time — the package cannot see the
 * engine's display — so it never warns: if a future engine showed the key, `pulumi preview
 * --diff` after an `up` would show `~ __preview: false => true` on every lookup, and nothing
 * else would change.
 */

/**
 * The input under which the SDK tells the provider whether the lookup runs in `pulumi preview`.
 * It changes between every preview and up, so under any other key `pulumi preview --diff` after
 * an `up` would show `~ preview: false => true` on every lookup; the engine never shows keys
 * starting with `__`. Nothing to check: if a future engine showed it, only the diff would be
 * noisier again.
 */
export const PREVIEW_KEY = "__preview";
