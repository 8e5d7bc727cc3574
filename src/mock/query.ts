// A request's query read as the spec types it: each parameter by its row's schema (its type through `$ref`s,
// an array by its style and explode: `?tag=a&tag=b`, `?ids=3,12`), so that the validators judge values, not text.
// Text that is not of its parameter's type stays text, for the validators to refuse with the spec's own rule.
import { textType, typedText } from "../shared/query-text";
import { documentSchema, parameterNode } from "./document";
import type { MockSpec } from "./spec-facts";
import type { Row } from "./table";

/** A query parameter as the mock reads it. */
export interface QueryParameter {
  name: string;
  /** the scalar type its text is read as ("integer", "boolean", ...), or null for text */
  type: string | null;
  /** for an array: how its values are sent (repeated, or joined by the delimiter) and their type */
  array: { explode: boolean; delimiter: string; type: string | null } | null;
  /** its enum's values, when it has one */
  values: readonly unknown[] | null;
  default: unknown;
  /** its schema's bounds: a page size the spec gives no default takes the maximum; a page number starts at the minimum */
  minimum: number | undefined;
  maximum: number | undefined;
}

const DELIMITERS: Readonly<Record<string, string>> = { form: ",", spaceDelimited: " ", pipeDelimited: "|" };
const cache = new WeakMap<Row, Map<string, QueryParameter>>();

/** The type a schema's text is read as: its `type` (the first non-null one), else its enum's. */
export function scalarType(schema: Record<string, unknown>): string | null {
  const type = textType(schema.type);
  if (type !== null) return type;
  const first: unknown = Array.isArray(schema.enum) ? (schema.enum as unknown[]).find((v) => v !== null) : undefined;
  if (typeof first === "number") return Number.isInteger(first) ? "integer" : "number";
  return typeof first === "boolean" ? "boolean" : null;
}

/** A row's query parameters by name, read once from the row. */
export function queryParametersOf(spec: MockSpec, row: Row): ReadonlyMap<string, QueryParameter> {
  let parameters = cache.get(row);
  if (parameters) return parameters;
  parameters = new Map();
  for (const given of row.queryParameters) {
    const node = parameterNode(row, "query", given.name);
    const schema = documentSchema(spec, node?.schema);
    const type = scalarType(schema) ?? given.type;
    let array: QueryParameter["array"] = null;
    if (type === "array") {
      const style = node?.style ?? "form";
      const explode = node?.explode ?? style === "form";
      array = { explode, delimiter: DELIMITERS[style] ?? ",", type: scalarType(documentSchema(spec, schema.items)) };
    }
    const values = Array.isArray(schema.enum) ? (schema.enum as unknown[]) : null;
    const bound = (value: unknown) => (typeof value === "number" ? value : undefined);
    parameters.set(given.name, {
      name: given.name,
      type: array ? null : type,
      array,
      values,
      default: given.default ?? schema.default,
      minimum: bound(schema.minimum),
      maximum: bound(schema.maximum),
    });
  }
  cache.set(row, parameters);
  return parameters;
}

/**
 * The query as name -> typed value, leaving out `skip` (credentials sent in the query). A repeated scalar is a list,
 * which the validators refuse rather than one value being kept silently; an array parameter is always a list.
 */
export function readQuery(parameters: ReadonlyMap<string, QueryParameter>, search: URLSearchParams, skip: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const name of new Set(search.keys())) {
    if (skip.has(name)) continue;
    const parameter = parameters.get(name);
    const texts = search.getAll(name);
    if (parameter?.array) {
      const { explode, delimiter, type } = parameter.array;
      query[name] = (explode ? texts : texts.flatMap((text) => text.split(delimiter))).map((text) => typedText(text, type));
    } else {
      const values = texts.map((text) => typedText(text, parameter?.type));
      query[name] = values.length === 1 ? values[0] : values;
    }
  }
  return query;
}
