/**
 * A local MongoDB Atlas emulator for the flex cluster backup snapshot paths, for tests and
 * demos: start it with {@link startAtlasEmulator} and point a client at its `baseUrl`.
 *
 * @packageDocumentation
 */
export { startAtlasEmulator } from "./server";
export {
  DEMO_CLUSTER_NAME,
  DEMO_CREDENTIALS,
  DEMO_OLDER_SNAPSHOT_IDS,
  DEMO_PROGRESSING_SNAPSHOT_ID,
  DEMO_PROJECT_ID,
  DEMO_SNAPSHOT_IDS,
} from "./seed";
export type { FlexSnapshotStatus } from "./seed";
export { TOKEN_LIMIT_DESCRIPTION, type TokenStats } from "./oauth";
export type {
  AtlasEmulator,
  EmulatorCredentials,
  EmulatorFault,
  EmulatorOptions,
  FlexSnapshotRecord,
  ProgressSchedule,
  RecordedRequest,
  RequestFilter,
} from "./types";
