/**
 * The commands of `flex-snapshot` and the program's name: for each command, its synopsis, summary
 * and flags, and the lookup it runs (whose required arguments are its required flags).
 */
import { LOOKUPS, type LookupKind } from "../provider/lookups/registry";
import {
  COMMON_FLAGS,
  FIELD_FLAGS,
  GATE_FLAGS,
  REPORT_FLAGS,
  RESTORE_GATE_FLAGS,
  STATUS_LIST,
  type FlagName,
} from "./flags";

/** The name the help and messages use for the program. */
export const PROGRAM = "flex-snapshot";

/**
 * The word that starts the restore job commands: `flex-snapshot restore-job
 * get|latest|list|wait`, as the Atlas CLI groups its own (`atlas backups restores
 * list|describe|watch`).
 */
export const RESTORE_JOB_GROUP = "restore-job";

/** The commands of `flex-snapshot`; a restore job command is two words. */
export type CommandName =
  | "get"
  | "list"
  | "latest"
  | "wait"
  | "restore-job get"
  | "restore-job latest"
  | "restore-job list"
  | "restore-job wait";

/** One command: how the help shows it, the flags it takes and the lookup it runs. */
export interface CommandSpec {
  /** The command line after `flex-snapshot <command> `. */
  readonly synopsis: string;
  readonly summary: string;
  readonly flags: readonly FlagName[];
  /** The lookup it runs (whose required arguments are its required flags). */
  readonly lookup: LookupKind;
  /** A wait command: `--timeout` is required, and is the wait's timeout. */
  readonly waits?: true;
}

/** The required flags of `spec`: its lookup's required arguments, and `--timeout` when it waits. */
export function requiredFlags(spec: CommandSpec): FlagName[] {
  const flags = LOOKUPS[spec.lookup].required.flatMap((arg) => FIELD_FLAGS[arg] ?? []);
  return spec.waits ? [...flags, "timeout"] : flags;
}

/** The commands of `flex-snapshot`, by name. */
export const COMMANDS: Readonly<Record<CommandName, CommandSpec>> = {
  get: {
    synopsis:
      "--project-id <id> --cluster <name> --snapshot-id <id> [gate flags] [--wait <dur> [--interval <dur>]]",
    summary: "Read one snapshot by id, wait for it to finish if asked, and check the gate.",
    flags: [
      "project-id",
      "cluster",
      "snapshot-id",
      ...GATE_FLAGS,
      "wait",
      "interval",
      ...REPORT_FLAGS,
      ...COMMON_FLAGS,
    ],
    lookup: "snapshot",
  },
  list: {
    synopsis: "--project-id <id> --cluster <name>",
    summary: "List every snapshot of a flex cluster, in the order Atlas returns them.",
    flags: ["project-id", "cluster", ...COMMON_FLAGS],
    lookup: "list",
  },
  latest: {
    synopsis: `--project-id <id> --cluster <name> [--status ${STATUS_LIST}] [gate flags] [--wait <dur> [--interval <dur>]]`,
    summary:
      "Find the most recent snapshot of a flex cluster (by scheduledTime),\nwait for it to finish if asked, and check the gate.",
    flags: [
      "project-id",
      "cluster",
      "status",
      ...GATE_FLAGS,
      "wait",
      "interval",
      ...REPORT_FLAGS,
      ...COMMON_FLAGS,
    ],
    lookup: "latest",
  },
  wait: {
    synopsis:
      "--project-id <id> --cluster <name> --snapshot-id <id> --timeout <dur> [--interval <dur>] [gate flags]",
    summary:
      "Wait for one snapshot to be COMPLETED or FAILED, then check the gate\n(the same as get --wait <dur>).",
    flags: [
      "project-id",
      "cluster",
      "snapshot-id",
      "timeout",
      "interval",
      ...GATE_FLAGS,
      ...REPORT_FLAGS,
      ...COMMON_FLAGS,
    ],
    lookup: "snapshot",
    waits: true,
  },
  "restore-job get": {
    synopsis:
      "--project-id <id> --cluster <name> --restore-job-id <id> [restore gate flags] [--wait <dur> [--interval <dur>]] [--show-snapshot-url]",
    summary:
      "Read one restore job of a flex cluster by id, wait for it to finish if asked,\nand check the restore gate.",
    flags: [
      "project-id",
      "cluster",
      "restore-job-id",
      ...RESTORE_GATE_FLAGS,
      "wait",
      "interval",
      "show-snapshot-url",
      ...REPORT_FLAGS,
      ...COMMON_FLAGS,
    ],
    lookup: "restoreJob",
  },
  "restore-job latest": {
    synopsis:
      "--project-id <id> --cluster <name> [--snapshot-id <id>] [restore gate flags] [--wait <dur> [--interval <dur>]] [--show-snapshot-url]",
    summary:
      "Find the most recent restore job of a flex cluster (by restoreScheduledDate;\nwith --snapshot-id, among that snapshot's), wait for it to finish if asked,\nand check the restore gate.",
    flags: [
      "project-id",
      "cluster",
      "snapshot-id",
      ...RESTORE_GATE_FLAGS,
      "wait",
      "interval",
      "show-snapshot-url",
      ...REPORT_FLAGS,
      ...COMMON_FLAGS,
    ],
    lookup: "latestRestoreJob",
  },
  "restore-job list": {
    synopsis: "--project-id <id> --cluster <name> [--show-snapshot-url]",
    summary: "List every restore job of a flex cluster, in the order Atlas returns them.",
    flags: ["project-id", "cluster", "show-snapshot-url", ...COMMON_FLAGS],
    lookup: "restoreJobs",
  },
  "restore-job wait": {
    synopsis:
      "--project-id <id> --cluster <name> --restore-job-id <id> --timeout <dur> [--interval <dur>] [restore gate flags] [--show-snapshot-url]",
    summary:
      "Wait for one restore job to be COMPLETED or FAILED, then check the restore gate\n(the same as restore-job get --wait <dur>).",
    flags: [
      "project-id",
      "cluster",
      "restore-job-id",
      "timeout",
      "interval",
      ...RESTORE_GATE_FLAGS,
      "show-snapshot-url",
      ...REPORT_FLAGS,
      ...COMMON_FLAGS,
    ],
    lookup: "restoreJob",
    waits: true,
  },
};

/** The command names, in the order the help and the messages list them. */
export const COMMAND_ORDER: readonly CommandName[] = [
  "get",
  "list",
  "latest",
  "wait",
  "restore-job get",
  "restore-job latest",
  "restore-job list",
  "restore-job wait",
];

/**
 * The lookup each command runs, by command: test/frontDoors.test.ts checks that every lookup of
 * the registry has one.
 */
export function commandLookups(): Readonly<Record<CommandName, LookupKind>> {
  return Object.fromEntries(COMMAND_ORDER.map((name) => [name, COMMANDS[name].lookup])) as Record<
    CommandName,
    LookupKind
  >;
}

/** The second words of the restore job commands. */
export const RESTORE_JOB_COMMANDS = COMMAND_ORDER.filter((name) =>
  name.startsWith(`${RESTORE_JOB_GROUP} `),
).map((name) => name.slice(RESTORE_JOB_GROUP.length + 1));

/** Whether `name` is a command of `flex-snapshot`. */
export function isCommand(name: string): name is CommandName {
  return (COMMAND_ORDER as readonly string[]).includes(name);
}
