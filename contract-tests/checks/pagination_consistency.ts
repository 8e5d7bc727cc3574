import type { Check } from ".";
import { pagingParameters } from "../spec";
import type { Exchange, Failure, JudgeContext, SpecOperation, Walk } from "../types";
import { fail, filtersOf, judged, MOCK_DATA, pages, shorten, validRequest } from "./util";

export const PAGINATION_CONSISTENCY = "pagination_consistency";

const idOf = (item: any) => String(item?.sample_id);

/** The first position where two id sequences differ, said plainly; undefined when they agree. */
function firstMismatch(actual: string[], expected: string[], from: number): string | undefined {
  for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
    if (actual[i] !== expected[i]) return `at position ${from + i}: sample ${actual[i] ?? "(none)"} where the walk of the whole collection has ${expected[i] ?? "(none)"}`;
  }
  return undefined;
}

/**
 * Every list answer is a consistent page: it honours and echoes limit and offset (the documented defaults when the
 * request has none), next_offset = offset + items while more remain and is null or absent on the last page, a page
 * with items left after it is not empty, and offset + items never exceeds total. Without filters, once the whole
 * collection was walked, a page is exactly the collection's items at its offset and its total is the collection's.
 * A page shorter than limit while more remain is allowed: limit is a maximum.
 */
export function pagination_consistency(page: Exchange, operation: SpecOperation, context: JudgeContext): Failure[] {
  const body = page.response.json as any;
  // An unreadable page is response_schema_conformance's to report.
  if (!Array.isArray(body?.data) || typeof body?.pagination !== "object" || body.pagination === null) return [];
  const paging = pagingParameters(operation)!;
  const asked = page.case.query;
  const limit = asked.limit === undefined ? paging.defaultLimit : Number(asked.limit);
  const offset = asked.offset === undefined ? paging.defaultOffset : Number(asked.offset);
  const { data, pagination } = body;
  const failures: Failure[] = [];
  const add = (message: string) => failures.push(fail(PAGINATION_CONSISTENCY, page, message));
  const where = `page at offset ${offset} (limit ${limit})`;
  if (data.length > limit) add(`${where} has ${data.length} items, more than limit ${limit}`);
  if (pagination.limit !== limit) add(`${where} echoes limit ${shorten(pagination.limit)}, not the ${asked.limit === undefined ? "default" : "requested"} ${limit}`);
  if (pagination.offset !== offset) add(`${where} echoes offset ${shorten(pagination.offset)}, not the ${asked.offset === undefined ? "default" : "requested"} ${offset}`);
  const total = pagination.total;
  if (typeof total !== "number") return failures;
  const next = pagination.next_offset;
  const end = offset + data.length;
  if (data.length > Math.max(0, total - offset)) add(`${where} has ${data.length} items, but total ${total} leaves ${Math.max(0, total - offset)} from that offset`);
  else if (end < total) {
    if (data.length === 0) add(`${where} has no items although ${total - offset} remain (total ${total})`);
    else if (next !== end) add(`${where} with ${data.length} items of ${total} has next_offset ${shorten(next)}; expected ${end}`);
  } else if (next !== null && next !== undefined) {
    add(`last ${where} with ${data.length} items of ${total} has next_offset ${shorten(next)}; expected null or absent`);
  }
  const collection = context.collection;
  if (collection && Object.keys(filtersOf(page.case)).length === 0) {
    if (total !== collection.total) add(`${where} says total ${total}; the walk of the whole collection found ${collection.total}`);
    const mismatch = firstMismatch(data.map(idOf), collection.ids.slice(offset, end), offset);
    if (mismatch) add(`${where} is not the collection's items at that offset: ${mismatch}`);
  }
  return failures;
}

/**
 * The pages of a walk tile its result exactly: total stays the same, no sample appears twice, and when the walk
 * reached its end it holds total samples; a walk of the whole collection lists the same samples in the same order
 * whatever its page size.
 */
export function pagination_walk(walk: Walk, _operation: SpecOperation, context: JudgeContext): Failure[] {
  const failures: Failure[] = [];
  const seen = new Map<string, number>();
  const ids: string[] = [];
  let total: number | undefined;
  const add = (page: Exchange, message: string) => failures.push(fail(PAGINATION_CONSISTENCY, page, message, { walk }));
  const label = Object.keys(walk.filters).length ? `the walk of ${Object.entries(walk.filters).map(([k, v]) => `${k}=${shorten(v, 40)}`).join("&")} (limit ${walk.limit})` : `the walk of the whole collection with limit ${walk.limit}`;
  for (const page of walk.pages) {
    const body = page.response.json as any;
    if (page.response.status !== 200 || !Array.isArray(body?.data)) break;
    const offset = Number(page.case.query.offset);
    if (total !== undefined && body.pagination?.total !== total) add(page, `total changed during ${label}: ${total} then ${shorten(body.pagination?.total)}`);
    total ??= body.pagination?.total;
    for (const item of body.data) {
      const id = idOf(item);
      if (seen.has(id)) add(page, `sample ${id} appears twice in ${label}: at offset ${seen.get(id)} and again at offset ${offset}`);
      else seen.set(id, offset);
      ids.push(id);
    }
  }
  const last = walk.pages[walk.pages.length - 1];
  if (!walk.complete || !last) return failures;
  if (total !== undefined && ids.length !== total) add(last, `walking every page of ${label} gave ${ids.length} samples but total is ${total}`);
  if (context.collection && Object.keys(walk.filters).length === 0) {
    const mismatch = firstMismatch(ids, context.collection.ids, 0);
    if (mismatch) add(last, `${label} differs from the walk with the largest page size ${mismatch}`);
  }
  return failures;
}

export const check: Check = {
  name: PAGINATION_CONSISTENCY,
  operations: pages,
  only: "live",
  skipReason: `live only: ${MOCK_DATA} pages do not add up to a collection`,
  exchange: { appliesTo: (e) => judged(e) && validRequest(e.case) && e.response.status === 200, judge: pagination_consistency },
  walk: { judge: pagination_walk },
};
