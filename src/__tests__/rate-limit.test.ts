// How the documented rate-limit headers turn into waits and the `rateLimit` snapshot.
import { readRateLimit, requestedWaitMs, toSeconds } from "../rate-limit";

const NOW = Date.parse("2026-11-23T12:00:00Z");
const headers = (entries: Record<string, string>) => new Headers(entries);

describe("requestedWaitMs", () => {
  test.each<[string, number, Record<string, string>, number | undefined]>([
    ["Retry-After in seconds on a 429", 429, { "Retry-After": "30" }, 30_000],
    ["Retry-After: 0", 429, { "Retry-After": "0" }, 0],
    ["Retry-After as an HTTP date", 429, { "Retry-After": "Mon, 23 Nov 2026 12:00:05 GMT" }, 5_000],
    ["Retry-After as a past HTTP date", 429, { "Retry-After": "Mon, 23 Nov 2026 11:00:00 GMT" }, 0],
    ["Retry-After on a 503", 503, { "Retry-After": "2" }, 2_000],
    ["Retry-After wins over X-RateLimit-Reset", 429, { "Retry-After": "1", "X-RateLimit-Reset": String(NOW / 1000 + 60) }, 1_000],
    ["only X-RateLimit-Reset on a 429", 429, { "X-RateLimit-Reset": String(NOW / 1000 + 7) }, 7_000],
    ["X-RateLimit-Reset already passed", 429, { "X-RateLimit-Reset": String(NOW / 1000 - 7) }, 0],
    ["only X-RateLimit-Reset on a 503 (not a rate limit)", 503, { "X-RateLimit-Reset": String(NOW / 1000 + 7) }, undefined],
    ["a garbled Retry-After", 429, { "Retry-After": "soon" }, undefined],
    ["a fractional Retry-After (not delta-seconds)", 429, { "Retry-After": "1.5" }, undefined],
    ["no header", 429, {}, undefined],
    ["a 502 with Retry-After", 502, { "Retry-After": "3" }, undefined],
  ])("%s", (_name, status, entries, expected) => {
    expect(requestedWaitMs(status, headers(entries), NOW)).toBe(expected);
  });
});

test("readRateLimit reads the three headers, each independently", () => {
  expect(readRateLimit(headers({}))).toBeUndefined();
  expect(readRateLimit(headers({ "X-RateLimit-Limit": "120", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1795262460" }))).toEqual({
    limit: 120,
    remaining: 0,
    reset: 1795262460,
  });
  expect(readRateLimit(headers({ "X-RateLimit-Remaining": "many" }))).toEqual({ limit: undefined, remaining: undefined, reset: undefined });
});

test("toSeconds rounds up, so a caller never retries early", () => {
  expect(toSeconds(0)).toBe(0);
  expect(toSeconds(1)).toBe(1);
  expect(toSeconds(120_000)).toBe(120);
});
