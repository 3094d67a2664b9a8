/**
 * What a program sees of a lookup's outputs beyond `Output`'s declared type: a failure.
 *
 * Relies on (`@pulumi/pulumi` 3.248.0):
 * - `output.js`, `OutputImpl`'s constructor: `this.isKnown` and `this.isSecret` are Promises,
 *   and `this.promise = (withUnknowns) => …` gives the value; a failed read rejects all three,
 *   while `apply` just never runs. They are the only way to see that an output failed, and to
 *   keep the failure from also surfacing as unhandled rejections.
 * - `runtime/resource.js`, `readResource`: the text Pulumi puts before a failed read's message,
 *   `failed to read resource #${resolvedID} '${name}' [${t}]: ${rpcError.message}`.
 *
 * When the check fails:
 * - {@link quietOutput}, given an output without the `isKnown` and `isSecret` Promises, warns
 *   once: if they are elsewhere, a failed lookup's unread outputs each raise an unhandled
 *   rejection;
 * - {@link settle}, given an output without `promise()` or the `isKnown` Promise, warns once and
 *   falls back to `apply`: a failed lookup's Promise then never settles, instead of rejecting.
 *
 * Not checked: {@link readFailureMessage}. A message without Pulumi's prefix is returned whole,
 * which hides nothing (the provider's message is in it); and a message may lack the prefix for
 * reasons other than Pulumi's version (an error that is not a failed read), so it never warns.
 */
import type * as pulumi from "@pulumi/pulumi";
import { warnFallback } from "./fallback";

/** The parts of an `Output` that are not in its declared type. */
interface OutputInternals<T> {
  promise?: unknown;
  isKnown?: unknown;
  apply(func: (value: T) => unknown): unknown;
}

/** The promises an output keeps beside its value, which {@link quietOutput} marks as handled. */
const SIDE_PROMISES = ["isKnown", "isSecret"] as const;

/** What a program loses when an output's side promises are not where they are looked for. */
const QUIET_OUTPUT_LOST =
  "the unread outputs of a failed lookup may each raise an unhandled rejection";

/** What a program loses without `Output#promise()`. */
const SETTLE_LOST =
  "the Promise of a lookup (getFlexSnapshot and the like) never settles when the lookup fails, " +
  "instead of rejecting";

/**
 * Marks the promises an output keeps beside its value (`isKnown`, `isSecret`) as handled, so
 * that when a lookup fails, each of its outputs that nobody reads does not also raise an
 * unhandled rejection (under `pulumi.runtime.setMocks`, one per output and per test; under the
 * engine the failure is reported against the resource instead). Whoever reads the output still
 * sees the failure. Does nothing to an output without them.
 *
 * @returns the same output.
 */
export function quietOutput<O>(output: O): O {
  const internals = output as unknown as Record<string, unknown>;
  let missing = false;
  for (const key of SIDE_PROMISES) {
    const promise = internals[key];
    if (promise instanceof Promise) promise.catch(() => undefined);
    else missing = true;
  }
  if (missing) warnFallback("quietOutput", QUIET_OUTPUT_LOST);
  return output;
}

/**
 * A Promise of an output's value that rejects when the output failed (a failed read) and
 * resolves once the value is known; while it is unknown (in preview, before its inputs are
 * known) it stays pending, as `apply` would. Without `Output#promise()`, falls back to `apply`,
 * which never sees a failure.
 *
 * @param failure - turns the output's error into the error to reject with.
 */
export function settle<T>(
  output: pulumi.Output<T>,
  failure: (error: unknown) => unknown,
): Promise<T> {
  const internals = output as unknown as OutputInternals<T>;
  if (typeof internals.promise !== "function" || !(internals.isKnown instanceof Promise)) {
    warnFallback("settle", SETTLE_LOST);
    return new Promise((resolve) => {
      internals.apply((value) => {
        resolve(value);
        return value;
      });
    });
  }
  const value = (internals.promise as () => Promise<T>).call(output);
  const known = internals.isKnown as Promise<boolean>;
  return Promise.all([known, value]).then(
    ([isKnown, resolved]) => (isKnown ? resolved : new Promise<T>(() => {})),
    (error: unknown) => {
      throw failure(error);
    },
  );
}

/**
 * The provider's own message in the error a failed read gives the program: Pulumi puts
 * `failed to read resource #<id> '<name>' [<type>]: ` before it (and gRPC may put its status,
 * e.g. `2 UNKNOWN: `). Returns the whole message when it does not have that shape.
 */
export function readFailureMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const match = /^failed to read resource #[^\n]*? '[^'\n]*' \[[^\]\n]*\]: (?:\d+ [A-Z_]+: )?/.exec(
    message,
  );
  return match ? message.slice(match[0].length) : message;
}
