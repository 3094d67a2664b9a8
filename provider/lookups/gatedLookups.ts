/**
 * The lookups, as the dynamic provider and the `flex-snapshot` command run them: one snapshot
 * by id, the most recent snapshot of a cluster, or all of them — each with the same gate and,
 * where it makes sense, the same wait.
 *
 * A lookup returns a {@link LookupVerdict} and throws nothing for an unmet gate: the dynamic
 * provider turns a failed verdict into a `GateError`, the CLI prints it and exits 1. It throws
 * what stops it from reaching a verdict (an Atlas error, a wait that timed out).
 *
 * Deadlines: a lookup without a wait is one deadline (`timeouts.deadlineMs`) for everything it
 * sends — every page, every retry, the token or challenge requests. With a wait, the wait has
 * its own overall timeout and each poll is one lookup with its own deadline.
 */
import type { AtlasClient } from "../atlas/client";
import { formatDuration } from "./duration";
import {
  describeRestoreJob,
  describeSnapshot,
  formatRestoreShortfalls,
  formatShortfalls,
  gateShortfalls,
  restoreGateShortfalls,
  type RestoreJobLocator,
  type SnapshotLocator,
} from "./gate";
import type { FlexBackupRestoreJob, FlexBackupSnapshot } from "../atlas/schema";
import {
  RESTORE_JOB_STATUSES,
  statusWarnings,
  type Gate,
  type LatestArgs,
  type LatestRestoreJobArgs,
  type LookupArgs,
  type RestoreGate,
  type RestoreJobLookupArgs,
  type WaitArgs,
} from "./validation";
import { waitForTerminalStatus, type WaitClock, type WaitProgress } from "./wait";

/** What every verdict tells: each shortfall of the gate, and the warnings. */
interface VerdictBase {
  /** Each way the snapshot falls short of the gate; empty when it meets it. */
  readonly shortfalls: readonly string[];
  /** What the user should be told, such as a status Atlas has not been seen to return. */
  readonly warnings: readonly string[];
}

/**
 * A lookup that passes: the gate is met, or a preview that does not enforce it only warns (its
 * shortfalls are then listed, and a warning says so).
 */
interface PassedVerdict extends VerdictBase {
  readonly snapshot: FlexBackupSnapshot;
  readonly failure: undefined;
}

/**
 * A lookup that fails: the gate is enforced and not met, or a latest lookup found no snapshot.
 *
 * @typeParam Found - `FlexBackupSnapshot`, or `undefined` too for a latest lookup.
 */
interface FailedVerdict<
  Found extends FlexBackupSnapshot | undefined = FlexBackupSnapshot,
> extends VerdictBase {
  /** The snapshot the gate was applied to; `undefined` when a latest lookup found none. */
  readonly snapshot: Found;
  /** Why, as one message: the snapshot and each shortfall, or that there is no snapshot. */
  readonly failure: string;
}

/**
 * What a lookup found and what the gate says of it. The dynamic provider turns a failed verdict
 * into a `GateError`; the CLI prints it and exits 1.
 */
type LookupVerdict<Found extends FlexBackupSnapshot | undefined = FlexBackupSnapshot> =
  PassedVerdict | FailedVerdict<Found>;

/** One poll of a wait, as the hooks see it: the wait's progress and what it waits for. */
type LookupProgress = WaitProgress & { readonly describe: string };

/**
 * A poll as one line, the same in every front door (the engine's log, the CLI's stderr):
 * `waiting for <what>: <status> after <elapsed> (poll <n>)`.
 */
export function progressLine(progress: LookupProgress): string {
  return `waiting for ${progress.describe}: ${progress.status ?? "(no status)"} after ${formatDuration(progress.elapsedMs)} (poll ${progress.polls})`;
}

/** Hooks of a lookup. */
export interface LookupHooks {
  /** Called after each poll while waiting. */
  readonly onProgress?: (progress: LookupProgress) => void;
  /** The clock for the freshness gate and the wait; injectable for tests. */
  readonly clock?: WaitClock;
}

/**
 * Whether this run waits and enforces the gate. `pulumi preview` reports the current status
 * without waiting (a warning says the gate is not met yet) unless the wait asks preview to
 * enforce too; everything else always does.
 */
function mode(
  wait: WaitArgs | undefined,
  preview: boolean | undefined,
): { wait: boolean; enforce: boolean } {
  const lenientPreview = preview === true && wait !== undefined && wait.enforceInPreview !== true;
  return { wait: wait !== undefined && !lenientPreview, enforce: !lenientPreview };
}

/**
 * With a wait, a snapshot or restore job that ends FAILED fails: the gate's status defaults to
 * COMPLETED.
 */
function effectiveGate<G extends { readonly status?: string[] | undefined }>(
  gate: G | undefined,
  wait: WaitArgs | undefined,
): G | undefined {
  return wait !== undefined && gate?.status === undefined
    ? ({ ...gate, status: ["COMPLETED"] } as G)
    : gate;
}

/** What one kind brings to {@link decide}: how to name it, and its gate. */
interface KindOfLookup<T, G> {
  /** Names the looked-up thing in progress and timeout messages. */
  readonly describe: string;
  /** Each way `found` falls short of `gate`, as of `now`. */
  readonly shortfalls: (found: T, gate: G | undefined, now: number) => string[];
  /** The shortfalls as one message. */
  readonly format: (found: T, reasons: readonly string[]) => string;
}

/** A verdict on any kind, before it is named: what {@link decide} returns. */
interface Decision<T> extends VerdictBase {
  readonly found: T;
  readonly failure: string | undefined;
}

/**
 * The one path of every lookup of one thing: fetch it (or wait for it, polling `fetch`), apply
 * the gate, and decide whether the verdict fails, passes, or passes with a warning in a lenient
 * preview.
 */
async function decide<
  T extends {
    readonly status?: string | undefined;
    readonly id?: string | undefined;
    readonly snapshotId?: string | undefined;
  },
  G extends { readonly status?: string[] | undefined },
>(
  kind: KindOfLookup<T, G>,
  fetch: () => Promise<T>,
  args: { require?: G; wait?: WaitArgs; preview?: boolean },
  notes: string[],
  hooks: LookupHooks,
): Promise<Decision<T>> {
  const { wait, enforce } = mode(args.wait, args.preview);
  const { describe } = kind;
  const found =
    wait && args.wait
      ? await waitForTerminalStatus(
          fetch,
          { timeoutMs: args.wait.timeout, intervalMs: args.wait.interval },
          describe,
          (progress) => hooks.onProgress?.({ ...progress, describe }),
          hooks.clock,
        )
      : await fetch();
  const gate = effectiveGate(args.require, args.wait);
  const reasons = kind.shortfalls(found, gate, hooks.clock?.now() ?? Date.now());
  if (reasons.length === 0) {
    return { found, shortfalls: [], failure: undefined, warnings: notes };
  }
  const message = kind.format(found, reasons);
  if (enforce) {
    return { found, shortfalls: reasons, failure: message, warnings: notes };
  }
  const until = args.wait
    ? ` \`pulumi up\` will wait up to ${formatDuration(args.wait.timeout)} for it.`
    : "";
  return {
    found,
    shortfalls: reasons,
    failure: undefined,
    warnings: [...notes, `the gate is not met yet: ${message}.${until}`],
  };
}

async function finish(
  locator: SnapshotLocator,
  fetch: () => Promise<FlexBackupSnapshot>,
  args: { status?: string[]; require?: Gate; wait?: WaitArgs; preview?: boolean },
  hooks: LookupHooks,
): Promise<LookupVerdict> {
  const { found, ...verdict } = await decide<FlexBackupSnapshot, Gate>(
    {
      describe: describeSnapshot(locator, locator.snapshotId),
      shortfalls: gateShortfalls,
      format: (snapshot, reasons) => formatShortfalls(locator, snapshot, reasons),
    },
    fetch,
    args,
    statusWarnings(args),
    hooks,
  );
  return { snapshot: found, ...verdict } as LookupVerdict;
}

/** Looks up one snapshot by id, waits if asked, and applies the gate. */
export async function lookupSnapshot(
  client: AtlasClient,
  args: LookupArgs,
  hooks: LookupHooks = {},
): Promise<LookupVerdict> {
  // Each call (the lookup, or each poll of a wait) is one lookup with its own deadline.
  return finish(
    args,
    () => client.getFlexSnapshot(args, { deadline: client.startDeadline() }),
    args,
    hooks,
  );
}

/**
 * The most recent of `records`, each dated by the first of its `times` that is set (ISO 8601);
 * one with none comes last. The one ordering of both latest lookups.
 */
function mostRecent<T>(
  records: readonly T[],
  times: (record: T) => readonly (string | undefined)[],
): T | undefined {
  const recency = (record: T): number => {
    for (const time of times(record)) if (time !== undefined) return Date.parse(time);
    return Number.NEGATIVE_INFINITY;
  };
  return [...records].sort((a, b) => recency(b) - recency(a))[0];
}

/**
 * The most recent of `snapshots` (by `scheduledTime`, then `startTime`, then `finishTime`), among
 * those with one of `statuses` when given.
 */
export function pickLatest(
  snapshots: readonly FlexBackupSnapshot[],
  statuses?: readonly string[],
): FlexBackupSnapshot | undefined {
  const candidates = statuses
    ? snapshots.filter((s) => s.status !== undefined && statuses.includes(s.status))
    : snapshots;
  return mostRecent(candidates, (s) => [s.scheduledTime, s.startTime, s.finishTime]);
}

/**
 * A fetch whose first call returns `listed` (a latest lookup's first "poll" is the listing
 * itself) and whose later ones `read` the record by id (the client checks the id, which came from
 * Atlas, before it goes into a request path).
 */
function listedFirst<T>(listed: T, read: () => Promise<T>): () => Promise<T> {
  let first = true;
  return async () => {
    if (!first) return read();
    first = false;
    return listed;
  };
}

/**
 * Finds the most recent snapshot of a cluster (optionally only among a status), waits if asked,
 * and applies the gate. Finding none is a failed verdict with no snapshot.
 */
export async function lookupLatestSnapshot(
  client: AtlasClient,
  args: LatestArgs,
  hooks: LookupHooks = {},
): Promise<LookupVerdict<FlexBackupSnapshot | undefined>> {
  // Every page of the listing shares one deadline: it is one lookup however many pages it reads.
  const snapshots = await client.listAllFlexSnapshots(args, { deadline: client.startDeadline() });
  const latest = pickLatest(snapshots, args.status);
  if (latest?.id === undefined) {
    const among = args.status ? ` with status ${args.status.join(" or ")}` : "";
    return {
      snapshot: undefined,
      shortfalls: [],
      failure: `flex cluster "${args.name}" in project ${args.projectId} has no snapshot${among} (${snapshots.length} snapshot(s) in all)`,
      warnings: statusWarnings(args),
    };
  }
  const locator = { projectId: args.projectId, name: args.name, snapshotId: latest.id };
  const fetch = listedFirst(latest, () =>
    client.getFlexSnapshot(locator, { deadline: client.startDeadline() }),
  );
  return finish(locator, fetch, args, hooks);
}

/**
 * What a restore job lookup found and what the restore gate says of it: the same verdict as a
 * snapshot lookup's ({@link LookupVerdict}), with the job under `restoreJob`. A failed verdict
 * is an unmet gate (a FAILED job, another snapshot or target than required); the dynamic
 * provider turns it into a `GateError`, the CLI prints it and exits 1.
 */
type RestoreJobVerdict<Found extends FlexBackupRestoreJob | undefined = FlexBackupRestoreJob> =
  | (VerdictBase & { readonly restoreJob: FlexBackupRestoreJob; readonly failure: undefined })
  | (VerdictBase & { readonly restoreJob: Found; readonly failure: string });

/** Fetches a restore job (or waits for it, polling `fetch`) and applies the restore gate. */
async function finishRestoreJob(
  locator: RestoreJobLocator,
  fetch: () => Promise<FlexBackupRestoreJob>,
  args: { require?: RestoreGate; wait?: WaitArgs; preview?: boolean },
  hooks: LookupHooks,
): Promise<RestoreJobVerdict> {
  const { found, ...verdict } = await decide<FlexBackupRestoreJob, RestoreGate>(
    {
      describe: describeRestoreJob(locator, locator.restoreJobId),
      shortfalls: (job, gate) => restoreGateShortfalls(job, gate),
      format: (job, reasons) => formatRestoreShortfalls(locator, job, reasons),
    },
    fetch,
    args,
    statusWarnings(args, RESTORE_JOB_STATUSES),
    hooks,
  );
  return { restoreJob: found, ...verdict } as RestoreJobVerdict;
}

/**
 * Looks up one restore job by id, waits if asked until it is COMPLETED or FAILED (a job that
 * ends FAILED fails the default gate at once), and applies the restore gate. Messages name the
 * job by its id and cluster, never by its `snapshotUrl`.
 */
export async function lookupRestoreJob(
  client: AtlasClient,
  args: RestoreJobLookupArgs,
  hooks: LookupHooks = {},
): Promise<RestoreJobVerdict> {
  // Each call (the lookup, or each poll of a wait) is one lookup with its own deadline.
  return finishRestoreJob(
    args,
    () => client.getFlexRestoreJob(args, { deadline: client.startDeadline() }),
    args,
    hooks,
  );
}

/**
 * The most recent of `restoreJobs`, among those of `snapshotId` when given. Jobs are dated by
 * `restoreScheduledDate`, then `restoreFinishedDate`: the spec gives a job no creation time, and
 * `restoreScheduledDate` is the time of the job itself that Atlas sets from the start (a PENDING
 * job has it), whereas `restoreFinishedDate` comes only when the job ends (ordering by it would
 * pass over a newer job still running), `snapshotFinishedDate` dates the snapshot (every job of
 * one snapshot shares it), and `expirationDate` only a DOWNLOAD job's link.
 */
export function pickLatestRestoreJob(
  restoreJobs: readonly FlexBackupRestoreJob[],
  snapshotId?: string,
): FlexBackupRestoreJob | undefined {
  const candidates =
    snapshotId === undefined
      ? restoreJobs
      : restoreJobs.filter((job) => job.snapshotId === snapshotId);
  return mostRecent(candidates, (job) => [job.restoreScheduledDate, job.restoreFinishedDate]);
}

/**
 * Finds the most recent restore job of a cluster (optionally only among those of one snapshot),
 * waits if asked, and applies the restore gate, as {@link lookupRestoreJob} does for a job by id.
 * Finding none is a failed verdict with no restore job.
 */
export async function lookupLatestRestoreJob(
  client: AtlasClient,
  args: LatestRestoreJobArgs,
  hooks: LookupHooks = {},
): Promise<RestoreJobVerdict<FlexBackupRestoreJob | undefined>> {
  // Every page of the listing shares one deadline: it is one lookup however many pages it reads.
  const restoreJobs = await client.listAllFlexRestoreJobs(args, {
    deadline: client.startDeadline(),
  });
  const latest = pickLatestRestoreJob(restoreJobs, args.snapshotId);
  if (latest?.id === undefined) {
    const of = args.snapshotId === undefined ? "" : ` of snapshot ${args.snapshotId}`;
    return {
      restoreJob: undefined,
      shortfalls: [],
      failure: `flex cluster "${args.name}" in project ${args.projectId} has no restore job${of} (${restoreJobs.length} restore job(s) in all)`,
      warnings: statusWarnings(args, RESTORE_JOB_STATUSES),
    };
  }
  const locator = { projectId: args.projectId, name: args.name, restoreJobId: latest.id };
  const fetch = listedFirst(latest, () =>
    client.getFlexRestoreJob(locator, { deadline: client.startDeadline() }),
  );
  return finishRestoreJob(locator, fetch, args, hooks);
}
