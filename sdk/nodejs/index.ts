/**
 * pulumi-atlas-flex-snapshot: look up MongoDB Atlas Flex cluster backup snapshots and restore
 * jobs from a Pulumi program, and gate deployments on them (a snapshot's status, age and expiry;
 * a restore job's status, snapshot and target).
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
export {
  getFlexRestoreJob,
  getFlexRestoreJobOutput,
  getFlexRestoreJobs,
  getFlexRestoreJobsOutput,
  getLatestFlexRestoreJob,
  getLatestFlexRestoreJobOutput,
  type GetFlexRestoreJobArgs,
  type GetFlexRestoreJobGate,
  type GetFlexRestoreJobOutputArgs,
  type GetFlexRestoreJobResult,
  type GetFlexRestoreJobWait,
  type GetFlexRestoreJobsArgs,
  type GetFlexRestoreJobsOutputArgs,
  type GetFlexRestoreJobsResult,
  type GetFlexRestoreJobsResultItem,
  type GetLatestFlexRestoreJobArgs,
  type GetLatestFlexRestoreJobOutputArgs,
} from "./getFlexRestoreJob";
export {
  FlexRestoreJob,
  FlexRestoreJobs,
  type FlexRestoreJobArgs,
  type FlexRestoreJobGate,
  type FlexRestoreJobsArgs,
  type FlexRestoreJobWait,
  type RestoreJobOutputs,
  type RestoreJobSecretOutputs,
  type RestoreJobStatus,
} from "./flexRestoreJob";
export { Provider, type ProviderArgs } from "./provider";
export type { LookupOptions, LookupOutputOptions, LookupResourceOptions } from "./lookupResource";
// Every error class the README's Errors table documents, so that a program (or a test) can
// tell them apart with `instanceof` when it calls the Promise forms.
export * from "../../provider/lookups/publicErrors";
