import { atlasErrorReply, defaultErrorCode, reasonPhrase } from "./errors";
import type { Reply } from "./reply";
import { matchesRequest } from "./requestFilter";
import type { EmulatorFault } from "./types";

/**
 * What to do with a request a fault caught, decided once the fault's `delayMs` has passed.
 */
export type FaultAction =
  | { kind: "hang" }
  | { kind: "reset" }
  | { kind: "respond"; reply: Reply }
  /** Serve the request as usual; with `truncate`, cut the answer's body in half. */
  | { kind: "proceed"; truncate?: boolean };

/** The HTML page a proxy sends for `status`, as nginx words it. */
function htmlErrorPage(status: number): string {
  const title = `${status} ${reasonPhrase(status)}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** `reply` with its body cut to the first half, as a broken connection or proxy leaves it. */
export function truncateReply(reply: Reply): Reply {
  return { ...reply, body: reply.body.slice(0, Math.floor(reply.body.length / 2)) };
}

interface QueuedFault {
  fault: EmulatorFault;
  remaining: number;
}

/**
 * The queue of injected faults, consumed by matching requests in the order they were queued.
 */
export class FaultQueue {
  private queue: QueuedFault[] = [];

  /**
   * Queues a fault.
   *
   * @throws RangeError when `times`, `status` or `delayMs` is out of range
   */
  inject(fault: EmulatorFault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1) {
      throw new RangeError(`injectFault: times must be a positive integer, got ${times}`);
    }
    if (
      fault.status !== undefined &&
      (!Number.isInteger(fault.status) || fault.status < 100 || fault.status > 599)
    ) {
      throw new RangeError(`injectFault: status must be an HTTP status code, got ${fault.status}`);
    }
    if (
      fault.body !== undefined &&
      !(["html", "truncatedJson", "empty"] as unknown[]).includes(fault.body)
    ) {
      throw new RangeError(
        `injectFault: body must be "html", "truncatedJson" or "empty", got ${String(fault.body)}`,
      );
    }
    if (fault.delayMs !== undefined && (!Number.isFinite(fault.delayMs) || fault.delayMs < 0)) {
      throw new RangeError(
        `injectFault: delayMs must be a non-negative number, got ${fault.delayMs}`,
      );
    }
    this.queue.push({ fault: { ...fault }, remaining: times });
  }

  /** Takes one use of the first fault that matches the request, if any. */
  take(method: string, path: string, hasCredentials = false): EmulatorFault | undefined {
    const index = this.queue.findIndex(
      (entry) =>
        matchesRequest(entry.fault, method, path) &&
        (entry.fault.withCredentials === undefined ||
          entry.fault.withCredentials === hasCredentials),
    );
    const entry = this.queue[index];
    if (entry === undefined) {
      return undefined;
    }
    entry.remaining -= 1;
    if (entry.remaining === 0) {
      this.queue.splice(index, 1);
    }
    return entry.fault;
  }

  /** Drops every queued fault. */
  clear(): void {
    this.queue = [];
  }
}

/**
 * Decides what a fault does to the request it caught: hang, reset, answer with an Atlas error
 * (or an HTML page, a cut-off body, no body), or let the request proceed (a pure delay, or a
 * body cut on its way out).
 *
 * @param challenge - a fresh Digest challenge (`WWW-Authenticate` value) for a 401 answer
 */
export function faultAction(
  fault: EmulatorFault,
  challenge: (stale: boolean) => string = () => "",
): FaultAction {
  if (fault.hang === true) {
    return { kind: "hang" };
  }
  if (fault.resetConnection === true) {
    return { kind: "reset" };
  }
  const served = fault.status === undefined || (fault.status >= 200 && fault.status <= 299);
  if (fault.body === "truncatedJson" && served) {
    return { kind: "proceed", truncate: true };
  }
  if (fault.status === undefined && fault.delayMs !== undefined && fault.body === undefined) {
    return { kind: "proceed" };
  }
  const status = fault.status ?? (fault.body === "html" ? 502 : 500);
  const headers: Record<string, string> = {};
  if (status === 401) {
    headers["WWW-Authenticate"] = challenge(fault.stale === true);
  }
  if (fault.retryAfter !== undefined) {
    headers["Retry-After"] = fault.retryAfter;
  }
  Object.assign(headers, fault.headers);
  const reply = atlasErrorReply(
    status,
    fault.errorCode ?? defaultErrorCode(status),
    `The emulator injected a ${status} ${reasonPhrase(status)} response.`,
    [],
    headers,
  );
  switch (fault.body) {
    case "html":
      return {
        kind: "respond",
        reply: {
          status,
          headers: { ...headers, "Content-Type": "text/html" },
          body: htmlErrorPage(status),
        },
      };
    case "truncatedJson":
      return { kind: "respond", reply: truncateReply(reply) };
    case "empty": {
      const { "Content-Type": _contentType, ...rest } = reply.headers;
      return { kind: "respond", reply: { status, headers: rest, body: "" } };
    }
    case undefined:
      return { kind: "respond", reply };
  }
}
