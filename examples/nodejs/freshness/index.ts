/**
 * Refuse a stale snapshot: the lookup fails unless the snapshot is COMPLETED, finished less than
 * `maxAge` ago and stays downloadable for at least `minRemaining`. A snapshot without the
 * timestamps to tell fails too (closed, not open).
 *
 * Config: `projectId`, `snapshotId`, `clusterName` (default "orders"), `maxAge` (default
 * "24h"), `minRemaining` (default "1d"), and Atlas credentials.
 */
import * as pulumi from "@pulumi/pulumi";
import { getFlexSnapshotOutput } from "pulumi-atlas-flex-snapshot";

const config = new pulumi.Config();

const snap = getFlexSnapshotOutput({
  projectId: config.require("projectId"),
  name: config.get("clusterName") ?? "orders",
  snapshotId: config.require("snapshotId"),
  require: {
    status: "COMPLETED",
    maxAge: config.get("maxAge") ?? "24h",
    minRemaining: config.get("minRemaining") ?? "1d",
  },
});

export const status = snap.status;
export const finishTime = snap.finishTime;
export const expiration = snap.expiration;
