/**
 * `pulumi-atlas-flex-snapshot/provider`: the Atlas side of the package, for two kinds of caller:
 * the serialized provider shim (`sdk/providerShim.ts`), and code that calls Atlas itself with
 * {@link AtlasClient} (README, "Calling Atlas from code"). Everything else in `provider/` is
 * internal: the package's own modules (the SDK, the `flex-snapshot` CLI) import it by its module
 * path, and the package's `exports` map lists no deep path.
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
export type { FlexClusterRef, FlexRestoreJobRef, FlexSnapshotRef } from "./validation";
export { DEFAULT_BASE_URL } from "./origin";
export { resolveSettings, type ConfigSource, type ProviderSettings } from "./settings";
export { revokeMintedTokens, type Credentials, type CredentialKind } from "./auth";
export { createDispatcher, type Deadline, type Timeouts } from "./http/transport";
export type { RetryPolicy } from "./http/retryPolicy";
export type {
  ApiErrorBody,
  FlexBackupRestoreJob,
  FlexBackupSnapshot,
  PaginatedFlexBackupRestoreJobs,
  PaginatedFlexBackupSnapshots,
} from "./schema";
export type { KnownSnapshotStatus, SnapshotStatus } from "./snapshotModel";
export type { KnownRestoreJobStatus, RestoreJobStatus } from "./restoreJobModel";
export * from "./publicErrors";

// The statuses Atlas is known to return (a gate may name others).
export { KNOWN_SNAPSHOT_STATUSES, isKnownSnapshotStatus } from "./snapshotModel";
export { KNOWN_RESTORE_JOB_STATUSES, isKnownRestoreJobStatus } from "./restoreJobModel";
