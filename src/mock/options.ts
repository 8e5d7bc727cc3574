// The mock's options, read and checked once; defaults as data.
import { PRODUCTION_BASE_URL } from "../options";
import { checkBaseUrl, describeBaseUrlProblem, isTokenText } from "../shared/base-url";
import type { Sample } from "../types";
import { checkRows } from "./caller-rows";
import { mockOptionError } from "./errors";
import { generateSamples } from "./samples";
import { PACKAGE_SPEC, type MockSpec } from "./spec-facts";
import { getRows, itemKeys, listOfDetail, samplesList, type Row } from "./table";

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
  /**
   * Your own rows, by operationId: a paged list's items (a nested list's items of every parent, each under the parent
   * its properties named like the path parameters give), or the bodies a by-id operation that no list details
   * answers. Each is checked against the spec; ids unique. Default: generated from the spec's schemas, from `seed`.
   */
  data?: Readonly<Record<string, readonly unknown[]>>;
}

export interface ResolvedMockOptions {
  baseUrl: string;
  samples: Sample[];
  /** the ids (of the samples' detail's id property) that `status=inactive` selects */
  inactiveIds: ReadonlySet<unknown>;
  /** operationId -> the caller's rows, checked */
  data: ReadonlyMap<string, readonly unknown[]>;
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
  data: true,
} as const satisfies Record<keyof MockOptions, true>;
const KNOWN = Object.keys(MOCK_OPTION_NAMES);
const MAX_COUNT = 100_000;
const MAX_DELAY_MS = 600_000;

function integer(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value)) throw mockOptionError(field, "must be an integer", String(value));
  if (value < min || value > max) throw mockOptionError(field, `must be between ${min} and ${max}`, String(value));
  return value;
}

function object(field: string, value: unknown, keys: readonly string[], what = "mock option"): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw mockOptionError(field, "must be an object", String(value));
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) throw mockOptionError(field === "options" ? key : `${field}.${key}`, `is not a ${what} (known: ${keys.join(", ")})`);
  }
  return value as Record<string, unknown>;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function resolveBaseUrl(value: unknown): string {
  if (typeof value !== "string") throw mockOptionError("baseUrl", "must be a string", typeof value);
  // The client's rule (src/shared/base-url.ts), but plain http:// to any host: the mock carries no real token.
  const checked = checkBaseUrl(value, "allowed");
  if (!("problem" in checked)) return checked.baseUrl;
  const { rule, shown } = describeBaseUrlProblem(checked.problem, value, "allowed");
  throw mockOptionError("baseUrl", rule, shown);
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

function resolveRateLimit(value: unknown): Required<MockRateLimit> | undefined {
  if (value === undefined) return undefined;
  const limit = object("rateLimit", value, ["limit", "windowMs"]);
  return {
    limit: integer("rateLimit.limit", limit.limit, 1, 1_000_000),
    windowMs: limit.windowMs === undefined ? defaultMockOptions.windowMs : integer("rateLimit.windowMs", limit.windowMs, 1, 86_400_000),
  };
}

/** `inactiveIds`, checked against the data set; by default every third generated sample, or none of the caller's. */
function resolveInactiveIds(given: MockOptions, samples: Sample[], idProperty: string | undefined, generated: boolean): unknown[] {
  const idOf = (sample: Sample) => (idProperty === undefined ? undefined : (sample as Record<string, unknown>)[idProperty]);
  if (given.inactiveIds === undefined) return generated ? samples.filter((_, index) => index % 3 === 2).map(idOf) : [];
  if (!Array.isArray(given.inactiveIds)) throw mockOptionError("inactiveIds", "must be an array of sample ids", typeof given.inactiveIds);
  const ids = new Set(samples.map(idOf));
  return given.inactiveIds.map((id: unknown, index) => {
    if (typeof id !== "number" || !ids.has(id)) throw mockOptionError(`inactiveIds[${index}]`, `must be the ${idProperty ?? "id"} of a sample in the data set`, String(id));
    return id;
  });
}

/** The caller's samples (from `samples`, or `data` for their list), checked and ordered by id; or `count` generated. */
function resolveSamples(given: MockOptions, seed: number, spec: MockSpec, list: Row | undefined, fromData: unknown): { samples: Sample[]; generated: boolean } {
  const field = given.samples !== undefined ? "samples" : list && fromData !== undefined ? `data.${list.operationId}` : undefined;
  if (field === undefined) {
    return { samples: generateSamples(given.count === undefined ? defaultMockOptions.count : integer("count", given.count, 0, MAX_COUNT), seed), generated: true };
  }
  if (given.count !== undefined) throw mockOptionError("count", `cannot be combined with \`${field}\` (your samples are the data set)`);
  if (!list) throw mockOptionError(field, "has no list to fill: the spec has no paged list of Sample items");
  const id = itemKeys(list)[0]?.[1];
  const rows = checkRows(spec, list, field, "samples", given.samples ?? fromData) as Sample[];
  const number = (sample: Sample) => Number(id === undefined ? 0 : (sample as Record<string, unknown>)[id]);
  return { samples: [...rows].sort((a, b) => number(a) - number(b)), generated: false };
}

/** `data`: operationId -> rows, for the rows that hold stored data (not a list's detail, which answers the list's items). */
function resolveData(value: unknown, spec: MockSpec, samples: Row | undefined): Map<string, readonly unknown[]> {
  const data = new Map<string, readonly unknown[]>();
  if (value === undefined) return data;
  const holders = getRows(spec).filter((row) => row.page || (row.pathParameters.length > 0 && !listOfDetail(spec, row)));
  const given = object("data", value, holders.map((row) => row.operationId), "GET operation of the spec that holds rows");
  for (const [operationId, rows] of Object.entries(given)) {
    if (spec.operations[operationId] === samples) continue; // the samples, resolved with `samples` and `count`
    data.set(operationId, checkRows(spec, spec.operations[operationId], `data.${operationId}`, "items", rows));
  }
  return data;
}

/** The options, checked against the spec the mock serves (the package's, unless a test gives another). */
export function resolveMockOptions(options: MockOptions = {}, spec: MockSpec = PACKAGE_SPEC): ResolvedMockOptions {
  const given = object("options", options, KNOWN) as MockOptions;
  const seed = given.seed === undefined ? defaultMockOptions.seed : integer("seed", given.seed, 0, 2 ** 32 - 1);
  const list = samplesList(spec);
  const fromData = list && isPlainObject(given.data) ? given.data[list.operationId] : undefined;
  if (given.samples !== undefined && fromData !== undefined) throw mockOptionError(`data.${list?.operationId}`, "cannot be combined with `samples` (both are the samples)");
  const { samples, generated } = resolveSamples(given, seed, spec, list, fromData);
  const inactiveIds = resolveInactiveIds(given, samples, list && itemKeys(list)[0]?.[1], generated);
  const data = resolveData(given.data, spec, list);
  if (given.token !== undefined && (typeof given.token !== "string" || !isTokenText(given.token))) {
    throw mockOptionError("token", "must be a non-empty string of visible ASCII characters");
  }
  const rateLimit = resolveRateLimit(given.rateLimit);
  return {
    baseUrl: resolveBaseUrl(given.baseUrl ?? defaultMockOptions.baseUrl),
    samples,
    inactiveIds: new Set(inactiveIds),
    data,
    token: given.token,
    rateLimit,
    latency: resolveLatency(given.latencyMs),
    seed,
  };
}
