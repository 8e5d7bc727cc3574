// Opt-in rate limiting of the mock: a fixed window, as the API documents it (Retry-After and X-RateLimit-*).
import type { MockRateLimit } from "./options";

interface RateLimitVerdict {
  /** False when this request is over the limit: answer 429. */
  allowed: boolean;
  /** Whole seconds until the window resets (at least 1), for Retry-After. */
  retryAfterSeconds: number;
  /** The `X-RateLimit-*` headers every answer carries. */
  headers: Record<string, string>;
}

export interface RateLimiter {
  take(now?: number): RateLimitVerdict;
}

export function createRateLimiter({ limit, windowMs }: Required<MockRateLimit>): RateLimiter {
  let windowStart = -Infinity;
  let used = 0;
  return {
    take(now = Date.now()) {
      if (now >= windowStart + windowMs) {
        windowStart = now;
        used = 0;
      }
      const allowed = used < limit;
      if (allowed) used++;
      const resetAt = windowStart + windowMs;
      return {
        allowed,
        retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
        headers: {
          "x-ratelimit-limit": String(limit),
          "x-ratelimit-remaining": String(limit - used),
          "x-ratelimit-reset": String(Math.ceil(resetAt / 1000)),
        },
      };
    },
  };
}
