// MSW request handlers over the mock API: hand them to msw's setupServer (Node) or setupWorker (browser).
import { http, type HttpHandler } from "msw";
import { createMockApi, type MockApi } from "./api";
import { type MockOptions, resolveMockOptions } from "./options";
import { PACKAGE_SPEC, type MockSpec } from "./spec-facts";
import { bySpecificity, getRows, routeOf } from "./table";

/** @internal The handlers and the API behind them, for the HTTP server (which answers outside the handlers too). */
export function createMockFor(spec: MockSpec, options: MockOptions = {}): { handlers: HttpHandler[]; api: MockApi } {
  const resolved = resolveMockOptions(options, spec);
  const api = createMockApi(resolved, spec);
  const base = resolved.baseUrl;
  const handlers = [
    ...getRows(spec)
      .sort(bySpecificity)
      .map((row) => http.get(`${base}${routeOf(row.path)}`, ({ request, params }) => api.answer(row, request, params))),
    http.all(`${base}/*`, ({ request }) => api.unknownRoute(request)),
  ];
  return { handlers, api };
}

/**
 * Handlers for the GET rows of a spec's operation table (the package's own unless a test gives another), most
 * specific route first, then one for anything else under the base URL.
 */
export function createMockHandlersFor(spec: MockSpec, options: MockOptions = {}): HttpHandler[] {
  return createMockFor(spec, options).handlers;
}

/**
 * Request handlers that answer like the API the package's spec describes, under `options.baseUrl`, over an in-memory
 * data set: every GET operation of the spec (any other answers 501; `unservedOperations()` lists them). Each call
 * makes a fresh data set and rate-limit window.
 */
export function createMockHandlers(options: MockOptions = {}): HttpHandler[] {
  return createMockFor(PACKAGE_SPEC, options).handlers;
}
