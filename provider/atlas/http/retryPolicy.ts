/**
 * The retry policy: which failures are retried, how long to wait between attempts, and when to
 * give up. All of it lives here so that it can be read (and tested) in one place.
 *
 * The retrying itself is the loop in `transport.ts` (not undici's `RetryHandler`, which resends
 * the same signed headers); this module supplies the decision that loop calls. undici's built-in
 * decision has no jitter and knows nothing of a per-lookup deadline.
 */

/** How failed requests are retried. */
export interface RetryPolicy {
  /**
   * Attempts in all, the first one included.
   * @default 5
   */
  readonly maxAttempts: number;
  /**
   * The base of the exponential backoff: the wait before the second attempt is up to this.
   * @default 500
   * @unit milliseconds
   */
  readonly minDelayMs: number;
  /**
   * The longest wait between two attempts, whether computed or asked for by `Retry-After`.
   * @default 30000
   * @unit milliseconds
   */
  readonly maxDelayMs: number;
  /**
   * HTTP statuses that are retried. Other 4xx never are.
   * @default [429, 500, 502, 503, 504]
   */
  readonly statusCodes: readonly number[];
  /**
   * Network error codes (Node's and undici's `err.code`) that are retried: resets and timeouts.
   */
  readonly errorCodes: readonly string[];
}

/** The default {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 5,
  minDelayMs: 500,
  maxDelayMs: 30_000,
  statusCodes: Object.freeze([429, 500, 502, 503, 504]),
  errorCodes: Object.freeze([
    "ECONNRESET",
    "ECONNREFUSED",
    "EPIPE",
    "ETIMEDOUT",
    "ENETUNREACH",
    "EHOSTUNREACH",
    "EAI_AGAIN",
    "UND_ERR_SOCKET",
    "UND_ERR_CONNECT_TIMEOUT",
    "UND_ERR_HEADERS_TIMEOUT",
    "UND_ERR_BODY_TIMEOUT",
  ]),
});

/**
 * Parses a `Retry-After` value (RFC 9110 §10.2.3): either delay-seconds or an HTTP date.
 * Returns the wait in milliseconds, or `undefined` when the header is absent or malformed.
 */
export function parseRetryAfter(
  value: string | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed) * 1000;
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before attempt `attempt + 1`, given that `attempt` attempts have failed.
 *
 * A `Retry-After` from the server is honoured up to `maxDelayMs`. Otherwise the wait is
 * exponential backoff with "equal jitter" (a random value between half the backoff and
 * the whole of it), so that many clients rate-limited at once do not retry in lockstep.
 *
 * @param random - a number in [0, 1); injectable so that tests are exact.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random: number = Math.random(),
): number {
  if (retryAfterMs !== undefined) {
    return Math.min(retryAfterMs, policy.maxDelayMs);
  }
  const backoff = Math.min(policy.minDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  return Math.round(backoff / 2 + (backoff / 2) * random);
}

/** What a failed attempt looked like, as the retry decision needs it. */
interface FailedAttempt {
  /** The HTTP status, when a response arrived. */
  readonly status?: number;
  /** The network error code, when none did. */
  readonly code?: string;
  /** The `Retry-After` header of the response, if any. */
  readonly retryAfter?: string;
}

/**
 * Decides whether attempt number `attempt` (1-based) that failed as `failure` is retried, and
 * after how long. Returns `undefined` to give up: the failure is not retryable, the attempts
 * are spent, or the wait would run past the deadline (`remainingMs`).
 */
export function decideRetry(
  failure: FailedAttempt,
  attempt: number,
  remainingMs: number,
  policy: RetryPolicy,
  random: number = Math.random(),
): number | undefined {
  const retryable =
    failure.status !== undefined
      ? policy.statusCodes.includes(failure.status)
      : failure.code !== undefined && policy.errorCodes.includes(failure.code);
  if (!retryable || attempt >= policy.maxAttempts) {
    return undefined;
  }
  const delay = retryDelayMs(attempt, parseRetryAfter(failure.retryAfter), policy, random);
  return delay < remainingMs ? delay : undefined;
}
