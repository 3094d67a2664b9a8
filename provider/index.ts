/**
 * `pulumi-atlas-flex-snapshot/provider`: the Atlas side of the package, for three callers and
 * no one else: the serialized provider shim (`sdk/providerShim.ts`), the `flex-snapshot` CLI
 * (`bin/`), and code that calls Atlas itself with {@link AtlasClient} (README, "Calling Atlas
 * from code"). Everything else in `provider/` is internal: the package's own modules import it
 * by its module path, and the package's `exports` map lists no deep path.
 *
 * @packageDocumentation
 */

// What the serialized shim loads in Pulumi's dynamic-provider host.
export { flexSnapshotProvider } from "./dynamicProvider";

// Calling Atlas from code: the client, its settings, and every error it throws.
export {
  AtlasClient,
  DEFAULT_API_VERSION,
  type AtlasClientOptions,
  type CallOptions,
} from "./client";
export type { FlexClusterRef, FlexSnapshotRef } from "./validation";
export { DEFAULT_BASE_URL } from "./origin";
export { resolveSettings, type ConfigSource, type ProviderSettings } from "./settings";
export { revokeMintedTokens, type Credentials, type CredentialKind } from "./auth";
export { createDispatcher, type Deadline, type Timeouts } from "./http/transport";
export type { RetryPolicy } from "./http/retryPolicy";
export type { ApiErrorBody, FlexBackupSnapshot, PaginatedFlexBackupSnapshots } from "./schema";
export type { KnownSnapshotStatus, SnapshotStatus } from "./snapshotModel";
export {
  ApiVersionError,
  AtlasApiError,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ConnectionError,
  FlexSnapshotError,
  GateError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
  TokenLimitError,
  ValidationError,
  WaitTimeoutError,
  type RedactedRequest,
} from "./errors";

// The rest of what the `flex-snapshot` CLI (bin/) uses: argument checks, the lookups, and the
// values its help text and output are made of.
export { formatDuration } from "./duration";
export { excerpt, quote } from "./redact";
export { SNAPSHOT_STATUS_PATTERN } from "./schema";
export { KNOWN_SNAPSHOT_STATUSES, isKnownSnapshotStatus } from "./snapshotModel";
export type { SnapshotLocator } from "./gate";
export {
  validateLatestArgs,
  validateListArgs,
  validateLookupArgs,
  type LatestArgs,
  type ListArgs,
  type LookupArgs,
} from "./validation";
export {
  DEFAULT_MAX_POLL_INTERVAL_MS,
  DEFAULT_POLL_INTERVAL_MS,
  MAX_WAIT_TIMEOUT_MS,
  MIN_POLL_INTERVAL_MS,
} from "./wait";
export {
  lookupLatestSnapshot,
  lookupSnapshot,
  type LookupHooks,
  type LookupVerdict,
} from "./lookups";
export { toSnapshotOutputs, type SnapshotOutputs } from "./dynamicProvider";
export { PACKAGE_INFO } from "./packageInfo";
export { revokeOnSignals } from "./shutdown";
