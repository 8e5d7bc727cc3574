import type { Check } from ".";
import { collectionKey, identityOf, itemNoun } from "../collections";
import { offsetPage, pagingParameters } from "../spec";
import { valueAt } from "../../src/shared/page";
import type { Exchange, Failure, JudgeContext, SpecOperation, Walk } from "../types";
import { fail, filtersOf, judged, MOCK_DATA, pages, shorten, validRequest } from "./util";

const PAGINATION_CONSISTENCY = "pagination_consistency";

/** An item's identity as a message shows it (a whole item, for a list without a detail, cut short). */
const shown = (id: string | undefined) => (id === undefined ? "(none)" : shorten(id, 60).replace(/^"(.*)"$/, "$1"));

/** The first position where two id sequences differ, said plainly; undefined when they agree. */
function firstMismatch(noun: string, actual: string[], expected: string[], from: number): string | undefined {
  for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
    if (actual[i] !== expected[i]) return `at position ${from + i}: ${noun} ${shown(actual[i])} where the walk of the whole collection has ${shown(expected[i])}`;
  }
  return undefined;
}

/** The collection a page or walk belongs to, if it was walked whole (each list, each parent of a nested one). */
const collectionOf = (operation: SpecOperation, pathParams: Record<string, string>, context: JudgeContext) => context.collections?.get(collectionKey(operation, pathParams));

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
  const layout = offsetPage(operation);
  if (!layout || !Array.isArray(body?.[layout.items])) return [];
  const paging = pagingParameters(operation)!;
  const [askedLimit, askedOffset] = [page.case.query[layout.limit], page.case.query[layout.offset]];
  const limit = askedLimit === undefined ? paging.defaultLimit : Number(askedLimit);
  const offset = askedOffset === undefined ? paging.defaultOffset : Number(askedOffset);
  const data = body[layout.items];
  const failures: Failure[] = [];
  const add = (message: string) => failures.push(fail(PAGINATION_CONSISTENCY, page, message));
  const where = `page at offset ${offset} (limit ${limit})`;
  if (data.length > limit) add(`${where} has ${data.length} items, more than limit ${limit}`);
  // The page repeats the values it was asked with where the layout says it does (a `limit` and an `offset` beside next).
  for (const [parameter, value, asked] of [[layout.limit, limit, askedLimit], [layout.offset, offset, askedOffset]] as const) {
    const echo = layout.echoes[parameter];
    const echoed = echo === undefined ? value : valueAt(body, echo);
    if (echo !== undefined && echoed !== value) add(`${where} echoes ${parameter} ${shorten(echoed)}, not the ${asked === undefined ? "default" : "requested"} ${value}`);
  }
  // A total the layout does not give, or gives as null ("not counted"), is no failure: the rest needs one.
  const total = layout.total === null ? undefined : valueAt(body, layout.total);
  if (typeof total !== "number") return failures;
  const next = valueAt(body, layout.next);
  const nextName = layout.next.join(".");
  const end = offset + data.length;
  if (data.length > Math.max(0, total - offset)) add(`${where} has ${data.length} items, but total ${total} leaves ${Math.max(0, total - offset)} from that offset`);
  else if (end < total) {
    if (data.length === 0) add(`${where} has no items although ${total - offset} remain (total ${total})`);
    else if (next !== end) add(`${where} with ${data.length} items of ${total} has ${nextName} ${shorten(next)}; expected ${end}`);
  } else if (next !== null && next !== undefined) {
    add(`last ${where} with ${data.length} items of ${total} has ${nextName} ${shorten(next)}; expected null or absent`);
  }
  const collection = collectionOf(operation, page.case.pathParams, context);
  if (collection && Object.keys(filtersOf(page.case, operation)).length === 0) {
    if (total !== collection.total) add(`${where} says total ${total}; the walk of the whole collection found ${collection.total}`);
    const mismatch = firstMismatch(itemNoun(operation), data.map((item: unknown) => identityOf(operation, item)), collection.ids.slice(offset, end), offset);
    if (mismatch) add(`${where} is not the collection's items at that offset: ${mismatch}`);
  }
  return failures;
}

/**
 * The pages of a walk tile its result exactly: total stays the same, no item appears twice, and when the walk
 * reached its end it holds total items; a walk of the whole collection lists the same items in the same order
 * whatever its page size.
 */
export function pagination_walk(walk: Walk, operation: SpecOperation, context: JudgeContext): Failure[] {
  const layout = offsetPage(operation)!;
  const noun = itemNoun(operation);
  const failures: Failure[] = [];
  const seen = new Map<string, number>();
  const ids: string[] = [];
  let total: number | undefined;
  const add = (page: Exchange, message: string) => failures.push(fail(PAGINATION_CONSISTENCY, page, message, { walk }));
  const label = Object.keys(walk.filters).length ? `the walk of ${Object.entries(walk.filters).map(([k, v]) => `${k}=${shorten(v, 40)}`).join("&")} (limit ${walk.limit})` : `the walk of the whole collection with limit ${walk.limit}`;
  for (const page of walk.pages) {
    const body = page.response.json as any;
    if (page.response.status !== 200 || !Array.isArray(body?.[layout.items])) break;
    const offset = Number(page.case.query[layout.offset]);
    const pageTotal = layout.total === null ? undefined : valueAt(body, layout.total);
    // A null total is "not counted" where the layout allows it: it neither changes the count nor sets it.
    const counted = !(pageTotal === null && layout.totalNullable);
    if (total !== undefined && counted && pageTotal !== total) add(page, `total changed during ${label}: ${total} then ${shorten(pageTotal)}`);
    if (typeof pageTotal === "number") total ??= pageTotal;
    for (const item of body[layout.items]) {
      const id = identityOf(operation, item);
      if (seen.has(id)) add(page, `${noun} ${shown(id)} appears twice in ${label}: at offset ${seen.get(id)} and again at offset ${offset}`);
      else seen.set(id, offset);
      ids.push(id);
    }
  }
  const last = walk.pages[walk.pages.length - 1];
  if (!walk.complete || !last) return failures;
  if (total !== undefined && ids.length !== total) add(last, `walking every page of ${label} gave ${ids.length} ${noun.replace(/([^aeiou])y$/, "$1ie")}s but total is ${total}`);
  const collection = collectionOf(operation, walk.pathParams ?? {}, context);
  if (collection && Object.keys(walk.filters).length === 0) {
    const mismatch = firstMismatch(noun, ids, collection.ids, 0);
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
