// What the mock answers, as the API documents it, for every GET row of the operation table: auth, the spec's
// parameter rules, pages, filters, details, parents, 404, 429. Where the spec is silent, the mock picks one plain
// behaviour and the README says which. No operation is named here: each answer is read from its row.
import { HttpResponse } from "msw";
import type { ErrorBody } from "../errors";
import { mockMatches } from "../shared/filters";
import { typedQuery, typedText } from "../shared/query-text";
import { checkParameters } from "../validate";
import { createDataSet } from "./data-set";
import type { ResolvedMockOptions } from "./options";
import { createRateLimiter } from "./rate-limiter";
import { seededRandom } from "./samples";
import { PACKAGE_SPEC, UNAUTHORIZED_BODY, type MockSpec } from "./spec-facts";
import { documents, getRows, itemKeys, pathPattern, resourceName, samplesList, TOTAL, type PathValues, type Row } from "./table";

type Answer = HttpResponse<ErrorBody> | HttpResponse<Record<string, unknown>> | HttpResponse<null>;
type Headers = Record<string, string>;
/** msw's path parameters: text, decoded. */
type Params = Readonly<Record<string, string | readonly string[] | undefined>>;

const textOf = (params: Params, name: string): string => {
  const value = params[name];
  return typeof value === "string" ? value : (value ?? []).join("/");
};

export interface MockApi {
  /** A request routed to a GET row, with msw's path parameters (text). */
  answer(row: Row, request: Request, params: Params): Promise<Answer>;
  /** Any other path or method under the base URL. */
  unknownRoute(request: Request): HttpResponse<ErrorBody>;
}

/** The page size of a list whose spec gives `limit` no default. */
const FALLBACK_LIMIT = 50;
/** The value of a samples list's unfiltered parameter (`status`) that selects `inactiveIds`; any other selects the rest. */
const INACTIVE = "inactive";

const error = (status: number, body: ErrorBody, headers: Headers = {}) => HttpResponse.json<ErrorBody>(body, { status, headers });
const badRequest = (fields: Record<string, string>, headers: Headers) =>
  error(400, { code: "validation_error", message: "Request failed schema validation.", details: { fields } }, headers);
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Path text typed as the row's validator takes it: integer text as a number when the rules accept that (the table
 * gives path parameters no type), else as text. `fields` says what the rules refuse, as the 400 would name it.
 */
function typedPath(row: Row, params: Params): { values: PathValues; fields?: Record<string, string> } {
  const text = Object.fromEntries(row.pathParameters.map((name) => [name, textOf(params, name)]));
  const typed = Object.fromEntries(row.pathParameters.map((name) => [name, typedText(text[name], "integer")]));
  if (row.pathParameters.length === 0) return { values: {} };
  const fields = checkParameters(row.validators.path, typed);
  if (!fields) return { values: typed };
  return checkParameters(row.validators.path, text) ? { values: typed, fields } : { values: text };
}

const numberOr = (value: unknown, fallback: number): number => (typeof value === "number" ? value : fallback);

/** The spec's default of a query parameter, when it is a number. */
function numericDefault(row: Row, name: string, fallback: number): number {
  const value = row.queryParameters.find((p) => p.name === name)?.default;
  return typeof value === "number" ? value : fallback;
}

export function createMockApi(options: ResolvedMockOptions, spec: MockSpec = PACKAGE_SPEC): MockApi {
  const { inactiveIds, token } = options;
  const data = createDataSet(spec, options);
  const samples = samplesList(spec);
  const samplesId = samples && itemKeys(samples)[0]?.[1];
  const limiter = options.rateLimit && createRateLimiter(options.rateLimit);
  const random = seededRandom(options.seed ^ 0x5bd1e995);
  const rows = Object.values(spec.operations);
  const served = getRows(spec).map((row) => pathPattern(row.path));

  /** Latency, rate limit and auth: what every request meets before its operation. */
  async function admit(request: Request): Promise<{ refusal?: HttpResponse<ErrorBody>; headers: Headers }> {
    if (options.latency) {
      const { minMs, maxMs } = options.latency;
      const ms = minMs + Math.floor(random() * (maxMs - minMs + 1));
      if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    }
    let headers: Headers = {};
    if (limiter) {
      const verdict = limiter.take();
      headers = verdict.headers;
      if (!verdict.allowed) {
        const seconds = verdict.retryAfterSeconds;
        const details = { retry_after: seconds, limit: options.rateLimit?.limit, window: `${Math.ceil((options.rateLimit?.windowMs ?? 0) / 1000)}s` };
        const body = { code: "rate_limited", message: `Rate limit exceeded. Retry after ${seconds} seconds.`, details };
        return { refusal: error(429, body, { ...headers, "retry-after": String(seconds) }), headers };
      }
    }
    const match = /^Bearer ([\x21-\x7e]+)$/.exec(request.headers.get("authorization") ?? "");
    if (!match || (token !== undefined && match[1] !== token)) {
      return { refusal: error(401, UNAUTHORIZED_BODY, { ...headers, "www-authenticate": 'Bearer realm="sample-platform"' }), headers };
    }
    return { headers };
  }

  /** 404 for the resource a by-id row names, with the id as the request gave it (a number when it is one). */
  function notFound(row: Row, path: PathValues, params: Params, headers: Headers): HttpResponse<ErrorBody> {
    const name = row.pathParameters[row.pathParameters.length - 1] ?? "";
    const raw = textOf(params, name).slice(0, 40);
    const id = typeof path[name] === "number" ? path[name] : raw;
    const resource = resourceName(row);
    return error(404, { code: "not_found", message: `${capitalized(resource)} ${raw} not found.`, details: { resource, id } }, headers);
  }

  /** Whether an item meets every filter of the query. */
  function selects(row: Row, item: unknown, query: Record<string, unknown>): boolean {
    for (const [name, value] of Object.entries(query)) {
      if (name === row.page?.limit || name === row.page?.offset) continue;
      const filter = row.filters[name];
      if (filter) {
        if (!mockMatches(item, filter, String(value))) return false;
      } else if (row === samples && samplesId !== undefined) {
        // The samples list's parameter without an item property (status): the API derives it; `inactiveIds` stands in.
        if (inactiveIds.has((item as Record<string, unknown>)[samplesId]) !== (value === INACTIVE)) return false;
      }
      // Any other list's parameter that no filter row reads is ignored: the mock cannot know what it selects.
    }
    return true;
  }

  function pageOf(row: Row, path: PathValues, query: Record<string, unknown>): Record<string, unknown> {
    const page = row.page!;
    const selected = data.items(row, path).filter((item) => selects(row, item, query));
    const limit = numberOr(query[page.limit], numericDefault(row, page.limit, FALLBACK_LIMIT));
    const offset = numberOr(query[page.offset], numericDefault(row, page.offset, 0));
    const items = selected.slice(offset, offset + limit);
    const next = offset + items.length < selected.length ? offset + items.length : null;
    return { [page.items]: items, [page.pagination]: { [page.limit]: limit, [page.offset]: offset, [TOTAL]: selected.length, [page.nextOffset]: next } };
  }

  function success(row: Row, body: unknown, headers: Headers): Answer {
    const status = row.success && /^\d{3}$/.test(row.success.status) ? Number(row.success.status) : 200;
    if (!row.success?.schema) return new HttpResponse(null, { status, headers });
    return HttpResponse.json(body as Record<string, unknown>, { status, headers });
  }

  return {
    async answer(row, request, params) {
      const { refusal, headers } = await admit(request);
      if (refusal) return refusal;
      const path = typedPath(row, params);
      const query = typedQuery(new URL(request.url).searchParams, row.queryParameters);
      const queryFields = checkParameters(row.validators.query, query);
      // A malformed id names no resource: 404, unless the operation documents a 400 for invalid parameters.
      if (path.fields && !documents(spec, row, "400")) return notFound(row, path.values, params, headers);
      if (path.fields || queryFields) return badRequest({ ...path.fields, ...queryFields }, headers);
      const parent = row.parent ? spec.operations[row.parent] : undefined;
      if (parent && data.find(parent, path.values) === undefined) return notFound(parent, path.values, params, headers);
      if (row.page) return success(row, pageOf(row, path.values, query), headers);
      const body = data.find(row, path.values);
      return body === undefined ? notFound(row, path.values, params, headers) : success(row, body, headers);
    },

    unknownRoute(request) {
      const { pathname } = new URL(request.url);
      const base = new URL(options.baseUrl).pathname.replace(/\/$/, "");
      const route = pathname.slice(base.length);
      if (request.method !== "GET" && served.some((pattern) => pattern.test(route))) {
        const why = rows.every((row) => row.method === "GET") ? "the API is read-only (GET)" : "the mock serves GET only";
        return error(405, { code: "method_not_allowed", message: `${request.method} is not allowed here; ${why}.`, details: {} }, { allow: "GET" });
      }
      return error(404, { code: "not_found", message: `No route ${route || "/"} in the Sample Platform API v1.`, details: {} });
    },
  };
}
