// createSamplePlatformClient: typed calls on top of openapi-fetch, with input checks and one error mapping.
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../generated/schema";
import { ErrorFactory, type RateLimit, type RequestSummary, type SamplePlatformError } from "./errors";
import { resolveOptions, resolveRequestOptions, type SamplePlatformClientOptions } from "./options";
import { iterateSamples } from "./paginate";
import { readRateLimit, requestedWaitMs, toSeconds } from "./shared/rate-limit";
import { createTransport } from "./transport";
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

type RawResult = { data?: unknown; error?: unknown; response: Response };

const JSON_CONTENT_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

export function createSamplePlatformClient(options?: SamplePlatformClientOptions): SamplePlatformClient {
  const config = resolveOptions(options);
  const errors = new ErrorFactory([config.token]);
  let rateLimit: RateLimit | undefined;
  const transportConfig = {
    ...config,
    errors,
    onRateLimit: (seen: RateLimit) => {
      rateLimit = seen;
    },
  };
  const transport = createTransport(transportConfig);

  /** A call's options, checked; what openapi-fetch gets for them (a call's own timeout is a transport of its own). */
  function callOptions(planned: RequestSummary, given: unknown) {
    const resolved = resolveRequestOptions(given);
    if ("fields" in resolved) throw errors.invalidRequest(planned, resolved.fields);
    const { signal, timeoutMs, headers } = resolved.options;
    checkNotAborted(planned, signal);
    return { signal, headers, fetch: timeoutMs === undefined ? undefined : createTransport({ ...transportConfig, timeoutMs }) };
  }
  const raw = createClient<paths>({ baseUrl: config.baseUrl, fetch: transport, headers: config.headers });

  const describe = (path: string): RequestSummary => ({ method: "GET", url: `${config.baseUrl}${path}` });

  function checkNotAborted(request: RequestSummary, signal: AbortSignal | undefined): void {
    if (signal?.aborted) throw errors.aborted(request, signal.reason);
  }

  /** Turns what openapi-fetch returned into the typed body, or the one SamplePlatformError it deserves. */
  async function readResult<T>(operation: OperationId, planned: RequestSummary, result: RawResult): Promise<T> {
    const { response } = result;
    const request: RequestSummary = { method: planned.method, url: response.url || planned.url };
    const contentType = response.headers.get("Content-Type") ?? "";
    if (response.ok) return (await readSuccess(operation, request, response.status, contentType, result.data)) as T;
    throw readFailure(request, response, contentType, result.error);
  }

  /** A 2xx: the body, parsed (and validated when asked); anything but a 200 with a JSON body is an error. */
  async function readSuccess(operation: OperationId, request: RequestSummary, status: number, contentType: string, data: unknown): Promise<unknown> {
    const text = typeof data === "string" ? data : "";
    if (status !== 200) throw errors.unexpectedResponse(request, status, "a status the spec does not list", text);
    if (!JSON_CONTENT_TYPE.test(contentType)) {
      throw errors.unexpectedResponse(request, status, `Content-Type ${JSON.stringify(contentType)} instead of application/json`, text);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw errors.unexpectedResponse(request, status, text === "" ? "an empty body" : "a body that is not JSON", text);
    }
    if (config.validateResponses) {
      const violation = await checkResponseBody(operation, status, body);
      if (violation) {
        throw errors.invalidResponse(request, status, `${violation.pointer || "(root)"} ${violation.message} (${violation.rule})`, {
          ...violation,
        });
      }
    }
    return body;
  }

  /** Any other status: the error it deserves, with the wait the server asked for and its rate-limit headers. */
  function readFailure(request: RequestSummary, response: Response, contentType: string, error: unknown): SamplePlatformError {
    const { status } = response;
    const waitMs = requestedWaitMs(status, response.headers);
    const extra = { retryAfter: waitMs === undefined ? undefined : toSeconds(waitMs), rateLimit: readRateLimit(response.headers) };
    const text = typeof error === "string" ? error : error === undefined ? "" : JSON.stringify(error);
    if (!JSON_CONTENT_TYPE.test(contentType)) {
      return errors.unexpectedResponse(request, status, `Content-Type ${JSON.stringify(contentType)} instead of application/json`, text, extra);
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
    const call = callOptions(planned, options);
    const result = await raw.GET("/samples/{sample_id}", { params: { path }, ...call, parseAs: "text" });
    return readResult<Sample>("getSample", describe(`/samples/${sampleId}`), result);
  }

  async function listSamples(query: ListSamplesQuery = {}, options?: RequestOptions): Promise<SampleList> {
    const planned = describe("/samples");
    if (query === null || typeof query !== "object") throw errors.invalidRequest(planned, { "(root)": "must be object" });
    const cleanQuery = withoutUndefined(query);
    const fields = checkQueryParameters("listSamples", cleanQuery);
    if (fields) throw errors.invalidRequest(planned, fields);
    const call = callOptions(planned, options);
    const result = await raw.GET("/samples", { params: { query: cleanQuery }, ...call, parseAs: "text" });
    return readResult<SampleList>("listSamples", planned, result);
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
