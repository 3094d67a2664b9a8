#!/usr/bin/env node
/**
 * The `flex-snapshot` executable: wires {@link runCli} to the process. Run `flex-snapshot --help`
 * for the commands and the exit codes.
 */
import { useBaselineWasmCompiler } from "../provider/atlas/http/baselineWasm";
import { revokeOnSignals } from "../provider/atlas/shutdown";
import { runCli } from "./cli";

useBaselineWasmCompiler();

// Ctrl-C or a CI runner's SIGTERM: revoke this run's access tokens before ending.
revokeOnSignals();

void runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  isTTY: process.stderr.isTTY === true,
}).then((code) => {
  // exitCode rather than process.exit(), so that stdout is flushed before the process ends.
  process.exitCode = code;
});
