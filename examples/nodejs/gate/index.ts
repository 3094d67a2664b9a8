/**
 * Gate a restore on a flex cluster snapshot: the restore (here a stand-in, `RestoreMarker`)
 * depends on the snapshot lookup, and the lookup fails — in `pulumi preview` and in
 * `pulumi up` — unless the snapshot has the required status. So the restore is never touched
 * when the snapshot is missing, failed or still running.
 *
 * Config: `projectId`, `snapshotId` (required), `clusterName` (default "orders"),
 * `requiredStatus` (default "COMPLETED"; several may be
 * given, separated by commas), `markerPath` (default "./restore-marker.json"),
 * and Atlas credentials under `mongodbatlas:` or in the environment.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { FlexSnapshot } from "pulumi-atlas-flex-snapshot";
import { RestoreMarker } from "./restoreMarker";

const config = new pulumi.Config();

const snapshot = new FlexSnapshot("nightly", {
  projectId: config.require("projectId"),
  name: config.get("clusterName") ?? "orders",
  snapshotId: config.require("snapshotId"),
  // One status, or several separated by commas (e.g. "RUNNING,COMPLETED").
  require: { status: (config.get("requiredStatus") ?? "COMPLETED").split(",") },
});

const restore = new RestoreMarker(
  "restore",
  {
    path: path.resolve(config.get("markerPath") ?? "restore-marker.json"),
    snapshotId: snapshot.snapshotId,
    status: snapshot.status.apply((status) => status ?? ""),
  },
  { dependsOn: [snapshot] },
);

export const projectId = snapshot.projectId;
export const name = snapshot.name;
export const snapshotId = snapshot.snapshotId;
export const status = snapshot.status;
export const mongoDbVersion = snapshot.mongoDbVersion;
export const scheduledTime = snapshot.scheduledTime;
export const startTime = snapshot.startTime;
export const finishTime = snapshot.finishTime;
export const expiration = snapshot.expiration;
export const restoreMarker = restore.path;
