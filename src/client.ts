// createSamplePlatformClient: typed calls with input checks and one error mapping, over the client's transport (URLs
// serialised by openapi-fetch), and `raw`, the openapi-fetch client over the same transport.
import createClient, { createFinalURL, createQuerySerializer, defaultPathSerializer, type Client } from "openapi-fetch";
import type { paths } from "../generated/schema";
import { ErrorFactory, type RateLimit, type RequestSummary, type SamplePlatformError } from "./errors";
import { resolveOptions, resolveRequestOptions, type SamplePlatformClientOptions } from "./options";
import { iterateSamples } from "./paginate";
import { readRateLimit, requestedWaitMs, toSeconds } from "./shared/rate-limit";
import { bodyText, createTransport, type CallOptions, type Received } from "./transport";
import type { ListSamplesQuery, RequestOptions, Sample, SampleId, SampleList } from "./types";
import { checkPathParameters, checkQueryParameters, checkResponseBody, isErrorBody, type OperationId } from "./validate";

export interface SamplePlatformClient {
  /** `GET /samples/{sample_id}`. */
  getSample(sampleId: SampleId, options?: RequestOptions): Promise<Sample>;
  /** `GET /samples`: one page. */
  listSamples(query?: ListSamplesQuery, options?: RequestOptions): Promise<SampleList>;
  /** Every sample matching `query`, page after page, following `pagination.next_offset` to the end. */
  iterateSamples(query?: ListSamplesQuery, options?: RequestOptions): AsyncGenerator<Sample, void, undefined>;
  /** The underlying openapi-fetch client, with the same token, retries and timeouts (no input checks). */
  readonly raw: Client<paths>;
  /** The last `X-RateLimit-*` headers seen, on any response; undefined until one arrives. */
  readonly rateLimit: RateLimit | undefined;
}

const JSON_CONTENT_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

// The typed calls build their URL with openapi-fetch's own serializers, so that `raw` and they send the same URL.
const querySerializer = createQuerySerializer();
const urlOf = (baseUrl: string, path: string, params: { path?: Record<string, unknown>; query?: Record<string, unknown> }) =>
  createFinalURL(path, { baseUrl, params, querySerializer, pathSerializer: defaultPathSerializer });

export function createSamplePlatformClient(options?: SamplePlatformClientOptions): SamplePlatformClient {
  const config = resolveOptions(options);
  const errors = new ErrorFactory([config.token]);
  let rateLimit: RateLimit | undefined;
  const transport = createTransport({
    ...config,
    errors,
    onRateLimit: (seen: RateLimit) => {
      rateLimit = seen;
    },
  });
  // `raw` goes through the same transport: the token, retries and timeouts are the typed calls'.
  const raw = createClient<paths>({ baseUrl: config.baseUrl, fetch: transport.fetch, headers: config.headers });

  const describe = (path: string): RequestSummary => ({ method: "GET", url: `${config.baseUrl}${path}` });

  /** A call's options, checked (a bad one fails the call with invalid_request, sending nothing). */
  function callOptions(planned: RequestSummary, given: unknown): CallOptions {
    const resolved = resolveRequestOptions(given);
    if ("fields" in resolved) throw errors.invalidRequest(planned, resolved.fields);
    const { signal } = resolved.options;
    if (signal?.aborted) throw errors.aborted(planned, signal.reason);
    return resolved.options;
  }

  /** Sends a typed call and turns its response into the typed body, or the one SamplePlatformError it deserves. */
  async function call<T>(operation: OperationId, url: string, options: CallOptions): Promise<T> {
    const received = await transport.get(url, options);
    const request: RequestSummary = { method: "GET", url: received.response.url || url };
    const contentType = received.headers.get("Content-Type") ?? "";
    const text = bodyText(received);
    if (received.status < 200 || received.status > 299) throw readFailure(request, received, contentType, text);
    const body = readSuccess(request, received.status, contentType, text);
    if (config.validateResponses) await validate(operation, request, received.status, body);
    return body as T;
  }

  /** A 2xx: the body, parsed; anything but a 200 with a JSON body is an error. */
  function readSuccess(request: RequestSummary, status: number, contentType: string, text: string): unknown {
    if (status !== 200) throw errors.unexpectedResponse(request, status, "a status the spec does not list", text);
    if (!JSON_CONTENT_TYPE.test(contentType)) {
      throw errors.unexpectedResponse(request, status, `Content-Type ${JSON.stringify(contentType)} instead of application/json`, text);
    }
    try {
      return JSON.parse(text);
    } catch {
      throw errors.unexpectedResponse(request, status, text === "" ? "an empty body" : "a body that is not JSON", text);
    }
  }

  /** With validateResponses: a body that breaks the spec is an invalid_response naming the pointer and the rule. */
  async function validate(operation: OperationId, request: RequestSummary, status: number, body: unknown): Promise<void> {
    const violation = await checkResponseBody(operation, status, body);
    if (violation) {
      throw errors.invalidResponse(request, status, `${violation.pointer || "(root)"} ${violation.message} (${violation.rule})`, { ...violation });
    }
  }

  /** Any other status: the error it deserves, with the wait the server asked for and its rate-limit headers. */
  function readFailure(request: RequestSummary, received: Received, contentType: string, text: string): SamplePlatformError {
    const { status, headers } = received;
    const waitMs = requestedWaitMs(status, headers);
    const extra = { retryAfter: waitMs === undefined ? undefined : toSeconds(waitMs), rateLimit: readRateLimit(headers) };
    if (!JSON_CONTENT_TYPE.test(contentType)) {
      return errors.unexpectedResponse(request, status, `Content-Type ${JSON.stringify(contentType)} instead of application/json`, text, extra);
    }
    let error: unknown;
    try {
      error = JSON.parse(text);
    } catch {
      return errors.unexpectedResponse(request, status, "a body that is not JSON", text, extra);
    }
    if (typeof error !== "object" || error === null) return errors.unexpectedResponse(request, status, "a body that is not JSON", text, extra);
    if (!isErrorBody(error)) {
      return errors.unexpectedResponse(request, status, "an error body that does not match the spec's Error schema", text, extra);
    }
    return errors.fromErrorBody(request, status, error, extra);
  }

  async function getSample(sampleId: SampleId, options?: RequestOptions): Promise<Sample> {
    const planned = describe("/samples/{sample_id}");
    const path = { sample_id: sampleId };
    const fields = checkPathParameters("getSample", path);
    if (fields) throw errors.invalidRequest(planned, fields);
    const checked = callOptions(planned, options);
    return call<Sample>("getSample", urlOf(config.baseUrl, "/samples/{sample_id}", { path }), checked);
  }

  async function listSamples(query: ListSamplesQuery = {}, options?: RequestOptions): Promise<SampleList> {
    const planned = describe("/samples");
    if (query === null || typeof query !== "object") throw errors.invalidRequest(planned, { "(root)": "must be object" });
    const cleanQuery = withoutUndefined(query);
    const fields = checkQueryParameters("listSamples", cleanQuery);
    if (fields) throw errors.invalidRequest(planned, fields);
    const checked = callOptions(planned, options);
    return call<SampleList>("listSamples", urlOf(config.baseUrl, "/samples", { query: cleanQuery }), checked);
  }

  return {
    getSample,
    listSamples,
    iterateSamples: (query = {}, requestOptions = {}) =>
      iterateSamples(listSamples, errors, describe("/samples"), query, requestOptions),
    raw,
    get rateLimit() {
      return rateLimit;
    },
  };
}
