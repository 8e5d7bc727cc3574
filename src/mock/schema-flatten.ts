// A schema of the JSON Schema document read as one plain schema: its `$ref` followed and its `allOf` members merged,
// so that the data generator sees one `type`, one `properties` and one `required` (pages and items are often written
// `allOf: [Base, {properties: ...}]`). Only what generating a valid value needs is merged; nothing is validated here.
import { unescapePointerToken } from "../shared/json-pointer";

/**
 * A document schemas point into: the JSON Schema document (generated/json-schema.json: `$defs` by name, refs written
 * `<$id>#/$defs/<name>`), or the OpenAPI document itself (refs written `#/components/schemas/<name>`).
 */
export interface SchemaDocument {
  $id?: string;
  $defs?: Record<string, unknown>;
}

export type Schema = Record<string, unknown>;

const MAX_DEPTH = 32;
const LOWER_BOUNDS = new Set(["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"]);
const UPPER_BOUNDS = new Set(["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"]);

export const isSchemaObject = (value: unknown): value is Schema => typeof value === "object" && value !== null && !Array.isArray(value);

/** A JSON value as text: a string as it is, anything else as its JSON (1 -> "1", null -> "null"). */
export const asText = (value: unknown): string => (typeof value === "string" ? value : (JSON.stringify(value) ?? "undefined"));

/** What a `$ref` or pointer names in the document ("urn:...#/$defs/Item", "#/$defs/Item/properties/labels"). */
function schemaAt(document: SchemaDocument, ref: string): unknown {
  const hash = ref.indexOf("#");
  const base = hash < 0 ? ref : ref.slice(0, hash);
  if (hash < 0 || (base !== "" && base !== document.$id)) return undefined;
  let at: unknown = document;
  for (const token of ref.slice(hash + 1).split("/").slice(1)) {
    if (!isSchemaObject(at) && !Array.isArray(at)) return undefined;
    const key = unescapePointerToken(decodeURIComponent(token));
    at = Array.isArray(at) ? at[Number(key)] : at[key];
  }
  return at;
}

function intersectTypes(a: unknown, b: unknown): unknown {
  const left = [a].flat();
  const both = [b].flat().filter((type) => left.includes(type));
  return both.length === 0 ? b : both.length === 1 ? both[0] : both;
}

/** Two property maps as one: a name both declare must satisfy both schemas. */
function mergeProperties(a: unknown, b: unknown): Schema {
  const out: Schema = { ...(isSchemaObject(a) ? a : {}) };
  for (const [name, schema] of Object.entries(isSchemaObject(b) ? b : {})) out[name] = name in out ? { allOf: [out[name], schema] } : schema;
  return out;
}

/** `b`'s keywords over `a`'s, each kept as strict as both together require. */
function merge(a: Schema, b: Schema): Schema {
  const out: Schema = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const before = out[key];
    if (before === undefined) out[key] = value;
    else if (key === "properties") out.properties = mergeProperties(before, value);
    else if (key === "required") out.required = [...new Set([before, value].flat())];
    else if (key === "type") out.type = intersectTypes(before, value);
    else if (key === "examples") out.examples = [before, value].flat();
    else if (LOWER_BOUNDS.has(key) && typeof value === "number") out[key] = Math.max(Number(before), value);
    else if (UPPER_BOUNDS.has(key) && typeof value === "number") out[key] = Math.min(Number(before), value);
    else out[key] = value;
  }
  return out;
}

/** The schema with `$ref` and `allOf` resolved into one object (`true`, `false` and absent read as `{}`). */
export function flattenSchema(document: SchemaDocument, schema: unknown, depth = 0): Schema {
  if (!isSchemaObject(schema) || depth > MAX_DEPTH) return {};
  const { $ref, allOf, ...own } = schema;
  let out: Schema = typeof $ref === "string" ? flattenSchema(document, schemaAt(document, $ref), depth + 1) : {};
  out = merge(out, own);
  for (const member of Array.isArray(allOf) ? allOf : []) out = merge(out, flattenSchema(document, member, depth + 1));
  return out;
}
