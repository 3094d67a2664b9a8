// @ts-check
/**
 * The `atlasflex` plugin's release archives, named once: the platforms, each archive's path, this
 * machine's, and where `pulumi plugin install … --file <archive>` puts the launcher. The build
 * (scripts/bundle-plugin.js), `measure:startup` and the engine tests take them from here.
 */
const path = require("node:path");

const root = path.resolve(__dirname, "..");
/** @type {{ version: string }} */
const { version: VERSION } = require(path.join(root, "package.json"));

/** Where `npm run build` writes the archives. */
const ARCHIVE_DIR = path.join(root, "dist", "archives");

/** The platforms of Pulumi's plugin archives (`pulumi plugin install` picks one by name). */
const PLATFORMS = /** @type {const} */ ([
  ["linux", "amd64"],
  ["linux", "arm64"],
  ["darwin", "amd64"],
  ["darwin", "arm64"],
  ["windows", "amd64"],
  ["windows", "arm64"],
]);

/**
 * The archive of one platform, named as Pulumi names plugin archives.
 *
 * @param {string} os - Pulumi's name of the OS (`linux`, `darwin`, `windows`)
 * @param {string} arch - Pulumi's name of the architecture (`amd64`, `arm64`)
 */
function archivePath(os, arch) {
  return path.join(ARCHIVE_DIR, `pulumi-resource-atlasflex-v${VERSION}-${os}-${arch}.tar.gz`);
}

/** The archive of this machine: Node's platform and architecture in Pulumi's names. */
function thisPlatformArchive() {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  return archivePath(os, arch);
}

/**
 * Where `pulumi plugin install` puts the plugin's launcher in `pulumiHome`.
 *
 * @param {string} pulumiHome
 */
function installedLauncher(pulumiHome) {
  return path.join(
    pulumiHome,
    "plugins",
    `resource-atlasflex-v${VERSION}`,
    "pulumi-resource-atlasflex",
  );
}

module.exports = {
  ARCHIVE_DIR,
  PLATFORMS,
  VERSION,
  archivePath,
  thisPlatformArchive,
  installedLauncher,
};
