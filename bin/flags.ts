/**
 * The flags of `flex-snapshot`: one table, from which both the parser and the help are made, and
 * the lookup argument each flag sets.
 */
import { DEFAULT_API_VERSION } from "../provider/atlas/client";
import { formatDuration } from "../provider/lookups/duration";
import type { LookupArgumentName } from "../provider/lookups/argumentModel";
import {
  DEFAULT_MAX_POLL_INTERVAL_MS,
  DEFAULT_POLL_INTERVAL_MS,
  MAX_WAIT_TIMEOUT_MS,
  MIN_POLL_INTERVAL_MS,
} from "../provider/lookups/wait";

/** One flag: how `parseArgs` reads it and how the help describes it. */
export interface FlagSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** Whether the flag may be repeated; its values are then joined (used for status lists). */
  readonly multiple?: boolean;
  /** The value placeholder the help shows, e.g. `<id>`. */
  readonly value?: string;
  readonly help: string;
}

/** The value placeholder of a status list flag, in the help and in the synopses. */
export const STATUS_LIST = "S[,S...]";

/** The flags of `flex-snapshot`, by name (without the dashes). */
export const FLAGS = {
  "project-id": {
    type: "string",
    value: "<id>",
    help: "the Atlas project (group) id: 24 hexadecimal digits",
  },
  cluster: { type: "string", value: "<name>", help: "the flex cluster's name" },
  "snapshot-id": {
    type: "string",
    value: "<id>",
    help: "the snapshot id: 24 hexadecimal digits",
  },
  status: {
    type: "string",
    multiple: true,
    value: STATUS_LIST,
    help: "consider only snapshots with one of these statuses",
  },
  "require-status": {
    type: "string",
    multiple: true,
    value: STATUS_LIST,
    help: "gate: the status must be one of these\n(default with a wait: COMPLETED, so that FAILED fails)",
  },
  "max-age": {
    type: "string",
    value: "<dur>",
    help: "gate: the snapshot must have finished at most <dur> ago",
  },
  "min-remaining": {
    type: "string",
    value: "<dur>",
    help: "gate: the snapshot must stay downloadable for at least <dur>",
  },
  "restore-job-id": {
    type: "string",
    value: "<id>",
    help: "the restore job id: 24 hexadecimal digits",
  },
  "require-snapshot-id": {
    type: "string",
    value: "<id>",
    help: "restore gate: the job must restore this snapshot",
  },
  "require-target": {
    type: "string",
    value: "<name>",
    help: "restore gate: the job must restore into this cluster\n(its targetDeploymentItemName)",
  },
  "require-target-project-id": {
    type: "string",
    value: "<id>",
    help: "restore gate: the job must restore into this project\n(its targetProjectId)",
  },
  "show-snapshot-url": {
    type: "boolean",
    help: `print the job's snapshotUrl, a bearer link to the backup's data:\nanyone who has it can download the backup until it expires\n(default: the JSON and the table show "[secret]")`,
  },
  wait: {
    type: "string",
    value: "<dur>",
    help: `wait up to <dur> (at most ${formatDuration(MAX_WAIT_TIMEOUT_MS)}) for it to be COMPLETED or FAILED`,
  },
  timeout: {
    type: "string",
    value: "<dur>",
    help: `wait up to <dur> (at most ${formatDuration(MAX_WAIT_TIMEOUT_MS)}) for it to be COMPLETED or FAILED`,
  },
  interval: {
    type: "string",
    value: "<dur>",
    help: `the first interval between polls (default: ${formatDuration(DEFAULT_POLL_INTERVAL_MS)};\nat least ${formatDuration(MIN_POLL_INTERVAL_MS)}, at most the timeout); each next one\n1.5 times longer, up to ${formatDuration(DEFAULT_MAX_POLL_INTERVAL_MS)}`,
  },
  output: { type: "string", value: "table|json", help: "the output format (default: table)" },
  "dotenv-report": {
    type: "string",
    value: "<file>",
    help: "also write the outcome and the record's fields to <file> as KEY=VALUE lines\n(FLEX_SNAPSHOT_OUTCOME, FLEX_SNAPSHOT_STATUS, ...), for a GitLab dotenv report",
  },
  "junit-report": {
    type: "string",
    value: "<file>",
    help: "also write the gate's verdict to <file> as a JUnit XML test case\n(a failure when not met or timed out, an error otherwise)",
  },
  "api-version": {
    type: "string",
    value: "<date>",
    help: `the Atlas API version (default: ${DEFAULT_API_VERSION})`,
  },
  help: { type: "boolean", short: "h", help: "show this help" },
  version: { type: "boolean", help: "print the version" },
} as const satisfies Record<string, FlagSpec>;

/** A flag's name, without the dashes. */
export type FlagName = keyof typeof FLAGS;

/**
 * The flag that sets each lookup argument, and each field of a gate and a wait (`require.status`):
 * how a command's required flags follow from its lookup's required arguments, and which flag a
 * validation error names. A wait's timeout is `--timeout` in a wait command, else `--wait`.
 */
export const FIELD_FLAGS: Readonly<
  Partial<Record<LookupArgumentName | `${"require" | "wait"}.${string}`, FlagName>>
> = {
  projectId: "project-id",
  name: "cluster",
  snapshotId: "snapshot-id",
  restoreJobId: "restore-job-id",
  status: "status",
  "require.status": "require-status",
  "require.maxAge": "max-age",
  "require.minRemaining": "min-remaining",
  "require.snapshotId": "require-snapshot-id",
  "require.targetDeploymentItemName": "require-target",
  "require.targetProjectId": "require-target-project-id",
  "wait.timeout": "wait",
  "wait.interval": "interval",
  apiVersion: "api-version",
};

/** The gate flags of the snapshot commands (get, latest, wait). */
export const GATE_FLAGS = ["require-status", "max-age", "min-remaining"] as const;

/** The gate flags of the restore job commands (restore-job get, latest, wait). */
export const RESTORE_GATE_FLAGS = [
  "require-status",
  "require-snapshot-id",
  "require-target",
  "require-target-project-id",
] as const;

/** The report file flags of the gated commands (get, latest, wait, restore-job get|latest|wait). */
export const REPORT_FLAGS = ["dotenv-report", "junit-report"] as const;

/** The flags every command takes. */
export const COMMON_FLAGS = ["output", "api-version", "help", "version"] as const;
