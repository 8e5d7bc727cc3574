// One page of a list, in the layout its row gives (src/shared/operation-row.ts's PageRow): where the page starts (an
// offset, a cursor the mock issued, a page number, or a link's position), how many items it holds, and the body that
// says where the next page is. Every body path comes from the row; what else the page schema requires is generated.
import type { BodyPath, PageRow } from "../shared/operation-row";
import { positionParameter } from "../shared/page";
import type { QueryParameter } from "./query";
import { hashOf, seededRandom } from "./random";
import { createValueGenerator } from "./schema-data";
import { flattenSchema, isSchemaObject, type Schema } from "../shared/schema-walk";
import type { MockSpec } from "./spec-facts";
import type { Row } from "./table";

/**
 * How many items a page holds when the spec gives its size parameter neither a default nor a maximum, or the list has
 * no size parameter: the common default of the APIs whose specs leave it out.
 */
const FALLBACK_PAGE_SIZE = 50;

/** What a cursor the mock issues says before the index of the next page's first item (base64url of the whole). */
const CURSOR_MARK = "mock-page:";

const toBase64Url = (text: string) => btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** The cursor of the page that starts at `index`: opaque to a client, the same for the same index. */
function encodeCursor(index: number): string {
  return toBase64Url(`${CURSOR_MARK}${index}`);
}

/** Whether the spec types a cursor parameter as a number: the mock's cursors are then the index itself. */
function numericCursor(parameters: ReadonlyMap<string, { type: string | null }>, name: string): boolean {
  const type = parameters.get(name)?.type;
  return type === "integer" || type === "number";
}

/** The index a cursor the mock issued stands for; undefined for any other text. */
function decodeCursor(text: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(text)) return undefined;
  let plain: string;
  try {
    plain = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return undefined;
  }
  const match = new RegExp(`^${CURSOR_MARK}(0|[1-9]\\d{0,14})$`).exec(plain);
  return match && encodeCursor(Number(match[1])) === text ? Number(match[1]) : undefined;
}

/** Where a page starts in the selected items, how many it holds, and its number on page-number pages. */
export interface Position {
  start: number;
  size: number;
  number?: number;
}

/** A query value the layout cannot read (a cursor the mock did not issue): the field and its rule, for the 400. */
export interface PositionProblem {
  field: string;
  rule: string;
}

type Parameters = ReadonlyMap<string, QueryParameter>;
const numberOr = (value: unknown, fallback: number) => (typeof value === "number" ? value : fallback);

/** The page size: the query's, else the parameter's default, else its documented maximum, else FALLBACK_PAGE_SIZE. */
function pageSize(page: PageRow, parameters: Parameters, query: Record<string, unknown>): number {
  if (page.limit === null) return FALLBACK_PAGE_SIZE;
  const parameter = parameters.get(page.limit);
  return numberOr(query[page.limit], numberOr(parameter?.default, parameter?.maximum ?? FALLBACK_PAGE_SIZE));
}

/**
 * Where a link list's pages start: its one integer query parameter that neither sizes a page nor filters, read as a
 * page number when its minimum is 1 or more (from there), else as an offset. A list without one is served in one page.
 */
function linkPosition(row: Row, parameters: Parameters): { name: string; first: number | null } | undefined {
  const page = row.page!;
  const candidate = [...parameters.values()].find((p) => p.type === "integer" && p.name !== page.limit && !(p.name in row.filters));
  if (!candidate) return undefined;
  const first = candidate.minimum !== undefined && candidate.minimum >= 1 ? numberOr(candidate.default, candidate.minimum) : null;
  return { name: candidate.name, first };
}

/** The page a query asks for, or why its position cannot be read. */
export function readPosition(row: Row, parameters: Parameters, query: Record<string, unknown>): Position | PositionProblem {
  const page = row.page!;
  const size = pageSize(page, parameters, query);
  switch (page.kind) {
    case "offset":
      return { start: numberOr(query[page.offset], numberOr(parameters.get(page.offset)?.default, 0)), size };
    case "cursor": {
      const asked = query[page.cursor];
      if (asked === undefined) return { start: 0, size };
      // A numeric cursor (the spec types it integer) is the index itself; a text one is the encoded index.
      const start = typeof asked === "string" ? decodeCursor(asked) : Number.isSafeInteger(asked) && (asked as number) >= 0 ? (asked as number) : undefined;
      return start === undefined ? { field: page.cursor, rule: "is not a cursor this API gave (send back a next cursor as it came)" } : { start, size };
    }
    case "page": {
      const number = numberOr(query[page.page], numberOr(parameters.get(page.page)?.default, page.first));
      if (number < page.first) return { field: page.page, rule: `must be >= ${page.first}` };
      return { start: (number - page.first) * size, size, number };
    }
    case "link": {
      const at = linkPosition(row, parameters);
      if (!at) return { start: 0, size: Number.MAX_SAFE_INTEGER };
      const value = numberOr(query[at.name], numberOr(parameters.get(at.name)?.default, at.first ?? 0));
      return at.first === null ? { start: value, size } : { start: (value - at.first) * size, size, number: value };
    }
  }
}

/** The schema at a body path of a schema (each step a property), as one plain schema. */
function schemaAtPath(spec: MockSpec, schema: unknown, path: BodyPath): Schema {
  let at = flattenSchema(spec.schemas, schema);
  for (const name of path) {
    const properties = isSchemaObject(at.properties) ? at.properties : {};
    at = flattenSchema(spec.schemas, properties[name]);
  }
  return at;
}

const allowsNull = (schema: Schema) =>
  schema.type === undefined ? !Array.isArray(schema.enum) || schema.enum.includes(null) : [schema.type].flat().includes("null");

function setAt(body: Record<string, unknown>, path: BodyPath, value: unknown): void {
  let at = body;
  for (const name of path.slice(0, -1)) {
    if (!isSchemaObject(at[name])) at[name] = {};
    at = at[name] as Record<string, unknown>;
  }
  at[path[path.length - 1]] = value;
}

/** The value, or "none" on the last page: null where the schema allows it, else the property left out. */
function setNext(spec: MockSpec, schema: unknown, body: Record<string, unknown>, path: BodyPath, value: unknown): void {
  if (value !== null || allowsNull(schemaAtPath(spec, schema, path))) return setAt(body, path, value);
  setAt(body, path, undefined);
  const parent = path.slice(0, -1).reduce<Record<string, unknown>>((at, name) => at[name] as Record<string, unknown>, body);
  delete parent[path[path.length - 1]];
}

/** Each property the schema requires and the body lacks, generated (seeded by the row: the same on every page). */
function fillRequired(spec: MockSpec, body: Record<string, unknown>, schema: unknown, generate: (schema: unknown) => unknown): void {
  const flat = flattenSchema(spec.schemas, schema);
  const properties = isSchemaObject(flat.properties) ? flat.properties : {};
  for (const name of Array.isArray(flat.required) ? flat.required.map(String) : []) if (!(name in body)) body[name] = generate(properties[name]);
  for (const [name, value] of Object.entries(body)) if (isSchemaObject(value) && name in properties) fillRequired(spec, value, properties[name], generate);
}

/** The values the page repeats: its size, its position (offset or number), and any other parameter as asked. */
function echo(page: PageRow, parameters: Parameters, position: Position, query: Record<string, unknown>, body: Record<string, unknown>): void {
  const at = positionParameter(page);
  for (const [parameter, path] of Object.entries(page.echoes)) {
    let value = query[parameter] ?? parameters.get(parameter)?.default;
    if (parameter === page.limit) value = position.size;
    else if (parameter === at && page.kind !== "cursor") value = position.number ?? position.start;
    if (value !== undefined) setAt(body, path, value);
  }
}

interface Walked {
  position: Position;
  /** the index after the page's last item */
  end: number;
  /** how many items the query selects */
  selected: number;
  here: URL;
}

/** Where the next page is, in the row's layout (none on the last), with the total or page count; a Link header's value. */
function whereNext(spec: MockSpec, row: Row, parameters: Parameters, schema: unknown, { position, end, selected, here }: Walked, body: Record<string, unknown>): Record<string, string> {
  const page = row.page!;
  const more = end < selected;
  switch (page.kind) {
    case "offset":
      setNext(spec, schema, body, page.next, more ? end : null);
      if (page.total) setAt(body, page.total, selected);
      return {};
    case "cursor":
      setNext(spec, schema, body, page.next, more ? (numericCursor(parameters, page.cursor) ? end : encodeCursor(end)) : null);
      return {};
    case "page":
      if (page.next) setNext(spec, schema, body, page.next, more ? position.number! + 1 : null);
      if (page.pageCount) setAt(body, page.pageCount, Math.ceil(selected / position.size));
      return {};
    case "link": {
      const link = linkPosition(row, parameters);
      let next: string | null = null;
      if (more && link) {
        const url = new URL(here);
        url.searchParams.set(link.name, String(link.first === null ? end : position.number! + 1));
        next = url.href;
      }
      if (page.next) setNext(spec, schema, body, page.next, next);
      return !page.next && next ? { link: `<${next}>; rel="next"` } : {};
    }
  }
}

export interface Page {
  body: Record<string, unknown>;
  /** a `Link` header, for link pages whose body does not hold the next URL */
  headers: Record<string, string>;
}

/**
 * The page at `position` of the selected items: its items, the values it echoes, where the next page is (null or
 * left out on the last), the total or page count where the layout has one. `here` is the URL the page was asked at,
 * which a link to the next page is made from.
 */
export function pageOf(spec: MockSpec, row: Row, parameters: Parameters, position: Position, selected: readonly unknown[], query: Record<string, unknown>, here: URL): Page {
  const page = row.page!;
  const schema = row.success?.schema ? { $ref: `#/$defs/${row.success.schema}` } : {};
  const items = selected.slice(position.start, position.start + position.size);
  const body: Record<string, unknown> = {};
  setAt(body, [page.items], items);
  echo(page, parameters, position, query, body);
  const headers = whereNext(spec, row, parameters, schema, { position, end: position.start + items.length, selected: selected.length, here }, body);
  const generate = createValueGenerator(spec.schemas, seededRandom(hashOf(`${row.operationId} page`)));
  fillRequired(spec, body, schema, (property) => generate(property));
  return { body, headers };
}
