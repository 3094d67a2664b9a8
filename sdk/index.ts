/**
 * pulumi-atlas-flex-snapshot: look up MongoDB Atlas Flex cluster backup snapshots from a
 * Pulumi program and gate deployments on their status, age and expiry.
 *
 * @packageDocumentation
 */
export {
  getFlexSnapshot,
  getFlexSnapshotOutput,
  getFlexSnapshots,
  getFlexSnapshotsOutput,
  getLatestFlexSnapshot,
  getLatestFlexSnapshotOutput,
  resetLookupCache,
  type GetFlexSnapshotArgs,
  type GetFlexSnapshotGate,
  type GetFlexSnapshotOutputArgs,
  type GetFlexSnapshotResult,
  type GetFlexSnapshotWait,
  type GetFlexSnapshotsArgs,
  type GetFlexSnapshotsOutputArgs,
  type GetFlexSnapshotsResult,
  type GetFlexSnapshotsResultItem,
  type GetLatestFlexSnapshotArgs,
  type GetLatestFlexSnapshotOutputArgs,
} from "./getFlexSnapshot";
export {
  FlexSnapshot,
  FlexSnapshots,
  LatestFlexSnapshot,
  type FlexSnapshotArgs,
  type FlexSnapshotGate,
  type FlexSnapshotsArgs,
  type FlexSnapshotWait,
  type LatestFlexSnapshotArgs,
  type SnapshotOutputs,
  type SnapshotStatus,
} from "./flexSnapshot";
export {
  AtlasApiError,
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  FlexSnapshotError,
  GateError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
  ValidationError,
  WaitTimeoutError,
} from "../provider/errors";
