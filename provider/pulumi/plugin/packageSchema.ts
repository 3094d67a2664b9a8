/**
 * The `atlasflex` plugin's Pulumi package schema (https://www.pulumi.com/docs/iac/extending-pulumi/schema/),
 * generated from the models rather than written beside them: the functions from the lookup
 * registry (`functions.ts`), their arguments from `lookups/argumentModel.ts`, their results from
 * the snapshot and restore job models (`models/`), and the config variables from the settings'
 * keys (`atlas/settings.ts`). `pulumi package get-schema` returns it; the tests check it with
 * `pulumi schema check`.
 */
import {
  GATE_DOC,
  GATE_FIELDS,
  LOOKUP_ARGUMENTS,
  RESTORE_GATE_DOC,
  RESTORE_GATE_FIELDS,
  WAIT_DOC,
  WAIT_FIELDS,
  type ArgumentSpec,
  type ArgumentType,
  type LookupArgumentName,
} from "../../lookups/argumentModel";
import type { LookupSubject } from "../../lookups/registry";
import { PACKAGE_INFO } from "../../atlas/packageInfo";
import { CONFIG_KEYS } from "../../atlas/settings";
import { RESTORE_JOB_FIELDS } from "../../models/restoreJobModel";
import { SNAPSHOT_FIELDS } from "../../models/snapshotModel";
import { PLUGIN_FUNCTIONS, PLUGIN_PACKAGE, type PluginFunction } from "./functions";

/** A property of the schema: a type (or a reference, or a union), a doc, maybe secret. */
type PropertySpec = Record<string, unknown>;

const GATE_TYPE = `${PLUGIN_PACKAGE}:index:FlexSnapshotGate`;
const WAIT_TYPE = `${PLUGIN_PACKAGE}:index:FlexSnapshotWait`;
const ITEM_TYPE = `${PLUGIN_PACKAGE}:index:GetFlexSnapshotsResultItem`;
const RESTORE_GATE_TYPE = `${PLUGIN_PACKAGE}:index:FlexRestoreJobGate`;
const RESTORE_ITEM_TYPE = `${PLUGIN_PACKAGE}:index:GetFlexRestoreJobsResultItem`;

/** `https://github.com/<owner>/<repo>` as Pulumi's `github://` download URL of its releases. */
function githubReleases(repository: string): string {
  return repository.replace(/^https:\/\/github\.com\//, "github://api.github.com/");
}

/**
 * The Java packages' base: the repository's owner as Maven Central names GitHub namespaces
 * (`io.github.<owner>`), with the hyphens a Java package cannot hold turned into underscores.
 */
function javaBasePackage(repository: string): string {
  const owner = /^https:\/\/github\.com\/([^/]+)\//.exec(repository)?.[1];
  if (owner === undefined) throw new Error(`the repository ${repository} is not on GitHub`);
  return `io.github.${owner.toLowerCase().replace(/-/g, "_")}`;
}

/**
 * The SDKs' names: the npm package (the Node SDK is this package), the Python package, the Go
 * module of `sdk/go/atlasflex` in the repository, and the Java packages' base. Each generated SDK
 * carries the schema's version (`respectSchemaVersion`), so its `pulumi-plugin.json` names the
 * plugin version the engine must find.
 */
const LANGUAGES = {
  nodejs: { packageName: PACKAGE_INFO.name },
  python: {
    packageName: `pulumi_${PLUGIN_PACKAGE}`,
    pyproject: { enabled: true },
    respectSchemaVersion: true,
  },
  go: {
    importBasePath: `${PACKAGE_INFO.repository.replace(/^https:\/\//, "")}/sdk/go/${PLUGIN_PACKAGE}`,
    respectSchemaVersion: true,
  },
  java: { basePackage: javaBasePackage(PACKAGE_INFO.repository) },
};

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
  restoreGate: { $ref: ref(RESTORE_GATE_TYPE) },
  wait: { $ref: ref(WAIT_TYPE) },
};

function properties(specs: Record<string, ArgumentSpec>): Record<string, PropertySpec> {
  return Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      {
        ...ARGUMENT_TYPES[spec.type],
        description:
          spec.default === undefined ? spec.doc : `${spec.doc} Default: ${spec.default}.`,
      },
    ]),
  );
}

/**
 * The result properties of one record of a model (a snapshot, a restore job): every field, a
 * string (`""` when absent), marked secret where the model says so (a restore job's
 * `snapshotUrl`), so that the engine and every language keep it secret.
 */
function modelProperties(
  fields: readonly { result: string; doc: string; secret?: boolean }[],
): Record<string, PropertySpec> {
  return Object.fromEntries(
    fields.map((field) => [
      field.result,
      { type: "string", description: field.doc, ...(field.secret ? { secret: true } : {}) },
    ]),
  );
}

/** One snapshot's result properties. */
function snapshotProperties(): Record<string, PropertySpec> {
  return modelProperties(SNAPSHOT_FIELDS);
}

const IDENTITY_OUTPUTS: Record<string, PropertySpec> = {
  projectId: { type: "string", description: LOOKUP_ARGUMENTS.projectId.doc },
  name: { type: "string", description: LOOKUP_ARGUMENTS.name.doc },
};

/** A list's result: the cluster and every record of it. */
function listProperties(item: string, what: string): Record<string, PropertySpec> {
  return {
    id: { type: "string", description: "`<projectId>/<name>`." },
    ...IDENTITY_OUTPUTS,
    results: {
      type: "array",
      items: { $ref: ref(item) },
      description: `Every ${what} of the cluster, from every page.`,
    },
  };
}

/** The result properties of each subject a function returns. */
const RESULTS: Record<LookupSubject, () => Record<string, PropertySpec>> = {
  snapshot: () => ({ ...snapshotProperties(), ...IDENTITY_OUTPUTS }),
  snapshots: () => listProperties(ITEM_TYPE, "snapshot"),
  restoreJob: () => ({
    ...modelProperties(RESTORE_JOB_FIELDS),
    id: {
      type: "string",
      description: "The restore job id: the one asked for, or the latest found.",
    },
    ...IDENTITY_OUTPUTS,
  }),
  restoreJobs: () => listProperties(RESTORE_ITEM_TYPE, "restore job"),
};

/** The result of a function: one record with its cluster, or the list. */
function outputs(fn: PluginFunction): {
  properties: Record<string, PropertySpec>;
  required: string[];
} {
  const props = RESULTS[fn.subject]();
  return { properties: props, required: Object.keys(props) };
}

/** A function's own type or doc of argument `name`, where it differs from `LOOKUP_ARGUMENTS`'s. */
function overrideOf(fn: PluginFunction, name: LookupArgumentName): ArgumentSpec | undefined {
  return "overrides" in fn ? fn.overrides?.[name] : undefined;
}

function functionSpec(fn: PluginFunction): Record<string, unknown> {
  const args = Object.fromEntries(
    fn.args.map((name) => [name, overrideOf(fn, name) ?? LOOKUP_ARGUMENTS[name]]),
  );
  return {
    description: fn.doc,
    inputs: { properties: properties(args), required: [...fn.required] },
    outputs: outputs(fn),
  };
}

/** The provider's settings (`CONFIG_KEYS`), as schema properties; the secret ones `secret`. */
const SETTINGS_PROPERTIES: Record<string, PropertySpec> = Object.fromEntries(
  Object.entries(CONFIG_KEYS).map(([key, spec]) => [
    key,
    {
      type: key === "isMongodbgovCloud" ? "boolean" : "string",
      description: spec.doc,
      ...(spec.secret ? { secret: true } : {}),
    },
  ]),
);

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
    license: PACKAGE_INFO.license,
    homepage: PACKAGE_INFO.homepage,
    repository: PACKAGE_INFO.repository,
    publisher: "pulumi-atlas-flex-snapshot",
    // Where the engine fetches the plugin an SDK names when it is not installed: the
    // repository's GitHub releases, which hold the archives of scripts/bundle-plugin.js.
    pluginDownloadURL: githubReleases(PACKAGE_INFO.repository),
    language: LANGUAGES,
    keywords: ["mongodb", "atlas", "backup", "category/database"],
    // The same settings twice: as the stack's `atlasflex:` config (the default provider's
    // properties) and as the properties of an explicit `pulumi:providers:atlasflex`.
    config: { variables: SETTINGS_PROPERTIES },
    provider: {
      description:
        "The atlasflex provider: the Atlas account the lookups that use it read. Its credentials are its own properties (for the default provider, the stack's `atlasflex:` config), then the `MONGODB_ATLAS_*` environment variables.",
      properties: SETTINGS_PROPERTIES,
      inputProperties: SETTINGS_PROPERTIES,
    },
    types: {
      [GATE_TYPE]: { type: "object", description: GATE_DOC, properties: properties(GATE_FIELDS) },
      [WAIT_TYPE]: {
        type: "object",
        description: WAIT_DOC,
        properties: properties(WAIT_FIELDS),
        required: ["timeout"],
      },
      [RESTORE_GATE_TYPE]: {
        type: "object",
        description: RESTORE_GATE_DOC,
        properties: properties(RESTORE_GATE_FIELDS),
      },
      [RESTORE_ITEM_TYPE]: {
        type: "object",
        description:
          'One restore job: every field of the restore job model, `""` for a value Atlas did not return; `snapshotUrl` is a secret.',
        properties: modelProperties(RESTORE_JOB_FIELDS),
        required: RESTORE_JOB_FIELDS.map((field) => field.result),
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
