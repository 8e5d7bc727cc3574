// The mock's options, read and checked once; defaults as data.
import { PRODUCTION_BASE_URL } from "../options";
import { checkBaseUrl, isTokenText } from "../shared/base-url";
import type { Sample } from "../types";
import { mockOptionError } from "./errors";
import { checkSamples, generateSamples } from "./samples";

export interface MockRateLimit {
  /** Requests allowed in each window. */
  limit: number;
  /** Length of the window in milliseconds. Default 60000 (production allows 120 requests a minute). */
  windowMs?: number;
}

export interface MockLatency {
  /** Shortest delay before an answer, in milliseconds. */
  minMs: number;
  /** Longest delay; each answer waits a seeded draw between the two. */
  maxMs: number;
}

export interface MockOptions {
  /** API root the handlers answer under. Default: production, `https://sampleplatform.ccextractor.org/api/v1`. */
  baseUrl?: string;
  /** Your own data set (checked against the spec's Sample schema; ids unique). Default: `count` generated samples. */
  samples?: readonly Sample[];
  /** How many samples to generate when `samples` is not given. Default 150 (two pages at the largest `limit`). */
  count?: number;
  /** Seed of the generated samples and of the latency draws. Default 1. */
  seed?: number;
  /**
   * Ids that `status=inactive` selects; every other sample is `active`. Default: every third generated sample, or
   * none of your own samples. (The API derives status from linked regression tests; a sample carries no field.)
   */
  inactiveIds?: readonly number[];
  /** The only bearer token accepted. Default: any non-empty bearer token. */
  token?: string;
  /** Opt-in rate limiting: a fixed window, answered 429 with `Retry-After` and `X-RateLimit-*`. Default: off. */
  rateLimit?: MockRateLimit;
  /** Opt-in latency of every answer: a fixed number of milliseconds, or a range. Default: none. */
  latencyMs?: number | MockLatency;
}

export interface ResolvedMockOptions {
  baseUrl: string;
  samples: Sample[];
  inactiveIds: ReadonlySet<number>;
  token: string | undefined;
  rateLimit: Required<MockRateLimit> | undefined;
  latency: MockLatency | undefined;
  seed: number;
}

export const defaultMockOptions = {
  baseUrl: PRODUCTION_BASE_URL,
  count: 150,
  seed: 1,
  windowMs: 60_000,
} as const;

/** The option names, checked against MockOptions both ways: a field added there and not here fails to compile. */
const MOCK_OPTION_NAMES = {
  baseUrl: true,
  samples: true,
  count: true,
  seed: true,
  inactiveIds: true,
  token: true,
  rateLimit: true,
  latencyMs: true,
} as const satisfies Record<keyof MockOptions, true>;
const KNOWN = Object.keys(MOCK_OPTION_NAMES);
const MAX_COUNT = 100_000;
const MAX_DELAY_MS = 600_000;

function integer(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value)) throw mockOptionError(field, "must be an integer", String(value));
  if (value < min || value > max) throw mockOptionError(field, `must be between ${min} and ${max}`, String(value));
  return value;
}

function object(field: string, value: unknown, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw mockOptionError(field, "must be an object", String(value));
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) throw mockOptionError(field === "options" ? key : `${field}.${key}`, `is not a mock option (known: ${keys.join(", ")})`);
  }
  return value as Record<string, unknown>;
}

function resolveBaseUrl(value: unknown): string {
  if (typeof value !== "string") throw mockOptionError("baseUrl", "must be a string", typeof value);
  // The client's rule (src/shared/base-url.ts), but plain http:// to any host: the mock carries no real token.
  const checked = checkBaseUrl(value, "allowed");
  if (!("problem" in checked)) return checked.baseUrl;
  const rules: Record<typeof checked.problem, string> = {
    unparsable: "must be an absolute http(s) URL",
    not_http: "must be an http(s) URL",
    credentials: "must not contain credentials",
    query_or_fragment: "must have no query or fragment",
    insecure_http: "must use https:",
  };
  throw mockOptionError("baseUrl", rules[checked.problem], checked.problem === "credentials" ? undefined : JSON.stringify(value));
}

function resolveLatency(value: unknown): MockLatency | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number") {
    const ms = integer("latencyMs", value, 0, MAX_DELAY_MS);
    return { minMs: ms, maxMs: ms };
  }
  const range = object("latencyMs", value, ["minMs", "maxMs"]);
  const minMs = integer("latencyMs.minMs", range.minMs, 0, MAX_DELAY_MS);
  const maxMs = integer("latencyMs.maxMs", range.maxMs, minMs, MAX_DELAY_MS);
  return { minMs, maxMs };
}

/** `inactiveIds`, checked against the data set; by default every third generated sample, or none of the caller's. */
function resolveInactiveIds(given: MockOptions, samples: Sample[]): number[] {
  if (given.inactiveIds === undefined) {
    return given.samples === undefined ? samples.filter((_, index) => index % 3 === 2).map((s) => s.sample_id) : [];
  }
  if (!Array.isArray(given.inactiveIds)) throw mockOptionError("inactiveIds", "must be an array of sample ids", typeof given.inactiveIds);
  const ids = new Set(samples.map((s) => s.sample_id));
  return given.inactiveIds.map((id: unknown, index) => {
    if (typeof id !== "number" || !ids.has(id)) throw mockOptionError(`inactiveIds[${index}]`, "must be the sample_id of a sample in the data set", String(id));
    return id;
  });
}

export function resolveMockOptions(options: MockOptions = {}): ResolvedMockOptions {
  const given = object("options", options, KNOWN) as MockOptions;
  const seed = given.seed === undefined ? defaultMockOptions.seed : integer("seed", given.seed, 0, 2 ** 32 - 1);
  if (given.samples !== undefined && given.count !== undefined) throw mockOptionError("count", "cannot be combined with `samples` (your samples are the data set)");
  const samples =
    given.samples === undefined
      ? generateSamples(given.count === undefined ? defaultMockOptions.count : integer("count", given.count, 0, MAX_COUNT), seed)
      : checkSamples(given.samples);
  const inactiveIds = resolveInactiveIds(given, samples);
  if (given.token !== undefined && (typeof given.token !== "string" || !isTokenText(given.token))) {
    throw mockOptionError("token", "must be a non-empty string of visible ASCII characters");
  }
  let rateLimit: Required<MockRateLimit> | undefined;
  if (given.rateLimit !== undefined) {
    const limit = object("rateLimit", given.rateLimit, ["limit", "windowMs"]);
    rateLimit = {
      limit: integer("rateLimit.limit", limit.limit, 1, 1_000_000),
      windowMs: limit.windowMs === undefined ? defaultMockOptions.windowMs : integer("rateLimit.windowMs", limit.windowMs, 1, 86_400_000),
    };
  }
  return {
    baseUrl: resolveBaseUrl(given.baseUrl ?? defaultMockOptions.baseUrl),
    samples,
    inactiveIds: new Set(inactiveIds),
    token: given.token,
    rateLimit,
    latency: resolveLatency(given.latencyMs),
    seed,
  };
}
