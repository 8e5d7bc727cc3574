// createSamplePlatformClient: typed calls with input checks and one error mapping, over the client's transport (URLs
// serialised by openapi-fetch), and `raw`, the openapi-fetch client over the same transport.
import createClient, { createFinalURL, defaultPathSerializer, type Client, type Middleware } from "openapi-fetch";
import { querySerializerOf, type QuerySerializer } from "./query-serializer";
import type { OperationMethods } from "../generated/client-types";
import { clientOperations, securitySchemes } from "../generated/client-operations";
import { credentialsFor, secretsOf, type CallCredentials } from "./credentials";
import { JSON_MEDIA_TYPE } from "./shared/media-type";
import type { paths } from "../generated/schema";
import { ErrorFactory, type ErrorBody, type RateLimit, type RequestSummary, type SamplePlatformError } from "./errors";
import { resolveOptions, resolveRequestOptions, type ResolvedOptions, type SamplePlatformClientOptions } from "./options";
import { iteratePages, nextLink, type PageResponse } from "./paginate";
import { readRateLimit, requestedWaitMs, toSeconds } from "./shared/rate-limit";
import { bodyText, createTransport, type CallHeaders, type CallOptions, type Received, type Transport } from "./transport";
import type { ClientOperationRow, ParameterValidator } from "./shared/operation-row";
import { headerParametersOf, withHeaderParameters, type HeaderParameters } from "./header-parameter-values";
import type { RequestOptions } from "./types";
import { checkParameters, checkResponseBody, isErrorBody, requestValidators, type OperationId } from "./validate";

/**
 * The client: one typed method an operation of the spec, named by its operationId, and an iterator a paged list
 * (generated/client-types.ts, from the operation table), with `raw` and the rate-limit state beside them.
 */
export interface SamplePlatformClient extends OperationMethods {
  /** The underlying openapi-fetch client, with the same token, retries and timeouts (no input checks). */
  readonly raw: Client<paths>;
  /** The last `X-RateLimit-*` headers seen, on any response; undefined until one arrives. */
  readonly rateLimit: RateLimit | undefined;
}


function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

// The typed calls build their URL with openapi-fetch's own serializers, so that `raw` and they send the same URL.
const urlOf = (baseUrl: string, path: string, params: { path?: Record<string, unknown>; query?: Record<string, unknown> }, serializer: QuerySerializer) =>
  createFinalURL(path, { baseUrl, params, querySerializer: serializer, pathSerializer: defaultPathSerializer });

/**
 * `raw`'s requests to an operation of the spec carry that operation's credential, as its typed method's do: an API key
 * where its security asks for one, none for `security: []` (the transport leaves the token as a bearer to its rule).
 */
function rawCredentials(transport: Transport, config: ResolvedOptions): Middleware {
  const rows = new Map(Object.values(clientOperations).map((row) => [`${row.method} ${row.path}`, row]));
  // Decided once a route, as the typed methods decide theirs once an operation.
  const decided = new Map<string, CallCredentials | null>();
  const credentialOf = (route: string): CallCredentials | null => {
    if (!decided.has(route)) {
      const row = rows.get(route);
      decided.set(route, row ? credentialsFor(row.security, securitySchemes, config.credentials, config.token) : null);
    }
    return decided.get(route) ?? null;
  };
  return {
    onRequest({ request, schemaPath }) {
      const credential = credentialOf(`${request.method} ${schemaPath}`);
      return credential ? transport.withCredential(request, credential) : undefined;
    },
  };
}

export function createSamplePlatformClient(options?: SamplePlatformClientOptions): SamplePlatformClient {
  const config = resolveOptions(options);
  const errors = new ErrorFactory(secretsOf(config.credentials, config.token));
  let rateLimit: RateLimit | undefined;
  const transport = createTransport({
    ...config,
    errors,
    onRateLimit: (seen: RateLimit) => {
      rateLimit = seen;
    },
  });
  // `raw` goes through the same transport: the credentials, retries and timeouts are the typed calls'.
  const raw = createClient<paths>({ baseUrl: config.baseUrl, fetch: transport.fetch, headers: config.headers });
  raw.use(rawCredentials(transport, config));

  const describe = (method: string, path: string): RequestSummary => ({ method, url: `${config.baseUrl}${path}` });

  /** A call's options, checked (a bad one fails the call with invalid_request, sending nothing). */
  function callOptions(planned: RequestSummary, given: unknown): CallOptions {
    const resolved = resolveRequestOptions(given);
    if ("fields" in resolved) throw errors.invalidRequest(planned, resolved.fields);
    const { signal } = resolved.options;
    if (signal?.aborted) throw errors.aborted(planned, signal.reason);
    return resolved.options;
  }

  /** A call's options with its operation's header parameters checked and as text (a missing or broken one fails it). */
  function withCheckedHeaders(planned: RequestSummary, parameters: HeaderParameters | undefined, validator: ParameterValidator | undefined, given: unknown): unknown {
    if (!parameters) return given;
    const read = withHeaderParameters(parameters, validator, given);
    if ("fields" in read) throw errors.invalidRequest(planned, read.fields);
    return read.options;
  }

  /** Sends a typed call and turns its response into the typed body, or the one SamplePlatformError it deserves. */
  async function call(row: ClientOperationRow, url: string, options: CallOptions, body: unknown, start: CallHeaders): Promise<PageResponse> {
    const received = await transport.send(row.method, url, options, body, start);
    const request: RequestSummary = { method: row.method, url: received.response.url || url };
    const contentType = received.headers.get("Content-Type") ?? "";
    if (received.status < 200 || received.status > 299) throw await readFailure(row.operationId as OperationId, request, received, contentType, bodyText(received));
    const parsed = readSuccess(request, row.success, received, contentType);
    if (config.validateResponses) await validate(row.operationId as OperationId, request, received.status, parsed);
    return { body: parsed, url: request.url, link: nextLink(received.headers.get("Link")) };
  }

  /**
   * A 2xx: its body as the spec documents it (JSON parsed, text, bytes as a Blob, or undefined for none); anything but
   * the documented success is an error.
   */
  function readSuccess(request: RequestSummary, success: ClientOperationRow["success"], received: Received, contentType: string): unknown {
    const { status } = received;
    const documented = success !== null && (success.status === String(status) || success.status.toUpperCase() === "2XX");
    if (!documented) throw errors.unexpectedResponse(request, status, "a status the spec does not list", bodyText(received));
    if (success.body === null) return undefined;
    if (success.body === "binary") return new Blob(received.bytes === null ? [] : [received.bytes as Uint8Array<ArrayBuffer>], { type: contentType });
    const text = bodyText(received);
    if (success.body === "text") return text;
    if (!JSON_MEDIA_TYPE.test(contentType)) {
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
  async function readFailure(operation: OperationId, request: RequestSummary, received: Received, contentType: string, text: string): Promise<SamplePlatformError> {
    const { status, headers } = received;
    const waitMs = requestedWaitMs(status, headers);
    const extra = { retryAfter: waitMs === undefined ? undefined : toSeconds(waitMs), rateLimit: readRateLimit(headers) };
    if (!JSON_MEDIA_TYPE.test(contentType)) {
      return errors.unexpectedResponse(request, status, `Content-Type ${JSON.stringify(contentType)} instead of application/json`, text, extra);
    }
    let error: unknown;
    try {
      error = JSON.parse(text);
    } catch {
      return errors.unexpectedResponse(request, status, "a body that is not JSON", text, extra);
    }
    if (typeof error !== "object" || error === null) return errors.unexpectedResponse(request, status, "a body that is not JSON", text, extra);
    if (!(await isErrorBody(operation, status, error))) {
      return errors.unexpectedResponse(request, status, "an error body that does not match the spec's error schema", text, extra);
    }
    return errors.fromErrorBody(request, status, error as ErrorBody, extra);
  }

  /**
   * A row's method: path parameters positional in path order, then the body (when it takes one), the query (when it has
   * query parameters), then the per-call options; every input checked before anything is sent.
   */
  function operationMethod(row: ClientOperationRow): (...args: unknown[]) => Promise<PageResponse> {
    const planned = describe(row.method, row.path);
    // Its credential, decided once: which of its security alternatives the client can meet, and how it is sent.
    const credential = credentialsFor(row.security, securitySchemes, config.credentials, config.token);
    const start = transport.callHeaders(credential.headers, credential.custom);
    const credentialQuery = Object.keys(credential.query).length > 0 ? credential.query : undefined;
    const serializer = querySerializerOf(row.queryParameters);
    const takesQuery = row.queryParameters.length > 0;
    const headerParameters = headerParametersOf(row);
    const operation = row.operationId as OperationId;
    return async (...args) => {
      // The operation's validators: loaded on its first call, at once on every later one.
      const validators = requestValidators(operation);
      const { path: pathValidator, query: queryValidator, header: headerValidator } = validators instanceof Promise ? await validators : validators;
      let at = 0;
      const path: Record<string, unknown> = {};
      for (const name of row.pathParameters) path[name] = args[at++];
      if (pathValidator) {
        const fields = checkParameters(pathValidator, path);
        if (fields) throw errors.invalidRequest(planned, fields);
      }
      const body = row.requestBody ? args[at++] : undefined;
      let query: Record<string, unknown> | undefined;
      if (takesQuery) {
        const given = args[at] === undefined ? {} : args[at];
        at++;
        if (given === null || typeof given !== "object") throw errors.invalidRequest(planned, { "(root)": "must be object" });
        query = withoutUndefined(given as Record<string, unknown>);
        const fields = checkParameters(queryValidator, query);
        if (fields) throw errors.invalidRequest(planned, fields);
      }
      const checked = callOptions(planned, withCheckedHeaders(planned, headerParameters, headerValidator, args[at]));
      const url = urlOf(config.baseUrl, row.path, { path, query: credentialQuery ? { ...query, ...credentialQuery } : query }, serializer);
      return call(row, url, checked, body, start);
    };
  }

  const client: Record<string, unknown> = {};
  for (const row of Object.values(clientOperations) as ClientOperationRow[]) {
    const send = operationMethod(row);
    client[row.name] = async (...args: unknown[]) => (await send(...args)).body;
    if (row.page && row.iterator) {
      const page = row.page;
      const leading = row.pathParameters.length + (row.requestBody ? 1 : 0);
      const planned = describe(row.method, row.path);
      client[row.iterator] = (...args: unknown[]) => {
        const fixed = args.slice(0, leading);
        const query = (args[leading] === undefined ? {} : args[leading]) as Record<string, unknown>;
        const requestOptions = (args[leading + 1] === undefined ? {} : args[leading + 1]) as RequestOptions;
        return iteratePages(page, row.queryParameters, (pageQuery) => send(...fixed, pageQuery, requestOptions), errors, planned, query, requestOptions);
      };
    }
  }
  Object.defineProperties(client, {
    raw: { value: raw, enumerable: true },
    rateLimit: { get: () => rateLimit, enumerable: true },
  });
  return client as unknown as SamplePlatformClient;
}
