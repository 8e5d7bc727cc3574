import type { Check } from ".";
import { hasIdentity, identityOf, itemNoun, pageItems, sameItem } from "../collections";
import { filteredValues, plausiblyMatches } from "../../src/shared/filters";
import type { Exchange, Failure, JudgeContext, SpecOperation, Walk, Warning } from "../types";
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
 * The first filter whose property the item lacks (the item matching none of the filters): a filter cannot be judged on
 * an item without its property (where the schema requires it, that is response_schema_conformance's failure), so the
 * item is skipped, and counted in a warning.
 */
function unreadFilter(item: Record<string, unknown>, filters: [string, string][], operation: SpecOperation): string | undefined {
  return filters.map(([name]) => name).find((name) => item[operation.row.filters[name].property] === undefined);
}

/**
 * A warning per item skipped because it lacks a filtered property (see unreadFilter), one line per operation and filter
 * in the report, its count the number of items skipped.
 */
function skipped_items(page: Exchange, operation: SpecOperation): Warning[] {
  const filters = Object.entries(filtersOf(page.case, operation));
  return pageItems(operation, page.response.json).flatMap((item): Warning[] => {
    if (filters.some(([name, value]) => plausiblyMatches(item, operation.row.filters[name], value))) return [];
    const name = unreadFilter(item, filters, operation);
    if (name === undefined) return [];
    const property = operation.row.filters[name].property;
    const message = `items without a ${property} property, which the ${name} filter reads, were skipped (counted once per item): the filter cannot be judged on them; a ${itemNoun(operation)} that the schema requires to have one fails response_schema_conformance`;
    return [{ check: FILTER_SEMANTICS, operationId: operation.operationId, message, exchange: page, pointer: `filter ${name}` }];
  });
}

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
    if (unreadFilter(item, filters, operation)) continue;
    const [name, value] = filters[0];
    const row = operation.row.filters[name];
    const what = filters.length === 1 ? `whose ${row.property} ${shorten(item[row.property], 60)} does not match` : "that matches none of the filters";
    const asked = filters.length === 1 ? `${name}=${shorten(value, 40)}` : filters.map(([k, v]) => `${k}=${shorten(v, 20)}`).join("&");
    failures.push(fail(FILTER_SEMANTICS, page, `${asked} returned ${itemNoun(operation)} ${named(operation, item)} ${what}`));
  }
  return failures;
}

/**
 * How a walk's filter value meets the item it was taken from: undefined when it equals one of the item's values
 * exactly (case and all), which every reading of a filter returns; else the looser reading it needs (another letter
 * case, a prefix, a part); null when it meets the item under no reading at all.
 */
function readingNeeded(walk: Walk, operation: SpecOperation): string | undefined | null {
  const [name, value] = Object.entries(walk.filters)[0];
  const values = filteredValues(walk.source, operation.row.filters[name]).map(String);
  if (values.includes(value)) return undefined;
  const wanted = value.toLowerCase();
  const folded = values.map((v) => v.toLowerCase());
  if (folded.includes(wanted)) return "only in another letter case";
  if (folded.some((v) => v.startsWith(wanted))) return `only as a prefix${values.some((v) => v.startsWith(value)) ? "" : " in another letter case"}`;
  if (folded.some((v) => v.includes(wanted))) return `only as a part of it${values.some((v) => v.includes(value)) ? "" : " in another letter case"}`;
  return null;
}

/** Whether a complete filtered walk left out the item its value was taken from. */
function missedSource(walk: Walk, operation: SpecOperation): boolean {
  if (!walk.complete || walk.pages.length === 0) return false;
  return !walk.pages.some((p) => pageItems(operation, p.response.json).some((item) => sameItem(operation, item, walk.source)));
}

const missedMessage = (walk: Walk, operation: SpecOperation) => {
  const [name, value] = Object.entries(walk.filters)[0];
  return `${name}=${shorten(value, 70)} did not return ${itemNoun(operation)} ${named(operation, walk.source)}, the ${itemNoun(operation)} the value was taken from`;
};

/**
 * A filtered walk whose value equals a real item's value exactly includes that item: every reading of a filter
 * (exact or substring, either letter case) returns it. A value that meets it only under a looser reading is a warning
 * (filter_walk_reading), never a failure.
 */
function filter_walk(walk: Walk, operation: SpecOperation, _context: JudgeContext): Failure[] {
  if (!missedSource(walk, operation) || readingNeeded(walk, operation) !== undefined) return [];
  return [fail(FILTER_SEMANTICS, walk.pages[walk.pages.length - 1], missedMessage(walk, operation), { walk })];
}

/** A warning: the walk's value meets its item only under a reading the spec leaves open, and the server reads it otherwise. */
function filter_walk_reading(walk: Walk, operation: SpecOperation): Warning[] {
  const reading = missedSource(walk, operation) ? readingNeeded(walk, operation) : null;
  if (!reading) return [];
  const [name] = Object.keys(walk.filters);
  const property = operation.row.filters[name].property;
  return [
    {
      check: FILTER_SEMANTICS,
      operationId: operation.operationId,
      message: `${missedMessage(walk, operation)}; the value matches its ${property} ${reading}, a reading the spec leaves open (not a failure)`,
      exchange: walk.pages[walk.pages.length - 1],
    },
  ];
}

export const check: Check = {
  name: FILTER_SEMANTICS,
  operations: pages,
  only: "live",
  skipReason: `live only: ${MOCK_DATA} a filter does not filter`,
  exchange: {
    appliesTo: (e, op) => judged(e) && validRequest(e.case) && e.response.status === 200 && judgeable(e.case, op),
    judge: filter_semantics,
    warn: skipped_items,
  },
  walk: { appliesTo: (w) => w.source !== undefined, judge: filter_walk, warn: filter_walk_reading },
};
