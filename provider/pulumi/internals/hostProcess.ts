/**
 * Which process this is, among those Pulumi runs this package in, and the engine's address it
 * was given.
 *
 * Relies on the dynamic-provider host's main script and on the flags the engine puts before a
 * plugin's engine address, as `@pulumi/pulumi` 3.248.0 has them (docs/architecture.md, "What
 * each reach relies on").
 *
 * When the check fails — the main script is in `@pulumi/pulumi` but is neither the host as
 * 3.248.0 lays it out nor one of its other entry points (`cmd/run`, `cmd/run-plugin`,
 * `cmd/run-policy-pack`) — {@link inProviderHost} warns once: in that host, the tokens the
 * process minted are not revoked at shutdown, errors are not one line, and progress goes to
 * stderr. Any other main script (a test runner, the CLI, the plugin) is simply not the host.
 *
 * Not checked: the plugin says it is the plugin itself ({@link markPluginHost}); a change in the
 * engine's flags shows as a bad address, which `engineInfoLog` (engineLogRpc.ts) warns about.
 */
import { warnFallback } from "./fallback";

/** The dynamic-provider host's main script, with or without `index.js`. */
const PROVIDER_HOST_MAIN =
  /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]dynamic-provider(?:[\\/]index\.js)?$/;

/** A main script inside `@pulumi/pulumi`. */
const PULUMI_MAIN = /[\\/]@pulumi[\\/]pulumi[\\/]/;

/** The entry points of `@pulumi/pulumi` 3.248.0 that are not the dynamic-provider host. */
const OTHER_PULUMI_MAINS =
  /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/](?:run|run-plugin|run-policy-pack)(?:[\\/][^\\/]*)?$/;

/** What a dynamic-provider host that is not recognised loses. */
const HOST_LOST =
  "its dynamic-provider host is not recognised: the tokens a lookup minted are not revoked at " +
  "shutdown, errors are not shown as one line, and progress goes to stderr";

/**
 * Whether this process is Pulumi's Node.js dynamic-provider host, judged by its main script:
 * `pulumi-resource-pulumi-nodejs` runs `node …/@pulumi/pulumi/cmd/dynamic-provider/index.js <engine>`.
 */
export function inProviderHost(mainFile: string | undefined = process.argv[1]): boolean {
  const file = mainFile ?? "";
  if (PROVIDER_HOST_MAIN.test(file)) return true;
  if (PULUMI_MAIN.test(file) && !OTHER_PULUMI_MAINS.test(file)) {
    warnFallback("inProviderHost", HOST_LOST);
  }
  return false;
}

let pluginHost = false;

/**
 * Records that this process is the `atlasflex` plugin (`provider/pulumi/plugin/main.ts` calls it
 * first), so that the engine log and one-line errors work there as in the dynamic-provider host.
 */
export function markPluginHost(): void {
  pluginHost = true;
}

/** Whether this process is the `atlasflex` plugin (see {@link markPluginHost}). */
export function inPluginHost(): boolean {
  return pluginHost;
}

/**
 * The engine's address among a plugin's arguments: the first that is not one of the flags the
 * engine may add (`--logtostderr`, `-v=<n>`, `--tracing <endpoint>`), as `provider/internals.js`
 * `parseArgs` of `@pulumi/pulumi` reads them. The dynamic-provider host gets no flags.
 */
export function engineAddressArg(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--tracing") {
      i += 1;
    } else if (arg !== "--logtostderr" && !arg.startsWith("-v=")) {
      return arg;
    }
  }
  return undefined;
}
