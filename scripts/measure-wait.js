#!/usr/bin/env node
/**
 * `npm run measure:wait [-- --minutes N]`: how many requests a wait costs. Starts the local Atlas
 * emulator, keeps a snapshot RUNNING, and waits for it with the default poll interval for N
 * minutes (default 10) in real time, then prints the requests the emulator received.
 * Needs `npm run build`.
 */
const path = require("node:path");
const { parseArgs } = require("node:util");

const root = path.resolve(__dirname, "..");
const { AtlasClient } = require(path.join(root, "dist/provider"));
const { formatDuration } = require(path.join(root, "dist/provider/lookups/duration"));
const { lookupSnapshot } = require(path.join(root, "dist/provider/lookups/gatedLookups"));
const { validateLookupArgs } = require(path.join(root, "dist/provider/lookups/validation"));
const emulatorApi = require(path.join(root, "dist/emulator"));

async function main() {
  const { values } = parseArgs({ options: { minutes: { type: "string", default: "10" } } });
  const emulator = await emulatorApi.startAtlasEmulator();
  const { DEMO_PROJECT_ID, DEMO_CLUSTER_NAME, DEMO_SNAPSHOT_IDS, DEMO_CREDENTIALS } = emulatorApi;
  const client = new AtlasClient({
    baseUrl: emulator.baseUrl,
    credentials: { kind: "serviceAccount", ...DEMO_CREDENTIALS.serviceAccounts[0] },
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
  }).catch((error) => error);
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
