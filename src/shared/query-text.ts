// Query text as the values the spec types: the one reading the mock and the contract suite share (the client sends
// typed values and never reads query text). Text that is not of its parameter's type stays text, for the validators
// to refuse with the spec's own rule ("must be integer"), rather than being dropped or coerced here.
import type { QueryParameterRow } from "./operation-row";

const INTEGER_TEXT = /^-?\d+$/;
const NUMBER_TEXT = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const BOOLEAN_TEXT: Readonly<Record<string, boolean>> = { true: true, false: false };

/** The type a parameter's text is read as: its schema's `type`, or the first non-null one of a union; null when none. */
export function textType(schemaType: unknown): string | null {
  // One type, as most parameters have: read without building a list.
  if (typeof schemaType === "string") return schemaType === "null" ? null : schemaType;
  const type = [schemaType ?? []].flat().find((t) => typeof t === "string" && t !== "null");
  return typeof type === "string" ? type : null;
}

/** One value's text as its type reads it: integer and number text as a number, "true"/"false" as a boolean. */
export function typedText(text: string, type: string | null | undefined): unknown {
  if (type === "integer" && INTEGER_TEXT.test(text)) return Number(text);
  if (type === "number" && NUMBER_TEXT.test(text)) return Number(text);
  if (type === "boolean" && text in BOOLEAN_TEXT) return BOOLEAN_TEXT[text];
  return text;
}

// A server types every request's query by the same row: its names' types are looked up once per row.
const typesByParameters = new WeakMap<readonly QueryParameterRow[], Map<string, QueryParameterRow["type"]>>();

/**
 * The query as name -> typed value, each name typed by its row (a name no row has stays text). A repeated name is a
 * list, which no parameter's schema here allows, so the validators refuse it instead of one value being kept silently.
 */
export function typedQuery(search: URLSearchParams, parameters: readonly QueryParameterRow[]): Record<string, unknown> {
  let types = typesByParameters.get(parameters);
  if (!types) typesByParameters.set(parameters, (types = new Map(parameters.map((p) => [p.name, p.type]))));
  const query: Record<string, unknown> = {};
  for (const name of new Set(search.keys())) {
    const values = search.getAll(name).map((text) => typedText(text, types.get(name)));
    query[name] = values.length === 1 ? values[0] : values;
  }
  return query;
}

/** A JSON value as text: a string as it is, anything else as its JSON (1 -> "1", null -> "null"). */
export const asText = (value: unknown): string => (typeof value === "string" ? value : (JSON.stringify(value) ?? "undefined"));
