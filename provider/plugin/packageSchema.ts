/**
 * The `atlasflex` plugin's Pulumi package schema (https://www.pulumi.com/docs/iac/extending-pulumi/schema/),
 * generated from the models rather than written beside them: the functions from
 * `functions.ts`, their arguments from `provider/argumentModel.ts`, their results from the
 * snapshot model (`provider/snapshotModel.ts`), and the config variables from the settings'
 * keys (`provider/settings.ts`). `pulumi package get-schema` returns it; the tests check it with
 * `pulumi schema check`.
 */
import {
  GATE_DOC,
  GATE_FIELDS,
  LOOKUP_ARGUMENTS,
  WAIT_DOC,
  WAIT_FIELDS,
  type ArgumentSpec,
  type ArgumentType,
} from "../argumentModel";
import { PACKAGE_INFO } from "../packageInfo";
import { CONFIG_KEYS } from "../settings";
import { SNAPSHOT_FIELDS } from "../snapshotModel";
import { PLUGIN_FUNCTIONS, PLUGIN_PACKAGE, type PluginFunction } from "./functions";

/** A property of the schema: a type (or a reference, or a union), a doc, maybe secret. */
type PropertySpec = Record<string, unknown>;

const GATE_TYPE = `${PLUGIN_PACKAGE}:index:FlexSnapshotGate`;
const WAIT_TYPE = `${PLUGIN_PACKAGE}:index:FlexSnapshotWait`;
const ITEM_TYPE = `${PLUGIN_PACKAGE}:index:GetFlexSnapshotsResultItem`;

/** A local type reference, as the schema writes it. */
function ref(token: string): string {
  return `#/types/${token.split("/").map(encodeURIComponent).join("/")}`;
}

/** The schema type of each kind of argument. */
const ARGUMENT_TYPES: Record<ArgumentType, PropertySpec> = {
  string: { type: "string" },
  boolean: { type: "boolean" },
  // A status or a list of them, as the SDK takes it.
  statuses: { oneOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] },
  gate: { $ref: ref(GATE_TYPE) },
  wait: { $ref: ref(WAIT_TYPE) },
};

function properties(specs: Record<string, ArgumentSpec>): Record<string, PropertySpec> {
  return Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      { ...ARGUMENT_TYPES[spec.type], description: spec.doc },
    ]),
  );
}

/** One snapshot's result properties: every field of the model, a string (`""` when absent). */
function snapshotProperties(): Record<string, PropertySpec> {
  return Object.fromEntries(
    SNAPSHOT_FIELDS.map((field) => [field.result, { type: "string", description: field.doc }]),
  );
}

const IDENTITY_OUTPUTS: Record<string, PropertySpec> = {
  projectId: { type: "string", description: LOOKUP_ARGUMENTS.projectId.doc },
  name: { type: "string", description: LOOKUP_ARGUMENTS.name.doc },
};

/** The result of a function: one snapshot with its cluster, or the list. */
function outputs(fn: PluginFunction): {
  properties: Record<string, PropertySpec>;
  required: string[];
} {
  const props: Record<string, PropertySpec> =
    fn.result === "snapshot"
      ? { ...snapshotProperties(), ...IDENTITY_OUTPUTS }
      : {
          id: { type: "string", description: "`<projectId>/<name>`." },
          ...IDENTITY_OUTPUTS,
          results: {
            type: "array",
            items: { $ref: ref(ITEM_TYPE) },
            description: "Every snapshot of the cluster, from every page.",
          },
        };
  return { properties: props, required: Object.keys(props) };
}

function functionSpec(fn: PluginFunction): Record<string, unknown> {
  const args = Object.fromEntries(fn.args.map((name) => [name, LOOKUP_ARGUMENTS[name]]));
  return {
    description: fn.doc,
    inputs: { properties: properties(args), required: [...fn.required] },
    outputs: outputs(fn),
  };
}

/**
 * The package schema of the `atlasflex` plugin, as an object (`JSON.stringify` it for
 * `GetSchema`).
 */
export function packageSchema(): Record<string, unknown> {
  return {
    name: PLUGIN_PACKAGE,
    displayName: "Atlas Flex Snapshot",
    version: PACKAGE_INFO.version,
    description:
      "Look up MongoDB Atlas Flex cluster backup snapshots and gate deployments on them.",
    license: "Apache-2.0",
    keywords: ["mongodb", "atlas", "backup", "category/database"],
    config: {
      variables: Object.fromEntries(
        Object.entries(CONFIG_KEYS).map(([key, spec]) => [
          key,
          {
            type: key === "isMongodbgovCloud" ? "boolean" : "string",
            description: spec.doc,
            ...(spec.secret ? { secret: true } : {}),
          },
        ]),
      ),
    },
    provider: {
      // No input properties: the provider server of @pulumi/pulumi drops what `Configure`
      // carries, so an explicit provider's arguments would never be seen (see pluginConfig.ts).
      description:
        "The atlasflex provider. It reads its credentials from the stack config (`atlasflex:*`) and then the `MONGODB_ATLAS_*` environment variables; an explicit provider resource takes no arguments.",
    },
    types: {
      [GATE_TYPE]: { type: "object", description: GATE_DOC, properties: properties(GATE_FIELDS) },
      [WAIT_TYPE]: {
        type: "object",
        description: WAIT_DOC,
        properties: properties(WAIT_FIELDS),
        required: ["timeout"],
      },
      [ITEM_TYPE]: {
        type: "object",
        description:
          'One snapshot: every field of the snapshot model, `""` for a value Atlas did not return.',
        properties: snapshotProperties(),
        required: SNAPSHOT_FIELDS.map((field) => field.result),
      },
    },
    functions: Object.fromEntries(
      Object.entries(PLUGIN_FUNCTIONS).map(([token, fn]) => [token, functionSpec(fn)]),
    ),
  };
}
