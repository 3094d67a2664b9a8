/**
 * action.yml, made from the tables it follows: the inputs of `inputs.ts` and the report names of
 * `bin/report.ts` (the outputs). scripts/bundle-action.js writes it next to the bundle, and
 * test/action.test.ts fails when the committed file differs from what this makes.
 */
import { dump } from "js-yaml";
import { RESTORE_JOB_FIELDS } from "../provider/models/restoreJobModel";
import { SNAPSHOT_FIELDS } from "../provider/models/snapshotModel";
import { kebab, REPORT_NAMES } from "../bin/report";
import { actionInputs } from "./inputs";

/** The path of the bundle, relative to action.yml (the repository root). */
export const ACTION_MAIN = "action/dist/index.js";

/** What each output that is no record field says. */
const OWN_OUTPUTS: Readonly<Record<string, string>> = {
  outcome: "`met`, `not-met`, `timed-out` or `error`; set however the step ends.",
  message: "The verdict or the error, on one line.",
  "project-id": "The project looked in.",
  cluster: "The flex cluster looked at.",
  "age-seconds": "Seconds since the snapshot finished (empty when it has not).",
  "remaining-seconds": "Seconds until the snapshot's download link expires (empty when unknown).",
};

/** The doc of a record field's output: the snapshot's and the restore job's where both have it. */
function fieldDoc(name: string): string {
  const docs = [...SNAPSHOT_FIELDS, ...RESTORE_JOB_FIELDS]
    .filter((field) => kebab(field.result) === name)
    .map((field) => field.doc);
  return [...new Set(docs)].join(" For a restore job: ").replace(/^/, "");
}

/** The text of action.yml. */
export function renderActionYml(): string {
  const outputs = Object.fromEntries(
    REPORT_NAMES.map((name) => [name, { description: OWN_OUTPUTS[name] ?? fieldDoc(name) }]),
  );
  const metadata = {
    name: "Atlas Flex snapshot gate",
    description:
      "Gate a job on a MongoDB Atlas Flex cluster backup snapshot or restore job: its status, age and remaining life, after an optional wait.",
    author: "pulumi-atlas-flex-snapshot",
    branding: { icon: "shield", color: "green" },
    inputs: actionInputs(),
    outputs,
    runs: { using: "node20", main: ACTION_MAIN },
  };
  const header =
    "# Generated from action/metadata.ts by `npm run build:action`; do not edit.\n" +
    "# Inputs follow the flex-snapshot CLI's flags (bin/flags.ts); outputs bin/report.ts.\n";
  return header + dump(metadata, { lineWidth: 100, noRefs: true });
}
