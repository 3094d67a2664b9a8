/** Clocks that tests move by hand, for the emulator's `now` and for the wait loop. */
import type { WaitClock } from "../../provider/lookups/wait";

/** The start of the emulator tests' clocks: a whole second, so Atlas's whole-second times are exact. */
export const T0 = Date.parse("2025-05-04T09:42:00Z");

/** A clock for the emulator's `now` option that moves only when the test sets it. */
interface FakeClock {
  readonly now: () => number;
  readonly set: (time: number) => void;
}

/** A {@link FakeClock} that starts at `start`. */
export function fakeClock(start = T0): FakeClock {
  let time = start;
  return {
    now: () => time,
    set: (next) => {
      time = next;
    },
  };
}

/** A {@link WaitClock} whose sleeps pass at once, moving its time on and recording each sleep. */
interface VirtualClock extends WaitClock {
  /** Moves the clock to `time`. */
  readonly set: (time: number) => void;
  /** Every sleep asked for, in milliseconds, in order. */
  readonly sleeps: number[];
}

/** A {@link VirtualClock} that starts at `start`; share its `now` with the emulator to move both. */
export function virtualClock(start: number): VirtualClock {
  let time = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => time,
    set: (next) => {
      time = next;
    },
    sleep: async (ms) => {
      sleeps.push(ms);
      time += ms;
    },
  };
}
