// Walks a paged list to its last page, whatever its layout (the operation table's: offset, cursor, page number or a
// link to the next page), refusing a server that would loop forever: each page must move forward, and a cursor or a
// link never comes back.
import type { ErrorFactory, RequestSummary } from "./errors";
import { pointerOf } from "./shared/json-pointer";
import type { PageRow, QueryParameterRow } from "./shared/operation-row";
import { positionParameter, valueAt } from "./shared/page";
import { typedQuery } from "./shared/query-text";
import type { RequestOptions } from "./types";

/** Where the walk is: the query of the next page, the end, or why the body's next value cannot be followed. */
export type Step = { query: Record<string, unknown> } | { end: true } | { problem: string; values?: Record<string, unknown> };

/** The response a page came with: its body, and the `Link` header's next URL (RFC 8288) when it has one. */
export interface PageResponse {
  body: unknown;
  url: string;
  link: string | null;
}

/** The target of `rel="next"` in a Link header, if any. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*(.*)$/.exec(part);
    if (match && /(?:^|;)\s*rel\s*=\s*"?(?:[^";]*\s)?next(?:\s[^";]*)?"?\s*(?:;|$)/i.test(match[2])) return match[1];
  }
  return null;
}

export async function* iteratePages(
  page: PageRow,
  parameters: readonly QueryParameterRow[],
  listPage: (query: Record<string, unknown>) => Promise<PageResponse>,
  errors: ErrorFactory,
  request: RequestSummary,
  query: Record<string, unknown>,
  options: RequestOptions,
): AsyncGenerator<unknown, void, undefined> {
  // Read loosely: the list method checks the query and the options (a bad one fails the first call with invalid_request).
  const signal = (options as RequestOptions | null | undefined)?.signal;
  // A query that is not an object goes to the list method as it is, to be refused there (invalid_request).
  if (query === null || typeof query !== "object") await listPage(query);
  const position = positionParameter(page);
  let current: Record<string, unknown> = { ...query };
  if (page.kind === "offset" && current[page.offset] === undefined) current[page.offset] = 0;
  const seen = new Set<string>();
  for (;;) {
    const response = await listPage(current);
    const items = valueAt(response.body, [page.items]);
    for (const item of Array.isArray(items) ? items : []) {
      yield item;
      // A consumer may abort while holding an item; stop before the next one or the next request.
      if (signal?.aborted) throw errors.aborted(request, signal.reason);
    }
    const step = nextStep(page, parameters, current, response, Array.isArray(items) ? items.length : 0);
    if ("problem" in step) throw errors.invalidResponse(request, 200, step.problem, { pointer: pointerOf(page.next ?? []), rule: "the next page moves forward", ...step.values });
    if ("end" in step) return;
    // A cursor, page or link seen before would walk the same pages again, for ever.
    const key = JSON.stringify(position === null ? step.query : step.query[position]);
    if (seen.has(key)) {
      throw errors.invalidResponse(request, 200, `${describeNext(page)} leads back to a page already walked (${key}): following it would never end`, {
        pointer: pointerOf(page.next ?? []),
        rule: "the next page is new",
      });
    }
    seen.add(key);
    current = step.query;
  }
}

/** Where a layout names its next page, in words: a body pointer ("/meta/next_cursor"), the Link header, or the page count. */
export const describeNext = (page: PageRow) => (page.next !== null ? pointerOf(page.next) : page.kind === "link" ? 'the Link header\'s rel="next"' : "the page count");

/** A next number that does not move past the current one: following it would never end. */
function standsStill(page: PageRow & { next: string[] }, parameter: string, at: number, next: unknown): Step {
  const name = page.next[page.next.length - 1];
  return {
    problem: `${pointerOf(page.next)} is ${JSON.stringify(next)}, which does not move past ${parameter} ${at}: following it would never end`,
    values: { [parameter]: at, [name]: next },
  };
}

/** A next number that must move past the current one (an offset, a page number); null or absent ends the walk. */
function nextNumber(page: PageRow & { next: string[] }, parameter: string, at: number, next: unknown, current: Record<string, unknown>): Step {
  if (next === null || next === undefined) return { end: true };
  if (typeof next !== "number" || !Number.isInteger(next) || next <= at) return standsStill(page, parameter, at, next);
  return { query: { ...current, [parameter]: next } };
}

/** The next page's query for each layout, the end, or why the body's next value cannot be followed. */
const NEXT_STEP: { [K in PageRow["kind"]]: (page: Extract<PageRow, { kind: K }>, walk: Walked) => Step } = {
  offset: (page, { current, body }) => nextNumber(page, page.offset, current[page.offset] as number, valueAt(body, page.next), current),
  // A cursor is the server's: sent back exactly as it came.
  cursor: (page, { current, body }) => {
    const next = valueAt(body, page.next);
    return next === null || next === undefined || next === "" ? { end: true } : { query: { ...current, [page.cursor]: next } };
  },
  page: (page, { current, body, count }) => {
    const at = typeof current[page.page] === "number" ? (current[page.page] as number) : page.first;
    if (page.next !== null) return nextNumber({ ...page, next: page.next }, page.page, at, valueAt(body, page.next), current);
    const pages = page.pageCount === null ? undefined : valueAt(body, page.pageCount);
    // Without a next number, a page count ends the walk; an empty page does too, should the count be missing.
    if (typeof pages === "number" ? at >= page.first + pages - 1 : count === 0) return { end: true };
    return { query: { ...current, [page.page]: at + 1 } };
  },
  link: (page, { body, response, parameters }) => {
    const target = page.next === null ? response.link : valueAt(body, page.next);
    if (target === null || target === undefined || target === "") return { end: true };
    const url = typeof target === "string" ? parsedUrl(target, response.url) : undefined;
    if (!url) return { problem: `${describeNext(page)} is ${JSON.stringify(target)}, not a URL` };
    const from = new URL(response.url);
    // The next page of the same list: another path or origin is not this list's, and would take the token elsewhere.
    if (url.origin !== from.origin || url.pathname !== from.pathname) return { problem: `${describeNext(page)} is ${JSON.stringify(target)}, which is not a page of this list` };
    return { query: typedQuery(url.searchParams, parameters) };
  },
};

/** A URL resolved against the page's own, or undefined when it is not one (URL.canParse is newer than our browsers). */
function parsedUrl(text: string, base: string): URL | undefined {
  try {
    return new URL(text, base);
  } catch {
    return undefined;
  }
}

/** What the next step is read from: the page just walked and the query it was asked with. */
interface Walked {
  current: Record<string, unknown>;
  body: unknown;
  response: PageResponse;
  count: number;
  parameters: readonly QueryParameterRow[];
}

/** The next page of a walk, as the client follows it (the contract suite walks by the same reading). */
export function nextStep(page: PageRow, parameters: readonly QueryParameterRow[], current: Record<string, unknown>, response: PageResponse, count: number): Step {
  const step = NEXT_STEP[page.kind] as (page: PageRow, walk: Walked) => Step;
  return step(page, { current, body: response.body, response, count, parameters });
}
