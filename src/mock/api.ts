// What the mock answers, as the spec documents it, for every row of the operation table: credentials, the spec's
// parameter rules, pages in the row's layout, filters, details, parents, 404, 429, and 501 for what it cannot serve.
// Where the spec is silent, the mock picks one plain behaviour and docs/mock.md says which. No operation, parameter or
// property is named here: each answer is read from its row, and each error body from the spec's (./error-bodies).
import { HttpResponse } from "msw";
import { mockMatches } from "../shared/filters";
import { pagingParameters } from "../shared/page";
import { typedText } from "../shared/query-text";
import { checkParameters } from "../validate";
import { createDataSet } from "./data-set";
import { titleOf } from "./document";
import { errorAnswer, type Situation } from "./error-bodies";
import { readHeaders } from "./headers";
import { defaultMockOptions, type ResolvedMockOptions } from "./options";
import { pageOf, readPosition } from "./paging";
import { queryParametersOf, readQuery } from "./query";
import { seededRandom } from "./random";
import { createRateLimiter } from "./rate-limiter";
import { checkCredentials } from "./security";
import { unservedOperations, type UnservedOperation } from "./served";
import type { MockSpec } from "./spec-facts";
import { documents, pathPattern, resourceName, type PathValues, type Row } from "./table";

type Answer = HttpResponse<string | ArrayBuffer | null>;
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
  /** Any other path or method under the base URL: another method of a known path (501 or 405), or no route (404). */
  unknownRoute(request: Request): Promise<Answer>;
  /** An error answer outside any operation (the HTTP server's), in the spec's error body. */
  failure(situation: Situation): Answer;
  /** The operations the mock does not serve (each answers 501), and why. */
  readonly unserved: readonly UnservedOperation[];
}

/** A rate limit's window, in seconds, as an example's text may state the default one ("60s"): it becomes the real one. */
const DEFAULT_WINDOW_SECONDS = defaultMockOptions.windowMs / 1000;

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const sentence = (fields: Record<string, string>) => `${Object.entries(fields).map(([field, rule]) => `${field} ${rule}`).join("; ")}.`;

/** The URL the caller used: the HTTP server forwards its Host, since its handlers answer under a fixed origin. */
function publicUrl(request: Request): URL {
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host");
  const proto = request.headers.get("x-forwarded-proto");
  if (host) url.host = host;
  if (proto === "http" || proto === "https") url.protocol = `${proto}:`;
  return url;
}

/**
 * Path text typed as the row's validator takes it: integer text as a number when the rules accept that (the table
 * gives path parameters no type), else as text. `fields` says what the rules refuse, as the 400 would name it.
 */
function typedPath(row: Row, params: Params): { values: PathValues; text: Record<string, string>; fields?: Record<string, string> } {
  const text = Object.fromEntries(row.pathParameters.map((name) => [name, textOf(params, name)]));
  const typed = Object.fromEntries(row.pathParameters.map((name) => [name, typedText(text[name], "integer")]));
  if (row.pathParameters.length === 0) return { values: {}, text };
  const fields = checkParameters(row.validators.path, typed);
  if (!fields) return { values: typed, text };
  return checkParameters(row.validators.path, text) ? { values: typed, text, fields } : { values: text, text };
}

export function createMockApi(options: ResolvedMockOptions, spec: MockSpec): MockApi {
  const { token } = options;
  const store = createDataSet(spec, options);
  const limiter = options.rateLimit && createRateLimiter(options.rateLimit);
  const random = seededRandom(options.seed ^ 0x5bd1e995);
  const rows = Object.values(spec.operations);
  const unserved = unservedOperations(spec);
  const unservedReasons = new Map(unserved.map((u) => [u.operationId, u.reason]));
  /** list -> the derived parameters `selects` says how to read */
  const derivedNames = new Map([...options.selects].map(([operationId, byParameter]) => [operationId, new Set(byParameter.keys())]));
  const basePath = new URL(options.baseUrl).pathname.replace(/\/$/, "");

  function respond(row: Row | undefined, situation: Situation, headers: Headers = {}): Answer {
    const answer = errorAnswer(spec, row, situation);
    const text = answer.json ? JSON.stringify(answer.body) : String(answer.body);
    return new HttpResponse(text, { status: answer.status, headers: { ...headers, "content-type": answer.media } });
  }

  /** Latency, rate limit and credentials: what every request meets before its operation. */
  async function admit(row: Row | undefined, request: Request, url: URL): Promise<{ refusal?: Answer; headers: Headers; consumed: ReadonlySet<string> }> {
    const instance = url.pathname + url.search;
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
        const refused = { ...headers, "retry-after": String(seconds) };
        const window = Math.ceil((options.rateLimit?.windowMs ?? 0) / 1000);
        const text = `Rate limit exceeded. Retry after ${seconds} seconds.`;
        return { refusal: respond(row, { status: 429, text, headers: refused, values: [[DEFAULT_WINDOW_SECONDS, window]], instance }, refused), headers, consumed: new Set() };
      }
    }
    if (!row) return { headers, consumed: new Set() };
    const check = checkCredentials(spec, row, request, url, token);
    if (!check.passed) {
      const text = `Credentials are missing or not accepted: send ${check.hint}.`;
      const challenge: Headers = check.challenge ? { "www-authenticate": check.challenge } : {};
      return { refusal: respond(row, { status: 401, text, instance }, { ...headers, ...challenge }), headers, consumed: check.consumed };
    }
    return { headers, consumed: check.consumed };
  }

  /** 404 of the resource `about`'s last path parameter names, with the id as the request gave it (a number when it is one). */
  function notFound(row: Row, about: Row, path: { values: PathValues; text: Record<string, string> }, url: URL, headers: Headers): Answer {
    const name = about.pathParameters[about.pathParameters.length - 1] ?? "";
    const raw = (path.text[name] ?? "").slice(0, 40);
    const id = typeof path.values[name] === "number" ? path.values[name] : raw;
    const resource = resourceName(about);
    const situation = { status: 404, text: `${capitalized(resource)} ${raw} not found.`, missing: { id, resource }, instance: url.pathname + url.search, pathText: path.text };
    return respond(row, situation, headers);
  }

  function notImplemented(row: Row, url: URL, headers: Headers): Answer {
    const text = `${row.method} ${row.path} (${row.operationId}) is not served by the mock: ${unservedReasons.get(row.operationId) ?? "unknown"}.`;
    return respond(row, { status: 501, text, instance: url.pathname + url.search }, headers);
  }

  /** Whether an item meets every filter of the query, and every derived parameter's value. */
  function selects(row: Row, item: unknown, query: Record<string, unknown>): boolean {
    const paging = pagingParameters(row.page!);
    const derived = derivedNames.get(row.operationId);
    for (const [name, value] of Object.entries(query)) {
      if (paging.includes(name)) continue;
      const filter = row.filters[name];
      if (filter) {
        // An array parameter matches any of its values.
        if (![value].flat().some((wanted) => mockMatches(item, filter, String(wanted)))) return false;
      } else if (derived?.has(name)) {
        if (String(store.derived(row, name, item)) !== String(value)) return false;
      }
      // Any other parameter that no filter row reads is ignored: the mock cannot know what it selects (`selects` says).
    }
    return true;
  }

  function success(row: Row, body: unknown, headers: Headers): Answer {
    const status = row.success && /^\d{3}$/.test(row.success.status) ? Number(row.success.status) : 200;
    const media = row.success?.media[0];
    if (!row.success || row.success.body === null || media === undefined) return new HttpResponse(null, { status, headers });
    if (body instanceof Uint8Array) return new HttpResponse((body as Uint8Array<ArrayBuffer>).slice().buffer, { status, headers: { ...headers, "content-type": media } });
    const text = row.success.body === "json" ? JSON.stringify(body) : String(body);
    return new HttpResponse(text, { status, headers: { ...headers, "content-type": media } });
  }

  /** An admitted request of a served row: its parameters' rules, its parent, then its page or its body. */
  function serve(row: Row, request: Request, url: URL, params: Params, consumed: ReadonlySet<string>, headers: Headers): Answer {
    const path = typedPath(row, params);
    const parameters = queryParametersOf(spec, row);
    const query = readQuery(parameters, url.searchParams, consumed);
    // A malformed id names no resource: 404, unless the operation documents a 400 for invalid parameters.
    if (path.fields && !documents(spec, row, "400")) return notFound(row, row, path, url, headers);
    // Header parameters are judged as query ones are; an operation without any has no header validator.
    const headerFields = row.validators.header && checkParameters(row.validators.header, readHeaders(spec, row, request.headers));
    const fields: Record<string, string> = { ...path.fields, ...checkParameters(row.validators.query, query), ...headerFields };
    const position = row.page ? readPosition(row, parameters, query) : undefined;
    if (position && "field" in position && !(position.field in fields)) fields[position.field] = position.rule;
    if (Object.keys(fields).length > 0) {
      const situation = { status: 400, text: sentence(fields), fields, instance: url.pathname + url.search, pathText: path.text };
      return respond(row, situation, headers);
    }
    const parent = row.parent ? spec.operations[row.parent] : undefined;
    if (parent && store.find(parent, path.values) === undefined) return notFound(row, parent, path, url, headers);
    if (position && !("field" in position)) {
      const selected = store.items(row, path.values).filter((item) => selects(row, item, query));
      const page = pageOf(spec, row, parameters, position, selected, query, url);
      return success(row, page.body, { ...headers, ...page.headers });
    }
    const body = store.find(row, path.values);
    return body === undefined ? notFound(row, row, path, url, headers) : success(row, body, headers);
  }

  return {
    unserved,

    async answer(row, request, params) {
      const url = publicUrl(request);
      const { refusal, headers, consumed } = await admit(row, request, url);
      if (refusal) return refusal;
      if (unservedReasons.has(row.operationId)) return notImplemented(row, url, headers);
      return serve(row, request, url, params, consumed, headers);
    },

    async unknownRoute(request) {
      const url = publicUrl(request);
      const route = url.pathname.slice(basePath.length);
      const here = rows.filter((row) => pathPattern(row.path).test(route));
      const operation = here.find((row) => row.method === request.method);
      if (operation) {
        const { refusal, headers } = await admit(operation, request, url);
        return refusal ?? notImplemented(operation, url, headers);
      }
      const instance = url.pathname + url.search;
      if (here.length > 0) {
        const allow = [...new Set(here.map((row) => row.method))].join(", ");
        const text = `${request.method} is not allowed here; ${route} allows ${allow}.`;
        return respond(here[0], { status: 405, text, instance }, { allow });
      }
      return respond(undefined, { status: 404, text: `No route ${route || "/"} in ${titleOf(spec)}.`, instance });
    },

    failure(situation) {
      return respond(undefined, situation);
    },
  };
}
