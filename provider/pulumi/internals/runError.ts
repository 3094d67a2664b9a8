/**
 * This package's errors thrown into a user's program, printed as Pulumi prints a `RunError`.
 *
 * Relies on (`@pulumi/pulumi` 3.248.0):
 * - `errors.js`: `RunError.isInstance(obj)` is `utils.isInstance(obj, "__pulumiRunError")`, true
 *   for any object with that property;
 * - `cmd/run/run.js`: the program's uncaught-error handler prints a `RunError` as its message
 *   alone, any other error as a coloured stack trace.
 *
 * The marker is checked with Pulumi's own `RunError.isInstance`. When the check fails (it does
 * not recognise the marker, or there is no `RunError.isInstance`), {@link asRunError} removes the
 * marker and warns once: the package's errors then print with a stack trace, as any error does.
 * It runs only in a Pulumi program (which has `@pulumi/pulumi` loaded); an error it cannot mark
 * (a frozen one) is no fallback and does not warn.
 */
import type * as pulumi from "@pulumi/pulumi";
import { FlexSnapshotError } from "../../atlas/errors";
import { warnFallback } from "./fallback";

/** The property Pulumi's `RunError.isInstance` looks for (`errors.js`). */
const RUN_ERROR_MARKER = "__pulumiRunError";

/** What a program loses when Pulumi does not recognise the marker. */
const RUN_ERROR_LOST =
  "an uncaught error of a lookup prints with its stack trace, not as its message alone";

/**
 * Marks an error thrown into the user's program so that Pulumi prints it as it prints a
 * `RunError` — the message alone, without a stack trace — while it keeps its own class. The
 * marker is checked with Pulumi's own `RunError.isInstance`, and removed if that does not
 * recognise it (the error then prints as any error does).
 *
 * @returns the same error object, for `throw`.
 */
export function asRunError<E>(error: E): E {
  if (!(error instanceof FlexSnapshotError)) return error;
  try {
    Object.defineProperty(error, RUN_ERROR_MARKER, { value: true, configurable: true });
  } catch {
    // A frozen error: it prints as any error does.
    return error;
  }
  let recognised = false;
  try {
    // Loaded here, not at the top: only a Pulumi program, which has it loaded, gets this far.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { RunError } = require("@pulumi/pulumi") as typeof pulumi;
    recognised = RunError.isInstance(error);
  } catch {
    // No @pulumi/pulumi, or no RunError.isInstance.
  }
  if (!recognised) {
    try {
      delete (error as Record<string, unknown>)[RUN_ERROR_MARKER];
    } catch {
      // Configurable, so deletable; nothing else to do.
    }
    warnFallback("asRunError", RUN_ERROR_LOST);
  }
  return error;
}
