/**
 * The GitHub Action's inputs, derived from the CLI's flag table (`bin/flags.ts`) and the
 * provider's settings (`CONFIG_KEYS`), so that a fact has one place: a flag's input has the
 * flag's name and help; a setting's input is the setting's name in kebab case. Every flag is
 * either an input or excluded here with the reason, and test/action.test.ts checks action.yml
 * against this table: a flag added to the CLI without a decision here fails that test.
 */
import { CONFIG_KEYS, type SettingName } from "../provider/atlas/settings";
import { FLAGS, type FlagName } from "../bin/flags";
import { kebab } from "../bin/report";

/** The flags that are inputs under another name: the action always waits with `--wait`. */
export const RENAMED_FLAGS: Readonly<Partial<Record<FlagName, string>>> = {
  wait: "wait-timeout",
  interval: "wait-interval",
};

/** The flags that are not inputs, and why. */
export const EXCLUDED_FLAGS: Readonly<Partial<Record<FlagName, string>>> = {
  timeout: "the wait commands' spelling of --wait, which is wait-timeout",
  output: "the action sets step outputs and a job summary instead of printing",
  "dotenv-report": "GitLab's report file; the action sets step outputs",
  "junit-report": "GitLab's report file; the action writes a job summary",
  "show-snapshot-url": "a bearer link to the backup's data must not become a step output",
  help: "not a lookup",
  version: "not a lookup",
};

/** The inputs of the action that are no flag: how to choose the lookup, and how to fail. */
export const OWN_INPUTS = {
  latest: {
    description:
      "`true` to check the most recent snapshot of the cluster (with `status`, among those statuses) instead of `snapshot-id`.",
    default: "false",
  },
  "latest-restore-job": {
    description:
      "`true` to check the most recent restore job of the cluster (with `snapshot-id`, among that snapshot's jobs) instead of `restore-job-id`.",
    default: "false",
  },
  "fail-on-not-met": {
    description:
      "`false` to end the step successfully when the gate is not met or the wait timed out (a warning instead of an error; `outcome` says which). Errors fail the step anyway.",
    default: "true",
  },
} as const;

/** A flag's input name. */
export function inputOfFlag(flag: FlagName): string {
  return RENAMED_FLAGS[flag] ?? flag;
}

/** The flags that are inputs, in the flag table's order. */
export const FLAG_INPUTS: readonly FlagName[] = (Object.keys(FLAGS) as FlagName[]).filter(
  (flag) => EXCLUDED_FLAGS[flag] === undefined,
);

/** A setting's input name: `clientSecret` → `client-secret`. */
export function inputOfSetting(setting: SettingName): string {
  return kebab(setting);
}

/** The settings, each an input: the credentials, the base URL, Atlas for Government. */
export const SETTING_INPUTS: readonly SettingName[] = Object.keys(CONFIG_KEYS) as SettingName[];

/** The inputs every lookup needs, so action.yml marks them required. */
export const REQUIRED_INPUTS: readonly string[] = ["project-id", "cluster"];

/** One input of action.yml: its description, and whether it is required or has a default. */
export interface InputSpec {
  readonly description: string;
  readonly required?: boolean;
  readonly default?: string;
}

/**
 * The inputs action.yml declares, by name, as this table makes them: the flags' (with the
 * CLI's help), the action's own, and the settings'. test/action.test.ts compares action.yml's
 * inputs with this.
 */
export function actionInputs(): Record<string, InputSpec> {
  const inputs: Record<string, InputSpec> = {};
  for (const flag of FLAG_INPUTS) {
    const name = inputOfFlag(flag);
    inputs[name] = {
      description: FLAGS[flag].help.replace(/\n/g, " "),
      ...(REQUIRED_INPUTS.includes(name) ? { required: true } : {}),
    };
  }
  for (const [name, spec] of Object.entries(OWN_INPUTS)) inputs[name] = { ...spec };
  for (const setting of SETTING_INPUTS) {
    inputs[inputOfSetting(setting)] = { description: CONFIG_KEYS[setting].doc };
  }
  return inputs;
}
