/**
 * Validation of lookup arguments, done before any request is sent. The patterns are those of
 * MongoDB's OpenAPI spec for the path parameters; a failure names the field, the value and the
 * pattern (via zod's issue list, turned into one {@link ValidationError}).
 */
import { z } from "zod";
import { ValidationError } from "./errors";
import { formatDuration, parseDuration } from "./duration";
import { SNAPSHOT_STATUS_PATTERN } from "./schema";
import { KNOWN_RESTORE_JOB_STATUSES } from "./restoreJobModel";
import { KNOWN_SNAPSHOT_STATUSES } from "./snapshotModel";
import { MAX_WAIT_TIMEOUT_MS, MIN_POLL_INTERVAL_MS, MIN_WAIT_TIMEOUT_MS } from "./wait";

/** `groupId` in the spec: a project id is 24 lowercase hexadecimal digits. */
export const PROJECT_ID_PATTERN = /^([a-f0-9]{24})$/;
/** `name` in the spec: a flex cluster's name. */
export const CLUSTER_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9-]*$/;
/**
 * The longest cluster name Atlas accepts. The flex snapshot spec gives the path parameter a
 * pattern but no length; Atlas's Admin API spec bounds cluster names to 1–64 characters
 * (`FlexBackupRestoreJob20241113.targetDeploymentItemName`, the flex or dedicated cluster a
 * snapshot is restored to: `^[\p{L}\p{N}\-_.(),:&@+']{1,64}$`, in
 * test/fixtures/atlas-openapi-flex-backup.json), and the Terraform provider generated from that
 * spec (github.com/mongodb/terraform-provider-mongodbatlas) validates `cluster_name` with
 * `LengthBetween(1, 64)`. A longer name names no cluster, so it is never sent (a
 * 20,000-character one was answered 431).
 */
export const MAX_CLUSTER_NAME_LENGTH = 64;
/** `snapshotId` in the spec: 24 lowercase hexadecimal digits. */
export const SNAPSHOT_ID_PATTERN = /^([a-f0-9]{24})$/;
/** An Atlas API version is a release date. */
export const API_VERSION_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function patterned(pattern: RegExp, what: string) {
  return z.string({ error: `${what} matching ${pattern.source}` }).regex(pattern, {
    error: `${what} matching ${pattern.source}`,
  });
}

/** The most statuses a gate or filter may list: Atlas has five; more is a mistake, not a gate. */
export const MAX_STATUSES = 16;

/**
 * A status or a non-empty list of statuses, normalised to a list; `known` are the statuses the
 * message gives as examples (any upper-case word is accepted, see `SNAPSHOT_STATUS_PATTERN`).
 */
function statusListSchema(known: readonly string[]) {
  const expectation = `a status (an upper-case word matching ${SNAPSHOT_STATUS_PATTERN.source}, such as ${known.join(", ")}), or a list of 1 to ${MAX_STATUSES} of them`;
  const status = z
    .string({ error: expectation })
    .regex(SNAPSHOT_STATUS_PATTERN, { error: expectation });
  return z
    .union(
      [
        status,
        z.array(status).min(1, { error: expectation }).max(MAX_STATUSES, { error: expectation }),
      ],
      { error: expectation },
    )
    .transform((value) => (Array.isArray(value) ? value : [value]));
}

/** A snapshot status or a non-empty list of them, normalised to a list. */
const statusList = statusListSchema(KNOWN_SNAPSHOT_STATUSES);

/** What {@link statusWarnings} checks statuses against: the kind's noun and its known statuses. */
export interface StatusVocabulary {
  /** The kind, as messages name it: `snapshot`, `restore job`. */
  readonly noun: string;
  readonly known: readonly string[];
}

/** The snapshot statuses, for {@link statusWarnings}. */
export const SNAPSHOT_STATUSES: StatusVocabulary = {
  noun: "snapshot",
  known: KNOWN_SNAPSHOT_STATUSES,
};

/** The restore job statuses, for {@link statusWarnings}. */
export const RESTORE_JOB_STATUSES: StatusVocabulary = {
  noun: "restore job",
  known: KNOWN_RESTORE_JOB_STATUSES,
};

/**
 * Warnings for the statuses of a lookup (its filter and its gate) that Atlas has not been seen
 * to return: they are accepted, so that a status a future Atlas adds can be gated on, but a
 * typo such as `COMPLETE` would otherwise fail a gate with no hint why.
 *
 * @param vocabulary - the kind looked up; snapshots by default.
 * @example
 * ```ts
 * statusWarnings({ require: { status: ["ARCHIVED"] } });
 * // ["status ARCHIVED (in require.status) is not one Atlas has been seen to return (…); …"]
 * ```
 */
export function statusWarnings(
  args: {
    readonly status?: readonly string[];
    readonly require?: { readonly status?: readonly string[] };
  },
  vocabulary: StatusVocabulary = SNAPSHOT_STATUSES,
): string[] {
  const named: [string, readonly string[] | undefined][] = [
    ["status", args.status],
    ["require.status", args.require?.status],
  ];
  return named.flatMap(([field, statuses]) =>
    [...new Set(statuses ?? [])]
      .filter((status) => !vocabulary.known.includes(status))
      .map(
        (status) =>
          `status ${status} (in ${field}) is not one Atlas has been seen to return (${vocabulary.known.join(", ")}); no ${vocabulary.noun} matches it until Atlas does, so check its spelling`,
      ),
  );
}

const DAY_MS = 86_400_000;

/**
 * The range of each duration, in milliseconds. `maxAge` and `minRemaining` run from a second to
 * 366 days: a zero bound means nothing, flex snapshots are taken daily and expire within days,
 * so anything past a year is a unit mistake; it also keeps every sum of times exact. The wait's
 * bounds come from `wait.ts`, beside the poll policy they bound.
 */
export const DURATION_RANGES = Object.freeze({
  maxAge: { minMs: 1_000, maxMs: 366 * DAY_MS },
  minRemaining: { minMs: 1_000, maxMs: 366 * DAY_MS },
  timeout: { minMs: MIN_WAIT_TIMEOUT_MS, maxMs: MAX_WAIT_TIMEOUT_MS },
  interval: { minMs: MIN_POLL_INTERVAL_MS, maxMs: MAX_WAIT_TIMEOUT_MS },
} as const);

/** A duration such as "24h" within `range`, parsed to milliseconds. */
function durationIn(range: { readonly minMs: number; readonly maxMs: number }) {
  const expected = `a duration from ${formatDuration(range.minMs)} to ${formatDuration(range.maxMs)}, such as "90s", "15m", "24h" or "7d"`;
  return z
    .string({ error: expected })
    .refine(
      (text) => {
        const ms = parseDuration(text);
        return ms !== undefined && ms >= range.minMs && ms <= range.maxMs;
      },
      { error: expected },
    )
    .transform((text) => parseDuration(text)!);
}

/**
 * The gate of a lookup: which statuses the snapshot must have, how long ago it may have
 * finished (`maxAge`), and how long it must still be downloadable (`minRemaining`).
 */
export const gateSchema = z.strictObject({
  status: statusList.optional(),
  maxAge: durationIn(DURATION_RANGES.maxAge).optional(),
  minRemaining: durationIn(DURATION_RANGES.minRemaining).optional(),
});

/**
 * Waiting for a snapshot: poll until it is COMPLETED or FAILED, for at most `timeout`, every
 * `interval` at first (backing off from there). In preview the lookup does not wait unless
 * `enforceInPreview` is set.
 */
export const waitSchema = z
  .strictObject({
    timeout: durationIn(DURATION_RANGES.timeout),
    interval: durationIn(DURATION_RANGES.interval).optional(),
    enforceInPreview: z.boolean({ error: "true or false" }).optional(),
  })
  .superRefine((wait, context) => {
    if (wait.interval !== undefined && wait.interval > wait.timeout) {
      context.addIssue({
        code: "custom",
        path: ["interval"],
        message: `an interval of at most the timeout (${formatDuration(wait.timeout)})`,
      });
    }
  });

/** The wait options, validated (durations in milliseconds). */
export type WaitArgs = z.infer<typeof waitSchema>;

/*
 * The parts of a reference are branded: a `ProjectId`, `ClusterName` or `SnapshotId` comes only
 * out of these schemas, so that code given one (the API client's typed methods, the lookups)
 * knows it was checked at a boundary and does not check it again.
 */

/** A project id, checked against the spec's pattern. */
export const projectIdSchema = patterned(
  PROJECT_ID_PATTERN,
  "a 24-character hexadecimal project id",
).brand<"ProjectId">();
/** A project id that {@link projectIdSchema} accepted. */
export type ProjectId = z.output<typeof projectIdSchema>;
/** A flex cluster name, checked against the spec's pattern. */
export const clusterNameSchema = z
  .string({ error: `a flex cluster name matching ${CLUSTER_NAME_PATTERN.source}` })
  .max(MAX_CLUSTER_NAME_LENGTH, {
    error: `a flex cluster name of at most ${MAX_CLUSTER_NAME_LENGTH} characters (Atlas's limit)`,
  })
  .regex(CLUSTER_NAME_PATTERN, {
    error: `a flex cluster name matching ${CLUSTER_NAME_PATTERN.source}`,
  })
  .brand<"ClusterName">();
/** A flex cluster name that {@link clusterNameSchema} accepted. */
export type ClusterName = z.output<typeof clusterNameSchema>;
/** A snapshot id, checked against the spec's pattern. */
export const snapshotIdSchema = patterned(
  SNAPSHOT_ID_PATTERN,
  "a 24-character hexadecimal snapshot id",
).brand<"SnapshotId">();
/** A snapshot id that {@link snapshotIdSchema} accepted. */
export type SnapshotId = z.output<typeof snapshotIdSchema>;
/** An Atlas API version date. */
export const apiVersionSchema = patterned(
  API_VERSION_PATTERN,
  "an Atlas API version date (YYYY-MM-DD)",
)
  .refine(isCalendarDate, { error: "an Atlas API version date (YYYY-MM-DD) that is a real day" })
  .brand<"ApiVersion">();
/** An API version that {@link apiVersionSchema} accepted. */
export type ApiVersion = z.output<typeof apiVersionSchema>;

/**
 * Tells whether `YYYY-MM-DD` names a real day (`2024-13-45` and `2023-02-29` do not): the date
 * must survive a round trip through `Date` unchanged. The emulator has its own check on purpose:
 * it imports nothing from the provider, so that it stays an independent stand-in for Atlas.
 */
export function isCalendarDate(text: string): boolean {
  const time = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(time) && new Date(time).toISOString().slice(0, 10) === text;
}

/** Identifies one flex cluster: its project (group) id and its name. */
export const clusterRefSchema = z.object({ projectId: projectIdSchema, name: clusterNameSchema });
/**
 * Identifies one flex cluster, as a caller writes it (plain strings): the project (group) id (24
 * hexadecimal digits) and the cluster's name; see {@link clusterRefSchema}.
 */
export type FlexClusterRef = Readonly<z.input<typeof clusterRefSchema>>;
/** Identifies one snapshot of a flex cluster: the cluster and the snapshot id. */
export const snapshotRefSchema = clusterRefSchema.extend({ snapshotId: snapshotIdSchema });
/** Identifies one snapshot of a flex cluster, as a caller writes it; see {@link snapshotRefSchema}. */
export type FlexSnapshotRef = Readonly<z.input<typeof snapshotRefSchema>>;

/** A flex cluster, checked: what the API client's typed methods take. */
export type ClusterRef = z.output<typeof clusterRefSchema>;
/** A snapshot of a flex cluster, checked: what the API client's typed methods take. */
export type SnapshotRef = z.output<typeof snapshotRefSchema>;

/** The arguments of one snapshot lookup, as the provider receives them. */
export const lookupArgsSchema = snapshotRefSchema.extend({
  require: gateSchema.optional(),
  wait: waitSchema.optional(),
  apiVersion: apiVersionSchema.optional(),
  /** Set by the SDK: whether the lookup runs in `pulumi preview`. */
  preview: z.boolean().optional(),
});

/** The arguments of a lookup of the most recent snapshot of a cluster. */
export const latestArgsSchema = clusterRefSchema.extend({
  status: statusList.optional(),
  require: gateSchema.optional(),
  wait: waitSchema.optional(),
  apiVersion: apiVersionSchema.optional(),
  preview: z.boolean().optional(),
});

/** Validated arguments of a latest-snapshot lookup; `status` is a list. */
export type LatestArgs = z.infer<typeof latestArgsSchema>;

/** The arguments of a lookup of all snapshots of a cluster. */
export const listArgsSchema = clusterRefSchema.extend({ apiVersion: apiVersionSchema.optional() });

/** Validated arguments of a list lookup. */
export type ListArgs = z.infer<typeof listArgsSchema>;

/** Validated lookup arguments; `require.status` is always a list. */
export type LookupArgs = z.infer<typeof lookupArgsSchema>;

/** The gate, validated. */
export type Gate = z.infer<typeof gateSchema>;

/**
 * Parses `input` with `schema`, turning the first zod issue into a {@link ValidationError} that
 * names the field (its dotted path), the value found there and what was expected.
 */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) {
    return result.data;
  }
  const issue = result.error.issues[0];
  const path = issue?.path ?? [];
  const field = path.length > 0 ? path.map(String).join(".") : "arguments";
  // zod's own text for an unknown option ("Unrecognized key: …") already says what is wrong.
  const expected =
    issue?.code === "unrecognized_keys"
      ? `only known options (${issue.message})`
      : (issue?.message ?? "a valid value");
  throw new ValidationError(field, valueAt(input, path), expected);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") {
      return undefined;
    }
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Validates the arguments of one snapshot lookup. */
export function validateLookupArgs(input: unknown): LookupArgs {
  return parseOrThrow(lookupArgsSchema, input);
}

/** Validates the arguments of a latest-snapshot lookup. */
export function validateLatestArgs(input: unknown): LatestArgs {
  return parseOrThrow(latestArgsSchema, input);
}

/** Validates the arguments of a list lookup. */
export function validateListArgs(input: unknown): ListArgs {
  return parseOrThrow(listArgsSchema, input);
}

/** `restoreJobId` in the spec: 24 lowercase hexadecimal digits. */
export const RESTORE_JOB_ID_PATTERN = /^([a-f0-9]{24})$/;
/**
 * `targetDeploymentItemName` in the spec (`FlexBackupRestoreJob20241113`): the flex or dedicated
 * cluster a snapshot is restored into, 1 to 64 letters, digits and `-_.(),:&@+'`.
 */
export const TARGET_DEPLOYMENT_NAME_PATTERN = /^[\p{L}\p{N}\-_.(),:&@+']{1,64}$/u;

/** A restore job id, checked against the spec's pattern. */
export const restoreJobIdSchema = patterned(
  RESTORE_JOB_ID_PATTERN,
  "a 24-character hexadecimal restore job id",
).brand<"RestoreJobId">();
/** A restore job id that {@link restoreJobIdSchema} accepted. */
export type RestoreJobId = z.output<typeof restoreJobIdSchema>;

/** Identifies one restore job of a flex cluster: the cluster and the restore job id. */
export const restoreJobRefSchema = clusterRefSchema.extend({ restoreJobId: restoreJobIdSchema });
/** Identifies one restore job of a flex cluster, as a caller writes it; see {@link restoreJobRefSchema}. */
export type FlexRestoreJobRef = Readonly<z.input<typeof restoreJobRefSchema>>;
/** A restore job of a flex cluster, checked: what the API client's typed methods take. */
export type RestoreJobRef = z.output<typeof restoreJobRefSchema>;

/**
 * The gate of a restore job lookup: which statuses the job must have, and that it restores the
 * snapshot (`snapshotId`) into the target (`targetDeploymentItemName`, `targetProjectId`) the
 * program expects — so that a deployment never reads data restored from another snapshot or
 * into another cluster. Each value is checked against the spec's pattern for that field.
 */
export const restoreGateSchema = z.strictObject({
  status: statusListSchema(KNOWN_RESTORE_JOB_STATUSES).optional(),
  snapshotId: snapshotIdSchema.optional(),
  targetDeploymentItemName: patterned(
    TARGET_DEPLOYMENT_NAME_PATTERN,
    "a cluster name of 1 to 64 letters, digits or -_.(),:&@+'",
  ).optional(),
  targetProjectId: projectIdSchema.optional(),
});

/** The restore gate, validated; `status` is always a list. */
export type RestoreGate = z.infer<typeof restoreGateSchema>;

/** The arguments of one restore job lookup, as the provider receives them. */
export const restoreJobLookupArgsSchema = restoreJobRefSchema.extend({
  require: restoreGateSchema.optional(),
  wait: waitSchema.optional(),
  apiVersion: apiVersionSchema.optional(),
  /** Set by the SDK: whether the lookup runs in `pulumi preview`. */
  preview: z.boolean().optional(),
});

/** Validated arguments of a restore job lookup; `require.status` is always a list. */
export type RestoreJobLookupArgs = z.infer<typeof restoreJobLookupArgsSchema>;

/** The arguments of a lookup of all restore jobs of a cluster. */
export const restoreJobListArgsSchema = listArgsSchema;

/** Validated arguments of a restore job list lookup. */
export type RestoreJobListArgs = z.infer<typeof restoreJobListArgsSchema>;

/** Validates the arguments of one restore job lookup, before any request. */
export function validateRestoreJobLookupArgs(input: unknown): RestoreJobLookupArgs {
  return parseOrThrow(restoreJobLookupArgsSchema, input);
}

/** Validates the arguments of a restore job list lookup, before any request. */
export function validateRestoreJobListArgs(input: unknown): RestoreJobListArgs {
  return parseOrThrow(restoreJobListArgsSchema, input);
}
