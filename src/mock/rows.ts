// The rows the mock generates, for a test to compare its answers with: the same ones the handlers serve for the same
// `count` and `seed` (public).
import { createDataSet } from "./data-set";
import { mockOptionError } from "./errors";
import { resolveMockOptions } from "./options";
import { PACKAGE_SPEC, type MockSpec } from "./spec-facts";
import { firstTopList } from "./table";
import type { ListedItem } from "./types";

/** @internal The rows the mock generates for a paged list at the top of any spec. */
export function generateRowsFor(spec: MockSpec, operationId: string, count?: number, seed?: number): unknown[] {
  const row = spec.operations[operationId];
  if (!row?.page || row.pathParameters.length > 0) {
    throw mockOptionError("operationId", `must be a paged list at the top of the spec (got ${operationId})`);
  }
  const data = createDataSet(spec, resolveMockOptions({ count, seed }, spec));
  return [...data.items(row, {})];
}

/**
 * The rows the package's mock generates for a paged list at the top (its items, in order), for `count` (default 150)
 * and `seed` (default 1): ids from the lowest the schema allows, schema-valid, the spec's examples used now and then.
 * `Item` is the list's item type, as the client's iterator yields it.
 */
export function generateRows<Item = ListedItem>(operationId: string, count?: number, seed?: number): Item[] {
  return generateRowsFor(PACKAGE_SPEC, operationId, count, seed) as Item[];
}

/**
 * @deprecated Use `generateRows(<operationId>, count, seed)`. The rows the mock generates for the spec's first paged
 * list at the top (the list the deprecated `samples` option fills).
 */
export function generateSamples(count: number, seed = 1): ListedItem[] {
  const list = firstTopList(PACKAGE_SPEC);
  if (!list) throw mockOptionError("generateSamples", "has no list to generate: the spec has no paged list at the top");
  return generateRowsFor(PACKAGE_SPEC, list.operationId, count, seed) as ListedItem[];
}
