/**
 * The README's quick start: read one snapshot of a flex cluster, require it to be COMPLETED,
 * and export everything Atlas says about it.
 */
import * as pulumi from "@pulumi/pulumi";
import { getFlexSnapshotOutput } from "pulumi-atlas-flex-snapshot";

const config = new pulumi.Config();

const snap = getFlexSnapshotOutput({
  projectId: config.require("projectId"),
  name: config.get("clusterName") ?? "orders",
  snapshotId: config.require("snapshotId"),
  require: { status: "COMPLETED" },
});

export const status = snap.status;
export const snapshot = snap;
