// @ts-check
/**
 * Installs this package as a user's project has it: its `npm pack` tarball, beside
 * `@pulumi/pulumi` and `typescript` at the checkout's versions (from npm's cache when it has
 * them). The engine tests and `npm run measure` run Pulumi programs against it, so that they see
 * what an install sees (resolved by name from node_modules, only the files the package ships).
 */
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

/**
 * Packs the checkout at `root` into `dir`, writes `dir/package.json` and runs `npm install` there.
 *
 * @param {string} root - the checkout
 * @param {string} dir - an empty folder for the consumer project
 * @returns {string} the consumer's node_modules folder
 */
function installPacked(root, dir) {
  const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], {
    cwd: root,
    encoding: "utf8",
  })
    .trim()
    .split("\n")
    .pop();
  /** @param {string} name - a package in the checkout's node_modules */
  const version = (name) =>
    JSON.parse(fs.readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8"))
      .version;
  const manifest = {
    name: "flex-snapshot-consumer",
    private: true,
    dependencies: {
      "@pulumi/pulumi": version("@pulumi/pulumi"),
      typescript: version("typescript"),
      "pulumi-atlas-flex-snapshot": `file:./${tarball}`,
    },
  };
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(manifest, null, 2));
  execFileSync(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "--ignore-scripts",
      "--loglevel=error",
    ],
    { cwd: dir, stdio: ["ignore", "ignore", "inherit"] },
  );
  return path.join(dir, "node_modules");
}

module.exports = { installPacked };
