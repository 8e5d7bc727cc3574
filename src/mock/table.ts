// How the mock reads the operation table: which GET rows it serves and how they relate (a list and the detail of
// its items, a nested list and its parent). Nothing here names an operation.
import type { GeneratedOperationRow } from "../shared/operation-row";
import { flattenSchema, isSchemaObject } from "../shared/schema-walk";
import type { MockSpec } from "./spec-facts";

export type Row = GeneratedOperationRow;
/** Path parameter name -> its value, typed as the parameter's validator accepts it (42, not "42"). */
export type PathValues = Readonly<Record<string, unknown>>;

/** The GET rows, the one method the mock serves. */
export function getRows(spec: MockSpec): Row[] {
  return Object.values(spec.operations).filter((row) => row.method === "GET");
}

/** The paged list whose `detail` is this row, if any. */
export function listOfDetail(spec: MockSpec, row: Row): Row | undefined {
  return getRows(spec).find((list) => list.page && list.detail?.operationId === row.operationId);
}

/** The first paged list at the top (no path parameter): what the deprecated `samples` option fills. */
export function firstTopList(spec: MockSpec): Row | undefined {
  return getRows(spec).find((row) => row.page && row.pathParameters.length === 0);
}

/** The item properties a list's detail reads its path parameters from: [path parameter, item property] pairs. */
function itemKeys(list: Row): Array<[string, string]> {
  return Object.entries(list.detail?.parameters ?? {}).flatMap(([parameter, source]) => (source.from === "item" ? [[parameter, source.property] as [string, string]] : []));
}

/** The schema of what a row holds: a paged list's items, any other row's JSON success body ({} for none). */
export function bodySchema(row: Row): unknown {
  if (row.page) return row.page.itemSchema === null ? {} : { $ref: row.page.itemSchema };
  return row.success?.schema ? { $ref: `#/$defs/${row.success.schema}` } : {};
}

/**
 * The keys of what a row holds, as [path parameter, property] pairs: a list's, the properties its detail reads; a
 * by-id GET's, its path parameters that its body carries under the same name (run_id in a Run).
 */
export function keysOf(spec: MockSpec, row: Row): Array<[string, string]> {
  if (row.page) return itemKeys(row);
  const properties = flattenSchema(spec.schemas, bodySchema(row)).properties;
  return row.pathParameters.filter((p) => isSchemaObject(properties) && p in properties).map((p) => [p, p]);
}

/** What a by-id row is about, as its 404 names it: its last path parameter without an id suffix (`<thing>_id` -> `<thing>`). */
export function resourceName(row: Row): string {
  const parameter = row.pathParameters[row.pathParameters.length - 1] ?? "resource";
  return parameter.replace(/(_id|Id|_?ID)$/, "").replace(/_/g, " ") || parameter;
}

/** Whether an operation documents a status (its body has a validator), e.g. 400 for invalid parameters. */
export function documents(spec: MockSpec, row: Row, status: string): boolean {
  return status in (spec.responses[row.operationId] ?? {});
}

/** msw's route for a row's path: `{x}` -> `:x`. */
export function routeOf(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ":$1");
}

/** A pattern for a row's path (each `{x}` one segment), to tell a known path met with another method from an unknown one. */
export function pathPattern(path: string): RegExp {
  const escaped = path.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join("[^/]+")}$`);
}

/** Literal segments before parameters, so that msw meets `/a/b` before `/a/{x}`. */
export function bySpecificity(a: Row, b: Row): number {
  const left = a.path.split("/");
  const right = b.path.split("/");
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const rank = Number(left[i].startsWith("{")) - Number(right[i].startsWith("{"));
    if (rank !== 0) return rank;
  }
  return 0;
}
