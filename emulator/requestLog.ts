import type { IncomingMessage } from "node:http";

import { matchesRequest } from "./requestFilter";
import type { RecordedRequest, RequestFilter } from "./types";

/**
 * Headers whose values are credentials and are never recorded (the habit of
 * octokit/request-error: keep a redacted copy of the request).
 */
const SECRET_HEADERS: ReadonlySet<string> = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
]);

/**
 * The value that replaces a credential in recorded headers.
 */
const REDACTED = "[REDACTED]";

/**
 * Names the scheme of an `Authorization` header (RFC 9110 §11.6.2; scheme names are
 * case-insensitive, RFC 9110 §11.1).
 */
export function authKindOf(authorization: string | undefined): RecordedRequest["authKind"] {
  const scheme = /^\s*([A-Za-z]+)/.exec(authorization ?? "")?.[1]?.toLowerCase();
  switch (scheme) {
    case "bearer":
      return "bearer";
    case "digest":
      return "digest";
    case "basic":
      return "basic";
    default:
      return "none";
  }
}

/**
 * Every request the emulator received, in arrival order.
 */
export class RequestLog {
  private entries: RecordedRequest[] = [];

  /** The recorded requests; {@link RequestLog.clear} starts a new array. */
  get requests(): readonly RecordedRequest[] {
    return this.entries;
  }

  /**
   * Records a request as it arrives, with status 0; the caller sets the status when it answers.
   */
  record(req: IncomingMessage, url: URL): RecordedRequest {
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      const text = Array.isArray(value) ? value.join(", ") : value;
      headers[name] = SECRET_HEADERS.has(name) && text !== undefined ? REDACTED : text;
    }
    const entry: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      status: 0,
      authKind: authKindOf(req.headers.authorization),
    };
    this.entries.push(entry);
    return entry;
  }

  /** Counts the recorded requests matching every field of `filter`. */
  count(filter: RequestFilter = {}): number {
    return this.entries.filter(
      (entry) =>
        matchesRequest(filter, entry.method, entry.path) &&
        (filter.status === undefined || filter.status === entry.status),
    ).length;
  }

  /** Forgets every recorded request. */
  clear(): void {
    this.entries = [];
  }
}
