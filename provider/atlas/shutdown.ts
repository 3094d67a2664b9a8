/**
 * Revoking the process's access tokens when it is told to stop: the engine stops a plugin with
 * SIGINT and waits 5 s before SIGKILL, and the dynamic-provider host has no handler of its own
 * (docs/architecture.md, "How the engine stops a plugin"). The handler revokes within about a
 * second, then lets the signal end the process as it would have.
 */
/** Revokes the tokens this process minted, within `budgetMs` (its default when undefined). */
type TokenRevoker = (budgetMs: number | undefined) => Promise<unknown>;

/**
 * Set by `auth/serviceAccount.ts` when it loads, rather than imported from it: only a process
 * that loaded it can have minted a token, and a process that never did (the plugin serving only
 * its schema) should not load the HTTP stack and its schemas just to stop.
 */
let revoker: TokenRevoker | undefined;

/** Makes the signal handler of {@link revokeOnSignals} call `revoke` (the last one set wins). */
export function setTokenRevoker(revoke: TokenRevoker): void {
  revoker = revoke;
}

let installed: (() => void) | undefined;

/**
 * Makes SIGINT and SIGTERM revoke the tokens this process minted (`revokeMintedTokens` of
 * `auth/serviceAccount.ts`, bounded by `budgetMs`, when that module is loaded) before the process
 * ends. After revoking, the handler removes itself and raises the signal again, so the process
 * ends the way it would have without it (unless something else also listens for the signal).
 * Installing twice keeps the first; the returned function uninstalls.
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
    const revoked = revoker?.(options.budgetMs) ?? Promise.resolve();
    void revoked.then(() => {
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
