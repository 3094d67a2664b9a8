/**
 * Several Atlas accounts in one emulator, each scoped to its own project, as platform teams keep
 * production and staging in different organizations: the fixture of the explicit-provider
 * tests (client, SDK and engine).
 */
import { demoSnapshot } from "../../emulator/seed";
import {
  DEMO_CLUSTER_NAME,
  DEMO_CREDENTIALS,
  DEMO_PROJECT_ID,
  type AtlasEmulator,
  type EmulatorOptions,
} from "../../emulator";

/** The staging project: another organization's, with one completed snapshot. */
export const STAGING_PROJECT_ID = "6650c0de0000000000000b22";
export const STAGING_CLUSTER_NAME = "orders-staging";
export const STAGING_SNAPSHOT_ID = "6650c0de0000000000000b23";

/** Production's service account: reads the demo project only. */
export const PROD_SA = {
  clientId: "mdb_sa_id_prod0000000000000000001",
  clientSecret: "mdb_sa_sk_prod_not_a_real_secret_00000000000000",
};
/** Staging's service account: reads the staging project only. */
export const STAGING_SA = {
  clientId: "mdb_sa_id_stag0000000000000000001",
  clientSecret: "mdb_sa_sk_stag_not_a_real_secret_00000000000000",
};
/** Staging's API key: reads the staging project only. */
export const STAGING_KEY = {
  publicKey: "stagpubk",
  privateKey: "00000000-5ta9-4000-8000-000000000000",
};
/** Staging's access token: reads the staging project only. */
export const STAGING_TOKEN = "staging-access-token-not-a-real-token";

/** Every secret of the scoped accounts; no output, state or log may contain one. */
export const ACCOUNT_SECRETS = [
  PROD_SA.clientSecret,
  STAGING_SA.clientSecret,
  STAGING_KEY.privateKey,
  STAGING_TOKEN,
];

/**
 * Emulator options with the demo credentials (every project) and the scoped accounts above,
 * merged into `options`.
 */
export function multiAccountOptions(options: EmulatorOptions = {}): EmulatorOptions {
  return {
    ...options,
    credentials: {
      serviceAccounts: [
        ...DEMO_CREDENTIALS.serviceAccounts,
        { ...PROD_SA, projects: [DEMO_PROJECT_ID] },
        { ...STAGING_SA, projects: [STAGING_PROJECT_ID] },
      ],
      apiKeys: [...DEMO_CREDENTIALS.apiKeys, { ...STAGING_KEY, projects: [STAGING_PROJECT_ID] }],
      accessTokens: [
        ...DEMO_CREDENTIALS.accessTokens,
        { token: STAGING_TOKEN, projects: [STAGING_PROJECT_ID] },
      ],
    },
  };
}

/** Puts the staging project's completed snapshot (the emulator seeds the demo project only). */
export function seedStaging(atlas: AtlasEmulator): void {
  const twoHoursAgo = Date.now() - 2 * 60 * 60 * 1000;
  atlas.putSnapshot(
    STAGING_PROJECT_ID,
    STAGING_CLUSTER_NAME,
    demoSnapshot(STAGING_SNAPSHOT_ID, "COMPLETED", twoHoursAgo),
  );
}

/** Where each scoped account may and may not read: its project, and the other one. */
export const ACCOUNT_PROJECTS = {
  prod: { projectId: DEMO_PROJECT_ID, name: DEMO_CLUSTER_NAME },
  staging: { projectId: STAGING_PROJECT_ID, name: STAGING_CLUSTER_NAME },
} as const;

/**
 * How each project's snapshot reads were authenticated and answered, e.g.
 * `{ "<project>": ["digest 200", "none 401"] }`: which account read which project. Each
 * project's list holds every distinct `<authKind> <status>` once, sorted: the reads come from
 * lookups (and provider processes) that the engine runs concurrently, so the order in which
 * they reached the emulator is not the program's. (The order within one lookup, such as a
 * Digest challenge before the signed read, is checked where one lookup runs alone.)
 */
export function readsByProject(atlas: AtlasEmulator): Record<string, string[]> {
  const reads: Record<string, Set<string>> = {};
  for (const r of atlas.requests.filter((r) => r.path.includes("/backup/snapshots"))) {
    (reads[r.path.split("/")[5]!] ??= new Set()).add(`${r.authKind} ${r.status}`);
  }
  return Object.fromEntries(
    Object.entries(reads).map(([project, seen]) => [project, [...seen].sort()]),
  );
}
