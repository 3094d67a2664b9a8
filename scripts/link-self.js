#!/usr/bin/env node
/**
 * Makes `node_modules/pulumi-atlas-flex-snapshot` point at this checkout, so that the example
 * programs and Pulumi's dynamic-provider host resolve the package by name here exactly as they
 * do in a user's project (where npm installs it). Run by `npm install` (the `prepare` script).
 */
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", "pulumi-atlas-flex-snapshot");
fs.mkdirSync(path.dirname(link), { recursive: true });
try {
  if (fs.readlinkSync(link) === "..") process.exit(0);
} catch {
  // Not a link yet.
}
fs.rmSync(link, { recursive: true, force: true });
fs.symlinkSync("..", link, "dir");
