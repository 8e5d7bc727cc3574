// The spec as data: read it, list its operations, and turn its schemas into one JSON Schema 2020-12 document that
// ajv compiles. Shared by the generator, the tests and anything else that must read the spec the same way.
import { readFile } from "node:fs/promises";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { parse as parseYaml } from "yaml";

export const JSON_SCHEMA_ID = "urn:ccextractor:sample-platform:api:v1";
const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A spec value in a message: a string as it is, anything else (a malformed spec's object, say) as its JSON. */
export const jsonText = (value: Json | undefined): string => (typeof value === "string" ? value : (JSON.stringify(value) ?? "undefined"));

interface Parameter {
  name: string;
  in: "query" | "path" | "header" | "cookie";
  required?: boolean;
  schema: JsonObject;
}

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  parameters: Parameter[];
  /** status ("200", "404", "default") -> schema name under components/schemas of its application/json body */
  responseSchemas: Record<string, string>;
}

export async function readSpec(specPath: string): Promise<JsonObject> {
  return parseSpec(await readFile(specPath, "utf8"));
}

/** The spec from its YAML text, strictly: a duplicated key is an error, not a silent overwrite. */
export function parseSpec(text: string): JsonObject {
  return parseYaml(text, { strict: true, uniqueKeys: true }) as JsonObject;
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value at a JSON pointer ("/paths/~1samples/get"; "" is the whole document), or undefined. */
export function valueAtPointer(document: unknown, pointer: string): any {
  if (pointer === "") return document;
  let at: any = document;
  for (const raw of pointer.slice(1).split("/")) {
    if (at === null || typeof at !== "object") return undefined;
    at = at[raw.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return at;
}

/** Follows a local `$ref` ("#/components/...") inside the spec, through chains of them. */
export function resolveLocal(spec: unknown, node: any): any {
  let current = node;
  const seen = new Set<string>();
  while (current !== null && typeof current === "object" && typeof current.$ref === "string") {
    const ref: string = current.$ref;
    if (!ref.startsWith("#/") || seen.has(ref)) throw new Error(`Unsupported or circular $ref ${ref}`);
    seen.add(ref);
    current = valueAtPointer(spec, ref.slice(1));
    if (current === undefined) throw new Error(`Unresolvable $ref ${ref}`);
  }
  return current;
}

/** Rewrites `#/components/schemas/X` references so that they point into the JSON Schema document's `$defs`. */
export function rewriteSchemaRefs(node: Json): Json {
  if (Array.isArray(node)) return node.map(rewriteSchemaRefs);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string" && value.startsWith("#/components/schemas/")) {
      out[key] = `${JSON_SCHEMA_ID}#/$defs/${value.slice("#/components/schemas/".length)}`;
    } else {
      out[key] = rewriteSchemaRefs(value);
    }
  }
  return out;
}

/** One operation as the spec writes it, with its path-level and own parameters resolved (path-level first). */
export interface OperationNode {
  path: string;
  method: (typeof HTTP_METHODS)[number];
  operation: JsonObject;
  parameters: JsonObject[];
}

/** Every operation of the spec, in document order: the one walk over paths and methods. */
export function walkOperations(spec: JsonObject): OperationNode[] {
  const nodes: OperationNode[] = [];
  const paths = isObject(spec.paths) ? spec.paths : {};
  for (const [path, pathItemNode] of Object.entries(paths)) {
    const pathItem = resolveLocal(spec, pathItemNode) as JsonObject;
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!isObject(operation)) continue;
      const parameters = [...((pathItem.parameters as Json[]) ?? []), ...((operation.parameters as Json[]) ?? [])].map(
        (p) => resolveLocal(spec, p) as JsonObject,
      );
      nodes.push({ path, method, operation, parameters });
    }
  }
  return nodes;
}

/** The operations of the spec, with parameters and response schemas resolved to names. */
export function listOperations(spec: JsonObject): Operation[] {
  return walkOperations(spec).map(({ path, method, operation: op, parameters }) => {
    const responseSchemas: Record<string, string> = {};
    for (const [status, responseNode] of Object.entries(op.responses as JsonObject)) {
      const response = resolveLocal(spec, responseNode) as JsonObject;
      const media = isObject(response.content) ? response.content["application/json"] : undefined;
      const schema = isObject(media) ? media.schema : undefined;
      if (!isObject(schema)) continue;
      if (typeof schema.$ref !== "string" || !schema.$ref.startsWith("#/components/schemas/")) {
        throw new Error(`${jsonText(op.operationId)} ${status}: response bodies must $ref a named schema`);
      }
      responseSchemas[status] = schema.$ref.slice("#/components/schemas/".length);
    }
    return { operationId: op.operationId as string, method, path, parameters: parameters as unknown as Parameter[], responseSchemas };
  });
}

/** Name of the `$defs` entry holding the schema of an operation's parameters in one location. */
export function parametersDefName(operationId: string, location: Parameter["in"]): string {
  return `${operationId}_${location}`;
}

/**
 * The spec's schemas as one JSON Schema 2020-12 document: components/schemas, plus an object schema per operation
 * and parameter location (`listSamples_query`) that closes over the documented parameters.
 */
export function buildJsonSchemaDocument(spec: JsonObject): JsonObject {
  const components = (spec.components as JsonObject | undefined)?.schemas as JsonObject | undefined;
  const defs: JsonObject = {};
  for (const [name, schema] of Object.entries(components ?? {})) defs[name] = rewriteSchemaRefs(schema);
  for (const op of listOperations(spec)) {
    for (const location of ["path", "query"] as const) {
      const params = op.parameters.filter((p) => p.in === location);
      if (params.length === 0) continue;
      const properties: JsonObject = {};
      for (const p of params) properties[p.name] = rewriteSchemaRefs(p.schema);
      defs[parametersDefName(op.operationId, location)] = {
        type: "object",
        description: `The ${location} parameters of ${op.operationId}; names the spec does not document are refused.`,
        properties,
        required: params.filter((p) => p.required).map((p) => p.name),
        additionalProperties: false,
      };
    }
  }
  return { $schema: "https://json-schema.org/draft/2020-12/schema", $id: JSON_SCHEMA_ID, $defs: defs };
}

/** An ajv instance configured as everything in this project validates: draft 2020-12, strict, all errors. */
export function createAjv(options: { source?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    allowUnionTypes: true,
    code: options.source ? { source: true, esm: true, lines: true } : undefined,
  });
  addFormats(ajv);
  return ajv;
}
