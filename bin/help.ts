/**
 * The help of `flex-snapshot`, made from its tables of commands and flags, and from the
 * renderer's own documents so that it follows the snapshot and restore job models.
 */
import { DEFAULT_BASE_URL } from "../provider/atlas/origin";
import { SNAPSHOT_STATUS_PATTERN } from "../provider/atlas/schema";
import { LOOKUPS } from "../provider/lookups/registry";
import { KNOWN_SNAPSHOT_STATUSES } from "../provider/models/snapshotModel";
import { COMMAND_ORDER, COMMANDS, PROGRAM, type CommandName } from "./commandTable";
import { EXIT_CODE_MEANINGS } from "./exitCodes";
import {
  COMMON_FLAGS,
  FLAGS,
  GATE_FLAGS,
  REPORT_FLAGS,
  RESTORE_GATE_FLAGS,
  type FlagName,
  type FlagSpec,
} from "./flags";
import {
  listDocument,
  restoreJobDocument,
  restoreJobFields,
  restoreJobListDocument,
  snapshotDocument,
  snapshotFields,
} from "./render";

/**
 * Lays out `[left, right]` rows as two aligned columns, indented by two spaces; a right cell
 * with line breaks continues under itself.
 */
function columns(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([left]) => left.length));
  const indent = " ".repeat(width + 4);
  return rows
    .map(([left, right]) =>
      `  ${left.padEnd(width)}  ${right.split("\n").join(`\n${indent}`)}`.trimEnd(),
    )
    .join("\n");
}

function flagRows(names: readonly FlagName[]): [string, string][] {
  return names.map((name) => {
    const flag: FlagSpec = FLAGS[name];
    const short = flag.short === undefined ? "" : `-${flag.short}, `;
    const value = flag.value === undefined ? "" : ` ${flag.value}`;
    return [`${short}--${name}${value}`, flag.help];
  });
}

const DURATIONS = 'Durations: "90s", "15m", "24h", "7d", "1h30m" (units ms, s, m, h, d, w).';

const STATUSES = [
  `Statuses: ${KNOWN_SNAPSHOT_STATUSES.join(", ")}. Any other upper-case word`,
  `(${SNAPSHOT_STATUS_PATTERN.source}) is accepted too, with a warning, for a status Atlas may add.`,
].join("\n");

const CREDENTIALS = [
  "Environment (there is no config file; the first kind of credentials set wins):",
  columns([
    ["access token", "MONGODB_ATLAS_ACCESS_TOKEN"],
    ["service account", "MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET"],
    [
      "API key",
      "MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY\n(or MONGODB_ATLAS_PUBLIC_KEY and MONGODB_ATLAS_PRIVATE_KEY)",
    ],
    ["Atlas origin", `MONGODB_ATLAS_BASE_URL (default: ${DEFAULT_BASE_URL})`],
  ]),
].join("\n");

/** Joins words into lines of at most 72 characters, later lines indented by one space. */
function wrapWords(words: readonly string[]): string {
  const lines: string[] = [];
  for (const word of words) {
    const line = lines[lines.length - 1];
    if (line === undefined) lines.push(word);
    else if (line.length + word.length + 1 > 72) lines.push(` ${word}`);
    else lines[lines.length - 1] = `${line} ${word}`;
  }
  return lines.join("\n");
}

/** `"key",` for each key, the first after `open`, the last with `close` instead of the comma. */
function keyWords(keys: readonly string[], open: string, close: string): string[] {
  return keys.map(
    (key, index) => `${index === 0 ? open : ""}"${key}"${index === keys.length - 1 ? close : ","}`,
  );
}

/**
 * A JSON document's keys in order, wrapped: `nested` (its gate or its results) last, as
 * `nestedWords` show it.
 */
function documentKeys(
  keys: readonly string[],
  nested: string,
  nestedWords: readonly string[],
): string {
  return wrapWords([
    ...keyWords(
      keys.filter((key) => key !== nested),
      "{",
      ",",
    ),
    ...nestedWords,
  ]);
}

const GATE_WORDS = ['"gate": {"met": true|false, "reasons": ["..."]}}'];

// The documents' keys are read from the renderer's own documents, so that the help follows the
// snapshot and restore job models.
const CLUSTER = { projectId: "", name: "" } as const;
const SHOWN = { showSecrets: true } as const;
const RESTORE_JOB_DOCUMENT = documentKeys(
  Object.keys(restoreJobDocument(CLUSTER, undefined, { met: true, reasons: [] }, SHOWN)),
  "gate",
  GATE_WORDS,
);
const RESTORE_JOB_LIST_DOCUMENT = documentKeys(
  Object.keys(restoreJobListDocument(CLUSTER, [], SHOWN)),
  "results",
  keyWords(Object.keys(restoreJobFields(undefined, SHOWN)), '"results": [{', "}, ...]}"),
);
const SECRET_NOTE = [
  'snapshotUrl (a DOWNLOAD job\'s bearer link to the backup) is "[secret]" unless',
  "--show-snapshot-url is given; no list table, message or log line ever shows it.",
].join("\n");
const SNAPSHOT_DOCUMENT = documentKeys(
  Object.keys(snapshotDocument(CLUSTER, undefined, { met: true, reasons: [] })),
  "gate",
  GATE_WORDS,
);
const LIST_DOCUMENT = documentKeys(
  Object.keys(listDocument(CLUSTER, [])),
  "results",
  keyWords(Object.keys(snapshotFields(undefined)), '"results": [{', "}, ...]}"),
);
const ERROR_DOCUMENT = '{"error": {"kind": "<error class>", "message": "..."}}';

function outputSection(
  documents: readonly (readonly [string, string])[],
  gated: boolean,
  secrets = false,
): string {
  return [
    "Output: a table by default. With --output json, one JSON document on stdout, always with",
    "these keys in this order; a field Atlas did not return is null:",
    columns(documents),
    ...(secrets ? [SECRET_NOTE] : []),
    ...(gated
      ? [
          "When the gate is not met (exit 1) the document is printed all the same, with gate.met",
          "false and the reasons. Other failures (exit 2, 3, 4) print the error document instead.",
          `Reasons and errors also go to stderr as one line: ${PROGRAM}: <message>. While waiting,`,
          "a progress line per poll goes to stderr when stderr is a terminal, and nothing otherwise.",
        ]
      : [
          "Failures (exit 3, 4) print the error document instead, and go to stderr as one line:",
          `${PROGRAM}: <message>.`,
        ]),
  ].join("\n");
}

function exitCodeSection(): string {
  return [
    "Exit codes:",
    columns(EXIT_CODE_MEANINGS.map(([code, text]) => [String(code), text])),
  ].join("\n");
}

/** The help of `flex-snapshot --help`. */
export function topLevelHelp(): string {
  return [
    `${PROGRAM}: gate a CI step on a MongoDB Atlas Flex cluster backup snapshot or restore job.`,
    [
      "Usage:",
      ...COMMAND_ORDER.map((name) => `  ${PROGRAM} ${name.padEnd(6)} ${COMMANDS[name].synopsis}`),
      `  ${PROGRAM} --help | --version`,
    ].join("\n"),
    ["Commands:", columns(COMMAND_ORDER.map((name) => [name, COMMANDS[name].summary]))].join("\n"),
    ["Gate flags (get, latest, wait):", columns(flagRows(GATE_FLAGS))].join("\n"),
    [
      "Restore gate flags (restore-job get, restore-job latest, restore-job wait):",
      columns(flagRows(RESTORE_GATE_FLAGS)),
    ].join("\n"),
    [
      "Report flags (get, latest, wait, restore-job get|latest|wait; written whatever the outcome):",
      columns(flagRows(REPORT_FLAGS)),
    ].join("\n"),
    ["Common flags:", columns(flagRows(COMMON_FLAGS))].join("\n"),
    `${DURATIONS}\n${STATUSES}`,
    CREDENTIALS,
    outputSection(
      [
        ["get, latest, wait", SNAPSHOT_DOCUMENT],
        ["list", LIST_DOCUMENT],
        ["restore-job get, latest, wait", RESTORE_JOB_DOCUMENT],
        ["restore-job list", RESTORE_JOB_LIST_DOCUMENT],
        ["exit 2, 3, 4", ERROR_DOCUMENT],
      ],
      true,
      true,
    ),
    exitCodeSection(),
    `Run \`${PROGRAM} <command> --help\` for the flags of a command.`,
  ].join("\n\n");
}

/** The help of `flex-snapshot <command> --help`. */
export function commandHelp(name: CommandName): string {
  const spec = COMMANDS[name];
  const gate = spec.flags.some((flag) =>
    ([...GATE_FLAGS, ...RESTORE_GATE_FLAGS] as readonly string[]).includes(flag),
  );
  const subject = LOOKUPS[spec.lookup].subject;
  const restore = subject === "restoreJob" || subject === "restoreJobs";
  const [one, many] = restore
    ? [RESTORE_JOB_DOCUMENT, RESTORE_JOB_LIST_DOCUMENT]
    : [SNAPSHOT_DOCUMENT, LIST_DOCUMENT];
  return [
    `Usage: ${PROGRAM} ${name} ${spec.synopsis}`,
    spec.summary,
    ["Flags:", columns(flagRows(spec.flags))].join("\n"),
    gate ? `${DURATIONS}\n${STATUSES}` : undefined,
    CREDENTIALS,
    outputSection(
      [
        [name, gate ? one : many],
        [gate ? "exit 2, 3, 4" : "exit 3, 4", ERROR_DOCUMENT],
      ],
      gate,
      restore,
    ),
    exitCodeSection(),
  ]
    .filter((section): section is string => section !== undefined)
    .join("\n\n");
}
