/**
 * Deploy only if last night's snapshot completed and is under a day old, without knowing its
 * id: the most recent COMPLETED snapshot of the cluster, gated on its age. Also lists every
 * snapshot of the cluster (all pages).
 *
 * Config: `projectId`, `clusterName` (default "orders"), `maxAge` (default "24h"), and Atlas
 * credentials.
 */
import * as pulumi from "@pulumi/pulumi";
import { getFlexSnapshotsOutput, getLatestFlexSnapshotOutput } from "pulumi-atlas-flex-snapshot";

const config = new pulumi.Config();
const projectId = config.require("projectId");
const name = config.get("clusterName") ?? "orders";

const latest = getLatestFlexSnapshotOutput({
  projectId,
  name,
  status: "COMPLETED",
  require: { maxAge: config.get("maxAge") ?? "24h" },
});
const all = getFlexSnapshotsOutput({ projectId, name });

export const latestSnapshotId = latest.snapshotId;
export const latestFinishTime = latest.finishTime;
export const snapshotCount = all.results.apply((results) => results.length);
export const statuses = all.results.apply((results) =>
  results.map((s) => `${s.snapshotId}:${s.status}`),
);
