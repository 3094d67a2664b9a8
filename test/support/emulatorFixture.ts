/**
 * Starting and stopping the Atlas emulator around a test file or a `describe`, and around one
 * test, so that no test file copies the hooks.
 */
import { clearTokenCache } from "../../provider/atlas/auth";
import {
  startAtlasEmulator,
  type AtlasEmulator,
  type EmulatorOptions,
  type TokenStats,
} from "../../emulator";

/** The emulator of a file or a `describe`, and a way to start it again with other options. */
interface EmulatorFixture {
  /**
   * Stands for the emulator that is running: every property and method is the live one's, also
   * after {@link EmulatorFixture.restart}. Read it inside hooks and tests, not at load time.
   */
  readonly emulator: AtlasEmulator;
  /** Closes the running emulator and starts a new one with `options`. */
  restart(options?: EmulatorOptions): Promise<void>;
}

/**
 * Registers, in the scope it is called in, the hooks that start an emulator with `options`
 * before the first test, reset it and the token cache before each test, and close it after the
 * last. Register it before any hook that reads the emulator: hooks run in the order they were
 * registered.
 */
export function useEmulator(options: EmulatorOptions = {}): EmulatorFixture {
  let current: AtlasEmulator | undefined;
  const live = (): AtlasEmulator => {
    if (current === undefined) throw new Error("the emulator is not running yet");
    return current;
  };
  const emulator = new Proxy({} as AtlasEmulator, {
    get: (_target, property) => {
      const target = live();
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  async function restart(next: EmulatorOptions = options): Promise<void> {
    await current?.close();
    current = await startAtlasEmulator(next);
  }
  beforeAll(async () => restart());
  beforeEach(() => {
    live().reset();
    clearTokenCache();
  });
  afterAll(async () => current?.close());
  return { emulator, restart };
}

/** Starts an emulator with `options` for one test, runs `body` with it, and closes it. */
export async function withEmulator(
  options: EmulatorOptions,
  body: (atlas: AtlasEmulator) => Promise<void>,
): Promise<void> {
  const atlas = await startAtlasEmulator(options);
  try {
    await body(atlas);
  } finally {
    await atlas.close();
  }
}

/**
 * The emulator's token counts once revocations in flight have landed (at most ~3 s): a provider
 * host revokes its tokens as the engine stops it, after the CLI may have returned.
 */
export async function settledTokenStats(atlas: AtlasEmulator): Promise<TokenStats> {
  const until = Date.now() + 3_000;
  let stats = atlas.tokenStats();
  while (stats.live > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    stats = atlas.tokenStats();
  }
  return stats;
}
