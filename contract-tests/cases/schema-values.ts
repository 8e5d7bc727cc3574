// Values of a parameter's schema, built by construction (never drawn and thrown away without end): booleans, integers
// and numbers within their bounds and multiples, enums and consts, strings of a format, a pattern or a length, arrays
// of them, and the branches of oneOf/anyOf and the members of allOf, through `$ref`s. Where no value can be built, `why` says so in a
// sentence for the run's notes. How a parameter's value is written on the wire (an array repeated or joined by its
// style's delimiter, as src/mock/query.ts reads it) and read back as the validators see it is here too.
import fc from "fast-check";
import { textType, typedText } from "../../src/shared/query-text";
import { flattenSchema, isSchemaObject } from "../../src/shared/schema-walk";
import type { SpecOperation, SpecParameter } from "../spec";

type JsonObject = Record<string, any>;

/** What one parameter's value is on the wire: one text, or (an array written `?tag=a&tag=b`) one text per item. */
export type Wire = string | string[];

/** How a parameter's text is read: one scalar, or an array of scalars repeated or joined by a delimiter. */
export type Reading = { array: false; type: string | null } | { array: true; explode: boolean; delimiter: string; type: string | null };

/** Values of a schema, or why none can be built. */
export type Built = { values: fc.Arbitrary<unknown>; why?: undefined } | { values?: undefined; why: string };

const DELIMITERS: Readonly<Record<string, string>> = { form: ",", spaceDelimited: " ", pipeDelimited: "|" };
/** `$ref`s followed at most this deep (a schema that refers to itself ends there). */
const MAX_DEPTH = 8;
const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/**
 * A schema as one plain schema (the one walk, src/shared/schema-walk.ts: its `$ref`s followed, what is beside them
 * kept, its `allOf` members merged, each bound as strict as both), and OpenAPI 3.0's `nullable` and boolean exclusive
 * bounds read as 2020-12 writes them.
 */
export function resolved(op: SpecOperation, schema: unknown): JsonObject {
  if (!isSchemaObject(schema)) return {};
  const out: JsonObject = flattenSchema(op.schemaDocument, schema);
  if (out.nullable === true && out.type !== undefined) out.type = [...new Set([out.type].flat().concat("null"))];
  if (out.exclusiveMinimum === true) [out.exclusiveMinimum, out.minimum] = [out.minimum, undefined];
  if (out.exclusiveMaximum === true) [out.exclusiveMaximum, out.maximum] = [out.maximum, undefined];
  if (out.exclusiveMinimum === false) delete out.exclusiveMinimum;
  if (out.exclusiveMaximum === false) delete out.exclusiveMaximum;
  return out;
}

export function typesOf(schema: JsonObject): string[] {
  return [schema.type ?? []].flat().filter((t): t is string => typeof t === "string");
}

/** The scalar type a schema's text is read as: its `type` (the first non-null one), else its enum's (src/mock/query.ts). */
function scalarType(schema: JsonObject): string | null {
  const type = textType(schema.type);
  if (type !== null) return type;
  const first: unknown = [...(Array.isArray(schema.enum) ? schema.enum : []), schema.const].find((v) => v !== null && v !== undefined);
  if (typeof first === "number") return Number.isInteger(first) ? "integer" : "number";
  return typeof first === "boolean" ? "boolean" : null;
}

/** How the parameter's text is read: a query array by its row's style, a path array joined by commas (style simple). */
export function readingOf(op: SpecOperation, p: SpecParameter): Reading {
  const s = resolved(op, p.schema);
  const type = scalarType(s);
  if (type !== "array") return { array: false, type };
  const items = resolved(op, s.items);
  const row = p.in === "query" ? op.row.queryParameters.find((q) => q.name === p.name) : undefined;
  const joined = p.in === "query" ? row?.joined : "form";
  return { array: true, explode: joined === undefined, delimiter: DELIMITERS[joined ?? "form"] ?? ",", type: scalarType(items) };
}

/** A typed value as the wire carries it (an array's items as texts, repeated or joined). */
export function wireOf(reading: Reading, value: unknown): Wire {
  if (!reading.array || !Array.isArray(value)) return String(value);
  const texts = value.map(String);
  return reading.explode ? texts : texts.join(reading.delimiter);
}

/** A wire value as the validators see it: typed as its parameter's type, an array split by its delimiter. */
export function typedWire(reading: Reading, wire: Wire): unknown {
  if (!reading.array) return Array.isArray(wire) ? wire.map((t) => typedText(t, reading.type)) : typedText(wire, reading.type);
  const texts = Array.isArray(wire) ? wire : reading.explode ? [wire] : wire.split(reading.delimiter);
  return texts.map((t) => typedText(t, reading.type));
}

/** A wire value in one line, for notes and reports ("a", or ["a","b"] for a repeated one). */
export const wireText = (wire: Wire): string => (Array.isArray(wire) ? JSON.stringify(wire) : wire);

/**
 * Strings of full Unicode (any code point but lone surrogates, which no URL can carry), of any length up to the bound:
 * fast-check's default size would keep them to about ten characters, far from a maxLength of 100.
 */
export const unicode = (constraints: { minLength?: number; maxLength: number }) => fc.string({ unit: "binary", size: "max", ...constraints });

const PATTERN_ARBITRARIES = new Map<string, fc.Arbitrary<string> | string>();

/**
 * A pattern's lookarounds removed: fast-check builds no string for them, and what is left matches a superset, among
 * which the validator keeps the strings the whole pattern accepts.
 */
function withoutLookarounds(pattern: string): string {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === "\\") {
      out += pattern.slice(i, i + 2);
      i++;
      continue;
    }
    const lookaround = /^\(\?<?[=!]/.exec(pattern.slice(i));
    if (!lookaround) {
      out += pattern[i];
      continue;
    }
    // Skip to the group's closing parenthesis (escapes and classes included).
    let level = 0;
    let inClass = false;
    for (; i < pattern.length; i++) {
      const c = pattern[i];
      if (c === "\\") i++;
      else if (inClass) inClass = c !== "]";
      else if (c === "[") inClass = true;
      else if (c === "(") level++;
      else if (c === ")" && --level === 0) break;
    }
  }
  return out;
}

/**
 * Strings matching a pattern, built once per pattern (building fc.stringMatching costs 1 to 10 ms a pattern), or why
 * none can be built. A pattern fast-check cannot build from (lookarounds) is built without them; one it still cannot
 * (backreferences) or that is not a `u` regular expression is said so.
 */
export function matching(pattern: string): fc.Arbitrary<string> | string {
  let built = PATTERN_ARBITRARIES.get(pattern);
  if (built !== undefined) return built;
  try {
    built = fc.stringMatching(new RegExp(pattern, "u"));
  } catch (first) {
    try {
      built = fc.stringMatching(new RegExp(withoutLookarounds(pattern), "u"));
    } catch {
      built = `pattern ${pattern} cannot be built from (${(first as Error).message.replace(/!$/, "")})`;
    }
  }
  PATTERN_ARBITRARIES.set(pattern, built);
  return built;
}

const dates = () => fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2199-12-31T00:00:00Z"), noInvalidDate: true });

/** Texts of a format's values, built so: every format the generator checks (scripts/inline-formats.ts), and ipv4/6. */
const FORMAT_VALUES: Record<string, () => fc.Arbitrary<string>> = {
  date: () => dates().map((d) => d.toISOString().slice(0, 10)),
  "date-time": () => dates().map((d) => d.toISOString()),
  time: () => dates().map((d) => `${d.toISOString().slice(11, 19)}Z`),
  uuid: () => fc.uuid(),
  email: () => fc.emailAddress(),
  uri: () => fc.webUrl(),
  ipv4: () => fc.ipV4(),
  ipv6: () => fc.ipV6(),
};

const why = (text: string): Built => ({ why: text });

/** Integers of [min, max] (a quarter of the time at a bound or a storage edge), every `step`th when it has one. */
function integerValues(s: JsonObject, edges: number[]): Built {
  let min = typeof s.exclusiveMinimum === "number" ? Math.floor(s.exclusiveMinimum) + 1 : Number.MIN_SAFE_INTEGER;
  let max = typeof s.exclusiveMaximum === "number" ? Math.ceil(s.exclusiveMaximum) - 1 : Number.MAX_SAFE_INTEGER;
  if (typeof s.minimum === "number") min = Math.max(min, Math.ceil(s.minimum));
  if (typeof s.maximum === "number") max = Math.min(max, Math.floor(s.maximum));
  if (s.format === "int32") [min, max] = [Math.max(min, INT32.min), Math.min(max, INT32.max)];
  const step = typeof s.multipleOf === "number" && s.multipleOf > 0 && Number.isInteger(s.multipleOf) ? s.multipleOf : 1;
  const [low, high] = [Math.ceil(min / step), Math.floor(max / step)];
  if (low > high) return why(`no integer${step > 1 ? ` multiple of ${step}` : ""} lies within ${boundsText(s)}`);
  const inside = [...new Set([low * step, high * step, ...edges.filter((n) => n % step === 0)])].filter((n) => n >= low * step && n <= high * step && Number.isSafeInteger(n));
  const any = fc.integer({ min: Math.max(low, Number.MIN_SAFE_INTEGER), max: Math.min(high, Number.MAX_SAFE_INTEGER) }).map((k) => k * step);
  return { values: fc.oneof({ arbitrary: any, weight: 3 }, { arbitrary: fc.constantFrom(...inside), weight: 1 }) };
}

/** A schema's numeric bounds in words ("minimum 10 and maximum 5"), for a note. */
function boundsText(s: JsonObject): string {
  const parts = ["minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "format"].filter((k) => s[k] !== undefined).map((k) => `${k} ${s[k]}`);
  return parts.length ? parts.join(" and ") : "the safe integers";
}

/** Numbers within the bounds (far ones kept to ±1e12), in steps of multipleOf when it has one. */
function numberValues(s: JsonObject): Built {
  const min = Math.max(typeof s.minimum === "number" ? s.minimum : -1e12, typeof s.exclusiveMinimum === "number" ? s.exclusiveMinimum : -1e12);
  const max = Math.min(typeof s.maximum === "number" ? s.maximum : 1e12, typeof s.exclusiveMaximum === "number" ? s.exclusiveMaximum : 1e12);
  const minExcluded = typeof s.exclusiveMinimum === "number" && s.exclusiveMinimum >= min;
  const maxExcluded = typeof s.exclusiveMaximum === "number" && s.exclusiveMaximum <= max;
  if (min > max || (min === max && (minExcluded || maxExcluded))) return why(`no number lies within ${boundsText(s)}`);
  if (typeof s.multipleOf === "number" && s.multipleOf > 0) {
    const step = s.multipleOf;
    const [low, high] = [Math.ceil(min / step), Math.floor(max / step)];
    if (low > high) return why(`no multiple of ${step} lies within ${boundsText(s)}`);
    // toPrecision: 3 * 0.1 is 0.30000000000000004, which is no multiple of 0.1 to a validator.
    return { values: fc.integer({ min: low, max: high }).map((k) => Number((k * step).toPrecision(12))) };
  }
  return { values: fc.double({ min, max, minExcluded, maxExcluded, noNaN: true, noDefaultInfinity: true }) };
}

function stringValues(s: JsonObject): Built {
  const minLength: number = typeof s.minLength === "number" ? s.minLength : 0;
  const maxLength: number | undefined = typeof s.maxLength === "number" ? s.maxLength : undefined;
  if (maxLength !== undefined && minLength > maxLength) return why(`minLength ${minLength} is above maxLength ${maxLength}`);
  if (typeof s.format === "string" && FORMAT_VALUES[s.format]) return { values: FORMAT_VALUES[s.format]() };
  if (typeof s.pattern === "string") {
    const built = matching(s.pattern);
    return typeof built === "string" ? why(built) : { values: built };
  }
  return { values: unicode({ minLength, maxLength: maxLength ?? Math.max(200, minLength + 20) }) };
}

/** Arrays of scalar items, between minItems and maxItems (a few items past minItems at most: they go in a URL). */
function arrayValues(op: SpecOperation, s: JsonObject, depth: number): Built {
  const items = resolved(op, s.items);
  if (typesOf(items).includes("array") || typesOf(items).includes("object")) return why(`its items are ${typesOf(items).join("|")}s, which a query or path has no text for (OpenAPI defines none)`);
  const minLength: number = typeof s.minItems === "number" ? s.minItems : 0;
  const maxItems: number = typeof s.maxItems === "number" ? s.maxItems : Infinity;
  if (minLength > maxItems) return why(`minItems ${minLength} is above maxItems ${maxItems}`);
  const item = valuesOf(op, items, depth + 1);
  if (!item.values) return why(`no item can be built: ${item.why}`);
  const bounds = { minLength, maxLength: Math.min(maxItems, minLength + 5) };
  return { values: s.uniqueItems === true ? fc.uniqueArray(item.values, { ...bounds, selector: (v) => JSON.stringify(v) }) : fc.array(item.values, bounds) };
}

/** The schema's own keywords with one branch of a oneOf/anyOf laid over them (an allOf is merged by `resolved`). */
function withBranch(s: JsonObject, branch: JsonObject): JsonObject {
  const { oneOf: _oneOf, anyOf: _anyOf, ...rest } = s;
  return { ...rest, ...branch };
}

/**
 * Values of a schema, typed as JSON has them, or why none can be built. Not yet checked against the whole schema:
 * the caller keeps those the spec's validator accepts.
 */
export function valuesOf(op: SpecOperation, schema: unknown, depth = 0): Built {
  const s = resolved(op, schema);
  if (depth > MAX_DEPTH) return why("its schema refers to itself deeper than the generator follows");
  if ("const" in s) return s.const === null ? why("its const is null, which no query or path text carries") : { values: fc.constant(s.const) };
  if (Array.isArray(s.enum)) {
    const members = s.enum.filter((v: unknown) => v !== null && typeof v !== "object");
    return members.length ? { values: fc.constantFrom(...members) } : why(`its enum ${JSON.stringify(s.enum)} has no value a query or path text carries`);
  }
  for (const keyword of ["oneOf", "anyOf"] as const) {
    if (!Array.isArray(s[keyword])) continue;
    const branches = (s[keyword] as unknown[]).map((b) => valuesOf(op, withBranch(s, resolved(op, b)), depth + 1));
    const built = branches.flatMap((b) => (b.values ? [b.values] : []));
    if (built.length === 0) return why(`no branch of its ${keyword} can be built: ${branches.map((b) => b.why).join("; ")}`);
    return { values: fc.oneof(...built) };
  }
  const types = typesOf(s).filter((t) => t !== "null");
  if (typesOf(s).length > 0 && types.length === 0) return why("it allows only null, which no query or path text carries");
  if (types.length > 1) {
    const branches = types.map((type) => valuesOf(op, { ...s, type }, depth + 1));
    const built = branches.flatMap((b) => (b.values ? [b.values] : []));
    return built.length ? { values: fc.oneof(...built) } : why(branches.map((b) => b.why).join("; "));
  }
  switch (types[0]) {
    case "boolean":
      return { values: fc.boolean() };
    case "integer":
      return integerValues(s, STORAGE_EDGES);
    case "number":
      return typeof s.multipleOf === "number" && Number.isInteger(s.multipleOf) ? integerValues(s, STORAGE_EDGES) : numberValues(s);
    case "array":
      return arrayValues(op, s, depth);
    case "object":
      return why("it is an object, which the generator does not write as query or path text");
    default:
      return stringValues(s);
  }
}

/**
 * Widths at which servers commonly stop counting (a 32-bit column or parser, an unsigned one, JavaScript's safe
 * integers), as the values on either side of them.
 */
const STORAGE_EDGES = [2 ** 15, 2 ** 16, 2 ** 31, 2 ** 32, 2 ** 53].flatMap((n) => [n - 1, n]).flatMap((n) => [n, -n]);
