// Values of a JSON Schema made from a seed: valid for the schema's common keywords (types, nullable unions, enum,
// const, bounds, lengths, simple patterns, formats, arrays, required and optional properties, allOf), and realistic
// where the spec gives examples: a value the schema or its parent object's examples hold is used now and then (more
// often the more examples there are, so that one example does not fill a whole collection).
import { textMatching } from "./pattern-text";
import { flattenSchema, isSchemaObject, type Schema, type SchemaDocument } from "../shared/schema-walk";

type Random = () => number;

/** Below this depth optional properties and extra array items stop, so that recursive schemas end. */
const MAX_DEPTH = 6;
const OPTIONAL_KEPT = 0.8;
/** The chance of using one of `count` examples: a quarter for one, a half for three, more for more. */
const exampleUsed = (count: number) => count / (count + 3);
const NULL_CHOSEN = 0.2;
/** Where generated/json-schema.json keeps a format no validator checks (uri-reference, ...): still one to make values of. */
const UNCHECKED_FORMAT = "x-unchecked-format";
/** Words of free text: a few not ASCII (each lower-cases and upper-cases back to itself), so that clients meet them. */
const WORDS = ["north", "harbour", "river", "evening", "archive", "live", "regional", "morning", "garden", "station", "café", "Zürich", "Kraków", "Ελλάδα", "東京"];

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const pad2 = (n: number) => String(n).padStart(2, "0");
const clone = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

function dateTime(random: Random): string {
  const day = new Date(Date.UTC(2005 + Math.floor(random() * 20), Math.floor(random() * 12), 1 + Math.floor(random() * 28)));
  const seconds = Math.floor(random() * 86_400);
  return new Date(day.getTime() + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function uuid(random: Random): string {
  const hex = (length: number) => Array.from({ length }, () => "0123456789abcdef"[Math.floor(random() * 16)]).join("");
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(random, ["8", "9", "a", "b"])}${hex(3)}-${hex(12)}`;
}

/** The ASCII words, for formats that take no other letters (an email's local part, a host name). */
const ASCII_WORDS = WORDS.filter((word) => /^[a-z]+$/.test(word));

const FORMATS: Readonly<Record<string, (random: Random) => string>> = {
  "date-time": dateTime,
  date: (random) => dateTime(random).slice(0, 10),
  time: (random) => `${pad2(Math.floor(random() * 24))}:${pad2(Math.floor(random() * 60))}:${pad2(Math.floor(random() * 60))}Z`,
  uri: (random) => `https://example.org/${pick(random, ASCII_WORDS)}/${Math.floor(random() * 1000)}`,
  "uri-reference": (random) => `/${pick(random, ASCII_WORDS)}/${Math.floor(random() * 1000)}`,
  email: (random) => `${pick(random, ASCII_WORDS)}.${Math.floor(random() * 1000)}@example.org`,
  uuid,
  hostname: (random) => `${pick(random, ASCII_WORDS)}.example.org`,
  ipv4: (random) => `192.0.2.${Math.floor(random() * 255)}`,
};

function stringOf(schema: Schema, random: Random): string {
  const format = FORMATS[String(schema.format ?? schema[UNCHECKED_FORMAT])];
  if (format) return format(random);
  if (typeof schema.pattern === "string") {
    const text = textMatching(schema.pattern, random);
    if (text !== undefined) return text;
  }
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  const max = typeof schema.maxLength === "number" ? schema.maxLength : Math.max(min, 40);
  let text = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(random, WORDS)).join(" ");
  while (text.length < min) text += ` ${pick(random, WORDS)}`;
  return text.slice(0, max).trimEnd().padEnd(min, "x");
}

/** The bounds a number must keep, closed; a side the schema leaves open is a thousand from the other (or 0). */
function bounds(schema: Schema, integer: boolean): [number, number] {
  const step = integer ? 1 : 0.1;
  let low = typeof schema.minimum === "number" ? schema.minimum : -Infinity;
  let high = typeof schema.maximum === "number" ? schema.maximum : Infinity;
  if (typeof schema.exclusiveMinimum === "number") low = Math.max(low, schema.exclusiveMinimum + step);
  if (typeof schema.exclusiveMaximum === "number") high = Math.min(high, schema.exclusiveMaximum - step);
  if (low === -Infinity && high === Infinity) [low, high] = [0, 1000];
  else if (high === Infinity) high = low + 1000;
  else if (low === -Infinity) low = Math.min(0, high) - (high < 0 ? 1000 : 0);
  return integer ? [Math.ceil(low), Math.floor(high)] : [low, high];
}

function numberOf(schema: Schema, integer: boolean, random: Random): number {
  const [low, high] = bounds(schema, integer);
  const multiple = typeof schema.multipleOf === "number" ? schema.multipleOf : undefined;
  if (multiple) {
    const first = Math.ceil(low / multiple);
    return (first + Math.floor(random() * (Math.floor(high / multiple) - first + 1))) * multiple;
  }
  if (integer) return low + Math.floor(random() * (high - low + 1));
  return Math.min(high, Math.max(low, Math.round((low + random() * (high - low)) * 10) / 10));
}

/** The type to make: one of the schema's (null now and then, when allowed), or the one its keywords imply. */
function typeOf(schema: Schema, random: Random): string {
  const types = [schema.type ?? []].flat().filter((t): t is string => typeof t === "string");
  const concrete = types.filter((t) => t !== "null");
  if (types.includes("null") && (concrete.length === 0 || random() < NULL_CHOSEN)) return "null";
  if (concrete.length > 0) return pick(random, concrete);
  if (isSchemaObject(schema.properties) || Array.isArray(schema.required)) return "object";
  if (schema.items !== undefined) return "array";
  return "string";
}

function scalarOf(schema: Schema, type: string, random: Random): unknown {
  if (type === "integer" || type === "number") return numberOf(schema, type === "integer", random);
  if (type === "boolean") return random() < 0.5;
  if (type === "null") return null;
  return stringOf(schema, random);
}

export type ValueGenerator = (schema: unknown, examples?: readonly unknown[]) => unknown;

export interface ValueGeneratorOptions {
  /** Whether the spec's examples are used now and then (default); false: every value is made up, as unique ids need. */
  examples?: boolean;
}

/** A generator of values of the document's schemas, drawing from `random` (the same draws give the same values). */
export function createValueGenerator(document: SchemaDocument, random: Random, { examples: useExamples = true }: ValueGeneratorOptions = {}): ValueGenerator {
  const examplesOf = (schema: Schema): unknown[] => (useExamples && Array.isArray(schema.examples) ? (schema.examples as unknown[]) : []);
  function arrayOf(schema: Schema, depth: number): unknown[] {
    const min = typeof schema.minItems === "number" ? schema.minItems : 0;
    const max = Math.min(typeof schema.maxItems === "number" ? schema.maxItems : min + 3, min + 3);
    const count = depth >= MAX_DEPTH ? min : min + Math.floor(random() * (max - min + 1));
    const items: unknown[] = [];
    const seen = new Set<string>();
    for (let attempt = 0; items.length < count && attempt < count * 5 + 5; attempt++) {
      const item = value(schema.items, [], depth + 1);
      const key = JSON.stringify(item);
      if (schema.uniqueItems === true && seen.has(key)) continue;
      seen.add(key);
      items.push(item);
    }
    return items;
  }

  function objectOf(schema: Schema, examples: readonly unknown[], depth: number): Record<string, unknown> {
    const properties = isSchemaObject(schema.properties) ? schema.properties : {};
    const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
    const objectExamples = [...examplesOf(schema), ...examples].filter(isSchemaObject);
    // A free-form object (no declared properties) is best shown by an example of it.
    if (Object.keys(properties).length === 0 && required.size === 0 && objectExamples.length > 0 && random() < exampleUsed(objectExamples.length)) {
      return clone(pick(random, objectExamples)) as Record<string, unknown>;
    }
    const out: Record<string, unknown> = {};
    for (const name of new Set([...Object.keys(properties), ...required])) {
      if (properties[name] === false) continue;
      if (!required.has(name) && (depth >= MAX_DEPTH || random() >= OPTIONAL_KEPT)) continue;
      const propertyExamples = objectExamples.filter((example) => name in example).map((example) => example[name]);
      out[name] = value(properties[name], propertyExamples, depth + 1);
    }
    return out;
  }

  function value(given: unknown, examples: readonly unknown[] = [], depth = 0): unknown {
    let schema = flattenSchema(document, given);
    const branches = [schema.anyOf, schema.oneOf].find(Array.isArray);
    if (branches && branches.length > 0) {
      const { anyOf: _anyOf, oneOf: _oneOf, ...rest } = schema;
      schema = flattenSchema(document, { allOf: [rest, pick(random, branches)] });
    }
    if ("const" in schema) return clone(schema.const);
    if (Array.isArray(schema.enum) && schema.enum.length > 0) return clone(pick(random, schema.enum));
    const type = typeOf(schema, random);
    if (type === "object") return objectOf(schema, examples, depth);
    // A patterned text (an id, a digest, a code) takes only its own schema's examples, never its parent object's: those
    // are one object's id or digest, which would repeat across a collection.
    const leafExamples = type === "string" && typeof schema.pattern === "string" ? examplesOf(schema) : [...examplesOf(schema), ...examples];
    if (type !== "null" && leafExamples.length > 0 && random() < exampleUsed(leafExamples.length)) return clone(pick(random, leafExamples));
    return type === "array" ? arrayOf(schema, depth) : scalarOf(schema, type, random);
  }

  return (schema, examples) => value(schema, useExamples ? examples : []);
}
