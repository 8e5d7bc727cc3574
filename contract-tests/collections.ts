// How the operation table ties operations together, as the suite walks and judges them: what identifies an item of
// a list, which detail path a listed item has, which list shows the resources an operation is about, and what to
// call them in a message. Read from each operation's row (generated/operations.ts); nothing here names an operation.
import { isDeepStrictEqual } from "node:util";
import { unescapePointerToken } from "../src/shared/json-pointer";
import type { SpecOperation } from "./spec";

type Item = Record<string, unknown>;

const isItem = (value: unknown): value is Item => value !== null && typeof value === "object" && !Array.isArray(value);

// The judge and several checks read the items of the same page: each page's are picked out once (callers only read them).
const itemsOfPage = new WeakMap<unknown[], readonly Item[]>();

/** Every item of a page, whatever it is (a list may hold strings: its identity is then the value itself). */
export function pageValues(list: SpecOperation, body: unknown): readonly unknown[] {
  const items = isItem(body) && list.row.page ? body[list.row.page.items] : undefined;
  return Array.isArray(items) ? items : [];
}

/** The items of a page body (the row's `items` property), objects only; [] when the body is not a page. */
export function pageItems(list: SpecOperation, body: unknown): readonly Item[] {
  const items = isItem(body) && list.row.page ? body[list.row.page.items] : undefined;
  if (!Array.isArray(items)) return [];
  let objects = itemsOfPage.get(items);
  if (!objects) itemsOfPage.set(items, (objects = items.filter(isItem)));
  return objects;
}

/** The JSON of a value with object keys sorted: the same item gives the same text whatever order a server writes. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isItem(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

type DetailSources = NonNullable<SpecOperation["row"]["detail"]>["parameters"];

// Asked of every item of every page: each row's detail is read once.
type DetailRead = { sources: [string, DetailSources[string]][]; identity: string[] };
const readDetails = new WeakMap<DetailSources, DetailRead>();

/** A list's detail path parameters, each with where its value comes from, and the item properties among them. */
function readDetail(list: SpecOperation): DetailRead {
  const parameters = list.row.detail?.parameters;
  if (!parameters) return { sources: [], identity: [] };
  let read = readDetails.get(parameters);
  if (!read) {
    const sources = Object.entries(parameters);
    read = { sources, identity: sources.flatMap(([, source]) => (source.from === "item" ? [source.property] : [])) };
    readDetails.set(parameters, read);
  }
  return read;
}

/** A list's detail path parameters, each with where its value comes from (the item, or the list's own path). */
const detailSources = (list: SpecOperation) => readDetail(list).sources;

/** The item properties a list's detail takes its path parameters from, in the detail's path order. */
const identityProperties = (list: SpecOperation) => readDetail(list).identity;

/**
 * What identifies an item within its list: the properties its detail's path parameters map from (joined by "/"),
 * else, for a list without a detail, the whole item (its JSON).
 */
export function identityOf(list: SpecOperation, item: unknown): string {
  const properties = identityProperties(list);
  if (properties.length === 0 || !isItem(item)) return canonicalJson(item);
  return properties.map((p) => String(item[p])).join("/");
}

/** Whether an item carries every property its identity is read from (the whole item always does). */
export const hasIdentity = (list: SpecOperation, item: Item) => identityProperties(list).every((p) => item[p] !== undefined);

/** Two items are the same item of a list. */
export const sameItem = (list: SpecOperation, a: unknown, b: unknown) => (identityProperties(list).length ? identityOf(list, a) === identityOf(list, b) : isDeepStrictEqual(a, b));

/** The path values of a case in the operation's path order ("42", "42/7"): the resource it asks for. */
export const pathKey = (op: SpecOperation, pathParams: Record<string, string>) => op.row.pathParameters.map((name) => pathParams[name]).join("/");

/** One collection: a list operation at one path ("listSamples", "getSampleHistory 42": one per parent). */
export const collectionKey = (list: SpecOperation, pathParams: Record<string, string>) => [list.operationId, pathKey(list, pathParams)].filter(Boolean).join(" ");

/** The detail's path values of a listed item: from the item, or from the list's own path; undefined when one lacks. */
export function detailPathOf(list: SpecOperation, item: Item, listPath: Record<string, string>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [name, source] of detailSources(list)) {
    const value = source.from === "item" ? item[source.property] : listPath[source.parameter];
    if (typeof value !== "string" && typeof value !== "number") return undefined;
    out[name] = String(value);
  }
  return out;
}

/** The paged lists whose items `detail` answers one by one. */
export const listsOf = (detail: SpecOperation): SpecOperation[] => detail.spec.operations.filter((o) => o.row.page && o.row.detail?.operationId === detail.operationId);

/** The by-id operation a nested list sits under (row.parent), if the spec has it. */
export const parentOf = (op: SpecOperation): SpecOperation | undefined => (op.row.parent ? op.spec.operations.find((o) => o.operationId === op.row.parent) : undefined);

/** For a list nested under a resource (no list shows its items one by one), that resource's by-id operation. */
export const nestedUnder = (op: SpecOperation): SpecOperation | undefined => (listsOf(op).length === 0 ? parentOf(op) : undefined);

/** The path values of `op`'s case that name its parent's resource. */
export const parentPath = (parent: SpecOperation, pathParams: Record<string, string>): Record<string, string> =>
  Object.fromEntries(parent.row.pathParameters.map((name) => [name, pathParams[name]]));

/**
 * The list's path values that show the resources of `detail` under a detail's path values, when every path parameter
 * of the list is one of the detail's (from:"path"): then a complete walk of that collection shows them all.
 */
export function listPathFor(list: SpecOperation, detailPath: Record<string, string>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const sources = detailSources(list);
  for (const name of list.row.pathParameters) {
    const mapped = sources.find(([, source]) => source.from === "path" && source.parameter === name);
    if (!mapped || detailPath[mapped[0]] === undefined) return undefined;
    out[name] = detailPath[mapped[0]];
  }
  return out;
}

/** A schema name in words, lower case ("HistoryEntry" -> "history entry"). */
const words = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/_/g, " ").toLowerCase();

/** What to call a list's items in a message: its item schema's name ("#/$defs/Sample" -> "sample"), else "item". */
export function itemNoun(list: SpecOperation): string {
  const schema = list.row.page?.itemSchema;
  return schema ? words(unescapePointerToken(schema.slice(schema.lastIndexOf("/") + 1))) : "item";
}

/** What to call the resource of a by-id operation: its body's schema ("Tag" -> "tag"), else "resource". */
export const resourceNoun = (op: SpecOperation): string => (op.row.success?.schema ? words(op.row.success.schema) : "resource");
