#!/usr/bin/env node
// @ts-check
/**
 * `node scripts/layout-report.js [repoDir]`: how the source of the checkout at `repoDir` (default:
 * this one) is laid out, and in how many places the lookups and their arguments are named.
 *
 * 1. Lines per folder: files and lines of .ts, .js and .md in each top-level folder (and in each
 *    folder of provider/ one level down), counting what git tracks or would track (its ignored
 *    files left out; outside a git checkout, everything but node_modules, dist, coverage and
 *    hidden folders).
 * 2. Names of each lookup, and 3. names of each argument: in how many source files under
 *    provider/, sdk/ and bin/ (not test/, not docs/) the names in the tables below appear, and how
 *    often — in the whole text, and in the code alone (comments removed).
 *
 * 4. Files each front door loads: the project's own source files (not node_modules) in the
 *    import closure of each front door's entry, as esbuild resolves it (its metafile; esbuild is
 *    this repository's bundler). Entries missing from the checkout print "-".
 *
 * It reads files only and needs nothing built, so it runs on an older checkout as well: compare
 * `node scripts/layout-report.js` with `node scripts/layout-report.js <older checkout>`.
 */
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const esbuild = require("esbuild");
const ts = require("typescript");

/**
 * @typedef {object} Named - a lookup or an argument, and the patterns that name it
 * @property {string} name
 * @property {RegExp[]} patterns - each global (`g`); a file's occurrences are the matches of all
 */

/**
 * An identifier, at word boundaries: `getFlexSnapshot` matches neither `getFlexSnapshots` nor
 * `getFlexSnapshotOutput`.
 *
 * @param {string} source - a regular expression's source, with no `|` outside a group
 */
const word = (source) => new RegExp(`\\b${source}\\b`, "g");

/**
 * A whole string literal, in double or single quotes: `"snapshot"`, not `"snapshots"`.
 *
 * @param {string} text
 */
const quoted = (text) => new RegExp(`["']${escapeRegExp(text)}["']`, "g");

/**
 * A flag of the `flex-snapshot` CLI, bare (`"project-id": {` in its table of flags) or with its
 * dashes (`--project-id`), but not inside a longer flag (`--require-target-project-id`).
 *
 * @param {string} name
 */
const flag = (name) => new RegExp(`(?<![\\w-])(?:--)?${escapeRegExp(name)}(?![\\w-])`, "g");

/** @param {string} text */
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The six lookups, each with the names that identify it across the front doors:
 * - the SDK's function and its Output form (`getFlexSnapshot`, `getFlexSnapshotOutput`), which
 *   are also the plugin's function names (`atlasflex:index:getFlexSnapshot`);
 * - the SDK's resource class (`FlexSnapshot`);
 * - the kind the provider and the CLI tell the lookups apart by (`"snapshot"`);
 * - the `flex-snapshot` CLI's commands (`"get"`, `"restore-job get"`, …). The snapshot's and the
 *   restore job's `wait` commands are left out: `"wait"` is the argument's name as well.
 */
/** @type {Named[]} */
const LOOKUPS = [
  {
    name: "snapshot",
    patterns: [
      word("getFlexSnapshot(?:Output)?"),
      word("FlexSnapshot"),
      quoted("snapshot"),
      quoted("get"),
    ],
  },
  {
    name: "latest",
    patterns: [
      word("getLatestFlexSnapshot(?:Output)?"),
      word("LatestFlexSnapshot"),
      quoted("latest"),
    ],
  },
  {
    name: "list",
    patterns: [word("getFlexSnapshots(?:Output)?"), word("FlexSnapshots"), quoted("list")],
  },
  {
    name: "restoreJob",
    patterns: [
      word("getFlexRestoreJob(?:Output)?"),
      word("FlexRestoreJob"),
      quoted("restoreJob"),
      quoted("restore-job get"),
      quoted("restore-job wait"),
    ],
  },
  {
    name: "latestRestoreJob",
    patterns: [
      word("getLatestFlexRestoreJob(?:Output)?"),
      quoted("latestRestoreJob"),
      quoted("restore-job latest"),
    ],
  },
  {
    name: "restoreJobs",
    patterns: [
      word("getFlexRestoreJobs(?:Output)?"),
      word("FlexRestoreJobs"),
      quoted("restoreJobs"),
      quoted("restoreJobList"),
      quoted("restore-job list"),
    ],
  },
];

/**
 * The lookups' arguments (`name` and `status` left out: too common a word), each named by its
 * identifier and, where the CLI spells it otherwise, by its flag. `require` leaves out Node's
 * `require(…)` and `require.resolve`, and counts the CLI's `--require-*` flags (the gate's).
 */
/** @type {Named[]} */
const ARGUMENTS = [
  { name: "projectId", patterns: [word("projectId"), flag("project-id")] },
  { name: "snapshotId", patterns: [word("snapshotId"), flag("snapshot-id")] },
  { name: "restoreJobId", patterns: [word("restoreJobId"), flag("restore-job-id")] },
  { name: "require", patterns: [/\brequire\b(?!\s*\(|\.resolve\b)/g] },
  { name: "wait", patterns: [word("wait")] },
  { name: "apiVersion", patterns: [word("apiVersion"), flag("api-version")] },
  { name: "maxAge", patterns: [word("maxAge"), flag("max-age")] },
  { name: "minRemaining", patterns: [word("minRemaining"), flag("min-remaining")] },
  { name: "enforceInPreview", patterns: [word("enforceInPreview")] },
  { name: "targetDeploymentItemName", patterns: [word("targetDeploymentItemName")] },
];

/** The folders of the first table, in order; provider/'s own folders are added after it. */
const FOLDERS = [
  "provider",
  "sdk/nodejs",
  "bin",
  "emulator",
  "test",
  "test/support",
  "scripts",
  "examples",
  "docs",
];

/** The folders whose source the name counts read. */
const NAMING_FOLDERS = ["provider", "sdk/nodejs", "bin"];

/** The files the first table counts. */
const COUNTED = /\.(ts|js|md)$/;

/** Source files, for the name counts. */
const SOURCE = /\.(ts|js|mts|cts|mjs|cjs)$/;

/** Folders never counted, wherever they are. */
const SKIPPED_DIRS = new Set(["node_modules", "dist", "coverage"]);

/**
 * The files of the checkout at `dir`, as paths relative to it with `/`: git's tracked and
 * untracked files without its ignored ones (those deleted in the work tree left out), or, outside
 * a git checkout, every file but those under node_modules, dist, coverage and hidden folders.
 *
 * @param {string} dir
 * @returns {string[]}
 */
function listFiles(dir) {
  /** @type {string[]} */
  let files;
  try {
    files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      maxBuffer: 64 * 1024 * 1024,
    })
      .split("\0")
      .filter((file) => file !== "");
  } catch {
    files = walk(dir, "");
  }
  const kept = files.filter(
    (file) =>
      !file.split("/").some((part) => SKIPPED_DIRS.has(part) || part.startsWith(".")) &&
      fs.statSync(path.join(dir, file), { throwIfNoEntry: false })?.isFile(),
  );
  return [...new Set(kept)].sort();
}

/**
 * @param {string} root
 * @param {string} relative - a folder under `root`, "" for `root` itself
 * @returns {string[]} the files under it, skipping SKIPPED_DIRS and hidden folders
 */
function walk(root, relative) {
  /** @type {string[]} */
  const files = [];
  for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
    const file = relative === "" ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith(".")) {
        files.push(...walk(root, file));
      }
    } else if (entry.isFile()) {
      files.push(file);
    }
  }
  return files;
}

/** @param {string} text */
function countLines(text) {
  let lines = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lines++;
  return text.length > 0 && !text.endsWith("\n") ? lines + 1 : lines;
}

/**
 * `text` without its comments, by TypeScript's printer (which keeps every literal as written).
 *
 * @param {string} file - its name, for the language
 * @param {string} text
 */
function withoutComments(file, text) {
  const kind = /\.[mc]?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  return ts.createPrinter({ removeComments: true }).printFile(source);
}

/**
 * @param {string} text
 * @param {readonly RegExp[]} patterns
 * @returns {number} the matches of all `patterns` in `text`
 */
function occurrences(text, patterns) {
  return patterns.reduce((sum, pattern) => sum + (text.match(pattern)?.length ?? 0), 0);
}

/**
 * A plain text table, its first column aligned left and the others right.
 *
 * @param {string[]} headers
 * @param {(string | number)[][]} rows
 */
function table(headers, rows) {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length)));
  /** @param {string[]} row */
  const line = (row) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "-".repeat(width)).join("  ");
  return [line(headers), rule, ...cells.slice(1).map(line)].join("\n");
}

/**
 * What identifies the checkout: its commit, and whether its work tree differs.
 *
 * @param {string} dir
 */
function describeCheckout(dir) {
  try {
    /** @param {string[]} args */
    const git = (args) =>
      execFileSync("git", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
        .trim()
        .split("\n")[0];
    const commit = git(["log", "-1", "--format=%h %s"]);
    const dirty = git(["status", "--porcelain"]) ? ", with uncommitted changes" : "";
    return `commit ${commit}${dirty}`;
  } catch {
    return "not a git checkout";
  }
}

/**
 * The first table: files and lines per folder.
 *
 * @param {string} dir
 * @param {readonly string[]} files
 */
function linesPerFolder(dir, files) {
  const counted = files.filter((file) => COUNTED.test(file));
  /** @type {Map<string, string>} */
  const texts = new Map(
    counted.map((file) => [file, fs.readFileSync(path.join(dir, file), "utf8")]),
  );
  const providerFolders = [
    ...new Set(
      counted
        .map((file) => file.split("/"))
        .filter((parts) => parts[0] === "provider" && parts.length > 2)
        .map((parts) => `provider/${parts[1]}`),
    ),
  ].sort();
  /** @type {[label: string, select: (file: string) => boolean][]} */
  const folders = [];
  for (const folder of FOLDERS) {
    folders.push([folder, (file) => file.startsWith(`${folder}/`)]);
    if (folder === "provider") {
      folders.push([
        "provider (top level)",
        (file) => file.startsWith("provider/") && !file.slice("provider/".length).includes("/"),
      ]);
      for (const sub of providerFolders) folders.push([sub, (file) => file.startsWith(`${sub}/`)]);
    }
  }
  const rows = folders.map(([label, select]) => {
    const inFolder = counted.filter(select);
    if (inFolder.length === 0 && !fs.existsSync(path.join(dir, label.split(" ")[0] ?? label))) {
      return [label, "-", "-", "-", "-", "-"];
    }
    /** @param {string} ext */
    const lines = (ext) =>
      inFolder
        .filter((file) => file.endsWith(ext))
        .reduce((sum, file) => sum + countLines(texts.get(file) ?? ""), 0);
    const [tsLines, jsLines, mdLines] = [lines(".ts"), lines(".js"), lines(".md")];
    return [label, inFolder.length, tsLines + jsLines + mdLines, tsLines, jsLines, mdLines];
  });
  return table(["folder", "files", "lines", ".ts", ".js", ".md"], rows);
}

/**
 * A table of where each of `named` is named in the source under NAMING_FOLDERS.
 *
 * @param {string} dir
 * @param {readonly string[]} files
 * @param {string} what - the first column's header
 * @param {readonly Named[]} named
 */
function namesTable(dir, files, what, named) {
  const sources = files
    .filter((file) => NAMING_FOLDERS.some((folder) => file.startsWith(`${folder}/`)))
    .filter((file) => SOURCE.test(file) && !file.endsWith(".d.ts"))
    .map((file) => {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      return { file, text, code: withoutComments(file, text) };
    });
  const rows = named.map(({ name, patterns }) => {
    const inText = sources.map((source) => occurrences(source.text, patterns));
    const inCode = sources.map((source) => occurrences(source.code, patterns));
    /** @param {string} folder */
    const filesIn = (folder) =>
      sources.filter((source, i) => source.file.startsWith(`${folder}/`) && (inText[i] ?? 0) > 0)
        .length;
    return [
      name,
      inText.filter((n) => n > 0).length,
      inText.reduce((a, b) => a + b, 0),
      inCode.filter((n) => n > 0).length,
      inCode.reduce((a, b) => a + b, 0),
      ...NAMING_FOLDERS.map(filesIn),
    ];
  });
  return table(
    [what, "files", "occurrences", "code files", "code occurrences", ...NAMING_FOLDERS],
    rows,
  );
}

/** @param {readonly Named[]} named */
function legend(named) {
  return named
    .map(({ name, patterns }) => `  ${name}: ${patterns.map(String).join(" ")}`)
    .join("\n");
}

/**
 * The front doors' entries for section 4; each lists the paths it has had, newest first, so that
 * an older checkout is measured by the same door.
 */
const FRONT_DOORS = [
  {
    door: "Node.js function (getFlexSnapshotOutput), in the program",
    entries: ["sdk/nodejs/getFlexSnapshot.ts", "sdk/getFlexSnapshot.ts"],
  },
  { door: "dynamic-provider host (the provider the shim loads)", entries: ["provider/index.ts"] },
  { door: "atlasflex plugin", entries: ["provider/pulumi/plugin/main.ts"] },
  { door: "flex-snapshot CLI", entries: ["bin/flex-snapshot.ts"] },
  { door: "GitHub Action", entries: ["action/main.ts"] },
];

/**
 * Section 4: for each front door, how many of the project's files its entry loads.
 *
 * @param {string} dir
 */
function filesPerDoor(dir) {
  const rows = FRONT_DOORS.map(({ door, entries }) => {
    const entry = entries.find((file) => fs.existsSync(path.join(dir, file)));
    if (entry === undefined) return [door, "-", "-"];
    const { metafile } = esbuild.buildSync({
      absWorkingDir: dir,
      entryPoints: [entry],
      bundle: true,
      platform: "node",
      packages: "external",
      write: false,
      metafile: true,
      outfile: "closure.js",
      logLevel: "silent",
    });
    const own = Object.keys(metafile.inputs).filter((file) => !file.includes("node_modules"));
    return [door, entry, own.length];
  });
  return table(["front door", "entry", "files"], rows);
}

function main() {
  const dir = path.resolve(process.argv[2] ?? path.join(__dirname, ".."));
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`${dir} is not a folder`);
  }
  const files = listFiles(dir);
  const folders = NAMING_FOLDERS.map((folder) => `${folder}/`).join(", ");
  const sections = [
    `Layout of ${dir} (${describeCheckout(dir)})`,
    `Lines per folder (.ts, .js and .md files; a folder counts its subfolders; "-": no such folder)\n\n${linesPerFolder(dir, files)}`,
    `Names of each lookup: files under ${folders} that name it, and its occurrences; "code": with comments removed; then the files per folder\n\n${namesTable(dir, files, "lookup", LOOKUPS)}\n\npatterns:\n${legend(LOOKUPS)}`,
    `Names of each argument, likewise\n\n${namesTable(dir, files, "argument", ARGUMENTS)}\n\npatterns:\n${legend(ARGUMENTS)}`,
    `Files each front door loads: the project's source files in its entry's import closure\n\n${filesPerDoor(dir)}`,
  ];
  console.log(sections.join("\n\n\n"));
}

try {
  main();
} catch (error) {
  process.stderr.write(`layout-report: ${error instanceof Error ? error.message : error}\n`);
  process.exitCode = 1;
}
