/**
 * One lookup request run against Atlas from the environment's credentials: the part of a
 * `flex-snapshot` run that the CLI and the GitHub Action (`action/main.ts`) share, so that both
 * read the same variables, retry alike and revoke every token they minted.
 */
import type { Dispatcher } from "undici";
import { revokeMintedTokens } from "../provider/atlas/auth";
import { AtlasClient, type AtlasClientOptions } from "../provider/atlas/client";
import { createDispatcher } from "../provider/atlas/http/transport";
import { resolveScopedSettings, type SettingsScope } from "../provider/atlas/settings";
import type { LookupHooks } from "../provider/lookups/gatedLookups";
import { runLookup, type LookupOutcome, type LookupSubject } from "../provider/lookups/registry";
import type { LookupRequest } from "./parseCommandLine";

/** Options of a run that a command line cannot set; for tests and embedders. */
export interface ExecuteOptions {
  /**
   * Client options that replace the CLI's own, e.g. a short retry delay in tests. With a
   * `dispatcher`, the caller owns it; otherwise the run creates one and closes it at the end.
   */
  readonly clientOptions?: Pick<AtlasClientOptions, "retry" | "timeouts" | "dispatcher">;
  /**
   * Where settings are read before the environment (the action's inputs); none for the CLI,
   * whose messages then name only the variables.
   */
  readonly scope?: SettingsScope;
}

/** Where a run's warnings and polls go. */
export interface ExecuteHooks {
  /** A warning: of the settings, the client, the lookup, or a token that could not be revoked. */
  readonly onWarning: (message: string) => void;
  /** A poll of a wait. */
  readonly onProgress?: LookupHooks["onProgress"];
}

/**
 * Runs `request` with the credentials and base URL of `options.scope`, else of `env` (the
 * `MONGODB_ATLAS_*` variables), and resolves with what the lookup found and what its gate says.
 *
 * @throws ConfigurationError for missing or contradictory credentials, before any request
 * @throws WaitTimeoutError, AtlasApiError, ConnectionError as the lookup does
 */
export async function executeLookup(
  request: LookupRequest,
  env: NodeJS.ProcessEnv,
  hooks: ExecuteHooks,
  options: ExecuteOptions = {},
): Promise<LookupOutcome<LookupSubject>> {
  /** The dispatcher this run created, and so must close. */
  let owned: Dispatcher | undefined;
  try {
    // No stack configuration here: credentials and the base URL come from the caller's scope,
    // if any, then the environment.
    const settings = resolveScopedSettings(options.scope, env);
    settings.warnings.forEach(hooks.onWarning);
    // A dispatcher of our own, closed at the end: the shared one keeps idle connections open
    // for 30 s, which would keep the process alive that long after the answer.
    const given = options.clientOptions?.dispatcher;
    owned =
      given === undefined
        ? createDispatcher(options.clientOptions?.timeouts?.connectMs)
        : undefined;
    const client = AtlasClient.fromSettings(settings, {
      ...options.clientOptions,
      apiVersion: request.args.apiVersion,
      dispatcher: given ?? owned,
      onWarning: hooks.onWarning,
    });
    // The provider's own lookups, so the wait and the gate are the provider's; a pipeline step
    // never runs in a preview, so the gate is always enforced.
    const outcome = await runLookup(request.lookup, request.args as never, {
      client: () => client,
      hooks: { onProgress: hooks.onProgress },
    });
    outcome.warnings.forEach(hooks.onWarning);
    return outcome;
  } finally {
    // Revoke the access tokens this run minted (best effort, about a second at most) so that
    // runs never pile up live tokens against Atlas's limit of 100 per service account.
    const { failures } = await revokeMintedTokens();
    failures.forEach((failure) =>
      hooks.onWarning(`could not revoke an access token (${failure}); it expires within an hour`),
    );
    await owned?.destroy();
  }
}
