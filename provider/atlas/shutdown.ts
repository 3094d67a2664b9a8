/**
 * Revoking the process's access tokens when it is told to stop.
 *
 * How the engine stops a plugin (Pulumi v3.248.0, `sdk/go/common/resource/plugin/plugin.go`,
 * the `kill` function of `execPlugin`, used by `Plugin.Close`): it sends SIGINT to the plugin's
 * process group (`cmdutil.InterruptChildren`: `kill(-pid, SIGINT)`; the group is made by
 * `cmdutil.RegisterProcessGroup`), waits up to 5 seconds for it to exit, and only then sends
 * SIGKILL. The dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`) has no SIGINT
 * handler of its own, so without one here it dies at once and its tokens stay live for their
 * hour. The handler revokes within about a second, well inside the engine's 5 s, then lets the
 * signal end the process as it would have.
 */
import { REVOCATION_BUDGET_MS, revokeMintedTokens } from "./auth/serviceAccount";

let installed: (() => void) | undefined;

/**
 * Makes SIGINT and SIGTERM revoke the tokens this process minted (see
 * {@link revokeMintedTokens}, bounded by `budgetMs`) before the process ends. After revoking,
 * the handler removes itself and raises the signal again, so the process ends the way it would
 * have without it (unless something else also listens for the signal). Installing twice keeps
 * the first; the returned function uninstalls.
 *
 * @example
 * ```ts
 * if (inProviderHost()) revokeOnSignals();
 * ```
 */
export function revokeOnSignals(
  options: { budgetMs?: number; signals?: readonly NodeJS.Signals[] } = {},
): () => void {
  if (installed) {
    return installed;
  }
  const signals = options.signals ?? ["SIGINT", "SIGTERM"];
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    // revokeMintedTokens never rejects; a failure only leaves a token to expire.
    void revokeMintedTokens({ budgetMs: options.budgetMs ?? REVOCATION_BUDGET_MS }).then(() => {
      uninstall();
      if (process.listenerCount(signal) === 0) {
        process.kill(process.pid, signal);
      }
    });
  };
  const uninstall = (): void => {
    for (const signal of signals) {
      process.off(signal, handler);
    }
    if (installed === uninstall) {
      installed = undefined;
    }
  };
  for (const signal of signals) {
    process.on(signal, handler);
  }
  installed = uninstall;
  return uninstall;
}
