// The OpenAPI document, for what the operation table does not carry: response examples, media and headers, parameter
// schemas (enums, maxima, array styles), security requirements and schemes. Local `$ref`s are followed; nothing here
// knows any operation, parameter or schema by name.
import { unescapePointerToken } from "../shared/json-pointer";
import { flattenSchema, isSchemaObject, type Schema, type SchemaDocument } from "./schema-flatten";
import type { MockSpec } from "./spec-facts";
import type { Row } from "./table";

export type Node = Record<string, unknown>;

/** What a local pointer ("#/components/responses/x") names in the document. */
function pointerAt(document: unknown, ref: string): unknown {
  if (!ref.startsWith("#")) return undefined;
  let at = document;
  for (const token of ref.slice(1).split("/").slice(1)) {
    if (!isSchemaObject(at) && !Array.isArray(at)) return undefined;
    const key = unescapePointerToken(decodeURIComponent(token));
    at = Array.isArray(at) ? at[Number(key)] : at[key];
  }
  return at;
}

/** A node with its `$ref` followed (a reference to a reference too); undefined where it points nowhere. */
function resolved(spec: MockSpec, node: unknown): Node | undefined {
  let at = node;
  for (let hops = 0; isSchemaObject(at) && typeof at.$ref === "string" && hops < 20; hops++) at = pointerAt(spec.document, at.$ref);
  return isSchemaObject(at) ? at : undefined;
}

/** The OpenAPI document as a document schemas point into (`#/components/schemas/...`). */
export const schemaDocumentOf = (spec: MockSpec): SchemaDocument => spec.document;

/** A schema written in the OpenAPI document, as one plain schema ($ref followed, allOf merged). */
export const documentSchema = (spec: MockSpec, schema: unknown): Schema => flattenSchema(schemaDocumentOf(spec), schema);

function pathItem(spec: MockSpec, path: string): Node | undefined {
  const paths = spec.document.paths;
  return isSchemaObject(paths) ? resolved(spec, paths[path]) : undefined;
}

/** The operation object of a row. */
function operationNode(spec: MockSpec, row: Row): Node | undefined {
  return resolved(spec, pathItem(spec, row.path)?.[row.method.toLowerCase()]);
}

/** A parameter object of a row (the operation's, else its path item's), by location and name. */
export function parameterNode(spec: MockSpec, row: Row, location: string, name: string): Node | undefined {
  const lists = [operationNode(spec, row)?.parameters, pathItem(spec, row.path)?.parameters];
  for (const list of lists) {
    for (const node of Array.isArray(list) ? list : []) {
      const parameter = resolved(spec, node);
      if (parameter?.in === location && parameter.name === name) return parameter;
    }
  }
  return undefined;
}

/** A documented response of a row, by status as the spec writes it ("404", "4XX", "default"). */
export function responseNode(spec: MockSpec, row: Row, status: string): Node | undefined {
  const responses = operationNode(spec, row)?.responses;
  return isSchemaObject(responses) ? resolved(spec, responses[status]) : undefined;
}

/** A media type object of a response. */
export function mediaNode(spec: MockSpec, response: Node | undefined, media: string): Node | undefined {
  const content = response?.content;
  return isSchemaObject(content) ? resolved(spec, content[media]) : undefined;
}

/** The example a media type object gives (`example`, else its first `examples` entry's value), if any. */
export function exampleOf(spec: MockSpec, media: Node | undefined): { value: unknown } | undefined {
  if (!media) return undefined;
  if (media.example !== undefined) return { value: media.example };
  const examples = media.examples;
  for (const entry of isSchemaObject(examples) ? Object.values(examples) : []) {
    const example = resolved(spec, entry);
    if (example && example.value !== undefined) return { value: example.value };
  }
  return undefined;
}

/** The example of each header a response documents, by lower-case name: what a body's matching value stands for. */
export function headerExamples(spec: MockSpec, response: Node | undefined): Array<[string, unknown]> {
  const headers = response?.headers;
  const out: Array<[string, unknown]> = [];
  for (const [name, node] of Object.entries(isSchemaObject(headers) ? headers : {})) {
    const header = resolved(spec, node);
    const schema = isSchemaObject(header?.schema) ? documentSchema(spec, header.schema) : {};
    const example: unknown = header?.example ?? (Array.isArray(schema.examples) ? (schema.examples as unknown[])[0] : schema.example);
    if (example !== undefined) out.push([name.toLowerCase(), example]);
  }
  return out;
}

/** The security requirements of a row: its own, else the document's; none (an empty list) means no credentials. */
export function securityOf(spec: MockSpec, row: Row): Array<Record<string, unknown>> {
  const own = operationNode(spec, row)?.security;
  const requirements = Array.isArray(own) ? own : spec.document.security;
  return Array.isArray(requirements) ? requirements.filter(isSchemaObject) : [];
}

/** A security scheme of the document, by name. */
export function securityScheme(spec: MockSpec, name: string): Node | undefined {
  const components = spec.document.components;
  const schemes = isSchemaObject(components) ? components.securitySchemes : undefined;
  return isSchemaObject(schemes) ? resolved(spec, schemes[name]) : undefined;
}

/** The document's title, for the words of a few answers. */
export function titleOf(spec: MockSpec): string {
  const info = spec.document.info;
  return isSchemaObject(info) && typeof info.title === "string" ? info.title : "this API";
}
