// Every error the client throws is made here, so the token is redacted in one place and cannot be forgotten.
import type { ErrorBody } from "../generated/client-types";
import { redactSecrets } from "./shared/redact";
import type { RateLimit } from "./shared/rate-limit";

export type { ErrorBody, RateLimit };

/** The codes the client itself gives; any other code is the server's (its error body's `code`, or `http_<status>`). */
export type ClientErrorCode =
  | "network_error"
  | "timeout"
  | "aborted"
  | "invalid_request"
  | "invalid_response"
  | "unexpected_response";

export interface RequestSummary {
  method: string;
  url: string;
}

interface ErrorInit {
  code: string;
  message: string;
  status?: number;
  details?: Record<string, unknown>;
  body?: ErrorBody;
  retryAfter?: number;
  rateLimit?: RateLimit;
  request?: RequestSummary;
  cause?: unknown;
}

/** Duck-typed, not instanceof: fetch's errors may come from another realm (a worker, a VM context, a test runner). */
function isErrorLike(value: unknown): value is Error {
  return typeof value === "object" && value !== null && typeof (value as Error).message === "string";
}
const EXCERPT_LENGTH = 200;
// Symbol.for, not node:util: the runtime path imports nothing from Node.
const INSPECT = Symbol.for("nodejs.util.inspect.custom");
// Marks instances, so `instanceof` holds across the ESM and CJS builds (an app may load both) and across realms.
const BRAND = Symbol.for("@ccextractor/sample-platform-client/SamplePlatformError");

export class SamplePlatformError extends Error {
  /** HTTP status of the response, or undefined when none arrived (network, timeout, abort, invalid input). */
  readonly status: number | undefined;
  /** The server's `code` (`http_<status>` when its error body has none), or one of {@link ClientErrorCode}. */
  readonly code: ClientErrorCode | (string & {});
  /** Structured context: the server's `details`, or the client's (fields, pointer, excerpt...). Always an object. */
  readonly details: Record<string, unknown>;
  /** The server's error body, as the spec types it; undefined for an error the client made. */
  readonly body: ErrorBody | undefined;
  /** Seconds the server asked to wait (Retry-After or X-RateLimit-Reset), when it did. */
  readonly retryAfter: number | undefined;
  readonly rateLimit: RateLimit | undefined;
  readonly request: RequestSummary | undefined;

  static [Symbol.hasInstance](value: unknown): boolean {
    if (this !== SamplePlatformError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }

  /** @internal Use the client; errors are made by errors.ts only. */
  constructor(init: ErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "SamplePlatformError";
    Object.defineProperty(this, BRAND, { value: true });
    this.code = init.code;
    this.status = init.status;
    this.details = init.details ?? {};
    this.body = init.body;
    this.retryAfter = init.retryAfter;
    this.rateLimit = init.rateLimit;
    this.request = init.request;
  }

  /** The fields worth logging; no stack, no cause (a cause may be a foreign object). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      status: this.status,
      message: this.message,
      details: this.details,
      body: this.body,
      retryAfter: this.retryAfter,
      rateLimit: this.rateLimit,
      request: this.request,
    };
  }

  // util.inspect would otherwise walk `cause`, which may hold a Request and its headers.
  [INSPECT](_depth: number, options: unknown, inspect?: (value: unknown, options?: unknown) => string): string {
    const fields = { ...this.toJSON() };
    delete fields.name;
    delete fields.message;
    const shown = inspect ? inspect(fields, options) : JSON.stringify(fields);
    const cause = isErrorLike(this.cause) ? `\n  [cause]: ${this.cause.name}: ${this.cause.message}` : "";
    return `${this.stack ?? `${this.name}: ${this.message}`} ${shown}${cause}`;
  }
}

/** Builds errors for one client; every string that goes out passes through `redact`. */
export class ErrorFactory {
  readonly #secrets: ReadonlyArray<string | undefined>;

  constructor(secrets: ReadonlyArray<string | undefined>) {
    this.#secrets = [...secrets];
  }

  redact(text: string): string {
    return redactSecrets(text, this.#secrets);
  }

  #redactValue(value: unknown): unknown {
    if (typeof value === "string") return this.redact(value);
    if (Array.isArray(value)) return value.map((item) => this.#redactValue(item));
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.#redactValue(item)]));
    }
    return value;
  }

  // A foreign cause is kept only as name and message, and only when it carries no secret-bearing objects.
  #safeCause(cause: unknown): unknown {
    if (cause === undefined) return undefined;
    if (!isErrorLike(cause)) return new Error(this.redact(primitiveText(cause)));
    const message = this.redact(cause.message);
    const inner = (cause as { cause?: unknown }).cause;
    const copy = new Error(message, inner === undefined ? undefined : { cause: this.#safeCause(inner) });
    copy.name = typeof cause.name === "string" ? cause.name : "Error";
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string") Object.defineProperty(copy, "code", { value: code, enumerable: true });
    return copy;
  }

  make(init: ErrorInit): SamplePlatformError {
    return new SamplePlatformError({
      ...init,
      message: this.redact(init.message),
      details: this.#redactValue(init.details ?? {}) as Record<string, unknown>,
      body: init.body === undefined ? undefined : (this.#redactValue(init.body) as ErrorBody),
      request: init.request && { method: init.request.method, url: this.redact(init.request.url) },
      cause: this.#safeCause(init.cause),
    });
  }

  excerpt(text: string): string {
    const trimmed = text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text;
    return this.redact(trimmed);
  }

  invalidRequest(request: RequestSummary, fields: Record<string, string>): SamplePlatformError {
    const list = Object.entries(fields).map(([field, rule]) => `${field} ${rule}`).join("; ");
    return this.make({ code: "invalid_request", message: `Invalid request, not sent: ${list}`, details: { fields }, request });
  }

  invalidResponse(request: RequestSummary, status: number | undefined, problem: string, details: Record<string, unknown>): SamplePlatformError {
    return this.make({
      code: "invalid_response",
      status,
      message: `${request.method} ${request.url}: response breaks the spec: ${problem}`,
      details,
      request,
    });
  }

  unexpectedResponse(
    request: RequestSummary,
    status: number | undefined,
    problem: string,
    body: string,
    extra: Partial<ErrorInit> = {},
  ): SamplePlatformError {
    const excerpt = this.excerpt(body);
    return this.make({
      ...extra,
      code: "unexpected_response",
      status,
      message: `${request.method} ${request.url} answered ${status ?? "?"} with ${problem}: ${JSON.stringify(excerpt)}`,
      details: { ...extra.details, excerpt },
      request,
    });
  }

  /**
   * The server's documented error. Its body is whatever schema the spec gives: `code` and `message` (or an RFC 9457
   * problem's `title` and `detail`) make the message when present, `details` the details when it is an object.
   */
  fromErrorBody(request: RequestSummary, status: number, body: ErrorBody, extra: Pick<ErrorInit, "retryAfter" | "rateLimit">): SamplePlatformError {
    const fields = body as Record<string, unknown>;
    const text = (...names: string[]) => names.map((name) => fields[name]).find((value): value is string => typeof value === "string");
    const code = text("code") ?? `http_${status}`;
    const said = text("message", "detail", "title");
    const details = fields.details;
    return this.make({
      ...extra,
      code,
      status,
      message: `${request.method} ${request.url} failed with ${status} ${code}${said === undefined ? "" : `: ${said}`}`,
      details: typeof details === "object" && details !== null && !Array.isArray(details) ? (details as Record<string, unknown>) : {},
      body,
      request,
    });
  }

  networkError(request: RequestSummary, cause: unknown, attempts: number): SamplePlatformError {
    const reason = isErrorLike(cause) ? describeNetworkCause(cause) : String(cause);
    return this.make({
      code: "network_error",
      message: `${request.method} ${request.url} failed after ${attempts} attempt(s): ${reason}`,
      details: { attempts },
      request,
      cause,
    });
  }

  timeout(request: RequestSummary, timeoutMs: number, attempts: number): SamplePlatformError {
    // No cause: the deadline that ran out says nothing that the code and details do not.
    return this.make({
      code: "timeout",
      message: `${request.method} ${request.url} timed out after ${timeoutMs} ms (attempt ${attempts})`,
      details: { timeoutMs, attempts },
      request,
    });
  }

  aborted(request: RequestSummary | undefined, reason: unknown): SamplePlatformError {
    const where = request ? `${request.method} ${request.url}` : "Request";
    return this.make({ code: "aborted", message: `${where} was aborted`, request, cause: reason });
  }
}

// undici says only "fetch failed"; the useful part (ECONNRESET, ECONNREFUSED...) is in its cause.
function describeNetworkCause(error: Error): string {
  const inner = (error as { cause?: unknown }).cause;
  if (isErrorLike(inner)) {
    const code = (inner as { code?: unknown }).code;
    return `${error.message} (${typeof code === "string" ? `${code}: ` : ""}${inner.message})`;
  }
  return error.message;
}

/** A foreign cause that is not an Error, as text: a primitive as itself, an object only as its tag ("[object Object]"),
 * since its fields may carry a secret that redaction of the text would not see. */
function primitiveText(value: unknown): string {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
    case "boolean":
    case "bigint":
    case "symbol":
    case "undefined":
      return String(value);
    default:
      return value === null ? "null" : Object.prototype.toString.call(value);
  }
}
