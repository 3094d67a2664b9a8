/**
 * The Promise form: an async program awaits `getFlexSnapshot` and uses plain values. When the
 * lookup fails (an unmet gate, a bad argument, an Atlas error) the promise rejects, so the
 * program stops there and the run fails with the lookup's message.
 *
 * Config: `projectId`, `snapshotId` (required), `clusterName` (default "orders"),
 * `requiredStatus` (default "COMPLETED"), and Atlas credentials under `mongodbatlas:` or in the
 * environment.
 */
import * as pulumi from "@pulumi/pulumi";
import { getFlexSnapshot } from "pulumi-atlas-flex-snapshot";

const config = new pulumi.Config();

export = async () => {
  const snap = await getFlexSnapshot({
    projectId: config.require("projectId"),
    name: config.get("clusterName") ?? "orders",
    snapshotId: config.require("snapshotId"),
    require: { status: config.get("requiredStatus") ?? "COMPLETED" },
  });
  return { status: snap.status, finishTime: snap.finishTime };
};
