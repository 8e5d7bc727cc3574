// The one walk over the JSON Schema document's schemas (generated/json-schema.json): `$ref`s followed, `allOf`
// members read as conjuncts, and what is written beside a `$ref` kept, as 2020-12 applies it too. The generator's
// rules (the page layout, the table), the mock (one plain schema to draw data from) and the contract suite read
// schemas through it.
import { escapePointerToken, unescapePointerToken } from "./json-pointer";

/**
 * A document schemas point into: the JSON Schema document (`$defs` by name, refs written `<$id>#/$defs/<name>`); a
 * spec's own refs (`#/components/schemas/<name>`) name the same `$defs` entries.
 */
export interface SchemaDocument {
  $id?: string;
  $defs?: Record<string, unknown>;
}

export type Schema = Record<string, unknown>;

/** One schema a value must satisfy, and the pointer it sits at in the document. */
export interface Conjunct {
  schema: Schema;
  pointer: string;
}

const SPEC_SCHEMAS = "/components/schemas/";
// Deep enough for any real document; a cycle of refs ends here instead of overflowing the stack.
const MAX_DEPTH = 32;

export const isSchemaObject = (value: unknown): value is Schema => typeof value === "object" && value !== null && !Array.isArray(value);

/** The document pointer (`#/$defs/...`) a `$ref` names, or undefined for a ref outside the document. */
export function refPointer(ref: string, document: SchemaDocument): string | undefined {
  const hash = ref.indexOf("#");
  const base = hash < 0 ? ref : ref.slice(0, hash);
  if (hash < 0 || (base !== "" && base !== document.$id)) return undefined;
  let fragment = ref.slice(hash + 1);
  if (fragment.startsWith(SPEC_SCHEMAS)) fragment = `/$defs/${fragment.slice(SPEC_SCHEMAS.length)}`;
  // A ref's tokens may be URI-encoded ("My%20Item"): the pointer is written with plain, pointer-escaped tokens.
  const tokens = fragment.split("/").slice(1);
  return `#${tokens.map((token) => `/${escapePointerToken(unescapePointerToken(decodeURIComponent(token)))}`).join("")}`;
}

/** The value at a document pointer ("#/$defs/Book/properties/tags"). */
export function schemaAt(pointer: string, document: SchemaDocument): unknown {
  let at: unknown = document;
  for (const token of pointer.slice(2).split("/")) {
    if (!isSchemaObject(at) && !Array.isArray(at)) return undefined;
    const key = unescapePointerToken(token);
    at = Array.isArray(at) ? at[Number(key)] : at[key];
  }
  return at;
}

/** The `$defs` entry a pointer is exactly ("#/$defs/Book" -> "Book"). */
function defName(pointer: string): string | undefined {
  const match = /^#\/\$defs\/([^/]+)$/.exec(pointer);
  return match ? unescapePointerToken(match[1]) : undefined;
}

/**
 * A schema with its chain of `$ref`s followed; the name of the last `$defs` entry reached, if any. What is written
 * beside a `$ref` is not in the answer: `conjuncts` and `flattenSchema` keep it.
 */
export function deref(schema: unknown, document: SchemaDocument): { schema: Schema | undefined; name?: string } {
  let at = schema;
  let name: string | undefined;
  for (let hops = 0; isSchemaObject(at) && typeof at.$ref === "string" && hops < MAX_DEPTH; hops++) {
    const pointer = refPointer(at.$ref, document);
    name = pointer === undefined ? undefined : defName(pointer);
    at = pointer === undefined ? undefined : schemaAt(pointer, document);
  }
  return { schema: isSchemaObject(at) ? at : undefined, name };
}

/**
 * Every schema a value of `schema` must satisfy at once, each with its pointer: what its `$ref` names (first), then
 * itself, then its `allOf` members (pages are often written `allOf: [Page, {properties: {data: {items: ...}}}]`).
 */
export function conjuncts(schema: unknown, pointer: string, document: SchemaDocument): Conjunct[] {
  const found: Conjunct[] = [];
  const visit = (at: unknown, where: string, depth: number) => {
    if (!isSchemaObject(at) || depth > MAX_DEPTH) return;
    if (typeof at.$ref === "string") {
      const target = refPointer(at.$ref, document);
      if (target !== undefined) visit(schemaAt(target, document), target, depth + 1);
    }
    found.push({ schema: at, pointer: where });
    if (Array.isArray(at.allOf)) at.allOf.forEach((member, i) => visit(member, `${where}/allOf/${i}`, depth + 1));
  };
  visit(schema, pointer, 0);
  return found;
}

/** A property's schemas across every conjunct (all must hold), each with its pointer. */
export function propertySchemas(schema: unknown, pointer: string, property: string, document: SchemaDocument): Array<{ schema: unknown; pointer: string }> {
  const found: Array<{ schema: unknown; pointer: string }> = [];
  for (const part of conjuncts(schema, pointer, document)) {
    const properties = part.schema.properties;
    if (isSchemaObject(properties) && property in properties) {
      found.push({ schema: properties[property], pointer: `${part.pointer}/properties/${escapePointerToken(property)}` });
    }
  }
  return found;
}

/** Every property name the conjuncts declare, in document order. */
export function propertyNames(schema: unknown, pointer: string, document: SchemaDocument): string[] {
  const names = new Set<string>();
  for (const part of conjuncts(schema, pointer, document)) {
    if (isSchemaObject(part.schema.properties)) for (const name of Object.keys(part.schema.properties)) names.add(name);
  }
  return [...names];
}

/** The `type`s the conjuncts declare. */
export const typesOf = (schema: unknown, document: SchemaDocument): string[] =>
  conjuncts(schema, "", document).flatMap((part) => [part.schema.type ?? []].flat().filter((t): t is string => typeof t === "string"));

/** The schema of an array's items, as its pointer: the most specific one a conjunct gives (a `$ref` or a non-empty one). */
export function itemsPointer(candidates: ReadonlyArray<{ schema: unknown; pointer: string }>, document: SchemaDocument): string | null {
  let chosen: string | null = null;
  for (const candidate of candidates) {
    for (const part of conjuncts(candidate.schema, candidate.pointer, document)) {
      const items = part.schema.items;
      if (items === undefined || items === true || (isSchemaObject(items) && Object.keys(items).length === 0)) continue;
      const { name } = deref(items, document);
      chosen = name === undefined ? `${part.pointer}/items` : `#/$defs/${escapePointerToken(name)}`;
    }
  }
  return chosen;
}

// Flattening: the conjuncts as one plain schema, for the mock's data generator (one `type`, one `properties`, one
// `required`). Only what generating a valid value needs is merged; nothing is validated here.

const LOWER_BOUNDS = new Set(["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"]);
const UPPER_BOUNDS = new Set(["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"]);

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

/** The schema with its conjuncts merged into one object (`true`, `false` and absent read as `{}`). */
export function flattenSchema(document: SchemaDocument, schema: unknown): Schema {
  let out: Schema = {};
  for (const { schema: part } of conjuncts(schema, "#", document)) {
    // Its `$ref` and `allOf` are the other conjuncts, already in the list.
    const own = { ...part };
    delete own.$ref;
    delete own.allOf;
    out = merge(out, own);
  }
  return out;
}
