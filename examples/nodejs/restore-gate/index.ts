/**
 * Gate a deployment on a restore job: a pipeline has restored a flex snapshot into a target
 * cluster, and the application that reads the restored data (here a stand-in,
 * `AppDeployment`) must not be deployed until that restore job has finished — from the snapshot
 * you expect, into the cluster you expect.
 *
 * `pulumi up` waits for the job (showing its status as it goes) and fails, without touching the
 * deployment, when the job FAILED, timed out, or restored another snapshot or into another
 * cluster. `pulumi preview` reports the job's current status without waiting.
 *
 * Config: `projectId`, `restoreJobId`, `snapshotId` (the snapshot that must have been restored)
 * and `targetCluster` (the cluster it must have been restored into), all required;
 * `clusterName` (the source cluster, default "orders"), `targetProjectId` (default
 * `projectId`), `waitTimeout` (default "1h"), `waitInterval` (default "10s"), `markerPath`
 * (default "./deployment.json"), and Atlas credentials under `mongodbatlas:` or in the
 * environment.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { FlexRestoreJob } from "pulumi-atlas-flex-snapshot";
import { AppDeployment } from "./appDeployment";

const config = new pulumi.Config();
const projectId = config.require("projectId");

const restore = new FlexRestoreJob("restore", {
  projectId,
  name: config.get("clusterName") ?? "orders",
  restoreJobId: config.require("restoreJobId"),
  require: {
    snapshotId: config.require("snapshotId"),
    targetDeploymentItemName: config.require("targetCluster"),
    targetProjectId: config.get("targetProjectId") ?? projectId,
  },
  // While waiting, the gate's status defaults to COMPLETED.
  wait: {
    timeout: config.get("waitTimeout") ?? "1h",
    interval: config.get("waitInterval") ?? "10s",
  },
});

const deployment = new AppDeployment(
  "reporting",
  {
    path: path.resolve(config.get("markerPath") ?? "deployment.json"),
    cluster: restore.targetDeploymentItemName.apply((name) => name ?? ""),
    restoreJobId: restore.restoreJobId,
  },
  { dependsOn: [restore] },
);

export const status = restore.status;
export const snapshotId = restore.snapshotId;
export const targetDeploymentItemName = restore.targetDeploymentItemName;
export const restoreFinishedDate = restore.restoreFinishedDate;
export const deploymentMarker = deployment.path;
