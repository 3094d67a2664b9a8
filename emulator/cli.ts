import {
  DEMO_CLUSTER_NAME,
  DEMO_CREDENTIALS,
  DEMO_OLDER_SNAPSHOT_IDS,
  DEMO_PROJECT_ID,
  DEMO_SNAPSHOT_IDS,
} from "./seed";
import type { AtlasEmulator } from "./types";

/**
 * Reads the port for the command-line emulator: `--port N` or `--port=N` wins over the
 * `ATLAS_EMULATOR_PORT` environment variable; `0` (the default) picks a free port.
 *
 * @throws RangeError when `--port` has no value or the value is not an integer from 0 to 65535
 * @example
 * parsePort(["--port", "8080"], {}); // 8080
 */
export function parsePort(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): number {
  // An empty variable counts as unset, as shells make it easy to export one by accident.
  let raw = env["ATLAS_EMULATOR_PORT"] || undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    if (arg === "--port") {
      raw = argv[i + 1];
      if (raw === undefined) {
        throw new RangeError("--port needs a value");
      }
      i += 1;
    } else if (arg.startsWith("--port=")) {
      raw = arg.slice("--port=".length);
    }
  }
  if (raw === undefined) {
    return 0;
  }
  const port = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(port) || port > 65535) {
    throw new RangeError(`the port must be an integer from 0 to 65535, got ${JSON.stringify(raw)}`);
  }
  return port;
}

/**
 * Builds the start-up banner of the command-line emulator: the `listening on` line first, then
 * the seeded data and the demo credentials, one per line.
 *
 * @example
 * describeEmulator(atlas)[0]; // "Atlas emulator listening on http://127.0.0.1:50123"
 */
export function describeEmulator(emulator: Pick<AtlasEmulator, "baseUrl">): string[] {
  const [serviceAccount] = DEMO_CREDENTIALS.serviceAccounts;
  const [apiKey] = DEMO_CREDENTIALS.apiKeys;
  return [
    `Atlas emulator listening on ${emulator.baseUrl}`,
    `project id: ${DEMO_PROJECT_ID}`,
    `cluster name: ${DEMO_CLUSTER_NAME}`,
    ...Object.entries(DEMO_SNAPSHOT_IDS).map(([status, id]) => `snapshot ${status}: ${id}`),
    `older COMPLETED snapshots: ${DEMO_OLDER_SNAPSHOT_IDS.join(" ")}`,
    `service account: clientId=${serviceAccount?.clientId ?? ""} clientSecret=${serviceAccount?.clientSecret ?? ""}`,
    `API key (HTTP Digest): publicKey=${apiKey?.publicKey ?? ""} privateKey=${apiKey?.privateKey ?? ""}`,
    `access token (Bearer): ${DEMO_CREDENTIALS.accessTokens.join(" ")}`,
  ];
}
