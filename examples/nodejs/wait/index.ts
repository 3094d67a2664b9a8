/**
 * Wait for a snapshot: `pulumi up` polls Atlas until the snapshot is COMPLETED (or fails at once
 * when it is FAILED, or after `waitTimeout` with the last status seen), showing the status and
 * the time waited as it goes. `pulumi preview` reports the current status without waiting.
 *
 * Config: `projectId`, `snapshotId`, `clusterName` (default "orders"), `waitTimeout` (default
 * "30m"), `waitInterval` (default "10s"), and Atlas credentials.
 */
import * as pulumi from "@pulumi/pulumi";
import { getFlexSnapshotOutput } from "pulumi-atlas-flex-snapshot";

const config = new pulumi.Config();

const snap = getFlexSnapshotOutput({
  projectId: config.require("projectId"),
  name: config.get("clusterName") ?? "orders",
  snapshotId: config.require("snapshotId"),
  wait: {
    timeout: config.get("waitTimeout") ?? "30m",
    interval: config.get("waitInterval") ?? "10s",
  },
});

export const status = snap.status;
export const finishTime = snap.finishTime;
