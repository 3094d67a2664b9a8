/**
 * Errors of this package that a dynamic provider's method throws, shown by the engine once, as
 * one line, against the resource. (The `atlasflex` plugin serves its own gRPC server, which
 * prints nothing: it needs none of this.)
 *
 * Relies on (`@pulumi/pulumi` 3.248.0): what the host prints when a provider method throws. The
 * catch blocks of the dynamic-provider host (`cmd/dynamic-provider/index.js`, its main script)
 * run `console.error(`${e}: ${e.stack}`)`, which the engine shows as a diagnostic of the stack with
 * every stack frame, beside the same message it already shows against the resource. The
 * statement is looked for in that source before the print is dropped.
 *
 * When the check fails in the host (the source cannot be read, or no longer has
 * the statement), {@link forProviderHost} warns once and cuts the stack to its first line
 * instead: the host then prints the error a second time, as a one-line diagnostic of the stack.
 * Outside the host, errors are left alone and nothing warns.
 */
import * as fs from "node:fs";
import { FlexSnapshotError } from "../../atlas/errors";
import { warnFallback } from "./fallback";
import { inProviderHost } from "./hostProcess";

/** What the host prints for an error thrown by a provider method (see the module comment). */
const HOST_PRINT_STATEMENT = "console.error(`${e}: ${e.stack}`)";

/** What the host loses when its print cannot be dropped. */
const HOST_PRINT_LOST =
  "the host's own print of a lookup's error is not dropped: the error shows a second time, " +
  "as a diagnostic of the stack";

/** Lines the host is about to print for errors of ours, which the console filter drops once each. */
const quieted = new Map<string, number>();
/** At most this many lines wait to be dropped: the host prints each one right after the throw. */
const MAX_QUIETED = 64;
let hostFilter: boolean | undefined;

/**
 * The source file whose catch blocks print a provider method's error: the dynamic-provider
 * host's main script; `undefined` in any other process.
 */
function hostPrintSource(): string | undefined {
  return inProviderHost() ? require.resolve(process.argv[1]!) : undefined;
}

/**
 * Installs, once, a filter on `console.error` that drops the lines in {@link quieted} — only
 * in the provider host, and when the source that prints still prints errors the
 * way this relies on (warning once when it does not).
 */
function installHostFilter(): boolean {
  if (hostFilter !== undefined) return hostFilter;
  hostFilter = false;
  try {
    const file = hostPrintSource();
    if (file === undefined) return hostFilter;
    const source = fs.readFileSync(file, "utf8");
    if (!source.includes(HOST_PRINT_STATEMENT)) {
      warnFallback("forProviderHost", HOST_PRINT_LOST);
      return hostFilter;
    }
    const print = console.error.bind(console);
    console.error = (...args: unknown[]): void => {
      const line = args.length === 1 && typeof args[0] === "string" ? args[0] : undefined;
      const pending = line === undefined ? undefined : quieted.get(line);
      if (line !== undefined && pending !== undefined) {
        if (pending > 1) quieted.set(line, pending - 1);
        else quieted.delete(line);
        return;
      }
      print(...args);
    };
    hostFilter = true;
  } catch {
    hostFilter = false;
    // Only the host and the plugin look for a source: there, it could not be read.
    warnFallback("forProviderHost", HOST_PRINT_LOST);
  }
  return hostFilter;
}

/** Joins a message's lines into one: the engine shows each line of a message as its own line. */
export function oneLine(message: string): string {
  return message
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join(" ");
}

/**
 * Prepares an error a provider method is about to throw to the host, so that the engine shows it
 * once, as one line, against the resource: its message on one line, and the host's own print of
 * it (with the stack) dropped. Outside the host, and for errors that are not this
 * package's (a bug, whose stack is worth seeing), the error is returned untouched. Where the
 * host's print cannot be dropped, the stack is cut to its first line instead.
 *
 * @returns the same error object, for `throw`.
 */
export function forProviderHost(error: unknown): unknown {
  if (!(error instanceof FlexSnapshotError) || !inProviderHost()) return error;
  try {
    error.message = oneLine(error.message);
    if (installHostFilter() && quieted.size < MAX_QUIETED) {
      const line = `${String(error)}: ${error.stack}`;
      quieted.set(line, (quieted.get(line) ?? 0) + 1);
    } else {
      error.stack = String(error);
    }
  } catch {
    // A frozen or odd error: shown as the host shows it.
  }
  return error;
}
