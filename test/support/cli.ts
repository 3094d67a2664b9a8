/** Runs `flex-snapshot` in this process, as the CLI tests do, with its output captured. */
import * as fs from "node:fs";
import * as path from "node:path";
import { runCli, type CliOptions } from "../../bin/cli";
import { REPO_ROOT } from "./providerHost";

/**
 * The `flex-snapshot` executable package.json's `bin` names (the bundle of
 * scripts/bundle-cli.js), for tests that run it as a real process, as a user's `npx` does.
 * `npm test` builds it once in its set-up (scripts/setup.js), before jest starts, as it does the
 * `dist/` that the package and engine tests pack; no test file builds it again.
 */
export const CLI_EXECUTABLE = path.join(
  REPO_ROOT,
  (
    JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
      bin: Record<string, string>;
    }
  ).bin["flex-snapshot"] ?? "",
);

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
