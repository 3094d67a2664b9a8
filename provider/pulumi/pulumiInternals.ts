/**
 * The one place that relies on Pulumi behaviour beyond its documented API. Each reach checks
 * what it relies on first and, when that is not there (another version of `@pulumi/pulumi`, or
 * not in the process it expects), falls back to plain behaviour; none of them ever throws.
 *
 * - the dynamic-provider host: which process it is, and the engine's address it was given
 *   (`cmd/dynamic-provider/index.js`, `main(args)`); the `atlasflex` plugin's process, which says
 *   so itself ({@link markPluginHost}) and is given the engine's address the same way
 *   (`provider/server.js`, `main(provider, args)`, whose `parseArgs` skips the engine's flags);
 * - the preview flag of an invoke: the plugin's provider server (`provider/server.js`) passes
 *   `provider.invoke` only the token and the arguments, not `InvokeRequest.preview`, which the
 *   engine sets (see {@link passInvokePreview});
 * - the engine's `Log` RPC, through the gRPC client and protobuf types that `@pulumi/pulumi`
 *   ships (`proto/engine_grpc_pb`, `proto/engine_pb`), for progress messages;
 * - what the host prints when a provider method throws: its catch blocks (the dynamic-provider
 *   host's, and the plugin's provider server's) run `console.error(`${e}: ${e.stack}`)`, which
 *   the engine shows as a diagnostic of the stack with every stack frame, beside the same
 *   message it already shows against the resource;
 * - the `RunError` marker (`__pulumiRunError`): the program's uncaught-error handler
 *   (`cmd/run/run.js`) prints a `RunError` as its message alone, any other error as a coloured
 *   stack trace;
 * - the engine's display hides properties whose key starts with `__`
 *   (`resource.IsInternalPropertyKey` in its Go SDK), which {@link PREVIEW_KEY} relies on;
 * - `Output#promise()`, `Output#isKnown` and `Output#isSecret`: the only way to see that an output
 *   failed (a failed read rejects them; `apply` just never runs), and to keep the failure from
 *   also surfacing as unhandled rejections; and the text Pulumi puts before a failed read's
 *   message (`runtime/resource.js`, `readResource`).
 * - the program's debug log of resource RPCs: `runtime/resource.js` logs
 *   `ReadResource RPC finished: …; resp: ${innerResponse}` (and the same for `RegisterResource`),
 *   whose string form is the protobuf message's whole array form, secrets included; the engine
 *   shows debug messages with `--debug`, `-v=3` and up, and in `pulumi up --json`.
 *
 * Nothing here imports `@pulumi/pulumi` at load time: the CLI and the client use this package
 * without it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { FlexSnapshotError } from "../atlas/errors";

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

let pluginHost = false;

/**
 * Records that this process is the `atlasflex` plugin (`provider/plugin/main.ts` calls it
 * first), so that the engine log and one-line errors work there as in the dynamic-provider host.
 */
export function markPluginHost(): void {
  pluginHost = true;
}

/** Whether this process is the `atlasflex` plugin (see {@link markPluginHost}). */
export function inPluginHost(): boolean {
  return pluginHost;
}

/**
 * The engine's address among a plugin's arguments: the first that is not one of the flags the
 * engine may add (`--logtostderr`, `-v=<n>`, `--tracing <endpoint>`), as `provider/internals.js`
 * `parseArgs` of `@pulumi/pulumi` reads them. The dynamic-provider host gets no flags.
 */
export function engineAddressArg(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--tracing") {
      i += 1;
    } else if (arg !== "--logtostderr" && !arg.startsWith("-v=")) {
      return arg;
    }
  }
  return undefined;
}

/** How serious a message to the engine is: `info` for progress, `warning` for warnings. */
export type EngineLogSeverity = "info" | "warning";

/**
 * Sends one message to the engine, against the resource `urn` (or the stack when it is `""`),
 * and calls `done` with the RPC's error (`null` when the engine took it) within `deadline` (a
 * time from `Date.now()`). The severity is `info` unless given.
 */
export type EngineInfoLog = (
  message: string,
  urn: string,
  deadline: number,
  done: (error: unknown) => void,
  severity?: EngineLogSeverity,
) => void;

/** The parts of `@pulumi/pulumi`'s generated `engine_pb` that {@link engineInfoLog} uses. */
interface EngineProto {
  LogRequest: new () => Record<string, (value: unknown) => void>;
  LogSeverity: { INFO: number; WARNING: number };
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
 * The engine's `Log` RPC as one function, or `null` outside the provider host and the plugin or
 * when `@pulumi/pulumi` does not ship what it needs (each part is checked before it is used,
 * once per process). Pulumi's `log` module does not reach the engine from a dynamic provider
 * or from an invoke: the host never connects it (it only knows the engine's address, its first
 * argument), and the plugin's provider server connects it only for `construct` and `call`.
 */
export function engineInfoLog(): EngineInfoLog | null {
  if (engineLog !== undefined) return engineLog;
  engineLog = null;
  const address = engineAddressArg(process.argv.slice(2));
  if (!(inProviderHost() || inPluginHost()) || !address || !/^[\w.[\]:-]+:\d+$/.test(address)) {
    return engineLog;
  }
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
      typeof LogSeverity?.INFO !== "number" ||
      typeof LogSeverity.WARNING !== "number"
    ) {
      return engineLog;
    }
    const client = new EngineClient(address, grpc.credentials.createInsecure());
    const severities = { info: LogSeverity.INFO, warning: LogSeverity.WARNING };
    engineLog = (message, urn, deadline, done, severity = "info") => {
      const request = new LogRequest();
      request["setSeverity"]!(severities[severity]);
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
 * The source file whose catch blocks print a provider method's error: the dynamic-provider
 * host's main script, or the plugin's provider server; `undefined` in any other process.
 */
function hostPrintSource(): string | undefined {
  if (inProviderHost()) return require.resolve(process.argv[1]!);
  if (inPluginHost()) return require.resolve("@pulumi/pulumi/provider/server");
  return undefined;
}

/**
 * Installs, once, a filter on `console.error` that drops the lines in {@link quieted} — only
 * in the provider host or the plugin, and when the source that prints still prints errors the
 * way this relies on.
 */
function installHostFilter(): boolean {
  if (hostFilter !== undefined) return hostFilter;
  hostFilter = false;
  try {
    const file = hostPrintSource();
    if (file === undefined) return hostFilter;
    const source = fs.readFileSync(file, "utf8");
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
 * Prepares an error a provider method is about to throw to the host (or an invoke of the plugin
 * to its provider server), so that the engine shows it once, as one line, against the resource: its message on one line, and the host's own
 * print of it (with the stack) dropped. Outside the host, and for errors that are not this
 * package's (a bug, whose stack is worth seeing), the error is returned untouched. Where the
 * host's print cannot be dropped, the stack is cut to its first line instead.
 *
 * @returns the same error object, for `throw`.
 */
export function forProviderHost(error: unknown): unknown {
  if (!(error instanceof FlexSnapshotError) || !(inProviderHost() || inPluginHost())) return error;
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

/** The parts of `@pulumi/pulumi`'s generated `provider_pb` that {@link passInvokePreview} uses. */
interface InvokeRequestProto {
  getArgs?: (this: InvokeRequestProto) => { toJavaScript?: () => Record<string, unknown> };
  getPreview?: (this: InvokeRequestProto) => boolean;
}

let invokePreview: boolean | undefined;

/**
 * Makes the plugin's invokes see whether they run in `pulumi preview`: the engine sets
 * `InvokeRequest.preview` (v3.248.0: `source_eval.go` sets `Preview: rm.opts.DryRun`, and
 * `provider_plugin.go` sends `Preview: req.Preview`), but the provider server of `@pulumi/pulumi`
 * passes `provider.invoke` only `req.getArgs().toJavaScript()`. This wraps
 * `InvokeRequest.prototype.getArgs` so that the arguments it returns carry the flag under
 * {@link PREVIEW_KEY} (where a `toJavaScript` is there to wrap). Done once, only when the
 * generated class has `getArgs` and `getPreview`; otherwise the invoke's arguments have no
 * {@link PREVIEW_KEY}, and the plugin treats the run as not a preview (so a wait waits).
 *
 * @returns whether the flag is passed.
 */
export function passInvokePreview(): boolean {
  if (invokePreview !== undefined) return invokePreview;
  invokePreview = false;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const proto = require("@pulumi/pulumi/proto/provider_pb") as {
      InvokeRequest?: { prototype: InvokeRequestProto };
    };
    const prototype = proto.InvokeRequest?.prototype;
    const getArgs = prototype?.getArgs;
    if (!prototype || typeof getArgs !== "function" || typeof prototype.getPreview !== "function") {
      return invokePreview;
    }
    prototype.getArgs = function (this: InvokeRequestProto) {
      const args = getArgs.call(this);
      const toJavaScript = args?.toJavaScript;
      if (typeof toJavaScript !== "function") return args;
      const preview = this.getPreview!();
      args.toJavaScript = () => ({ ...toJavaScript.call(args), [PREVIEW_KEY]: preview });
      return args;
    };
    invokePreview = true;
  } catch {
    invokePreview = false;
  }
  return invokePreview;
}

/**
 * A response message of `@pulumi/pulumi`'s generated `proto/resource_pb` whose string form the
 * program's debug log prints, and how to summarise it without its values.
 */
interface DebugLoggedResponse {
  /** The message class in `proto/resource_pb`. */
  readonly message: string;
  /** The statement in `runtime/resource.js` that prints it. */
  readonly statement: string;
  /** The getters {@link summary} calls. */
  readonly getters: readonly string[];
  /** Its values-free string form: ids and a count of properties. */
  summary(response: Record<string, () => unknown>): string;
}

/** How many fields a `google.protobuf.Struct` (or its absence) has. */
function fieldCount(struct: unknown): number {
  const map = (
    struct as { getFieldsMap?: () => { getLength?: () => unknown } } | undefined
  )?.getFieldsMap?.();
  const length = map?.getLength?.();
  return typeof length === "number" ? length : 0;
}

/** Says in the debug log why the values are missing. */
const HIDDEN_NOTE = "values hidden by pulumi-atlas-flex-snapshot";

/**
 * The responses whose values {@link hideResponseValues} keeps out of the debug log: every lookup
 * of this package is a read (`ReadResource`), and a resource that takes a lookup's output as an
 * input (a restore job's `snapshotUrl`) gets it back in its `RegisterResource` response. The
 * package makes no invoke or call, whose responses Pulumi logs the same way.
 */
export const DEBUG_LOGGED_RESPONSES: readonly DebugLoggedResponse[] = [
  {
    message: "ReadResourceResponse",
    statement:
      "log.debug(`ReadResource RPC finished: ${label}; err: ${rpcError}, resp: ${innerResponse}`)",
    getters: ["getUrn", "getProperties"],
    summary: (response) =>
      `ReadResourceResponse(urn=${String(response["getUrn"]!())}, ` +
      `${fieldCount(response["getProperties"]!())} properties; ${HIDDEN_NOTE})`,
  },
  {
    message: "RegisterResourceResponse",
    statement:
      "log.debug(`RegisterResource RPC finished: ${label}; err: ${rpcErr}, resp: ${innerResponse}`)",
    getters: ["getUrn", "getId", "getObject"],
    summary: (response) =>
      `RegisterResourceResponse(urn=${String(response["getUrn"]!())}, ` +
      `id=${String(response["getId"]!())}, ` +
      `${fieldCount(response["getObject"]!())} properties; ${HIDDEN_NOTE})`,
  },
];

/** How `runtime/resource.js` loads the generated messages (so the same module instance). */
const RESOURCE_PB_REQUIRE = 'require("../proto/resource_pb")';

/** Marks a prototype whose `toString` is already replaced. */
const HIDDEN_MARK = Symbol.for("pulumi-atlas-flex-snapshot.hiddenResponseValues");

/**
 * Gives the response messages in {@link DEBUG_LOGGED_RESPONSES} a string form without values
 * (their urn, id and number of properties), so that Pulumi's debug log of the program's
 * resource RPCs does not print a lookup's secrets (a restore job's `snapshotUrl`). Only for a
 * message whose class is in `proto/resource_pb` with the getters used, and whose debug
 * statement `runtime/resource.js` (which loads that very module) still has; any other message
 * keeps its string form, and its values stay in the debug log. Idempotent; never throws.
 * The engine's own log of provider outputs at `-v=9` is out of its reach.
 *
 * @param pulumiDir - the `@pulumi/pulumi` to patch; by default the one this package loads,
 *   whose `runtime/resource.js` runs the package's reads.
 * @returns the messages whose string form is (now or already) values-free.
 */
export function hideResponseValues(pulumiDir?: string): string[] {
  const hidden: string[] = [];
  try {
    const dir = pulumiDir ?? path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const source = fs.readFileSync(path.join(dir, "runtime", "resource.js"), "utf8");
    if (!source.includes(RESOURCE_PB_REQUIRE)) return hidden;
    // The path `runtime/resource.js` resolves `../proto/resource_pb` to: Node keeps one module
    // instance per resolved file, so these are its classes.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const proto = require(path.join(dir, "proto", "resource_pb")) as Record<string, unknown>;
    for (const response of DEBUG_LOGGED_RESPONSES) {
      const type = proto[response.message];
      const prototype =
        typeof type === "function"
          ? ((type as { prototype?: Record<string | symbol, unknown> }).prototype ?? undefined)
          : undefined;
      if (
        !prototype ||
        !source.includes(response.statement) ||
        !response.getters.every((getter) => typeof prototype[getter] === "function")
      ) {
        continue;
      }
      if (prototype[HIDDEN_MARK] !== true) {
        Object.defineProperty(prototype, "toString", {
          configurable: true,
          writable: true,
          value(this: Record<string, () => unknown>): string {
            try {
              return response.summary(this);
            } catch {
              return `${response.message}(${HIDDEN_NOTE})`;
            }
          },
        });
        Object.defineProperty(prototype, HIDDEN_MARK, { value: true, configurable: true });
      }
      hidden.push(response.message);
    }
  } catch {
    // No @pulumi/pulumi, or not laid out as expected: responses print as Pulumi prints them.
  }
  return hidden;
}
