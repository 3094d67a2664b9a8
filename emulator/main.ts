/**
 * Command-line entry of the Atlas emulator: `node dist/emulator/main.js [--port N]`.
 *
 * Prints the `listening on` line and the demo data to stdout, and stops on SIGINT or SIGTERM.
 * Exit codes: 0 after a signal, 1 when the server cannot start, 2 for a bad port.
 */
import { describeEmulator, parsePort } from "./cli";
import { startAtlasEmulator } from "./server";

async function main(): Promise<void> {
  let port: number;
  try {
    port = parsePort(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(
      `atlas emulator: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 2;
    return;
  }
  const emulator = await startAtlasEmulator({ port });
  process.stdout.write(`${describeEmulator(emulator).join("\n")}\n`);
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
