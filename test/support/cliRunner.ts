/**
 * A test file's runs of `flex-snapshot` against the emulator: in-process (test/support/cli.ts),
 * retrying as the CLI does but without its half-second waits, and with every run's output kept
 * for a last check that nothing secret was printed.
 */
import { SA } from "./credentials";
import { runCliCaptured, type CliRun } from "./cli";

/** How one run differs from the file's usual one. */
interface RunOptions {
  /** The environment, instead of the runner's default. */
  readonly env?: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal (it is not by default). */
  readonly isTTY?: boolean;
}

/** Runs the CLI and keeps what it printed. */
interface CliRunner {
  /** Runs `flex-snapshot` with `argv`. */
  run(argv: readonly string[], options?: RunOptions): Promise<CliRun>;
  /** The stdout and stderr of every run kept so far, in order. */
  readonly printed: string[];
}

/**
 * A runner whose runs have the environment `defaultEnv()` returns unless told otherwise, and keep
 * what they printed when `keep(argv)` says so (by default, every run).
 */
export function cliRunner(
  defaultEnv: () => NodeJS.ProcessEnv,
  keep: (argv: readonly string[]) => boolean = () => true,
): CliRunner {
  const printed: string[] = [];
  return {
    printed,
    async run(argv, options = {}) {
      const result = await runCliCaptured(argv, options.env ?? defaultEnv(), {
        isTTY: options.isTTY,
        // Retries as the CLI does them, only without the half-second waits.
        clientOptions: { retry: { minDelayMs: 1, maxDelayMs: 5 } },
      });
      if (keep(argv)) printed.push(result.stdout, result.stderr);
      return result;
    },
  };
}

/** The environment of most runs: the emulator's origin and the demo service account. */
export function serviceAccountEnv(baseUrl: string): NodeJS.ProcessEnv {
  return {
    MONGODB_ATLAS_BASE_URL: baseUrl,
    MONGODB_ATLAS_CLIENT_ID: SA.clientId,
    MONGODB_ATLAS_CLIENT_SECRET: SA.clientSecret,
  };
}

/** The JSON document a run printed on stdout. */
export function json(result: CliRun): unknown {
  return JSON.parse(result.stdout) as unknown;
}
