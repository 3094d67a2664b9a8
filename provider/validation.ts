/**
 * Validation of lookup arguments, done before any request is sent. The patterns are those of
 * MongoDB's OpenAPI spec for the path parameters; a failure names the field, the value and the
 * pattern (via zod's issue list, turned into one {@link ValidationError}).
 */
import { z } from "zod";
import { ValidationError } from "./errors";
import { DURATION_PATTERN, parseDuration } from "./duration";
import { KNOWN_SNAPSHOT_STATUSES } from "./schema";

/** `groupId` in the spec: a project id is 24 lowercase hexadecimal digits. */
export const PROJECT_ID_PATTERN = /^([a-f0-9]{24})$/;
/** `name` in the spec: a flex cluster's name. */
export const CLUSTER_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9-]*$/;
/** `snapshotId` in the spec: 24 lowercase hexadecimal digits. */
export const SNAPSHOT_ID_PATTERN = /^([a-f0-9]{24})$/;
/** An Atlas API version is a release date. */
export const API_VERSION_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function patterned(pattern: RegExp, what: string) {
  return z.string({ error: `${what} matching ${pattern.source}` }).regex(pattern, {
    error: `${what} matching ${pattern.source}`,
  });
}

const STATUS_EXPECTATION = `one of ${KNOWN_SNAPSHOT_STATUSES.join(", ")}, or a non-empty list of them`;
const knownStatus = z.enum(KNOWN_SNAPSHOT_STATUSES);

/** A status or a non-empty list of statuses, normalised to a list. */
const statusList = z
  .union([knownStatus, z.array(knownStatus).min(1, { error: STATUS_EXPECTATION })], {
    error: STATUS_EXPECTATION,
  })
  .transform((value) => (Array.isArray(value) ? value : [value]));

/** A duration such as "24h", parsed to milliseconds. */
export const durationSchema = z
  .string({ error: 'a duration such as "90s", "15m", "24h" or "7d"' })
  .refine((text) => parseDuration(text) !== undefined, {
    error: `a duration such as "90s", "15m", "24h" or "7d" (matching ${DURATION_PATTERN.source})`,
  })
  .transform((text) => parseDuration(text)!);

/**
 * The gate of a lookup: which statuses the snapshot must have, how long ago it may have
 * finished (`maxAge`), and how long it must still be downloadable (`minRemaining`).
 */
export const gateSchema = z.strictObject({
  status: statusList.optional(),
  maxAge: durationSchema.optional(),
  minRemaining: durationSchema.optional(),
});

/**
 * Waiting for a snapshot: poll until it is COMPLETED or FAILED, for at most `timeout`, every
 * `interval` at first (backing off from there). In preview the lookup does not wait unless
 * `enforceInPreview` is set.
 */
export const waitSchema = z.strictObject({
  timeout: durationSchema,
  interval: durationSchema.optional(),
  enforceInPreview: z.boolean({ error: "true or false" }).optional(),
});

/** The wait options, validated (durations in milliseconds). */
export type WaitArgs = z.infer<typeof waitSchema>;

/** A project id, checked against the spec's pattern. */
export const projectIdSchema = patterned(
  PROJECT_ID_PATTERN,
  "a 24-character hexadecimal project id",
);
/** A flex cluster name, checked against the spec's pattern. */
export const clusterNameSchema = patterned(CLUSTER_NAME_PATTERN, "a flex cluster name");
/** A snapshot id, checked against the spec's pattern. */
export const snapshotIdSchema = patterned(
  SNAPSHOT_ID_PATTERN,
  "a 24-character hexadecimal snapshot id",
);
/** An Atlas API version date. */
export const apiVersionSchema = patterned(
  API_VERSION_PATTERN,
  "an Atlas API version date (YYYY-MM-DD)",
);

/** Identifies one flex cluster. */
export const clusterRefSchema = z.object({ projectId: projectIdSchema, name: clusterNameSchema });
/** Identifies one snapshot of a flex cluster. */
export const snapshotRefSchema = clusterRefSchema.extend({ snapshotId: snapshotIdSchema });

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
