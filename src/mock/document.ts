// What the mock reads of a row beyond its route and pages: its parameters (schemas, styles), its documented responses
// (examples, headers, a text body's schema), its security, and the spec's title. All from the operation table and the
// JSON Schema document its schemas point into; the OpenAPI document is not read. Nothing here knows any operation,
// parameter or schema by name.
import type { ParameterRow, ResponseRow, SecuritySchemeRow } from "../shared/operation-row";
import { flattenSchema, type Schema, type SchemaDocument } from "../shared/schema-walk";
import type { MockSpec } from "./spec-facts";
import type { Row } from "./table";

/** The JSON Schema document the rows' schemas point into (`<$id>#/$defs/...`). */
export const schemaDocumentOf = (spec: MockSpec): SchemaDocument => spec.schemas;

/** A schema of a row, as one plain schema ($ref followed, allOf merged). */
export const documentSchema = (spec: MockSpec, schema: unknown): Schema => flattenSchema(schemaDocumentOf(spec), schema);

/** A parameter of a row, by location and name. */
export function parameterNode(row: Row, location: ParameterRow["in"], name: string): ParameterRow | undefined {
  return row.parameters.find((p) => p.in === location && p.name === name);
}

/** The example of each header a response documents, by lower-case name: what a body's matching value stands for. */
export function headerExamples(spec: MockSpec, response: ResponseRow | undefined): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const header of response?.headers ?? []) {
    const schema = documentSchema(spec, header.schema);
    const example: unknown = header.example ?? (Array.isArray(schema.examples) ? (schema.examples as unknown[])[0] : undefined);
    if (example !== undefined) out.push([header.name.toLowerCase(), example]);
  }
  return out;
}

/** The security requirements of a row; none (an empty list) means no credentials. */
export const securityOf = (row: Row): ReadonlyArray<Readonly<Record<string, readonly string[]>>> => row.security;

/** A security scheme a row's security names. */
export const securityScheme = (row: Row, name: string): SecuritySchemeRow | undefined => row.securitySchemes[name];

/** The spec's title, for the words of a few answers. */
export const titleOf = (spec: MockSpec): string => spec.info.title ?? "this API";
