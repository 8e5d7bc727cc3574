// How the documented rate-limit headers turn into waits and the `rateLimit` snapshot.
import { readRateLimit, requestedWaitMs, toSeconds } from "../shared/rate-limit";
import { NOW, WAIT_CASES } from "./rate-limit-cases";

const headers = (entries: Record<string, string>) => new Headers(entries);

describe("requestedWaitMs", () => {
  test.each(WAIT_CASES)("%s", (_name, status, entries, expected) => {
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
