/**
 * The exit codes of `flex-snapshot`: one per outcome a pipeline step may want to branch on.
 * This table is the one source: the help text prints it and {@link exitCodeFor} maps errors
 * onto it.
 */
import { ConfigurationError, ValidationError } from "../provider/atlas/errors";
import { GateError, WaitTimeoutError } from "../provider/lookups/errors";
import { UsageError } from "./usageError";

/**
 * The exit codes of `flex-snapshot`.
 *
 * @example
 * ```ts
 * if (code === EXIT_CODES.GATE_NOT_MET) { … }
 * ```
 */
export const EXIT_CODES = Object.freeze({
  /** The gate is met (without a gate: the lookup succeeded). */
  OK: 0,
  /**
   * The gate is not met: wrong status, FAILED, too old, expiring too soon, no snapshot, or a
   * restore job of another snapshot or into another target.
   */
  GATE_NOT_MET: 1,
  /** Waiting for the snapshot or restore job to finish ran out of time. */
  WAIT_TIMED_OUT: 2,
  /** The command line or an input is wrong, or the credentials are missing or incomplete. */
  USAGE: 3,
  /** Atlas answered with an error, did not answer at all, or answered something unexpected. */
  ATLAS: 4,
} as const);

/** One of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** What each exit code means, in the words the help prints. */
export const EXIT_CODE_MEANINGS: readonly (readonly [ExitCode, string])[] = Object.freeze([
  [EXIT_CODES.OK, "gate met (with no gate flags: the lookup succeeded)"],
  [
    EXIT_CODES.GATE_NOT_MET,
    "gate not met: wrong status (FAILED, still RUNNING, ...), too old, expiring too soon,\nno snapshot found, or a restore job of another snapshot or into another target",
  ],
  [EXIT_CODES.WAIT_TIMED_OUT, "timed out waiting for the snapshot or restore job to finish"],
  [
    EXIT_CODES.USAGE,
    "usage or input error: unknown or missing flags, invalid values,\nmissing or incomplete credentials",
  ],
  [
    EXIT_CODES.ATLAS,
    "Atlas or network error: an HTTP error status (after retries), no connection,\nan unexpected response",
  ],
]);

/**
 * The exit code for an error that ended a command. Anything not recognised counts as an Atlas or
 * network error, so that an unexpected failure never passes for a gate verdict or a usage error.
 */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof GateError) return EXIT_CODES.GATE_NOT_MET;
  if (error instanceof WaitTimeoutError) return EXIT_CODES.WAIT_TIMED_OUT;
  if (
    error instanceof UsageError ||
    error instanceof ValidationError ||
    error instanceof ConfigurationError
  ) {
    return EXIT_CODES.USAGE;
  }
  return EXIT_CODES.ATLAS;
}
