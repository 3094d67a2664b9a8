// @ts-check
/**
 * Tarballs that are the same bytes every time they are made from the same files, so that a
 * release's `checksums.txt` is stable (https://reproducible-builds.org/docs/archives/): entries
 * sorted by name, every mtime the commit's time (`SOURCE_DATE_EPOCH`), owner and group 0 with no
 * names, permissions reduced to what the owner's bits say, and a gzip header without a time.
 *
 * Uses GNU tar (`--sort`, `--mtime`, `--owner` are its options; the release runs on Linux) and
 * Node's zlib for the gzip layer (its header carries no time and no file name).
 */
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

/** The time of a build outside a git checkout: 1980-01-01, the earliest a zip entry can hold. */
const NO_COMMIT_EPOCH = 315532800;

/**
 * The time every archived file gets: `SOURCE_DATE_EPOCH` when set (the convention that Python's
 * wheel and Maven's `project.build.outputTimestamp` follow too), else the commit's time, else
 * (no git checkout) a fixed one.
 *
 * @param {string} root - the checkout
 * @returns {number} seconds since the epoch
 */
function sourceDateEpoch(root) {
  const fromEnv = process.env["SOURCE_DATE_EPOCH"];
  if (fromEnv !== undefined && fromEnv !== "") {
    if (!/^\d{1,12}$/.test(fromEnv)) {
      throw new Error(
        `invalid SOURCE_DATE_EPOCH "${fromEnv.slice(0, 20)}": expected whole seconds since 1970`,
      );
    }
    return Number(fromEnv);
  }
  try {
    const commitTime = execFileSync("git", ["log", "-1", "--format=%ct"], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 30_000,
    }).trim();
    if (/^\d+$/.test(commitTime)) return Number(commitTime);
  } catch {
    // Not a git checkout (a source tarball): the fixed time below.
  }
  return NO_COMMIT_EPOCH;
}

/**
 * Writes `file`, a gzipped tar of `entries` (paths relative to `dir`; folders recursively).
 *
 * @param {string} file
 * @param {string} dir
 * @param {readonly string[]} entries
 * @param {number} epoch - every entry's mtime ({@link sourceDateEpoch})
 */
function reproducibleTarGz(file, dir, entries, epoch) {
  const tar = execFileSync(
    "tar",
    [
      "--create",
      "--format=gnu",
      "--sort=name",
      `--mtime=@${epoch}`,
      "--owner=0",
      "--group=0",
      "--numeric-owner",
      // The umask of the machine that builds does not leak in: group and others get what the
      // owner has, less writing.
      "--mode=go=u,go-w",
      "--directory",
      dir,
      "--",
      ...entries,
    ],
    { maxBuffer: 512 * 1024 * 1024, timeout: 120_000 },
  );
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, zlib.gzipSync(tar, { level: 9 }));
}

/**
 * Rewrites an existing `.tar.gz` (one whose tool sets times and order of its own, like
 * setuptools' sdist) as {@link reproducibleTarGz} would have written it: the same files, in
 * a temporary folder beside it.
 *
 * @param {string} file
 * @param {number} epoch
 */
function normalizeTarGz(file, epoch) {
  const scratch = fs.mkdtempSync(`${file}.unpacked-`);
  try {
    execFileSync("tar", ["--extract", "--gzip", "--file", file, "--directory", scratch], {
      timeout: 120_000,
    });
    reproducibleTarGz(file, scratch, fs.readdirSync(scratch).sort(), epoch);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

module.exports = { sourceDateEpoch, reproducibleTarGz, normalizeTarGz };
