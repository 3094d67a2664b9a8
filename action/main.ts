/**
 * The GitHub Action (action.yml): one gated lookup run in-process with the CLI's own parser and
 * executor (`bin/parseCommandLine.ts`, `bin/execute.ts`) rather than by spawning the CLI, so that
 * the action needs no install step, the inputs are validated before anything is sent with the
 * same messages, and the outcome comes from the error classes rather than from parsing output.
 * `@actions/core` does the runner's protocol: masking, outputs, annotations, the job summary.
 *
 * Bundled with its dependencies into action/dist/index.js by scripts/bundle-action.js.
 */
import * as core from "@actions/core";
import { ENV_KEYS, CONFIG_KEYS, type SettingsScope } from "../provider/atlas/settings";
import { ValidationError } from "../provider/atlas/errors";
import { progressLine } from "../provider/lookups/gatedLookups";
import { errorKind, errorMessage, errorReport, oneLine, outcomeReport } from "../bin/cli";
import { COMMANDS, requiredFlags, type CommandName } from "../bin/commandTable";
import { executeLookup } from "../bin/execute";
import { FLAGS, type FlagName } from "../bin/flags";
import { parseCommandLine, type LookupRequest } from "../bin/parseCommandLine";
import { reportValues, type Outcome, type StepReport } from "../bin/report";
import { UsageError } from "../bin/usageError";
import { FLAG_INPUTS, inputOfFlag, inputOfSetting, OWN_INPUTS, SETTING_INPUTS } from "./inputs";

/** The inputs' values as the runner passes them, trimmed; `""` for an input not set. */
const input = (name: string): string => core.getInput(name);

/**
 * Masks every secret before anything is printed: the secret inputs and the secret
 * `MONGODB_ATLAS_*` variables, each line of a multi-line value too (the runner masks per line).
 */
function maskSecrets(env: NodeJS.ProcessEnv): void {
  for (const setting of SETTING_INPUTS) {
    if (!CONFIG_KEYS[setting].secret) continue;
    const variables: readonly string[] =
      setting in ENV_KEYS ? ENV_KEYS[setting as keyof typeof ENV_KEYS] : [];
    const values = [core.getInput(inputOfSetting(setting)), ...variables.map((v) => env[v] ?? "")];
    for (const value of values) {
      for (const line of value.split(/\r?\n/)) if (line.trim() !== "") core.setSecret(line.trim());
    }
  }
}

/** A boolean input, `true`/`false` as YAML 1.2 spells them, with its action.yml default. */
function booleanInput(name: keyof typeof OWN_INPUTS): boolean {
  const value = input(name) || OWN_INPUTS[name].default;
  if (/^(true|True|TRUE)$/.test(value)) return true;
  if (/^(false|False|FALSE)$/.test(value)) return false;
  throw new ValidationError(name, value, "true or false");
}

/** The lookup forms of the action: the input that chooses each, and the command it runs. */
const FORMS = [
  { choice: "snapshot-id", command: "get", form: "a snapshot by id (snapshot-id)" },
  { choice: "latest: true", command: "latest", form: "the latest snapshot (latest: true)" },
  {
    choice: "restore-job-id",
    command: "restore-job get",
    form: "a restore job (restore-job-id)",
  },
  {
    choice: "latest-restore-job: true",
    command: "restore-job latest",
    form: "the latest restore job (latest-restore-job: true)",
  },
] as const satisfies readonly { choice: string; command: CommandName; form: string }[];

/**
 * The command an input set chooses: a snapshot by id or the latest, a restore job by id or the
 * latest. With `latest-restore-job`, `snapshot-id` narrows the jobs instead of choosing a
 * snapshot.
 */
function chooseCommand(): CommandName {
  const latestRestoreJob = booleanInput("latest-restore-job");
  const set: Readonly<Record<(typeof FORMS)[number]["choice"], boolean>> = {
    "snapshot-id": input("snapshot-id") !== "" && !latestRestoreJob,
    "latest: true": booleanInput("latest"),
    "restore-job-id": input("restore-job-id") !== "",
    "latest-restore-job: true": latestRestoreJob,
  };
  const chosen = FORMS.filter((form) => set[form.choice]);
  if (chosen.length !== 1) {
    const choices = FORMS.map((form) => form.choice);
    throw new UsageError(
      `${chosen.length === 0 ? "no record chosen" : `${chosen.map((form) => form.choice).join(" and ")} do not go together`}: set one of ${choices.slice(0, -1).join(", ")} or ${choices.at(-1)}`,
    );
  }
  return chosen[0]!.command;
}

/**
 * The CLI command line of the inputs, checked the way the CLI checks its own: required inputs
 * set, no input that does not apply to the chosen command.
 */
function commandLine(command: CommandName): string[] {
  const spec = COMMANDS[command];
  const missing = requiredFlags(spec)
    .map(inputOfFlag)
    .filter((name) => input(name) === "");
  if (missing.length > 0) throw new UsageError(`missing input ${missing.join(", ")}`);
  const argv = command.split(" ");
  for (const flag of FLAG_INPUTS) {
    const name = inputOfFlag(flag);
    // A status list may be written one per line, as YAML block scalars invite.
    const value = input(name).replace(/\s*\n\s*/g, ",");
    if (value === "") continue;
    if (!spec.flags.includes(flag)) {
      throw new UsageError(`input ${name} does not apply to ${lookupForm(command)}`);
    }
    argv.push(...(FLAGS[flag].type === "boolean" ? [`--${flag}`] : [`--${flag}`, value]));
  }
  if (input("wait-interval") !== "" && input("wait-timeout") === "") {
    throw new UsageError("input wait-interval needs wait-timeout");
  }
  return argv;
}

function lookupForm(command: CommandName): string {
  return FORMS.find((form) => form.command === command)?.form ?? command;
}

/** Parses the inputs as the CLI parses its flags, with a field named by its input. */
function parseInputs(): LookupRequest {
  const argv = commandLine(chooseCommand());
  try {
    const request = parseCommandLine(argv);
    if (request.kind !== "lookup") throw new Error(`unexpected ${request.kind} request`);
    return request;
  } catch (error) {
    const flag = error instanceof ValidationError ? /^--(.+)$/.exec(error.field)?.[1] : undefined;
    if (error instanceof ValidationError && flag !== undefined && flag in FLAGS) {
      throw new ValidationError(inputOfFlag(flag as FlagName), error.value, error.expected);
    }
    throw error;
  }
}

/** The inputs as the first place settings are read from, before `MONGODB_ATLAS_*`. */
const INPUT_SCOPE: SettingsScope = {
  label: "action inputs",
  keyOf: inputOfSetting,
  read: (key) => input(key) || undefined,
  isStackConfig: false,
};

/** `text` escaped for the summary's HTML. */
function html(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The gate as the inputs set it: `require-status: COMPLETED, max-age: 1d`. */
function gateLine(request: LookupRequest | undefined): string {
  if (request === undefined) return "(inputs not valid)";
  const gate = [
    ...COMMANDS[request.command].flags.filter(
      (flag) => flag.startsWith("require-") || flag === "max-age" || flag === "min-remaining",
    ),
    "wait",
  ]
    .map((flag) => [inputOfFlag(flag as FlagName), input(inputOfFlag(flag as FlagName))] as const)
    .filter(([, value]) => value !== "")
    .map(([name, value]) => `${name}: ${value}`);
  return gate.length > 0 ? gate.join(", ") : "none (the lookup must succeed)";
}

const VERDICT: Readonly<Record<Outcome, string>> = {
  met: "✅ Gate met",
  "not-met": "❌ Gate not met",
  "timed-out": "⏱️ Timed out",
  error: "⚠️ Error",
};

/** Writes the job summary: the verdict, the gate, the record as a table, the wait's polls. */
async function writeSummary(
  report: StepReport,
  request: LookupRequest | undefined,
  polls: readonly string[],
): Promise<void> {
  const rows = reportValues(report).filter(
    ([name, value]) => value !== "" && name !== "outcome" && name !== "message",
  );
  core.summary
    .addHeading("Atlas Flex snapshot gate", 2)
    .addRaw(`<p><strong>${VERDICT[report.outcome]}</strong>: ${html(report.message)}</p>`, true)
    .addRaw(`<p>Gate: ${html(gateLine(request))}</p>`, true);
  if (rows.length > 0) {
    core.summary.addTable([
      [
        { data: "field", header: true },
        { data: "value", header: true },
      ],
      ...rows.map(([name, value]) => [html(name), html(value)]),
    ]);
  }
  if (polls.length > 0) {
    core.summary.addRaw(`<p>Wait: ${polls.length} poll(s)</p>`, true).addList(polls.map(html));
  }
  await core.summary.write();
}

/** Runs the action; never rejects: every failure ends as an outcome. */
export async function run(): Promise<void> {
  const env = { ...process.env };
  maskSecrets(env);
  const polls: string[] = [];
  let request: LookupRequest | undefined;
  let report: StepReport;
  let failOnNotMet = true;
  try {
    failOnNotMet = booleanInput("fail-on-not-met");
    request = parseInputs();
    const outcome = await executeLookup(
      request,
      env,
      {
        onWarning: (message) => core.warning(oneLine(message)),
        onProgress: (progress) => {
          const line = progressLine(progress);
          polls.push(line);
          core.info(line);
        },
      },
      { scope: INPUT_SCOPE },
    );
    report = outcomeReport(request, outcome);
  } catch (error) {
    report = errorReport(request, error, `${errorKind(error)}: ${errorMessage(error)}`);
  }
  for (const [name, value] of reportValues(report)) core.setOutput(name, value);
  try {
    await writeSummary(report, request, polls);
  } catch (error) {
    core.warning(`could not write the job summary: ${errorMessage(error)}`);
  }
  if (report.outcome === "met") {
    core.info(report.message);
  } else if (report.outcome === "error" || failOnNotMet) {
    core.setFailed(report.message);
  } else {
    core.warning(`${report.message} (fail-on-not-met: false)`);
  }
}

void run().catch((error: unknown) => core.setFailed(`unexpected: ${errorMessage(error)}`));
