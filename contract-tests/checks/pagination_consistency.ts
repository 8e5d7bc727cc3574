import type { Exchange, Failure, SpecOperation } from "../types";
import { fail, shorten } from "./util";

export const PAGINATION_CONSISTENCY = "pagination_consistency";

const requested = (exchange: Exchange, name: string) => Number(exchange.case.query[name]);

/**
 * A walk over the whole collection, following next_offset from offset 0, is consistent: each page honours and echoes
 * limit and offset, next_offset = offset + items while more remain and is null/absent on the last page, total stays
 * the same, no sample appears twice, and the walked count equals total. Live only; judges a recorded sequence of
 * pages (a walk cut short by the request budget is judged page by page only).
 */
export function pagination_consistency(pages: Exchange[], operation: SpecOperation): Failure[] {
  const failures: Failure[] = [];
  const seen = new Map<unknown, number>();
  let total: number | undefined;
  let walked = 0;
  let ended = false;
  const add = (exchange: Exchange, message: string) => failures.push(fail(PAGINATION_CONSISTENCY, exchange, message));
  for (const page of pages) {
    const limit = requested(page, "limit");
    const offset = requested(page, "offset");
    const body = page.response.json as any;
    if (page.response.status === 0 || page.response.status >= 500) return failures; // not_a_server_error's to report
    if (page.response.status !== 200 || !Array.isArray(body?.data) || typeof body?.pagination !== "object" || body.pagination === null) {
      add(page, `page at offset ${offset} was answered ${page.response.status} without a readable page; the walk stops here`);
      return failures;
    }
    const { data, pagination } = body;
    if (data.length > limit) add(page, `page at offset ${offset} has ${data.length} items, more than limit ${limit}`);
    if (pagination.limit !== limit) add(page, `page at offset ${offset} echoes limit ${shorten(pagination.limit)}, not the ${limit} requested`);
    if (pagination.offset !== offset) add(page, `page at offset ${offset} echoes offset ${shorten(pagination.offset)}`);
    if (total !== undefined && pagination.total !== total) add(page, `total changed during the walk: ${total} then ${shorten(pagination.total)}`);
    total ??= pagination.total;
    const moreRemain = offset + data.length < pagination.total;
    const next = pagination.next_offset;
    if (moreRemain && next !== offset + data.length) {
      add(page, `page at offset ${offset} with ${data.length} items of ${pagination.total} has next_offset ${shorten(next)}; expected ${offset + data.length}`);
    }
    if (!moreRemain && next !== null && next !== undefined) {
      add(page, `last page (offset ${offset}, ${data.length} items, total ${pagination.total}) has next_offset ${shorten(next)}; expected null or absent`);
    }
    // A page shorter than limit while more remain is allowed ("maximum number of results"): next_offset carries on.
    for (const item of data) {
      const id = item?.sample_id;
      if (seen.has(id)) add(page, `sample ${shorten(id)} appears twice: at offset ${seen.get(id)} and again at offset ${offset}`);
      else seen.set(id, offset);
    }
    walked += data.length;
    if (next === null || next === undefined) ended = true;
  }
  if (ended && total !== undefined && walked !== total && pages.length > 0) {
    add(pages[pages.length - 1], `walking every page gave ${walked} samples but total is ${total}`);
  }
  void operation;
  return failures;
}
