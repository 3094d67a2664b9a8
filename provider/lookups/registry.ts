/**
 * The lookups, each declared once: its function name, its arguments (by name, from
 * `argumentModel.ts`, where each argument's doc is), what it returns, its doc, how its arguments
 * are validated and how it runs. Every front door is derived from this table:
 * - the Node SDK's resources set `lookup` to a {@link LookupKind} (`sdk/nodejs/`);
 * - the dynamic provider and the `atlasflex` plugin run {@link runLookup} (`../pulumi/`), the
 *   plugin's functions and schema are this table under `atlasflex:index:<function>`;
 * - the `flex-snapshot` commands name the kind they run (`bin/commandTable.ts`).
 *
 * To add a lookup: one entry here (the compiler then asks each front door that maps a
 * {@link LookupSubject} for what it lacks), the SDK's exported function, and the docs.
 */
import type { AtlasClient } from "../atlas/client";
import type { ApiVersion } from "../atlas/refs";
import type { FlexBackupRestoreJob, FlexBackupSnapshot } from "../atlas/schema";
import type { ArgumentSpec, LookupArgumentName } from "./argumentModel";
import { GateError } from "./errors";
import {
  lookupLatestRestoreJob,
  lookupLatestSnapshot,
  lookupRestoreJob,
  lookupSnapshot,
  type LookupHooks,
} from "./gatedLookups";
import {
  validateLatestArgs,
  validateLatestRestoreJobArgs,
  validateListArgs,
  validateLookupArgs,
  validateRestoreJobListArgs,
  validateRestoreJobLookupArgs,
} from "./validation";

/**
 * What a lookup returns: one snapshot, every snapshot of a cluster, one restore job, or every
 * restore job of a cluster. Each front door maps each subject to its own result shape.
 */
export type LookupSubject = "snapshot" | "snapshots" | "restoreJob" | "restoreJobs";

/** What a subject holds once found. */
export interface SubjectValue {
  readonly snapshot: FlexBackupSnapshot;
  readonly snapshots: readonly FlexBackupSnapshot[];
  readonly restoreJob: FlexBackupRestoreJob;
  readonly restoreJobs: readonly FlexBackupRestoreJob[];
}

/**
 * What a lookup found and what its gate says of it. A lookup that passed has no `failure`; one
 * that failed says why in one message, with the found value when there was one (a latest lookup
 * that found no snapshot or restore job has none).
 */
export type LookupOutcome<S extends LookupSubject> =
  | {
      readonly found: SubjectValue[S];
      readonly failure: undefined;
      readonly shortfalls: readonly string[];
      readonly warnings: readonly string[];
    }
  | {
      readonly found: SubjectValue[S] | undefined;
      readonly failure: string;
      readonly shortfalls: readonly string[];
      readonly warnings: readonly string[];
    };

/** One lookup's declaration. */
interface LookupSpec<S extends LookupSubject, Args extends { apiVersion?: ApiVersion }> {
  /** Its name in every front door: the SDK's function, the plugin's token, the schema. */
  readonly function: string;
  /** What it returns. */
  readonly subject: S;
  /** Its arguments, in the order of the docs. */
  readonly args: readonly LookupArgumentName[];
  /** The arguments it cannot do without. */
  readonly required: readonly LookupArgumentName[];
  /** Arguments whose type or doc differ here from `LOOKUP_ARGUMENTS`'s (a restore job's gate). */
  readonly overrides?: Partial<Record<LookupArgumentName, ArgumentSpec>>;
  /** One paragraph for the docs and the schema. */
  readonly doc: string;
  /** Checks the arguments, before anything is sent, and normalises them. */
  readonly validate: (input: unknown) => Args;
  /** Runs the lookup with `client`: fetches, waits if asked, applies the gate. */
  readonly run: (client: AtlasClient, args: Args, hooks: LookupHooks) => Promise<LookupOutcome<S>>;
}

/** Declares one lookup, keeping its types (a `satisfies` would widen `validate`'s). */
function lookup<S extends LookupSubject, Args extends { apiVersion?: ApiVersion }>(
  spec: LookupSpec<S, Args>,
): LookupSpec<S, Args> {
  return spec;
}

/** A list has no gate: what it found, and no failure. */
function listed<T>(found: T): {
  found: T;
  failure: undefined;
  shortfalls: readonly string[];
  warnings: readonly string[];
} {
  return { found, failure: undefined, shortfalls: [], warnings: [] };
}

/** The restore job lookups' gate and wait: their types and docs, not the snapshot's. */
const RESTORE_GATE_AND_WAIT = {
  require: {
    type: "restoreGate",
    doc: "Fail the lookup unless the restore job meets this gate; see FlexRestoreJobGate.",
  },
  wait: { type: "wait", doc: "Wait for the restore job to finish; see FlexRestoreJobWait." },
} as const satisfies Partial<Record<LookupArgumentName, ArgumentSpec>>;

/** The lookups, by kind. */
export const LOOKUPS = {
  snapshot: lookup({
    function: "getFlexSnapshot",
    subject: "snapshot",
    args: ["projectId", "name", "snapshotId", "require", "wait", "apiVersion"],
    required: ["projectId", "name", "snapshotId"],
    doc: "Reads one snapshot of a flex cluster. With `require`, fails (and so fails `pulumi preview` and `pulumi up`) unless the snapshot meets the gate; with `wait`, waits for it to finish first.",
    validate: validateLookupArgs,
    run: async (client, args, hooks) => {
      const { snapshot, ...verdict } = await lookupSnapshot(client, args, hooks);
      return { found: snapshot, ...verdict };
    },
  }),
  latest: lookup({
    function: "getLatestFlexSnapshot",
    subject: "snapshot",
    args: ["projectId", "name", "status", "require", "wait", "apiVersion"],
    required: ["projectId", "name"],
    doc: "Finds the most recent snapshot of a flex cluster (optionally only among a status), with the same gate and wait as getFlexSnapshot.",
    validate: validateLatestArgs,
    run: async (client, args, hooks) => {
      const { snapshot, ...verdict } = await lookupLatestSnapshot(client, args, hooks);
      return { found: snapshot, ...verdict } as LookupOutcome<"snapshot">;
    },
  }),
  list: lookup({
    function: "getFlexSnapshots",
    subject: "snapshots",
    args: ["projectId", "name", "apiVersion"],
    required: ["projectId", "name"],
    doc: "Lists every snapshot of a flex cluster (reading every page).",
    validate: validateListArgs,
    // Every page shares one deadline: it is one lookup however many pages it reads.
    run: async (client, args) => listed(await client.listAllFlexSnapshots(args)),
  }),
  restoreJob: lookup({
    function: "getFlexRestoreJob",
    subject: "restoreJob",
    args: ["projectId", "name", "restoreJobId", "require", "wait", "apiVersion"],
    required: ["projectId", "name", "restoreJobId"],
    overrides: RESTORE_GATE_AND_WAIT,
    doc: "Reads one restore job of a flex cluster (`name` is the source cluster). With `require`, fails unless the job meets the gate (its status, the snapshot it restores, the cluster it restores into); with `wait`, waits for it to finish first. `snapshotUrl` is a secret.",
    validate: validateRestoreJobLookupArgs,
    run: async (client, args, hooks) => {
      const { restoreJob, ...verdict } = await lookupRestoreJob(client, args, hooks);
      return { found: restoreJob, ...verdict };
    },
  }),
  latestRestoreJob: lookup({
    function: "getLatestFlexRestoreJob",
    subject: "restoreJob",
    args: ["projectId", "name", "snapshotId", "require", "wait", "apiVersion"],
    required: ["projectId", "name"],
    overrides: {
      snapshotId: {
        type: "string",
        doc: "Consider only restore jobs of this snapshot: 24 hexadecimal digits.",
      },
      ...RESTORE_GATE_AND_WAIT,
    },
    doc: "Finds the most recent restore job of a flex cluster (by `restoreScheduledDate`; optionally only among those of one snapshot), with the same restore gate and wait as getFlexRestoreJob. Finding none fails the lookup. `snapshotUrl` is a secret.",
    validate: validateLatestRestoreJobArgs,
    run: async (client, args, hooks) => {
      const { restoreJob, ...verdict } = await lookupLatestRestoreJob(client, args, hooks);
      return { found: restoreJob, ...verdict } as LookupOutcome<"restoreJob">;
    },
  }),
  restoreJobs: lookup({
    function: "getFlexRestoreJobs",
    subject: "restoreJobs",
    args: ["projectId", "name", "apiVersion"],
    required: ["projectId", "name"],
    doc: "Lists every restore job of a flex cluster (reading every page). Each `snapshotUrl` is a secret.",
    validate: validateRestoreJobListArgs,
    run: async (client, args) => listed(await client.listAllFlexRestoreJobs(args)),
  }),
} as const;

/**
 * The kinds of lookup: `snapshot`, `latest`, `list`, `restoreJob`, `latestRestoreJob`,
 * `restoreJobs`.
 */
export type LookupKind = keyof typeof LOOKUPS;

/** The validated arguments of a lookup of kind `K`. */
export type LookupArgsOf<K extends LookupKind> = ReturnType<(typeof LOOKUPS)[K]["validate"]>;

/** What a lookup of kind `K` returns. */
type SubjectOf<K extends LookupKind> = (typeof LOOKUPS)[K]["subject"];

/** Whether `kind` names a lookup. */
export function isLookupKind(kind: unknown): kind is LookupKind {
  return typeof kind === "string" && Object.hasOwn(LOOKUPS, kind);
}

/** Validates the arguments of a lookup of kind `kind`, before anything is sent. */
export function validateLookup<K extends LookupKind>(kind: K, input: unknown): LookupArgsOf<K> {
  return LOOKUPS[kind].validate(input) as LookupArgsOf<K>;
}

/** What {@link runLookup} needs: an Atlas client for an API version, and the hooks. */
interface LookupDeps {
  /** The client for `apiVersion` (the settings' default when `undefined`). */
  readonly client: (apiVersion: ApiVersion | undefined) => AtlasClient;
  readonly hooks?: LookupHooks;
}

/**
 * Runs the lookup `kind` with validated `args`: the one path of every front door. Throws what
 * stops it from reaching a verdict (an Atlas error, a wait that timed out); an unmet gate is an
 * outcome with a `failure`, which the Pulumi front doors turn into a {@link GateError}
 * ({@link passedOrThrow}) and the CLI prints.
 *
 * @example
 * ```ts
 * const args = validateLookup("snapshot", { projectId, name: "orders", snapshotId });
 * const outcome = await runLookup("snapshot", args, { client: () => client });
 * ```
 */
export function runLookup<K extends LookupKind>(
  kind: K,
  args: LookupArgsOf<K>,
  deps: LookupDeps,
): Promise<LookupOutcome<SubjectOf<K>>> {
  const spec = LOOKUPS[kind] as unknown as LookupSpec<SubjectOf<K>, LookupArgsOf<K>>;
  return spec.run(deps.client(args.apiVersion), args, deps.hooks ?? {});
}

/** A lookup outcome that passed. */
type PassedOutcome<S extends LookupSubject> = Extract<LookupOutcome<S>, { failure: undefined }>;

/**
 * The outcome as it is when it passed; a failed one becomes the {@link GateError} that fails the
 * lookup. The error keeps a snapshot that fell short, never a restore job (its `snapshotUrl` is
 * a secret).
 */
export function passedOrThrow<S extends LookupSubject>(
  subject: S,
  outcome: LookupOutcome<S>,
): PassedOutcome<S> {
  if (outcome.failure === undefined) return outcome as PassedOutcome<S>;
  const snapshot = subject === "snapshot" ? (outcome.found as FlexBackupSnapshot) : undefined;
  throw new GateError(outcome.failure, snapshot, outcome.shortfalls, outcome.warnings);
}
