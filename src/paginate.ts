// Follows pagination.next_offset to the last page, refusing a server that would loop forever.
import type { ErrorFactory, RequestSummary } from "./errors";
import type { ListSamplesQuery, RequestOptions, Sample, SampleList } from "./types";

export async function* iterateSamples(
  listSamples: (query: ListSamplesQuery, options: RequestOptions) => Promise<SampleList>,
  errors: ErrorFactory,
  request: RequestSummary,
  query: ListSamplesQuery,
  options: RequestOptions,
): AsyncGenerator<Sample, void, undefined> {
  // Read loosely: listSamples checks the options (a bad one fails the first call with invalid_request).
  const signal = (options as RequestOptions | null | undefined)?.signal;
  let offset = query.offset ?? 0;
  for (;;) {
    const page = await listSamples({ ...query, offset }, options);
    for (const sample of page.data) {
      yield sample;
      // A consumer may abort while holding a sample; stop before the next one or the next request.
      if (signal?.aborted) throw errors.aborted(request, signal.reason);
    }
    const next: unknown = page.pagination.next_offset;
    if (next === null || next === undefined) return;
    if (typeof next !== "number" || !Number.isInteger(next) || next <= offset) {
      throw errors.invalidResponse(
        request,
        200,
        `/pagination/next_offset is ${JSON.stringify(next)}, which does not move past offset ${offset}: following it would never end`,
        { pointer: "/pagination/next_offset", rule: "next_offset > offset", offset, next_offset: next },
      );
    }
    offset = next;
  }
}
