#!/usr/bin/env node
// @ts-check
/**
 * `npm run measure:wait [-- --minutes N]`: how many requests a wait costs. Starts the local Atlas
 * emulator, keeps a snapshot RUNNING, and waits for it with the default poll interval for N
 * minutes (default 10) in real time, then prints the requests the emulator received.
 * Needs `npm run build`.
 */
const path = require("node:path");
const { parseArgs } = require("node:util");
const linkSelf = require("./link-self");

const root = path.resolve(__dirname, "..");

// The package's public entry point, by its own name, as a user's code has it (the checkout is
// linked into node_modules; package.json's `exports` maps the name to the build).
linkSelf();
const { AtlasClient } = require("pulumi-atlas-flex-snapshot/provider");

// Not public: modules the package's `exports` map does not list, required from the build by path
// and typed from their sources.
// - lookupSnapshot (with its onProgress hook), validateLookupArgs and formatDuration: the lookup
//   as the SDK and the CLI run it, on which the public AtlasClient has no wait;
// - the local Atlas emulator: no part of the package (its `files` leave it out).
const { formatDuration } = /** @type {typeof import("../provider/lookups/duration")} */ (
  require(path.join(root, "dist/provider/lookups/duration"))
);
const { lookupSnapshot } = /** @type {typeof import("../provider/lookups/gatedLookups")} */ (
  require(path.join(root, "dist/provider/lookups/gatedLookups"))
);
const { validateLookupArgs } = /** @type {typeof import("../provider/lookups/validation")} */ (
  require(path.join(root, "dist/provider/lookups/validation"))
);
const emulatorApi = /** @type {typeof import("../emulator")} */ (
  require(path.join(root, "dist/emulator"))
);

async function main() {
  const { values } = parseArgs({ options: { minutes: { type: "string", default: "10" } } });
  const emulator = await emulatorApi.startAtlasEmulator();
  const { DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, DEMO_SNAPSHOT_IDS, DEMO_CREDENTIALS } = emulatorApi;
  const [account] = DEMO_CREDENTIALS.serviceAccounts;
  if (account === undefined) {
    throw new Error("the emulator's demo credentials hold no service account");
  }
  const client = new AtlasClient({
    baseUrl: emulator.baseUrl,
    credentials: { kind: "serviceAccount", ...account },
  });
  const args = validateLookupArgs({
    projectId: DEMO_PROJECT_ID,
    name: DEMO_CLUSTER_NAME,
    snapshotId: DEMO_SNAPSHOT_IDS.RUNNING,
    wait: { timeout: `${values.minutes}m` },
  });
  const started = Date.now();
  const outcome = await lookupSnapshot(client, args, {
    onProgress: (p) =>
      console.log(`poll ${p.polls}: ${p.status} after ${formatDuration(p.elapsedMs)}`),
  }).catch(
    /** @param {unknown} error */
    (error) => (error instanceof Error ? error : new Error(String(error))),
  );
  const elapsed = Date.now() - started;
  const result =
    outcome instanceof Error ? outcome.message : (outcome.failure ?? outcome.snapshot.status);
  console.log(`result: ${result}`);
  console.log(
    `a ${values.minutes}-minute wait took ${formatDuration(elapsed)} and cost ${emulator.count({ path: /\/snapshots\// })} snapshot requests + ${emulator.count({ path: "/api/oauth/token" })} token request(s) = ${emulator.count()} requests in all`,
  );
  await emulator.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
