// The fetch that openapi-fetch calls: adds the token, retries and times out each attempt, via ky.
import ky, { HTTPError, TimeoutError } from "ky";
import { isErrorLike, type ErrorFactory, type RateLimit, type RequestSummary } from "./errors";
import type { ResolvedOptions } from "./options";
import { decideWait, readRateLimit } from "./shared/rate-limit";

/** Statuses worth another try: rate limited, or a gateway/upstream that may recover. */
const RETRY_STATUS_CODES = [429, 502, 503, 504] as const;
// ky's default backoff base: 300 ms, doubled each retry, then full jitter and the maxRetryDelayMs cap.
const BACKOFF_BASE_MS = 300;

export interface TransportConfig
  extends Pick<ResolvedOptions, "baseOrigin" | "token" | "timeoutMs" | "retries" | "maxRetryDelayMs" | "fetch"> {
  errors: ErrorFactory;
  onRateLimit: (rateLimit: RateLimit) => void;
}

/** A body that broke off mid-way (socket reset, length mismatch): retried like a network error. */
class TruncatedBodyError extends Error {
  constructor(readonly status: number, readonly received: string, cause: unknown) {
    super(`response body broke off after ${received.length} characters`, { cause });
    this.name = "TruncatedBodyError";
  }
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Reads the whole body inside the attempt, so the per-attempt timeout covers a server that sends headers and
 * then stalls, and a body cut short is retried instead of surfacing later in a JSON parser.
 */
async function bufferBody(response: Response): Promise<Response> {
  if (response.body === null || NULL_BODY_STATUSES.has(response.status)) return response;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
  } catch (error) {
    if (isErrorLike(error) && error.name === "AbortError") throw error;
    const received = new TextDecoder().decode(concat(chunks));
    throw new TruncatedBodyError(response.status, received, error);
  }
  const buffered = new Response(concat(chunks), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  // The Response constructor cannot set these; errors report the final URL.
  Object.defineProperty(buffered, "url", { value: response.url });
  Object.defineProperty(buffered, "redirected", { value: response.redirected });
  return buffered;
}

function concat(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

export type TransportFetch = (input: Request) => Promise<Response>;

export function createTransport(config: TransportConfig): TransportFetch {
  return async function transportFetch(input: Request): Promise<Response> {
    const request: RequestSummary = { method: input.method, url: input.url };
    const userSignal = input.signal;
    let attempts = 0;
    const headers = new Headers();
    // Only the API's own origin gets the token. Redirects elsewhere are stripped of it by fetch itself (Fetch
    // standard, "HTTP-redirect fetch"), which the tests prove against two loopback origins.
    if (config.token !== undefined && new URL(input.url).origin === config.baseOrigin) {
      headers.set("Authorization", `Bearer ${config.token}`);
    }

    async function attempt(attemptInput: string | URL | Request, init?: RequestInit): Promise<Response> {
      attempts++;
      // ky always hands over a Request; the other forms are only in its signature.
      const response = await config.fetch(attemptInput instanceof Request ? attemptInput : new Request(attemptInput, init));
      const rateLimit = readRateLimit(response.headers);
      if (rateLimit) config.onRateLimit(rateLimit);
      return bufferBody(response);
    }

    try {
      return await ky(input, {
        headers,
        fetch: attempt,
        timeout: config.timeoutMs,
        // ky retries only what it throws: with throwHttpErrors a retryable status becomes an HTTPError, whose
        // response is handed back below once ky gives up, so openapi-fetch still sees the real response.
        throwHttpErrors: true,
        retry: {
          limit: config.retries,
          methods: ["get"],
          statusCodes: [...RETRY_STATUS_CODES],
          afterStatusCodes: [429, 503],
          maxRetryAfter: config.maxRetryDelayMs,
          backoffLimit: config.maxRetryDelayMs,
          delay: (attemptCount) => BACKOFF_BASE_MS * 2 ** (attemptCount - 1),
          jitter: true,
          retryOnTimeout: true,
          // true: back off with jitter; false: stop now; undefined: let ky wait what the headers ask.
          shouldRetry: ({ error }) => {
            if (userSignal.aborted) return false;
            if (error instanceof HTTPError) {
              const { status, headers: responseHeaders } = error.response;
              if (!(RETRY_STATUS_CODES as readonly number[]).includes(status)) return false;
              // Asking for more than we may wait: fail at once, the caller reads `retryAfter` and decides.
              const decision = decideWait(status, responseHeaders, config.maxRetryDelayMs);
              return decision.kind === "backoff" ? true : decision.kind === "wait" ? undefined : false;
            }
            return true;
          },
        },
      });
    } catch (error) {
      if (error instanceof HTTPError) return error.response;
      if (userSignal.aborted) throw config.errors.aborted(request, userSignal.reason);
      if (error instanceof TimeoutError) throw config.errors.timeout(request, config.timeoutMs, attempts);
      if (error instanceof TruncatedBodyError) {
        throw config.errors.unexpectedResponse(request, error.status, "a truncated body", error.received, {
          details: { attempts },
          cause: error.cause,
        });
      }
      throw config.errors.networkError(request, error, attempts);
    }
  };
}
