/**
 * What the plugin serves: {@link AtlasFlexProvider}, loaded on the first call that needs it.
 *
 * The engine starts the plugin more than once per `pulumi up` (Pulumi v3.248.0, YAML: one
 * process answers `GetPluginInfo` and `GetSchema` for the program's type checking, another is
 * the provider instance that is configured and invoked), and waits for each to print its port.
 * The lookup core (the Atlas client with undici, the zod schemas, the registry) is most of the
 * plugin's code, so it is not loaded before the port is printed, and never in a process that
 * only serves the schema. The bundler (`scripts/bundle-plugin.js`) puts what these dynamic
 * imports load in chunks of their own, so the start does not even parse it.
 */
import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { PACKAGE_INFO } from "../../atlas/packageInfo";
import type { AtlasFlexProvider } from "./atlasFlexProvider";
import type { ConfigFailure, PluginHandlers } from "./grpcServer";

/**
 * The schema as JSON, written beside the plugin's compiled entry by the build
 * (scripts/bundle-plugin.js, from `packageSchema()`): the process the YAML host starts only for
 * the schema then loads neither the registry nor zod.
 */
export const SCHEMA_FILE = "atlasflex-schema.json";

/** {@link AtlasFlexProvider} behind {@link PluginHandlers}, loaded on first use. */
export class LazyAtlasFlexProvider implements PluginHandlers {
  /** The package's version: the plugin is shipped in it. */
  readonly version = PACKAGE_INFO.version;
  private provider: Promise<AtlasFlexProvider> | undefined;

  /** The package schema: the build's file, or (without one, e.g. from the sources) computed. */
  async getSchema(): Promise<string> {
    try {
      return await readFile(path.join(__dirname, SCHEMA_FILE), "utf8");
    } catch {
      const { packageSchema } = await import("./packageSchema");
      return JSON.stringify(packageSchema());
    }
  }

  async checkConfig(news: Record<string, unknown>, urn: string): Promise<ConfigFailure[]> {
    return (await this.load()).checkConfig(news, urn);
  }

  async diffConfig(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<string[]> {
    return (await this.load()).diffConfig(olds, news);
  }

  async configure(args: Record<string, unknown>): Promise<void> {
    (await this.load()).configure(args);
  }

  async invoke(
    token: string,
    args: Record<string, unknown>,
    preview: boolean,
  ): Promise<Record<string, unknown>> {
    return (await this.load()).invoke(token, args, preview);
  }

  /** The one provider of this process, created on the first call that needs it. */
  private load(): Promise<AtlasFlexProvider> {
    this.provider ??= import("./atlasFlexProvider").then(
      ({ AtlasFlexProvider }) => new AtlasFlexProvider(),
    );
    return this.provider;
  }
}
