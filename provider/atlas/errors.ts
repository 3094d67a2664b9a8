import type { ApiErrorBody } from "./schema";
import { excerpt, quote } from "./redact";

/**
 * The one error hierarchy of this package. Every failure that reaches a user is a
 * {@link FlexSnapshotError} (the package's base error, named after the package: it serves every
 * lookup, of snapshots and of restore jobs alike); its subclasses here say whether the input was
 * wrong, the configuration was incomplete, Atlas answered with an error or no answer came at
 * all. The lookups add theirs (an unmet gate, a wait that ran out: `../lookups/errors.ts`).
 *
 * Messages never contain a secret: the request a {@link AtlasApiError} keeps is a redacted copy
 * (see {@link redactHeaders}), and no credential value is ever interpolated into a message.
 */

/** The base class of every error this package throws. */
export class FlexSnapshotError extends Error {
  override name = "FlexSnapshotError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * An argument failed validation before any request was sent. The message quotes the value
 * through {@link excerpt}: a short value whole, a long one as its first 40 characters and its
 * length, so that a 20,000-character argument makes a one-line error, not a 20 KB one.
 */
export class ValidationError extends FlexSnapshotError {
  override name = "ValidationError";
  /** The value that was given, as {@link excerpt} bounds it (arguments are never secret). */
  readonly value: unknown;

  /**
   * @param field - the argument's name, e.g. `projectId`.
   * @param value - the value that was given; kept and quoted bounded.
   * @param expected - what the value must look like, e.g. the pattern.
   */
  constructor(
    readonly field: string,
    value: unknown,
    readonly expected: string,
  ) {
    const shown = excerpt(value);
    super(`invalid ${field} ${quote(shown)}: expected ${expected}`);
    this.value = shown;
  }
}

/** The configuration (credentials, base URL) is missing or contradictory. */
export class ConfigurationError extends FlexSnapshotError {
  override name = "ConfigurationError";
  /**
   * The setting at fault, without its namespace (`clientSecret`), where one setting is: what a
   * provider's `CheckConfig` names the failure against.
   */
  readonly setting: string | undefined;
  constructor(message: string, options?: { cause?: unknown; setting?: string }) {
    super(message, options);
    this.setting = options?.setting;
  }
}

/** A request that was sent, as kept for error messages: method, path and redacted headers. */
export interface RedactedRequest {
  readonly method: string;
  /** The path and query of the request, e.g. `/api/atlas/v2/groups/…`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
}

const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie"]);

/**
 * Returns a copy of `headers` in which every header that can carry a credential is replaced by
 * `[REDACTED]`, the way `@octokit/request-error` keeps its request copy.
 */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    copy[name] = SECRET_HEADERS.has(name.toLowerCase()) ? "[REDACTED]" : value;
  }
  return copy;
}

/**
 * Atlas answered with an HTTP error status. The message has the shape
 * `[404 Not Found] GET /api/atlas/v2/…: RESOURCE_NOT_FOUND: detail`, followed by a hint where
 * the status has a known remedy (a missing role, an API version to change).
 */
export class AtlasApiError extends FlexSnapshotError {
  override name = "AtlasApiError";
  readonly status: number;
  readonly errorCode: string | undefined;
  readonly reason: string | undefined;
  readonly detail: string | undefined;
  readonly parameters: readonly unknown[] | undefined;
  readonly request: RedactedRequest;
  /** The raw response body, kept for debugging when it was not an Atlas `ApiError`. */
  readonly rawBody: string | undefined;

  /**
   * @param credentialOrigin - where the credentials in use were set
   * (`atlasflex:clientId and atlasflex:clientSecret in the stack config`): a 401's remedy names
   * them, so that the user checks the settings this front door reads.
   */
  constructor(
    status: number,
    statusText: string,
    request: RedactedRequest,
    body: ApiErrorBody | undefined,
    rawBody?: string,
    credentialOrigin?: string,
  ) {
    super(formatApiErrorMessage(status, statusText, request, body, credentialOrigin));
    this.status = status;
    this.errorCode = body?.errorCode;
    this.reason = body?.reason;
    this.detail = body?.detail;
    this.parameters = body?.parameters;
    this.request = request;
    this.rawBody = body?.errorCode === undefined ? rawBody : undefined;
  }
}

/** 400: Atlas rejected a parameter. */
export class BadRequestError extends AtlasApiError {
  override name = "BadRequestError";
}
/** 401: the credentials were not accepted. */
export class AuthenticationError extends AtlasApiError {
  override name = "AuthenticationError";
}
/** 403: the credentials lack a role on the project (or the caller's IP is not on the access list). */
export class PermissionDeniedError extends AtlasApiError {
  override name = "PermissionDeniedError";
}
/**
 * 403 from the token endpoint: the service account already holds as many live access tokens as
 * Atlas allows (100, each valid for one hour). Its message says what to do about it rather
 * than blaming roles or the IP access list, which play no part in minting a token.
 */
export class TokenLimitError extends PermissionDeniedError {
  override name = "TokenLimitError";
}
/** 404: the project, the flex cluster or the snapshot does not exist. */
export class NotFoundError extends AtlasApiError {
  override name = "NotFoundError";
}
/** 406 or 410: the requested API version is not served for this resource. */
export class ApiVersionError extends AtlasApiError {
  override name = "ApiVersionError";
}
/** 429: Atlas rate-limited the caller and the retry budget ran out. */
export class RateLimitError extends AtlasApiError {
  override name = "RateLimitError";
}
/** 5xx: Atlas failed and the retry budget ran out. */
export class InternalServerError extends AtlasApiError {
  override name = "InternalServerError";
}

/**
 * Builds the {@link AtlasApiError} subclass that fits `status`: the one factory, so that the
 * status-to-class table lives in one place.
 */
export function createApiError(
  status: number,
  statusText: string,
  request: RedactedRequest,
  body: ApiErrorBody | undefined,
  rawBody?: string,
  credentialOrigin?: string,
): AtlasApiError {
  const ErrorClass = isTokenLimit(status, body)
    ? TokenLimitError
    : status === 400
      ? BadRequestError
      : status === 401
        ? AuthenticationError
        : status === 403
          ? PermissionDeniedError
          : status === 404
            ? NotFoundError
            : status === 406 || status === 410
              ? ApiVersionError
              : status === 429
                ? RateLimitError
                : status >= 500
                  ? InternalServerError
                  : AtlasApiError;
  return new ErrorClass(status, statusText, request, body, rawBody, credentialOrigin);
}

/**
 * Whether an answer is Atlas's "too many live tokens" refusal of `POST /api/oauth/token`:
 * `403 {"error":"access_denied","error_description":"Access Token limit reached…"}` (an OAuth
 * error body, RFC 6749 §5.2, read into {@link ApiErrorBody} as `errorCode` and `detail`).
 */
export function isTokenLimit(status: number, body: ApiErrorBody | undefined): boolean {
  return (
    status === 403 &&
    body?.errorCode === "access_denied" &&
    /access token limit/i.test(body.detail ?? "")
  );
}

/** What to do about a {@link TokenLimitError}. */
const TOKEN_LIMIT_REMEDY =
  "the service account holds the most live access tokens Atlas allows (100); each expires within an hour of being minted. Wait for older tokens to expire, run fewer processes at once with this service account, or find what else mints tokens with it (other pipelines, scripts or tools sharing its client id); turning on ATLAS_FLEX_SNAPSHOT_TOKEN_CACHE=1 on persistent machines lets processes share one token";

/** What a user can do about a status, appended to the message. */
function remedyFor(
  status: number,
  errorCode: string | undefined,
  body: ApiErrorBody | undefined,
  credentialOrigin: string | undefined,
): string | undefined {
  if (isTokenLimit(status, body)) {
    return TOKEN_LIMIT_REMEDY;
  }
  if (status === 401) {
    const which = credentialOrigin === undefined ? "" : ` (${credentialOrigin})`;
    return `check the credentials${which}; the service account or API key needs the Project Read Only role on this project`;
  }
  if (status === 403) {
    return "the service account or API key needs the Project Read Only role (or higher) on this project, and the caller's IP address must be on its access list";
  }
  if (status === 406 || errorCode === "INVALID_VERSION_DATE") {
    return 'Atlas does not serve this API version for flex snapshots; set apiVersion to "2024-11-13" (the version MongoDB\'s spec declares for this resource) or remove the override';
  }
  if (status === 410 || errorCode === "VERSION_GONE") {
    return 'this API version has been retired (sunset); set apiVersion to a current version such as "2024-11-13" or upgrade pulumi-atlas-flex-snapshot';
  }
  return undefined;
}

function formatApiErrorMessage(
  status: number,
  statusText: string,
  request: RedactedRequest,
  body: ApiErrorBody | undefined,
  credentialOrigin: string | undefined,
): string {
  const reason = body?.reason ?? statusText;
  let message = `[${status}${reason ? ` ${reason}` : ""}] ${request.method} ${request.path}`;
  const parts = [body?.errorCode, body?.detail].filter((part): part is string => !!part);
  if (parts.length > 0) {
    message += `: ${parts.join(": ")}`;
  }
  const remedy = remedyFor(status, body?.errorCode, body, credentialOrigin);
  return remedy ? `${message} (${remedy})` : message;
}

/** No HTTP response at all: the connection failed or was reset, and the retry budget ran out. */
export class ConnectionError extends FlexSnapshotError {
  override name = "ConnectionError";
  constructor(
    readonly request: RedactedRequest,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${request.method} ${request.path}: connection failed: ${detail}`, options);
  }
}

/** The lookup did not finish within its deadline (or a single attempt within its timeout). */
export class TimeoutError extends ConnectionError {
  override name = "TimeoutError";
}

/** A response arrived but did not have the shape that Atlas's spec declares. */
export class ResponseValidationError extends FlexSnapshotError {
  override name = "ResponseValidationError";
}
