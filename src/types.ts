// The data types of the public API, all taken from the spec's generated types: the data types and query and path
// parameter types of every operation are generated/client-types.ts's (named after the schemas, the operationIds and the
// parameters: Sample, ListSamplesQuery, SampleId).
export type * from "../generated/client-types";

/** Per-call options. An unknown key, or a value breaking its rule, fails the call with `invalid_request`. */
export interface RequestOptions {
  /** Aborts the call, its retries and their waits; the call then rejects with code `aborted`. */
  signal?: AbortSignal;
  /** This call's timeout of each attempt, in place of the client's `timeoutMs`. */
  timeoutMs?: number;
  /** Headers for this call, over the client's `headers` (never `Authorization`: the client sends the token). */
  headers?: Record<string, string>;
}

/**
 * Per-call options of an operation with header parameters: `headers` holds them as the spec names and types them
 * (checked, then sent as text, an array comma-joined), beside any other header as text; required (`Needed`) when one
 * of them is.
 */
export type HeaderRequestOptions<Parameters extends object, Needed extends boolean = false> = Omit<RequestOptions, "headers"> &
  (Needed extends true ? { headers: HeaderValues<Parameters> } : { headers?: HeaderValues<Parameters> });

/** The header parameters, with any other header as text (an index signature that also admits their own types). */
type HeaderValues<Parameters extends object> = Parameters & Record<string, string | Exclude<Parameters[keyof Parameters], undefined>>;
