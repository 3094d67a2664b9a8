#!/usr/bin/env node
// @ts-check
/**
 * Makes `node_modules/pulumi-atlas-flex-snapshot` point at this checkout, so that the example
 * programs and Pulumi's dynamic-provider host resolve the package by name here exactly as they
 * do in a user's project (where npm installs it).
 *
 * Not an npm lifecycle script: `prepare` would travel in the published package.json and run (or
 * warn) in a user's `npm install`, pointing at a file the tarball does not ship. It runs instead
 * from the set-up of `npm test` and `npm run demo` (scripts/setup.js) and as jest's global
 * set-up (jest.config.js), so a plain `npx jest` after `npm ci` finds the link too.
 */
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");

/** Creates the link unless it is already there. */
function linkSelf() {
  const link = path.join(root, "node_modules", "pulumi-atlas-flex-snapshot");
  fs.mkdirSync(path.dirname(link), { recursive: true });
  try {
    if (fs.readlinkSync(link) === "..") return;
  } catch {
    // Not a link yet.
  }
  fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync("..", link, "dir");
}

// Jest's `globalSetup` calls the module's export; `node scripts/link-self.js` runs it directly.
module.exports = linkSelf;
if (require.main === module) linkSelf();
