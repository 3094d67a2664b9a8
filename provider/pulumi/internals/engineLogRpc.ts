/**
 * The engine's `Log` RPC, for progress messages of the provider host and the plugin.
 *
 * Relies on (`@pulumi/pulumi` 3.248.0):
 * - `proto/engine_grpc_pb.js`: `EngineClient`, with its `log(request, options, callback)`;
 * - `proto/engine_pb.js`: `LogRequest`, with `setSeverity`, `setMessage`, `setUrn` and
 *   `setEphemeral`, and `LogSeverity.INFO` and `LogSeverity.WARNING`;
 * - `@grpc/grpc-js`: `credentials.createInsecure()` (all three from `../protocol`);
 * - the engine's address as the host's (or the plugin's) first argument after the engine's
 *   flags (hostProcess.ts), or, in the plugin, as the engine's `Handshake` passes it (engines
 *   since v3.143; {@link setHandshakeEngineAddress}).
 *
 * Pulumi's `log` module does not reach the engine from a dynamic provider or from an invoke:
 * the host never connects it (it only knows the engine's address, its first argument), and the
 * plugin serves its own gRPC server, which knows only that address too (or the handshake's).
 *
 * When the check fails in the provider host or the plugin (no engine address of the form
 * `host:port` from the handshake or among the arguments, or any part above missing),
 * {@link engineInfoLog} is `null` and warns once: progress and warnings of lookups then go to
 * stderr, not to the engine's log against the resource. Outside the host and the plugin it is
 * `null` without a warning.
 */
import { warnFallback } from "./fallback";
import { engineAddressArg, inPluginHost, inProviderHost } from "./hostProcess";

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

/** What the host and the plugin lose without the `Log` RPC. */
const ENGINE_LOG_LOST =
  "progress and warnings of lookups go to stderr, not to the engine's log against the resource";

let engineLog: EngineInfoLog | null | undefined;

/** The engine's address from the plugin's `Handshake`, if the engine called it. */
let handshakeAddress: string | undefined;

/**
 * Takes the engine's address from the plugin's `Handshake`, which engines since v3.143 call
 * first: the `Log` RPC then goes there, and the address among the arguments serves only older
 * engines, which do not call it. An empty address changes nothing. Never throws.
 */
export function setHandshakeEngineAddress(address: string): void {
  if (address === "" || address === handshakeAddress) return;
  handshakeAddress = address;
  // A client made before the handshake would speak to the argument's address: make it anew.
  engineLog = undefined;
}

/**
 * The engine's `Log` RPC as one function, or `null` outside the provider host and the plugin or
 * when `@pulumi/pulumi` does not ship what it needs (each part is checked before it is used,
 * once per process, and again after a handshake gives another address). Pulumi's `log` module
 * does not reach the engine from a dynamic provider or from an invoke: the host never connects
 * it (it only knows the engine's address, its first argument), and the plugin's own gRPC server
 * knows only that address too, or the one its handshake passes.
 */
export function engineInfoLog(): EngineInfoLog | null {
  if (engineLog !== undefined) return engineLog;
  engineLog = null;
  if (!(inProviderHost() || inPluginHost())) return engineLog;
  const address = handshakeAddress ?? engineAddressArg(process.argv.slice(2));
  if (!address || !/^[\w.[\]:-]+:\d+$/.test(address)) {
    warnFallback("engineInfoLog", ENGINE_LOG_LOST);
    return engineLog;
  }
  try {
    // Required here rather than imported: outside the host and the plugin nothing needs gRPC.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const protocol = require("../protocol") as typeof import("../protocol");
    const grpc = protocol.grpc as { credentials?: { createInsecure?: unknown } };
    const engineGrpc = protocol.engineGrpcPb as unknown as Partial<EngineGrpc>;
    const engineProto = protocol.enginePb as unknown as Partial<EngineProto>;
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
      warnFallback("engineInfoLog", ENGINE_LOG_LOST);
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
    warnFallback("engineInfoLog", ENGINE_LOG_LOST);
  }
  return engineLog;
}
