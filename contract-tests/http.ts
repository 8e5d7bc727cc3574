// Sends the cases: plain GETs on the wire (./wire.ts; never the client in src/), the token to the target's origin only
// (redirects are not followed), paced under a rate, bounded by a request budget, and waiting out every 429: as long
// as the server asks, else backing off.
// src/shared/rate-limit.ts is a pure header reader with no client in it: shared, so the suite and the client read a
// Retry-After or an X-RateLimit-* header the same way, and decide a 429's wait by the same rule (one rule in one place).
import { decideWait, spentWindowMs, toSeconds } from "../src/shared/rate-limit";
import { credentialsFor } from "../src/credentials";
import { CREDENTIALS, WRONG_TOKEN } from "./credentials";
import { requiredHeaders } from "./cases/parameters";
import type { SpecOperation } from "./spec";
import type { Case, Exchange, RecordedResponse, TargetInfo } from "./types";
import { get, noAnswer } from "./wire";
import { interruptedBy, whenInterrupted } from "./interruption";

export interface SenderOptions {
  target: TargetInfo;
  token: string;
  ratePerMinute: number;
  maxRequests: number;
  /**
   * Retries of a 429 that do not count against maxRequests (default 0: every request counts): room kept for a
   * rate-limited server, so that its 429s do not cut the plan short. Past it, retries count like any request.
   */
  retryReserve?: number;
  timeoutMs: number;
  maxRetryAfterSeconds: number;
  /** wait out a 429 and retry (live); on the mock a 429 is only ever forced and is the answer */
  retryOn429: boolean;
  /** injectable for the self-tests */
  sleep?: (ms: number) => Promise<void>;
  /** the clock (ms since the epoch) slots and waits are reckoned on; injectable for the self-tests (default Date.now) */
  now?: () => number;
  /** told of every request sent and every wait the server asked for (progress on a live run) */
  onEvent?: (event: SenderEvent) => void;
}

export type SenderEvent = { kind: "sent"; sent: number } | { kind: "wait"; ms: number; cause: string };

/** Why a run stopped before sending every case; reported, never silent. */
export interface Stop {
  reason: "budget" | "retry_after" | "unreachable" | "interrupted";
  message: string;
}

/** Consecutive requests without any answer after which the run stops (the server is down or unreachable). */
const UNANSWERED_LIMIT = 3;

/** 429s of one case that are waited out and retried; the next one is the case's answer (the checks judge it). */
export const RETRIES_PER_CASE = 3;

/** First wait when a 429 asks for none; doubled on each further 429 of the same case. */
export const BACKOFF_START_MS = 1_000;

// Not unref'd: a paced run waits here with nothing else in flight, and must not let the process end meanwhile.
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function buildUrl(baseUrl: string, operation: SpecOperation, c: Case): string {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(c.pathParams[name] ?? ""));
  // An array written repeated (style form, explode) goes as one pair per item.
  const query = Object.entries(c.query)
    .flatMap(([k, v]) => [v].flat().map((text) => `${encodeURIComponent(k)}=${encodeURIComponent(text)}`))
    .join("&");
  return `${baseUrl}${path}${query ? `?${query}` : ""}`;
}

/** After a 429: how long to wait before the case's next attempt, or why the run stops instead. */
export type After429 = { waitMs: number; cause: string } | { stop: string };

/**
 * What a 429 (the `retry`-th of its case, from 0) asks of the run: the wait it names, read as the client reads it
 * (Retry-After, else X-RateLimit-Reset), unless longer than the run allows; when it names none, 1 s, 2 s, 4 s...
 * capped at that longest wait: a fixed guess is either too short to help or, on a server that limits every few
 * requests and sends only X-RateLimit-* headers, minutes lost per 429.
 */
export function after429(headers: Record<string, string>, retry: number, maxRetryAfterSeconds: number, now: number): After429 {
  const maxMs = maxRetryAfterSeconds * 1000;
  const decision = decideWait(429, headers, maxMs, now);
  if (decision.kind === "backoff") return { waitMs: Math.min(BACKOFF_START_MS * 2 ** retry, maxMs), cause: "429 naming no wait: backing off" };
  const fromRetryAfter = decision.source === "Retry-After";
  if (decision.kind === "wait") return { waitMs: decision.ms, cause: fromRetryAfter ? "429 with Retry-After" : "429 until X-RateLimit-Reset" };
  const source = fromRetryAfter ? "Retry-After" : "until X-RateLimit-Reset, no Retry-After";
  return {
    stop: `the server asked to wait ${toSeconds(decision.ms)} s (${source}), more than SP_CONTRACT_MAX_RETRY_AFTER=${maxRetryAfterSeconds}; the run stops`,
  };
}

/**
 * A request's headers with a valid value of each required header parameter it does not set (a walk's page, an auth
 * case): without one, the server would refuse the request for that, not for what the case tests.
 */
function withRequiredHeaders(operation: SpecOperation, headers: Record<string, string>): Record<string, string> {
  const set = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
  const missing = Object.entries(requiredHeaders(operation)).filter(([name]) => !set.has(name.toLowerCase()));
  return { ...headers, ...Object.fromEntries(missing) };
}

export class Sender {
  sent = 0;
  /** requests that retried a case after a 429 */
  retried = 0;
  stop?: Stop;
  private unanswered = 0;
  private nextSlot = 0;
  private readonly interval: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly origin: string;
  /** The origin and the "/" that ends its authority: a URL that starts with it is of the origin, with no parse. */
  private readonly originPath: string;

  constructor(private readonly options: SenderOptions) {
    this.interval = Number.isFinite(options.ratePerMinute) ? 60_000 / options.ratePerMinute : 0;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
    this.origin = new URL(options.target.baseUrl).origin;
    this.originPath = `${this.origin}/`;
  }

  /** Requests counted against maxRequests: every one sent, but the retries of 429s the reserve holds. */
  get counted(): number {
    return this.sent - Math.min(this.retried, this.options.retryReserve ?? 0);
  }

  /** Sends one case; returns its exchanges (a 429 that was waited out, then the answer). Empty once the run stopped. */
  async send(c: Case, operation: SpecOperation): Promise<Exchange[]> {
    const exchanges: Exchange[] = [];
    for (let attempt = 0; ; attempt++) {
      this.stopIfInterrupted();
      if (this.stop) return exchanges;
      if (this.counted >= this.options.maxRequests) {
        const kept = Math.min(this.retried, this.options.retryReserve ?? 0);
        const retries = kept > 0 ? ` (besides ${kept} retries of 429s kept apart)` : "";
        this.stop = { reason: "budget", message: `request budget of ${this.options.maxRequests} reached (SP_CONTRACT_MAX_REQUESTS)${retries}; the remaining cases were not sent` };
        return exchanges;
      }
      if (attempt > 0) this.retried++;
      const exchange = await this.once(c, operation);
      // Interrupted while waiting or in flight: the answer, if any, is not judged.
      if (!exchange) return (this.stopIfInterrupted(), exchanges);
      exchanges.push(exchange);
      this.unanswered = exchange.response.status === 0 ? this.unanswered + 1 : 0;
      if (this.unanswered >= UNANSWERED_LIMIT) {
        this.stop = { reason: "unreachable", message: `${UNANSWERED_LIMIT} requests in a row got no answer (last: ${exchange.response.text}); the run stops` };
        return exchanges;
      }
      if (this.options.retryOn429) this.respectRateLimitHeaders(exchange);
      if (exchange.response.status !== 429 || !this.options.retryOn429 || c.kind === "forced" || attempt >= RETRIES_PER_CASE) return exchanges;
      // Any other answer ended the loop, so `attempt` counts the 429s this case already had: the backoff's step.
      const now = this.now();
      const next = after429(exchange.response.headers, attempt, this.options.maxRetryAfterSeconds, now);
      if ("stop" in next) {
        this.stop = { reason: "retry_after", message: next.stop };
        return exchanges;
      }
      exchange.retried = true;
      this.nextSlot = Math.max(this.nextSlot, now + next.waitMs);
      this.options.onEvent?.({ kind: "wait", ms: next.waitMs, cause: next.cause });
    }
  }

  /**
   * A live server that says its window is spent (X-RateLimit-Remaining: 0) is not asked again before the window
   * resets (X-RateLimit-Reset, Unix seconds), when that is within the longest wait the run allows.
   */
  private respectRateLimitHeaders(exchange: Exchange): void {
    const now = this.now();
    const wait = spentWindowMs(exchange.response.headers, now);
    if (wait !== undefined && wait <= this.options.maxRetryAfterSeconds * 1000) {
      this.nextSlot = Math.max(this.nextSlot, now + wait);
      this.options.onEvent?.({ kind: "wait", ms: wait, cause: "the rate-limit window is spent (X-RateLimit-Remaining: 0) until X-RateLimit-Reset" });
    }
  }

  /** A run interrupted by a signal sends nothing more, and says so as its stop. */
  private stopIfInterrupted(): void {
    const signal = interruptedBy();
    if (signal && !this.stop) this.stop = { reason: "interrupted", message: `interrupted by ${signal}; the remaining cases were not sent, and what was sent is judged` };
  }

  /** Waits for `work`, unless the run is interrupted first (then undefined, at once). */
  private async unlessInterrupted<T>(work: Promise<T>): Promise<T | undefined> {
    const interruption = whenInterrupted();
    try {
      return await Promise.race([work, interruption.promise.then(() => undefined)]);
    } finally {
      interruption.cancel();
    }
  }

  private async once(c: Case, operation: SpecOperation): Promise<Exchange | undefined> {
    const now = this.now();
    if (this.nextSlot > now) await this.unlessInterrupted(this.sleep(this.nextSlot - now));
    if (interruptedBy()) return undefined;
    this.nextSlot = Math.max(this.now(), this.nextSlot) + this.interval;
    const recorded = buildUrl(this.options.target.baseUrl, operation, c);
    // An operation whose security asks for a credential outside Authorization (an API key) gets the token, or the
    // wrong one, there; the query's goes on the wire only, as the Authorization header does.
    const custom = c.auth === "token" || c.auth === "wrong" ? credentialsFor(operation.row.security, operation.securitySchemes, {}, c.auth === "token" ? this.options.token : WRONG_TOKEN) : undefined;
    const keyed = custom?.custom ? custom : undefined;
    const url = keyed && Object.keys(keyed.query).length > 0 ? `${recorded}${recorded.includes("?") ? "&" : "?"}${new URLSearchParams(keyed.query).toString()}` : recorded;
    if (!url.startsWith(this.originPath) && new URL(url).origin !== this.origin) throw new Error(`refusing to send a request outside ${this.origin}`);
    const headers = withRequiredHeaders(operation, { accept: "application/json", ...(c.headers ?? {}) });
    const { prefer } = this.options.target;
    if (prefer) headers.prefer = headers.prefer ? `${headers.prefer}, ${prefer}` : prefer;
    const wire: Record<string, string> = { ...headers };
    // The header goes on the wire only: the recorded request names the mode, never the token.
    if (keyed) Object.assign(wire, keyed.headers);
    else {
      const authorization = CREDENTIALS[c.auth].header(this.options.token);
      if (authorization !== undefined) wire.authorization = authorization;
    }
    this.sent++;
    this.options.onEvent?.({ kind: "sent", sent: this.sent });
    const startedAt = new Date(this.now()).toISOString();
    const started = performance.now();
    let response: RecordedResponse;
    try {
      const answer = await this.unlessInterrupted(get(url, wire, this.options.timeoutMs));
      if (!answer) return undefined;
      response = answer;
      if (response.text.length > 0) {
        try {
          response.json = JSON.parse(response.text);
        } catch (error) {
          response.jsonError = (error as Error).message;
        }
      }
    } catch (error) {
      response = { status: 0, headers: {}, text: noAnswer(error as NodeJS.ErrnoException) };
    }
    return {
      target: this.options.target,
      case: c,
      request: { method: "GET", url: recorded, auth: c.auth, headers },
      response,
      startedAt,
      elapsedMs: Math.round(performance.now() - started),
    };
  }
}
