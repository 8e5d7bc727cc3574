// How a list pages, inferred from its parameters and its success body, or declared by the operation's `x-pagination`.
// The rule: a list pages by a query parameter whose next value the previous page names (`next_<parameter>`: next_offset,
// next_cursor, next_page), or by a link to the next page (a `next` URL in the body, a documented `Link` header). The
// parameter's name, else its type, says which kind:
//   cursor  a name like cursor, token, marker, after, continuation; any string parameter
//   page    a name like page, page_number; an integer whose minimum is 1 or more
//   offset  any other integer (offset, skip, start, ...)
// Around it: the items are the body's one array property; the page size is the integer parameter named like limit,
// per_page, page_size, size; the total and the page count are integers beside the next value (or at the top) named
// total/total_count/... and page_count/total_pages/...; an echo is a property beside it named like a paging parameter.
// Where these words do not fit a spec, it declares the layout (docs/changing-the-spec.md), and nothing is guessed.
import { isObject, jsonText, type Json, type JsonObject } from "../spec/model";
import type { BodyPath, PageRow } from "../src/shared/operation-row";
import { conjuncts, isSchemaObject, itemsPointer, propertyNames, propertySchemas, schemaAt, typesOf, type SchemaDocument } from "../src/shared/schema-walk";

const CURSOR_NAME = /cursor|token|marker|^after$|continu|^since_id$/i;
const PAGE_NAME = /^(?:page|page[_-]?(?:number|num|index)|pagenumber|pageNumber|p)$/i;
const SIZE_NAMES = /^(?:limit|size|page[_-]?size|pagesize|per[_-]?page|perpage|max[_-]?results|maxresults|count|first|top|take)$/i;
const TOTAL_NAMES = /^(?:total|total[_-]?count|totalcount|total[_-]?items|totalitems|total[_-]?results|totalresults|count)$/i;
const PAGE_COUNT_NAMES = /^(?:page[_-]?count|pagecount|total[_-]?pages|totalpages|pages|last[_-]?page|lastpage)$/i;
const NEXT_LINK_NAMES = /^(?:next|next[_-]?url|nexturl|next[_-]?link|nextlink|next[_-]?page[_-]?url|nextpageurl|next[_-]?href)$/i;

/** A query parameter as the rules read it. */
export interface PagingParameter {
  name: string;
  schema: JsonObject;
}

/** A property of the body, up to two levels down, with its path and the types its schema allows. */
interface BodyProperty {
  path: BodyPath;
  types: string[];
}

/** The body's properties and those of its object properties (`meta.next_cursor`), in document order. */
function bodyProperties(body: unknown, root: string, defs: SchemaDocument): BodyProperty[] {
  const found: BodyProperty[] = [];
  for (const name of propertyNames(body, root, defs)) {
    const schemas = propertySchemas(body, root, name, defs);
    const types = schemas.flatMap((s) => typesOf(s.schema, defs));
    found.push({ path: [name], types });
    if (!types.includes("object") && !schemas.some((s) => conjuncts(s.schema, s.pointer, defs).some((c) => isSchemaObject(c.schema.properties)))) continue;
    for (const schema of schemas) {
      for (const inner of propertyNames(schema.schema, schema.pointer, defs)) {
        const innerTypes = propertySchemas(schema.schema, schema.pointer, inner, defs).flatMap((s) => typesOf(s.schema, defs));
        if (!found.some((p) => p.path.join("/") === `${name}/${inner}`)) found.push({ path: [name, inner], types: innerTypes });
      }
    }
  }
  return found;
}

const camelNext = (name: string) => `next${name.charAt(0).toUpperCase()}${name.slice(1)}`;
/** The names a body gives a parameter's next value under: next_cursor, nextCursor, next-cursor. */
const nextNames = (name: string) => new Set([`next_${name}`, camelNext(name), `next-${name}`, camelNext(name.replace(/[_-](\w)/g, (_m, c: string) => c.toUpperCase()))]);

/** A page-number parameter's first page: its minimum, else its default, else 1. */
const firstPage = (parameter: PagingParameter): number =>
  [parameter.schema.minimum, parameter.schema.default].find((n): n is number => typeof n === "number") ?? 1;

function kindOf(parameter: PagingParameter): PageRow["kind"] {
  if (CURSOR_NAME.test(parameter.name)) return "cursor";
  if (PAGE_NAME.test(parameter.name)) return "page";
  const types = [parameter.schema.type].flat();
  if (types.includes("string")) return "cursor";
  if (typeof parameter.schema.minimum === "number" && parameter.schema.minimum >= 1) return "page";
  return "offset";
}

/** Properties beside `at` (same parent object), and then at the top, whose name matches. */
function nearby(properties: BodyProperty[], at: BodyPath, names: RegExp, type = "integer"): BodyProperty | undefined {
  const parent = at.slice(0, -1).join("/");
  const fits = (p: BodyProperty) => names.test(p.path[p.path.length - 1]) && p.types.includes(type);
  return properties.find((p) => fits(p) && p.path.slice(0, -1).join("/") === parent) ?? properties.find((p) => fits(p) && p.path.length === 1);
}

/** The layout's common part: where the items are, and which parameter sizes a page. */
function base(items: string, itemSchema: string | null, limit: string | null, echoes: Record<string, BodyPath>, source: "inferred" | "declared") {
  return { items, itemSchema, limit, echoes, source };
}

/** The echoes beside `at`: a property named like one of the paging parameters (a page's `limit` and `offset`). */
function echoesOf(properties: BodyProperty[], at: BodyPath, parameters: Array<string | null>): Record<string, BodyPath> {
  const echoes: Record<string, BodyPath> = {};
  const parent = at.slice(0, -1).join("/");
  for (const name of parameters) {
    const echo = name === null ? undefined : properties.find((p) => p.path[p.path.length - 1] === name && p.path.slice(0, -1).join("/") === parent);
    if (name !== null && echo) echoes[name] = echo.path;
  }
  return echoes;
}

const path = (text: Json | undefined): BodyPath | null => (typeof text === "string" && text !== "" ? text.split(".") : null);

/** The layout an operation's `x-pagination` declares, or why it cannot be read. */
function declared(declaration: Json, items: string, itemSchema: string | null): PageRow | string {
  if (!isObject(declaration)) return `x-pagination must be an object, not ${jsonText(declaration)}`;
  const d = declaration;
  const text = (key: string) => { const value = d[key]; return typeof value === "string" ? value : null; };
  const limit = text("limit");
  const common = base(text("items") ?? items, itemSchema, limit, {}, "declared");
  const next = path(d.next);
  switch (d.kind) {
    case "offset":
      if (!text("offset") || !next) return "x-pagination of kind offset needs offset (a query parameter) and next (a body path such as pagination.next_offset)";
      return { kind: "offset", ...common, offset: text("offset")!, next, total: path(d.total), totalNullable: d.totalNullable === true };
    case "cursor":
      if (!text("cursor") || !next) return "x-pagination of kind cursor needs cursor (a query parameter) and next (a body path such as meta.next_cursor)";
      return { kind: "cursor", ...common, cursor: text("cursor")!, next };
    case "page":
      if (!text("page") || (!next && !path(d.pageCount))) return "x-pagination of kind page needs page (a query parameter) and next or pageCount (body paths)";
      return { kind: "page", ...common, page: text("page")!, first: typeof d.first === "number" ? d.first : 1, next, pageCount: path(d.pageCount) };
    case "link":
      return { kind: "link", ...common, next };
    default:
      return `x-pagination's kind must be offset, cursor, page or link, not ${jsonText(d.kind)}`;
  }
}

/**
 * The page layout of a GET, from its query parameters, its success body (a `$defs` pointer) and whether its success
 * documents a `Link` header; or a note saying why it looks paged but is not walked.
 */
export function pageLayout(
  parameters: PagingParameter[],
  body: { root: string | undefined; linkHeader: boolean },
  declaration: Json | undefined,
  defs: SchemaDocument,
): { page: PageRow | null; note?: string } {
  const size = parameters.find((p) => SIZE_NAMES.test(p.name) && [p.schema.type].flat().includes("integer"));
  const bodySchema = body.root === undefined ? undefined : schemaAt(body.root, defs);
  const properties = body.root === undefined ? [] : bodyProperties(bodySchema, body.root, defs);
  const arrays = properties.filter((p) => p.path.length === 1 && p.types.includes("array"));
  const items = arrays.length === 1 ? arrays[0].path[0] : undefined;
  const itemSchema = items === undefined || body.root === undefined ? null : itemsPointer(propertySchemas(bodySchema, body.root, items, defs), defs);
  if (declaration !== undefined) {
    const page = declared(declaration, items ?? "", itemSchema);
    if (typeof page === "string") return { page: null, note: page };
    if (page.items === "") return { page: null, note: "x-pagination names no items, and the body has no one array property to hold them" };
    return { page };
  }
  const paged = (why: string) => ({ page: null, note: `${why}, so it is not walked as pages; declare its layout with x-pagination if it pages` });
  for (const parameter of parameters) {
    const names = nextNames(parameter.name);
    const next = properties.find((p) => names.has(p.path[p.path.length - 1]));
    if (!next) continue;
    if (items === undefined) return paged(`its body names the next ${parameter.name} (${next.path.join(".")}) but has ${arrays.length} array properties where one holds the items`);
    const limit = size && size !== parameter ? size.name : null;
    const common = base(items, itemSchema, limit, echoesOf(properties, next.path, [limit, parameter.name]), "inferred");
    const kind = kindOf(parameter);
    if (kind === "cursor") return { page: { kind, ...common, cursor: parameter.name, next: next.path } };
    if (kind === "page") {
      const first = firstPage(parameter);
      return { page: { kind, ...common, page: parameter.name, first, next: next.path, pageCount: nearby(properties, next.path, PAGE_COUNT_NAMES)?.path ?? null } };
    }
    const total = nearby(properties, next.path, TOTAL_NAMES);
    return { page: { kind, ...common, offset: parameter.name, next: next.path, total: total?.path ?? null, totalNullable: total?.types.includes("null") ?? false } };
  }
  // A page number without a next one: the page count says where the pages end.
  const pageParameter = parameters.find((p) => PAGE_NAME.test(p.name) && [p.schema.type].flat().includes("integer"));
  const count = pageParameter ? nearby(properties, [""], PAGE_COUNT_NAMES) : undefined;
  if (pageParameter && count && items !== undefined) {
    const limit = size ? size.name : null;
    const first = firstPage(pageParameter);
    return { page: { kind: "page", ...base(items, itemSchema, limit, echoesOf(properties, count.path, [limit, pageParameter.name]), "inferred"), page: pageParameter.name, first, next: null, pageCount: count.path } };
  }
  const link = properties.find((p) => NEXT_LINK_NAMES.test(p.path[p.path.length - 1]) && p.types.includes("string"));
  if ((link || body.linkHeader) && items !== undefined) {
    return { page: { kind: "link", ...base(items, itemSchema, size?.name ?? null, {}, "inferred"), next: link?.path ?? null } };
  }
  if (size && items !== undefined) return paged(`it has a page size (${size.name}) but no query parameter whose next value its body names (next_<name>) and no link to a next page`);
  return { page: null };
}
