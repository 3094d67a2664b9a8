/**
 * pulumi-atlas-flex-snapshot: look up a MongoDB Atlas Flex cluster backup snapshot from a
 * Pulumi program and gate deployments on its status.
 *
 * @packageDocumentation
 */
export {
  getFlexSnapshot,
  getFlexSnapshotOutput,
  resetLookupCache,
  type GetFlexSnapshotArgs,
  type GetFlexSnapshotOutputArgs,
  type GetFlexSnapshotResult,
} from "./getFlexSnapshot";
export {
  FlexSnapshot,
  type FlexSnapshotArgs,
  type FlexSnapshotGate,
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
