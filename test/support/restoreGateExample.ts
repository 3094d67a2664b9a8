/**
 * What the engine tests of the two restore-gate examples (examples/nodejs/restore-gate for Node,
 * examples/yaml/restore-gate for YAML) share: their stack config, where their stand-in
 * deployment (the Node example's own; for YAML, test/support/standin.ts's) writes its file, and
 * the secret link of the emulator's DOWNLOAD job.
 */
import * as path from "node:path";
import {
  DEMO_DOWNLOAD_RESTORE_JOB_ID,
  DEMO_SNAPSHOT_IDS,
  DEMO_TARGET_CLUSTER_NAME,
  demoSnapshotUrl,
} from "../../emulator";
import type { PulumiProject } from "./pulumiCli";

/** The path of a restore job's GET, as the emulator's request log records it. */
export const RESTORE_GET = /\/backup\/restoreJobs\/[a-f0-9]{24}$/;

/** The DOWNLOAD job's `snapshotUrl`: the secret that must never be shown. */
export const SNAPSHOT_URL = demoSnapshotUrl(DEMO_DOWNLOAD_RESTORE_JOB_ID);

/** The part of {@link SNAPSHOT_URL} that is a credential on its own. */
export const SIGNATURE = new URL(SNAPSHOT_URL).searchParams.get("X-Amz-Signature")!;

/** Stack config of a restore-gate example: a job that restored `snapshotId` into `targetCluster`. */
export function gateConfig(
  restoreJobId: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    restoreJobId,
    snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
    targetCluster: DEMO_TARGET_CLUSTER_NAME,
    waitTimeout: "2m",
    waitInterval: "1s",
    ...overrides,
  };
}

/** Where a restore-gate example's stand-in deployment writes its file. */
export function marker(p: PulumiProject): string {
  return path.join(p.dir, "deployment.json");
}
