/**
 * The program of the github-pulumi-gate workflow: `pulumi up` fails unless the latest snapshot of
 * the cluster is COMPLETED, finished within 26 hours and downloadable for a day more.
 *
 * Config: `projectId`, `clusterName` (default "orders"); credentials from MONGODB_ATLAS_*.
 */
import * as pulumi from "@pulumi/pulumi";
import { getLatestFlexSnapshotOutput } from "pulumi-atlas-flex-snapshot";

const config = new pulumi.Config();

const snapshot = getLatestFlexSnapshotOutput({
  projectId: config.require("projectId"),
  name: config.get("clusterName") ?? "orders",
  status: ["COMPLETED"],
  require: { status: "COMPLETED", maxAge: "26h", minRemaining: "1d" },
});

// The resources to deploy go here. A gate that is not met fails the lookup, and so the update:
// give a resource `dependsOn` the snapshot's outputs (or use them) to keep it from being touched.
export const snapshotId = snapshot.snapshotId;
export const finishTime = snapshot.finishTime;
