import { atlasErrorReply, defaultErrorCode, reasonPhrase } from "./errors";
import type { Reply } from "./reply";
import { matchesRequest } from "./requestFilter";
import type { EmulatorFault } from "./types";

/**
 * What to do with a request a fault caught, decided once the fault's `delayMs` has passed.
 */
export type FaultAction =
  { kind: "hang" } | { kind: "reset" } | { kind: "respond"; reply: Reply } | { kind: "proceed" };

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
    if (fault.delayMs !== undefined && (!Number.isFinite(fault.delayMs) || fault.delayMs < 0)) {
      throw new RangeError(
        `injectFault: delayMs must be a non-negative number, got ${fault.delayMs}`,
      );
    }
    this.queue.push({ fault: { ...fault }, remaining: times });
  }

  /** Takes one use of the first fault that matches the request, if any. */
  take(method: string, path: string): EmulatorFault | undefined {
    const index = this.queue.findIndex((entry) => matchesRequest(entry.fault, method, path));
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
 * Decides what a fault does to the request it caught: hang, reset, answer with an Atlas error,
 * or let the request proceed (a pure delay).
 */
export function faultAction(fault: EmulatorFault): FaultAction {
  if (fault.hang === true) {
    return { kind: "hang" };
  }
  if (fault.resetConnection === true) {
    return { kind: "reset" };
  }
  if (fault.status === undefined && fault.body === undefined && fault.delayMs !== undefined) {
    return { kind: "proceed" };
  }
  const headers: Record<string, string> = { ...fault.headers };
  if (fault.retryAfter !== undefined) {
    headers["Retry-After"] = fault.retryAfter;
  }
  if (fault.body !== undefined) {
    return {
      kind: "respond",
      reply: {
        status: fault.status ?? 200,
        headers: { "Content-Type": fault.contentType ?? "text/html; charset=utf-8", ...headers },
        body: fault.body,
      },
    };
  }
  const status = fault.status ?? 500;
  return {
    kind: "respond",
    reply: atlasErrorReply(
      status,
      fault.errorCode ?? defaultErrorCode(status),
      `The emulator injected a ${status} ${reasonPhrase(status)} response.`,
      [],
      headers,
    ),
  };
}
