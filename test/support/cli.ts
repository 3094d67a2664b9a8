/** Runs `flex-snapshot` in this process, as the CLI tests do, with its output captured. */
import { runCli, type CliOptions } from "../../bin/cli";

/** What one run printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI with `argv` and `env`; stderr is not a terminal unless `isTTY` says so. */
export async function runCliCaptured(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  options: CliOptions & { readonly isTTY?: boolean } = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const { isTTY = false, ...cliOptions } = options;
  const code = await runCli(
    argv,
    {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env,
      isTTY,
    },
    cliOptions,
  );
  return { code, stdout, stderr };
}
