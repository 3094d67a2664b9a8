/**
 * zod schemas for the Atlas responses this package reads, named after the components of
 * MongoDB's OpenAPI spec (`FlexBackupSnapshot20241113`, `ApiError`, …). Each type is inferred
 * from its schema, so that a field is written once.
 */
import { z } from "zod";

/** The snapshot statuses that Atlas's spec enumerates for `FlexBackupSnapshot20241113.status`. */
export const KNOWN_SNAPSHOT_STATUSES = [
  "PENDING",
  "QUEUED",
  "RUNNING",
  "FAILED",
  "COMPLETED",
] as const;

/**
 * What a status a gate or a filter names may look like: one upper-case word of letters, digits
 * and underscores, as every Atlas enum value is (`COMPLETED`, `IN_PROGRESS`), up to 32
 * characters. Any such word is accepted, so that a status a future Atlas adds can be gated on;
 * one not in {@link KNOWN_SNAPSHOT_STATUSES} draws a warning (see `statusWarnings`).
 */
export const SNAPSHOT_STATUS_PATTERN = /^[A-Z][A-Z0-9_]{0,31}$/;

/** One of {@link KNOWN_SNAPSHOT_STATUSES}. */
export type KnownSnapshotStatus = (typeof KNOWN_SNAPSHOT_STATUSES)[number];

/**
 * A snapshot status as Atlas reports it. A status that a future Atlas adds is kept as it is
 * (never coerced, and never counted as `COMPLETED`), hence the open string.
 */
export type SnapshotStatus = KnownSnapshotStatus | (string & {});

/** A `Link` of the spec: a URL related to the resource. */
export const linkSchema = z.object({ href: z.string().optional(), rel: z.string().optional() });

/**
 * `FlexBackupSnapshot20241113`: one snapshot of a flex cluster. Every field is optional, as in
 * the spec; unknown fields are dropped.
 */
export const flexBackupSnapshotSchema = z.object({
  expiration: z.iso.datetime({ offset: true }).optional(),
  finishTime: z.iso.datetime({ offset: true }).optional(),
  id: z.string().optional(),
  links: z.array(linkSchema).optional(),
  mongoDBVersion: z.string().optional(),
  scheduledTime: z.iso.datetime({ offset: true }).optional(),
  startTime: z.iso.datetime({ offset: true }).optional(),
  status: z.string().optional(),
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

/** A parsed token response. */
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** Tells whether `status` is one of the statuses the spec knows. */
export function isKnownSnapshotStatus(status: string): status is KnownSnapshotStatus {
  return (KNOWN_SNAPSHOT_STATUSES as readonly string[]).includes(status);
}
