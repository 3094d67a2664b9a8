import {
  DEMO_CLUSTER_NAME,
  DEMO_CREDENTIALS,
  DEMO_DOWNLOAD_RESTORE_JOB_ID,
  DEMO_OLDER_SNAPSHOT_IDS,
  DEMO_PROGRESSING_RESTORE_JOB_ID,
  DEMO_PROGRESSING_SNAPSHOT_ID,
  DEMO_PROJECT_ID,
  DEMO_RESTORE_JOB_IDS,
  DEMO_SNAPSHOT_IDS,
  DEMO_TARGET_CLUSTER_NAME,
} from "./seed";
import type { AtlasEmulator, EmulatorOptions } from "./types";

/**
 * The options the command-line emulator takes from its flags and environment.
 */
export type CommandLineOptions = Required<Pick<EmulatorOptions, "port">> &
  Pick<EmulatorOptions, "progressStepMs">;

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads the command line of the emulator: `--port N` (or `ATLAS_EMULATOR_PORT`, see
 * {@link parsePort}) and `--progress-step-ms N` (or `ATLAS_EMULATOR_PROGRESS_STEP_MS`), a
 * positive whole number of milliseconds that seeds the progressing demo snapshot. Flags win over
 * the environment; other arguments are ignored.
 *
 * @throws RangeError when a flag has no value or a value is out of range
 * @example
 * parseCommandLine(["--progress-step-ms", "500"], {}); // { port: 0, progressStepMs: 500 }
 */
export function parseCommandLine(argv: readonly string[], env: Environment): CommandLineOptions {
  const port = parsePort(argv, env);
  const raw = flagValue(argv, env, "--progress-step-ms", "ATLAS_EMULATOR_PROGRESS_STEP_MS");
  if (raw === undefined) {
    return { port };
  }
  const progressStepMs = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(progressStepMs) || progressStepMs < 1) {
    throw new RangeError(
      `the progress step must be a positive whole number of milliseconds, got ${JSON.stringify(raw)}`,
    );
  }
  return { port, progressStepMs };
}

/**
 * Reads the port for the command-line emulator: `--port N` or `--port=N` wins over the
 * `ATLAS_EMULATOR_PORT` environment variable; `0` (the default) picks a free port.
 *
 * @throws RangeError when `--port` has no value or the value is not an integer from 0 to 65535
 * @example
 * parsePort(["--port", "8080"], {}); // 8080
 */
export function parsePort(argv: readonly string[], env: Environment): number {
  const raw = flagValue(argv, env, "--port", "ATLAS_EMULATOR_PORT");
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
 * The raw value of a flag given as `--flag V` or `--flag=V` (the last one wins), else of its
 * environment variable, else `undefined`.
 *
 * @throws RangeError when the flag is the last argument, with no value after it
 */
function flagValue(
  argv: readonly string[],
  env: Environment,
  flag: string,
  variable: string,
): string | undefined {
  // An empty variable counts as unset, as shells make it easy to export one by accident.
  let raw = env[variable] || undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    if (arg === flag) {
      raw = argv[i + 1];
      if (raw === undefined) {
        throw new RangeError(`${flag} needs a value`);
      }
      i += 1;
    } else if (arg.startsWith(`${flag}=`)) {
      raw = arg.slice(flag.length + 1);
    }
  }
  return raw;
}

/**
 * Builds the start-up banner of the command-line emulator: the `listening on` line first, then
 * the seeded data (with the progressing snapshot when `options.progressStepMs` is given) and the
 * demo credentials, one per line.
 *
 * @example
 * describeEmulator(atlas)[0]; // "Atlas emulator listening on http://127.0.0.1:50123"
 */
export function describeEmulator(
  emulator: Pick<AtlasEmulator, "baseUrl">,
  options: Pick<EmulatorOptions, "progressStepMs"> = {},
): string[] {
  const [serviceAccount] = DEMO_CREDENTIALS.serviceAccounts;
  const [apiKey] = DEMO_CREDENTIALS.apiKeys;
  const { progressStepMs } = options;
  return [
    `Atlas emulator listening on ${emulator.baseUrl}`,
    `project id: ${DEMO_PROJECT_ID}`,
    `cluster name: ${DEMO_CLUSTER_NAME}`,
    ...Object.entries(DEMO_SNAPSHOT_IDS).map(([status, id]) => `snapshot ${status}: ${id}`),
    ...(progressStepMs === undefined
      ? []
      : [
          `snapshot PROGRESSING (PENDING→COMPLETED every ${progressStepMs} ms): ${DEMO_PROGRESSING_SNAPSHOT_ID}`,
        ]),
    `older COMPLETED snapshots: ${DEMO_OLDER_SNAPSHOT_IDS.join(" ")}`,
    ...Object.entries(DEMO_RESTORE_JOB_IDS).map(
      ([status, id]) => `restore job ${status} (into ${DEMO_TARGET_CLUSTER_NAME}): ${id}`,
    ),
    `restore job COMPLETED (DOWNLOAD, with a snapshotUrl): ${DEMO_DOWNLOAD_RESTORE_JOB_ID}`,
    ...(progressStepMs === undefined
      ? []
      : [
          `restore job PROGRESSING (PENDING→COMPLETED every ${progressStepMs} ms): ${DEMO_PROGRESSING_RESTORE_JOB_ID}`,
        ]),
    `service account: clientId=${serviceAccount?.clientId ?? ""} clientSecret=${serviceAccount?.clientSecret ?? ""}`,
    `API key (HTTP Digest): publicKey=${apiKey?.publicKey ?? ""} privateKey=${apiKey?.privateKey ?? ""}`,
    `access token (Bearer): ${DEMO_CREDENTIALS.accessTokens.join(" ")}`,
  ];
}
