// @ts-check
/**
 * The `atlasflex` plugin's release archives, named once: the version, the Node.js they need, the
 * platforms, each archive's name and path, this machine's, the release folder, and where
 * `pulumi plugin install … --file <archive>` puts the launcher. The build
 * (scripts/bundle-plugin.js), the release (scripts/release.js), `measure:startup` and the tests
 * take them from here.
 */
const path = require("node:path");

const root = path.resolve(__dirname, "..");
/** @type {{ version: string, engines: { node: string } }} */
const { version: VERSION, engines } = require(path.join(root, "package.json"));

/**
 * The oldest Node.js major the plugin runs on: package.json's `engines.node` (`>=20`), which the
 * archives' launchers check before they start the plugin.
 */
const NODE_MAJOR = Number(/^>=\s*(\d+)/.exec(engines.node)?.[1]);
if (!Number.isInteger(NODE_MAJOR)) {
  throw new Error(`invalid engines.node "${engines.node}" in package.json: expected ">=<major>"`);
}

/** Where `npm run build` writes the archives. */
const ARCHIVE_DIR = path.join(root, "dist", "archives");

/**
 * Where `npm run release` (scripts/release.js) writes every artifact of the version, laid out as
 * the assets of the GitHub release `v<version>`: what Pulumi downloads from.
 */
const RELEASE_DIR = path.join(root, "dist", "release");

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
 * The file name of one platform's archive, as Pulumi names plugin archives and looks for them
 * among a GitHub release's assets (`pulumi-resource-<name>-v<version>-<os>-<arch>.tar.gz`).
 *
 * @param {string} os - Pulumi's name of the OS (`linux`, `darwin`, `windows`)
 * @param {string} arch - Pulumi's name of the architecture (`amd64`, `arm64`)
 */
function archiveName(os, arch) {
  return `pulumi-resource-atlasflex-v${VERSION}-${os}-${arch}.tar.gz`;
}

/**
 * The archive of one platform in {@link ARCHIVE_DIR}.
 *
 * @param {string} os
 * @param {string} arch
 */
function archivePath(os, arch) {
  return path.join(ARCHIVE_DIR, archiveName(os, arch));
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
  RELEASE_DIR,
  NODE_MAJOR,
  PLATFORMS,
  VERSION,
  archiveName,
  archivePath,
  thisPlatformArchive,
  installedLauncher,
};
