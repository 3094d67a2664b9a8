/**
 * The one place that relies on Pulumi behaviour beyond its documented API. Each reach checks
 * what it relies on first and, when that is not there (another version of `@pulumi/pulumi`, or
 * not in the process it expects), falls back to plain behaviour; none of them ever throws.
 *
 * - the dynamic-provider host: which process it is, and the engine's address it was given
 *   (`cmd/dynamic-provider/index.js`, `main(args)`);
 * - the engine's `Log` RPC, through the gRPC client and protobuf types that `@pulumi/pulumi`
 *   ships (`proto/engine_grpc_pb`, `proto/engine_pb`), for progress messages;
 * - what the host prints when a provider method throws: its catch blocks run
 *   `console.error(`${e}: ${e.stack}`)`, which the engine shows as a diagnostic of the stack with
 *   every stack frame, beside the same message it already shows against the resource;
 * - the `RunError` marker (`__pulumiRunError`): the program's uncaught-error handler
 *   (`cmd/run/run.js`) prints a `RunError` as its message alone, any other error as a coloured
 *   stack trace;
 * - the engine's display hides properties whose key starts with `__`
 *   (`resource.IsInternalPropertyKey` in its Go SDK), which {@link PREVIEW_KEY} relies on;
 * - `Output#promise()`, `Output#isKnown` and `Output#isSecret`: the only way to see that an output
 *   failed (a failed read rejects them; `apply` just never runs), and to keep the failure from
 *   also surfacing as unhandled rejections; and the text Pulumi puts before a failed read's
 *   message (`runtime/resource.js`, `readResource`).
 *
 * Nothing here imports `@pulumi/pulumi` at load time: the CLI and the client use this package
 * without it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { FlexSnapshotError } from "./errors";

/**
 * The input under which the SDK tells the provider whether the lookup runs in `pulumi preview`.
 * It changes between every preview and up, so under any other key `pulumi preview --diff` after
 * an `up` would show `~ preview: false => true` on every lookup; the engine never shows keys
 * starting with `__`. Nothing to check: if a future engine showed it, only the diff would be
 * noisier again.
 */
export const PREVIEW_KEY = "__preview";

/** What the host prints for an error thrown by a provider method (see the module comment). */
const HOST_PRINT_STATEMENT = "console.error(`${e}: ${e.stack}`)";

/**
 * Whether this process is Pulumi's Node.js dynamic-provider host, judged by its main script:
 * `pulumi-resource-pulumi-nodejs` runs `node …/@pulumi/pulumi/cmd/dynamic-provider/index.js <engine>`.
 */
export function inProviderHost(mainFile: string | undefined = process.argv[1]): boolean {
  return /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]dynamic-provider(?:[\\/]index\.js)?$/.test(
    mainFile ?? "",
  );
}

/**
 * Sends one info message to the engine, against the resource `urn` (or the stack when it is
 * `""`), and calls `done` with the RPC's error (`null` when the engine took it) within
 * `deadline` (a time from `Date.now()`).
 */
export type EngineInfoLog = (
  message: string,
  urn: string,
  deadline: number,
  done: (error: unknown) => void,
) => void;

/** The parts of `@pulumi/pulumi`'s generated `engine_pb` that {@link engineInfoLog} uses. */
interface EngineProto {
  LogRequest: new () => Record<string, (value: unknown) => void>;
  LogSeverity: { INFO: number };
}

/** The parts of `@pulumi/pulumi`'s generated `engine_grpc_pb` that {@link engineInfoLog} uses. */
interface EngineGrpc {
  EngineClient: new (
    address: string,
    credentials: unknown,
  ) => {
    log(request: unknown, options: { deadline: number }, callback: (error: unknown) => void): void;
  };
}

/** The `LogRequest` setters {@link engineInfoLog} calls. */
const LOG_REQUEST_SETTERS = ["setSeverity", "setMessage", "setUrn", "setEphemeral"] as const;

let engineLog: EngineInfoLog | null | undefined;

/**
 * The engine's `Log` RPC as one function, or `null` outside the provider host or when
 * `@pulumi/pulumi` does not ship what it needs (each part is checked before it is used, once
 * per process). Pulumi's `log` module does not reach the engine from a dynamic provider: the
 * host never connects it (it only knows the engine's address, its first argument).
 */
export function engineInfoLog(): EngineInfoLog | null {
  if (engineLog !== undefined) return engineLog;
  engineLog = null;
  const address = process.argv[2];
  if (!inProviderHost() || !address || !/^[\w.[\]:-]+:\d+$/.test(address)) return engineLog;
  try {
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const load = (id: string): Record<string, unknown> =>
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(require.resolve(id, { paths: [pulumiDir] })) as Record<string, unknown>;
    const grpc = load("@grpc/grpc-js") as { credentials?: { createInsecure?: unknown } };
    const engineGrpc = load(path.join(pulumiDir, "proto", "engine_grpc_pb")) as Partial<EngineGrpc>;
    const engineProto = load(path.join(pulumiDir, "proto", "engine_pb")) as Partial<EngineProto>;
    const { EngineClient } = engineGrpc;
    const { LogRequest, LogSeverity } = engineProto;
    const prototype = LogRequest?.prototype as Record<string, unknown> | undefined;
    if (
      typeof grpc.credentials?.createInsecure !== "function" ||
      typeof EngineClient?.prototype?.log !== "function" ||
      !LogRequest ||
      !LOG_REQUEST_SETTERS.every((setter) => typeof prototype?.[setter] === "function") ||
      typeof LogSeverity?.INFO !== "number"
    ) {
      return engineLog;
    }
    const client = new EngineClient(address, grpc.credentials.createInsecure());
    const info = LogSeverity.INFO;
    engineLog = (message, urn, deadline, done) => {
      const request = new LogRequest();
      request["setSeverity"]!(info);
      request["setMessage"]!(message);
      request["setUrn"]!(urn);
      request["setEphemeral"]!(false);
      client.log(request, { deadline }, done);
    };
  } catch {
    engineLog = null;
  }
  return engineLog;
}

/** Lines the host is about to print for errors of ours, which the console filter drops once each. */
const quieted = new Map<string, number>();
/** At most this many lines wait to be dropped: the host prints each one right after the throw. */
const MAX_QUIETED = 64;
let hostFilter: boolean | undefined;

/**
 * Installs, once, a filter on `console.error` that drops the lines in {@link quieted} — only
 * when this is the provider host and its source still prints errors the way this relies on.
 */
function installHostFilter(): boolean {
  if (hostFilter !== undefined) return hostFilter;
  hostFilter = false;
  try {
    if (!inProviderHost()) return hostFilter;
    const source = fs.readFileSync(require.resolve(process.argv[1]!), "utf8");
    if (!source.includes(HOST_PRINT_STATEMENT)) return hostFilter;
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
 * Prepares an error a provider method is about to throw to the host, so that the engine shows
 * it once, as one line, against the resource: its message on one line, and the host's own
 * print of it (with the stack) dropped. Outside the host, and for errors that are not this
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

/** The property Pulumi's `RunError.isInstance` looks for (`errors.js`). */
const RUN_ERROR_MARKER = "__pulumiRunError";

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
    // Loaded here, not at the top: only a Pulumi program, which has it loaded, gets this far.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { RunError } = require("@pulumi/pulumi") as typeof pulumi;
    if (!RunError.isInstance(error)) {
      delete (error as Record<string, unknown>)[RUN_ERROR_MARKER];
    }
  } catch {
    // No @pulumi/pulumi, or a frozen error: it prints as any error does.
  }
  return error;
}

/** The parts of an `Output` that are not in its declared type. */
interface OutputInternals<T> {
  promise?: unknown;
  isKnown?: unknown;
  apply(func: (value: T) => unknown): unknown;
}

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
  for (const key of ["isKnown", "isSecret"]) {
    const promise = internals[key];
    if (promise instanceof Promise) promise.catch(() => undefined);
  }
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
