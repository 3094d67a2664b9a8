/**
 * The `atlasflex` plugin's functions (invokes): for each token, the lookup it runs, its
 * arguments (named as the SDK's, from `provider/argumentModel.ts`), which of them are required,
 * and its doc. The schema (`packageSchema.ts`) and the invoke dispatch
 * (`atlasFlexProvider.ts`) both read this table.
 */
import type { LookupKind } from "../dynamicProvider";
import type { ArgumentSpec, LookupArgumentName } from "../../lookups/argumentModel";

/** The plugin's package name, the first part of every token. */
export const PLUGIN_PACKAGE = "atlasflex";

/** One function of the plugin. */
export interface PluginFunction {
  /** The lookup the function runs (`lookup` of the dynamic provider). */
  readonly kind: LookupKind;
  /** Its arguments, in the order of the docs. */
  readonly args: readonly LookupArgumentName[];
  /** The arguments it cannot do without. */
  readonly required: readonly LookupArgumentName[];
  /** What its result is: one snapshot or restore job, or a list of them. */
  readonly result: "snapshot" | "list" | "restoreJob" | "restoreJobs";
  /** Arguments whose type or doc differ here from `LOOKUP_ARGUMENTS`'s (a restore job's gate). */
  readonly overrides?: Partial<Record<LookupArgumentName, ArgumentSpec>>;
  readonly doc: string;
}

/** The functions, by token. */
export const PLUGIN_FUNCTIONS = {
  [`${PLUGIN_PACKAGE}:index:getFlexSnapshot`]: {
    kind: "snapshot",
    args: ["projectId", "name", "snapshotId", "require", "wait", "apiVersion"],
    required: ["projectId", "name", "snapshotId"],
    result: "snapshot",
    doc: "Reads one snapshot of a flex cluster. With `require`, fails (and so fails `pulumi preview` and `pulumi up`) unless the snapshot meets the gate; with `wait`, waits for it to finish first.",
  },
  [`${PLUGIN_PACKAGE}:index:getLatestFlexSnapshot`]: {
    kind: "latest",
    args: ["projectId", "name", "status", "require", "wait", "apiVersion"],
    required: ["projectId", "name"],
    result: "snapshot",
    doc: "Finds the most recent snapshot of a flex cluster (optionally only among a status), with the same gate and wait as getFlexSnapshot.",
  },
  [`${PLUGIN_PACKAGE}:index:getFlexSnapshots`]: {
    kind: "list",
    args: ["projectId", "name", "apiVersion"],
    required: ["projectId", "name"],
    result: "list",
    doc: "Lists every snapshot of a flex cluster (reading every page).",
  },
  [`${PLUGIN_PACKAGE}:index:getFlexRestoreJob`]: {
    kind: "restoreJob",
    args: ["projectId", "name", "restoreJobId", "require", "wait", "apiVersion"],
    required: ["projectId", "name", "restoreJobId"],
    result: "restoreJob",
    overrides: {
      require: {
        type: "restoreGate",
        doc: "Fail the lookup unless the restore job meets this gate; see FlexRestoreJobGate.",
      },
      wait: { type: "wait", doc: "Wait for the restore job to finish; see FlexSnapshotWait." },
    },
    doc: "Reads one restore job of a flex cluster (`name` is the source cluster). With `require`, fails unless the job meets the gate (its status, the snapshot it restores, the cluster it restores into); with `wait`, waits for it to finish first. `snapshotUrl` is a secret.",
  },
  [`${PLUGIN_PACKAGE}:index:getFlexRestoreJobs`]: {
    kind: "restoreJobs",
    args: ["projectId", "name", "apiVersion"],
    required: ["projectId", "name"],
    result: "restoreJobs",
    doc: "Lists every restore job of a flex cluster (reading every page). Each `snapshotUrl` is a secret.",
  },
} as const satisfies Record<string, PluginFunction>;

/** A token of one of the plugin's functions. */
export type PluginToken = keyof typeof PLUGIN_FUNCTIONS;
