/**
 * The error of a command line that cannot be run as written: an unknown command or flag, a
 * missing required flag, flags that do not go together.
 */

/**
 * A command line that `flex-snapshot` cannot run as written. Its message says what is wrong
 * and, where it can, which `--help` to read.
 */
export class UsageError extends Error {
  override name = "UsageError";
}
