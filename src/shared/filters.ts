// How a list's filter meets an item, from the operation table's filter rows: the one copy the mock, the contract suite
// and the fixture servers share. The spec leaves matching open (exact or substring, letter case), so there are two
// readings here: the mock's one plain behaviour, and the loosest reading a conformant server could have.
import type { FilterRow } from "./operation-row";

/** The item's values a filter looks at: the property, or each element of it for an "element" filter. */
export function filteredValues(item: unknown, filter: FilterRow): unknown[] {
  const value = item !== null && typeof item === "object" ? (item as Record<string, unknown>)[filter.property] : undefined;
  if (filter.match === "element") return Array.isArray(value) ? value : [];
  return value === undefined ? [] : [value];
}

const folded = (value: unknown) => String(value).toLowerCase();

/**
 * The mock's reading: letter case never matters; free text (a name) matches as a substring, anything else (an id, a
 * digest, an element of a list) as a whole value.
 */
export function mockMatches(item: unknown, filter: FilterRow, value: string): boolean {
  const wanted = value.toLowerCase();
  return filteredValues(item, filter).some((v) => (filter.match === "value" && filter.freeText ? folded(v).includes(wanted) : folded(v) === wanted));
}

/** Text as the loosest reading compares it: Unicode compatibility-normalized (NFKC), in lower case, without outer spaces. */
const loose = (value: unknown) => String(value).normalize("NFKC").toLowerCase().trim();

/**
 * The loosest reading: the value appears in the item's value in any letter case, once both are normalized (NFKC) and
 * trimmed, as a server that cleans its input would compare them. An item that fails this fails every reading.
 */
export function plausiblyMatches(item: unknown, filter: FilterRow, value: string): boolean {
  const wanted = loose(value);
  return filteredValues(item, filter).some((v) => loose(v).includes(wanted));
}
