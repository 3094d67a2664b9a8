/**
 * The `atlasflex` plugin as a user installs a released provider: the archive that `npm run build`
 * writes (scripts/bundle-plugin.js), put into a PULUMI_HOME with
 * `pulumi plugin install resource atlasflex <version> --file <archive>`.
 */
import * as path from "node:path";
import { PACKAGE_INFO } from "../../provider/atlas/packageInfo";
import { REPO_ROOT } from "./providerHost";

/** The archive of this machine's platform, named as Pulumi names plugin archives. */
export function platformArchive(): string {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  return path.join(
    REPO_ROOT,
    "dist",
    "archives",
    `pulumi-resource-atlasflex-v${PACKAGE_INFO.version}-${os}-${arch}.tar.gz`,
  );
}

/** The arguments of `pulumi` that install {@link platformArchive} as the SDKs name it. */
export const PLUGIN_INSTALL_ARGS = [
  "plugin",
  "install",
  "resource",
  "atlasflex",
  PACKAGE_INFO.version,
  "--file",
  platformArchive(),
] as const;

/** Where `pulumi plugin install` puts the plugin's launcher in `pulumiHome`. */
export function installedLauncher(pulumiHome: string): string {
  return path.join(
    pulumiHome,
    "plugins",
    `resource-atlasflex-v${PACKAGE_INFO.version}`,
    "pulumi-resource-atlasflex",
  );
}

/**
 * The file the engine started the `atlasflex` plugin from, read from its `--logtostderr -v=9`
 * log (which also prints config in plain text: keep that run out of secret scans).
 */
export function launchedPlugin(engineLog: string): string | undefined {
  return /Launching plugin 'atlasflex \(resource\)' from '([^']+)'/.exec(engineLog)?.[1];
}
