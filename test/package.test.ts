/**
 * The package as npm packs it (`npm pack --dry-run --json`): what a user's `npm install` gets.
 * It runs nothing at install time, every entry point it declares is in the tarball, it ships no
 * source map whose sources it leaves out, and it leaves the emulator (a development tool of
 * this repository) out. Needs `npm run build`, like every suite that loads dist/.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");

interface PackedFile {
  readonly path: string;
  /** The file's mode, e.g. 0o755 for an executable. */
  readonly mode?: number;
}

/** The tarball's file list and the package.json it carries (the checkout's, as packed). */
const packed = JSON.parse(
  execFileSync("npm", ["pack", "--dry-run", "--json", "--loglevel=error"], {
    cwd: ROOT,
    encoding: "utf8",
  }),
) as [{ files: PackedFile[] }];
const shipped = new Set(packed[0].files.map((file) => file.path));
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  main?: string;
  types?: string;
  bin?: Record<string, string>;
  exports: unknown;
  scripts?: Record<string, string>;
};

/** A path in package.json (`./dist/x.js`, `dist/x.js`) as the tarball lists it. */
function packagePath(target: string): string {
  return path.posix.normalize(target).replace(/^\.\//, "");
}

/** Every string target of an `exports` map, conditions included. */
function exportTargets(node: unknown): string[] {
  if (typeof node === "string") return [node];
  if (node === null || typeof node !== "object") return [];
  return Object.values(node).flatMap(exportTargets);
}

// npm runs these in the installing project (`prepare` for git and local-folder installs); see
// https://docs.npmjs.com/cli/v10/using-npm/scripts#life-cycle-operation-order.
const INSTALL_SCRIPTS = [
  "preinstall",
  "install",
  "postinstall",
  "prepublish",
  "preprepare",
  "prepare",
  "postprepare",
  "dependencies",
];

test("the package runs no script when it is installed", () => {
  const present = INSTALL_SCRIPTS.filter((name) => manifest.scripts?.[name] !== undefined);
  expect(present).toEqual([]);
});

test("every entry point package.json declares is in the tarball", () => {
  const targets = [
    ...exportTargets(manifest.exports),
    ...(manifest.main ? [manifest.main] : []),
    ...(manifest.types ? [manifest.types] : []),
    ...Object.values(manifest.bin ?? {}),
  ].map(packagePath);
  expect(targets.length).toBeGreaterThan(0);
  expect(targets.filter((target) => !shipped.has(target))).toEqual([]);
});

test("no shipped file refers to a source map or source the tarball leaves out", () => {
  const missing: string[] = [];
  for (const file of shipped) {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    const dir = path.posix.dirname(file);
    if (file.endsWith(".map")) {
      const map = JSON.parse(text) as { sourceRoot?: string; sources: string[] };
      for (const source of map.sources) {
        const target = path.posix.join(dir, map.sourceRoot ?? "", source);
        if (!shipped.has(target)) missing.push(`${file} -> ${target}`);
      }
    } else if (file.endsWith(".js")) {
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(text)?.[1];
      if (url && !url.startsWith("data:") && !shipped.has(path.posix.join(dir, url))) {
        missing.push(`${file} -> ${path.posix.join(dir, url)}`);
      }
    }
  }
  expect(missing).toEqual([]);
});

test("the emulator stays out of the tarball and the exports map", () => {
  expect([...shipped].filter((file) => /(^|\/)emulator\//.test(file))).toEqual([]);
  expect(Object.keys(manifest.exports as object)).toEqual([".", "./provider", "./package.json"]);
});

test("the atlasflex plugin's launcher is shipped executable, with what it runs, and on npm's bin path", () => {
  const launcher = packed[0].files.find((file) => file.path === "bin/pulumi-resource-atlasflex");
  const source = fs.readFileSync(path.join(ROOT, "bin", "pulumi-resource-atlasflex"), "utf8");
  const target = /require\("\.\.\/(dist\/[^"]+)"\)/.exec(source)?.[1];
  expect([
    launcher?.mode === undefined ? undefined : (launcher.mode & 0o111) !== 0,
    source.split("\n")[0],
    target,
    target !== undefined && shipped.has(target),
    manifest.bin?.["pulumi-resource-atlasflex"],
  ]).toEqual([
    true,
    "#!/usr/bin/env node",
    "dist/provider/pulumi/plugin/main.js",
    true,
    "bin/pulumi-resource-atlasflex",
  ]);
});

test("the flex-snapshot command is the CLI's bundle, shipped executable, with no file of its own beside it but its licences", () => {
  const bundle = manifest.bin?.["flex-snapshot"];
  const entry = packed[0].files.find((file) => file.path === bundle);
  expect([
    bundle,
    entry?.mode === undefined ? undefined : (entry.mode & 0o111) !== 0,
    [...shipped].filter((file) => file.startsWith("dist/cli/")).sort(),
    fs.readFileSync(path.join(ROOT, bundle ?? ""), "utf8").split("\n")[0],
  ]).toEqual([
    "dist/cli/flex-snapshot.js",
    true,
    ["dist/cli/flex-snapshot.js", "dist/cli/flex-snapshot.js.LEGAL.txt"],
    "#!/usr/bin/env node",
  ]);
});

describe("the bundles carry only the part of undici the provider uses (scripts/lean-undici.js)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { leanUndiciProblem, MODULES } = require("../scripts/lean-undici") as {
    leanUndiciProblem: (root: string) => string | undefined;
    MODULES: Record<"dispatcher" | "api" | "envHttpProxyAgent", string>;
  };

  test("the undici this checkout bundles passes the check, so the build takes the lean entry", () => {
    expect(leanUndiciProblem(ROOT)).toBeUndefined();
  });

  const fakes: string[] = [];
  afterAll(() => fakes.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

  /** A node_modules/undici in a new folder: its entry, and its internal modules by path. */
  function fakeUndici(files: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "lean-undici-"));
    fakes.push(root);
    for (const [file, text] of Object.entries(files)) {
      const target = path.join(root, "node_modules", file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text);
    }
    return root;
  }

  const ENTRY = [
    "const Dispatcher = require('./lib/dispatcher/dispatcher.js');",
    "Object.assign(Dispatcher.prototype, require('./lib/api/index.js'));",
    "exports.Dispatcher = Dispatcher;",
    "exports.EnvHttpProxyAgent = require('./lib/dispatcher/env-http-proxy-agent.js');",
  ].join("\n");
  const SAME = {
    "undici/package.json": '{"name":"undici","main":"index.js"}',
    "undici/index.js": ENTRY,
    [MODULES.dispatcher]: "module.exports = class Dispatcher {};",
    [MODULES.api]: "exports.request = function request() {};",
    [MODULES.envHttpProxyAgent]: "module.exports = class EnvHttpProxyAgent {};",
  };

  test.each<[string, Record<string, string>, string | undefined]>([
    ["an undici laid out as the lean entry expects", SAME, undefined],
    [
      "an undici whose entry exports another EnvHttpProxyAgent",
      {
        ...SAME,
        "undici/index.js": `${ENTRY}\nexports.EnvHttpProxyAgent = class Other {};`,
      },
      `${MODULES.envHttpProxyAgent} is not undici's EnvHttpProxyAgent`,
    ],
    [
      "an undici whose entry adds another request API",
      {
        ...SAME,
        "undici/index.js": `${ENTRY}\nexports.Dispatcher.prototype.request = function other() {};`,
      },
      `${MODULES.api} is not the API undici's entry gives its dispatchers`,
    ],
  ])("%s", (_label, files, problem) => {
    expect(leanUndiciProblem(fakeUndici(files))).toBe(problem);
  });

  test("an undici without those modules: the problem names the missing module", () => {
    const { [MODULES.api]: _api, ...withoutApi } = SAME;
    expect(leanUndiciProblem(fakeUndici(withoutApi))).toMatch(
      /^Cannot find module '.*lib\/api\/index\.js'/,
    );
  });
});
