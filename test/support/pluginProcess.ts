/**
 * Runs the compiled `atlasflex` plugin the way the engine does: its launcher
 * (`bin/pulumi-resource-atlasflex`, over the dist/ that `npm test`'s set-up builds) as a process
 * with an engine address as its argument, spoken to over gRPC with Pulumi's own stubs. The
 * "engine" is a gRPC server on loopback that serves the Engine service's `Log`, so that the
 * plugin's warnings and progress are seen as the engine would see them.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime";
import { REPO_ROOT } from "./providerHost";
// The generated modules ship inside @pulumi/pulumi without declarations for these deep paths.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const providerGrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const providerProto = require("@pulumi/pulumi/proto/provider_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const engineGrpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const structProto = require("google-protobuf/google/protobuf/struct_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const emptyProto = require("google-protobuf/google/protobuf/empty_pb");

/** `properties` with the values of `secret` keys wrapped as the engine wraps secrets. */
function wrapSecrets(
  properties: Record<string, unknown>,
  secret: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(properties).map(([key, value]) => [
      key,
      // Pulumi's secret signature: how the engine wraps a secret value it sends a provider.
      secret.includes(key) ? { [specialSigKey]: specialSecretSig, value } : value,
    ]),
  );
}

/** The plugin's launcher in this checkout. */
export const PLUGIN_LAUNCHER = path.join(REPO_ROOT, "bin", "pulumi-resource-atlasflex");

/** How to start a build of the plugin: the command, and the arguments before the engine's. */
interface PluginBuild {
  readonly command: string;
  readonly args: readonly string[];
}

/**
 * The builds of the plugin the gRPC tests run, by name: `bin/` over dist/ (what the npm package
 * ships), and the self-contained bundle of the release archives (`scripts/bundle-plugin.js`,
 * run by `npm run build`), started by its shell launcher as the engine starts it.
 */
export const PLUGIN_BUILDS: Readonly<Record<"unbundled" | "bundled", PluginBuild>> = {
  unbundled: { command: process.execPath, args: [PLUGIN_LAUNCHER] },
  bundled: {
    command: path.join(REPO_ROOT, "dist", "plugin", "pulumi-resource-atlasflex"),
    args: [],
  },
};

/** One `Log` the engine received: severity (`engine_pb` LogSeverity), message, urn. */
type EngineLogEntry = [severity: number, message: string, urn: string];

/** A stand-in for the engine's `Log` RPC on loopback. */
export class FakeEngine {
  private constructor(
    private readonly server: grpc.Server,
    readonly address: string,
    /** Every `Log` received, in order. */
    readonly logs: EngineLogEntry[],
  ) {}

  static async start(): Promise<FakeEngine> {
    const server = new grpc.Server();
    const logs: EngineLogEntry[] = [];
    server.addService(engineGrpc.EngineService, {
      log: (
        call: { request: { getSeverity(): number; getMessage(): string; getUrn(): string } },
        callback: (error: null, reply: unknown) => void,
      ) => {
        const r = call.request;
        logs.push([r.getSeverity(), r.getMessage(), r.getUrn()]);
        callback(null, new emptyProto.Empty());
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    return new FakeEngine(server, `127.0.0.1:${port}`, logs);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
  }
}

/** What an invoke answered: the result, or the gRPC error's details (the provider's message). */
type InvokeOutcome = { outputs: Record<string, unknown> } | { error: string };

/** A running plugin and a gRPC client connected to it. */
export class PluginProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: grpc.Client & Record<string, (...args: unknown[]) => void>,
    readonly output: { stdout: string; stderr: string },
  ) {}

  /**
   * Starts the plugin (`build`, by default the unbundled one) with exactly `env` (plus PATH),
   * and `engine` as its engine address. Nothing of this process's `MONGODB_ATLAS_*` or
   * `PULUMI_*` variables leaks in.
   */
  static async start(
    env: Record<string, string>,
    engine: string,
    build: PluginBuild = PLUGIN_BUILDS.unbundled,
  ): Promise<PluginProcess> {
    const child = spawn(build.command, [...build.args, engine], {
      cwd: REPO_ROOT,
      env: { PATH: process.env["PATH"] ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output = { stdout: "", stderr: "" };
    child.stderr!.on("data", (chunk: Buffer) => (output.stderr += chunk.toString()));
    const port = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`plugin did not start: ${output.stderr}`)),
        30_000,
      );
      child.stdout!.on("data", (chunk: Buffer) => {
        output.stdout += chunk.toString();
        const match = /^(\d+)\s*$/m.exec(output.stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.on("exit", (code) => reject(new Error(`plugin exited with ${code}: ${output.stderr}`)));
    });
    const client = new providerGrpc.ResourceProviderClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
    );
    return new PluginProcess(child, client, output);
  }

  private call<T>(method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      this.client[method]!(request, (error: Error | null, response: T) =>
        error ? reject(error) : resolve(response),
      );
    });
  }

  /** Sends `Invoke` as the engine does, with `preview` as the engine's flag. */
  async invoke(
    token: string,
    args: Record<string, unknown>,
    preview = false,
  ): Promise<InvokeOutcome> {
    const request = new providerProto.InvokeRequest();
    request.setTok(token);
    request.setArgs(structProto.Struct.fromJavaScript(args));
    request.setPreview(preview);
    try {
      const response = await this.call<{
        getReturn(): { toJavaScript(): Record<string, unknown> } | undefined;
      }>("invoke", request);
      return { outputs: response.getReturn()?.toJavaScript() ?? {} };
    } catch (error) {
      return { error: (error as grpc.ServiceError).details };
    }
  }

  /**
   * Sends `Handshake` as the engine (v3.248.0) does to a plugin it started, with `engine` as the
   * engine's address, and returns the answer as an object.
   */
  async handshake(engine: string): Promise<Record<string, unknown>> {
    const request = new providerProto.ProviderHandshakeRequest();
    request.setEngineAddress(engine);
    // The engine passes the launcher's folder as both directories.
    request.setRootDirectory(path.dirname(PLUGIN_LAUNCHER));
    request.setProgramDirectory(path.dirname(PLUGIN_LAUNCHER));
    request.setConfigureWithUrn(true);
    request.setSupportsViews(true);
    request.setSupportsRefreshBeforeUpdate(true);
    request.setInvokeWithPreview(true);
    const response = await this.call<{ toObject(): Record<string, unknown> }>("handshake", request);
    return response.toObject();
  }

  /**
   * Sends `Configure` as the engine does for a provider instance: its properties in `args`, the
   * secret ones wrapped in Pulumi's secret signature (the engine sends them so once the plugin
   * accepts secrets). Returns the answer as an object.
   */
  async configure(
    properties: Record<string, unknown>,
    secret: readonly string[] = [],
  ): Promise<Record<string, unknown>> {
    const request = new providerProto.ConfigureRequest();
    request.setArgs(structProto.Struct.fromJavaScript(wrapSecrets(properties, secret)));
    request.setAcceptsecrets(true);
    const response = await this.call<{ toObject(): Record<string, unknown> }>("configure", request);
    return response.toObject();
  }

  /**
   * Sends `CheckConfig` with `news` for the provider named `name` (`default_…` for a default
   * provider), and returns its failures as `[property, reason]`.
   */
  async checkConfig(news: Record<string, unknown>, name = "prod"): Promise<[string, string][]> {
    const request = new providerProto.CheckRequest();
    request.setUrn(`urn:pulumi:dev::p::pulumi:providers:atlasflex::${name}`);
    request.setNews(structProto.Struct.fromJavaScript(news));
    const response = await this.call<{
      getFailuresList(): { getProperty(): string; getReason(): string }[];
    }>("checkConfig", request);
    return response.getFailuresList().map((f) => [f.getProperty(), f.getReason()]);
  }

  /** Sends `DiffConfig` and returns the changed properties and whether any replaces. */
  async diffConfig(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<{ changes: number; diffs: string[]; replaces: string[] }> {
    const request = new providerProto.DiffRequest();
    request.setUrn("urn:pulumi:dev::p::pulumi:providers:atlasflex::prod");
    request.setOlds(structProto.Struct.fromJavaScript(olds));
    request.setOldInputs(structProto.Struct.fromJavaScript(olds));
    request.setNews(structProto.Struct.fromJavaScript(news));
    const response = await this.call<{
      getChanges(): number;
      getDiffsList(): string[];
      getReplacesList(): string[];
    }>("diffConfig", request);
    return {
      changes: response.getChanges(),
      diffs: response.getDiffsList(),
      replaces: response.getReplacesList(),
    };
  }

  /** Sends `GetPluginInfo` and returns the version the plugin reports. */
  async pluginInfo(): Promise<string> {
    const response = await this.call<{ getVersion(): string }>(
      "getPluginInfo",
      new emptyProto.Empty(),
    );
    return response.getVersion();
  }

  /** Sends `GetSchema` and returns the schema's text. */
  async schema(): Promise<string> {
    const request = new providerProto.GetSchemaRequest();
    const response = await this.call<{ getSchema(): string }>("getSchema", request);
    return response.getSchema();
  }

  /** Closes the client and stops the plugin as the engine does (SIGINT). */
  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once("exit", resolve));
      this.child.kill("SIGINT");
      await exited;
    }
  }
}
