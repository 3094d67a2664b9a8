/**
 * The Atlas side of pulumi-atlas-flex-snapshot: the API client, its errors, settings
 * resolution, the gate, and the dynamic provider that Pulumi's provider host runs.
 *
 * @packageDocumentation
 */
export * from "./errors";
export * from "./schema";
export * from "./snapshotModel";
export * from "./validation";
export * from "./settings";
export * from "./gate";
export * from "./client";
export * from "./dynamicProvider";
export * from "./lookups";
export * from "./wait";
export * from "./duration";
export * from "./redact";
export { logProgress, type ProgressLogger } from "./engineLog";
export { PACKAGE_INFO, USER_AGENT } from "./packageInfo";
export {
  DEFAULT_RETRY_POLICY,
  decideRetry,
  parseRetryAfter,
  retryDelayMs,
  type RetryPolicy,
} from "./http/retryPolicy";
export {
  createDispatcher,
  Deadline,
  DEFAULT_TIMEOUTS,
  getSharedDispatcher,
  type Timeouts,
} from "./http/transport";
export { revokeOnSignals } from "./shutdown";
export {
  clearTokenCache,
  revokeMintedTokens,
  REVOCATION_BUDGET_MS,
  SharedTokenCache,
  TOKEN_CACHE_ENV,
  tokenCacheDir,
  tokenCacheEnabled,
  tokenCacheKey,
  type RevocationOutcome,
  type SharedToken,
  type SharedTokenCacheOptions,
  computeDigestResponse,
  formatDigestAuthorization,
  selectDigestChallenge,
  type Credentials,
  type CredentialKind,
  type DigestChallenge,
} from "./auth";
