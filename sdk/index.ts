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
// Every error class the README's Errors table documents, so that a program (or a test) can
// tell them apart with `instanceof` when it calls the Promise forms.
export * from "../provider/publicErrors";
