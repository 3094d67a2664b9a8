/**
 * The `atlasflex` plugin's own gRPC server: Pulumi's `ResourceProvider` service (the protocol
 * every provider plugin speaks to the engine), served on `@grpc/grpc-js` with the generated
 * stubs `@pulumi/pulumi` ships in `proto/` — as its own dynamic-provider host does
 * (`cmd/dynamic-provider/index.js`). `@pulumi/pulumi`'s `provider.main` is not used: it answers
 * `CheckConfig`/`DiffConfig` UNIMPLEMENTED, drops what `Configure` carries and does not pass
 * `InvokeRequest.preview` on (pulumi/pulumi#10915), all of which an explicit provider needs.
 *
 * Served: `Handshake`, `GetPluginInfo`, `GetSchema`, `CheckConfig`, `DiffConfig`, `Configure`,
 * `Invoke`, `Cancel`; every other method answers UNIMPLEMENTED (grpc-js's default for a method
 * without a handler). The engine reads the port, alone on stdout's first line, then calls
 * `Handshake` first (engines since v3.143): it passes the engine's address, which the `Log` RPC
 * then uses; older engines do not call it, and the address of the plugin's argument serves.
 */
import type * as grpcTypes from "@grpc/grpc-js";
import type * as providerProtoTypes from "@pulumi/pulumi/proto/provider_pb";
import { setHandshakeEngineAddress } from "../internals/engineLogRpc";
import { emptyPb, grpc, pluginPb, providerGrpcPb, providerPb, structPb } from "../protocol";

/**
 * What the plugin supports of the protocol, written once: `Handshake` and `Configure` declare
 * it alike, as provider.proto requires (an engine that handshakes ignores `Configure`'s answer,
 * an older one reads only that). Secrets arrive wrapped, so they stay secrets; results mark
 * snapshotUrl secret the same way. The functions take no resource references or outputs, and
 * the plugin has no resources to autoname.
 */
const CAPABILITIES = {
  acceptSecrets: true,
  acceptResources: false,
  acceptOutputs: false,
  supportsAutonamingConfiguration: false,
} as const;

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
    handshake: unary((request: providerProtoTypes.ProviderHandshakeRequest) => {
      // The engine may call it more than once while the connection settles. Its directories
      // are the launcher's folder, which the plugin knows; its flags say what the engine sends
      // (`Configure`'s URN, `Invoke`'s preview), which the handlers read as it arrives.
      setHandshakeEngineAddress(request.getEngineAddress());
      const response = new proto.ProviderHandshakeResponse();
      response.setAcceptSecrets(CAPABILITIES.acceptSecrets);
      response.setAcceptResources(CAPABILITIES.acceptResources);
      response.setAcceptOutputs(CAPABILITIES.acceptOutputs);
      response.setSupportsAutonamingConfiguration(CAPABILITIES.supportsAutonamingConfiguration);
      return response;
    }),
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
      response.setAcceptsecrets(CAPABILITIES.acceptSecrets);
      // Not in `Handshake`'s answer: an engine that handshakes takes it as true.
      response.setSupportspreview(true);
      response.setAcceptresources(CAPABILITIES.acceptResources);
      response.setAcceptoutputs(CAPABILITIES.acceptOutputs);
      response.setSupportsAutonamingConfiguration(CAPABILITIES.supportsAutonamingConfiguration);
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
