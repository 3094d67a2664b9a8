#!/usr/bin/env node
/**
 * `npm run measure`: counts what a lookup costs against the local Atlas emulator, per kind of
 * credentials (HTTP requests to the API and to the token endpoint, sequential and concurrent),
 * and the size of the `__provider` that Pulumi stores in state per lookup. Needs `npm run build`.
 */
const path = require("node:path");
const pulumi = require("@pulumi/pulumi");

const root = path.resolve(__dirname, "..");
const { AtlasClient, clearTokenCache } = require(path.join(root, "dist/provider"));
const { providerShim } = require(path.join(root, "dist/sdk/providerShim"));
const emulatorApi = require(path.join(root, "dist/emulator"));

const LOOKUPS = 20;

async function main() {
  const {
    DEMO_CREDENTIALS: creds,
    DEMO_PROJECT_ID,
    DEMO_CLUSTER_NAME,
    DEMO_SNAPSHOT_IDS,
  } = emulatorApi;
  const emulator = await emulatorApi.startAtlasEmulator();
  const ref = {
    projectId: DEMO_PROJECT_ID,
    name: DEMO_CLUSTER_NAME,
    snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
  };
  const kinds = {
    serviceAccount: { kind: "serviceAccount", ...creds.serviceAccounts[0] },
    apiKey: { kind: "apiKey", ...creds.apiKeys[0] },
    accessToken: { kind: "accessToken", accessToken: creds.accessTokens[0] },
  };
  const rows = [];
  for (const [name, credentials] of Object.entries(kinds)) {
    for (const mode of ["sequential", "concurrent"]) {
      emulator.reset();
      clearTokenCache();
      const client = new AtlasClient({ baseUrl: emulator.baseUrl, credentials });
      if (mode === "sequential") {
        for (let i = 0; i < LOOKUPS; i++) await client.getFlexSnapshot(ref);
      } else {
        await Promise.all(Array.from({ length: LOOKUPS }, () => client.getFlexSnapshot(ref)));
      }
      const api = emulator.count({ path: /\/backup\/snapshots\// });
      const token = emulator.count({ path: "/api/oauth/token" });
      rows.push({
        credentials: name,
        mode,
        lookups: LOOKUPS,
        apiRequests: api,
        tokenRequests: token,
        perLookup: ((api + token) / LOOKUPS).toFixed(2),
      });
    }
  }
  await emulator.close();
  console.table(rows);
  const serialized = await pulumi.runtime.serializeFunction(() => providerShim, {
    allowSecrets: true,
  });
  console.log(`__provider per lookup: ${Buffer.byteLength(serialized.text)} bytes`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
