/**
 * The error classes that are public API: every class of the README's Errors table, so that
 * callers can tell failures apart with `instanceof`. The one list that both entry points (the
 * SDK's root and `pulumi-atlas-flex-snapshot/provider`) re-export; the rest of `errors.ts`
 * (the factory, the redaction of headers) is internal.
 */
export {
  ApiVersionError,
  AtlasApiError,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ConnectionError,
  FlexSnapshotError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
  TokenLimitError,
  ValidationError,
  type RedactedRequest,
} from "../atlas/errors";
export { GateError, WaitTimeoutError } from "./errors";
