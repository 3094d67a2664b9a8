/**
 * The two kinds of thing the package looks up, snapshots and restore jobs of a flex cluster, as
 * a table the tests are parameterized by: what differs between the kinds is here, what a test
 * checks for both is in the test.
 */
import type { AtlasClient } from "../../provider";
import {
  DEMO_CLUSTER_NAME,
  DEMO_PROJECT_ID,
  DEMO_RESTORE_JOB_IDS,
  DEMO_SNAPSHOT_IDS,
  type FlexSnapshotStatus,
} from "../../emulator";

/** One kind of lookup: its names, its demo ids, its API paths and how the client fetches one. */
export interface LookupKind {
  /** How a test name says the kind: "snapshot" or "restore job". */
  readonly label: "snapshot" | "restore job";
  /** The argument, result field and stack config key of the kind's id. */
  readonly idField: "snapshotId" | "restoreJobId";
  /** The CLI's flag for the id. */
  readonly idFlag: "--snapshot-id" | "--restore-job-id";
  /** What comes before `get`, `list` or `wait` on the CLI's command line. */
  readonly commandPrefix: readonly string[];
  /** The last segment of the API path of the kind's list. */
  readonly collection: "snapshots" | "restoreJobs";
  /** The emulator's seeded demo items of the kind, one a status, in the demo cluster. */
  readonly ids: Readonly<Record<FlexSnapshotStatus, string>>;
  /** The `errorCode` of Atlas's 404 for an id the cluster does not have. */
  readonly notFoundErrorCode: "SNAPSHOT_NOT_FOUND" | "RESTORE_JOB_NOT_FOUND";
  /** The dynamic resource type a lookup of one item registers. */
  readonly resourceType: string;
  /** The API path of the list of a cluster's items, or of the item `id`. */
  path(id?: string, groupId?: string, name?: string): string;
  /** How messages name the item `id` of `cluster` in `projectId`. */
  describe(id: string, cluster?: string, projectId?: string): string;
  /** Reads the item `id` of the cluster `name` in `projectId` with `client`. */
  fetch(
    client: AtlasClient,
    ref: { projectId: string; name: string },
    id: string,
  ): Promise<unknown>;
}

function apiPath(collection: string) {
  return (id?: string, groupId = DEMO_PROJECT_ID, name = DEMO_CLUSTER_NAME): string => {
    const list = `/api/atlas/v2/groups/${groupId}/flexClusters/${name}/backup/${collection}`;
    return id === undefined ? list : `${list}/${id}`;
  };
}

/** Backup snapshots of a flex cluster. */
export const SNAPSHOT: LookupKind = {
  label: "snapshot",
  idField: "snapshotId",
  idFlag: "--snapshot-id",
  commandPrefix: [],
  collection: "snapshots",
  ids: DEMO_SNAPSHOT_IDS,
  notFoundErrorCode: "SNAPSHOT_NOT_FOUND",
  resourceType: "pulumi-nodejs:dynamic/atlas:FlexSnapshot",
  path: apiPath("snapshots"),
  describe: (id, cluster = DEMO_CLUSTER_NAME, projectId = DEMO_PROJECT_ID) =>
    `snapshot ${id} of flex cluster "${cluster}" in project ${projectId}`,
  fetch: (client, ref, snapshotId) => client.getFlexSnapshot({ ...ref, snapshotId }),
};

/** Restore jobs of a flex cluster's backup snapshots. */
export const RESTORE_JOB: LookupKind = {
  label: "restore job",
  idField: "restoreJobId",
  idFlag: "--restore-job-id",
  commandPrefix: ["restore-job"],
  collection: "restoreJobs",
  ids: DEMO_RESTORE_JOB_IDS,
  notFoundErrorCode: "RESTORE_JOB_NOT_FOUND",
  resourceType: "pulumi-nodejs:dynamic/atlas:FlexRestoreJob",
  path: apiPath("restoreJobs"),
  describe: (id, cluster = DEMO_CLUSTER_NAME, projectId = DEMO_PROJECT_ID) =>
    `restore job ${id} of flex cluster "${cluster}" in project ${projectId}`,
  fetch: (client, ref, restoreJobId) => client.getFlexRestoreJob({ ...ref, restoreJobId }),
};
