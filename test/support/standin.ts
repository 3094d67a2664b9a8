/**
 * The stand-in dependents that the engine tests add to their copies of the Pulumi YAML examples.
 *
 * A gate must leave what depends on it untouched. The YAML examples have no such resource: Pulumi
 * YAML has, offline, no resource type that takes arbitrary inputs, and an example a user copies
 * must not need a test plugin. So each copy a test makes gets, from {@link withStandins}, the
 * resources of the test-only `standin` plugin (test/fixtures/standin) that take the gate's values
 * and write a file when created, as a real restore or deployment would take them, plus an output
 * naming the file where the tests read one.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { REPO_ROOT } from "./providerHost";

/** The folder of the `standin` plugin, as a `plugins:` entry names it. */
const STANDIN_PLUGIN_DIR = path.join(REPO_ROOT, "test", "fixtures", "standin");

/** A stand-in resource of the `standin` plugin, and the output that names its file, if any. */
interface Standin {
  readonly type: "standin:index:RestoreMarker" | "standin:index:AppDeployment";
  readonly properties: Record<string, string>;
  readonly output?: string;
}

/** A restore that takes `gate`'s snapshot (a variable of the program) and writes `file`. */
const restoreMarker = (file: string, gate: string, output?: string): Standin => ({
  type: "standin:index:RestoreMarker",
  properties: { path: file, snapshotId: `\${${gate}.snapshotId}`, status: `\${${gate}.status}` },
  ...(output === undefined ? {} : { output }),
});

/** Each YAML example's stand-in dependents, by resource name. */
const STANDINS = {
  "yaml/gate": { restore: restoreMarker("restore-marker.json", "snapshot", "restoreMarker") },
  "yaml/wait": { restore: restoreMarker("restore-marker.json", "snapshot", "restoreMarker") },
  "yaml/multi-account": {
    prodRestore: restoreMarker("prod-restore-marker.json", "prodSnapshot"),
    stagingRestore: restoreMarker("staging-restore-marker.json", "stagingSnapshot"),
  },
  "yaml/restore-gate": {
    reporting: {
      type: "standin:index:AppDeployment",
      properties: {
        path: "deployment.json",
        cluster: "${restore.targetDeploymentItemName}",
        restoreJobId: "${restore.restoreJobId}",
      },
      output: "deploymentMarker",
    },
  },
} satisfies Record<string, Record<string, Standin>>;

/** The YAML examples the engine tests run. */
export type YamlExample = keyof typeof STANDINS;

/** The parts of a Pulumi YAML program that {@link withStandins} extends. */
interface YamlProgram {
  plugins?: { providers?: { name: string; path: string }[] };
  resources?: Record<string, unknown>;
  outputs?: Record<string, string>;
}

/**
 * Adds `example`'s stand-in dependents to the copy of its program in `dir`: the `standin`
 * plugin's `plugins:` entry, the resources, and their outputs. Comments are not kept.
 */
export function withStandins(dir: string, example: YamlExample): void {
  const file = path.join(dir, "Pulumi.yaml");
  const program = yaml.load(fs.readFileSync(file, "utf8")) as YamlProgram;
  const standins: Record<string, Standin> = STANDINS[example];
  program.plugins = {
    ...program.plugins,
    providers: [
      ...(program.plugins?.providers ?? []),
      { name: "standin", path: STANDIN_PLUGIN_DIR },
    ],
  };
  for (const [name, { type, properties, output }] of Object.entries(standins)) {
    program.resources = { ...program.resources, [name]: { type, properties } };
    if (output !== undefined)
      program.outputs = { ...program.outputs, [output]: `\${${name}.path}` };
  }
  fs.writeFileSync(file, yaml.dump(program, { lineWidth: -1 }));
}
