/**
 * The one place that relies on Pulumi behaviour beyond its documented API: one file per reach,
 * each citing the `@pulumi/pulumi` (3.248.0) code it relies on and naming what is lost when its
 * check fails. Each reach checks what it relies on first and, when that is not there (another
 * version of `@pulumi/pulumi`), falls back to plain behaviour and says so once (fallback.ts);
 * none of them ever throws.
 *
 * - hostProcess.ts: which process this is (the dynamic-provider host, the `atlasflex` plugin)
 *   and the engine's address among its arguments;
 * - engineLogRpc.ts: the engine's `Log` RPC, for progress messages;
 * - oneLineErrors.ts: errors thrown to the dynamic-provider host shown once, as one line;
 * - runError.ts: the `RunError` marker, for errors thrown into the program;
 * - outputs.ts: an output's failure (`Output#promise()`, `isKnown`, `isSecret`) and a failed
 *   read's message;
 * - debugLogRedaction.ts: lookups' values kept out of the program's debug log;
 * - previewKey.ts: the key the engine's display hides (no run-time check).
 *
 * Nothing here imports `@pulumi/pulumi` at load time: the CLI and the client use this package
 * without it.
 */
export { PREVIEW_KEY } from "./previewKey";
export { engineAddressArg, inPluginHost, inProviderHost, markPluginHost } from "./hostProcess";
export { engineInfoLog, type EngineInfoLog, type EngineLogSeverity } from "./engineLogRpc";
export { forProviderHost, oneLine } from "./oneLineErrors";
export { asRunError } from "./runError";
export { quietOutput, readFailureMessage, settle } from "./outputs";
export { DEBUG_LOGGED_RESPONSES, hideResponseValues } from "./debugLogRedaction";
export {
  fallbackLine,
  fallbacksWarned,
  installedPulumiVersion,
  resetFallbackWarnings,
  setFallbackSink,
  TESTED_PULUMI_VERSION,
  warnFallback,
  type FallbackSink,
} from "./fallback";
