/**
 * Durations as people write them in config and on command lines: `"90s"`, `"15m"`, `"24h"`,
 * `"7d"`, or combinations such as `"1h30m"`. Written here because the format is a handful of
 * units, and a dependency for it would weigh more than these lines.
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** The pattern a duration matches: one or more `<number><unit>` parts, units ms, s, m, h, d, w. */
const DURATION_PATTERN = /^(\d+(\.\d+)?(ms|s|m|h|d|w))+$/;

/**
 * The longest text read as a duration. Far more than any real one ("1w6d23h59m59s999ms" is 18);
 * it keeps the regular expressions below from ever scanning a huge string.
 */
const MAX_DURATION_CHARS = 64;

/**
 * Parses a duration to milliseconds; returns `undefined` when `text` is not one, or when it is
 * too large to be exact (a 400-digit number of days is not a duration, not `Infinity`). Whether
 * a duration is in the range of its field is the field's business (see `validation.ts`).
 */
export function parseDuration(text: string): number | undefined {
  const compact = text.replace(/\s+/g, "");
  if (compact.length > MAX_DURATION_CHARS || !DURATION_PATTERN.test(compact)) {
    return undefined;
  }
  let total = 0;
  for (const [, amount, , unit] of compact.matchAll(/(\d+(\.\d+)?)(ms|s|m|h|d|w)/g)) {
    total += Number(amount) * UNIT_MS[unit!]!;
  }
  const ms = Math.round(total);
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** Formats milliseconds for messages: `"1h2m3s"`, `"45s"`, `"250ms"`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) {
    return `${Math.max(0, Math.round(ms))}ms`;
  }
  let rest = Math.round(ms / 1_000);
  const parts: string[] = [];
  for (const [unit, seconds] of [
    ["d", 86_400],
    ["h", 3_600],
    ["m", 60],
  ] as const) {
    if (rest >= seconds) {
      parts.push(`${Math.floor(rest / seconds)}${unit}`);
      rest %= seconds;
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest}s`);
  return parts.join("");
}
