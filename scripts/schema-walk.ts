// The one walk over the JSON Schema document's schemas that generation-time rules use: `$ref`s followed, `allOf`
// members read as conjuncts, properties and their types found across every conjunct.
import { isObject, type Json, type JsonObject } from "../spec/model";
import { escapePointerToken, unescapePointerToken } from "../src/shared/json-pointer";

const SCHEMAS_PREFIX = "#/components/schemas/";

/** A schema as the JSON Schema document holds it, with its `$ref` to a `$defs` entry followed. */
export interface Defs {
  defs: JsonObject;
  id: string;
}

/** The `$defs` name a `$ref` points at, for a ref into the document ("urn:...#/$defs/Sample") or a spec ref. */
function refName(ref: string, defs: Defs): string | undefined {
  for (const prefix of [`${defs.id}#/$defs/`, "#/$defs/", SCHEMAS_PREFIX]) {
    if (ref.startsWith(prefix)) return decodeURIComponent(ref.slice(prefix.length));
  }
  return undefined;
}

/** A schema with its `$ref` chain followed inside the document; the name of the last `$defs` entry reached, if any. */
export function deref(schema: Json | undefined, defs: Defs): { schema: JsonObject | undefined; name?: string } {
  let at = schema;
  let name: string | undefined;
  for (let hops = 0; isObject(at) && typeof at.$ref === "string" && hops < 32; hops++) {
    name = refName(at.$ref, defs);
    at = name === undefined ? undefined : defs.defs[name];
  }
  return { schema: isObject(at) ? at : undefined, name };
}

/**
 * Every schema that a value of `schema` must satisfy at once: itself and, through `allOf` and `$ref`, its members
 * (pages are often written `allOf: [Page, {properties: {data: {items: ...}}}]`), each with the pointer it sits at.
 */
export function conjuncts(schema: Json | undefined, pointer: string, defs: Defs, depth = 0): Array<{ schema: JsonObject; pointer: string }> {
  const { schema: resolved, name } = deref(schema, defs);
  if (!resolved || depth > 16) return [];
  const at = name === undefined ? pointer : `#/$defs/${escapePointerToken(name)}`;
  const members = Array.isArray(resolved.allOf) ? resolved.allOf : [];
  return [{ schema: resolved, pointer: at }, ...members.flatMap((member, i) => conjuncts(member, `${at}/allOf/${i}`, defs, depth + 1))];
}

/** A property's schemas across every conjunct (all must hold), each with its pointer. */
export function propertySchemas(schema: Json | undefined, pointer: string, property: string, defs: Defs): Array<{ schema: Json; pointer: string }> {
  const found: Array<{ schema: Json; pointer: string }> = [];
  for (const part of conjuncts(schema, pointer, defs)) {
    const properties = part.schema.properties;
    if (isObject(properties) && property in properties) {
      found.push({ schema: properties[property], pointer: `${part.pointer}/properties/${escapePointerToken(property)}` });
    }
  }
  return found;
}

/** Every property name the conjuncts declare, in document order. */
export function propertyNames(schema: Json | undefined, pointer: string, defs: Defs): string[] {
  const names = new Set<string>();
  for (const part of conjuncts(schema, pointer, defs)) {
    if (isObject(part.schema.properties)) for (const name of Object.keys(part.schema.properties)) names.add(name);
  }
  return [...names];
}

export const typesOf = (schema: Json | undefined, defs: Defs): string[] =>
  conjuncts(schema, "", defs).flatMap((part) => [part.schema.type ?? []].flat().filter((t): t is string => typeof t === "string"));

/** The schema of an array's items, as its pointer: the most specific one a conjunct gives (a `$ref` or a non-empty one). */
export function itemsPointer(candidates: Array<{ schema: Json; pointer: string }>, defs: Defs): string | null {
  let chosen: string | null = null;
  for (const candidate of candidates) {
    for (const part of conjuncts(candidate.schema, candidate.pointer, defs)) {
      const items = part.schema.items;
      if (items === undefined || items === true || (isObject(items) && Object.keys(items).length === 0)) continue;
      const { name } = deref(items, defs);
      chosen = name === undefined ? `${part.pointer}/items` : `#/$defs/${escapePointerToken(name)}`;
    }
  }
  return chosen;
}

/** The schema at a pointer of the document ("#/$defs/Sample/properties/x"). */
export function schemaAt(pointer: string, defs: Defs): Json | undefined {
  let at: Json | undefined = { $defs: defs.defs };
  for (const token of pointer.slice(2).split("/")) {
    if (!isObject(at) && !Array.isArray(at)) return undefined;
    const key = unescapePointerToken(token);
    at = Array.isArray(at) ? at[Number(key)] : at[key];
  }
  return at;
}

