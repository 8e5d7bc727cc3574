// Sends the cases: plain fetch (never the client in src/), GET only, the token to the target's origin only
// (redirects are not followed), paced under a rate, bounded by a request budget, and honouring every Retry-After.
import type { SpecOperation } from "./spec";
import type { Case, Exchange, RecordedResponse, TargetInfo } from "./types";

/** A token no server can have issued: sent by the wrong-token half of ignored_auth. */
export const WRONG_TOKEN = "sp-contract-test-wrong-token-0000000000000000";

export interface SenderOptions {
  target: TargetInfo;
  token: string;
  ratePerMinute: number;
  maxRequests: number;
  timeoutMs: number;
  maxRetryAfterSeconds: number;
  /** wait out a 429 and retry (live); on the mock a 429 is only ever forced and is the answer */
  retryOn429: boolean;
  /** injectable for the self-tests */
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
}

/** Why a run stopped before sending every case; reported, never silent. */
export interface Stop {
  reason: "budget" | "retry_after" | "unreachable";
  message: string;
}

/** Consecutive requests without any answer after which the run stops (the server is down or unreachable). */
export const UNANSWERED_LIMIT = 3;

// Not unref'd: a paced run waits here with nothing else in flight, and must not let the process end meanwhile.
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function buildUrl(baseUrl: string, operation: SpecOperation, c: Case): string {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(c.pathParams[name] ?? ""));
  const query = Object.entries(c.query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
  return `${baseUrl}${path}${query ? `?${query}` : ""}`;
}

/** Seconds a Retry-After asks for (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterSeconds(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

export class Sender {
  sent = 0;
  stop?: Stop;
  private unanswered = 0;
  private nextSlot = 0;
  private readonly interval: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly fetchImpl: typeof fetch;
  private readonly origin: string;

  constructor(private readonly options: SenderOptions) {
    this.interval = Number.isFinite(options.ratePerMinute) ? 60_000 / options.ratePerMinute : 0;
    this.sleep = options.sleep ?? defaultSleep;
    this.fetchImpl = options.fetch ?? fetch;
    this.origin = new URL(options.target.baseUrl).origin;
  }

  /** Sends one case; returns its exchanges (a 429 that was waited out, then the answer). Empty once the run stopped. */
  async send(c: Case, operation: SpecOperation): Promise<Exchange[]> {
    const exchanges: Exchange[] = [];
    for (let attempt = 0; ; attempt++) {
      if (this.stop) return exchanges;
      if (this.sent >= this.options.maxRequests) {
        this.stop = { reason: "budget", message: `request budget of ${this.options.maxRequests} reached (SP_CONTRACT_MAX_REQUESTS); the remaining cases were not sent` };
        return exchanges;
      }
      const exchange = await this.once(c, operation);
      exchanges.push(exchange);
      this.unanswered = exchange.response.status === 0 ? this.unanswered + 1 : 0;
      if (this.unanswered >= UNANSWERED_LIMIT) {
        this.stop = { reason: "unreachable", message: `${UNANSWERED_LIMIT} requests in a row got no answer (last: ${exchange.response.text}); the run stops` };
        return exchanges;
      }
      if (this.options.retryOn429) this.respectRateLimitHeaders(exchange);
      if (exchange.response.status !== 429 || !this.options.retryOn429 || c.kind === "forced" || attempt >= 3) return exchanges;
      const asked = retryAfterSeconds(exchange.response.headers["retry-after"]);
      const wait = asked ?? 60;
      if (wait > this.options.maxRetryAfterSeconds) {
        this.stop = {
          reason: "retry_after",
          message: `the server asked to wait ${wait} s (Retry-After${asked === undefined ? " missing, assumed 60" : ""}), more than SP_CONTRACT_MAX_RETRY_AFTER=${this.options.maxRetryAfterSeconds}; the run stops`,
        };
        return exchanges;
      }
      exchange.retried = true;
      this.nextSlot = Math.max(this.nextSlot, Date.now() + wait * 1000);
    }
  }

  /**
   * A live server that says its window is spent (X-RateLimit-Remaining: 0) is not asked again before the window
   * resets (X-RateLimit-Reset, Unix seconds), when that is within the longest wait the run allows.
   */
  private respectRateLimitHeaders(exchange: Exchange): void {
    const remaining = exchange.response.headers["x-ratelimit-remaining"]?.trim();
    const reset = Number(exchange.response.headers["x-ratelimit-reset"]?.trim());
    if (remaining !== "0" || !Number.isSafeInteger(reset)) return;
    const wait = reset * 1000 - Date.now();
    if (wait > 0 && wait <= this.options.maxRetryAfterSeconds * 1000) this.nextSlot = Math.max(this.nextSlot, reset * 1000);
  }

  private async once(c: Case, operation: SpecOperation): Promise<Exchange> {
    const now = Date.now();
    if (this.nextSlot > now) await this.sleep(this.nextSlot - now);
    this.nextSlot = Math.max(Date.now(), this.nextSlot) + this.interval;
    const url = buildUrl(this.options.target.baseUrl, operation, c);
    if (new URL(url).origin !== this.origin) throw new Error(`refusing to send a request outside ${this.origin}`);
    const headers: Record<string, string> = { accept: "application/json", ...(c.headers ?? {}) };
    const wire: Record<string, string> = { ...headers };
    if (c.auth === "token") wire.authorization = `Bearer ${this.options.token}`;
    if (c.auth === "wrong") wire.authorization = `Bearer ${WRONG_TOKEN}`;
    this.sent++;
    const started = performance.now();
    let response: RecordedResponse;
    try {
      const res = await this.fetchImpl(url, {
        method: "GET",
        headers: wire,
        redirect: "manual",
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const text = await res.text();
      const recordedHeaders: Record<string, string> = {};
      res.headers.forEach((value, name) => (recordedHeaders[name.toLowerCase()] = value));
      response = { status: res.status, headers: recordedHeaders, text };
      if (text.length > 0) {
        try {
          response.json = JSON.parse(text);
        } catch (error) {
          response.jsonError = (error as Error).message;
        }
      }
    } catch (error) {
      const cause = (error as any)?.cause?.code ?? (error as any)?.cause?.message;
      const name = (error as Error).name === "TimeoutError" ? `timed out after ${this.options.timeoutMs} ms` : (error as Error).message;
      response = { status: 0, headers: {}, text: cause ? `${name} (${cause})` : name };
    }
    return {
      target: this.options.target,
      case: c,
      request: { method: "GET", url, auth: c.auth, headers },
      response,
      elapsedMs: Math.round(performance.now() - started),
    };
  }
}
