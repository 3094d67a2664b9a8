/**
 * The `atlasflex` plugin as a user installs a released provider: the archive that `npm run build`
 * writes (scripts/bundle-plugin.js), put into a PULUMI_HOME with
 * `pulumi plugin install resource atlasflex <version> --file <archive>`.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain script: the archives' names, shared with the build and measure:startup
const archives = require("../../scripts/plugin-archive") as {
  VERSION: string;
  thisPlatformArchive(): string;
  installedLauncher(pulumiHome: string): string;
};

/** Where `pulumi plugin install` puts the plugin's launcher in `pulumiHome`. */
export const installedLauncher: (pulumiHome: string) => string = archives.installedLauncher;

/** The arguments of `pulumi` that install this machine's archive as the SDKs name it. */
export const PLUGIN_INSTALL_ARGS = [
  "plugin",
  "install",
  "resource",
  "atlasflex",
  archives.VERSION,
  "--file",
  archives.thisPlatformArchive(),
] as const;

/**
 * The file the engine started the `atlasflex` plugin from, read from its `--logtostderr -v=9`
 * log (which also prints config in plain text: keep that run out of secret scans).
 */
export function launchedPlugin(engineLog: string): string | undefined {
  return /Launching plugin 'atlasflex \(resource\)' from '([^']+)'/.exec(engineLog)?.[1];
}
