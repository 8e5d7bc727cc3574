// fast-check arbitraries for the parameters of an operation, derived from each parameter's schema (no bound is written
// here): valid values across the whole range a schema allows (built by construction: schema-values.ts), and values
// that break exactly one of its rules. Every value is proven against the spec's own validator (`passing`) before a
// request is built from it, during generation and during shrinking alike; no draw is ever repeated without a bound.
import fc from "fast-check";
import { offsetPage, type SpecOperation, type SpecParameter } from "../spec";
import { breaksOnly, fitsHeader, hasValues, isValid, serverIssued, typed, validText, valueErrors } from "./parameters";
import { readingOf, resolved, typesOf, unicode, valuesOf, wireOf, wireText, type Reading, type Wire } from "./schema-values";
import { troublesomeFor } from "./troublesome";

import { interruptedBy } from "../interruption";

/**
 * Real values a live server showed one operation (from the walks), so that generated requests also hit data that
 * exists.
 */
export interface Knowledge {
  /** ids of resources its lists showed, by path parameter name */
  ids: Record<string, string[]>;
  /** values of real items, by query parameter name */
  values: Record<string, string[]>;
  /** size of the whole collection, when a walk reached its end */
  total?: number;
}

export const NO_KNOWLEDGE: Knowledge = { ids: {}, values: {} };

/**
 * What one generated request sends: its path, query and header parameters' values (wire text; headers only where the
 * operation has header parameters), and for a break, which rule it breaks.
 */
export interface GeneratedRequest {
  pathParams: Record<string, string>;
  query: Record<string, Wire>;
  headers?: Record<string, string>;
  broken?: { parameter: string; location: "query" | "path" | "header"; rule: string; value: string };
}

/**
 * Text that some server would read as a number after all: JavaScript's Number() (whitespace, hex, exponents,
 * Infinity: what ajv's type coercion and Prism accept) and Python's int() (Unicode digits, underscores). Such text is
 * not a JSON integer, but sending it as a "wrong type" would judge a leniency the spec does not speak of.
 */
function numberLike(text: string): boolean {
  if (text.trim() !== "" && !Number.isNaN(Number(text))) return true;
  const trimmed = text.replace(/^[\s\u0085]+|[\s\u0085]+$/gu, "");
  return /^[+-]?[\p{Nd}_]+$/u.test(trimmed) || /^[+-]?(inf|infinity|nan)$/i.test(trimmed);
}

/** Text that some server reads as a boolean after all (any letter case, padded): not sent as a "wrong type". */
const booleanLike = (text: string) => /^\s*(true|false|t|f|yes|no|y|n|on|off|1|0)\s*$/i.test(text);

/**
 * Path values the URL itself would rewrite: empty (another route), "." and ".." (dot segments, also when
 * percent-encoded, are removed by every URL parser).
 */
const rewrittenInPath = (text: string) => text === "" || /^(\.|%2e){1,2}$/i.test(text);

/**
 * Values that are not sent as they are: an empty query value (servers commonly read `name=` as "no filter":
 * OpenAPI's allowEmptyValue is open), an array of no items (no parameter at all) or with an empty item, a header
 * value HTTP cannot carry or would trim (fitsHeader).
 */
function unusable(p: SpecParameter, wire: Wire): boolean {
  if (p.in === "header") return !fitsHeader([wire].flat().join(","));
  if (Array.isArray(wire)) return wire.length === 0 || wire.includes("");
  return p.in === "path" ? rewrittenInPath(wire) : wire === "";
}

/** Integer bounds of a schema, or undefined where none lies between them (no value is built there). */
const integerBounds = (schema: Record<string, any>) => ({
  min: typeof schema.exclusiveMinimum === "number" ? Math.floor(schema.exclusiveMinimum) + 1 : typeof schema.minimum === "number" ? Math.ceil(schema.minimum) : Number.MIN_SAFE_INTEGER,
  max: typeof schema.exclusiveMaximum === "number" ? Math.ceil(schema.exclusiveMaximum) - 1 : typeof schema.maximum === "number" ? Math.floor(schema.maximum) : Number.MAX_SAFE_INTEGER,
});

/**
 * Troublesome strings (troublesome.ts: the corpus, decorated) mixed into a string arbitrary, a quarter of the time:
 * `values` are those the spec's validator judged for this use (valid ones, or those breaking one rule). Drawn by
 * index, so the seed picks them and shrinking moves toward the corpus's first entries.
 */
function withTroublesome(arbitrary: fc.Arbitrary<string>, values: string[] | undefined): fc.Arbitrary<string> {
  return values?.length ? fc.oneof({ arbitrary, weight: 3 }, { arbitrary: fc.constantFrom(...values), weight: 1 }) : arbitrary;
}

/** How many seeded draws are searched for values that pass, where a draw may not (see `passing`). */
const SEARCH_DRAWS = 64;
/** How many of the values that pass are kept. */
const KEPT = 16;

/**
 * The arbitrary kept to the values that pass, by construction: a draw that fails is replaced by one of the passing
 * values found among a bounded number of seeded draws (and the `known` ones). fast-check's own filter redraws without
 * end when almost nothing passes (a boolean parameter's text, a pattern beside a maxLength), and a busy loop lets no
 * signal through. Undefined when nothing found passes: the caller names the parameter and why.
 */
function passing<T>(arbitrary: fc.Arbitrary<T>, passes: (value: T) => boolean, known: T[] = []): fc.Arbitrary<T> | undefined {
  // The first 16 distinct ones that pass, in the order drawn: the rest are neither judged nor, where the first 16
  // draws find them, drawn (a seed's draws are the same whatever their number, so the first 16 are a prefix of all).
  const found: T[] = [];
  const seen = new Set<T>();
  const search = (values: T[]) => {
    for (const value of values) {
      if (found.length === KEPT) return;
      if (seen.has(value)) continue;
      seen.add(value);
      if (passes(value)) found.push(value);
    }
  };
  search(known);
  search(fc.sample(arbitrary, { numRuns: KEPT, seed: 1 }));
  if (found.length < KEPT) search(fc.sample(arbitrary, { numRuns: SEARCH_DRAWS, seed: 1 }).slice(KEPT));
  if (found.length === 0) return undefined;
  const fallback = fc.constantFrom(...found);
  return arbitrary.chain((value) => (passes(value) ? fc.constant(value) : fallback));
}

/** What values of a schema are built from, in words ("enum [1,2]", "pattern ^a$"), for a note. */
function builtFrom(s: Record<string, any>): string {
  if (Array.isArray(s.enum)) return `enum ${JSON.stringify(s.enum)}`;
  if ("const" in s) return `const ${JSON.stringify(s.const)}`;
  if (typeof s.format === "string") return `format ${s.format}`;
  if (typeof s.pattern === "string") return `pattern ${s.pattern}`;
  const composite = ["oneOf", "anyOf", "allOf"].find((k) => Array.isArray(s[k]));
  if (composite) return `each branch of its ${composite}`;
  return typesOf(s).length ? `type ${typesOf(s).join("|")}` : "any text";
}

/** A rule a value broke, with its bound where the schema states one ("minimum 5"), else the validator's words. */
function ruleOf(s: Record<string, any>, error: { keyword: string; message?: string; instancePath: string }, name: string): string {
  const own = error.instancePath === `/${name}`;
  const bound: unknown = own ? s[error.keyword] : undefined;
  return typeof bound === "number" || typeof bound === "string" || typeof bound === "boolean" ? `${error.keyword} ${bound}` : `${error.keyword} (${error.message ?? "refused"})`;
}

/** A parameter's valid values as wire text, or why none can be built. */
interface Valid {
  values?: fc.Arbitrary<Wire>;
  why?: string;
}

/**
 * Every value a parameter's schema allows, as wire text; `real` values (live data) are mixed in when there are some.
 * Without values, `why` says why no value the generator can build is valid (for the run's notes).
 */
function validValues(op: SpecOperation, p: SpecParameter, real: string[] = []): Valid {
  // Without live values, built once a parameter: generation and its notes both ask.
  if (real.length > 0) return buildValidValues(op, p, real);
  let valid = VALID_VALUES.get(p);
  if (!valid) VALID_VALUES.set(p, (valid = buildValidValues(op, p, [])));
  return valid;
}

const VALID_VALUES = new WeakMap<SpecParameter, Valid>();

function buildValidValues(op: SpecOperation, p: SpecParameter, real: string[]): Valid {
  const s = resolved(op, p.schema);
  const reading = readingOf(op, p);
  const built = valuesOf(op, s);
  const usable = real.filter((v) => isValid(op, p, v));
  let schemaValues = built.values?.map((v) => wireOf(reading, v));
  if (schemaValues && !reading.array && typesOf(s).includes("string") && s.pattern === undefined && s.format === undefined && !Array.isArray(s.enum)) {
    schemaValues = withTroublesome(schemaValues as fc.Arbitrary<string>, troublesomeFor(op, p).valid);
  }
  const sources = [...(schemaValues ? [schemaValues] : []), ...(usable.length ? [fc.constantFrom<Wire>(...usable)] : [])];
  const passes = (v: Wire) => !unusable(p, v) && isValid(op, p, v);
  const values = sources.length ? passing(fc.oneof(...sources), passes, [...usable, validText(p)]) : undefined;
  if (values) return { values };
  if (built.why) return { why: built.why };
  // Why the values built were refused: the rules the validator named, with their bounds.
  const drawn = fc.sample(built.values!, { numRuns: 8, seed: 1 }).map((v) => wireOf(reading, v));
  const rules = [...new Set(drawn.flatMap((v) => (unusable(p, v) ? [] : valueErrors(op, p, v).map((e) => ruleOf(s, e, p.name)))))];
  return { why: `no value satisfies both ${builtFrom(s)} and ${rules.join(", ") || "the rest of its schema"}` };
}

/** A parameter's valid values as wire text; undefined where none can be built (`ungeneratable` says why). */
function validValue(op: SpecOperation, p: SpecParameter, real: string[] = []): fc.Arbitrary<Wire> | undefined {
  return validValues(op, p, real).values;
}

/** Why a parameter gets no generated values: for the run's notes. */
export function ungeneratable(op: SpecOperation): string[] {
  // Interrupted, generation stopped: what was not built yet is not built now only to be named.
  if (interruptedBy()) return [];
  return op.parameters.flatMap((p) => {
    if (!hasValues(p) || serverIssued(op, p)) return [];
    const { why } = validValues(op, p);
    if (why === undefined) return [];
    return [`generation: ${op.operationId} ${p.in} parameter ${p.name}: no valid value could be built: ${why}; it is left out of generated requests${p.required ? " (it is required, so the operation gets none)" : ""}`];
  });
}

interface RuleBreak {
  rule: string;
  value: fc.Arbitrary<Wire>;
}

/** One character of a text changed, dropped or added at a drawn place: near misses of a valid value. */
function nearMisses(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(valid, fc.nat(), unicode({ minLength: 1, maxLength: 1 }), fc.constantFrom("change", "drop", "add")).map(([v, at, c, how]) => {
    const chars = Array.from(v);
    const i = chars.length ? at % chars.length : 0;
    if (how === "change") chars[i] = c;
    else if (how === "drop") chars.splice(i, 1);
    else chars.splice(i, 0, c);
    return chars.join("");
  });
}

/**
 * For each rule of a scalar schema `s`, texts meant to break that rule, by construction (the caller keeps those that
 * break it alone). `valid` are texts the schema allows; `trouble` the corpus's strings breaking one keyword, if any.
 */
function scalarBreaks(s: Record<string, any>, valid: fc.Arbitrary<string>, trouble: (keyword: string) => string[] | undefined): { rule: string; value: fc.Arbitrary<string> }[] {
  const t = typesOf(s);
  const out: { rule: string; value: fc.Arbitrary<string> }[] = [];
  const add = (rule: string, value: fc.Arbitrary<string>) => out.push({ rule, value });
  if (t.includes("integer") || t.includes("number")) {
    // Text that is no number to any common reader: a number-like draw gets a letter appended, never redrawn.
    add(`type ${t.join("|")}`, withTroublesome(unicode({ minLength: 1, maxLength: 24 }), trouble("type")).map((v) => (numberLike(v) ? `${v}x` : v)));
    const { min, max } = integerBounds(s);
    if (!t.includes("number") && min <= max) {
      const whole = fc.integer({ min: Math.max(min, -1e9), max: Math.max(Math.min(max, 1e9), Math.max(min, -1e9)) });
      const fraction = fc.integer({ min: 1, max: 999_999 }).map((n) => String(n).replace(/0+$/, ""));
      add("type integer (fraction)", fc.tuple(whole, fraction).map(([w, f]) => `${w}.${f}`));
    }
    if (min > Number.MIN_SAFE_INTEGER) add(`${typeof s.exclusiveMinimum === "number" ? "exclusiveMinimum" : "minimum"} ${s.exclusiveMinimum ?? s.minimum}`, fc.integer({ min: Number.MIN_SAFE_INTEGER, max: min - 1 }).map(String));
    if (max < Number.MAX_SAFE_INTEGER) add(`${typeof s.exclusiveMaximum === "number" ? "exclusiveMaximum" : "maximum"} ${s.exclusiveMaximum ?? s.maximum}`, fc.integer({ min: max + 1, max: Number.MAX_SAFE_INTEGER }).map(String));
    if (typeof s.multipleOf === "number" && s.multipleOf > 0) {
      const step = s.multipleOf;
      add(`multipleOf ${step}`, fc.integer({ min: Math.ceil(Math.max(min, -1e9) / step), max: Math.floor(Math.min(max, 1e9) / step) + 1 }).map((k) => String(Number((k * step + step / 2).toPrecision(12)))));
    }
  }
  if (t.includes("boolean")) add("type boolean", withTroublesome(unicode({ minLength: 1, maxLength: 24 }), trouble("type")).map((v) => (booleanLike(v) ? `${v}x` : v)));
  if (Array.isArray(s.enum)) {
    const names: string[] = s.enum.map(String);
    // Near misses (another case, a character more) and anything at all; one that is a member gets "x"s appended.
    const near = names.flatMap((v) => (v ? [v.toUpperCase(), v[0].toUpperCase() + v.slice(1), `${v}s`, ` ${v}`] : ["x"]));
    const outside = (v: string) => {
      while (names.includes(v)) v = `${v}x`;
      return v;
    };
    add(`enum [${names.join(", ")}]`, withTroublesome(fc.oneof(fc.constantFrom(...near), unicode({ minLength: 1, maxLength: 30 })), trouble("enum")).map(outside));
  }
  if ("const" in s) add(`const ${JSON.stringify(s.const)}`, fc.oneof(fc.constant(`${String(s.const)}x`), unicode({ minLength: 1, maxLength: 30 })));
  if (typeof s.maxLength === "number" && s.maxLength < 100_000) {
    const tooLong = fc.integer({ min: s.maxLength + 1, max: s.maxLength * 2 + 10 });
    // Any string that long; and a valid value repeated past the bound, which keeps whatever pattern it matched.
    const repeated = fc.tuple(valid.map((v) => (v.length > 0 ? v : "a")), tooLong).map(([v, n]) => Array.from(v.repeat(n)).slice(0, n).join(""));
    add(`maxLength ${s.maxLength}`, withTroublesome(fc.oneof(tooLong.chain((n) => unicode({ minLength: n, maxLength: n })), repeated), trouble("maxLength")));
  }
  if (typeof s.minLength === "number" && s.minLength > 1) add(`minLength ${s.minLength}`, unicode({ minLength: 1, maxLength: Math.min(s.minLength - 1, 10_000) }));
  if (typeof s.pattern === "string") {
    // Near misses of a valid value (one character changed, dropped or added); and any string within the other bounds.
    add(`pattern ${s.pattern}`, withTroublesome(fc.oneof(nearMisses(valid), unicode({ minLength: 1, maxLength: s.maxLength ?? 80 })), trouble("pattern")));
  }
  if (typeof s.format === "string" && s.pattern === undefined) add(`format ${s.format}`, fc.oneof(nearMisses(valid), unicode({ minLength: 1, maxLength: 40 })));
  for (const keyword of ["oneOf", "anyOf", "not"]) if (s[keyword] !== undefined) add(keyword, fc.oneof(nearMisses(valid), unicode({ minLength: 1, maxLength: 40 })));
  return out;
}

/** An array's wire value as its items' texts, and back. */
const itemsOf = (reading: Reading & { array: true }, wire: Wire): string[] => (Array.isArray(wire) ? wire : reading.explode ? [wire] : wire.split(reading.delimiter));
const wireOfItems = (reading: Reading & { array: true }, texts: string[]): Wire => (reading.explode ? texts : texts.join(reading.delimiter));

/** For each rule of a parameter's schema, values that break that rule and no other (an array's: its items' rules too). */
export function ruleBreaks(op: SpecOperation, p: SpecParameter): readonly RuleBreak[] {
  // The same for every run and seed (their search draws from seed 1): built once a parameter, as its valid values are.
  let breaks = RULE_BREAKS.get(p);
  if (!breaks) RULE_BREAKS.set(p, (breaks = buildRuleBreaks(op, p)));
  return breaks;
}

const RULE_BREAKS = new WeakMap<SpecParameter, readonly RuleBreak[]>();

function buildRuleBreaks(op: SpecOperation, p: SpecParameter): RuleBreak[] {
  const s = resolved(op, p.schema);
  const reading = readingOf(op, p);
  const out: RuleBreak[] = [];
  const only = (rule: string, value: fc.Arbitrary<Wire>) => {
    const breaking = passing(value, (v) => !unusable(p, v) && breaksOnly(op, p, v));
    if (breaking) out.push({ rule, value: breaking });
  };
  const valid = validValue(op, p);
  if (!reading.array) {
    // The corpus's strings breaking one keyword of this schema, by that keyword.
    const trouble = (keyword: string) => troublesomeFor(op, p).byKeyword.get(keyword);
    const validText = (valid as fc.Arbitrary<string> | undefined) ?? fc.constant(validTextOf(p));
    for (const { rule, value } of scalarBreaks(s, validText, trouble)) only(rule, value);
    return out;
  }
  if (!valid) return out;
  const items = resolved(op, s.items);
  const arrays = valid.map((w) => itemsOf(reading, w));
  const itemTexts = valuesOf(op, items).values?.map(String) ?? fc.constant("a");
  // One item of a valid array replaced by a text breaking one rule of the items.
  for (const { rule, value } of scalarBreaks(items, itemTexts, () => undefined)) {
    only(`items: ${rule}`, fc.tuple(arrays, value, fc.nat()).map(([texts, bad, at]) => wireOfItems(reading, texts.length ? texts.map((t, i) => (i === at % texts.length ? bad : t)) : [bad])));
  }
  if (typeof s.minItems === "number" && s.minItems > 1) only(`minItems ${s.minItems}`, arrays.map((texts) => wireOfItems(reading, texts.slice(0, s.minItems - 1))));
  if (typeof s.maxItems === "number" && s.maxItems < 1000) {
    only(`maxItems ${s.maxItems}`, fc.tuple(arrays, itemTexts).map(([texts, extra]) => wireOfItems(reading, Array.from({ length: s.maxItems + 1 }, (_, i) => texts[i] ?? (s.uniqueItems ? `${extra}${i}` : extra)))));
  }
  if (s.uniqueItems === true) only("uniqueItems", arrays.map((texts) => wireOfItems(reading, texts.length > 1 ? [...texts.slice(0, -1), texts[0]] : [texts[0] ?? "a", texts[0] ?? "a"])));
  return out;
}

const validTextOf = (p: SpecParameter) => validText(p);

/**
 * Valid requests: required parameters always, and optional query parameters in any combination (several in one
 * request); for a paged collection, two times in three paging alone (both limit and offset), so that pages of the
 * real collection are not hidden by filters that match nothing. When the collection's size is known, offsets are
 * drawn inside it two times in three.
 */
export function validRequest(op: SpecOperation, knowledge: Knowledge = NO_KNOWLEDGE): fc.Arbitrary<GeneratedRequest> | undefined {
  const layout = offsetPage(op);
  const valueOf = (p: SpecParameter): fc.Arbitrary<Wire> | undefined => {
    if (p.in === "path") return validValue(op, p, knowledge.ids[p.name] ?? []);
    const values = validValue(op, p, knowledge.values[p.name] ?? []);
    if (p.name === layout?.offset && knowledge.total !== undefined && values) {
      const inData = fc.integer({ min: 0, max: Math.max(0, knowledge.total) }).map(String);
      return passing<Wire>(fc.oneof({ arbitrary: inData, weight: 2 }, { arbitrary: values, weight: 1 }), (v) => isValid(op, p, v));
    }
    return values;
  };
  // A parameter no valid value could be built for is left out (ungeneratable names it); a required one leaves none.
  const generated = op.parameters.flatMap((p) => {
    const values = hasValues(p) && !serverIssued(op, p) ? valueOf(p) : undefined;
    return values ? [{ p, values }] : [];
  });
  if (op.parameters.some((p) => p.in === "path" && !generated.some((g) => g.p === p))) return undefined;
  if (op.parameters.some((p) => (p.in === "query" || p.in === "header") && hasValues(p) && p.required && !generated.some((g) => g.p === p))) return undefined;
  const pathParams = generated.filter((g) => g.p.in === "path").map((g) => g.p);
  const query = generated.filter((g) => g.p.in === "query").map((g) => g.p);
  const header = generated.filter((g) => g.p.in === "header").map((g) => g.p);
  const arbitraryOf = new Map(generated.map((g) => [g.p, g.values]));
  const path = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, arbitraryOf.get(p)!])));
  // Optional keys, not a chosen subset: fast-check shrinks a record by dropping its keys, so a failure shrinks to the
  // parameters it needs; a required query parameter is always there.
  const recordOf = (params: SpecParameter[], optional: boolean) =>
    fc.record(Object.fromEntries(params.map((p) => [p.name, arbitraryOf.get(p)!])), optional ? { requiredKeys: params.filter((p) => p.required).map((p) => p.name) } : {});
  const paging = query.filter((p) => layout !== undefined && (p.name === layout.limit || p.name === layout.offset));
  const queries = paging.length === 2 ? fc.oneof({ arbitrary: recordOf(paging, false), weight: 2 }, { arbitrary: recordOf(query, true), weight: 1 }) : recordOf(query, true);
  const headers = recordOf(header, true);
  const requests = fc.tuple(path, queries, headers).map(
    ([pathValues, queryValues, headerValues]): GeneratedRequest => ({ pathParams: pathTexts(pathValues), query: { ...queryValues }, ...(header.length ? { headers: pathTexts(headerValues) } : {}) }),
  );
  // Each value is valid alone; a rule across parameters (none today) could still refuse a combination.
  return passing(requests, (r) => requestErrors(op, r).length === 0);
}

/** Path or header values as text: an array is written joined (style simple), never repeated. */
const pathTexts = (values: Record<string, Wire>): Record<string, string> => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, [v].flat().join(",")]));

/**
 * Requests that break one rule of one parameter (path and header parameters included); the other path parameters and
 * the required query and header parameters stay valid.
 */
export function invalidRequest(op: SpecOperation, knowledge: Knowledge = NO_KNOWLEDGE): fc.Arbitrary<GeneratedRequest> | undefined {
  const pathValues = op.parameters.filter((p) => p.in === "path").map((p) => [p.name, validValue(op, p, knowledge.ids[p.name] ?? [])] as const);
  if (pathValues.some(([, values]) => values === undefined)) return undefined;
  const path = fc.record(Object.fromEntries(pathValues as Array<readonly [string, fc.Arbitrary<Wire>]>));
  const requiredQuery = op.parameters.filter((p) => p.in === "query" && p.required && !serverIssued(op, p)).map((p) => [p.name, validValue(op, p, knowledge.values[p.name] ?? [])] as const);
  const required = fc.record(Object.fromEntries(requiredQuery.filter((e): e is readonly [string, fc.Arbitrary<Wire>] => e[1] !== undefined)));
  const headerParameters = op.parameters.filter((p) => p.in === "header" && hasValues(p));
  const requiredHeader = fc.record(Object.fromEntries(headerParameters.filter((p) => p.required).flatMap((p) => [validValue(op, p)].flatMap((v) => (v ? [[p.name, v] as const] : [])))));
  const breaks = op.parameters.filter(hasValues).flatMap((p) =>
    ruleBreaks(op, p).map(({ rule, value }) =>
      fc.tuple(path, required, requiredHeader, value).map(([pathValues, requiredValues, headerValues, v]): GeneratedRequest => ({
        pathParams: pathTexts(p.in === "path" ? { ...pathValues, [p.name]: v } : pathValues),
        query: p.in === "query" ? { ...requiredValues, [p.name]: v } : { ...requiredValues },
        ...(headerParameters.length ? { headers: pathTexts(p.in === "header" ? { ...headerValues, [p.name]: v } : headerValues) } : {}),
        broken: { parameter: p.name, location: p.in, rule, value: wireText(v) },
      })),
    ),
  );
  return breaks.length ? fc.oneof(...breaks) : undefined;
}

/** The spec validator's errors for a whole request (path, query and headers, typed as the spec types them). */
export function requestErrors(op: SpecOperation, request: GeneratedRequest) {
  const typedValues = (location: "query" | "path" | "header", values: Record<string, Wire>) =>
    Object.fromEntries(
      Object.entries(values).map(([name, text]) => {
        const p = op.parameters.find((x) => x.name === name && x.in === location);
        return [name, p ? typed(p, text, op) : text];
      }),
    );
  return [
    ...op.validateParameter("path", typedValues("path", request.pathParams)),
    ...op.validateParameter("query", typedValues("query", request.query)),
    ...op.validateParameter("header", typedValues("header", request.headers ?? {})),
  ];
}

