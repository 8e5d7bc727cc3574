// The data types of the public API, all taken from the spec's generated types.
import type { components, operations } from "../generated/schema";

export type Sample = components["schemas"]["Sample"];
export type SampleList = components["schemas"]["SampleList"];
export type Pagination = components["schemas"]["Pagination"];
/** The query parameters of `GET /samples`. */
export type ListSamplesQuery = NonNullable<operations["listSamples"]["parameters"]["query"]>;
/** `sample_id` of `GET /samples/{sample_id}`. */
export type SampleId = operations["getSample"]["parameters"]["path"]["sample_id"];

/** Per-call options. An unknown key, or a value breaking its rule, fails the call with `invalid_request`. */
export interface RequestOptions {
  /** Aborts the call, its retries and their waits; the call then rejects with code `aborted`. */
  signal?: AbortSignal;
  /** This call's timeout of each attempt, in place of the client's `timeoutMs`. */
  timeoutMs?: number;
  /** Headers for this call, over the client's `headers` (never `Authorization`: the client sends the token). */
  headers?: Record<string, string>;
}
