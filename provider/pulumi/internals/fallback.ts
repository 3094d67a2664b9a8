/**
 * The one way a reach into Pulumi's internals says that it fell back: one line on stderr, once
 * per reach per process, naming the reach, the behaviour lost, and the `@pulumi/pulumi` version
 * installed, e.g.
 *
 * ```text
 * pulumi-atlas-flex-snapshot: @pulumi/pulumi 3.250.0 is not as expected (engineInfoLog): progress and warnings of lookups go to stderr, not to the engine's log against the resource; this package is tested with 3.248.0
 * ```
 *
 * Why stderr, and never stdout: the reaches run in a Pulumi program, whose stderr the engine
 * shows, and in the dynamic-provider host and the `atlasflex` plugin, whose stderr the engine
 * logs too but whose stdout it reads (their first line is the port they listen on). Why not
 * `process.emitWarning`: Node prints it as `(node:<pid>) Warning: …` and adds a second line on
 * the first warning. A reach warns only where it should have worked (e.g. the engine log only
 * in the host or the plugin), and only when its check fails; a warning never throws.
 *
 * Which reaches have warned is kept on `globalThis`, not in this module: two copies of the
 * package in one process (or fresh copies of this module) still warn once per reach.
 */
import { PACKAGE_INFO } from "../../atlas/packageInfo";

/** The only version of `@pulumi/pulumi` this package is tested with (`devDependencies`). */
export const TESTED_PULUMI_VERSION = PACKAGE_INFO.testedPulumiVersion;

/** Where a fallback's line goes (without its trailing newline). */
export type FallbackSink = (line: string) => void;

/** The default sink: the line on stderr, newline-terminated. */
const toStderr: FallbackSink = (line) => {
  process.stderr.write(`${line}\n`);
};

/** What is shared by every copy of this module in the process. */
interface FallbackState {
  /** The reaches that have warned. */
  readonly warned: Set<string>;
  sink: FallbackSink;
}

const STATE_KEY = Symbol.for("pulumi-atlas-flex-snapshot.pulumiFallbacks");

function state(): FallbackState {
  const global = globalThis as { [STATE_KEY]?: FallbackState };
  return (global[STATE_KEY] ??= { warned: new Set(), sink: toStderr });
}

let installedVersion: string | null | undefined;

/**
 * The version of the `@pulumi/pulumi` this package loads (its `package.json`), read once, when
 * first asked; `undefined` when it cannot be resolved.
 */
export function installedPulumiVersion(): string | undefined {
  if (installedVersion === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { version } = require("@pulumi/pulumi/package.json") as { version?: unknown };
      installedVersion = typeof version === "string" && version !== "" ? version : null;
    } catch {
      installedVersion = null;
    }
  }
  return installedVersion ?? undefined;
}

/** The line {@link warnFallback} prints for `reach`, on one line whatever its parts hold. */
export function fallbackLine(reach: string, lost: string): string {
  const version = installedPulumiVersion() ?? "(not installed)";
  return (
    `pulumi-atlas-flex-snapshot: @pulumi/pulumi ${version} is not as expected (${reach}): ` +
    `${lost}; this package is tested with ${TESTED_PULUMI_VERSION}`
  ).replace(/\s*[\r\n]+\s*/g, " ");
}

/**
 * Says, once per process for each `reach`, that the reach's check failed and what the user loses
 * (`lost`): see the module comment. Never throws.
 *
 * @param reach - the reach, by the name of the function that checks it (e.g. `engineInfoLog`).
 * @param lost - the behaviour lost, as the user would notice it.
 */
export function warnFallback(reach: string, lost: string): void {
  try {
    const { warned, sink } = state();
    if (warned.has(reach)) return;
    warned.add(reach);
    sink(fallbackLine(reach, lost));
  } catch {
    // A warning must never break what falls back.
  }
}

/**
 * Sends the lines of {@link warnFallback} to `sink` (to stderr again without one), for tests.
 *
 * @returns the sink it replaces.
 */
export function setFallbackSink(sink?: FallbackSink): FallbackSink {
  const shared = state();
  const previous = shared.sink;
  shared.sink = sink ?? toStderr;
  return previous;
}

/** The reaches that have warned in this process, in the order they did. */
export function fallbacksWarned(): string[] {
  return [...state().warned];
}

/** Forgets which reaches have warned, so that each warns again once (for tests). */
export function resetFallbackWarnings(): void {
  state().warned.clear();
}
