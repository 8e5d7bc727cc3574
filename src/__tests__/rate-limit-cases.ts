// The rate-limit header cases, one table for both readers: the client's requestedWaitMs (rate-limit.test.ts) and the
// contract suite's Sender (contract-tests/sender.test.ts), so the two can never read the same headers differently.

/** The fixed "now" every case is relative to. */
export const NOW = Date.parse("2026-11-23T12:00:00Z");

/** Unix seconds `seconds` from NOW, as X-RateLimit-Reset carries them. */
const resetIn = (seconds: number) => String(NOW / 1000 + seconds);

export type WaitCase = [name: string, status: number, headers: Record<string, string>, expectedMs: number | undefined];

/** Headers of a response and the wait, in milliseconds, they ask for (undefined: they ask for nothing usable). */
export const WAIT_CASES: WaitCase[] = [
  ["Retry-After in seconds on a 429", 429, { "Retry-After": "30" }, 30_000],
  ["Retry-After: 0", 429, { "Retry-After": "0" }, 0],
  ["Retry-After as an HTTP date", 429, { "Retry-After": "Mon, 23 Nov 2026 12:00:05 GMT" }, 5_000],
  ["Retry-After as a past HTTP date", 429, { "Retry-After": "Mon, 23 Nov 2026 11:00:00 GMT" }, 0],
  ["Retry-After longer than a run waits", 429, { "Retry-After": "600" }, 600_000],
  ["Retry-After on a 503", 503, { "Retry-After": "2" }, 2_000],
  ["Retry-After wins over X-RateLimit-Reset", 429, { "Retry-After": "1", "X-RateLimit-Reset": resetIn(60) }, 1_000],
  ["only X-RateLimit-Reset on a 429", 429, { "X-RateLimit-Reset": resetIn(7) }, 7_000],
  ["X-RateLimit-Reset further away than a run waits", 429, { "X-RateLimit-Reset": resetIn(600) }, 600_000],
  ["X-RateLimit-Reset already passed", 429, { "X-RateLimit-Reset": resetIn(-7) }, 0],
  ["only X-RateLimit-Reset on a 503 (not a rate limit)", 503, { "X-RateLimit-Reset": resetIn(7) }, undefined],
  ["a garbled Retry-After", 429, { "Retry-After": "soon" }, undefined],
  ["a fractional Retry-After (not delta-seconds)", 429, { "Retry-After": "1.5" }, undefined],
  // A Retry-After that is present but unreadable is not passed over for X-RateLimit-Reset.
  ["a fractional Retry-After with X-RateLimit-Reset", 429, { "Retry-After": "1.5", "X-RateLimit-Reset": resetIn(7) }, undefined],
  ["no header", 429, {}, undefined],
  ["a 502 with Retry-After", 502, { "Retry-After": "3" }, undefined],
];
