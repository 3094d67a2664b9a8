/**
 * The plugin archives' POSIX launcher (dist/plugin/pulumi-resource-atlasflex, written by
 * scripts/bundle-plugin.js) with the `node` it finds on PATH: none, one too old, one new enough.
 * The `node`s are stand-ins (a shell script printing a version, and for the new one its
 * arguments), so that the launcher's check is what is tested, not a machine's Node.js. The
 * Windows launcher (`.cmd`) makes the same check in cmd's words; nothing here runs it.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "./support/providerHost";

const PLUGIN_DIR = path.join(REPO_ROOT, "dist", "plugin");
const LAUNCHER = path.join(PLUGIN_DIR, "pulumi-resource-atlasflex");

let scratch: string;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "flex-launcher-"));
});

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A folder for PATH holding a `node` that says it is `version` and echoes what it was given. */
function fakeNode(version: string): string {
  const dir = path.join(scratch, version);
  fs.mkdirSync(dir);
  const node = path.join(dir, "node");
  fs.writeFileSync(
    node,
    `#!/bin/sh\nif [ "$1" = --version ]; then echo ${version}; else echo "started with $*"; fi\n`,
  );
  fs.chmodSync(node, 0o755);
  return dir;
}

test.each([
  [
    "no node on PATH",
    () => path.join(scratch, "empty"),
    1,
    "",
    "pulumi-resource-atlasflex: requires node >= 20 on PATH; found none\n",
  ],
  [
    "node v18.19.0",
    () => fakeNode("v18.19.0"),
    1,
    "",
    "pulumi-resource-atlasflex: requires node >= 20 on PATH; found v18.19.0\n",
  ],
  [
    "node v9.11.2 (one digit: compared as a number, not as text)",
    () => fakeNode("v9.11.2"),
    1,
    "",
    "pulumi-resource-atlasflex: requires node >= 20 on PATH; found v9.11.2\n",
  ],
  [
    "node v20.0.0: the bundle started with the engine's arguments",
    () => fakeNode("v20.0.0"),
    0,
    `started with ${PLUGIN_DIR}/atlasflex-plugin.js 127.0.0.1:50051\n`,
    "",
  ],
  [
    "node v100.1.0",
    () => fakeNode("v100.1.0"),
    0,
    `started with ${PLUGIN_DIR}/atlasflex-plugin.js 127.0.0.1:50051\n`,
    "",
  ],
])("%s", (_label, pathDir, code, stdout, stderr) => {
  // Nothing else on PATH: the launcher needs only shell built-ins besides node.
  const result = spawnSync(LAUNCHER, ["127.0.0.1:50051"], {
    env: { PATH: pathDir() },
    encoding: "utf8",
    timeout: 30_000,
  });
  expect([result.status, result.stdout, result.stderr]).toEqual([code, stdout, stderr]);
});
