// The mock's collections, one per GET row that answers stored data, coherent with each other:
// - a top-level paged list holds its items (the caller's rows, the samples, or generated ones), ids unique for the
//   properties its detail reads; its detail answers the very item;
// - a nested list (history under a sample) holds items per parent, made on first use from the seed and the parent's
//   path values, the properties named like a path parameter set to its value;
// - a by-id GET that no list details (a run) holds a pool of bodies: the ids "known" to the mock. An item property
//   named like such a GET's path parameter (run_id) takes one of those ids, so that what a list names can be fetched.
// - a GET with no path parameter and no page answers one generated body.
import type { ResolvedMockOptions } from "./options";
import { seededRandom } from "./samples";
import { createValueGenerator } from "./schema-data";
import { flattenSchema, isSchemaObject } from "./schema-flatten";
import type { MockSpec } from "./spec-facts";
import { bodySchema, getRows, keysOf, listOfDetail, samplesList, type PathValues, type Row } from "./table";

type Item = Record<string, unknown>;

export interface DataSet {
  /** A paged list's items under the path values (every item of a top-level list). */
  items(list: Row, path: PathValues): readonly unknown[];
  /** The body a GET without a page answers for the path values, or undefined when it has none. */
  find(row: Row, path: PathValues): unknown;
}

/** How many items a generated top-level list holds, and a pool of a by-id GET no list details. */
const GENERATED_COUNT = 60;
/** A nested list holds 0 to this many items per parent. */
const NESTED_MAX = 7;

/** FNV-1a: a stable number from a text, to seed each collection on its own whatever the table's order. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

const KEY_JOIN = "\u0000";
const same = (a: unknown, b: unknown) => a === b || String(a) === String(b);

/** What building the collections shares: the spec, the options, the stored collections and the id pools. */
interface Context {
  spec: MockSpec;
  options: ResolvedMockOptions;
  /** operationId -> a top-level list's items, or the bodies of a by-id GET no list details */
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

/**
 * `count` generated bodies of what a row holds: its keys (the properties its detail reads) unique, the properties
 * named like a path parameter set to the path's value (a nested list's parent), references to other collections' ids.
 */
function generate(context: Context, row: Row, count: number, random: () => number, path: PathValues = {}): Item[] {
  const { schemas } = context.spec;
  const value = createValueGenerator(schemas, random);
  const schema = bodySchema(row);
  const declared = flattenSchema(schemas, schema).properties;
  const properties = isSchemaObject(declared) ? declared : {};
  const keys = keysOf(context.spec, row).map(([, property]) => property);
  const seen = keys.map(() => new Set<string>());
  const starts = keys.map((property) => lowestId(flattenSchema(schemas, properties[property])));
  return Array.from({ length: count }, (_, index) => {
    const item = value(schema) as Item;
    keys.forEach((property, k) => (item[property] = uniqueId(item[property], starts[k] + index, seen[k])));
    for (const name of Object.keys(properties)) {
      if (name in path) item[name] = path[name];
      else if (!keys.includes(name)) referTo(context, item, name, random);
    }
    return item;
  });
}

/** Top-level lists and the pools of by-id GETs no list details: the caller's rows, the samples, or generated ones. */
function storeCollections(context: Context): void {
  const { spec, options } = context;
  const samples = samplesList(spec);
  const rows = getRows(spec);
  const pooled = rows.filter((row) => !row.page && row.pathParameters.length > 0 && !listOfDetail(spec, row));
  for (const row of [...rows.filter((r) => r.page && r.pathParameters.length === 0), ...pooled]) {
    const given = options.data.get(row.operationId) ?? (row === samples ? options.samples : undefined);
    context.stored.set(row.operationId, given ? [...given] : generate(context, row, GENERATED_COUNT, randomFor(context, row.operationId)));
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

/** Generated stored items were made before the pools: now their references take ids of the other collections. */
function referStored(context: Context): void {
  const samples = samplesList(context.spec);
  for (const [operationId, items] of context.stored) {
    if (context.options.data.has(operationId) || operationId === samples?.operationId) continue;
    const own = keysOf(context.spec, context.spec.operations[operationId]).map(([, property]) => property);
    const random = randomFor(context, `${operationId} references`);
    for (const item of items as Item[]) for (const name of Object.keys(item)) if (!own.includes(name)) referTo(context, item, name, random);
  }
}

/** A stored collection by its items' keys, so that a detail of a large data set is one lookup. */
function indexBy(items: readonly unknown[], keys: Array<[string, string]>): Map<string, unknown> {
  const index = new Map<string, unknown>();
  for (const item of items as Item[]) {
    const key = keys.map(([, property]) => String(item[property])).join(KEY_JOIN);
    if (!index.has(key)) index.set(key, item);
  }
  return index;
}

export function createDataSet(spec: MockSpec, options: ResolvedMockOptions): DataSet {
  const context: Context = { spec, options, stored: new Map(), pools: new Map() };
  storeCollections(context);
  poolIds(context);
  referStored(context);
  const nested = new Map<string, unknown[]>();
  const indexes = new Map<string, Map<string, unknown>>();
  const single = new Map<string, unknown>();

  /** A nested list's items under one parent: the caller's rows for it, or made on first use from the seed and the path. */
  function nestedItems(list: Row, path: PathValues): unknown[] {
    const given = options.data.get(list.operationId);
    if (given) return given.filter((item) => list.pathParameters.every((p) => !isSchemaObject(item) || !(p in item) || same(item[p], path[p])));
    const key = `${list.operationId} ${list.pathParameters.map((p) => JSON.stringify(path[p])).join("/")}`;
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
      if (row.pathParameters.length === 0) {
        if (!single.has(row.operationId)) single.set(row.operationId, createValueGenerator(spec.schemas, randomFor(context, row.operationId))(bodySchema(row)));
        return single.get(row.operationId);
      }
      const holder = listOfDetail(spec, row) ?? row;
      const keys = keysOf(spec, holder);
      if (holder.page && holder.pathParameters.length > 0) {
        return nestedItems(holder, path).find((item) => isSchemaObject(item) && keys.every(([parameter, property]) => same(item[property], path[parameter])));
      }
      return stored(holder, keys, path);
    },
  };
}

/** The lowest whole number an id's schema allows, or 1: numeric ids count up from it (1, 2, 3, ... by default). */
function lowestId(schema: Record<string, unknown>): number {
  if (typeof schema.minimum === "number") return Math.ceil(schema.minimum);
  if (typeof schema.exclusiveMinimum === "number") return Math.floor(schema.exclusiveMinimum) + 1;
  return 1;
}

/** The generated id, or a fresh one when it is taken: a number is its place in the count, text gets it appended. */
function uniqueId(generated: unknown, place: number, seen: Set<string>): unknown {
  let id = generated;
  if (typeof id === "number") id = place;
  else if (seen.has(String(id))) id = `${String(id)}${place}`;
  seen.add(String(id));
  return id;
}
