// The spec as data: read it, list its operations, and turn its schemas into one JSON Schema 2020-12 document that
// ajv compiles. Shared by the generator, the tests and anything else that must read the spec the same way.
import { readFile } from "node:fs/promises";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { parse as parseYaml } from "yaml";
import { escapePointerToken, unescapePointerToken } from "../src/shared/json-pointer";
import { isIgnoredHeaderParameter } from "../src/shared/header-parameters";
import { JSON_MEDIA_TYPE } from "../src/shared/media-type";
import { INLINE_FORMATS } from "../scripts/inline-formats";
import { parseStrictJson } from "../scripts/strict-json";

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
  /**
   * status ("200", "404", "default") -> name, in the JSON Schema document's `$defs`, of its application/json body's
   * schema: a components/schemas name, or the name an inline schema is hoisted under (see responseBody)
   */
  responseSchemas: Record<string, string>;
}

export async function readSpec(specPath: string): Promise<JsonObject> {
  return parseSpec(await readFile(specPath, "utf8"));
}

/**
 * The spec from its YAML text, strictly: a duplicated key is an error, not a silent overwrite. A JSON text (JSON is
 * YAML) with no duplicated key is read by JSON.parse, to the same value, many times faster (scripts/strict-json.ts).
 */
export function parseSpec(text: string): JsonObject {
  return (parseStrictJson(text) ?? parseYaml(text, { strict: true, uniqueKeys: true })) as JsonObject;
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One token of a JSON pointer, escaped ("/samples" -> "~1samples"). */

/** The value at a JSON pointer ("/paths/~1samples/get"; "" is the whole document), or undefined. */
export function valueAtPointer(document: unknown, pointer: string): any {
  if (pointer === "") return document;
  let at: any = document;
  for (const raw of pointer.slice(1).split("/")) {
    if (at === null || typeof at !== "object") return undefined;
    at = at[unescapePointerToken(raw)];
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
  /** the path item it belongs to, its `$ref` followed */
  pathItem: JsonObject;
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
      nodes.push({ path, method, operation, pathItem, parameters });
    }
  }
  return nodes;
}

const SCHEMAS_PREFIX = "#/components/schemas/";
const RESPONSES_PREFIX = "#/components/responses/";

/** An inline response schema, hoisted into the JSON Schema document's `$defs` under `name`. */
export interface InlineResponseSchema {
  name: string;
  /** JSON pointer, in the spec, of where the schema is written */
  at: string;
  schema: JsonObject;
}

/**
 * The `$defs` name of a response's JSON schema (application/json, or a `+json` type such as application/problem+json), and the schema itself when it is written inline.
 *
 * A `$ref` to components/schemas keeps that name. An inline schema is named after the operation and status
 * (`listTags_200`, `listTags_default`), except in a components/responses entry `X`: there it is named `X`, shared by
 * every operation that answers with X (one validator; a name that does not move when operations come and go), unless
 * a components/schemas entry is already named X, when it falls back to the operation's name. A name that a
 * components/schemas entry holds is an error: the two would be one `$defs` entry.
 */
function responseBody(
  spec: JsonObject,
  operationId: string,
  status: string,
  responseNode: Json,
  writtenAt: string,
): { name: string; inline?: InlineResponseSchema } | undefined {
  let at = writtenAt;
  let node = responseNode;
  while (isObject(node) && typeof node.$ref === "string") {
    at = node.$ref;
    node = resolveLocal(spec, { $ref: node.$ref }) as Json;
  }
  const jsonType = isObject(node) && isObject(node.content) ? jsonMediaType(Object.keys(node.content)) : undefined;
  const media = jsonType !== undefined && isObject(node) && isObject(node.content) ? node.content[jsonType] : undefined;
  const schema = isObject(media) ? media.schema : undefined;
  if (!isObject(schema)) return undefined;
  if (typeof schema.$ref === "string" && !assertsBesideRef(spec, schema)) {
    if (schema.$ref.startsWith(SCHEMAS_PREFIX)) return { name: schema.$ref.slice(SCHEMAS_PREFIX.length) };
    throw new Error(`${operationId} ${status}: a response body must be written inline or $ref a components/schemas entry, not ${schema.$ref}`);
  }
  const components = componentSchemas(spec);
  const component = at.startsWith(RESPONSES_PREFIX) && !at.slice(RESPONSES_PREFIX.length).includes("/") ? unescapePointerToken(at.slice(RESPONSES_PREFIX.length)) : undefined;
  const name = component !== undefined && !(component in components) ? component : `${operationId}_${status}`;
  const schemaAt = `${at}/content/${escapePointerToken(jsonType ?? "")}/schema`;
  if (name in components) {
    throw new Error(
      `the inline response schema at ${schemaAt} is named ${name} (after its operation and status) in the JSON Schema ` +
        `document, which is the name of ${SCHEMAS_PREFIX}${escapePointerToken(name)}: rename that schema, or $ref a named schema from the response`,
    );
  }
  return { name, inline: { name, at: schemaAt, schema } };
}

// Keywords that only annotate: written beside a `$ref`, they leave the values it accepts as the named schema's.
const ANNOTATIONS = new Set(["$ref", "$comment", "title", "description", "summary", "default", "examples", "example", "deprecated", "readOnly", "writeOnly"]);

/**
 * Whether a `$ref`'d body also asserts something beside its `$ref` (`required`, `properties`, ...): 3.1 (JSON Schema
 * 2020-12) applies both, so the body is its own schema, not the named one; 3.0 ignores what is beside a `$ref`.
 */
function assertsBesideRef(spec: JsonObject, schema: JsonObject): boolean {
  return !isOpenApi30(spec) && Object.keys(schema).some((key) => !ANNOTATIONS.has(key) && !key.startsWith("x-"));
}

/** The spec's components/schemas, by name ({} when it has none). */
function componentSchemas(spec: JsonObject): JsonObject {
  const schemas = isObject(spec.components) ? spec.components.schemas : undefined;
  return isObject(schemas) ? schemas : {};
}

/** The operations, each with the inline response schemas it hoists: the one reading of responses. */
function readOperations(spec: JsonObject): { operation: Operation; inline: InlineResponseSchema[] }[] {
  return walkOperations(spec).map(({ path, method, operation: op, parameters }) => {
    const responseSchemas: Record<string, string> = {};
    const inline: InlineResponseSchema[] = [];
    const operationId = op.operationId as string;
    for (const [status, responseNode] of Object.entries(op.responses as JsonObject)) {
      const at = `#/paths/${escapePointerToken(path)}/${method}/responses/${escapePointerToken(status)}`;
      const body = responseBody(spec, jsonText(op.operationId), status, responseNode, at);
      if (!body) continue;
      responseSchemas[status] = body.name;
      if (body.inline) inline.push(body.inline);
    }
    return { operation: { operationId, method, path, parameters: parameters as unknown as Parameter[], responseSchemas }, inline };
  });
}

/** The operations of the spec, with parameters and response schemas resolved to names. */
export function listOperations(spec: JsonObject): Operation[] {
  return readOperations(spec).map((read) => read.operation);
}

/**
 * Every inline response schema of the spec, with its `$defs` name, in document order. One written in a
 * components/responses entry appears once per operation that uses it (the same name and pointer each time).
 */
export function inlineResponseSchemas(spec: JsonObject): InlineResponseSchema[] {
  return readOperations(spec).flatMap((read) => read.inline);
}

/** Name of the `$defs` entry holding the schema of an operation's parameters in one location. */
export function parametersDefName(operationId: string, location: Parameter["in"]): string {
  return `${operationId}_${location}`;
}

/**
 * Whether a parameter is in its operation's parameter schema of the JSON Schema document (and so gets a validator): a
 * path or query one, or a header one OpenAPI does not ignore (Accept, Content-Type, Authorization).
 */
export const isValidatedParameter = (parameter: { in?: unknown; name?: unknown }): boolean =>
  parameter.in === "path" || parameter.in === "query" || (parameter.in === "header" && typeof parameter.name === "string" && !isIgnoredHeaderParameter(parameter.name));

/**
 * The spec's schemas as one JSON Schema 2020-12 document: components/schemas, plus an object schema per operation
 * and parameter location (`listSamples_query`; path and query closed over the documented parameters, header open and
 * without the ones OpenAPI ignores), plus the inline response
 * schemas under their names (`listTags_200`). Two schemas under one name are an error naming both.
 */
export function buildJsonSchemaDocument(spec: JsonObject): JsonObject {
  const defs: JsonObject = {};
  const origins = new Map<string, string>();
  const define = (name: string, origin: string, schema: Json) => {
    const before = origins.get(name);
    if (before !== undefined && before !== origin) {
      throw new Error(`two schemas would be $defs/${name} in the JSON Schema document: ${before} and ${origin}; rename one`);
    }
    origins.set(name, origin);
    defs[name] = schema;
  };
  for (const [name, schema] of Object.entries(componentSchemas(spec))) {
    define(name, `${SCHEMAS_PREFIX}${escapePointerToken(name)}`, jsonSchemaOf(spec, schema));
  }
  for (const { operation: op, inline } of readOperations(spec)) {
    for (const location of ["path", "query", "header"] as const) {
      const params = op.parameters.filter((p) => p.in === location && isValidatedParameter(p));
      if (params.length === 0) continue;
      const properties: JsonObject = {};
      for (const p of params) properties[p.name] = jsonSchemaOf(spec, p.schema);
      // A request carries many headers the spec never names, and HTTP reads header names in any letter case: the
      // header object is keyed by the spec's spelling (its caller looks each up in any case) and stays open.
      const closed = location !== "header";
      define(parametersDefName(op.operationId, location), `the ${location} parameters of ${op.operationId}`, {
        type: "object",
        description: closed
          ? `The ${location} parameters of ${op.operationId}; names the spec does not document are refused.`
          : `The header parameters of ${op.operationId}, by the spec's spelling of their names; other headers are not judged.`,
        properties,
        required: params.filter((p) => p.required).map((p) => p.name),
        ...(closed ? { additionalProperties: false } : {}),
      });
    }
    for (const body of inline) define(body.name, body.at, jsonSchemaOf(spec, body.schema));
  }
  return { $schema: "https://json-schema.org/draft/2020-12/schema", $id: JSON_SCHEMA_ID, $defs: defs };
}


/** The first JSON media type of a content map's keys, if any (application/json preferred). */
export function jsonMediaType(types: string[]): string | undefined {
  return types.find((t) => /^application\/json\s*(?:;|$)/i.test(t)) ?? types.find((t) => JSON_MEDIA_TYPE.test(t));
}

/** How a body of these media types reads: JSON, text (`text/*`, XML), bytes, or none (no content: a 204). */
export type BodyKind = "json" | "text" | "binary" | null;

export function bodyKind(types: string[]): BodyKind {
  if (types.length === 0) return null;
  if (jsonMediaType(types) !== undefined) return "json";
  if (types.some((t) => /^text\//i.test(t) || /[/+]xml\s*(?:;|$)/i.test(t))) return "text";
  return "binary";
}

/** Whether the spec is an OpenAPI 3.0 document, whose schemas are a dialect of JSON Schema converted for validation. */
export function isOpenApi30(spec: JsonObject): boolean {
  return typeof spec.openapi === "string" && spec.openapi.startsWith("3.0");
}

/**
 * A schema of the spec as validation reads it: a 3.0 document's converted to JSON Schema 2020-12 (fromOpenApi30Schema),
 * a 3.1 document's as written (3.1 schemas are 2020-12 already).
 */
export function validatedSchema(spec: JsonObject, schema: Json): Json {
  return asValidated(isOpenApi30(spec) ? fromOpenApi30Schema(schema) : schema);
}

/**
 * A schema of the spec as the JSON Schema document and the operation table hold it: converted for validation
 * (validatedSchema) and its `#/components/schemas/X` refs pointing into the document's `$defs`. The one conversion of
 * every schema: components, parameters, bodies and headers alike.
 */
export function jsonSchemaOf(spec: JsonObject, schema: Json): Json {
  return rewriteSchemaRefs(validatedSchema(spec, schema));
}

/**
 * OpenAPI's formats that state no rule a validator could check: hints for user interfaces (`password`, `binary`) and
 * number widths any JSON number satisfies (`float`, `double`). Kept as annotations, silently.
 */
export const ANNOTATION_FORMATS: ReadonlySet<string> = new Set(["password", "binary", "float", "double"]);
/** Where a `format` the validators do not check is kept: an annotation, as JSON Schema 2020-12 reads `format`. */
export const UNCHECKED_FORMAT = "x-unchecked-format";
/** OpenAPI 3.1's schema-dialect keywords beyond JSON Schema 2020-12: annotations for tools, none decides validity. */
const OPENAPI_DIALECT_ONLY = ["example", "discriminator", "xml", "externalDocs"];
/** Extensions validation reads (ajv registers them); any other `x-` keyword is dropped, as ajv's strict mode refuses it. */
const KEPT_EXTENSIONS = ["x-order-matters", UNCHECKED_FORMAT];

/**
 * A 2020-12 schema (a 3.1 document's as written, or a 3.0 one's converted) as every validator of the project compiles
 * it: a `format` the generated validators cannot check (scripts/inline-formats.ts) becomes an annotation under
 * UNCHECKED_FORMAT, so the client and the suite judge the same values; the dialect's `example` joins `examples`;
 * `enum: []` (no value is valid; ajv refuses the empty list) becomes `not: {}`; other extensions are dropped; a 3.0
 * `nullable` left in a 3.1 document (not a 3.1 keyword, so ajv would refuse it) is read as 3.0 reads it.
 */
function asValidated(schema: Json): Json {
  if (!isObject(schema)) return schema;
  const out = mapSubschemas(schema, asValidated);
  for (const key of Object.keys(out)) {
    if ((key.startsWith("x-") && !KEPT_EXTENSIONS.includes(key)) || OPENAPI_DIALECT_ONLY.includes(key)) delete out[key];
  }
  if ("example" in schema) out.examples = [schema.example, ...(Array.isArray(schema.examples) ? schema.examples : [])];
  if (typeof out.format === "string" && !(out.format in INLINE_FORMATS)) {
    out[UNCHECKED_FORMAT] = out.format;
    delete out.format;
  }
  if ("nullable" in out) {
    delete out.nullable;
    if (schema.nullable === true && schema.type !== undefined) Object.assign(out, allowingNull(out));
  }
  if (Array.isArray(out.enum) && out.enum.length === 0) {
    delete out.enum;
    out.not = {};
  }
  return out;
}

// Where a schema holds subschemas: a map of them, a list of them, or one (JSON Schema 2020-12, and OpenAPI 3.0's subset).
export const SCHEMA_MAPS = ["properties", "patternProperties", "$defs", "dependentSchemas"];
export const SCHEMA_LISTS = ["allOf", "anyOf", "oneOf", "prefixItems"];
export const SUBSCHEMAS = ["items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else", "unevaluatedItems", "unevaluatedProperties"];

/**
 * The schema with each subschema replaced by `map(subschema)`, keys in their order. Values that are data (`enum`,
 * `default`, `example`) and a property that happens to be named like a keyword (`properties.example`) are left alone.
 */
export function mapSubschemas(schema: JsonObject, map: (subschema: Json) => Json): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (SCHEMA_MAPS.includes(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, map(sub)]));
    } else if (SCHEMA_LISTS.includes(key) && Array.isArray(value)) out[key] = value.map(map);
    else if (SUBSCHEMAS.includes(key)) out[key] = map(value);
    else out[key] = value;
  }
  return out;
}

// OpenAPI 3.0 schema keywords that JSON Schema 2020-12 does not have (ajv's strict mode refuses unknown keywords). None
// decides validity: `nullable` is folded into `type`, `example` into `examples`, the rest are annotations for tools.
const OPENAPI_30_ONLY = ["nullable", "example", "discriminator", "xml", "externalDocs"];
const EXCLUSIVE_BOUNDS = [
  ["minimum", "exclusiveMinimum"],
  ["maximum", "exclusiveMaximum"],
] as const;

/**
 * An OpenAPI 3.0 Schema Object, and its subschemas, as the JSON Schema 2020-12 schema that accepts the same values:
 * - `nullable: true` adds "null" to `type` (and null to an `enum`, which would refuse it otherwise); without `type`
 *   it changes nothing, as 3.0.3 says;
 * - a boolean `exclusiveMinimum`/`exclusiveMaximum` (3.0: a flag on `minimum`/`maximum`) becomes the numeric bound;
 * - `example` becomes `examples: [example]`; `x-*` extensions, `discriminator`, `xml` and `externalDocs` are dropped;
 * - a `$ref` stands alone: 3.0 ignores whatever is written beside it, 2020-12 would apply it.
 */
export function fromOpenApi30Schema(schema: Json): Json {
  if (!isObject(schema)) return schema;
  if (typeof schema.$ref === "string") return { $ref: schema.$ref };
  const out = mapSubschemas(schema, fromOpenApi30Schema);
  for (const key of Object.keys(out)) {
    if (key.startsWith("x-") || OPENAPI_30_ONLY.includes(key)) delete out[key];
  }
  if ("example" in schema) out.examples = [schema.example, ...(Array.isArray(schema.examples) ? schema.examples : [])];
  for (const [bound, exclusive] of EXCLUSIVE_BOUNDS) {
    if (typeof schema[exclusive] !== "boolean") continue;
    delete out[exclusive];
    if (schema[exclusive] && typeof schema[bound] === "number") {
      delete out[bound];
      out[exclusive] = schema[bound];
    }
  }
  if (schema.nullable === true && schema.type !== undefined) Object.assign(out, allowingNull(schema));
  return out;
}

/** The `type` (and `enum`, if any) of a 3.0 schema with `nullable: true`, each admitting null. */
function allowingNull(schema: JsonObject): JsonObject {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type as Json];
  const out: JsonObject = { type: types.includes("null") ? types : [...types, "null"] };
  if (Array.isArray(schema.enum)) out.enum = schema.enum.includes(null) ? schema.enum : [...schema.enum, null];
  return out;
}

// ajv's strict options that judge how a schema is written, not what it accepts. Documents compose a page as
// `allOf: [{$ref: Page}, {properties: {data: {items: ...}}}]`, and 3.1 ones also as `{$ref: Page, required: [...]}`:
// the second part leaves `type` (and may leave `properties` for a `required` name) to the first, which strictTypes
// and strictRequired refuse though the whole is exact. Off for every document: a real spec written so must generate.
const COMPOSITION_LENIENCY = { strictTypes: false, strictRequired: false } as const;

/**
 * An ajv instance configured as everything in this project validates: draft 2020-12, strict (but for the two lints
 * composition trips, above), all errors.
 */
export function createAjv(options: { source?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    ...COMPOSITION_LENIENCY,
    allErrors: true,
    allowUnionTypes: true,
    // Code for the generator to ship: without ajv's optimising passes, which cost GitHub's REST description about a
    // sixth of its generation time (`npm run bench -- --only generation`) for 7% less code.
    code: options.source ? { source: true, esm: true, lines: true, optimize: false } : undefined,
  });
  addFormats(ajv);
  // An annotation the contract suite reads (an array whose order is part of the contract); it validates nothing.
  ajv.addKeyword({ keyword: "x-order-matters", schemaType: "boolean" });
  ajv.addKeyword({ keyword: UNCHECKED_FORMAT, schemaType: "string" });
  return ajv;
}
