/**
 * The lookups, as the dynamic provider and the `flex-snapshot` command run them: one snapshot
 * by id, the most recent snapshot of a cluster, or all of them — each with the same gate and,
 * where it makes sense, the same wait.
 *
 * Deadlines: a lookup without a wait is one deadline (`timeouts.deadlineMs`) for everything it
 * sends — every page, every retry, the token or challenge requests. With a wait, the wait has
 * its own overall timeout and each poll is one lookup with its own deadline.
 */
import type { AtlasClient } from "./client";
import { formatDuration } from "./duration";
import { GateError } from "./errors";
import { describeSnapshot, formatShortfalls, gateShortfalls, type SnapshotLocator } from "./gate";
import type { FlexBackupSnapshot } from "./schema";
import {
  statusWarnings,
  type Gate,
  type LatestArgs,
  type LookupArgs,
  type WaitArgs,
} from "./validation";
import { waitForTerminalStatus, type WaitClock, type WaitProgress } from "./wait";

/** What a lookup found, and what the user should be told about it. */
export interface LookupOutcome {
  readonly snapshot: FlexBackupSnapshot;
  readonly warnings: readonly string[];
}

/** Hooks of a lookup. */
export interface LookupHooks {
  /** Called after each poll while waiting. */
  readonly onProgress?: (progress: WaitProgress & { readonly describe: string }) => void;
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

/** With a wait, a snapshot that ends FAILED fails: the gate's status defaults to COMPLETED. */
function effectiveGate(gate: Gate | undefined, wait: WaitArgs | undefined): Gate | undefined {
  return wait !== undefined && gate?.status === undefined
    ? { ...gate, status: ["COMPLETED"] }
    : gate;
}

async function finish(
  locator: SnapshotLocator,
  fetch: () => Promise<FlexBackupSnapshot>,
  args: { status?: string[]; require?: Gate; wait?: WaitArgs; preview?: boolean },
  hooks: LookupHooks,
): Promise<LookupOutcome> {
  const notes = statusWarnings(args);
  const { wait, enforce } = mode(args.wait, args.preview);
  const describe = describeSnapshot(locator, locator.snapshotId);
  const snapshot =
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
  const reasons = gateShortfalls(snapshot, gate, hooks.clock?.now() ?? Date.now());
  if (reasons.length === 0) {
    return { snapshot, warnings: notes };
  }
  const message = formatShortfalls(locator, snapshot, reasons);
  if (enforce) {
    throw new GateError(message, snapshot, reasons, notes);
  }
  const until = args.wait
    ? ` \`pulumi up\` will wait up to ${formatDuration(args.wait.timeout)} for it.`
    : "";
  return { snapshot, warnings: [...notes, `the gate is not met yet: ${message}.${until}`] };
}

/** Looks up one snapshot by id, waits if asked, and applies the gate. */
export async function lookupSnapshot(
  client: AtlasClient,
  args: LookupArgs,
  hooks: LookupHooks = {},
): Promise<LookupOutcome> {
  // Each call (the lookup, or each poll of a wait) is one lookup with its own deadline.
  return finish(
    args,
    () => client.getFlexSnapshot(args, { deadline: client.startDeadline() }),
    args,
    hooks,
  );
}

/** Orders snapshots most recent first: by `scheduledTime`, then `startTime`, then `finishTime`. */
function recency(snapshot: FlexBackupSnapshot): number {
  for (const time of [snapshot.scheduledTime, snapshot.startTime, snapshot.finishTime]) {
    if (time !== undefined) return Date.parse(time);
  }
  return Number.NEGATIVE_INFINITY;
}

/** The most recent of `snapshots`, among those with one of `statuses` when given. */
export function pickLatest(
  snapshots: readonly FlexBackupSnapshot[],
  statuses?: readonly string[],
): FlexBackupSnapshot | undefined {
  const candidates = statuses
    ? snapshots.filter((s) => s.status !== undefined && statuses.includes(s.status))
    : [...snapshots];
  return candidates.sort((a, b) => recency(b) - recency(a))[0];
}

/** Finds the most recent snapshot of a cluster (optionally only among a status), waits if asked, and applies the gate. */
export async function lookupLatestSnapshot(
  client: AtlasClient,
  args: LatestArgs,
  hooks: LookupHooks = {},
): Promise<LookupOutcome> {
  // Every page of the listing shares one deadline: it is one lookup however many pages it reads.
  const snapshots = await client.listAllFlexSnapshots(args, { deadline: client.startDeadline() });
  const latest = pickLatest(snapshots, args.status);
  if (latest?.id === undefined) {
    const among = args.status ? ` with status ${args.status.join(" or ")}` : "";
    throw new GateError(
      `flex cluster "${args.name}" in project ${args.projectId} has no snapshot${among} (${snapshots.length} snapshot(s) in all)`,
      undefined,
      [],
      statusWarnings(args),
    );
  }
  const locator = { projectId: args.projectId, name: args.name, snapshotId: latest.id };
  let first = true;
  const fetch = async (): Promise<FlexBackupSnapshot> => {
    // The first "poll" is the listing itself; later ones read the snapshot by id.
    if (first) {
      first = false;
      return latest;
    }
    return client.getFlexSnapshot(locator, { deadline: client.startDeadline() });
  };
  return finish(locator, fetch, args, hooks);
}
