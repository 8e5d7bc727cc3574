// Reads the rate-limit headers the spec documents: Retry-After and X-RateLimit-Limit/Remaining/Reset.
import type { RateLimit } from "./errors";

function readInteger(headers: Headers, name: string): number | undefined {
  const text = headers.get(name)?.trim();
  if (!text || !/^-?\d+$/.test(text)) return undefined;
  return Number(text);
}

/** The `X-RateLimit-*` headers of a response, or undefined when it carries none. */
export function readRateLimit(headers: Headers): RateLimit | undefined {
  if (!headers.has("X-RateLimit-Limit") && !headers.has("X-RateLimit-Remaining") && !headers.has("X-RateLimit-Reset")) {
    return undefined;
  }
  return {
    limit: readInteger(headers, "X-RateLimit-Limit"),
    remaining: readInteger(headers, "X-RateLimit-Remaining"),
    reset: readInteger(headers, "X-RateLimit-Reset"),
  };
}

const HTTP_DATE_START = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)/i;

/**
 * How long the server asked to wait, in milliseconds: Retry-After (delta seconds or HTTP date) on a 429 or 503,
 * else, on a 429 only, until X-RateLimit-Reset. Undefined when the response asks for nothing (or garbles it).
 */
export function requestedWaitMs(status: number, headers: Headers, now = Date.now()): number | undefined {
  if (status !== 429 && status !== 503) return undefined;
  const retryAfter = headers.get("Retry-After")?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    // An HTTP date starts with the day name; Date.parse alone would read "1.5" as a date in 2001.
    const date = HTTP_DATE_START.test(retryAfter) ? Date.parse(retryAfter) : Number.NaN;
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
  }
  if (status === 429) {
    const reset = readInteger(headers, "X-RateLimit-Reset");
    if (reset !== undefined) return Math.max(0, reset * 1000 - now);
  }
  return undefined;
}

/** A wait in whole seconds, as the error's `retryAfter` reports it. */
export const toSeconds = (ms: number): number => Math.ceil(ms / 1000);
