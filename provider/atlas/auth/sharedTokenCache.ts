/**
 * The optional shared token cache: one file per service account (and Atlas origin) under the
 * user's cache directory, so that the processes of a persistent machine reuse one access token
 * instead of minting one each. Atlas lets a service account hold only 100 live tokens and its
 * docs ask clients to reuse a token until it expires; Azure Identity's persistent token cache is
 * the model.
 *
 * Off by default; `ATLAS_FLEX_SNAPSHOT_TOKEN_CACHE=1` turns it on. A cached token is shared, so
 * no process revokes it at exit: it lives out its hour.
 *
 * Everything here is best effort: a missing, corrupt, foreign or unreadable file, a directory
 * that cannot be made private, or a lock that cannot be taken makes the caller mint a token of
 * its own, never fail.
 *
 * The lock is written here rather than taken from a library: `proper-lockfile`, the usual
 * choice, pulls in `signal-exit`, which hooks SIGINT/SIGTERM in the dynamic-provider host, where
 * this package's own handler must revoke tokens on those signals; and the lock only guards an
 * optimisation (losing a race costs one extra token, never a wrong answer).
 */
import { createHash, randomBytes } from "node:crypto";
import { promises as fs, constants as fsConstants } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as z from "zod";
import { ConfigurationError } from "../errors";

/** The environment variable that turns the shared token cache on (`1` or `true`). */
export const TOKEN_CACHE_ENV = "ATLAS_FLEX_SNAPSHOT_TOKEN_CACHE";

/** The folder under the user's cache directory that holds this package's token files. */
const CACHE_SUBDIR = path.join("pulumi-atlas-flex-snapshot", "tokens");

/**
 * Whether `env` turns the shared token cache on: `1` or `true` (any case) does; unset, empty,
 * `0` or `false` does not.
 *
 * @throws ConfigurationError for any other value, naming the variable
 * @example
 * tokenCacheEnabled({ ATLAS_FLEX_SNAPSHOT_TOKEN_CACHE: "1" }); // true
 */
export function tokenCacheEnabled(env: NodeJS.ProcessEnv): boolean {
  const raw = (env[TOKEN_CACHE_ENV] ?? "").trim().toLowerCase();
  if (raw === "1" || raw === "true") return true;
  if (raw === "" || raw === "0" || raw === "false") return false;
  throw new ConfigurationError(
    `invalid ${TOKEN_CACHE_ENV} ${JSON.stringify((env[TOKEN_CACHE_ENV] ?? "").slice(0, 16))}: expected 1 or true to share access tokens between processes, or 0, false or nothing to leave it off`,
  );
}

/**
 * The directory of the token files: `$XDG_CACHE_HOME` (when absolute, as the XDG Base Directory
 * spec requires) or `~/.cache`, then `pulumi-atlas-flex-snapshot/tokens`.
 */
export function tokenCacheDir(env: NodeJS.ProcessEnv): string {
  const xdg = env["XDG_CACHE_HOME"];
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), ".cache");
  return path.join(base, CACHE_SUBDIR);
}

/**
 * The key of one service account at one Atlas origin: a SHA-256 of the token URL, the client id
 * and the secret, so that a rotated secret never picks up the old one's token and a file name
 * never holds the secret.
 */
export function tokenCacheKey(tokenUrl: string, clientId: string, clientSecret: string): string {
  return createHash("sha256")
    .update(
      JSON.stringify(["pulumi-atlas-flex-snapshot/token/v1", tokenUrl, clientId, clientSecret]),
    )
    .digest("hex");
}

/** A token as the cache keeps it. Times are epoch milliseconds. */
export interface SharedToken {
  readonly accessToken: string;
  /** When to stop using it: shortly before it expires. */
  readonly renewAt: number;
  readonly expiresAt: number;
}

/** The file's content; `key` and `tokenUrl` tell a file that belongs to another account apart. */
const tokenFileSchema = z.object({
  format: z.literal(1),
  key: z.string(),
  tokenUrl: z.string(),
  accessToken: z.string().min(1),
  renewAt: z.number().finite(),
  expiresAt: z.number().finite(),
});

/** What {@link SharedTokenCache.obtain} needs to know about one service account. */
interface TokenCacheEntry {
  /** {@link tokenCacheKey} of the account. */
  readonly key: string;
  readonly tokenUrl: string;
}

/** Tuning of {@link SharedTokenCache}; the defaults suit real use. */
export interface SharedTokenCacheOptions {
  /**
   * How long to wait for another process that is minting the token before minting one anyway.
   * @default 10000
   * @unit milliseconds
   */
  readonly lockWaitMs?: number;
  /**
   * A lock older than this is taken to be left by a process that died, and broken.
   * @default 30000
   * @unit milliseconds
   */
  readonly staleLockMs?: number;
  /**
   * How often a waiting process looks again.
   * @default 25
   * @unit milliseconds
   */
  readonly pollMs?: number;
}

/** The outcome of {@link SharedTokenCache.obtain}. */
interface ObtainedToken {
  readonly token: SharedToken;
  /** Whether the token is in the shared file (and so must not be revoked by this process). */
  readonly shared: boolean;
  /** Whether this process minted it. */
  readonly minted: boolean;
}

/** The token files of one cache directory. */
export class SharedTokenCache {
  private readonly lockWaitMs: number;
  private readonly staleLockMs: number;
  private readonly pollMs: number;

  constructor(
    readonly dir: string,
    options: SharedTokenCacheOptions = {},
  ) {
    this.lockWaitMs = options.lockWaitMs ?? 10_000;
    this.staleLockMs = options.staleLockMs ?? 30_000;
    this.pollMs = options.pollMs ?? 25;
  }

  /** The cache `env` asks for, or `undefined` when it is off. */
  static fromEnv(env: NodeJS.ProcessEnv): SharedTokenCache | undefined {
    return tokenCacheEnabled(env) ? new SharedTokenCache(tokenCacheDir(env)) : undefined;
  }

  /** The path of an entry's token file. */
  filePath(key: string): string {
    return path.join(this.dir, `${key}.json`);
  }

  /**
   * Returns the cached token of `entry` while it is good (and not in `refused`); otherwise mints
   * one with `mint` — in one process at a time, the others waiting for it — and stores it.
   *
   * @param maxWaitMs - the longest wait for another process's mint (bounded by the lookup's deadline)
   */
  async obtain(
    entry: TokenCacheEntry,
    mint: () => Promise<SharedToken>,
    refused: ReadonlySet<string>,
    maxWaitMs: number = this.lockWaitMs,
  ): Promise<ObtainedToken> {
    const usable = (token: SharedToken | undefined): token is SharedToken =>
      token !== undefined && Date.now() < token.renewAt && !refused.has(token.accessToken);
    const ready = await this.prepareDir();
    if (!ready) {
      return { token: await mint(), shared: false, minted: true };
    }
    const cached = await this.read(entry);
    if (usable(cached)) {
      return { token: cached, shared: true, minted: false };
    }
    const lock = await this.lock(entry, usable, Math.min(maxWaitMs, this.lockWaitMs));
    if (lock.kind === "token") {
      return { token: lock.token, shared: true, minted: false };
    }
    try {
      if (lock.kind === "locked") {
        // Another process may have stored a token between our read and taking the lock.
        const again = await this.read(entry);
        if (usable(again)) {
          return { token: again, shared: true, minted: false };
        }
      }
      const token = await mint();
      return { token, shared: await this.write(entry, token), minted: true };
    } finally {
      if (lock.kind === "locked") {
        await fs.unlink(lock.path).catch(() => undefined);
      }
    }
  }

  /**
   * Reads an entry's token; `undefined` when the file is missing, unreadable, corrupt, not
   * private to this user, or holds another account's token.
   */
  async read(entry: TokenCacheEntry): Promise<SharedToken | undefined> {
    let handle: fs.FileHandle | undefined;
    try {
      // O_NOFOLLOW: a symbolic link planted in place of the file is not followed.
      handle = await fs.open(
        this.filePath(entry.key),
        fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0),
      );
      const stat = await handle.stat();
      if (!stat.isFile() || !ownedPrivately(stat)) {
        return undefined;
      }
      const parsed = tokenFileSchema.safeParse(JSON.parse(await handle.readFile("utf8")));
      if (
        !parsed.success ||
        parsed.data.key !== entry.key ||
        parsed.data.tokenUrl !== entry.tokenUrl
      ) {
        return undefined;
      }
      const { accessToken, renewAt, expiresAt } = parsed.data;
      return { accessToken, renewAt, expiresAt };
    } catch {
      return undefined;
    } finally {
      await handle?.close().catch(() => undefined);
    }
  }

  /** Stores a token atomically (a private temporary file renamed over the old one). */
  async write(entry: TokenCacheEntry, token: SharedToken): Promise<boolean> {
    const target = this.filePath(entry.key);
    const temporary = path.join(
      this.dir,
      `.${entry.key}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`,
    );
    const content = JSON.stringify({
      format: 1,
      key: entry.key,
      tokenUrl: entry.tokenUrl,
      accessToken: token.accessToken,
      renewAt: token.renewAt,
      expiresAt: token.expiresAt,
    });
    try {
      // `wx` and 0600: a new file that only this user can read; rename(2) replaces atomically.
      await fs.writeFile(temporary, content, { mode: 0o600, flag: "wx" });
      await fs.rename(temporary, target);
      return true;
    } catch {
      await fs.unlink(temporary).catch(() => undefined);
      return false;
    }
  }

  /** Creates the directory (0700) or checks that it is a private directory of this user. */
  private async prepareDir(): Promise<boolean> {
    try {
      await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
      const stat = await fs.lstat(this.dir);
      if (!stat.isDirectory() || !ownedBySelf(stat)) {
        return false;
      }
      if ((stat.mode & 0o077) !== 0) {
        await fs.chmod(this.dir, 0o700);
      }
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Takes the entry's lock file (created with O_EXCL, so only one process holds it), waiting up
   * to `waitMs` while another process holds it — and returning that process's token as soon as it
   * is stored. Breaks a lock whose holder died. Gives up (`unlocked`) rather than fail.
   */
  private async lock(
    entry: TokenCacheEntry,
    usable: (token: SharedToken | undefined) => token is SharedToken,
    waitMs: number,
  ): Promise<
    { kind: "locked"; path: string } | { kind: "token"; token: SharedToken } | { kind: "unlocked" }
  > {
    const lockPath = `${this.filePath(entry.key)}.lock`;
    const giveUpAt = Date.now() + waitMs;
    for (;;) {
      try {
        await fs.writeFile(
          lockPath,
          JSON.stringify({ pid: process.pid, host: os.hostname(), at: Date.now() }),
          { mode: 0o600, flag: "wx" },
        );
        return { kind: "locked", path: lockPath };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
          return { kind: "unlocked" };
        }
      }
      const stored = await this.read(entry);
      if (usable(stored)) {
        return { kind: "token", token: stored };
      }
      if (await this.isStale(lockPath)) {
        await fs.unlink(lockPath).catch(() => undefined);
        continue;
      }
      if (Date.now() >= giveUpAt) {
        return { kind: "unlocked" };
      }
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
  }

  /** A lock is stale when it is old, or when its holder on this host is no longer running. */
  private async isStale(lockPath: string): Promise<boolean> {
    try {
      const stat = await fs.stat(lockPath);
      if (Date.now() - stat.mtimeMs > this.staleLockMs) {
        return true;
      }
      const holder = JSON.parse(await fs.readFile(lockPath, "utf8")) as {
        pid?: unknown;
        host?: unknown;
      };
      return (
        holder.host === os.hostname() &&
        typeof holder.pid === "number" &&
        holder.pid !== process.pid &&
        !isRunning(holder.pid)
      );
    } catch {
      // Gone (released), or being written by its holder: not stale.
      return false;
    }
  }
}

/** Whether a file system entry belongs to this user (always true where there are no uids). */
function ownedBySelf(stat: { uid: number }): boolean {
  return typeof process.getuid !== "function" || stat.uid === process.getuid();
}

/** Whether a token file is this user's and readable by nobody else. */
function ownedPrivately(stat: { uid: number; mode: number }): boolean {
  return ownedBySelf(stat) && (process.platform === "win32" || (stat.mode & 0o077) === 0);
}

/** Whether a process exists (signal 0 only checks; EPERM means it exists but is not ours). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
