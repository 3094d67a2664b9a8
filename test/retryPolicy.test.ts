/** The retry decision, with the randomness pinned so every delay is exact. */
import {
  decideRetry,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  retryDelayMs,
} from "../provider/atlas/http/retryPolicy";

const policy = DEFAULT_RETRY_POLICY;
const NOW = Date.parse("2026-11-28T12:00:00Z");

describe("parseRetryAfter (RFC 9110 §10.2.3)", () => {
  test.each([
    ["delay-seconds", "7", 7000],
    ["zero", "0", 0],
    ["an HTTP date 5 s ahead", "Sat, 28 Nov 2026 12:00:05 GMT", 5000],
    ["an HTTP date in the past", "Sat, 28 Nov 2026 11:59:00 GMT", 0],
    ["garbage", "soon", undefined],
    ["absent", undefined, undefined],
  ])("%s", (_label, header, expected) => {
    expect(parseRetryAfter(header, NOW)).toBe(expected);
  });
});

describe("retryDelayMs", () => {
  test.each([
    [1, 0, 250],
    [1, 0.999999, 500],
    [2, 0, 500],
    [3, 0.5, 1500],
    [10, 0, 15_000], // capped at maxDelayMs (30 s), jittered down to half at the least
  ])("attempt %d with random %d waits %d ms", (attempt, random, expected) => {
    expect(retryDelayMs(attempt, undefined, policy, random)).toBe(expected);
  });

  test.each([
    [2_000, 2_000],
    [120_000, 30_000],
  ])("Retry-After of %d ms gives %d ms (capped)", (retryAfterMs, expected) => {
    expect(retryDelayMs(1, retryAfterMs, policy, 0.3)).toBe(expected);
  });
});

describe("decideRetry", () => {
  test.each([
    ["429", { status: 429 }, 1, 60_000, 250],
    ["429 with Retry-After", { status: 429, retryAfter: "3" }, 1, 60_000, 3000],
    ["500", { status: 500 }, 2, 60_000, 500],
    ["502", { status: 502 }, 1, 60_000, 250],
    ["503", { status: 503 }, 1, 60_000, 250],
    ["504", { status: 504 }, 1, 60_000, 250],
    ["a connection reset", { code: "ECONNRESET" }, 1, 60_000, 250],
    ["a headers timeout", { code: "UND_ERR_HEADERS_TIMEOUT" }, 1, 60_000, 250],
    ["400", { status: 400 }, 1, 60_000, undefined],
    ["401", { status: 401 }, 1, 60_000, undefined],
    ["403", { status: 403 }, 1, 60_000, undefined],
    ["404", { status: 404 }, 1, 60_000, undefined],
    ["406", { status: 406 }, 1, 60_000, undefined],
    ["an unknown error code", { code: "EWHATEVER" }, 1, 60_000, undefined],
    ["the last attempt", { status: 503 }, 5, 60_000, undefined],
    ["a wait past the deadline", { status: 429, retryAfter: "10" }, 1, 5_000, undefined],
  ])("%s", (_label, failure, attempt, remainingMs, expected) => {
    expect(decideRetry(failure, attempt, remainingMs, policy, 0)).toBe(expected);
  });
});
