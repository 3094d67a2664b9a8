import { STATUS_CODES } from "node:http";

import { jsonReply, type Reply } from "./reply";

/**
 * One rejected request field, as in Atlas's `FieldViolation`.
 */
interface FieldViolation {
  description: string;
  field: string;
}

/**
 * The body of every Atlas error response (`ApiError` in the OpenAPI document).
 *
 * Keys are listed alphabetically because that is the order Atlas serializes them in.
 * `parameters` holds strings: the OpenAPI document types its items as objects, but Atlas sends
 * the strings it substituted into `detail` (for example `["orders", "<groupId>"]`).
 */
interface AtlasErrorBody {
  badRequestDetail?: { fields: FieldViolation[] };
  detail: string;
  error: number;
  errorCode: string;
  parameters: string[];
  reason: string;
}

/**
 * `errorCode`s that Atlas uses for a status instead of the upper-cased reason phrase.
 */
const ATLAS_CODE_FOR_STATUS: Readonly<Record<number, string>> = {
  404: "RESOURCE_NOT_FOUND",
  429: "RATE_LIMITED",
  500: "UNEXPECTED_ERROR",
};

/**
 * Returns the HTTP reason phrase of a status (RFC 9110 §15), which Atlas sends as `reason`.
 */
export function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? "Unknown Status";
}

/**
 * Returns the `errorCode` the emulator uses for a status when nothing more specific applies,
 * for example `RATE_LIMITED` for 429 and `SERVICE_UNAVAILABLE` for 503.
 */
export function defaultErrorCode(status: number): string {
  return (
    ATLAS_CODE_FOR_STATUS[status] ??
    reasonPhrase(status)
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, "_")
      .replace(/^_|_$/g, "")
  );
}

/**
 * Builds an Atlas error reply (`ApiError` body, `application/json`).
 */
export function atlasErrorReply(
  status: number,
  errorCode: string,
  detail: string,
  parameters: string[] = [],
  headers: Record<string, string> = {},
  badRequestDetail?: { fields: FieldViolation[] },
): Reply {
  const body: AtlasErrorBody = {
    ...(badRequestDetail === undefined ? {} : { badRequestDetail }),
    detail,
    error: status,
    errorCode,
    parameters,
    reason: reasonPhrase(status),
  };
  return jsonReply(status, body, headers);
}
