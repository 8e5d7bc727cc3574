// Neutral: the rate-limit headers the spec documents (Retry-After, X-RateLimit-Limit/Remaining/Reset) read into typed
// values, and the one rule for what a 429 or 503 asks of a caller. Shared by the client (src/client.ts,
// src/transport.ts) and the contract suite (contract-tests/http.ts), which must not depend on the client's behaviour:
// this file has none, only header text to numbers.

/** The last `X-RateLimit-*` headers seen; a field is undefined when its header was absent or not an integer. */
export interface RateLimit {
  limit: number | undefined;
  remaining: number | undefined;
  /** Unix time (seconds) when the window resets. */
  reset: number | undefined;
}

/** Response headers as fetch gives them, or as a record with lower-case names (how the suite records them). */
export type HeaderSource = Headers | Readonly<Record<string, string>>;

// Duck-typed, not instanceof: a custom fetch may answer with another realm's (or a polyfill's) Headers.
const isHeaders = (headers: HeaderSource): headers is Headers => typeof (headers as Headers).get === "function";

function header(headers: HeaderSource, name: string): string | undefined {
  const value = isHeaders(headers) ? headers.get(name) : headers[name.toLowerCase()];
  return value === null || value === undefined ? undefined : value;
}

/** An integer header (`-?\d+` after trimming), else undefined: "1e3", "1.5" and "plenty" are not integers. */
function readInteger(headers: HeaderSource, name: string): number | undefined {
  const text = header(headers, name)?.trim();
  if (!text || !/^-?\d+$/.test(text)) return undefined;
  return Number(text);
}

/** The `X-RateLimit-*` headers of a response, or undefined when it carries none. */
export function readRateLimit(headers: HeaderSource): RateLimit | undefined {
  const names = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"];
  if (names.every((name) => header(headers, name) === undefined)) return undefined;
  return {
    limit: readInteger(headers, "X-RateLimit-Limit"),
    remaining: readInteger(headers, "X-RateLimit-Remaining"),
    reset: readInteger(headers, "X-RateLimit-Reset"),
  };
}

const HTTP_DATE_START = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)/i;

/** A wait a response asks for, and the header that asked. */
export interface RequestedWait {
  ms: number;
  source: "Retry-After" | "X-RateLimit-Reset";
}

/**
 * How long the server asked to wait: Retry-After (delta seconds or HTTP date) on a 429 or 503, else, on a 429 only,
 * until X-RateLimit-Reset. Undefined when the response asks for nothing, or garbles it: a Retry-After that is present
 * but unreadable is not passed over for X-RateLimit-Reset.
 */
function requestedWait(status: number, headers: HeaderSource, now = Date.now()): RequestedWait | undefined {
  if (status !== 429 && status !== 503) return undefined;
  const retryAfter = header(headers, "Retry-After")?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return { ms: Number(retryAfter) * 1000, source: "Retry-After" };
    // An HTTP date starts with the day name; Date.parse alone would read "1.5" as a date in 2001.
    const date = HTTP_DATE_START.test(retryAfter) ? Date.parse(retryAfter) : Number.NaN;
    return Number.isNaN(date) ? undefined : { ms: Math.max(0, date - now), source: "Retry-After" };
  }
  if (status === 429) {
    const reset = readInteger(headers, "X-RateLimit-Reset");
    if (reset !== undefined) return { ms: Math.max(0, reset * 1000 - now), source: "X-RateLimit-Reset" };
  }
  return undefined;
}

/** {@link requestedWait} in milliseconds alone. */
export const requestedWaitMs = (status: number, headers: HeaderSource, now = Date.now()): number | undefined => requestedWait(status, headers, now)?.ms;

/**
 * The one rule for a 429 or 503 that will be retried: wait what the server asks when that is at most `maxWaitMs`;
 * give up at once when it asks for longer (the caller reports the wait instead of sleeping through it); back off
 * (the caller's own schedule) when it names no wait.
 */
export type WaitDecision = ({ kind: "wait" } & RequestedWait) | ({ kind: "too_long" } & RequestedWait) | { kind: "backoff" };

export function decideWait(status: number, headers: HeaderSource, maxWaitMs: number, now = Date.now()): WaitDecision {
  const asked = requestedWait(status, headers, now);
  if (asked === undefined) return { kind: "backoff" };
  return { kind: asked.ms <= maxWaitMs ? "wait" : "too_long", ...asked };
}

/** A wait in whole seconds, rounded up so that a caller never retries early. */
export const toSeconds = (ms: number): number => Math.ceil(ms / 1000);

/**
 * A server that says its window is spent (X-RateLimit-Remaining: 0) should not be asked again before the window
 * resets: the milliseconds until X-RateLimit-Reset, or undefined when the window is not spent, or has no (future) reset.
 */
export function spentWindowMs(headers: HeaderSource, now = Date.now()): number | undefined {
  const rateLimit = readRateLimit(headers);
  if (rateLimit?.remaining !== 0 || rateLimit.reset === undefined) return undefined;
  const wait = rateLimit.reset * 1000 - now;
  return wait > 0 ? wait : undefined;
}
