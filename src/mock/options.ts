// The mock's options, read and checked once against the spec it serves; defaults as data.
import { checkBaseUrl, describeBaseUrlProblem, isTokenText } from "../shared/base-url";
import { checkRows } from "./caller-rows";
import { derivedParameters, holdsRows } from "./data-set";
import { mockOptionError } from "./errors";
import { asText } from "../shared/query-text";
import { PACKAGE_SPEC, type MockSpec } from "./spec-facts";
import { firstTopList, getRows } from "./table";
import type { ListedItem, MockRows } from "./types";

export interface MockRateLimit {
  /** Requests allowed in each window. */
  limit: number;
  /** Length of the window in milliseconds. Default 60000. */
  windowMs?: number;
}

export interface MockLatency {
  /** Shortest delay before an answer, in milliseconds. */
  minMs: number;
  /** Longest delay; each answer waits a seeded draw between the two. */
  maxMs: number;
}

/**
 * Which items a list's derived query parameter selects: operationId -> parameter -> value -> the ids (the property
 * the list's detail reads) of the items that value selects. The items no value lists take the first value not given.
 */
export type MockSelects = Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, readonly unknown[]>>>>>>;

export interface MockOptions {
  /** API root the handlers answer under. Default: the spec's first server URL. */
  baseUrl?: string;
  /**
   * Your own rows, by operationId: a paged list's items (a nested list's items of every parent, each under the parent
   * its properties named like the path parameters give), or the bodies a by-id operation that no list details
   * answers. Each is checked against the spec's schema; ids unique. Served in the order given. Default: generated.
   */
  rows?: MockRows;
  /** How many rows each collection the mock generates holds (each list, each by-id pool). Default 150. */
  count?: number;
  /** Seed of the generated rows and of the latency draws. Default 1. */
  seed?: number;
  /**
   * Which items a list's derived parameter selects: an enum without default that no filter row reads (the API derives
   * it, from data the spec does not show). Default: none, and such a parameter is ignored.
   */
  selects?: MockSelects;
  /** The only credential accepted (bearer token, API key). Default: any non-empty one. */
  token?: string;
  /** Opt-in rate limiting: a fixed window, answered 429 with `Retry-After` and `X-RateLimit-*`. Default: off. */
  rateLimit?: MockRateLimit;
  /** Opt-in latency of every answer: a fixed number of milliseconds, or a range. Default: none. */
  latencyMs?: number | MockLatency;
  /** @deprecated The old name of `rows`. */
  data?: MockRows;
  /** @deprecated Use `rows` under the list's operationId: the rows of the spec's first paged list at the top. */
  samples?: readonly ListedItem[];
  /**
   * @deprecated Use `selects`: the ids that the second value of the first list's first derived parameter selects
   * (every other item takes the first value).
   */
  inactiveIds?: readonly unknown[];
}

/** value -> the ids it selects, and the option field that gave them (for messages). */
type ResolvedSelection = ReadonlyMap<string, { field: string; ids: readonly unknown[] }>;

export interface ResolvedMockOptions {
  baseUrl: string;
  /** operationId -> the caller's rows, checked */
  rows: ReadonlyMap<string, readonly unknown[]>;
  count: number;
  /** operationId -> derived parameter -> value -> the ids it selects */
  selects: ReadonlyMap<string, ReadonlyMap<string, ResolvedSelection>>;
  token: string | undefined;
  rateLimit: Required<MockRateLimit> | undefined;
  latency: MockLatency | undefined;
  seed: number;
}

export const defaultMockOptions = {
  count: 150,
  seed: 1,
  windowMs: 60_000,
} as const;

/** The option names, checked against MockOptions both ways: a field added there and not here fails to compile. */
const MOCK_OPTION_NAMES = {
  baseUrl: true,
  rows: true,
  count: true,
  seed: true,
  selects: true,
  token: true,
  rateLimit: true,
  latencyMs: true,
  data: true,
  samples: true,
  inactiveIds: true,
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
    if (!keys.includes(key)) throw mockOptionError(field === "options" ? key : `${field}.${key}`, `is not a ${what} (known: ${keys.join(", ") || "none"})`);
  }
  return value as Record<string, unknown>;
}

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

/**
 * The caller's rows by operationId, from `rows` (or its old name `data`) and `samples` (the first top-level list's),
 * each checked against the spec.
 */
function resolveRows(given: MockOptions, spec: MockSpec): Map<string, readonly unknown[]> {
  if (given.rows !== undefined && given.data !== undefined) throw mockOptionError("data", "cannot be combined with `rows` (it is their old name)");
  const field = given.rows !== undefined ? "rows" : "data";
  const byOperation = new Map<string, { field: string; rows: unknown }>();
  const value = given.rows ?? given.data;
  if (value !== undefined) {
    const holders = getRows(spec).filter((row) => holdsRows(spec, row));
    const entries = object(field, value, holders.map((row) => row.operationId), "GET operation of the spec that holds rows");
    for (const [operationId, rows] of Object.entries(entries)) byOperation.set(operationId, { field: `${field}.${operationId}`, rows });
  }
  if (given.samples !== undefined) {
    const list = firstTopList(spec);
    if (!list) throw mockOptionError("samples", "has no list to fill: the spec has no paged list at the top (use `rows`)");
    const taken = byOperation.get(list.operationId);
    if (taken) throw mockOptionError(taken.field, `cannot be combined with \`samples\` (both are the rows of ${list.operationId})`);
    byOperation.set(list.operationId, { field: "samples", rows: given.samples });
  }
  const rows = new Map<string, readonly unknown[]>();
  for (const [operationId, { field: named, rows: list }] of byOperation) rows.set(operationId, checkRows(spec, spec.operations[operationId], named, "rows", list));
  return rows;
}

/** `selects` (and its old form `inactiveIds`), checked for shape: its ids are checked against the data set when it is made. */
function resolveSelects(given: MockOptions, spec: MockSpec): Map<string, Map<string, Map<string, { field: string; ids: readonly unknown[] }>>> {
  const out = new Map<string, Map<string, Map<string, { field: string; ids: readonly unknown[] }>>>();
  const ids = (field: string, value: unknown): readonly unknown[] => {
    if (!Array.isArray(value)) throw mockOptionError(field, "must be an array of ids", typeof value);
    return value;
  };
  const lists = getRows(spec).filter((row) => row.page && row.pathParameters.length === 0 && derivedParameters(spec, row).length > 0);
  if (given.selects !== undefined) {
    const byList = object("selects", given.selects, lists.map((row) => row.operationId), "paged list at the top with a derived parameter");
    for (const [operationId, byParameter] of Object.entries(byList)) {
      const parameters = derivedParameters(spec, spec.operations[operationId]);
      const field = `selects.${operationId}`;
      const entries = object(field, byParameter, parameters.map((p) => p.name), "derived parameter of the list");
      const perParameter = new Map<string, Map<string, { field: string; ids: readonly unknown[] }>>();
      for (const [name, byValue] of Object.entries(entries)) {
        const values = parameters.find((p) => p.name === name)!.values!.filter((v) => v !== null).map(String);
        const choices = object(`${field}.${name}`, byValue, values, "value of the parameter");
        perParameter.set(name, new Map(Object.entries(choices).map(([value, list]) => [value, { field: `${field}.${name}.${value}`, ids: ids(`${field}.${name}.${value}`, list) }])));
      }
      out.set(operationId, perParameter);
    }
  }
  if (given.inactiveIds !== undefined) {
    const list = firstTopList(spec);
    const parameter = list && derivedParameters(spec, list)[0];
    if (!list || !parameter) throw mockOptionError("inactiveIds", "has no parameter to select: the spec's first list has no derived parameter (use `selects`)");
    if (given.selects !== undefined) throw mockOptionError("inactiveIds", "cannot be combined with `selects` (it is an old form of it)");
    const value = asText(parameter.values!.filter((v) => v !== null)[1]);
    out.set(list.operationId, new Map([[parameter.name, new Map([[value, { field: "inactiveIds", ids: ids("inactiveIds", given.inactiveIds) }]])]]));
  }
  return out;
}

/** The options, checked against the spec the mock serves (the package's, unless a test gives another). */
export function resolveMockOptions(options: MockOptions = {}, spec: MockSpec = PACKAGE_SPEC): ResolvedMockOptions {
  const given = object("options", options, KNOWN) as MockOptions;
  const seed = given.seed === undefined ? defaultMockOptions.seed : integer("seed", given.seed, 0, 2 ** 32 - 1);
  const count = given.count === undefined ? defaultMockOptions.count : integer("count", given.count, 0, MAX_COUNT);
  if (given.token !== undefined && (typeof given.token !== "string" || !isTokenText(given.token))) {
    throw mockOptionError("token", "must be a non-empty string of visible ASCII characters");
  }
  const rateLimit = resolveRateLimit(given.rateLimit);
  return {
    baseUrl: resolveBaseUrl(given.baseUrl ?? spec.info.serverUrl ?? `http://localhost${spec.basePath}`),
    rows: resolveRows(given, spec),
    count,
    selects: resolveSelects(given, spec),
    token: given.token,
    rateLimit,
    latency: resolveLatency(given.latencyMs),
    seed,
  };
}
