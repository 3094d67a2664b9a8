/**
 * A local MongoDB Atlas emulator for the flex cluster backup snapshot and restore job paths, for tests and
 * demos: start it with {@link startAtlasEmulator} and point a client at its `baseUrl`.
 *
 * @packageDocumentation
 */
export { startAtlasEmulator } from "./server";
export {
  DEMO_CLUSTER_NAME,
  DEMO_CREDENTIALS,
  DEMO_DOWNLOAD_RESTORE_JOB_ID,
  DEMO_OLDER_SNAPSHOT_IDS,
  DEMO_PROGRESSING_RESTORE_JOB_ID,
  DEMO_PROGRESSING_SNAPSHOT_ID,
  DEMO_PROJECT_ID,
  DEMO_RESTORE_JOB_IDS,
  DEMO_SNAPSHOT_IDS,
  DEMO_TARGET_CLUSTER_NAME,
  demoSnapshotUrl,
} from "./seed";
export type { FlexSnapshotStatus } from "./seed";
export { TOKEN_LIMIT_DESCRIPTION, type TokenStats } from "./oauth";
export type {
  AtlasEmulator,
  EmulatorCredentials,
  EmulatorFault,
  EmulatorOptions,
  FlexRestoreJobRecord,
  FlexSnapshotRecord,
  ProgressSchedule,
  RecordedRequest,
  RequestFilter,
} from "./types";
