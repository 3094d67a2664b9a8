/**
 * Start-up and exit of this package's own processes (the `flex-snapshot` CLI, the `atlasflex`
 * plugin): keeps undici's HTTP parser on V8's baseline WebAssembly compiler.
 */
import { setFlagsFromString } from "node:v8";

/**
 * The V8 major versions known to define `--liftoff-only` (Node 20 ships 11, Node 24 13). On
 * another V8 the flag is not set and nothing else changes: V8 prints an error line of its own on
 * stderr for a flag it does not know.
 */
const KNOWN_V8_MAJORS = { min: 11, max: 13 } as const;

/**
 * Tells V8 to compile WebAssembly with its baseline compiler (Liftoff) only. undici parses HTTP
 * with llhttp compiled to WebAssembly, and V8 compiles it again with its optimizing compiler in
 * the background; Node waits for that compile before a process ends (nodejs/node#36616), which
 * measured about 130 ms at the end of every `flex-snapshot get`: longer than its request. The
 * parser reads a handful of small responses per process, for which baseline code is fast enough.
 *
 * Call it at the top of an executable, before its first request; never in a user's process (the
 * SDK's dynamic-provider host also runs the user's providers). Returns whether the flag was set.
 *
 * @param v8Version - the running V8's version; a parameter for tests
 * @param setFlags - what sets a V8 flag; a parameter for tests
 */
export function useBaselineWasmCompiler(
  v8Version: string = process.versions.v8,
  setFlags: (flags: string) => void = setFlagsFromString,
): boolean {
  const major = Number(v8Version.split(".")[0]);
  if (!(major >= KNOWN_V8_MAJORS.min && major <= KNOWN_V8_MAJORS.max)) return false;
  setFlags("--liftoff-only");
  return true;
}
