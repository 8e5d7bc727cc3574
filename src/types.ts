// The data types of the public API, all taken from the spec's generated types.
import type { components, operations } from "../generated/schema";

export type Sample = components["schemas"]["Sample"];
export type SampleList = components["schemas"]["SampleList"];
export type Pagination = components["schemas"]["Pagination"];
/** The query parameters of `GET /samples`. */
export type ListSamplesQuery = NonNullable<operations["listSamples"]["parameters"]["query"]>;
/** `sample_id` of `GET /samples/{sample_id}`. */
export type SampleId = operations["getSample"]["parameters"]["path"]["sample_id"];

/** Per-call options. */
export interface RequestOptions {
  /** Aborts the call, its retries and their waits; the call then rejects with code `aborted`. */
  signal?: AbortSignal;
}
