/**
 * Command-line entry of the Atlas emulator:
 * `node dist/emulator/main.js [--port N] [--progress-step-ms N]`.
 *
 * Prints the `listening on` line and the demo data to stdout, and stops on SIGINT or SIGTERM.
 * Exit codes: 0 after a signal, 1 when the server cannot start, 2 for a bad flag value.
 */
import { describeEmulator, parseCommandLine, type CommandLineOptions } from "./cli";
import { startAtlasEmulator } from "./server";

async function main(): Promise<void> {
  let options: CommandLineOptions;
  try {
    options = parseCommandLine(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(
      `atlas emulator: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 2;
    return;
  }
  const emulator = await startAtlasEmulator(options);
  process.stdout.write(`${describeEmulator(emulator, options).join("\n")}\n`);
  const stop = (signal: NodeJS.Signals): void => {
    process.stderr.write(`atlas emulator: ${signal} received, stopping\n`);
    void emulator.close().then(() => {
      process.exitCode = 0;
    });
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `atlas emulator: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
