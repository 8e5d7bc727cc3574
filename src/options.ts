// Reads and checks the client options once, so that every later step can trust them.
import { checkBaseUrl, describeBaseUrlProblem, isTokenText } from "./shared/base-url";
import { defaultBaseUrl, securitySchemes } from "../generated/client-operations";
import type { RequestOptions } from "./types";

/** How the client is configured. Every field is optional; the defaults suit production. */
export interface SamplePlatformClientOptions {
  /** API root, e.g. `https://sampleplatform.ccextractor.org/api/v1`. Default: `SP_BASE_URL`, else the spec's first server. */
  baseUrl?: string;
  /**
   * The credential of every security scheme `credentials` does not name: a bearer token for the API's own schemes.
   * Default: `SP_API_TOKEN`; without one, requests go unauthenticated (the API answers 401).
   */
  token?: string;
  /**
   * Credentials by security scheme name, for a spec with several schemes: an API key, a bearer token, or
   * `"user:password"` for HTTP Basic. Each operation sends the one its security asks for. Default: none.
   */
  credentials?: Record<string, string>;
  /** Time limit of each attempt, response body included, in milliseconds. Default 30000. */
  timeoutMs?: number;
  /** Retries after the first attempt (GET: 429, 502, 503, 504, network errors, timeouts; other methods: 429, 503 with Retry-After). Default 3. */
  retries?: number;
  /** Longest wait before a retry, in milliseconds. A 429 asking for longer fails at once. Default 30000. */
  maxRetryDelayMs?: number;
  /** Check every response body against the spec. Default false. */
  validateResponses?: boolean;
  /** The fetch to use. Default `globalThis.fetch`. */
  fetch?: (input: Request) => Promise<Response>;
  /** Extra headers sent with every request (not `Authorization`: use `token`). */
  headers?: Record<string, string>;
  /** `User-Agent` header to send. Default: the runtime's own. */
  userAgent?: string;
  /** Allow `http://` to a host that is not loopback (the token then travels in clear text). Default false. */
  allowInsecureHttp?: boolean;
}

export interface ResolvedOptions {
  baseUrl: string;
  baseOrigin: string;
  token: string | undefined;
  credentials: Record<string, string>;
  timeoutMs: number;
  retries: number;
  maxRetryDelayMs: number;
  validateResponses: boolean;
  /**
   * How one attempt is sent: `fetch(input, init)`, which builds the attempt's one Request, or, with the `fetch` option,
   * that Request built here and handed to it (the option takes a Request).
   */
  send: (input: string | Request, init: RequestInit) => Promise<Response>;
  headers: Record<string, string>;
}

/**
 * The defaults, as data (like ky's `defaultRetryOptions`). `baseUrl` falls back to `SP_BASE_URL` first and `token` to
 * `SP_API_TOKEN` (no default); `fetch` is `globalThis.fetch`, `headers` none, `userAgent` the runtime's own.
 */
export const defaultClientOptions = {
  baseUrl: defaultBaseUrl ?? undefined,
  timeoutMs: 30_000,
  retries: 3,
  maxRetryDelayMs: 30_000,
  validateResponses: false,
  allowInsecureHttp: false,
} as const satisfies SamplePlatformClientOptions;

/** The option names, checked against SamplePlatformClientOptions both ways: a field added there and not here fails to compile. */
const OPTION_NAMES = {
  baseUrl: true,
  token: true,
  credentials: true,
  timeoutMs: true,
  retries: true,
  maxRetryDelayMs: true,
  validateResponses: true,
  fetch: true,
  headers: true,
  userAgent: true,
  allowInsecureHttp: true,
} as const satisfies Record<keyof SamplePlatformClientOptions, true>;
const KNOWN_OPTIONS: ReadonlySet<string> = new Set(Object.keys(OPTION_NAMES));
// setTimeout's upper bound: a longer delay would fire at once.
const MAX_TIMER_MS = 2_147_483_647;

/** Thrown for bad options: a programming error, not an API failure, so a plain TypeError. */
function optionError(name: string, rule: string, given?: string): TypeError {
  return new TypeError(`sample-platform-client: option \`${name}\` ${rule}${given === undefined ? "" : ` (got ${given})`}`);
}

// Only read where it exists: browsers have no `process`. Through globalThis, so that neither Node's types nor a
// bundler's `process` shim is needed.
function readEnv(name: string): string | undefined {
  const runtime = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  if (typeof runtime !== "object" || runtime === null || typeof runtime.env !== "object" || runtime.env === null) return undefined;
  const value = runtime.env[name];
  return value === undefined || value === "" ? undefined : value;
}

function checkNumber(name: string, value: unknown, min: number, max: number, integer: boolean): number {
  if (typeof value !== "number" || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw optionError(name, `must be a finite ${integer ? "integer" : "number"}`, String(value));
  }
  if (value < min || value > max) throw optionError(name, `must be between ${min} and ${max}`, String(value));
  return value;
}

function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw optionError(name, "must be a boolean");
  return value;
}

function resolveBaseUrl(given: unknown, allowInsecureHttp: boolean): URL {
  const source = given === undefined ? "baseUrl (from SP_BASE_URL)" : "baseUrl";
  const text = given ?? readEnv("SP_BASE_URL") ?? defaultClientOptions.baseUrl;
  if (text === undefined) throw optionError("baseUrl", "is needed: the spec's servers name no absolute URL to default to, and SP_BASE_URL is not set");
  if (typeof text !== "string") throw optionError("baseUrl", "must be a string", typeof text);
  const mode = allowInsecureHttp ? "allowed" : "loopback_only";
  const checked = checkBaseUrl(text, mode);
  if (!("problem" in checked)) return checked.url;
  const { rule, shown } = describeBaseUrlProblem(checked.problem, text, mode, { credentials: "use `token`", insecureHttp: "`allowInsecureHttp: true` is given" });
  throw optionError(source, rule, shown);
}

function resolveToken(given: unknown): string | undefined {
  const token = given ?? readEnv("SP_API_TOKEN");
  if (token === undefined) return undefined;
  // Never echo the token: a bad one would otherwise end up in the error message.
  if (typeof token !== "string" || token === "") throw optionError("token", "must be a non-empty string");
  if (!isTokenText(token)) throw optionError("token", "must be printable ASCII without spaces or line breaks");
  return token;
}

function resolveCredentials(given: unknown): Record<string, string> {
  if (given === undefined) return {};
  if (given === null || typeof given !== "object" || Array.isArray(given)) throw optionError("credentials", "must be an object of security scheme names to credentials");
  const known = Object.keys(securitySchemes);
  for (const [name, credential] of Object.entries(given)) {
    if (!known.includes(name)) throw optionError(`credentials.${name}`, `is not a security scheme of the spec (known: ${known.join(", ") || "none"})`);
    // Never echo a credential, as for the token.
    if (typeof credential !== "string" || credential === "") throw optionError(`credentials.${name}`, "must be a non-empty string");
    if (!/^[\x20-\x7e]+$/.test(credential)) throw optionError(`credentials.${name}`, "must be printable ASCII without line breaks");
  }
  return { ...(given as Record<string, string>) };
}

/** The rule a `headers` value breaks, or undefined: one rule for the client's headers and a call's. */
function headersRule(given: unknown): string | undefined {
  if (given === null || typeof given !== "object" || Array.isArray(given)) return "must be an object of header names to string values";
  for (const [name, value] of Object.entries(given)) {
    if (typeof value !== "string") return `value of \`${name}\` must be a string`;
    if (name.toLowerCase() === "authorization") return "must not set Authorization; use `token`";
  }
  return undefined;
}

function resolveHeaders(given: unknown, userAgent: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  if (given !== undefined) {
    const rule = headersRule(given);
    if (rule) throw optionError("headers", rule);
    Object.assign(headers, given);
  }
  if (userAgent !== undefined) {
    if (typeof userAgent !== "string" || userAgent === "") throw optionError("userAgent", "must be a non-empty string");
    headers["User-Agent"] = userAgent;
  }
  return headers;
}

export function resolveOptions(options: SamplePlatformClientOptions | undefined): ResolvedOptions {
  if (options !== undefined && (options === null || typeof options !== "object")) {
    throw new TypeError("sample-platform-client: options must be an object");
  }
  const given = options ?? {};
  for (const name of Object.keys(given)) {
    if (!KNOWN_OPTIONS.has(name)) throw optionError(name, `is unknown; known options: ${[...KNOWN_OPTIONS].join(", ")}`);
  }
  const allowInsecureHttp = checkBoolean("allowInsecureHttp", given.allowInsecureHttp ?? defaultClientOptions.allowInsecureHttp);
  const validateResponses = checkBoolean("validateResponses", given.validateResponses ?? defaultClientOptions.validateResponses);
  const custom = given.fetch;
  if (typeof (custom ?? globalThis.fetch) !== "function") throw optionError("fetch", "must be a function (no global fetch found)");
  const url = resolveBaseUrl(given.baseUrl, allowInsecureHttp);
  return {
    baseUrl: url.href.replace(/\/+$/, ""),
    baseOrigin: url.origin,
    token: resolveToken(given.token),
    credentials: resolveCredentials(given.credentials),
    timeoutMs: checkNumber("timeoutMs", given.timeoutMs ?? defaultClientOptions.timeoutMs, 1, MAX_TIMER_MS, false),
    retries: checkNumber("retries", given.retries ?? defaultClientOptions.retries, 0, 100, true),
    maxRetryDelayMs: checkNumber("maxRetryDelayMs", given.maxRetryDelayMs ?? defaultClientOptions.maxRetryDelayMs, 0, MAX_TIMER_MS, false),
    validateResponses,
    // globalThis.fetch looked up at each call (a test or MSW may replace it later), and called on globalThis: a browser's
    // fetch throws "Illegal invocation" when detached from it.
    send: custom === undefined ? (input, init) => globalThis.fetch(input, init) : (input, init) => custom(new Request(input, init)),
    headers: resolveHeaders(given.headers, given.userAgent),
  };
}

/** The per-call options a call accepts, checked against RequestOptions both ways like the client's option names. */
const REQUEST_OPTION_NAMES = { signal: true, timeoutMs: true, headers: true } as const satisfies Record<keyof RequestOptions, true>;
const REQUEST_OPTIONS: readonly string[] = Object.keys(REQUEST_OPTION_NAMES);

/** The rule a call's `timeoutMs` breaks, or undefined. */
function timeoutRule(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= MAX_TIMER_MS) return undefined;
  return `must be an integer between 1 and ${MAX_TIMER_MS}`;
}

/**
 * A call's options, checked like the client's: what it asks for, or the fields it breaks with their rules (the call
 * then fails with invalid_request, sending nothing).
 */
export function resolveRequestOptions(given: unknown): { options: RequestOptions } | { fields: Record<string, string> } {
  if (given === undefined) return { options: {} };
  if (given === null || typeof given !== "object" || Array.isArray(given)) return { fields: { "(options)": "must be an object" } };
  const fields: Record<string, string> = {};
  for (const key of Object.keys(given)) if (!REQUEST_OPTIONS.includes(key)) fields[key] = `is not a per-call option (known: ${REQUEST_OPTIONS.join(", ")})`;
  const { signal, timeoutMs, headers } = given as Record<string, unknown>;
  if (signal !== undefined && !(signal instanceof AbortSignal)) fields.signal = "must be an AbortSignal";
  const rules = { timeoutMs: timeoutMs === undefined ? undefined : timeoutRule(timeoutMs), headers: headers === undefined ? undefined : headersRule(headers) };
  for (const [name, rule] of Object.entries(rules)) if (rule) fields[name] = rule;
  return Object.keys(fields).length ? { fields } : { options: given };
}
