import type { DigestAlgorithm } from "./digest";
import { DEMO_CREDENTIALS } from "./seed";
import type {
  EmulatorAccessToken,
  EmulatorApiKey,
  EmulatorOptions,
  EmulatorServiceAccount,
} from "./types";
import { isCalendarDate } from "./versioning";

/**
 * {@link EmulatorOptions} with every default applied and every value checked.
 */
export interface ResolvedOptions {
  port: number;
  host: string;
  credentials: {
    serviceAccounts: EmulatorServiceAccount[];
    apiKeys: EmulatorApiKey[];
    accessTokens: EmulatorAccessToken[];
  };
  tokenTtlSeconds: number;
  tokenLimit: number;
  digestAlgorithm: DigestAlgorithm;
  nonceMaxUses: number;
  seed: boolean;
  forbiddenProjects: ReadonlySet<string>;
  goneVersions: ReadonlySet<string>;
  /** Deprecated version date → sunset HTTP-date. */
  deprecatedVersions: ReadonlyMap<string, string>;
  /** The emulator's clock, in epoch milliseconds. */
  now: () => number;
  /** Step of the progressing demo snapshot; `undefined` when it is not seeded. */
  progressStepMs: number | undefined;
}

/**
 * Applies the defaults of {@link EmulatorOptions} and rejects values the emulator cannot honour,
 * so that a typo fails at start-up instead of as a puzzling 401 later.
 *
 * @throws RangeError naming the first bad option
 */
export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`port must be an integer from 0 to 65535, got ${port}`);
  }
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
  // expires_in is a whole number of seconds (RFC 6749 §5.1).
  if (!Number.isSafeInteger(tokenTtlSeconds) || tokenTtlSeconds < 0) {
    throw new RangeError(`tokenTtlSeconds must be a non-negative integer, got ${tokenTtlSeconds}`);
  }
  const tokenLimit = options.tokenLimit ?? 100;
  if (!Number.isSafeInteger(tokenLimit) || tokenLimit < 1) {
    throw new RangeError(`tokenLimit must be a positive integer, got ${tokenLimit}`);
  }
  const digestAlgorithm = options.digestAlgorithm ?? "MD5";
  if (digestAlgorithm !== "MD5" && digestAlgorithm !== "SHA-256") {
    throw new RangeError(
      `digestAlgorithm must be "MD5" or "SHA-256", got ${String(digestAlgorithm)}`,
    );
  }
  const nonceMaxUses = options.nonceMaxUses ?? 1000;
  if (!Number.isSafeInteger(nonceMaxUses) || nonceMaxUses < 1) {
    throw new RangeError(`nonceMaxUses must be a positive integer, got ${nonceMaxUses}`);
  }
  const goneVersions = options.goneVersions ?? [];
  const deprecatedVersions = Object.entries(options.deprecatedVersions ?? {});
  for (const version of [...goneVersions, ...deprecatedVersions.map(([version]) => version)]) {
    if (!isCalendarDate(version)) {
      throw new RangeError(`API versions must be dates like 2024-11-13, got ${version}`);
    }
  }
  for (const [version, sunset] of deprecatedVersions) {
    if (Number.isNaN(Date.parse(sunset))) {
      throw new RangeError(`the sunset of version ${version} must be an HTTP-date, got ${sunset}`);
    }
  }
  const seed = options.seed ?? true;
  const { progressStepMs } = options;
  if (progressStepMs !== undefined) {
    if (!Number.isFinite(progressStepMs) || progressStepMs <= 0) {
      throw new RangeError(`progressStepMs must be a positive number, got ${progressStepMs}`);
    }
    // The progressing snapshot lives in the demo cluster, which only seeding creates.
    if (!seed) {
      throw new RangeError("progressStepMs needs seed: true");
    }
  }
  const credentials = options.credentials ?? DEMO_CREDENTIALS;
  return {
    port,
    host: options.host ?? "127.0.0.1",
    // Copied so that later changes to the caller's objects do not change what is accepted.
    credentials: {
      serviceAccounts: (credentials.serviceAccounts ?? []).map((account) => ({ ...account })),
      apiKeys: (credentials.apiKeys ?? []).map((key) => ({ ...key })),
      accessTokens: (credentials.accessTokens ?? []).map((token) =>
        typeof token === "string" ? { token } : { ...token },
      ),
    },
    tokenTtlSeconds,
    tokenLimit,
    digestAlgorithm,
    nonceMaxUses,
    seed,
    forbiddenProjects: new Set(options.forbiddenProjects ?? []),
    goneVersions: new Set(goneVersions),
    deprecatedVersions: new Map(deprecatedVersions),
    // Looked up on each call rather than bound, so that a test spying on Date.now still works.
    now: options.now ?? (() => Date.now()),
    progressStepMs,
  };
}
