import type { Exchange, Failure, SpecOperation } from "../types";
import { fail, shorten } from "./util";

export const FILTER_SEMANTICS = "filter_semantics";

type Sample = Record<string, any>;

/**
 * How an item matches each filter. The spec leaves name matching open (exact, prefix or substring; case), so a name
 * matches when it contains the value in any case; sha256 is "either case"; tags and extensions compare case-blind.
 * A query parameter without an entry here (status: the items carry no status) cannot be judged from the items.
 */
export const FILTER_MATCHERS: Record<string, { field: string; matches: (item: Sample, value: string) => boolean }> = {
  name: { field: "name", matches: (item, v) => typeof item.name === "string" && item.name.toLowerCase().includes(v.toLowerCase()) },
  tag: { field: "tags", matches: (item, v) => Array.isArray(item.tags) && item.tags.some((t: unknown) => String(t).toLowerCase() === v.toLowerCase()) },
  sha256: { field: "sha256", matches: (item, v) => typeof item.sha256 === "string" && item.sha256.toLowerCase() === v.toLowerCase() },
  extension: { field: "extension", matches: (item, v) => typeof item.extension === "string" && item.extension.toLowerCase() === v.toLowerCase() },
};

/**
 * A filter whose value was taken from a real item returns only matching items, and includes the item the value came
 * from. Live only; judges the recorded pages of one filtered walk.
 */
export function filter_semantics(pages: Exchange[], _operation: SpecOperation): Failure[] {
  if (pages.length === 0 || !pages[0].case.filter) return [];
  const { parameter, value, source } = pages[0].case.filter;
  const matcher = FILTER_MATCHERS[parameter];
  if (!matcher) return [];
  const failures: Failure[] = [];
  let found = false;
  let complete = false;
  for (const page of pages) {
    const body = page.response.json as any;
    if (page.response.status === 0 || page.response.status >= 500) return failures; // not_a_server_error's to report
    if (page.response.status !== 200 || !Array.isArray(body?.data)) {
      return [fail(FILTER_SEMANTICS, page, `${parameter}=${shorten(value, 40)} (taken from sample ${source.sample_id}) was answered ${page.response.status}; expected 200`)];
    }
    for (const item of body.data) {
      if (item?.sample_id === source.sample_id) found = true;
      if (!matcher.matches(item, value)) {
        failures.push(
          fail(FILTER_SEMANTICS, page, `${parameter}=${shorten(value, 40)} returned sample ${shorten(item?.sample_id)} whose ${matcher.field} ${shorten(item?.[matcher.field], 60)} does not match`),
        );
      }
    }
    const next = body.pagination?.next_offset;
    if (next === null || next === undefined) complete = true;
  }
  if (!found && (complete || pages.length > 0)) {
    const last = pages[pages.length - 1];
    if (complete) failures.push(fail(FILTER_SEMANTICS, last, `${parameter}=${shorten(value, 40)} did not return sample ${source.sample_id}, the sample the value was taken from`));
  }
  return failures;
}
