/**
 * zod schemas for the Atlas responses this package reads, named after the components of
 * MongoDB's OpenAPI spec (`FlexBackupSnapshot20241113`, `ApiError`, …). Each type is inferred
 * from its schema, so that a field is written once.
 */
import * as z from "zod";
import type { FieldSpec, FieldType } from "../models/model";
import { RESTORE_JOB_FIELDS } from "../models/restoreJobModel";
import { SNAPSHOT_FIELDS } from "../models/snapshotModel";

/**
 * What a status a gate or a filter names may look like: one upper-case word of letters, digits
 * and underscores, as every Atlas enum value is (`COMPLETED`, `IN_PROGRESS`), up to 32
 * characters. Any such word is accepted, so that a status a future Atlas adds can be gated on;
 * one not in `KNOWN_SNAPSHOT_STATUSES` (`snapshotModel.ts`) draws a warning (see `statusWarnings`).
 */
export const SNAPSHOT_STATUS_PATTERN = /^[A-Z][A-Z0-9_]{0,31}$/;

/** A `Link` of the spec: a URL related to the resource. */
const linkSchema = z.object({ href: z.string().optional(), rel: z.string().optional() });

/** The zod schema of a value of each type of a model's fields, as Atlas sends it. */
const ATLAS_VALUE_SCHEMAS = {
  string: z.string(),
  timestamp: z.iso.datetime({ offset: true }),
  // Any string: a status a future Atlas adds must parse (see SnapshotStatus).
  status: z.string(),
} as const satisfies Record<FieldType, z.ZodType>;

/** A model's fields as a zod shape keyed by Atlas name, each optional as in the spec. */
type AtlasShape<Fields extends readonly FieldSpec[]> = {
  [K in Fields[number]["atlas"]]: z.ZodOptional<
    (typeof ATLAS_VALUE_SCHEMAS)[Extract<Fields[number], { atlas: K }>["type"]]
  >;
};

/** The zod shape of a model's fields (`snapshotModel.ts`, `restoreJobModel.ts`). */
function atlasShape<Fields extends readonly FieldSpec[]>(fields: Fields): AtlasShape<Fields> {
  return Object.fromEntries(
    fields.map((field) => [field.atlas, ATLAS_VALUE_SCHEMAS[field.type].optional()]),
  ) as AtlasShape<Fields>;
}

/** The snapshot model's fields as a zod shape. */
const atlasSnapshotShape = atlasShape(SNAPSHOT_FIELDS);

/**
 * `FlexBackupSnapshot20241113`: one snapshot of a flex cluster, with the fields of the snapshot
 * model (`snapshotModel.ts`) and the links. Every field is optional, as in the spec; unknown
 * fields are dropped.
 */
export const flexBackupSnapshotSchema = z.object({
  ...atlasSnapshotShape,
  links: z.array(linkSchema).optional(),
});

/** A parsed `FlexBackupSnapshot20241113`. */
export type FlexBackupSnapshot = z.infer<typeof flexBackupSnapshotSchema>;

/** {@link flexBackupSnapshotSchema} under the name of the spec's component. */
export const FlexBackupSnapshot20241113 = flexBackupSnapshotSchema;

/** `PaginatedApiAtlasFlexBackupSnapshot20241113View`: one page of snapshots. */
export const paginatedFlexBackupSnapshotSchema = z.object({
  links: z.array(linkSchema).optional(),
  results: z.array(flexBackupSnapshotSchema).optional(),
  totalCount: z.number().int().nonnegative().optional(),
});

/** A parsed page of snapshots. */
export type PaginatedFlexBackupSnapshots = z.infer<typeof paginatedFlexBackupSnapshotSchema>;

/**
 * `FlexBackupRestoreJob20241113`: one restore job of a flex cluster, with the fields of the
 * restore job model (`restoreJobModel.ts`) and the spec's other read-only fields. Every field
 * is optional, as in the spec; unknown fields are dropped.
 */
export const flexBackupRestoreJobSchema = z.object({
  ...atlasShape(RESTORE_JOB_FIELDS),
  /** The source cluster's project, which the lookup names already. */
  projectId: z.string().optional(),
  /** The source cluster's name, which the lookup names already. */
  instanceName: z.string().optional(),
  links: z.array(linkSchema).optional(),
});

/** A parsed `FlexBackupRestoreJob20241113`. */
export type FlexBackupRestoreJob = z.infer<typeof flexBackupRestoreJobSchema>;

/** `PaginatedApiAtlasFlexBackupRestoreJob20241113View`: one page of restore jobs. */
export const paginatedFlexBackupRestoreJobSchema = z.object({
  links: z.array(linkSchema).optional(),
  results: z.array(flexBackupRestoreJobSchema).optional(),
  totalCount: z.number().int().nonnegative().optional(),
});

/** A parsed page of restore jobs. */
export type PaginatedFlexBackupRestoreJobs = z.infer<typeof paginatedFlexBackupRestoreJobSchema>;

/**
 * `ApiError`, parsed leniently: error bodies come from proxies and load balancers too, so a
 * field of the wrong type is dropped rather than failing the parse.
 */
export const apiErrorSchema = z.object({
  error: z.number().optional().catch(undefined),
  errorCode: z.string().optional().catch(undefined),
  reason: z.string().optional().catch(undefined),
  detail: z.string().optional().catch(undefined),
  parameters: z.array(z.unknown()).optional().catch(undefined),
});

/** A parsed `ApiError` body. */
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

/** The OAuth 2.0 token response (RFC 6749 §5.1) of `POST /api/oauth/token`. */
export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive().optional(),
  token_type: z.string().optional(),
});
