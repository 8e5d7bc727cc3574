// pagination_consistency: every page of a paged list, and every walk of one, keeps the layout its operation-table row
// names (offset, cursor, page number, link): no item twice, no gap where the layout lets one be seen (offsets, page
// numbers with a page count or a page size), the end reached, a stated total kept. Messages use the layout's own
// parameter and field names. What a layout leaves open (a cursor list's order, a total it does not give, a null total
// meaning "not counted") is never a failure.
import type { Check } from ".";
import { collectionKey, identityOf, itemNoun } from "../collections";
import { pagingParameters, type Paging } from "../spec";
import { positionParameter, valueAt } from "../../src/shared/page";
import type { PageRow } from "../../src/shared/operation-row";
import type { Case, Exchange, Failure, JudgeContext, SpecOperation, Walk } from "../types";
import { fail, filtersOf, judged, MOCK_DATA, pages, shorten, validRequest } from "./util";

const PAGINATION_CONSISTENCY = "pagination_consistency";

/** An item's identity as a message shows it (a whole item, for a list without a detail, cut short). */
const shown = (id: string | undefined) => (id === undefined ? "(none)" : shorten(id, 60).replace(/^"(.*)"$/, "$1"));

/** A noun's plural, for counts in messages ("history entry" -> "history entries", "shelf" -> "shelves"). */
const plural = (noun: string) => `${noun.replace(/([^aeiou])y$/, "$1ie").replace(/([lr])f$/, "$1ve")}s`;

/** Where a next value sits, as messages name it ("meta.next_cursor": the body path joined with dots). */
const fieldName = (path: string[]) => path.join(".");

/** A count's own name, as messages name it (the last of its path: "count" for meta.count). */
const countName = (path: string[]) => path[path.length - 1];

/** The first position where two id sequences differ, said plainly; undefined when they agree. */
function firstMismatch(noun: string, actual: string[], expected: string[], from: number): string | undefined {
  for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
    if (actual[i] !== expected[i]) return `at position ${from + i}: ${noun} ${shown(actual[i])} where the walk of the whole collection has ${shown(expected[i])}`;
  }
  return undefined;
}

/** The collection a page or walk belongs to, if it was walked whole (each list, each parent of a nested one). */
const collectionOf = (operation: SpecOperation, pathParams: Record<string, string>, context: JudgeContext) => context.collections?.get(collectionKey(operation, pathParams));

/** What a page was asked: its page size and its offset or page number, as sent or as the parameters default them. */
interface Asked {
  limit?: number;
  /** an offset or page number; undefined for cursor and link pages */
  position?: number;
  /** how messages name the page: "page at offset 0 (limit 2)", "page 2 (per_page 10)", "first page (page_size 20)" */
  where: string;
}

function askedOf(c: Case, paging: Paging): Asked {
  const { layout } = paging;
  const text = (name: string | null) => (name === null ? undefined : [c.query[name] ?? []].flat()[0]);
  const askedLimit = text(layout.limit);
  const limit = layout.limit === null ? undefined : askedLimit === undefined ? paging.defaultLimit : Number(askedLimit);
  const name = positionParameter(layout);
  const askedPosition = text(name);
  const numbered = layout.kind === "offset" || layout.kind === "page";
  const position = numbered ? (askedPosition === undefined ? paging.defaultPosition : Number(askedPosition)) : undefined;
  const size = limit === undefined ? "" : ` (${layout.limit} ${limit})`;
  if (layout.kind === "offset") return { limit, position, where: `page at ${name} ${position}${size}` };
  if (layout.kind === "page") return { limit, position, where: `${name} ${position}${size}` };
  if (layout.kind === "cursor") return { limit, where: `${askedPosition === undefined ? "first page" : `page at ${name} ${shorten(askedPosition, 40)}`}${size}` };
  return { limit, where: `page${size}` };
}

/** The value a query parameter has in a case, as the page would echo it: its text, else its default; typed like `like`. */
function askedValue(c: Case, operation: SpecOperation, name: string, like: unknown): { value: unknown; requested: boolean } | undefined {
  const text = [c.query[name] ?? []].flat()[0];
  const fallback = operation.parameters.find((p) => p.in === "query" && p.name === name)?.schema.default as unknown;
  if (text === undefined) return fallback === undefined ? undefined : { value: fallback, requested: false };
  return { value: typeof like === "number" ? Number(text) : text, requested: true };
}

/** Offset pages: next carries on right after the page's items; with a total, the page sits inside it. */
function offsetPage(layout: Extract<PageRow, { kind: "offset" }>, body: unknown, count: number, asked: Asked, add: (message: string) => void): number | undefined {
  const offset = asked.position!;
  const next = valueAt(body, layout.next);
  const nextName = fieldName(layout.next);
  const end = offset + count;
  // A total the layout does not give, or gives as null ("not counted"), leaves only next to judge.
  const total = layout.total === null ? undefined : valueAt(body, layout.total);
  if (typeof total !== "number") {
    // A next offset past the page's items skips some; one inside them gives some again.
    if (typeof next === "number" && next !== end) add(`${asked.where} with ${count} items has ${nextName} ${next}; expected ${end}`);
    return undefined;
  }
  const totalName = countName(layout.total!);
  if (count > Math.max(0, total - offset)) add(`${asked.where} has ${count} items, but ${totalName} ${total} leaves ${Math.max(0, total - offset)} from that ${layout.offset}`);
  else if (end < total) {
    if (count === 0) add(`${asked.where} has no items although ${total - offset} remain (${totalName} ${total})`);
    else if (next !== end) add(`${asked.where} with ${count} items of ${total} has ${nextName} ${shorten(next)}; expected ${end}`);
  } else if (next !== null && next !== undefined) {
    add(`last ${asked.where} with ${count} items of ${total} has ${nextName} ${shorten(next)}; expected null or absent`);
  }
  return total;
}

/** A numbered page against its page count: pages before the last have items and lead to the next, none after. */
function countedPage(layout: Extract<PageRow, { kind: "page" }>, pageCount: number, next: unknown, count: number, asked: Asked, add: (message: string) => void): void {
  const at = asked.position!;
  const pages = countName(layout.pageCount!);
  const nextName = layout.next === null ? "" : fieldName(layout.next);
  const last = layout.first + pageCount - 1;
  if (at > last && count > 0) add(`${asked.where} has ${count} items, but ${pages} ${pageCount} ends at ${layout.page} ${last}`);
  if (at < last && count === 0) add(`${asked.where} has no items although ${pages} ${pageCount} leaves pages up to ${layout.page} ${last}`);
  if (layout.next === null) return;
  if (at < last && next !== at + 1) add(`${asked.where} of ${pageCount} has ${nextName} ${shorten(next)}; expected ${at + 1}`);
  if (at >= last && next !== null && next !== undefined) add(`last ${asked.where} of ${pageCount} has ${nextName} ${shorten(next)}; expected null or absent`);
}

/** Page-number pages: the next number is the one after; with a page count, pages before the last have items, none after. */
function numberedPage(layout: Extract<PageRow, { kind: "page" }>, body: unknown, count: number, asked: Asked, add: (message: string) => void): void {
  const next = layout.next === null ? undefined : valueAt(body, layout.next);
  const pageCount = layout.pageCount === null ? undefined : valueAt(body, layout.pageCount);
  if (typeof pageCount === "number") countedPage(layout, pageCount, next, count, asked, add);
  // A next page past the one after skips its items; one at or before this page never ends.
  else if (typeof next === "number" && next !== asked.position! + 1) add(`${asked.where} has ${fieldName(layout.next!)} ${next}; expected ${asked.position! + 1}`);
}

/** The page repeats the values it was asked with where the layout says it does (its size, its offset or page). */
function judgeEchoes(page: Exchange, operation: SpecOperation, layout: PageRow, asked: Asked, add: (message: string) => void): void {
  for (const [parameter, path] of Object.entries(layout.echoes)) {
    const echoed = valueAt(page.response.json, path);
    const own = parameter === layout.limit ? asked.limit : parameter === positionParameter(layout) ? asked.position : undefined;
    const expected = own !== undefined ? { value: own, requested: [page.case.query[parameter] ?? []].flat().length > 0 } : askedValue(page.case, operation, parameter, echoed);
    if (expected && echoed !== expected.value) add(`${asked.where} echoes ${parameter} ${shorten(echoed)}, not the ${expected.requested ? "requested" : "default"} ${shorten(expected.value)}`);
  }
}

/** Where an offset or numbered page starts in its collection, and where it ends; undefined for other layouts. */
function placeInCollection(layout: PageRow, asked: Asked, count: number): { start: number; end: number } | undefined {
  if (layout.kind === "offset") return { start: asked.position!, end: asked.position! + count };
  if (layout.kind !== "page" || asked.limit === undefined || asked.position! < layout.first) return undefined;
  const start = (asked.position! - layout.first) * asked.limit;
  return { start, end: start + asked.limit };
}

/**
 * Every list answer is a consistent page of its layout: no more items than its page size; the values it echoes are
 * those asked (or the defaults); offset pages carry on right after their items and sit inside their total;
 * page-number pages lead to the next number and keep to their page count. Without filters, once the whole collection
 * was walked, an offset or numbered page is exactly the collection's items at its place, and a total is the
 * collection's. A page shorter than its size while more remain is allowed where next says where to go on (offsets).
 */
export function pagination_consistency(page: Exchange, operation: SpecOperation, context: JudgeContext): Failure[] {
  const paging = pagingParameters(operation);
  const body = page.response.json;
  // An unreadable page is response_schema_conformance's to report.
  const data = paging ? valueAt(body, [paging.layout.items]) : undefined;
  if (!paging || !Array.isArray(data)) return [];
  const { layout } = paging;
  const asked = askedOf(page.case, paging);
  const failures: Failure[] = [];
  const add = (message: string) => failures.push(fail(PAGINATION_CONSISTENCY, page, message));
  if (asked.limit !== undefined && data.length > asked.limit) add(`${asked.where} has ${data.length} items, more than ${layout.limit} ${asked.limit}`);
  judgeEchoes(page, operation, layout, asked, add);
  const total = layout.kind === "offset" ? offsetPage(layout, body, data.length, asked, add) : undefined;
  if (layout.kind === "page") numberedPage(layout, body, data.length, asked, add);
  // An offset or numbered page of the whole collection is the collection's items at its place.
  const collection = collectionOf(operation, page.case.pathParams, context);
  if (!collection || Object.keys(filtersOf(page.case, operation)).length > 0) return failures;
  if (layout.kind === "offset" && typeof total === "number" && total !== collection.total) add(`${asked.where} says ${countName(layout.total!)} ${total}; the walk of the whole collection found ${collection.total}`);
  const place = placeInCollection(layout, asked, data.length);
  const mismatch = place && firstMismatch(itemNoun(operation), data.map((item: unknown) => identityOf(operation, item)), collection.ids.slice(place.start, place.end), place.start);
  if (mismatch) add(`${asked.where} is not the collection's items at that ${positionParameter(layout)}: ${mismatch}`);
  return failures;
}

/** How a walk is named in messages: what it walked, and its page size in the layout's own words. */
function walkLabel(walk: Walk, layout: PageRow): string {
  const size = walk.limit === undefined || layout.limit === null ? undefined : `${layout.limit} ${walk.limit}`;
  if (Object.keys(walk.filters).length) return `the walk of ${Object.entries(walk.filters).map(([k, v]) => `${k}=${shorten(v, 40)}`).join("&")}${size ? ` (${size})` : ""}`;
  return `the walk of the whole collection${size ? ` with ${size}` : ""}`;
}

/** Where a page of a walk is, in a message: its offset or page number, else its place in the walk. */
function placeOf(page: Exchange, index: number, layout: PageRow, paging: Paging): string {
  if (layout.kind !== "offset" && layout.kind !== "page") return `page ${index + 1}`;
  const name = positionParameter(layout)!;
  const asked = [page.case.query[name] ?? []].flat()[0];
  return `${name} ${asked === undefined ? paging.defaultPosition : Number(asked)}`;
}

/** What a walk is judged with: its list, layout and name in messages, and where its failures go. */
interface WalkJudging {
  walk: Walk;
  operation: SpecOperation;
  paging: Paging;
  noun: string;
  label: string;
  add: (page: Exchange, message: string) => void;
}

/** What the readable pages of a walk hold: each item's identity in order, each page's size, the count they state. */
interface Scanned {
  ids: string[];
  sizes: number[];
  count?: number;
}

/** The layout's count of the collection, when it gives one: an offset list's total, a numbered list's page count. */
const countPathOf = (layout: PageRow) => (layout.kind === "offset" ? layout.total : layout.kind === "page" ? layout.pageCount : null);

/** Reads a walk's pages up to the first that is not a page: no item twice, the stated count the same on every page. */
function scanWalk({ walk, operation, paging, noun, label, add }: WalkJudging): Scanned {
  const { layout } = paging;
  const countPath = countPathOf(layout);
  const nullable = layout.kind === "offset" && layout.totalNullable;
  const seen = new Map<string, string>();
  const scanned: Scanned = { ids: [], sizes: [] };
  for (const [index, page] of walk.pages.entries()) {
    const items = valueAt(page.response.json, [layout.items]);
    if (page.response.status !== 200 || !Array.isArray(items)) break;
    const place = placeOf(page, index, layout, paging);
    const pageCount = countPath === null ? undefined : valueAt(page.response.json, countPath);
    // A null total is "not counted" where the layout allows it: it neither changes the count nor sets it.
    const counted = countPath !== null && !(pageCount === null && nullable);
    if (scanned.count !== undefined && counted && pageCount !== scanned.count) add(page, `${countName(countPath)} changed during ${label}: ${scanned.count} then ${shorten(pageCount)}`);
    if (typeof pageCount === "number") scanned.count ??= pageCount;
    for (const item of items) {
      const id = identityOf(operation, item);
      if (seen.has(id)) add(page, `${noun} ${shown(id)} appears twice in ${label}: at ${seen.get(id)} and again at ${place}`);
      else seen.set(id, place);
      scanned.ids.push(id);
    }
    scanned.sizes.push(items.length);
  }
  return scanned;
}

/** A complete walk holds what its layout counts: an offset list's total; as many as a page count allows, no gap. */
function judgeCounts({ walk, paging, noun, label, add }: WalkJudging, { ids, sizes, count }: Scanned, last: Exchange): void {
  const { layout } = paging;
  const countPath = countPathOf(layout);
  if (layout.kind === "offset" && count !== undefined && ids.length !== count) add(last, `walking every page of ${label} gave ${ids.length} ${plural(noun)} but ${countName(countPath!)} is ${count}`);
  const size = walk.limit;
  if (layout.kind !== "page" || size === undefined) return;
  // A numbered page before the last holds a whole page: the next number starts a page size further on.
  const short = sizes.slice(0, -1).findIndex((n) => n < size);
  if (short >= 0 && sizes.slice(short + 1).some((n) => n > 0)) {
    add(walk.pages[short], `${placeOf(walk.pages[short], short, layout, paging)} of ${label} has ${sizes[short]} ${plural(noun)}, fewer than ${layout.limit} ${size}, yet a later page has more: the pages between leave a gap`);
  }
  if (count !== undefined && (ids.length > count * size || ids.length <= Math.max(0, count - 1) * size)) {
    const range = count === 0 ? "none" : `${(count - 1) * size + 1} to ${count * size}`;
    add(last, `walking every page of ${label} gave ${ids.length} ${plural(noun)}, but ${countName(countPath!)} ${count} at ${layout.limit} ${size} means ${range}`);
  }
}

/** A complete walk of the whole collection lists the collection's items (in its order, where places are positions). */
function judgeAgainstCollection({ paging, noun, label, add }: WalkJudging, ids: string[], collection: string[], last: Exchange): void {
  if (paging.layout.kind === "offset" || paging.layout.kind === "page") {
    const mismatch = firstMismatch(noun, ids, collection, 0);
    if (mismatch) add(last, `${label} differs from the walk with the largest page size ${mismatch}`);
    return;
  }
  // Cursor and link pages promise no order: the same items, each once.
  const walked = new Set(ids);
  const listed = new Set(collection);
  const missing = collection.find((id) => !walked.has(id));
  const extra = ids.find((id) => !listed.has(id));
  if (missing !== undefined) add(last, `${label} lacks ${noun} ${shown(missing)}, which the walk with the largest page size lists`);
  if (extra !== undefined) add(last, `${label} lists ${noun} ${shown(extra)}, which the walk with the largest page size does not`);
}

/**
 * The pages of a walk tile its result exactly: no item appears twice, a stated total (or page count) stays the same,
 * the walk comes to an end, and when it did: it holds the total's items (or as many as its page count allows), no
 * numbered page before the last is short, and a walk of the whole collection lists the collection's items whatever
 * its page size (in the same order, for offsets and page numbers, whose places are positions).
 */
export function pagination_walk(walk: Walk, operation: SpecOperation, context: JudgeContext): Failure[] {
  const paging = pagingParameters(operation)!;
  const failures: Failure[] = [];
  const judging: WalkJudging = {
    walk,
    operation,
    paging,
    noun: itemNoun(operation),
    label: walkLabel(walk, paging.layout),
    add: (page, message) => failures.push(fail(PAGINATION_CONSISTENCY, page, message, { walk })),
  };
  const scanned = scanWalk(judging);
  const last = walk.pages[walk.pages.length - 1];
  if (!last) return failures;
  if (walk.stopped?.fault) judging.add(last, `${judging.label} does not reach its end: ${walk.stopped.reason}`);
  if (!walk.complete) return failures;
  judgeCounts(judging, scanned, last);
  const collection = collectionOf(operation, walk.pathParams ?? {}, context);
  if (collection && Object.keys(walk.filters).length === 0) judgeAgainstCollection(judging, scanned.ids, collection.ids, last);
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
