// The coverage phase (as Schemathesis 4 has it): before random generation, each rule's edge values are sent once,
// the same whatever the seed, for every query, path and header parameter of every GET operation: every enum value and its
// near misses (another letter case, one character more, a leading space); minimum and maximum and one past each;
// minLength and maxLength, and one past; near misses of each pattern (a valid value one character short, one longer,
// a character outside the pattern, a leading space, another letter case); each wrong type of a number; and the
// corpus's troublesome strings of each kind (troublesome.ts). Everything is derived from the schema, and each value's
// verdict from the spec's own validator: a valid value must be accepted, one breaking only this parameter rejected.
import fc from "fast-check";
import { listsOf, parentOf } from "../collections";
import type { SpecOperation, SpecParameter } from "../spec";
import type { Case } from "../types";
import { matching, readingOf, resolved } from "./schema-values";
import { breaksOnly, exampleText, fitsHeader, hasValues, isValid, requiredHeaders, schemaTypes, serverIssued, stringOfLength } from "./parameters";
import { pathValuesFor, sharedBefore, type CaseContext } from "./static";
import { troublesomeKinds } from "./troublesome";
import { breathe, interruptedBy } from "../interruption";

type Schema = Record<string, any>;

/** One value to send once: the rule it sits at the edge of, and what about it ("one past", "another letter case"). */
interface Candidate {
  value: string;
  rule: string;
  what: string;
}

/** A value sent once, with its verdict from the spec's validator. */
interface CoverageValue extends Candidate {
  valid: boolean;
}

/** Characters outside most patterns' classes, tried in turn: the first that breaks the pattern is used. */
const OUTSIDE = ["g", "-", ".", " ", "é", "%"];

/** Text sent where a number is wanted: a word, a fraction (integers only), a boolean, null. */
function wrongTypes(schema: Schema, min: number | undefined): Candidate[] {
  const t = schemaTypes(schema);
  const rule = `type ${t.join("|")}`;
  const out: Candidate[] = [{ value: "abc", rule, what: "a word" }];
  if (!t.includes("number")) out.push({ value: `${(min ?? 0) + 1}.5`, rule: "type integer (fraction)", what: "a fraction" });
  out.push({ value: "true", rule, what: "a boolean" }, { value: "null", rule, what: "null" });
  return out;
}

function numberEdges(s: Schema): Candidate[] {
  const out: Candidate[] = [];
  const edge = (keyword: string, bound: number, inside: number, outside: number) => {
    const rule = `${keyword} ${bound}`;
    out.push({ value: String(inside), rule, what: "at the bound" }, { value: String(outside), rule, what: "one past" });
  };
  if (typeof s.minimum === "number") edge("minimum", s.minimum, s.minimum, s.minimum - 1);
  if (typeof s.maximum === "number") edge("maximum", s.maximum, s.maximum, s.maximum + 1);
  if (typeof s.exclusiveMinimum === "number") edge("exclusiveMinimum", s.exclusiveMinimum, s.exclusiveMinimum + 1, s.exclusiveMinimum);
  if (typeof s.exclusiveMaximum === "number") edge("exclusiveMaximum", s.exclusiveMaximum, s.exclusiveMaximum - 1, s.exclusiveMaximum);
  const min = typeof s.minimum === "number" ? s.minimum : typeof s.exclusiveMinimum === "number" ? s.exclusiveMinimum + 1 : undefined;
  return [...out, ...wrongTypes(s, min)];
}

/** Both booleans, and a word (not "1", "yes" or "True": some servers read those as booleans, which the spec does not forbid). */
function booleanEdges(s: Schema): Candidate[] {
  const rule = `type ${schemaTypes(s).join("|")}`;
  return [
    { value: "true", rule, what: "a value" },
    { value: "false", rule, what: "a value" },
    { value: "abc", rule, what: "a word" },
  ];
}

function enumEdges(s: Schema): Candidate[] {
  const names: string[] = s.enum.map(String);
  const rule = `enum [${names.join(", ")}]`;
  return names.flatMap((v) => [
    { value: v, rule, what: "a value" },
    { value: v.toUpperCase(), rule, what: "another letter case" },
    { value: v.charAt(0).toUpperCase() + v.slice(1), rule, what: "another letter case" },
    { value: `${v}s`, rule, what: "one character more" },
    { value: ` ${v}`, rule, what: "a leading space" },
  ]);
}

function lengthEdges(op: SpecOperation, p: SpecParameter, s: Schema): Candidate[] {
  const out: Candidate[] = [];
  const at = (n: number) => stringOfLength(p, n, (x) => isValid(op, p, x));
  const past = (n: number) => stringOfLength(p, n, (x) => breaksOnly(op, p, x));
  const add = (value: string | undefined, rule: string, what: string) => value !== undefined && out.push({ value, rule, what });
  if (typeof s.maxLength === "number") {
    add(at(s.maxLength), `maxLength ${s.maxLength}`, "at the bound");
    add(past(s.maxLength + 1), `maxLength ${s.maxLength}`, "one past");
  }
  if (typeof s.minLength === "number" && s.minLength > 0) {
    add(at(s.minLength), `minLength ${s.minLength}`, "at the bound");
    add(past(s.minLength - 1), `minLength ${s.minLength}`, "one past");
  }
  return out;
}

/** A value the pattern accepts: the example, else one fast-check draws with a fixed seed (never the run's). */
function patternValue(op: SpecOperation, p: SpecParameter, s: Schema): string | undefined {
  const example = exampleText(p, "");
  if (example && isValid(op, p, example)) return example;
  const values = matching(s.pattern);
  if (typeof values === "string") return undefined;
  const drawn = fc.sample(values, { seed: 0, numRuns: 50 });
  return drawn.find((v) => v.length > 0 && isValid(op, p, v));
}

/** Near misses of a pattern, from a valid value: its case changed, cut short, made longer, a character outside it. */
function patternEdges(op: SpecOperation, p: SpecParameter, s: Schema): Candidate[] {
  const base = patternValue(op, p, s);
  if (base === undefined) return [];
  const rule = `pattern ${s.pattern}`;
  const points = Array.from(base);
  const middle = Math.floor(points.length / 2);
  const replaced = (c: string) => [...points.slice(0, middle), c, ...points.slice(middle + 1)].join("");
  const inserted = (c: string) => [...points.slice(0, middle), c, ...points.slice(middle)].join("");
  const breaking = OUTSIDE.filter((c) => breaksOnly(op, p, replaced(c)));
  const out: Candidate[] = [
    { value: base, rule, what: "a value" },
    { value: base.toUpperCase(), rule, what: "in upper case" },
    { value: base.toLowerCase(), rule, what: "in lower case" },
    { value: points.slice(0, -1).join(""), rule, what: "one character short" },
    { value: base + points[points.length - 1], rule, what: "one character more" },
    { value: ` ${base}`, rule, what: "a leading space" },
  ];
  if (breaking[0] !== undefined) out.push({ value: replaced(breaking[0]), rule, what: `a character outside the pattern (${JSON.stringify(breaking[0])})` });
  const insert = breaking[1] ?? breaking[0];
  if (insert !== undefined) out.push({ value: inserted(insert), rule, what: `a character outside the pattern inserted (${JSON.stringify(insert)})` });
  return out;
}

/** The rule a troublesome string breaks, by the keyword the validator names. */
function ruleOf(p: SpecParameter, keyword: string): string {
  const s = p.schema;
  if (keyword === "enum") return `enum [${s.enum.map(String).join(", ")}]`;
  if (keyword === "type") return `type ${schemaTypes(s).join("|")}`;
  return s[keyword] === undefined ? keyword : `${keyword} ${s[keyword]}`;
}

/** Strings beyond an enum's near misses: the corpus's troublesome strings, one of each kind. */
function troublesomeEdges(op: SpecOperation, p: SpecParameter): Candidate[] {
  if (!schemaTypes(p.schema).includes("string") || Array.isArray(p.schema.enum)) return [];
  return troublesomeKinds(op, p).map((trouble) => ({
    value: trouble.value,
    rule: trouble.breaks.length ? trouble.breaks.map((k) => ruleOf(p, k)).join(" and ") : "troublesome string",
    what: trouble.kind,
  }));
}

const COVERAGE_VALUES = new WeakMap<SpecParameter, CoverageValue[]>();

/** Every value of one parameter the coverage phase sends, once each, with its verdict (worked out once a parameter). */
export function coverageValues(op: SpecOperation, p: SpecParameter): CoverageValue[] {
  let values = COVERAGE_VALUES.get(p);
  if (!values) COVERAGE_VALUES.set(p, (values = buildCoverageValues(op, p)));
  return values;
}

/**
 * Works out every operation's coverage values ahead of coverageCases, yielding to the event loop between operations
 * (tens of ms each, on a spec of hundreds of operations: seconds), so that a signal is heard meanwhile.
 */
export async function prepareCoverage(operations: SpecOperation[]): Promise<void> {
  for (const op of operations.filter((o) => o.method === "GET")) {
    await breathe();
    if (interruptedBy()) return;
    for (const p of op.parameters) if (hasValues(p)) coverageValues(op, p);
  }
}

function buildCoverageValues(op: SpecOperation, p: SpecParameter): CoverageValue[] {
  // An array's edges are its items': each sent as the only item (one text, which the array reads as one item).
  const reading = readingOf(op, p);
  const s = reading.array ? resolved(op, resolved(op, p.schema).items) : resolved(op, p.schema);
  const t = schemaTypes(s);
  const candidates: Candidate[] = [
    ...(t.includes("integer") || t.includes("number") ? numberEdges(s) : []),
    ...(Array.isArray(s.enum) ? enumEdges(s) : []),
    ...(t.includes("boolean") && !Array.isArray(s.enum) ? booleanEdges(s) : []),
    ...lengthEdges(op, p, s),
    ...(typeof s.pattern === "string" ? patternEdges(op, p, s) : []),
    ...(reading.array ? [] : troublesomeEdges(op, { ...p, schema: s })),
  ].map((c) => (reading.array ? { ...c, rule: `items: ${c.rule}` } : c));
  const out: CoverageValue[] = [];
  for (const c of candidates) {
    if (unsendable(p, c.value) || out.some((v) => v.value === c.value)) continue;
    if (isValid(op, p, c.value)) out.push({ ...c, valid: true });
    else if (breaksOnly(op, p, c.value)) out.push({ ...c, valid: false });
  }
  return out;
}

/**
 * Text that would not reach the server as the value it is: empty text is another request (no filter, another route),
 * dot segments are rewritten by the URL, and a header value HTTP cannot carry (or would trim) is not sent.
 */
const unsendable = (p: SpecParameter, text: string) => text === "" || (p.in === "path" && /^\.{1,2}$/.test(text)) || (p.in === "header" && !fitsHeader(text));

/** The query values a request needs besides the one parameter it covers: every other required one, its example. */
function requiredQuery(op: SpecOperation, except: SpecParameter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of op.parameters.filter((x) => x.in === "query" && x.required && x !== except)) out[p.name] = exampleText(p, "");
  return out;
}

export interface CoveragePlan {
  cases: Case[];
  /** what the phase could not send, said once an operation */
  notes: string[];
}

/** What a case asks for: its operation, path and query (two cases asking the same get the same answer). */
const requestKey = (c: Pick<Case, "operationId" | "auth" | "headers" | "pathParams" | "query">) => JSON.stringify([c.operationId, c.auth, c.headers ?? {}, c.pathParams, Object.entries(c.query).sort()]);

/**
 * What a parameter shared by `$ref` gets on an operation after the first that covered it: one valid value and one
 * invalid one, the first of each, unless the fixed cases (`sent`) already send this operation one of that kind. Its
 * whole edge set judged how the shared rule is read; these judge whether this operation reads it at all (an endpoint
 * that forgot to validate it accepts the invalid one).
 */
function oneOfEach(op: SpecOperation, p: SpecParameter, values: CoverageValue[], sent: Case[]): CoverageValue[] {
  const mine = sent.filter((c) => c.operationId === op.operationId && c.auth === "token");
  // A valid path value is a resource that exists, which every valid request of the operation names: none is made up.
  const hasValid = p.in === "path" || mine.some((c) => c.kind === "positive" && (p.in === "header" ? c.headers?.[p.name] : c.query[p.name]) !== undefined);
  const hasInvalid = mine.some((c) => c.broken?.parameter === p.name && c.broken.location === p.in);
  const valid = hasValid ? undefined : values.find((v) => v.valid);
  const invalid = hasInvalid ? undefined : values.find((v) => !v.valid);
  return [valid, invalid].filter((v): v is CoverageValue => v !== undefined);
}

/**
 * The coverage phase's cases: every coverage value of every query, path and header parameter of every GET operation, once:
 * a request the fixed cases (`sent`) already make is not made again. A parameter several operations share (its
 * components name, `ref`) gets its whole set on the first operation it is covered on, one valid and one invalid value
 * on each other. Query values are sent on a resource that exists (live: one a list showed; the mock: the spec's
 * example); where no list showed one, only the path parameters are covered, and a note says so.
 */
export function coverageCases(context: CaseContext, operations: SpecOperation[], sent: Case[] = []): CoveragePlan {
  const cases: Case[] = [];
  const notes: string[] = [];
  const signal = interruptedBy();
  if (signal) return { cases, notes: [`coverage: no cases made: the run was interrupted by ${signal} first`] };
  const asked = new Set(sent.map(requestKey));
  const seenBefore = sharedBefore();
  for (const op of operations.filter((o) => o.method === "GET")) {
    const pathParams = pathValuesFor(op, context);
    const unknownResource = context.target === "live" && op.row.pathParameters.length > 0 && !context.pathValues[op.operationId] && (listsOf(op).length > 0 || parentOf(op) !== undefined);
    if (unknownResource) notes.push(`coverage: ${op.operationId} query parameters not covered: no list showed a resource of it, so no existing ${op.row.pathParameters.join(", ")} is known`);
    for (const p of op.parameters) {
      // Header values, like query values, are sent on a resource that exists.
      if (!hasValues(p) || (unknownResource && p.in !== "path")) continue;
      const location = p.in;
      // A cursor is the server's to issue: only values that break its schema are sent, never made-up "valid" ones.
      const values = coverageValues(op, p).filter((v) => !(v.valid && serverIssued(op, p)));
      for (const v of seenBefore(p) ? oneOfEach(op, p, values, sent) : values) {
        const c = coverageCase(op, p, location, v, pathParams);
        if (!asked.has(requestKey(c))) cases.push(c);
      }
    }
  }
  return { cases, notes };
}

/** One coverage value as a case: valid (kind positive), or breaking its parameter (kind negative, its rule named). */
function coverageCase(op: SpecOperation, p: SpecParameter, location: "query" | "path" | "header", v: CoverageValue, pathParams: Record<string, string>): Case {
  const path = location === "path" ? { ...pathParams, [p.name]: v.value } : pathParams;
  const query = location === "query" ? { ...requiredQuery(op, p), [p.name]: v.value } : requiredQuery(op, p);
  const headers = location === "header" ? { ...requiredHeaders(op), [p.name]: v.value } : requiredHeaders(op);
  const base = { operationId: op.operationId, pathParams: path, query, ...(Object.keys(headers).length ? { headers } : {}), auth: "token" as const };
  if (v.valid) return { ...base, id: `${op.operationId}:coverage:valid:${p.name}=${v.value}`, kind: "positive", description: `coverage: ${p.name} ${v.rule}, ${v.what}` };
  const rule = `${v.rule} (coverage: ${v.what})`;
  return { ...base, id: `${op.operationId}:coverage:invalid:${p.name}=${v.value}`, kind: "negative", description: `coverage: ${p.name} breaks ${rule}`, broken: { parameter: p.name, location, rule, value: v.value } };
}

/** Whether a case is one of the coverage phase's (its id says so: reports and tests tell the phase by it). */
export const isCoverageCase = (c: Case) => c.id.includes(":coverage:");
