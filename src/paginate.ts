// Follows a paged list's next offset to the last page, refusing a server that would loop forever. The page's layout
// (which query parameter is the offset, which properties hold the items and the next offset) is the operation table's.
import type { ErrorFactory, RequestSummary } from "./errors";
import { pointerOf } from "./shared/json-pointer";
import type { PageRow } from "./shared/operation-row";
import type { RequestOptions } from "./types";

type Body = Record<string, unknown>;

export async function* iteratePages(
  page: PageRow,
  listPage: (query: Record<string, unknown>) => Promise<unknown>,
  errors: ErrorFactory,
  request: RequestSummary,
  query: Record<string, unknown>,
  options: RequestOptions,
): AsyncGenerator<unknown, void, undefined> {
  // Read loosely: the list method checks the query and the options (a bad one fails the first call with invalid_request).
  const signal = (options as RequestOptions | null | undefined)?.signal;
  // A query that is not an object goes to the list method as it is, to be refused there (invalid_request).
  if (query === null || typeof query !== "object") await listPage(query);
  let offset = (query[page.offset] as number | undefined) ?? 0;
  const pointer = pointerOf([page.pagination, page.nextOffset]);
  for (;;) {
    const body = (await listPage({ ...query, [page.offset]: offset })) as Body;
    for (const item of body[page.items] as unknown[]) {
      yield item;
      // A consumer may abort while holding an item; stop before the next one or the next request.
      if (signal?.aborted) throw errors.aborted(request, signal.reason);
    }
    const next: unknown = (body[page.pagination] as Body)[page.nextOffset];
    if (next === null || next === undefined) return;
    if (typeof next !== "number" || !Number.isInteger(next) || next <= offset) {
      throw errors.invalidResponse(
        request,
        200,
        `${pointer} is ${JSON.stringify(next)}, which does not move past offset ${offset}: following it would never end`,
        { pointer, rule: `${page.nextOffset} > ${page.offset}`, [page.offset]: offset, [page.nextOffset]: next },
      );
    }
    offset = next;
  }
}
