/**
 * Drives Pulumi's real dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`) over gRPC
 * the way the engine does: spawn it, read its port, `Configure` with the stack config, then
 * `Read` with the serialized provider in `__provider`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
// The generated gRPC and protobuf modules ship inside @pulumi/pulumi without type declarations
// for these deep paths; they are the engine's own wire types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const providerGrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const providerProto = require("@pulumi/pulumi/proto/provider_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const structProto = require("google-protobuf/google/protobuf/struct_pb");

/** The repository root: the host runs there, where `pulumi-atlas-flex-snapshot` resolves by name. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Serializes a provider exactly as `pulumi.dynamic.Resource` does. */
export async function serializeProvider(
  provider: pulumi.dynamic.ResourceProvider,
): Promise<string> {
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  return serialized.text;
}

/** A running provider host and a gRPC client connected to it. */
export class ProviderHost {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: grpc.Client & Record<string, (...args: unknown[]) => void>,
    readonly output: { stdout: string; stderr: string },
  ) {}

  /** Starts the host with `env` added to this process's environment. */
  static async start(env: Record<string, string | undefined> = {}): Promise<ProviderHost> {
    const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
    const child = spawn(process.execPath, [script, "127.0.0.1:1"], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output = { stdout: "", stderr: "" };
    child.stderr!.on("data", (chunk: Buffer) => (output.stderr += chunk.toString()));
    const port = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`provider host did not start: ${output.stderr}`)),
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
      child.on("exit", (code) =>
        reject(new Error(`provider host exited with ${code}: ${output.stderr}`)),
      );
    });
    const client = new providerGrpc.ResourceProviderClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
    );
    return new ProviderHost(child, client, output);
  }

  private call<T>(method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      this.client[method]!(request, (error: Error | null, response: T) =>
        error ? reject(error) : resolve(response),
      );
    });
  }

  /** Sends `Configure` with the stack configuration (keys like `mongodbatlas:clientId`). */
  async configure(config: Record<string, string>): Promise<void> {
    const request = new providerProto.ConfigureRequest();
    request.setArgs(structProto.Struct.fromJavaScript(config));
    await this.call("configure", request);
  }

  /** Sends `Read` and returns the id and properties the provider answered. */
  async read(
    id: string,
    properties: Record<string, unknown>,
  ): Promise<{ id: string; properties: Record<string, unknown> }> {
    const request = new providerProto.ReadRequest();
    request.setId(id);
    request.setUrn(`urn:pulumi:test::test::pulumi-nodejs:dynamic/atlas:FlexSnapshot::lookup`);
    request.setProperties(structProto.Struct.fromJavaScript(properties));
    const response = await this.call<{
      getId(): string;
      getProperties(): { toJavaScript(): Record<string, unknown> };
    }>("read", request);
    return { id: response.getId(), properties: response.getProperties().toJavaScript() };
  }

  /** Sends `Create`, which a lookup-only provider refuses. */
  async create(properties: Record<string, unknown>): Promise<unknown> {
    const request = new providerProto.CreateRequest();
    request.setUrn(`urn:pulumi:test::test::pulumi-nodejs:dynamic/atlas:FlexSnapshot::lookup`);
    request.setProperties(structProto.Struct.fromJavaScript(properties));
    return this.call("create", request);
  }

  /** Closes the client and stops the host. */
  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once("exit", resolve));
      this.child.kill("SIGTERM");
      await exited;
    }
  }
}
