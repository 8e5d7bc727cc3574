import type { Check } from ".";
import { hasIdentity, identityOf, itemNoun, pageItems, sameItem } from "../collections";
import { plausiblyMatches } from "../../src/shared/filters";
import type { Exchange, Failure, JudgeContext, SpecOperation, Walk } from "../types";
import { fail, filtersOf, judged, MOCK_DATA, pages, shorten, validRequest } from "./util";

const FILTER_SEMANTICS = "filter_semantics";

/**
 * A list request whose filters can all be judged from the items: each has a filter row in the operation table (a
 * query parameter without one, such as a status the items do not carry, is not judged; how several combine is open).
 */
function judgeable(c: Exchange["case"], operation: SpecOperation): boolean {
  const names = Object.keys(filtersOf(c, operation));
  return names.length > 0 && names.every((n) => operation.row.filters[n]);
}

/** An item's identity as a message names it: its id, or for a list without a detail, the item cut short. */
const named = (list: SpecOperation, item: unknown) => (hasIdentity(list, (item ?? {}) as Record<string, unknown>) && list.row.detail ? identityOf(list, item) : shorten(item, 60));

/**
 * Every item of a filtered answer matches its filter under the loosest reading a conformant server could have (the
 * spec leaves matching open: exact or substring, letter case), so that only what every reading excludes fails. With
 * several filters an item must match at least one of them: the spec does not say whether filters combine as "and" or
 * "or". Live only.
 */
function filter_semantics(page: Exchange, operation: SpecOperation): Failure[] {
  const filters = Object.entries(filtersOf(page.case, operation));
  const failures: Failure[] = [];
  for (const item of pageItems(operation, page.response.json)) {
    if (filters.some(([name, value]) => plausiblyMatches(item, operation.row.filters[name], value))) continue;
    const [name, value] = filters[0];
    const row = operation.row.filters[name];
    const what = filters.length === 1 ? `whose ${row.property} ${shorten(item[row.property], 60)} does not match` : "that matches none of the filters";
    const asked = filters.length === 1 ? `${name}=${shorten(value, 40)}` : filters.map(([k, v]) => `${k}=${shorten(v, 20)}`).join("&");
    failures.push(fail(FILTER_SEMANTICS, page, `${asked} returned ${itemNoun(operation)} ${named(operation, item)} ${what}`));
  }
  return failures;
}

/** A filtered walk whose value was taken from a real item (a digest in another case: "either case") includes it. */
function filter_walk(walk: Walk, operation: SpecOperation, _context: JudgeContext): Failure[] {
  const source = walk.source!;
  const last = walk.pages[walk.pages.length - 1];
  if (!walk.complete || !last) return [];
  if (walk.pages.some((p) => pageItems(operation, p.response.json).some((item) => sameItem(operation, item, source)))) return [];
  const [name, value] = Object.entries(walk.filters)[0];
  return [fail(FILTER_SEMANTICS, last, `${name}=${shorten(value, 70)} did not return ${itemNoun(operation)} ${named(operation, source)}, the ${itemNoun(operation)} the value was taken from`, { walk })];
}

export const check: Check = {
  name: FILTER_SEMANTICS,
  operations: pages,
  only: "live",
  skipReason: `live only: ${MOCK_DATA} a filter does not filter`,
  exchange: { appliesTo: (e, op) => judged(e) && validRequest(e.case) && e.response.status === 200 && judgeable(e.case, op), judge: filter_semantics },
  walk: { appliesTo: (w) => w.source !== undefined, judge: filter_walk },
};
