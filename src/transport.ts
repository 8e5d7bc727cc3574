// How a request goes out: the token for the API's own origin only, one Request per attempt (the one fetch builds),
// the whole body read inside the attempt, retries and timeouts by src/retry.ts, and every way an exchange can fail
// turned into the client's error in one place (failure). The typed calls use `send`; openapi-fetch (`raw`) uses `fetch`.
import type { CallCredentials } from "./credentials";
import type { ErrorFactory, RateLimit, RequestSummary, SamplePlatformError } from "./errors";
import type { ResolvedOptions } from "./options";
import { AttemptTimeout, RetriesFailed, retryPolicy, TruncatedBody, withRetries } from "./retry";
import { readRateLimit } from "./shared/rate-limit";

export interface TransportConfig
  extends Pick<ResolvedOptions, "baseUrl" | "baseOrigin" | "token" | "timeoutMs" | "retries" | "maxRetryDelayMs" | "send" | "headers"> {
  errors: ErrorFactory;
  onRateLimit: (rateLimit: RateLimit) => void;
}

/** A whole response: its status and headers, and its body, read to the end inside the attempt (null when it has none). */
export interface Received {
  status: number;
  headers: Headers;
  response: Response;
  bytes: Uint8Array | null;
}

/** What a typed call adds to its request: its signal, its headers (over the client's) and its own timeout. */
export interface CallOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** The headers a typed call starts from: the client's, with its operation's credential (Transport.callHeaders). */
export interface CallHeaders {
  headers: Record<string, string>;
  /** a credential outside `Authorization` goes with it: a redirect is refused rather than followed with it */
  custom: boolean;
}

export interface Transport {
  /** A request to one of the API's URLs, as the typed calls make it (a body is sent as JSON). */
  send: (method: string, url: string, call: CallOptions, body: unknown, start: CallHeaders) => Promise<Received>;
  /** The client's headers with a credential's, by lower-case name: made once per operation, shared by its calls. */
  callHeaders: (credential: Record<string, string>, custom: boolean) => CallHeaders;
  /** The fetch openapi-fetch calls (`raw`): the same token rule, retries and timeouts, the body buffered. */
  fetch: (request: Request) => Promise<Response>;
  /**
   * A `raw` request with its operation's credential in place of the token rule's (an API key, none for `security: []`):
   * its headers set, its query extended; `fetch` then adds no token to it. The token as a bearer is left to the rule.
   */
  withCredential: (request: Request, credential: CallCredentials) => Request;
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const decoder = new TextDecoder();

/** A body as text (UTF-8, as Response.text() reads it). */
export function bodyText(received: Received): string {
  return received.bytes === null ? "" : decoder.decode(received.bytes);
}

function concat(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  let total = 0;
  for (const chunk of chunks) total += chunk.byteLength;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Reads the whole body inside the attempt, so that its deadline covers a server that sends headers and then stalls,
 * and a body cut short is retried (TruncatedBody, with what arrived) instead of surfacing later in a JSON parser.
 */
async function readBody(response: Response): Promise<Uint8Array | null> {
  if (response.body === null || NULL_BODY_STATUSES.has(response.status)) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
  } catch (error) {
    throw new TruncatedBody(response.status, decoder.decode(concat(chunks)), error);
  }
  return chunks.length === 1 ? chunks[0] : concat(chunks);
}

/** A buffered copy of the response, for openapi-fetch; the status and headers are the original's. */
function toResponse(received: Received): Response {
  const { response, bytes } = received;
  if (bytes === null) return response;
  const buffered = new Response(bytes as Uint8Array<ArrayBuffer>, { status: response.status, statusText: response.statusText, headers: response.headers });
  // The Response constructor cannot set these; errors report the final URL.
  Object.defineProperty(buffered, "url", { value: response.url });
  Object.defineProperty(buffered, "redirected", { value: response.redirected });
  return buffered;
}

function lowerCaseNames(headers: Record<string, string>): Record<string, string> {
  const lower: Record<string, string> = {};
  for (const name of Object.keys(headers)) lower[name.toLowerCase()] = headers[name];
  return lower;
}

export function createTransport(config: TransportConfig): Transport {
  const { errors } = config;
  const policy = retryPolicy(config);
  const authorization = config.token === undefined ? undefined : `Bearer ${config.token}`;
  const baseUrlPath = `${config.baseUrl}/`;
  // The client's headers, by lower-case name (so that a call's own replace them whatever their case), with and without
  // the token: built once, shared by every call that adds no headers of its own (fetch copies them, never changes them).
  const clientHeaders = lowerCaseNames(config.headers);
  const clientHeadersWithToken = authorization === undefined ? clientHeaders : { ...clientHeaders, authorization };
  // `raw` requests that carry their operation's own credential, and whether it travels outside Authorization.
  const credentialed = new WeakMap<Request, boolean>();
  /** Whether a credential is just the token as a bearer (most operations'), which the token rule sends as it is. */
  const isTokenOnly = (headers: Record<string, string>, custom: boolean) => {
    const keys = Object.keys(headers);
    return !custom && keys.length === 1 && keys[0] === "authorization" && headers.authorization === authorization;
  };

  /**
   * The token rule: only the API's own origin gets it. Redirects elsewhere are stripped of it by fetch itself (Fetch
   * standard, "HTTP-redirect fetch"), which the tests prove against two loopback origins. A URL under baseUrl is of its
   * origin by construction (baseUrl has no query or fragment), which spares the typed calls parsing their URL.
   */
  function sendsToken(url: string): boolean {
    if (authorization === undefined) return false;
    return url.startsWith(baseUrlPath) || url === config.baseUrl || new URL(url).origin === config.baseOrigin;
  }

  /** Every way an exchange fails, as the client's error (the caller's abort first, whatever else went wrong with it). */
  function failure(request: RequestSummary, thrown: unknown, signal: AbortSignal | undefined): SamplePlatformError {
    const { failure: cause, attempts } = thrown instanceof RetriesFailed ? thrown : { failure: thrown, attempts: 1 };
    if (signal?.aborted) return errors.aborted(request, signal.reason);
    // No cause: the deadline's error says nothing the code and details do not.
    if (cause instanceof AttemptTimeout) return errors.timeout(request, cause.timeoutMs, attempts);
    if (cause instanceof TruncatedBody) {
      return errors.unexpectedResponse(request, cause.status, "a truncated body", cause.received, { details: { attempts }, cause: cause.cause });
    }
    return errors.networkError(request, cause, attempts);
  }

  async function exchange(input: string | Request, init: RequestInit, method: string, call: CallOptions): Promise<Received> {
    try {
      return await withRetries(
        policy,
        method,
        call.signal,
        async (signal) => {
          const response = await config.send(input, { ...init, signal });
          const rateLimit = readRateLimit(response.headers);
          if (rateLimit) config.onRateLimit(rateLimit);
          return { status: response.status, headers: response.headers, response, bytes: await readBody(response) };
        },
        call.timeoutMs,
      );
    } catch (error) {
      throw failure({ method, url: typeof input === "string" ? input : input.url }, error, call.signal);
    }
  }

  return {
    // A typed call's URL is under baseUrl by construction: its operation's credential goes with it.
    send(method, url, call, body, start) {
      let headers = start.headers;
      if (body !== undefined) headers = { ...headers, "content-type": "application/json" };
      if (call.headers !== undefined) headers = { ...headers, ...lowerCaseNames(call.headers) };
      const init: RequestInit = body === undefined ? { method, headers } : { method, headers, body: JSON.stringify(body) };
      // fetch strips only Authorization on a redirect to another origin: an API key in another header or the query
      // would follow it there, so such a call does not follow redirects at all.
      if (start.custom) init.redirect = "error";
      return exchange(url, init, method, call);
    },
    callHeaders(credential, custom) {
      // The common case (a bearer token) shares the one object every call of such an operation uses.
      if (isTokenOnly(credential, custom)) return { headers: clientHeadersWithToken, custom };
      if (Object.keys(credential).length === 0) return { headers: clientHeaders, custom };
      return { headers: { ...clientHeaders, ...credential }, custom };
    },
    async fetch(request) {
      // openapi-fetch has put the client's headers in already; the token is added here, by the same rule, unless the
      // request carries its operation's own credential.
      const custom = credentialed.get(request);
      const headers = new Headers(request.headers);
      if (custom === undefined && sendsToken(request.url)) headers.set("Authorization", authorization as string);
      const init: RequestInit = custom ? { headers, redirect: "error" } : { headers };
      return toResponse(await exchange(request, init, request.method, { signal: request.signal }));
    },
    withCredential(request, credential) {
      const query = Object.entries(credential.query);
      // The token as a bearer is the token rule's to send: the request is left to it, as it is.
      if (query.length === 0 && isTokenOnly(credential.headers, credential.custom)) return request;
      let out = request;
      if (query.length > 0) {
        const url = new URL(request.url);
        for (const [name, value] of query) url.searchParams.set(name, value);
        out = new Request(url, request);
      }
      for (const [name, value] of Object.entries(credential.headers)) out.headers.set(name, value);
      credentialed.set(out, credential.custom);
      return out;
    },
  };
}
