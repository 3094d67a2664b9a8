/**
 * Progress messages from the provider to the Pulumi engine, so that a user watching
 * `pulumi up` sees a wait's status and elapsed time as it happens.
 *
 * Pulumi's `log` module does not reach the engine from a dynamic provider: the provider host
 * never connects it (it only knows the engine's address, its first command-line argument). So
 * this sends the engine's `Log` RPC itself, with the gRPC client and protobuf types that
 * `@pulumi/pulumi` ships. Outside the host, or when anything about that fails, messages go to
 * stderr instead: progress must never break a lookup.
 */
import * as path from "node:path";

/** Where progress messages go. */
export type ProgressLogger = (message: string, urn?: string) => void;

interface EngineLogClient {
  log(request: unknown, options: { deadline: number }, callback: (error: unknown) => void): void;
}

let engine:
  | {
      client: EngineLogClient;
      LogRequest: new () => Record<string, (value: unknown) => void>;
      info: number;
    }
  | null
  | undefined;

function connect(): typeof engine {
  if (engine !== undefined) return engine;
  engine = null;
  const address = process.argv[2];
  const inHost = /dynamic-provider/.test(process.argv[1] ?? "");
  if (!inHost || !address || !/^[\w.[\]:-]+:\d+$/.test(address)) return engine;
  try {
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const load = (id: string): Record<string, unknown> =>
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(require.resolve(id, { paths: [pulumiDir] })) as Record<string, unknown>;
    const grpc = load("@grpc/grpc-js") as { credentials: { createInsecure(): unknown } };
    const engineGrpc = load(path.join(pulumiDir, "proto", "engine_grpc_pb")) as {
      EngineClient: new (address: string, credentials: unknown) => EngineLogClient;
    };
    const engineProto = load(path.join(pulumiDir, "proto", "engine_pb")) as {
      LogRequest: new () => Record<string, (value: unknown) => void>;
      LogSeverity: { INFO: number };
    };
    engine = {
      client: new engineGrpc.EngineClient(address, grpc.credentials.createInsecure()),
      LogRequest: engineProto.LogRequest,
      info: engineProto.LogSeverity.INFO,
    };
  } catch {
    engine = null;
  }
  return engine;
}

/**
 * Sends `message` to the engine as an info diagnostic of the resource `urn` (or of the stack),
 * falling back to stderr. Never throws and never waits more than two seconds.
 */
export function logProgress(message: string, urn?: string): void {
  const target = connect();
  if (!target) {
    process.stderr.write(`${message}\n`);
    return;
  }
  try {
    const request = new target.LogRequest();
    request["setSeverity"]!(target.info);
    request["setMessage"]!(message);
    request["setUrn"]!(urn ?? "");
    request["setEphemeral"]!(false);
    target.client.log(request, { deadline: Date.now() + 2_000 }, (error) => {
      if (error) process.stderr.write(`${message}\n`);
    });
  } catch {
    process.stderr.write(`${message}\n`);
  }
}
