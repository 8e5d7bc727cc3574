import type { Check } from ".";
import type { Exchange, Failure, JudgeContext, SpecOperation, Walk } from "../types";
import { fail, filtersOf, judged, MOCK_DATA, pages, shorten, validRequest } from "./util";

export const FILTER_SEMANTICS = "filter_semantics";

type Sample = Record<string, any>;

/**
 * How an item matches each filter. The spec leaves name matching open (exact, prefix or substring; case), so a name
 * matches when it contains the value in any case; sha256 is "either case"; the case of tags and extensions is left
 * open, so they compare case-blind. A query parameter without an entry here (status: the items carry no status)
 * cannot be judged from the items.
 */
export const FILTER_MATCHERS: Record<string, { field: string; matches: (item: Sample, value: string) => boolean }> = {
  name: { field: "name", matches: (item, v) => typeof item.name === "string" && item.name.toLowerCase().includes(v.toLowerCase()) },
  tag: { field: "tags", matches: (item, v) => Array.isArray(item.tags) && item.tags.some((t: unknown) => String(t).toLowerCase() === v.toLowerCase()) },
  sha256: { field: "sha256", matches: (item, v) => typeof item.sha256 === "string" && item.sha256.toLowerCase() === v.toLowerCase() },
  extension: { field: "extension", matches: (item, v) => typeof item.extension === "string" && item.extension.toLowerCase() === v.toLowerCase() },
};

/** A list request whose filters can all be judged from the items (how several filters combine is open, see below). */
function judgeable(c: Exchange["case"]): boolean {
  const names = Object.keys(filtersOf(c));
  return names.length > 0 && names.every((n) => FILTER_MATCHERS[n]);
}

/**
 * Every item of a filtered answer matches its filter. With several filters an item must match at least one of them:
 * the spec does not say whether filters combine as "and" or "or", so only what both readings exclude fails. Live only.
 */
export function filter_semantics(page: Exchange, _operation: SpecOperation): Failure[] {
  const data = (page.response.json as any)?.data;
  if (!Array.isArray(data)) return [];
  const filters = Object.entries(filtersOf(page.case));
  const failures: Failure[] = [];
  for (const item of data) {
    if (filters.some(([name, value]) => FILTER_MATCHERS[name].matches(item ?? {}, value))) continue;
    const [name, value] = filters[0];
    const field = FILTER_MATCHERS[name].field;
    const what = filters.length === 1 ? `whose ${field} ${shorten(item?.[field], 60)} does not match` : "that matches none of the filters";
    failures.push(fail(FILTER_SEMANTICS, page, `${filters.length === 1 ? `${name}=${shorten(value, 40)}` : filters.map(([k, v]) => `${k}=${shorten(v, 20)}`).join("&")} returned sample ${shorten(item?.sample_id)} ${what}`));
  }
  return failures;
}

/** A filtered walk whose value was taken from a real sample (sha256 in another case: "either case") includes it. */
export function filter_walk(walk: Walk, _operation: SpecOperation, _context: JudgeContext): Failure[] {
  const source = walk.source!;
  const last = walk.pages[walk.pages.length - 1];
  if (!walk.complete || !last) return [];
  const found = walk.pages.some((p) => ((p.response.json as any)?.data ?? []).some((item: any) => item?.sample_id === source.sample_id));
  if (found) return [];
  const [name, value] = Object.entries(walk.filters)[0];
  return [fail(FILTER_SEMANTICS, last, `${name}=${shorten(value, 70)} did not return sample ${shorten(source.sample_id)}, the sample the value was taken from`, { walk })];
}

export const check: Check = {
  name: FILTER_SEMANTICS,
  operations: pages,
  only: "live",
  skipReason: `live only: ${MOCK_DATA} a filter does not filter`,
  exchange: { appliesTo: (e) => judged(e) && validRequest(e.case) && e.response.status === 200 && judgeable(e.case), judge: filter_semantics },
  walk: { appliesTo: (w) => w.source !== undefined, judge: filter_walk },
};
