// The mock's collections, one per GET row that answers stored data, coherent with each other:
// - a top-level paged list holds its items (the caller's rows, or `count` generated ones), ids unique for the
//   properties its detail reads; its detail answers the very item;
// - a nested list (history under a parent) holds items per parent, made on first use from the seed and the parent's
//   path values, the properties named like a path parameter set to its value;
// - a by-id GET that no list details and whose body carries its id (a run) holds a pool of bodies: the ids "known"
//   to the mock. An item property named like such a GET's path parameter (run_id) takes one of those ids, so that
//   what a list names can be fetched;
// - any other by-id GET (a text under a parent, a body without its id) answers one body per path, made on first use;
// - a GET with no path parameter and no page answers one generated body.
// A list's query parameter that selects without filtering an item property (an enum without default, which the API
// derives) is ignored, unless `selects` says which items each value selects.
import { pagingParameters } from "../shared/page";
import { textType } from "../shared/query-text";
import { documentSchema, parameterNode, schemaDocumentOf } from "./document";
import { mockOptionError } from "./errors";
import type { ResolvedMockOptions } from "./options";
import { queryParametersOf, type QueryParameter } from "./query";
import { hashOf, seededRandom } from "./random";
import { createValueGenerator } from "./schema-data";
import { asText } from "../shared/query-text";
import { flattenSchema, isSchemaObject, type Schema } from "../shared/schema-walk";
import { unservedReason } from "./served";
import type { MockSpec } from "./spec-facts";
import { bodySchema, getRows, keysOf, listOfDetail, resourceName, type PathValues, type Row } from "./table";

type Item = Record<string, unknown>;

export interface DataSet {
  /** A paged list's items under the path values (every item of a top-level list). */
  items(list: Row, path: PathValues): readonly unknown[];
  /** The body a GET without a page answers for the path values, or undefined when it has none. */
  find(row: Row, path: PathValues): unknown;
  /** The value a list's derived parameter reads on one of its items, as `selects` says; undefined when it says nothing. */
  derived(list: Row, parameter: string, item: unknown): unknown;
}

/** A nested list holds 0 to this many items per parent. */
const NESTED_MAX = 7;

const KEY_JOIN = "\u0000";
const same = (a: unknown, b: unknown) => a === b || String(a) === String(b);

/** A by-id GET that answers one body per path: under a parent, or whose body does not carry its id. */
function perPath(spec: MockSpec, row: Row): boolean {
  return row.pathParameters.length > 0 && !row.page && !listOfDetail(spec, row) && (row.parent !== null || keysOf(spec, row).length === 0);
}

/** Whether a GET holds rows of its own (a paged list, or a pool of bodies), which the `rows` option may give. */
export function holdsRows(spec: MockSpec, row: Row): boolean {
  if (row.method !== "GET" || unservedReason(row) !== undefined) return false;
  return row.page !== null || (row.pathParameters.length > 0 && !listOfDetail(spec, row) && !perPath(spec, row));
}

/**
 * A list's query parameters that may select items without filtering a property (`selects` says how): an enum of two
 * values or more, without default (a parameter with one, a sort order, selects nothing), that no filter row reads and
 * that does not page.
 */
export function derivedParameters(spec: MockSpec, list: Row): QueryParameter[] {
  const paging = list.page ? pagingParameters(list.page) : [];
  return [...queryParametersOf(spec, list).values()].filter(
    (p) => (p.values?.filter((v) => v !== null).length ?? 0) >= 2 && p.default === undefined && !(p.name in list.filters) && !paging.includes(p.name),
  );
}

/** What building the collections shares: the spec, the options, the stored collections and the id pools. */
interface Context {
  spec: MockSpec;
  options: ResolvedMockOptions;
  /** operationId -> a top-level list's items, or the bodies of a pooled by-id GET */
  stored: Map<string, unknown[]>;
  /** path parameter name -> the ids a property of that name may refer to */
  pools: Map<string, unknown[]>;
}

const randomFor = (context: Context, key: string) => seededRandom((context.options.seed ^ hashOf(key)) >>> 0);

/** A property named like a by-id GET's path parameter takes one of its ids, when the types agree. */
function referTo(context: Context, item: Item, name: string, random: () => number): void {
  const pool = context.pools.get(name);
  if (!pool || pool.length === 0 || !(name in item)) return;
  const id = pool[Math.floor(random() * pool.length)];
  if (typeof id === typeof item[name]) item[name] = id;
}

/** The lowest whole number an id's schema allows, or 1: numeric ids count up from it (1, 2, 3, ... by default). */
function lowestId(schema: Record<string, unknown>): number {
  if (typeof schema.minimum === "number") return Math.ceil(schema.minimum);
  if (typeof schema.exclusiveMinimum === "number") return Math.floor(schema.exclusiveMinimum) + 1;
  return 1;
}

/**
 * A unique id: a number is its place in the count; a text taken already is drawn again (without the spec's examples,
 * which repeat), and as a last resort gets its place appended.
 */
function uniqueId(generated: unknown, place: number, seen: Set<string>, redraw: () => unknown): unknown {
  let id = generated;
  if (typeof id === "number") id = place;
  for (let attempt = 0; seen.has(String(id)) && attempt < 20; attempt++) id = redraw();
  if (seen.has(String(id))) id = `${String(id)}${place}`;
  seen.add(String(id));
  return id;
}

/** A rule of a string that a filter parameter may add to a free-text property: a pattern or an enum. */
function parameterRule(spec: MockSpec, row: Row, name: string): Schema | undefined {
  const schema = documentSchema(spec, parameterNode(row, "query", name)?.schema);
  if (textType(schema.type) !== "string" || (typeof schema.pattern !== "string" && !Array.isArray(schema.enum))) return undefined;
  const rule: Schema = {};
  for (const keyword of ["pattern", "enum", "minLength", "maxLength"]) if (schema[keyword] !== undefined) rule[keyword] = schema[keyword];
  return rule;
}

/** A string schema with no rule of its form (pattern, enum, const, format): free text a filter's rule may narrow. */
const isFreeText = (schema: Schema) => textType(schema.type) === "string" && ["pattern", "enum", "const", "format", "x-unchecked-format"].every((k) => schema[k] === undefined);

function accepts(rule: Schema, value: unknown): boolean {
  if (typeof value !== "string") return false;
  if (Array.isArray(rule.enum) && !rule.enum.includes(value)) return false;
  if (typeof rule.pattern === "string" && !new RegExp(rule.pattern, "u").test(value)) return false;
  return typeof rule.maxLength !== "number" || [...value].length <= rule.maxLength;
}

/**
 * What a row holds, as generated: a list's item schema with each free-text property a filter reads narrowed to what
 * the filter's parameter accepts (an extension to its pattern), so that every generated value can be asked for.
 */
function generatedSchema(spec: MockSpec, row: Row): unknown {
  const schema = bodySchema(row);
  if (!row.page || Object.keys(row.filters).length === 0) return schema;
  const flat = flattenSchema(spec.schemas, schema);
  if (!isSchemaObject(flat.properties)) return schema;
  const properties: Schema = { ...flat.properties };
  const examples = (Array.isArray(flat.examples) ? flat.examples : []).filter(isSchemaObject);
  for (const [name, filter] of Object.entries(row.filters)) {
    const rule = parameterRule(spec, row, name);
    const own = properties[filter.property];
    if (!rule || own === undefined) continue;
    if (filter.match === "value" && isFreeText(flattenSchema(spec.schemas, own))) {
      const fitting = examples.map((example) => example[filter.property]).filter((value) => accepts(rule, value));
      properties[filter.property] = { allOf: [own, rule], examples: fitting };
    } else if (filter.match === "element") {
      const list = flattenSchema(spec.schemas, own);
      if (isFreeText(flattenSchema(spec.schemas, list.items))) properties[filter.property] = { ...list, items: { allOf: [list.items, rule] } };
    }
  }
  return { ...flat, properties };
}

/** How many times an item equal to an earlier one is drawn again before it is kept as it is. */
const MAX_REDRAWS = 20;

/**
 * `count` generated bodies of what a row holds: its keys (the properties its detail reads) unique, the properties
 * named like a path parameter set to the path's value (a nested list's parent), references to other collections' ids.
 */
function generate(context: Context, row: Row, count: number, random: () => number, path: PathValues = {}): unknown[] {
  const { schemas } = context.spec;
  const value = createValueGenerator(schemas, random);
  const fresh = createValueGenerator(schemas, random, { examples: false });
  const schema = generatedSchema(context.spec, row);
  const declared = flattenSchema(schemas, schema).properties;
  const properties = isSchemaObject(declared) ? declared : {};
  const keys = keysOf(context.spec, row).map(([, property]) => property);
  const seen = keys.map(() => new Set<string>());
  const starts = keys.map((property) => lowestId(flattenSchema(schemas, properties[property])));
  const build = (index: number, draw: () => unknown, refer = true): unknown => {
    const item = draw();
    if (!isSchemaObject(item)) return item;
    keys.forEach((property, k) => (item[property] = uniqueId(item[property], starts[k] + index, seen[k], () => fresh(properties[property]))));
    for (const name of Object.keys(properties)) {
      if (name in path) item[name] = path[name];
      else if (refer && !keys.includes(name)) referTo(context, item, name, random);
    }
    return item;
  };
  // Without keys an item is known by all of it (as a client or the suite tells items apart): one equal to an earlier
  // item is built again, a bounded number of times (the later ones keeping their own values rather than references to
  // another collection, whose few ids may be all it has), so that a list does not hold the same item twice.
  const built = new Set<string>();
  return Array.from({ length: count }, (_, index) => {
    let item = build(index, () => value(schema));
    for (let attempt = 0; keys.length === 0 && built.has(JSON.stringify(item)) && attempt < MAX_REDRAWS; attempt++) item = build(index, () => fresh(schema), attempt < MAX_REDRAWS / 2);
    built.add(JSON.stringify(item));
    return item;
  });
}

/** A text body (a `text/*` success): from its schema, its example now and then. */
function textBody(spec: MockSpec, row: Row, random: () => number): string {
  const success = row.success;
  const schema = success?.bodySchema === undefined ? { type: "string" } : documentSchema(spec, success.bodySchema);
  const value = createValueGenerator(schemaDocumentOf(spec), random)(schema, success?.example !== undefined ? [success.example] : []);
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** How many bytes a binary body holds: enough to be a body, small enough to serve often. */
const BINARY_BODY_BYTES = 256;

/** One generated body of a row without a page (for its path values): bytes for a binary success, the same for a seed. */
function oneBody(context: Context, row: Row, random: () => number, path: PathValues): unknown {
  if (row.success?.body === "text") return textBody(context.spec, row, random);
  if (row.success?.body === "binary") return Uint8Array.from({ length: BINARY_BODY_BYTES }, () => Math.floor(random() * 256));
  return generate(context, row, 1, random, path)[0];
}

/** Top-level lists and the pools of by-id GETs: the caller's rows, or `count` generated. */
function storeCollections(context: Context): void {
  const { spec, options } = context;
  for (const row of getRows(spec).filter((r) => holdsRows(spec, r) && !(r.page && r.pathParameters.length > 0))) {
    const given = options.rows.get(row.operationId);
    context.stored.set(row.operationId, given ? [...given] : generate(context, row, options.count, randomFor(context, row.operationId)));
  }
}

/** Each single-parameter by-id GET's ids, from the collection that answers it, for the properties that refer to it. */
function poolIds(context: Context): void {
  for (const row of getRows(context.spec).filter((r) => r.pathParameters.length === 1 && !r.page)) {
    const holder = listOfDetail(context.spec, row) ?? row;
    const items = (context.stored.get(holder.operationId) ?? []) as Item[];
    for (const [parameter, property] of keysOf(context.spec, holder)) context.pools.set(parameter, items.map((item) => item[property]));
  }
}

/** How many times a reference that makes an item equal to another is drawn again. */
const MAX_REFERENCE_DRAWS = 5;

/** Generated stored items were made before the pools: now their references take ids of the other collections. */
function referStored(context: Context): void {
  for (const [operationId, items] of context.stored) {
    if (context.options.rows.has(operationId)) continue;
    const own = keysOf(context.spec, context.spec.operations[operationId]).map(([, property]) => property);
    const random = randomFor(context, `${operationId} references`);
    // A list without keys is known by whole items: a reference that would make one equal to another is drawn again a
    // few times, then left as generated.
    const taken = new Set<string>();
    for (const item of items) {
      if (!isSchemaObject(item)) continue;
      const generated = { ...item };
      for (let attempt = 0; attempt < MAX_REFERENCE_DRAWS; attempt++) {
        for (const name of Object.keys(item)) if (!own.includes(name)) referTo(context, item, name, random);
        if (own.length > 0 || !taken.has(JSON.stringify(item))) break;
        Object.assign(item, generated);
      }
      taken.add(JSON.stringify(item));
    }
  }
}

/** What `selects` says of a list's derived parameter: the value of each id it names, and of every other item. */
interface Selection {
  key: string | undefined;
  byId: Map<string, unknown>;
  rest: unknown;
}

/** `selects`, read against the stored lists: each id must be one of the list's items'. */
function selectionsOf(context: Context): Map<string, Map<string, Selection>> {
  const { spec, options } = context;
  const out = new Map<string, Map<string, Selection>>();
  for (const [operationId, byParameter] of options.selects) {
    const list = spec.operations[operationId];
    const items = context.stored.get(operationId) ?? [];
    const key = keysOf(spec, list)[0]?.[1];
    const idOf = (item: unknown) => asText(key === undefined || !isSchemaObject(item) ? undefined : item[key]);
    const known = new Set(items.map(idOf));
    const about = resourceName(spec.operations[list.detail?.operationId ?? ""] ?? list);
    const perParameter = new Map<string, Selection>();
    for (const [name, byValue] of byParameter) {
      const values = derivedParameters(spec, list).find((p) => p.name === name)?.values?.filter((v) => v !== null) ?? [];
      const byId = new Map<string, unknown>();
      for (const [value, { field, ids }] of byValue) {
        ids.forEach((id, i) => {
          if (!known.has(asText(id))) throw mockOptionError(`${field}[${i}]`, `must be the ${key ?? "id"} of a ${about} in the data set`, String(id));
          byId.set(asText(id), values.find((v) => asText(v) === value) ?? value);
        });
      }
      perParameter.set(name, { key, byId, rest: values.find((v) => !byValue.has(asText(v))) ?? null });
    }
    out.set(operationId, perParameter);
  }
  return out;
}

/** A stored collection by its items' keys, so that a detail of a large data set is one lookup. */
function indexBy(items: readonly unknown[], keys: Array<[string, string]>): Map<string, unknown> {
  const index = new Map<string, unknown>();
  for (const item of items) {
    const key = keys.map(([, property]) => String(isSchemaObject(item) ? item[property] : undefined)).join(KEY_JOIN);
    if (!index.has(key)) index.set(key, item);
  }
  return index;
}

export function createDataSet(spec: MockSpec, options: ResolvedMockOptions): DataSet {
  const context: Context = { spec, options, stored: new Map(), pools: new Map() };
  storeCollections(context);
  poolIds(context);
  referStored(context);
  const selections = selectionsOf(context);
  const nested = new Map<string, unknown[]>();
  const bodies = new Map<string, unknown>();
  const indexes = new Map<string, Map<string, unknown>>();
  const pathKey = (row: Row, path: PathValues) => `${row.operationId} ${row.pathParameters.map((p) => JSON.stringify(path[p])).join("/")}`;

  /** A nested list's items under one parent: the caller's rows for it, or made on first use from the seed and the path. */
  function nestedItems(list: Row, path: PathValues): unknown[] {
    const given = options.rows.get(list.operationId);
    if (given) return given.filter((item) => list.pathParameters.every((p) => !isSchemaObject(item) || !(p in item) || same(item[p], path[p])));
    const key = pathKey(list, path);
    let items = nested.get(key);
    if (!items) {
      const random = randomFor(context, key);
      items = generate(context, list, Math.floor(random() * (NESTED_MAX + 1)), random, path);
      nested.set(key, items);
    }
    return items;
  }

  function stored(holder: Row, keys: Array<[string, string]>, path: PathValues): unknown {
    let index = indexes.get(holder.operationId);
    if (!index) indexes.set(holder.operationId, (index = indexBy(context.stored.get(holder.operationId) ?? [], keys)));
    return index.get(keys.map(([parameter]) => String(path[parameter])).join(KEY_JOIN));
  }

  return {
    items(list, path) {
      return list.pathParameters.length === 0 ? (context.stored.get(list.operationId) ?? []) : nestedItems(list, path);
    },
    find(row, path) {
      if (row.pathParameters.length === 0 || perPath(spec, row)) {
        const key = pathKey(row, path);
        if (!bodies.has(key)) bodies.set(key, oneBody(context, row, randomFor(context, key), path));
        return bodies.get(key);
      }
      const holder = listOfDetail(spec, row) ?? row;
      const keys = keysOf(spec, holder);
      if (holder.page && holder.pathParameters.length > 0) {
        return nestedItems(holder, path).find((item) => isSchemaObject(item) && keys.every(([parameter, property]) => same(item[property], path[parameter])));
      }
      return stored(holder, keys, path);
    },
    derived(list, parameter, item) {
      const selection = selections.get(list.operationId)?.get(parameter);
      if (!selection) return undefined;
      const id = selection.key === undefined || !isSchemaObject(item) ? undefined : item[selection.key];
      return selection.byId.has(asText(id)) ? selection.byId.get(asText(id)) : selection.rest;
    },
  };
}
