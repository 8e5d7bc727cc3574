// fast-check arbitraries for the parameters of an operation, derived from each parameter's schema in
// generated/json-schema.json (no bound is written here): valid values across the whole range a schema allows, and
// values that break exactly one of its rules. Every value is proven against the spec's own validator (the filters at
// the end) before a request is built from it, during generation and during shrinking alike.
import fc from "fast-check";
import { offsetPage, type SpecOperation, type SpecParameter } from "../spec";
import { breaksOnly, isValid, schemaTypes, serverIssued, typed, validText } from "./parameters";
import { troublesomeFor } from "./troublesome";

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

/** What one generated request sends: its path and query values (wire text), and for a break, which rule it breaks. */
export interface GeneratedRequest {
  pathParams: Record<string, string>;
  query: Record<string, string>;
  broken?: { parameter: string; location: "query" | "path"; rule: string; value: string };
}

/**
 * Strings of full Unicode (any code point but lone surrogates, which no URL can carry), of any length up to the bound:
 * fast-check's default size would keep them to about ten characters, far from a maxLength of 100.
 */
const unicode = (constraints: { minLength?: number; maxLength: number }) => fc.string({ unit: "binary", size: "max", ...constraints });

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

/**
 * Path values the URL itself would rewrite: empty (another route), "." and ".." (dot segments, also when
 * percent-encoded, are removed by every URL parser).
 */
const rewrittenInPath = (text: string) => text === "" || /^(\.|%2e){1,2}$/i.test(text);

/** Query values that are empty: servers commonly read `name=` as "no filter" (OpenAPI's allowEmptyValue is open). */
const unusable = (p: SpecParameter, text: string) => (p.in === "path" ? rewrittenInPath(text) : text === "");

const integerBounds = (schema: Record<string, any>) => ({
  min: typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum + 1 : typeof schema.minimum === "number" ? schema.minimum : Number.MIN_SAFE_INTEGER,
  max: typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum - 1 : typeof schema.maximum === "number" ? schema.maximum : Number.MAX_SAFE_INTEGER,
});

/**
 * Widths at which servers commonly stop counting (a 32-bit column or parser, an unsigned one, JavaScript's safe
 * integers), as the values on either side of them.
 */
const STORAGE_EDGES = [2 ** 15, 2 ** 16, 2 ** 31, 2 ** 32, 2 ** 53].flatMap((n) => [n - 1, n]);

/** Integers anywhere in [min, max], and a quarter of the time at a bound or a storage edge inside it. */
function integers({ min, max }: { min: number; max: number }): fc.Arbitrary<number> {
  const edges = [min, max, ...STORAGE_EDGES, ...STORAGE_EDGES.map((n) => -n)].filter((n) => n >= min && n <= max && Number.isSafeInteger(n));
  return fc.oneof({ arbitrary: fc.integer({ min, max }), weight: 3 }, { arbitrary: fc.constantFrom(...new Set(edges)), weight: 1 });
}

/**
 * Troublesome strings (troublesome.ts: the corpus, decorated) mixed into a string arbitrary, a quarter of the time:
 * `values` are those the spec's validator judged for this use (valid ones, or those breaking one rule). Drawn by
 * index, so the seed picks them and shrinking moves toward the corpus's first entries.
 */
function withTroublesome(arbitrary: fc.Arbitrary<string>, values: string[] | undefined): fc.Arbitrary<string> {
  return values?.length ? fc.oneof({ arbitrary, weight: 3 }, { arbitrary: fc.constantFrom(...values), weight: 1 }) : arbitrary;
}

const PATTERN_ARBITRARIES = new Map<string, fc.Arbitrary<string>>();

/**
 * Strings matching a pattern, built once per pattern: building fc.stringMatching tokenizes fast-check's bias strings
 * against each character class, by exceptions (1 to 10 ms a pattern, more under Jest), and runs build it per draw set.
 * An arbitrary is immutable, so sharing it changes no draw.
 */
export function matching(pattern: string): fc.Arbitrary<string> {
  let arbitrary = PATTERN_ARBITRARIES.get(pattern);
  if (!arbitrary) PATTERN_ARBITRARIES.set(pattern, (arbitrary = fc.stringMatching(new RegExp(pattern, "u"))));
  return arbitrary;
}

/** How many seeded draws are searched for values that pass, where a draw may not (see `passing`). */
const SEARCH_DRAWS = 64;

/**
 * The arbitrary kept to the values that pass, by construction: a draw that fails is replaced by one of the passing
 * values found among a bounded number of seeded draws (and the `known` ones). fast-check's own filter redraws without
 * end when almost nothing passes (a boolean parameter's text, a pattern beside a maxLength), and a busy loop lets no
 * signal through. Undefined when nothing found passes: the caller names the parameter and why.
 */
function passing<T>(arbitrary: fc.Arbitrary<T>, passes: (value: T) => boolean, known: T[] = []): fc.Arbitrary<T> | undefined {
  const found = [...new Set([...known, ...fc.sample(arbitrary, { numRuns: SEARCH_DRAWS, seed: 1 })])].filter(passes).slice(0, 16);
  if (found.length === 0) return undefined;
  const fallback = fc.constantFrom(...found);
  return arbitrary.chain((value) => (passes(value) ? fc.constant(value) : fallback));
}

/** Texts of a format's values, built so (JSON Schema's formats the generator checks and a few common ones). */
const FORMAT_VALUES: Record<string, () => fc.Arbitrary<string>> = {
  date: () => fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2199-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  "date-time": () => fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2199-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString()),
  uuid: () => fc.uuid(),
  email: () => fc.emailAddress(),
  uri: () => fc.webUrl(),
};

/** A schema's values as wire text, built from its type, enum, format or pattern (not yet checked against the rest). */
function schemaText(op: SpecOperation, p: SpecParameter): fc.Arbitrary<string> {
  const s = p.schema;
  const t = schemaTypes(s);
  if (Array.isArray(s.enum) && s.enum.length > 0) return fc.constantFrom(...s.enum.filter((v: unknown) => v !== null).map(String));
  if (t.includes("boolean")) return fc.constantFrom("true", "false");
  if (t.includes("integer")) return integers(integerBounds(s)).map(String);
  if (t.includes("number")) {
    const { min, max } = integerBounds(s);
    return fc.double({ min: Math.max(min, -1e12), max: Math.min(max, 1e12), noNaN: true, noDefaultInfinity: true }).map(String);
  }
  if (typeof s.format === "string" && FORMAT_VALUES[s.format]) return FORMAT_VALUES[s.format]();
  if (typeof s.pattern === "string") return withTroublesome(matching(s.pattern), troublesomeFor(op, p).valid);
  return withTroublesome(unicode({ minLength: s.minLength ?? 0, maxLength: s.maxLength ?? 200 }), t.includes("string") ? troublesomeFor(op, p).valid : undefined);
}

/**
 * Every value a parameter's schema allows, as wire text; `real` values (live data) are mixed in when there are some.
 * Undefined when no value the generator can build is valid (named in the run's notes by the caller).
 */
function validValue(op: SpecOperation, p: SpecParameter, real: string[] = []): fc.Arbitrary<string> | undefined {
  const schemaValues = schemaText(op, p);
  const usable = real.filter((v) => isValid(op, p, v));
  const values = usable.length ? fc.oneof(schemaValues, fc.constantFrom(...usable)) : schemaValues;
  return passing(values, (v) => !unusable(p, v) && isValid(op, p, v), [...usable, validText(p)]);
}

/** Why a parameter gets no generated values: for the run's notes. */
export function ungeneratable(op: SpecOperation): string[] {
  return op.parameters
    .filter((p) => (p.in === "query" || p.in === "path") && validValue(op, p) === undefined)
    .map((p) => `${op.operationId} ${p.name}: no valid value could be built for its schema ${JSON.stringify(p.schema)}; it is left out of generated requests${p.required ? " (it is required, so the operation gets none)" : ""}`);
}

interface RuleBreak {
  rule: string;
  value: fc.Arbitrary<string>;
}

/** For each rule of a parameter's schema, values that break that rule and no other. */
export function ruleBreaks(op: SpecOperation, p: SpecParameter): RuleBreak[] {
  const s = p.schema;
  const t = schemaTypes(s);
  const out: RuleBreak[] = [];
  // The troublesome strings that break exactly one keyword of this schema, by that keyword.
  const trouble = (keyword: string) => troublesomeFor(op, p).byKeyword.get(keyword);
  const only = (rule: string, value: fc.Arbitrary<string>) => {
    const breaking = passing(value, (v) => !unusable(p, v) && breaksOnly(op, p, v));
    if (breaking) out.push({ rule, value: breaking });
  };
  if (t.includes("integer") || t.includes("number")) {
    only(`type ${t.join("|")}`, withTroublesome(unicode({ minLength: 1, maxLength: 24 }), trouble("type")).filter((v) => !numberLike(v)));
    if (!t.includes("number")) {
      const { min, max } = integerBounds(s);
      const whole = fc.integer({ min: Math.max(min, -1e9), max: Math.min(max, 1e9) });
      const fraction = fc.integer({ min: 1, max: 999_999 }).map((n) => String(n).replace(/0+$/, ""));
      only("type integer (fraction)", fc.tuple(whole, fraction).map(([w, f]) => `${w}.${f}`));
    }
    const { min, max } = integerBounds(s);
    if (min > Number.MIN_SAFE_INTEGER) only(`${typeof s.exclusiveMinimum === "number" ? "exclusiveMinimum" : "minimum"} ${s.exclusiveMinimum ?? s.minimum}`, fc.integer({ min: Number.MIN_SAFE_INTEGER, max: min - 1 }).map(String));
    if (max < Number.MAX_SAFE_INTEGER) only(`${typeof s.exclusiveMaximum === "number" ? "exclusiveMaximum" : "maximum"} ${s.exclusiveMaximum ?? s.maximum}`, fc.integer({ min: max + 1, max: Number.MAX_SAFE_INTEGER }).map(String));
  }
  if (Array.isArray(s.enum)) {
    const names = s.enum.map(String);
    // Near misses (another case, a character more) and anything at all.
    const near = names.flatMap((v: string) => [v.toUpperCase(), v[0].toUpperCase() + v.slice(1), `${v}s`, ` ${v}`]);
    only(`enum [${names.join(", ")}]`, withTroublesome(fc.oneof(fc.constantFrom(...near), unicode({ minLength: 1, maxLength: 30 })), trouble("enum")).filter((v) => !names.includes(v)));
  }
  const valid = validValue(op, p) ?? fc.constant(validText(p));
  if (typeof s.maxLength === "number") {
    const tooLong = fc.integer({ min: s.maxLength + 1, max: s.maxLength * 2 + 10 });
    // Any string that long; and a valid value repeated past the bound, which keeps whatever pattern it matched.
    const repeated = fc.tuple(valid.map((v) => (v.length > 0 ? v : "a")), tooLong).map(([v, n]) => Array.from(v.repeat(n)).slice(0, n).join(""));
    only(`maxLength ${s.maxLength}`, withTroublesome(fc.oneof(tooLong.chain((n) => unicode({ minLength: n, maxLength: n })), repeated), trouble("maxLength")));
  }
  if (typeof s.minLength === "number" && s.minLength > 1) {
    only(`minLength ${s.minLength}`, unicode({ minLength: 1, maxLength: s.minLength - 1 }));
  }
  if (typeof s.pattern === "string") {
    // Any string within the other bounds; and near misses of a valid value: one character changed, one dropped, one added.
    const anyText = unicode({ minLength: 1, maxLength: s.maxLength ?? 80 });
    const nearMiss = fc
      .tuple(valid, fc.nat(), unicode({ minLength: 1, maxLength: 1 }), fc.constantFrom("change", "drop", "add"))
      .map(([v, at, c, how]) => {
        const chars = Array.from(v);
        const i = chars.length ? at % chars.length : 0;
        if (how === "change") chars[i] = c;
        else if (how === "drop") chars.splice(i, 1);
        else chars.splice(i, 0, c);
        return chars.join("");
      });
    only(`pattern ${s.pattern}`, withTroublesome(fc.oneof(nearMiss, anyText), trouble("pattern")));
  }
  return out;
}

/**
 * Valid requests: required parameters always, and optional query parameters in any combination (several in one
 * request); for a paged collection, two times in three paging alone (both limit and offset), so that pages of the
 * real collection are not hidden by filters that match nothing. When the collection's size is known, offsets are
 * drawn inside it two times in three.
 */
export function validRequest(op: SpecOperation, knowledge: Knowledge = NO_KNOWLEDGE): fc.Arbitrary<GeneratedRequest> | undefined {
  const layout = offsetPage(op);
  const valueOf = (p: SpecParameter): fc.Arbitrary<string> | undefined => {
    if (p.in === "path") return validValue(op, p, knowledge.ids[p.name] ?? []);
    const values = validValue(op, p, knowledge.values[p.name] ?? []);
    if (p.name === layout?.offset && knowledge.total !== undefined && values) {
      const inData = fc.integer({ min: 0, max: Math.max(0, knowledge.total) }).map(String);
      return passing(fc.oneof({ arbitrary: inData, weight: 2 }, { arbitrary: values, weight: 1 }), (v) => isValid(op, p, v));
    }
    return values;
  };
  // A parameter no valid value could be built for is left out (ungeneratable names it); a required one leaves none.
  const generated = op.parameters.flatMap((p) => {
    const values = (p.in === "path" || p.in === "query") && !serverIssued(op, p) ? valueOf(p) : undefined;
    return values ? [{ p, values }] : [];
  });
  if (op.parameters.some((p) => p.in === "path" && !generated.some((g) => g.p === p))) return undefined;
  if (op.parameters.some((p) => p.in === "query" && p.required && !generated.some((g) => g.p === p))) return undefined;
  const pathParams = generated.filter((g) => g.p.in === "path").map((g) => g.p);
  const query = generated.filter((g) => g.p.in === "query").map((g) => g.p);
  const arbitraryOf = new Map(generated.map((g) => [g.p, g.values]));
  const path = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, arbitraryOf.get(p)!])));
  // Optional keys, not a chosen subset: fast-check shrinks a record by dropping its keys, so a failure shrinks to the
  // parameters it needs; a required query parameter is always there.
  const recordOf = (params: SpecParameter[], optional: boolean) =>
    fc.record(Object.fromEntries(params.map((p) => [p.name, arbitraryOf.get(p)!])), optional ? { requiredKeys: params.filter((p) => p.required).map((p) => p.name) } : {});
  const paging = query.filter((p) => layout !== undefined && (p.name === layout.limit || p.name === layout.offset));
  const queries = paging.length === 2 ? fc.oneof({ arbitrary: recordOf(paging, false), weight: 2 }, { arbitrary: recordOf(query, true), weight: 1 }) : recordOf(query, true);
  const requests = fc.tuple(path, queries).map(([pathValues, queryValues]) => ({ pathParams: { ...pathValues }, query: { ...queryValues } }));
  // Each value is valid alone; a rule across parameters (none today) could still refuse a combination.
  return passing(requests, (r) => requestErrors(op, r).length === 0);
}

/** Requests that break one rule of one parameter (path parameters included); the other parameters stay valid. */
export function invalidRequest(op: SpecOperation, knowledge: Knowledge = NO_KNOWLEDGE): fc.Arbitrary<GeneratedRequest> | undefined {
  const pathValues = op.parameters.filter((p) => p.in === "path").map((p) => [p.name, validValue(op, p, knowledge.ids[p.name] ?? [])] as const);
  if (pathValues.some(([, values]) => values === undefined)) return undefined;
  const path = fc.record(Object.fromEntries(pathValues as Array<readonly [string, fc.Arbitrary<string>]>));
  const breaks = op.parameters
    .filter((p): p is SpecParameter & { in: "query" | "path" } => p.in === "query" || p.in === "path")
    .flatMap((p) =>
      ruleBreaks(op, p).map(({ rule, value }) =>
        fc.tuple(path, value).map(([pathValues, v]): GeneratedRequest => ({
          pathParams: p.in === "path" ? { ...pathValues, [p.name]: v } : { ...pathValues },
          query: p.in === "query" ? { [p.name]: v } : {},
          broken: { parameter: p.name, location: p.in, rule, value: v },
        })),
      ),
    );
  return breaks.length ? fc.oneof(...breaks) : undefined;
}

/** The spec validator's errors for a whole request (path and query, typed as the spec types them). */
export function requestErrors(op: SpecOperation, request: GeneratedRequest) {
  const typedValues = (location: "query" | "path", values: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(values).map(([name, text]) => {
        const p = op.parameters.find((x) => x.name === name && x.in === location);
        return [name, p ? typed(p, text) : text];
      }),
    );
  return [...op.validateParameter("path", typedValues("path", request.pathParams)), ...op.validateParameter("query", typedValues("query", request.query))];
}

