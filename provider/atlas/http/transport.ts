/**
 * The HTTP layer: one keep-alive undici dispatcher per process, with connect/headers/body
 * timeouts, `HTTPS_PROXY`/`NO_PROXY` support (undici's `EnvHttpProxyAgent`), and a retry loop
 * of our own, driven by the decision in `retryPolicy.ts`, that signs every attempt afresh.
 */
import * as http from "node:http";
import { Dispatcher, EnvHttpProxyAgent } from "undici";
import { ConnectionError, redactHeaders, TimeoutError, type RedactedRequest } from "../errors";
import { decideRetry, DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retryPolicy";

/** Timeouts of one lookup. */
export interface Timeouts {
  /**
   * Time to establish a TCP/TLS connection.
   * @default 10000
   * @unit milliseconds
   */
  readonly connectMs: number;
  /**
   * Time from sending a request to receiving the response headers.
   * @default 30000
   * @unit milliseconds
   */
  readonly headersMs: number;
  /**
   * Longest idle time while receiving the response body.
   * @default 30000
   * @unit milliseconds
   */
  readonly bodyMs: number;
  /**
   * The overall deadline of one lookup: every request it makes (every page of a list, token,
   * challenge, retries) and every wait between them. Each poll of a wait is one lookup.
   * @default 120000
   * @unit milliseconds
   */
  readonly deadlineMs: number;
}

/** The default {@link Timeouts}. */
const DEFAULT_TIMEOUTS: Timeouts = Object.freeze({
  connectMs: 10_000,
  headersMs: 30_000,
  bodyMs: 30_000,
  deadlineMs: 120_000,
});

/**
 * A point in time by which a lookup must be done, with the signal that fires then. One lookup
 * has one deadline: every page it reads, every retry, and the token or challenge requests
 * inside it share it.
 */
export class Deadline {
  readonly expiresAt: number;
  readonly signal: AbortSignal;

  constructor(readonly budgetMs: number) {
    this.expiresAt = Date.now() + budgetMs;
    this.signal = AbortSignal.timeout(budgetMs);
  }

  /** Milliseconds left before the deadline (0 once it has passed). */
  remainingMs(): number {
    return Math.max(0, this.expiresAt - Date.now());
  }
}

/** One request to send. */
interface HttpRequest {
  readonly method: "GET" | "POST";
  readonly url: URL;
  /** Headers sent with every attempt. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /**
   * Called just before each attempt, retries included, for that attempt's `Authorization` value
   * (`undefined`: none). A retry is a new request and is signed afresh: an HTTP Digest
   * signature carries a nonce count that a server never accepts twice (RFC 7616 §3.4), and a
   * bearer token may have been renewed since the last attempt.
   */
  readonly authorize?: () => Promise<string | undefined>;
}

/** A response, read whole (Atlas's bodies are small JSON documents). */
export interface HttpResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

let sharedDispatcher: Dispatcher | undefined;

/**
 * The process-wide dispatcher: one connection pool (keep-alive) per origin and proxies from the
 * environment. Created on first use so that importing this module costs nothing.
 */
function getSharedDispatcher(connectTimeoutMs: number = DEFAULT_TIMEOUTS.connectMs): Dispatcher {
  sharedDispatcher ??= createDispatcher(connectTimeoutMs);
  return sharedDispatcher;
}

/**
 * Creates a dispatcher like the shared one; for tests and for callers that want their own. It
 * does not retry: {@link HttpTransport} does, signing each attempt afresh.
 */
export function createDispatcher(
  connectTimeoutMs: number = DEFAULT_TIMEOUTS.connectMs,
): Dispatcher {
  return new EnvHttpProxyAgent({
    connect: { timeout: connectTimeoutMs },
    keepAliveTimeout: 30_000,
  });
}

/** Options of an {@link HttpTransport}. */
interface TransportOptions {
  readonly timeouts?: Partial<Timeouts>;
  readonly retry?: Partial<RetryPolicy>;
  /** The dispatcher to send through; default: {@link getSharedDispatcher}. */
  readonly dispatcher?: Dispatcher;
}

/** The shape of undici's errors that matters here: their `code` (we classify by it, not by class). */
interface UndiciLikeError extends Error {
  code?: string;
}

/** What one attempt came to: a response, or the error of no response. */
type Outcome =
  | { readonly response: HttpResponse; readonly error?: undefined }
  | { readonly response?: undefined; readonly error: unknown };

/**
 * Sends requests with timeouts, retries and a deadline; turns "no response" into errors.
 *
 * The retries are a loop of our own rather than undici's `RetryHandler` (its retry
 * interceptor): that handler resends the very same request, headers included, so an HTTP
 * Digest `Authorization` would go out again with the same `nc` and `cnonce` and a server that
 * enforces replay protection would refuse every retry with a 401. Here each attempt asks for its
 * `Authorization` at the moment it is sent ({@link HttpRequest.authorize}).
 */
export class HttpTransport {
  readonly timeouts: Timeouts;
  readonly retryPolicy: RetryPolicy;
  private readonly dispatcher: Dispatcher;

  constructor(options: TransportOptions = {}) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.dispatcher = options.dispatcher ?? getSharedDispatcher(this.timeouts.connectMs);
  }

  /** Starts the deadline of one lookup. */
  startDeadline(): Deadline {
    return new Deadline(this.timeouts.deadlineMs);
  }

  /**
   * Sends `request`, retrying per the policy within `deadline`. Resolves with the final response
   * whatever its status (callers map statuses to errors); rejects only when no response came
   * (a {@link ConnectionError} or {@link TimeoutError}), or when `request.authorize` rejects.
   */
  async send(request: HttpRequest, deadline: Deadline): Promise<HttpResponse> {
    const redacted: RedactedRequest = {
      method: request.method,
      path: request.url.pathname + request.url.search,
      headers: redactHeaders(request.headers),
    };
    /** The last response that came, if any. */
    let last: HttpResponse | undefined;
    for (let attempt = 1; ; attempt++) {
      const authorization = await request.authorize?.();
      if (deadline.signal.aborted) {
        if (last !== undefined) return last;
        throw deadlineError(redacted, deadline, attempt - 1);
      }
      const outcome = await this.attempt(request, authorization, deadline);
      if (outcome.error !== undefined && deadline.signal.aborted && last !== undefined) {
        // The deadline cut this attempt short: the answer that made us retry is the real cause
        // (a 503 stays a 503, not a timeout).
        return last;
      }
      last = outcome.response ?? last;
      // `decideRetry` is the one place that says what is retried: a status it does not retry
      // (a 200, a 404) is simply the answer.
      const delay = decideRetry(
        outcome.response !== undefined
          ? { status: outcome.response.status, retryAfter: outcome.response.headers["retry-after"] }
          : { code: (outcome.error as UndiciLikeError | undefined)?.code },
        attempt,
        deadline.remainingMs(),
        this.retryPolicy,
      );
      if (delay === undefined || !(await sleep(delay, deadline.signal))) {
        // The last outcome is the answer: a 429 stays a 429, a reset stays a reset.
        if (outcome.response !== undefined) return outcome.response;
        throw toConnectionError(outcome.error, redacted, deadline, attempt, this.timeouts);
      }
    }
  }

  /** Sends one attempt and reads its answer whole. */
  private async attempt(
    request: HttpRequest,
    authorization: string | undefined,
    deadline: Deadline,
  ): Promise<Outcome> {
    const headers =
      authorization === undefined ? request.headers : { ...request.headers, authorization };
    try {
      const response = await this.dispatcher.request({
        origin: request.url.origin,
        path: request.url.pathname + request.url.search,
        method: request.method,
        headers,
        body: request.body,
        // The deadline's signal ends an attempt that would outlive it; the timeouts bound one
        // attempt within it.
        signal: deadline.signal,
        headersTimeout: this.timeouts.headersMs,
        bodyTimeout: this.timeouts.bodyMs,
      });
      const body = await response.body.text();
      return {
        response: {
          status: response.statusCode,
          statusText: http.STATUS_CODES[response.statusCode] ?? "",
          headers: flattenHeaders(response.headers),
          body,
        },
      };
    } catch (error) {
      return { error };
    }
  }
}

/** Waits `ms`; resolves `false` at once if `signal` fires first. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function flattenHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) {
      flat[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
    }
  }
  return flat;
}

/** What each timeout code means, in words, given the timeouts in force. */
const TIMEOUT_MEANINGS: ReadonlyMap<string, (timeouts: Timeouts) => string> = new Map([
  ["UND_ERR_CONNECT_TIMEOUT", (t: Timeouts) => `could not connect within ${t.connectMs} ms`],
  ["UND_ERR_HEADERS_TIMEOUT", (t: Timeouts) => `no response within ${t.headersMs} ms`],
  ["UND_ERR_BODY_TIMEOUT", (t: Timeouts) => `the response body stalled for ${t.bodyMs} ms`],
  ["ETIMEDOUT", () => "the connection timed out"],
]);

/** The error of a lookup whose deadline passed, after `attempts` attempts. */
function deadlineError(
  request: RedactedRequest,
  deadline: Deadline,
  attempts: number,
  cause?: unknown,
): TimeoutError {
  return new TimeoutError(
    request,
    `no answer within the lookup's deadline of ${deadline.budgetMs} ms (${attempts} attempt${attempts === 1 ? "" : "s"})`,
    { cause },
  );
}

/**
 * Classifies a failure without a response, by `err.code` (undici's errors are not
 * `instanceof`-safe across copies).
 */
function toConnectionError(
  error: unknown,
  request: RedactedRequest,
  deadline: Deadline,
  attempts: number,
  timeouts: Timeouts,
): ConnectionError {
  const err = error as UndiciLikeError | undefined;
  if (deadline.signal.aborted) {
    return deadlineError(request, deadline, attempts, error);
  }
  const tries = `${attempts} attempt${attempts === 1 ? "" : "s"}`;
  const timeout = TIMEOUT_MEANINGS.get(err?.code ?? "");
  if (timeout !== undefined) {
    return new TimeoutError(request, `${timeout(timeouts)} (${err?.code}, ${tries})`, {
      cause: error,
    });
  }
  const detail = err?.code ? `${err.code}: ${err.message}` : String(err?.message ?? error);
  return new ConnectionError(request, `${detail} (${tries})`, { cause: error });
}
