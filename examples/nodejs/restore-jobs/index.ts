/**
 * Look up one restore job of a flex cluster and list them all, with `@pulumi/mongodbatlas`'s
 * names. A DOWNLOAD job's `snapshotUrl` is a bearer link to the backup's data: the lookup's
 * result is then a Pulumi secret, so `pulumi stack output` shows `[secret]` and the state keeps
 * it encrypted (`pulumi stack output --show-secrets` shows it).
 *
 * Config: `projectId`, `restoreJobId`, `clusterName` (default "orders"), and Atlas credentials.
 */
import * as pulumi from "@pulumi/pulumi";
import { getFlexRestoreJobOutput, getFlexRestoreJobsOutput } from "pulumi-atlas-flex-snapshot";

const config = new pulumi.Config();
const projectId = config.require("projectId");
const name = config.get("clusterName") ?? "orders";

const job = getFlexRestoreJobOutput({
  projectId,
  name,
  restoreJobId: config.require("restoreJobId"),
});

export const deliveryType = job.deliveryType;
export const status = job.status;
export const snapshotUrl = job.snapshotUrl;
export const expirationDate = job.expirationDate;

const all = getFlexRestoreJobsOutput({ projectId, name });

export const restoreJobCount = all.results.apply((jobs) => jobs.length);
export const restoreJobs = all.results.apply((jobs) =>
  jobs.map((j) => `${j.restoreJobId}:${j.deliveryType}:${j.status}`),
);
