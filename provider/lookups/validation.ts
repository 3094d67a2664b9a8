/**
 * Validation of lookup arguments, done before any request is sent: the references of Atlas's paths
 * (`../atlas/refs.ts`, the spec's patterns), and what this package adds to them — status filters,
 * gates and waits. A failure names the field, the value and what was expected, as one
 * `ValidationError` (`parseOrThrow`).
 */
import * as z from "zod";
import {
  apiVersionSchema,
  clusterRefSchema,
  parseOrThrow,
  patterned,
  projectIdSchema,
  restoreJobRefSchema,
  snapshotIdSchema,
  snapshotRefSchema,
  TARGET_DEPLOYMENT_NAME_PATTERN,
} from "../atlas/refs";
import { formatDuration, parseDuration } from "./duration";
import { SNAPSHOT_STATUS_PATTERN } from "../atlas/schema";
import { KNOWN_RESTORE_JOB_STATUSES } from "../models/restoreJobModel";
import { KNOWN_SNAPSHOT_STATUSES } from "../models/snapshotModel";
import { MAX_WAIT_TIMEOUT_MS, MIN_POLL_INTERVAL_MS, MIN_WAIT_TIMEOUT_MS } from "./wait";

/** The most statuses a gate or filter may list: Atlas has five; more is a mistake, not a gate. */
const MAX_STATUSES = 16;

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
interface StatusVocabulary {
  /** The kind, as messages name it: `snapshot`, `restore job`. */
  readonly noun: string;
  readonly known: readonly string[];
}

/** The snapshot statuses, for {@link statusWarnings}. */
const SNAPSHOT_STATUSES: StatusVocabulary = {
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
const DURATION_RANGES = Object.freeze({
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
const gateSchema = z.strictObject({
  status: statusList.optional(),
  maxAge: durationIn(DURATION_RANGES.maxAge).optional(),
  minRemaining: durationIn(DURATION_RANGES.minRemaining).optional(),
});

/**
 * Waiting for a snapshot: poll until it is COMPLETED or FAILED, for at most `timeout`, every
 * `interval` at first (backing off from there). In preview the lookup does not wait unless
 * `enforceInPreview` is set.
 */
const waitSchema = z
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

/** The arguments of one snapshot lookup, as the provider receives them. */
const lookupArgsSchema = snapshotRefSchema.extend({
  require: gateSchema.optional(),
  wait: waitSchema.optional(),
  apiVersion: apiVersionSchema.optional(),
  /** Set by the SDK: whether the lookup runs in `pulumi preview`. */
  preview: z.boolean().optional(),
});

/** The arguments of a lookup of the most recent snapshot of a cluster. */
const latestArgsSchema = clusterRefSchema.extend({
  status: statusList.optional(),
  require: gateSchema.optional(),
  wait: waitSchema.optional(),
  apiVersion: apiVersionSchema.optional(),
  preview: z.boolean().optional(),
});

/** Validated arguments of a latest-snapshot lookup; `status` is a list. */
export type LatestArgs = z.infer<typeof latestArgsSchema>;

/** The arguments of a lookup of all snapshots of a cluster. */
const listArgsSchema = clusterRefSchema.extend({ apiVersion: apiVersionSchema.optional() });

/** Validated arguments of a list lookup. */
type ListArgs = z.infer<typeof listArgsSchema>;

/** Validated lookup arguments; `require.status` is always a list. */
export type LookupArgs = z.infer<typeof lookupArgsSchema>;

/** The gate, validated. */
export type Gate = z.infer<typeof gateSchema>;

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

/**
 * The gate of a restore job lookup: which statuses the job must have, and that it restores the
 * snapshot (`snapshotId`) into the target (`targetDeploymentItemName`, `targetProjectId`) the
 * program expects — so that a deployment never reads data restored from another snapshot or
 * into another cluster. Each value is checked against the spec's pattern for that field.
 */
const restoreGateSchema = z.strictObject({
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
const restoreJobLookupArgsSchema = restoreJobRefSchema.extend({
  require: restoreGateSchema.optional(),
  wait: waitSchema.optional(),
  apiVersion: apiVersionSchema.optional(),
  /** Set by the SDK: whether the lookup runs in `pulumi preview`. */
  preview: z.boolean().optional(),
});

/** Validated arguments of a restore job lookup; `require.status` is always a list. */
export type RestoreJobLookupArgs = z.infer<typeof restoreJobLookupArgsSchema>;

/**
 * The arguments of a lookup of the most recent restore job of a cluster: the one restore job
 * lookup's, with the id replaced by an optional `snapshotId` that narrows the candidates.
 */
const latestRestoreJobArgsSchema = clusterRefSchema.extend({
  snapshotId: snapshotIdSchema.optional(),
  require: restoreGateSchema.optional(),
  wait: waitSchema.optional(),
  apiVersion: apiVersionSchema.optional(),
  preview: z.boolean().optional(),
});

/** Validated arguments of a latest restore job lookup; `require.status` is always a list. */
export type LatestRestoreJobArgs = z.infer<typeof latestRestoreJobArgsSchema>;

/** The arguments of a lookup of all restore jobs of a cluster. */
const restoreJobListArgsSchema = listArgsSchema;

/** Validated arguments of a restore job list lookup. */
type RestoreJobListArgs = z.infer<typeof restoreJobListArgsSchema>;

/** Validates the arguments of one restore job lookup, before any request. */
export function validateRestoreJobLookupArgs(input: unknown): RestoreJobLookupArgs {
  return parseOrThrow(restoreJobLookupArgsSchema, input);
}

/** Validates the arguments of a restore job list lookup, before any request. */
export function validateRestoreJobListArgs(input: unknown): RestoreJobListArgs {
  return parseOrThrow(restoreJobListArgsSchema, input);
}

/** Validates the arguments of a latest restore job lookup, before any request. */
export function validateLatestRestoreJobArgs(input: unknown): LatestRestoreJobArgs {
  return parseOrThrow(latestRestoreJobArgsSchema, input);
}
