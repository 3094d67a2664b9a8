/**
 * Waiting for a snapshot to finish: poll until it is COMPLETED or FAILED, within a timeout.
 *
 * Polls start at the given interval and back off by half each time up to a ceiling, so a long
 * wait costs Atlas a few dozen requests rather than one every few seconds (the Atlas CLI's
 * `watch` polls every 4 s with no timeout). Each poll is one client lookup, with its own
 * deadline and retries.
 */
import { formatDuration } from "./duration";
import { WaitTimeoutError } from "./errors";
/**
 * The statuses after which a snapshot or a restore job does not change any more (both specs
 * enumerate the same five statuses, and both end in these two).
 */
const TERMINAL_STATUSES: readonly string[] = ["COMPLETED", "FAILED"];

/** How to poll. */
interface PollPolicy {
  /**
   * How long to wait in all.
   * @unit milliseconds
   */
  readonly timeoutMs: number;
  /**
   * The first interval between polls.
   * @default 10000
   * @unit milliseconds
   */
  readonly intervalMs?: number;
  /**
   * The longest interval between polls.
   * @default 60000 (or the first interval, if longer)
   * @unit milliseconds
   */
  readonly maxIntervalMs?: number;
}

/** The default first interval between polls. */
export const DEFAULT_POLL_INTERVAL_MS = 10_000;
/**
 * The shortest interval between polls a wait accepts: a shorter one would poll Atlas in a tight
 * loop (`0s` sent over 500 requests in 2 s) for no gain, since snapshots take minutes.
 */
export const MIN_POLL_INTERVAL_MS = 1_000;
/**
 * The longest wait timeout accepted: a day, far beyond any snapshot a flex cluster takes, and it
 * bounds the number of polls of any wait (the figure is in the README's "The gate"; docs/reference.md, "Wait for a snapshot").
 */
export const MAX_WAIT_TIMEOUT_MS = 86_400_000;
/**
 * The shortest wait timeout accepted: one interval of {@link MIN_POLL_INTERVAL_MS}, the least
 * that leaves room for a second poll.
 */
export const MIN_WAIT_TIMEOUT_MS = MIN_POLL_INTERVAL_MS;
/** The default ceiling of the interval between polls. */
export const DEFAULT_MAX_POLL_INTERVAL_MS = 60_000;
/** How much each interval grows over the one before. */
const BACKOFF_FACTOR = 1.5;

/** One observation while waiting. */
export interface WaitProgress {
  readonly status: string | undefined;
  readonly elapsedMs: number;
  readonly polls: number;
}

/** Clock and sleep, injectable so that tests run in virtual time. */
export interface WaitClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * The longest delay `setTimeout` honours: Node fires a longer one after 1 ms (with a
 * TimeoutOverflowWarning), so {@link sleep} waits longer delays out in steps of at most this.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Resolves after `ms` milliseconds, for any `ms` (negative or not finite: at once; above
 * {@link MAX_TIMER_MS}: in several timers, never in one that would overflow to 1 ms).
 */
export async function sleep(ms: number): Promise<void> {
  let left = Number.isFinite(ms) ? Math.max(0, ms) : 0;
  do {
    const step = Math.min(left, MAX_TIMER_MS);
    await new Promise((resolve) => setTimeout(resolve, step));
    left -= step;
  } while (left > 0);
}

const realClock: WaitClock = {
  now: () => Date.now(),
  sleep,
};

/**
 * The interval before poll number `poll + 1`, given the policy. Never below
 * {@link MIN_POLL_INTERVAL_MS}, whatever the policy says (validation refuses less; this keeps
 * programmatic callers from a tight loop too).
 */
export function pollIntervalMs(poll: number, policy: PollPolicy): number {
  const first = Math.max(MIN_POLL_INTERVAL_MS, policy.intervalMs ?? DEFAULT_POLL_INTERVAL_MS);
  const ceiling = Math.max(first, policy.maxIntervalMs ?? DEFAULT_MAX_POLL_INTERVAL_MS);
  return Math.min(first * BACKOFF_FACTOR ** (poll - 1), ceiling);
}

/**
 * Polls `fetch` until the snapshot (or restore job) is COMPLETED or FAILED and returns it. Throws a
 * {@link WaitTimeoutError} with the last status seen and the time waited when `timeoutMs`
 * runs out (after one last poll at the timeout).
 *
 * @param describe - names the snapshot in the timeout message.
 */
export async function waitForTerminalStatus<
  T extends {
    readonly status?: string | undefined;
    readonly id?: string | undefined;
    readonly snapshotId?: string | undefined;
  },
>(
  fetch: () => Promise<T>,
  policy: PollPolicy,
  describe: string,
  onProgress?: (progress: WaitProgress) => void,
  clock: WaitClock = realClock,
): Promise<T> {
  const started = clock.now();
  // Bounded here too, for callers that skip validation: a wait never polls for more than a day.
  const timeoutMs = Math.min(policy.timeoutMs, MAX_WAIT_TIMEOUT_MS);
  for (let polls = 1; ; polls++) {
    const found = await fetch();
    const elapsedMs = clock.now() - started;
    onProgress?.({ status: found.status, elapsedMs, polls });
    if (found.status !== undefined && TERMINAL_STATUSES.includes(found.status)) {
      return found;
    }
    const remaining = timeoutMs - elapsedMs;
    if (!(remaining > 0)) {
      throw new WaitTimeoutError(
        `timed out after ${formatDuration(elapsedMs)} waiting for ${describe} to complete: its last status was ${found.status ?? "(none)"} (${polls} polls)`,
        found.status,
        elapsedMs,
        // The ids only: a restore job's other fields include its secret `snapshotUrl`.
        { id: found.id, snapshotId: found.snapshotId },
      );
    }
    await clock.sleep(Math.min(pollIntervalMs(polls, policy), remaining));
  }
}
