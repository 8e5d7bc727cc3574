// What the mock answers, as the API documents it: auth, the spec's parameter rules, pagination, filters, 404, 429.
// Where the spec is silent, the mock picks one plain behaviour and the README says which.
import { HttpResponse } from "msw";
import type { ErrorBody } from "../errors";
import type { ListSamplesQuery, Sample, SampleList } from "../types";
import { operationTable } from "../../generated/operations";
import { checkParameters } from "../validate";
import type { ResolvedMockOptions } from "./options";
import { createRateLimiter } from "./rate-limiter";
import { seededRandom } from "./samples";
import { DEFAULT_LIMIT, DEFAULT_OFFSET, LIST_QUERY_SCHEMAS, UNAUTHORIZED_BODY } from "./spec-facts";

type ListAnswer = HttpResponse<SampleList | ErrorBody>;
type SampleAnswer = HttpResponse<Sample | ErrorBody>;

export interface MockApi {
  listSamples(request: Request): Promise<ListAnswer>;
  getSample(request: Request, rawId: string): Promise<SampleAnswer>;
  /** Any other path or method under the base URL. */
  unknownRoute(request: Request): HttpResponse<ErrorBody>;
}

const INTEGER_TEXT = /^-?\d+$/;

/** Query text typed as the spec types each parameter; text that is not an integer stays text, for the rules to refuse. */
function typedQuery(search: URLSearchParams): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const name of new Set(search.keys())) {
    const values = search.getAll(name).map((text) => (LIST_QUERY_SCHEMAS[name]?.type === "integer" && INTEGER_TEXT.test(text) ? Number(text) : text));
    // A repeated parameter reaches the rules as a list, which no parameter's schema allows.
    query[name] = values.length === 1 ? values[0] : values;
  }
  return query;
}

export function createMockApi(options: ResolvedMockOptions): MockApi {
  const { samples, inactiveIds, token } = options;
  const byId = new Map(samples.map((sample) => [sample.sample_id, sample]));
  const limiter = options.rateLimit && createRateLimiter(options.rateLimit);
  const random = seededRandom(options.seed ^ 0x5bd1e995);

  const error = (status: number, body: ErrorBody, headers: Record<string, string> = {}) => HttpResponse.json<ErrorBody>(body, { status, headers });
  const badRequest = (fields: Record<string, string>) =>
    error(400, { code: "validation_error", message: "Request failed schema validation.", details: { fields } });

  /** Latency, rate limit and auth: what every request meets before its operation. */
  async function admit(request: Request): Promise<{ refusal?: HttpResponse<ErrorBody>; headers: Record<string, string> }> {
    if (options.latency) {
      const { minMs, maxMs } = options.latency;
      const ms = minMs + Math.floor(random() * (maxMs - minMs + 1));
      if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    }
    let headers: Record<string, string> = {};
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

  function matches(sample: Sample, query: ListSamplesQuery): boolean {
    const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();
    if (query.status !== undefined && inactiveIds.has(sample.sample_id) !== (query.status === "inactive")) return false;
    if (query.name !== undefined && !(sample.name ?? "").toLowerCase().includes(query.name.toLowerCase())) return false;
    if (query.tag !== undefined && !(sample.tags ?? []).some((tag) => same(tag, query.tag as string))) return false;
    if (query.sha256 !== undefined && !same(sample.sha256, query.sha256)) return false;
    if (query.extension !== undefined && !same(sample.extension, query.extension)) return false;
    return true;
  }

  return {
    async listSamples(request) {
      const { refusal, headers } = await admit(request);
      if (refusal) return refusal;
      const query = typedQuery(new URL(request.url).searchParams);
      const fields = checkParameters(operationTable.listSamples.validators.query, query);
      if (fields) return badRequest(fields);
      const { limit = DEFAULT_LIMIT, offset = DEFAULT_OFFSET } = query as ListSamplesQuery;
      const selected = samples.filter((sample) => matches(sample, query as ListSamplesQuery));
      const data = selected.slice(offset, offset + limit);
      const next = offset + data.length < selected.length ? offset + data.length : null;
      return HttpResponse.json<SampleList>({ data, pagination: { limit, offset, total: selected.length, next_offset: next } }, { headers });
    },

    async getSample(request, rawId) {
      const { refusal, headers } = await admit(request);
      if (refusal) return refusal;
      const id = INTEGER_TEXT.test(rawId) ? Number(rawId) : rawId;
      const sample = checkParameters(operationTable.getSample.validators.path, { sample_id: id }) ? undefined : byId.get(id as number);
      // A malformed id is answered 404, one of the two answers the spec allows for it (404 or default).
      if (!sample) return error(404, { code: "not_found", message: `Sample ${rawId.slice(0, 40)} not found.`, details: { resource: "sample", id: typeof id === "number" ? id : rawId.slice(0, 40) } }, headers);
      return HttpResponse.json<Sample>(sample, { headers });
    },

    unknownRoute(request) {
      const { pathname } = new URL(request.url);
      const base = new URL(options.baseUrl).pathname.replace(/\/$/, "");
      const route = pathname.slice(base.length);
      if (/^\/samples(\/[^/]+)?$/.test(route) && request.method !== "GET") {
        return error(405, { code: "method_not_allowed", message: `${request.method} is not allowed here; the API is read-only (GET).`, details: {} }, { allow: "GET" });
      }
      return error(404, { code: "not_found", message: `No route ${route || "/"} in the Sample Platform API v1.`, details: {} });
    },
  };
}
