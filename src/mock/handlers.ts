// MSW request handlers over the mock API: hand them to msw's setupServer (Node) or setupWorker (browser).
import { http, type HttpHandler } from "msw";
import { createMockApi } from "./api";
import { type MockOptions, resolveMockOptions } from "./options";

/**
 * Request handlers that answer like the Sample Platform API v1 under `options.baseUrl`, over an in-memory data set.
 * Each call makes a fresh data set and rate-limit window.
 */
export function createMockHandlers(options: MockOptions = {}): HttpHandler[] {
  const resolved = resolveMockOptions(options);
  const api = createMockApi(resolved);
  const base = resolved.baseUrl;
  return [
    http.get(`${base}/samples`, ({ request }) => api.listSamples(request)),
    http.get<{ sample_id: string }>(`${base}/samples/:sample_id`, ({ request, params }) => api.getSample(request, params.sample_id)),
    http.all(`${base}/*`, ({ request }) => api.unknownRoute(request)),
  ];
}
