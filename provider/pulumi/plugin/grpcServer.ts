/**
 * The `atlasflex` plugin's own gRPC server: Pulumi's `ResourceProvider` service (the protocol
 * every provider plugin speaks to the engine), served on `@grpc/grpc-js` with the generated
 * stubs `@pulumi/pulumi` ships in `proto/` — as its own dynamic-provider host does
 * (`cmd/dynamic-provider/index.js`). `@pulumi/pulumi`'s `provider.main` is not used: it answers
 * `CheckConfig`/`DiffConfig` UNIMPLEMENTED, drops what `Configure` carries and does not pass
 * `InvokeRequest.preview` on (pulumi/pulumi#10915), all of which an explicit provider needs.
 *
 * Served: `GetPluginInfo`, `GetSchema`, `CheckConfig`, `DiffConfig`, `Configure`, `Invoke`,
 * `Cancel`; every other method answers UNIMPLEMENTED (grpc-js's default for a method without a
 * handler). The handshake is the engine's: the port, alone on stdout's first line.
 */
import type * as grpcTypes from "@grpc/grpc-js";
import type * as providerProtoTypes from "@pulumi/pulumi/proto/provider_pb";
import { emptyPb, grpc, pluginPb, providerGrpcPb, providerPb, structPb } from "../protocol";

/** What a failed check reports: the property and why, as the engine shows it. */
export interface ConfigFailure {
  readonly property: string;
  readonly reason: string;
}

/**
 * What the server asks of the provider it serves. Each method may answer with a promise: the
 * plugin loads the lookup core on its first call that needs it (`lazyProvider.ts`).
 */
export interface PluginHandlers {
  /** The plugin's version, for `GetPluginInfo`. */
  readonly version: string;
  getSchema(): Promise<string>;
  /**
   * Checks a provider instance's properties; an empty list when they are fine.
   *
   * @param urn - the provider resource's URN (`…::pulumi:providers:atlasflex::prod`).
   */
  checkConfig(
    news: Record<string, unknown>,
    urn: string,
  ): ConfigFailure[] | Promise<ConfigFailure[]>;
  /** The properties whose change is an update of the provider (never a replacement). */
  diffConfig(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): string[] | Promise<string[]>;
  /** Takes the instance's properties (`Configure.args`, secrets wrapped as Pulumi wraps them). */
  configure(args: Record<string, unknown>): void | Promise<void>;
  /** Runs a function; rejects with the error the engine shows (its message, one line). */
  invoke(
    token: string,
    args: Record<string, unknown>,
    preview: boolean,
  ): Promise<Record<string, unknown>>;
}

/** A request's `Struct` as plain JavaScript (`{}` when absent). */
function plain(struct: { toJavaScript(): Record<string, unknown> } | undefined) {
  return struct?.toJavaScript() ?? {};
}

/** A unary handler that answers with what `handle` returns, or with its error. */
type Unary<Req> = (
  call: { request: Req },
  callback: (error: grpcTypes.ServiceError | null, response?: unknown) => void,
) => void;

/**
 * Serves `handlers` on loopback and prints the port on stdout, as the engine expects.
 *
 * @returns the bound port.
 */
export async function serve(handlers: PluginHandlers): Promise<number> {
  const proto = providerPb;
  const { Struct } = structPb;
  const { Empty } = emptyPb;

  /** Wraps `handle` so that a thrown error answers the call with its message, as UNKNOWN. */
  const unary =
    <Req>(handle: (request: Req) => Promise<unknown> | unknown): Unary<Req> =>
    (call, callback) => {
      Promise.resolve()
        .then(() => handle(call.request))
        .then(
          (response) => callback(null, response),
          (error: unknown) => {
            const message = error instanceof Error ? error.message : String(error);
            callback({
              code: grpc.status.UNKNOWN,
              details: message,
              message,
              metadata: new grpc.Metadata(),
              name: "Error",
            });
          },
        );
    };

  const implementation: grpcTypes.UntypedServiceImplementation = {
    getPluginInfo: unary(() => {
      const info = new pluginPb.PluginInfo();
      info.setVersion(handlers.version);
      return info;
    }),
    getSchema: unary(async () => {
      const response = new proto.GetSchemaResponse();
      response.setSchema(await handlers.getSchema());
      return response;
    }),
    checkConfig: unary(async (request: providerProtoTypes.CheckRequest) => {
      const news = plain(request.getNews());
      const failures = await handlers.checkConfig(news, request.getUrn());
      const response = new proto.CheckResponse();
      response.setInputs(request.getNews());
      response.setFailuresList(
        failures.map(({ property, reason }) => {
          const failure = new proto.CheckFailure();
          failure.setProperty(property);
          failure.setReason(reason);
          return failure;
        }),
      );
      return response;
    }),
    diffConfig: unary(async (request: providerProtoTypes.DiffRequest) => {
      const olds = plain(request.getOldInputs() ?? request.getOlds());
      const changed = await handlers.diffConfig(olds, plain(request.getNews()));
      const response = new proto.DiffResponse();
      response.setChanges(
        changed.length > 0
          ? proto.DiffResponse.DiffChanges.DIFF_SOME
          : proto.DiffResponse.DiffChanges.DIFF_NONE,
      );
      response.setDiffsList(changed);
      response.setHasdetaileddiff(false);
      return response;
    }),
    configure: unary(async (request: providerProtoTypes.ConfigureRequest) => {
      await handlers.configure(plain(request.getArgs()));
      const response = new proto.ConfigureResponse();
      // Secrets arrive wrapped, so they stay secrets; results mark snapshotUrl secret the same way.
      response.setAcceptsecrets(true);
      response.setSupportspreview(true);
      response.setAcceptresources(false);
      response.setAcceptoutputs(false);
      return response;
    }),
    invoke: unary(async (request: providerProtoTypes.InvokeRequest) => {
      const outputs = await handlers.invoke(
        request.getTok(),
        plain(request.getArgs()),
        request.getPreview(),
      );
      const response = new proto.InvokeResponse();
      response.setReturn(
        Struct.fromJavaScript(outputs as Record<string, structPb.JavaScriptValue>),
      );
      return response;
    }),
    cancel: unary(() => new Empty()),
  };

  const server = new grpc.Server();
  server.addService(providerGrpcPb.ResourceProviderService, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  // The engine reads the port from the first line of stdout; nothing else may be written there.
  process.stdout.write(`${port}\n`);
  return port;
}
