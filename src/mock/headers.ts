// A request's header parameters read as the spec types them, for the row's header validator: each looked up by its
// name in any letter case (HTTP reads header names so) and keyed by the spec's spelling, its text typed as a query
// value's is (`typedText`), an array (style simple) split at its commas. Headers the spec does not name are not read.
import { isIgnoredHeaderParameter } from "../shared/header-parameters";
import { typedText } from "../shared/query-text";
import { documentSchema } from "./document";
import { scalarType } from "./query";
import type { MockSpec } from "./spec-facts";
import type { Row } from "./table";

/** A header parameter as the mock reads it: its name as the spec spells it, its type, and its items' for an array. */
interface HeaderParameter {
  name: string;
  type: string | null;
  items: string | null;
}

const cache = new WeakMap<Row, HeaderParameter[]>();

/** A row's header parameters the spec's rules apply to (OpenAPI ignores Accept, Content-Type and Authorization). */
function headerParametersOf(spec: MockSpec, row: Row): HeaderParameter[] {
  let parameters = cache.get(row);
  if (parameters) return parameters;
  parameters = row.parameters
    .filter((p) => p.in === "header" && !isIgnoredHeaderParameter(p.name))
    .map((p) => {
      const schema = documentSchema(spec, p.schema);
      const type = scalarType(schema);
      return { name: p.name, type, items: type === "array" ? scalarType(documentSchema(spec, schema.items)) : null };
    });
  cache.set(row, parameters);
  return parameters;
}

/** The header parameters a request sends, by the spec's spelling, typed; one it does not send is absent. */
export function readHeaders(spec: MockSpec, row: Row, headers: Headers): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const p of headerParametersOf(spec, row)) {
    // Fetch's Headers finds a name in any case, and joins a repeated header's values with ", ".
    const text = headers.get(p.name);
    if (text === null) continue;
    values[p.name] = p.type === "array" ? text.split(",").map((item) => typedText(item.trim(), p.items)) : typedText(text, p.type);
  }
  return values;
}
