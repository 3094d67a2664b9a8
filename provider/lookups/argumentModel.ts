/**
 * The lookups' arguments, each with its doc line: the one table the `atlasflex` plugin's schema
 * (`provider/pulumi/plugin/packageSchema.ts`) is generated from. The SDK's TSDoc of the same arguments
 * (a TypeScript interface cannot read its docs from data) must say the same, word for word, with
 * the same `@default`: `test/argumentModel.test.ts` checks it.
 *
 * Pure data, like `snapshotModel.ts`: it imports nothing.
 */

/** What an argument holds, as the schema types it. */
export type ArgumentType = "string" | "boolean" | "statuses" | "gate" | "restoreGate" | "wait";

/** One argument: its type, its doc and its default (as the SDK's `@default` writes it). */
export interface ArgumentSpec {
  readonly type: ArgumentType;
  readonly doc: string;
  readonly default?: string;
}

/** The arguments of the lookups, by name (a lookup takes some of them; see the plugin's functions). */
export const LOOKUP_ARGUMENTS = {
  projectId: { type: "string", doc: "The project (group) id: 24 hexadecimal digits." },
  name: { type: "string", doc: "The flex cluster's name." },
  snapshotId: { type: "string", doc: "The snapshot id: 24 hexadecimal digits." },
  restoreJobId: { type: "string", doc: "The restore job id: 24 hexadecimal digits." },
  status: {
    type: "statuses",
    doc: 'Consider only snapshots with this status (or one of these), e.g. `"COMPLETED"`.',
  },
  require: {
    type: "gate",
    doc: "Fail the lookup unless the snapshot meets this gate; see FlexSnapshotGate.",
  },
  wait: { type: "wait", doc: "Wait for the snapshot to finish; see FlexSnapshotWait." },
  apiVersion: { type: "string", doc: "The Atlas API version to request.", default: '"2024-11-13"' },
} as const satisfies Record<string, ArgumentSpec>;

/** The name of a lookup argument. */
export type LookupArgumentName = keyof typeof LOOKUP_ARGUMENTS;

/** The gate's fields (`require`), as `FlexSnapshotGate` in the SDK documents them. */
export const GATE_FIELDS = {
  status: {
    type: "statuses",
    doc: "The status, or one of the statuses (up to 16), the snapshot must have. Any upper-case word is accepted; one Atlas has not been seen to return draws a warning.",
  },
  maxAge: {
    type: "string",
    doc: 'The snapshot must have finished (`finishTime`) no longer ago than this, e.g. `"24h"` (1s–366d).',
  },
  minRemaining: {
    type: "string",
    doc: 'The snapshot\'s `expiration` must be at least this far away, e.g. `"2d"` (1s–366d).',
  },
} as const satisfies Record<string, ArgumentSpec>;

/** The wait's fields (`wait`), as `FlexSnapshotWait` in the SDK documents them. */
export const WAIT_FIELDS = {
  timeout: { type: "string", doc: 'How long to wait at most, e.g. `"30m"` (1s–1d).' },
  interval: {
    type: "string",
    doc: "The first interval between polls (at least 1s, at most `timeout`); later ones back off by half each up to a minute.",
    default: '"10s"',
  },
  enforceInPreview: {
    type: "boolean",
    doc: "Also wait, and enforce the gate, in `pulumi preview`. By default preview reports the current status without waiting, and warns when the gate is not met yet.",
    default: "false",
  },
} as const satisfies Record<string, ArgumentSpec>;

/** The restore gate's fields (`require` of a restore job), as `FlexRestoreJobGate` documents them. */
export const RESTORE_GATE_FIELDS = {
  status: {
    type: "statuses",
    doc: "The status, or one of the statuses (up to 16), the restore job must have. Any upper-case word is accepted; one Atlas has not been seen to return draws a warning.",
  },
  snapshotId: { type: "string", doc: "The snapshot the job must restore: 24 hexadecimal digits." },
  targetDeploymentItemName: {
    type: "string",
    doc: "The cluster the job must restore into (`targetDeploymentItemName`).",
  },
  targetProjectId: {
    type: "string",
    doc: "The project of the cluster the job must restore into: 24 hexadecimal digits.",
  },
} as const satisfies Record<string, ArgumentSpec>;

/** The restore gate's doc, for its type in the schema. */
export const RESTORE_GATE_DOC =
  "Conditions the restore job must meet; the lookup fails (in preview and in up) when it does not, so resources that depend on it are never touched. Besides the status, a restore gate checks that the job restores the snapshot you expect into the cluster you expect: a deployment must not read data restored from another snapshot, or restored somewhere else.";

/** The gate's doc, for its type in the schema. */
export const GATE_DOC =
  'Conditions the snapshot must meet; the lookup fails (in preview and in up) when it does not, so resources that depend on it are never touched. Durations are strings such as `"90s"`, `"15m"`, `"24h"` or `"7d"`.';

/** The wait's doc, for its type in the schema. */
export const WAIT_DOC =
  "Waiting for the snapshot: poll until it is COMPLETED or FAILED (FAILED fails at once), for at most `timeout`. While waiting, the gate's status defaults to COMPLETED.";
