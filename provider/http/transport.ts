/**
 * The HTTP layer: one keep-alive undici dispatcher per process, with connect/headers/body
 * timeouts, `HTTPS_PROXY`/`NO_PROXY` support (undici's `EnvHttpProxyAgent`) and retries
 * (undici's retry interceptor, driven by the decision in `retryPolicy.ts`).
 */
import * as http from "node:http";
import { Dispatcher, EnvHttpProxyAgent, interceptors } from "undici";
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
   * The overall deadline of one lookup: every request it makes (token, challenge, retries)
   * and every wait between them.
   * @default 120000
   * @unit milliseconds
   */
  readonly deadlineMs: number;
}

/** The default {@link Timeouts}. */
export const DEFAULT_TIMEOUTS: Timeouts = Object.freeze({
  connectMs: 10_000,
  headersMs: 30_000,
  bodyMs: 30_000,
  deadlineMs: 120_000,
});

/** A point in time by which a lookup must be done, with the signal that fires then. */
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
export interface HttpRequest {
  readonly method: "GET" | "POST";
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
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
 * The process-wide dispatcher: one connection pool (keep-alive) per origin, proxies from the
 * environment, and undici's retry interceptor. Created on first use so that importing this
 * module costs nothing.
 */
export function getSharedDispatcher(
  connectTimeoutMs: number = DEFAULT_TIMEOUTS.connectMs,
): Dispatcher {
  sharedDispatcher ??= createDispatcher(connectTimeoutMs);
  return sharedDispatcher;
}

/** Creates a dispatcher like the shared one; for tests and for callers that want their own. */
export function createDispatcher(
  connectTimeoutMs: number = DEFAULT_TIMEOUTS.connectMs,
): Dispatcher {
  return new EnvHttpProxyAgent({
    connect: { timeout: connectTimeoutMs },
    keepAliveTimeout: 30_000,
  }).compose(interceptors.retry({ throwOnError: false }));
}

/** Options of an {@link HttpTransport}. */
export interface TransportOptions {
  readonly timeouts?: Partial<Timeouts>;
  readonly retry?: Partial<RetryPolicy>;
  /** The dispatcher to send through; default: {@link getSharedDispatcher}. */
  readonly dispatcher?: Dispatcher;
  /** Called before each retry, e.g. to count or log them. */
  readonly onRetry?: (info: {
    request: RedactedRequest;
    attempt: number;
    delayMs: number;
    failure: string;
  }) => void;
}

/** The shape of undici's errors that matters here: their `code` (we classify by it, not by class). */
interface UndiciLikeError extends Error {
  code?: string;
  statusCode?: number;
  headers?: Record<string, string | string[] | undefined>;
}

/** Sends requests with timeouts, retries and a deadline; turns "no response" into errors. */
export class HttpTransport {
  readonly timeouts: Timeouts;
  readonly retryPolicy: RetryPolicy;
  private readonly dispatcher: Dispatcher;
  private readonly onRetry: TransportOptions["onRetry"];

  constructor(options: TransportOptions = {}) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.dispatcher = options.dispatcher ?? getSharedDispatcher(this.timeouts.connectMs);
    this.onRetry = options.onRetry;
  }

  /** Starts the deadline of one lookup. */
  startDeadline(): Deadline {
    return new Deadline(this.timeouts.deadlineMs);
  }

  /**
   * Sends `request`, retrying per the policy within `deadline`. Resolves with the final response
   * whatever its status (callers map statuses to errors); rejects only when no response came.
   */
  async send(request: HttpRequest, deadline: Deadline): Promise<HttpResponse> {
    const redacted: RedactedRequest = {
      method: request.method,
      path: request.url.pathname + request.url.search,
      headers: redactHeaders(request.headers),
    };
    if (deadline.signal.aborted) {
      throw new TimeoutError(redacted, `deadline of ${deadline.budgetMs} ms exceeded`);
    }
    let attempt = 1;
    const retryOptions = {
      methods: [request.method],
      statusCodes: [...this.retryPolicy.statusCodes],
      errorCodes: [...this.retryPolicy.errorCodes],
      retry: (
        err: UndiciLikeError,
        _context: unknown,
        callback: (err?: Error | null) => void,
      ): void => {
        const retryAfter = err.headers?.["retry-after"];
        const delay = decideRetry(
          {
            status: err.statusCode,
            code: err.statusCode === undefined ? err.code : undefined,
            retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
          },
          attempt,
          deadline.remainingMs(),
          this.retryPolicy,
        );
        if (delay === undefined) {
          callback(err);
          return;
        }
        this.onRetry?.({
          request: redacted,
          attempt,
          delayMs: delay,
          failure:
            err.statusCode !== undefined ? `HTTP ${err.statusCode}` : (err.code ?? err.message),
        });
        attempt += 1;
        // The wait ends early, with the error, if the deadline fires during it.
        const onAbort = (): void => {
          clearTimeout(timer);
          callback(err);
        };
        const timer = setTimeout(() => {
          deadline.signal.removeEventListener("abort", onAbort);
          callback(null);
        }, delay);
        deadline.signal.addEventListener("abort", onAbort, { once: true });
      },
    };
    try {
      const response = await this.dispatcher.request({
        origin: request.url.origin,
        path: request.url.pathname + request.url.search,
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: deadline.signal,
        headersTimeout: Math.min(this.timeouts.headersMs, deadline.remainingMs() || 1),
        bodyTimeout: this.timeouts.bodyMs,
        // Per-request options for undici's retry interceptor (merged over its defaults).
        retryOptions,
      } as Dispatcher.RequestOptions);
      const body = await response.body.text();
      return {
        status: response.statusCode,
        statusText: http.STATUS_CODES[response.statusCode] ?? "",
        headers: flattenHeaders(response.headers),
        body,
      };
    } catch (error) {
      throw toConnectionError(error, redacted, deadline);
    }
  }
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

const TIMEOUT_CODES = new Set([
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ETIMEDOUT",
]);

/** Classifies a failure without a response, by `err.code` (undici's errors are not `instanceof`-safe across copies). */
function toConnectionError(
  error: unknown,
  request: RedactedRequest,
  deadline: Deadline,
): ConnectionError {
  const err = error as UndiciLikeError;
  if (deadline.signal.aborted) {
    return new TimeoutError(request, `no answer within the deadline of ${deadline.budgetMs} ms`, {
      cause: error,
    });
  }
  const detail = err.code ? `${err.code}: ${err.message}` : String(err?.message ?? error);
  return TIMEOUT_CODES.has(err.code ?? "")
    ? new TimeoutError(request, detail, { cause: error })
    : new ConnectionError(request, detail, { cause: error });
}
