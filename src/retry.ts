// Retries and per-attempt timeouts for one HTTP exchange, in ky's shape without ky's per-call cost: the options are
// normalised once per client (retryPolicy), the defaults are data (defaultRetryPolicy), and the retry rule (nextDelayMs),
// the timeout (withDeadline) and the kinds of failure (AttemptTimeout, TruncatedBody, RetriesFailed) each live in one
// place. Nothing here knows the client: no token, no SamplePlatformError (src/transport.ts maps failures to those), no
// header rule of its own (the wait a 429 or 503 asks for is src/shared/rate-limit.ts's decideWait). Browser-safe: it
// uses only AbortController, setTimeout and Math.random.
import { decideWait, type HeaderSource } from "./shared/rate-limit";

/** The retry defaults that are not client options, as data (like ky's `defaultRetryOptions`). */
export const defaultRetryPolicy = {
  /**
   * Methods retried after any retryable failure: GET only. Any other method (a POST may have had its effect before a
   * network error or a 5xx) is retried only after an answer saying the request was not processed: a 429, or a 503
   * with Retry-After.
   */
  methods: ["GET"],
  /** Statuses worth another try: rate limited, or a gateway/upstream that may recover. */
  statusCodes: [429, 502, 503, 504],
  /** First backoff, doubled each retry (300 ms, 600 ms, 1.2 s...), before full jitter and the maxRetryDelayMs cap. */
  backoffBaseMs: 300,
} as const;

/** What a client's retries and timeouts are, checked once (src/options.ts) and normalised once (here). */
export interface RetrySettings {
  /** Retries after the first attempt. */
  retries: number;
  /** Longest wait before a retry; a server asking for longer is not waited for. */
  maxRetryDelayMs: number;
  /** Time limit of each attempt, body included. */
  timeoutMs: number;
}

export interface RetryPolicy extends Readonly<RetrySettings> {
  readonly methods: ReadonlySet<string>;
  readonly statusCodes: ReadonlySet<number>;
  readonly backoffBaseMs: number;
}

export function retryPolicy(settings: RetrySettings): RetryPolicy {
  return {
    retries: settings.retries,
    maxRetryDelayMs: settings.maxRetryDelayMs,
    timeoutMs: settings.timeoutMs,
    methods: new Set(defaultRetryPolicy.methods),
    statusCodes: new Set(defaultRetryPolicy.statusCodes),
    backoffBaseMs: defaultRetryPolicy.backoffBaseMs,
  };
}

/** The attempt outlasted its time limit (response headers and body together). */
export class AttemptTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`attempt timed out after ${timeoutMs} ms`);
    this.name = "AttemptTimeout";
  }
}

/** A body that broke off mid-way (socket reset, length mismatch): retried like a network error. */
export class TruncatedBody extends Error {
  constructor(readonly status: number, readonly received: string, cause: unknown) {
    super(`response body broke off after ${received.length} characters`, { cause });
    this.name = "TruncatedBody";
  }
}

/** The last failure of an exchange whose retries are spent (or that may not be retried), and how many attempts it took. */
export class RetriesFailed extends Error {
  constructor(readonly failure: unknown, readonly attempts: number) {
    super(`failed after ${attempts} attempt(s)`, { cause: failure });
    this.name = "RetriesFailed";
  }
}

/** What an attempt ended with: a response (its status and headers), or what it threw. */
export type AttemptOutcome = { status: number; headers: HeaderSource } | { error: unknown };

/**
 * The retry rule, all of it: the milliseconds to wait before the next attempt, or undefined to stop at this outcome.
 * Retried: a method of the policy's (GET), while retries remain, after a status of the policy's or any failure to get a
 * whole response (network error, timeout, truncated body); any other method only after a 429 or a 503 with Retry-After,
 * the answers that say the request was not processed. The wait is what the server asked for (decideWait: a 429 or
 * 503 with Retry-After, a 429 with X-RateLimit-Reset), and a server asking for more than maxRetryDelayMs is not retried
 * at all (the caller reports the wait instead); otherwise exponential backoff with full jitter, capped at maxRetryDelayMs.
 * A caller's abort is not an outcome: the caller stops before asking.
 */
export function nextDelayMs(
  policy: RetryPolicy,
  method: string,
  retriesDone: number,
  outcome: AttemptOutcome,
  random: () => number = Math.random,
  now: number = Date.now(),
): number | undefined {
  if (retriesDone >= policy.retries) return undefined;
  const anyFailure = policy.methods.has(method);
  if (!("status" in outcome)) return anyFailure ? backoff(policy, retriesDone, random) : undefined;
  if (!policy.statusCodes.has(outcome.status)) return undefined;
  const decision = decideWait(outcome.status, outcome.headers, policy.maxRetryDelayMs, now);
  const unprocessed = outcome.status === 429 || (outcome.status === 503 && decision.kind !== "backoff" && decision.source === "Retry-After");
  if (!anyFailure && !unprocessed) return undefined;
  if (decision.kind === "too_long") return undefined;
  if (decision.kind === "wait") return decision.ms;
  return backoff(policy, retriesDone, random);
}

function backoff(policy: RetryPolicy, retriesDone: number, random: () => number): number {
  // Full jitter: uniform between 0 and the capped exponential step.
  return random() * Math.min(policy.maxRetryDelayMs, policy.backoffBaseMs * 2 ** retriesDone);
}

/**
 * The timeout, all of it: runs `work` with a signal that aborts when `timeoutMs` passes or `signal` (the caller's)
 * aborts, and settles as soon as either happens, even if `work` ignores its signal (a custom fetch may). Rejects with
 * AttemptTimeout on the deadline and with the caller's reason on an abort.
 */
export function withDeadline<T>(timeoutMs: number, signal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const controller = new AbortController();
    const stop = (reason: unknown) => {
      controller.abort(reason);
      // An abort rejects with the caller's own reason, whatever it is, as fetch does.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      reject(reason);
    };
    const timer = setTimeout(() => stop(new AttemptTimeout(timeoutMs)), timeoutMs);
    const onAbort = () => stop((signal as AbortSignal).reason);
    signal?.addEventListener("abort", onAbort);
    // Settling twice is a no-op: whatever `work` does after the deadline is dropped, never an unhandled rejection. Its
    // failure is passed on as it came (typed Error for the linter only).
    work(controller.signal).then(
      (value) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: Error) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Waits `ms`, or rejects with the caller's reason as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0 && !signal?.aborted) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    // As in withDeadline, an abort rejects with the caller's own reason.
    const onAbort = () => {
      clearTimeout(timer);
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      reject((signal as AbortSignal).reason);
    };
    const timer = signal?.aborted
      ? undefined
      : setTimeout(() => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        }, ms);
    if (timer === undefined) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * One exchange: `attempt` under the policy's deadline (or `timeoutMs` for this call), again after each wait the retry
 * rule gives, until it gives none. Resolves with the last response, whatever its status (a 404, or a 503 once the
 * retries are spent, is the caller's to read), and rejects with RetriesFailed holding the last failure; an abort of
 * `signal` stops at once, also during a wait (RetriesFailed holding the caller's reason).
 */
export async function withRetries<T extends { status: number; headers: HeaderSource }>(
  policy: RetryPolicy,
  method: string,
  signal: AbortSignal | undefined,
  attempt: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number = policy.timeoutMs,
): Promise<T> {
  for (let attempts = 1; ; attempts++) {
    let outcome: T | { error: unknown };
    try {
      if (signal?.aborted) throw signal.reason;
      outcome = await withDeadline(timeoutMs, signal, attempt);
    } catch (error) {
      if (signal?.aborted) throw new RetriesFailed(signal.reason, attempts);
      outcome = { error };
    }
    const delay = nextDelayMs(policy, method, attempts - 1, outcome);
    if (delay === undefined) {
      if ("error" in outcome) throw new RetriesFailed(outcome.error, attempts);
      return outcome;
    }
    try {
      await sleep(delay, signal);
    } catch (reason) {
      throw new RetriesFailed(reason, attempts);
    }
  }
}
