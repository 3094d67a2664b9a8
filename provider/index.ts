/**
 * `pulumi-atlas-flex-snapshot/provider`: the Atlas side of the package, for two kinds of caller:
 * the serialized provider shim (`sdk/nodejs/providerShim.ts`), and code that calls Atlas itself with
 * {@link AtlasClient} (docs/reference.md, "Calling Atlas from code"). Everything else in `provider/` is
 * internal: the package's own modules (the SDK, the `flex-snapshot` CLI) import it by its module
 * path, and the package's `exports` map lists no deep path.
 *
 * @packageDocumentation
 */

// What the serialized shim loads in Pulumi's dynamic-provider host; `flexSnapshotProvider` is
// its name in the shims of stacks deployed by earlier versions.
export { flexSnapshotProvider, lookupProvider } from "./pulumi/dynamicProvider";

// Calling Atlas from code: the client, its settings, and every error it throws.
export {
  AtlasClient,
  DEFAULT_API_VERSION,
  type AtlasClientOptions,
  type CallOptions,
} from "./atlas/client";
export type { FlexClusterRef, FlexRestoreJobRef, FlexSnapshotRef } from "./atlas/refs";
export { DEFAULT_BASE_URL } from "./atlas/origin";
export { resolveSettings, type ConfigSource, type ProviderSettings } from "./atlas/settings";
export { revokeMintedTokens, type Credentials, type CredentialKind } from "./atlas/auth";
export { createDispatcher, type Deadline, type Timeouts } from "./atlas/http/transport";
export type { RetryPolicy } from "./atlas/http/retryPolicy";
export type {
  ApiErrorBody,
  FlexBackupRestoreJob,
  FlexBackupSnapshot,
  PaginatedFlexBackupRestoreJobs,
  PaginatedFlexBackupSnapshots,
} from "./atlas/schema";
export type { KnownSnapshotStatus, SnapshotStatus } from "./models/snapshotModel";
export type { KnownRestoreJobStatus, RestoreJobStatus } from "./models/restoreJobModel";
export * from "./lookups/publicErrors";

// The statuses Atlas is known to return (a gate may name others).
export { KNOWN_SNAPSHOT_STATUSES, isKnownSnapshotStatus } from "./models/snapshotModel";
export { KNOWN_RESTORE_JOB_STATUSES, isKnownRestoreJobStatus } from "./models/restoreJobModel";
