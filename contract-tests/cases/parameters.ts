// Valid edge values and one-rule breaks for every parameter, derived from the parameter schemas of the spec. Each
// value is proven against the spec's own parameter validator before it is used: a positive value must validate, a
// negative one must fail on that parameter only.
import fc from "fast-check";
import { pointerOf } from "../../src/shared/json-pointer";
import { textType } from "../../src/shared/query-text";
import { isValidatedParameter } from "../../spec/model";
import type { SpecOperation, SpecParameter } from "../spec";
import type { ErrorObject } from "ajv";
import { matching, readingOf, typedWire, type Reading, type Wire } from "./schema-values";

interface ParameterValue {
  parameter: SpecParameter;
  /** the text sent on the wire */
  value: string;
  /** the rule hit at its edge (positive) or broken (negative), e.g. "maximum 100" */
  rule: string;
}

export interface ParameterValues {
  positive: ParameterValue[];
  negative: ParameterValue[];
  /** constraint keywords the generator does not know how to exercise (reported, never silently ignored) */
  unsupported: string[];
}

/** Keywords that document, not constrain. */
const ANNOTATIONS = new Set(["description", "default", "example", "examples", "title", "deprecated", "format"]);
const HANDLED = new Set(["type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum", "minLength", "maxLength", "pattern"]);

export function schemaTypes(schema: Record<string, any>): string[] {
  return Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
}

/**
 * The typed value the spec's validator sees for a wire value (query and path values are text on the wire): read as
 * the mock reads query text (src/shared/query-text.ts, src/mock/query.ts), by the parameter's schema through its
 * `$ref`s; an array split by its style's delimiter, or one item a repetition.
 */
export function typed(parameter: SpecParameter, text: Wire, operation?: SpecOperation): unknown {
  return typedWire(operation ? judgingOf(operation, parameter).reading : { array: false, type: textType(parameter.schema?.type) }, text);
}

/** How a parameter's text is read, and the instance path of its own errors: worked out once a parameter. */
interface Judging {
  reading: Reading;
  own: string;
}

const JUDGING = new WeakMap<SpecOperation, WeakMap<SpecParameter, Judging>>();

function judgingOf(operation: SpecOperation, parameter: SpecParameter): Judging {
  let byParameter = JUDGING.get(operation);
  if (!byParameter) JUDGING.set(operation, (byParameter = new WeakMap()));
  let judging = byParameter.get(parameter);
  if (!judging) {
    const own = pointerOf([parameter.name]);
    byParameter.set(parameter, (judging = { reading: readingOf(operation, parameter), own }));
  }
  return judging;
}

/**
 * Errors of the spec's parameter validator for one parameter value, alone: the other parameters are left out, and the
 * errors that says of them (a required one missing) are not this value's.
 */
function errorsFor(operation: SpecOperation, parameter: SpecParameter, text: Wire): readonly ErrorObject[] {
  const { reading, own } = judgingOf(operation, parameter);
  return operation
    .validateParameter(parameter.in as "query" | "path" | "header", { [parameter.name]: typedWire(reading, text) })
    .filter((e) => e.instancePath === own || e.instancePath.startsWith(`${own}/`) || (e.instancePath === "" && e.keyword !== "required"));
}

/**
 * Whether a text can be a header's value as sent (RFC 9110 field-value): visible ASCII and spaces, no CR, LF or NUL,
 * no space at either end (which HTTP strips), not empty. A value that cannot go on the wire is never drawn for a header.
 */
export const fitsHeader = (text: string) => /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(text);

/**
 * Whether the suite builds and sends values of a parameter: a query, path or header one (a header OpenAPI ignores,
 * Accept, Content-Type or Authorization, is not: negotiation, the body and security say those); a cookie gets none.
 */
export const hasValues = (p: SpecParameter): p is SpecParameter & { in: "query" | "path" | "header" } => isValidatedParameter(p);

const requiredHeaderValues = new WeakMap<SpecOperation, Record<string, string>>();
/** A valid value of every required header parameter: sent on every case, or the server refuses each request. Built once. */
export function requiredHeaders(op: SpecOperation): Record<string, string> {
  let values = requiredHeaderValues.get(op);
  if (!values) {
    values = Object.fromEntries(op.parameters.filter((p) => p.in === "header" && p.required && hasValues(p)).map((p) => [p.name, validText(p)]));
    requiredHeaderValues.set(op, values);
  }
  return { ...values };
}

/** Whether an error of errorsFor is on the parameter's value (or an item of it), not the request as a whole. */
const onValue = (instancePath: string) => instancePath !== "";

export const isValid = (op: SpecOperation, p: SpecParameter, text: Wire) => errorsFor(op, p, text).length === 0;
/** The schema keywords a value breaks ([] when valid): "maxLength", "pattern", "enum", "type"...; "other" for an error elsewhere. */
export const failingKeywords = (op: SpecOperation, p: SpecParameter, text: Wire) => {
  const { own } = judgingOf(op, p);
  return [...new Set(errorsFor(op, p, text).map((e) => (e.instancePath === own ? e.keyword : onValue(e.instancePath) ? `items ${e.keyword}` : "other")))];
};
/** The validator's errors of one value of the parameter, alone (why no value could be built, for a note). */
export const valueErrors = (op: SpecOperation, p: SpecParameter, text: Wire) => errorsFor(op, p, text);
/** Fails on this parameter, and only on it. */
export const breaksOnly = (op: SpecOperation, p: SpecParameter, text: Wire) => {
  const errors = errorsFor(op, p, text);
  return errors.length > 0 && errors.every((e) => onValue(e.instancePath));
};

/** The parameter's example as the text a query string would carry (an object or array example, which a query parameter
 * cannot have, as its JSON rather than "[object Object]"); `fallback` when it has none. */
export function exampleText(p: SpecParameter, fallback: string): string {
  const example = p.example;
  switch (typeof example) {
    case "undefined":
      return fallback;
    case "string":
      return example;
    case "number":
    case "boolean":
    case "bigint":
      return String(example);
    default:
      return example === null ? fallback : (JSON.stringify(example) ?? fallback);
  }
}

/**
 * Whether a parameter's values are the server's to issue (a cursor page's cursor): sent only as the server gave them,
 * never made up as valid ones.
 */
export function serverIssued(operation: SpecOperation, parameter: SpecParameter): boolean {
  const page = operation.row.page;
  return parameter.in === "query" && page?.kind === "cursor" && page.cursor === parameter.name;
}

/** Texts that satisfy common formats, for a parameter that documents no example. */
const FORMAT_TEXTS: Record<string, string> = {
  date: "2024-01-31",
  "date-time": "2024-01-31T12:00:00Z",
  time: "12:00:00Z",
  uuid: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
  email: "someone@example.com",
  uri: "https://example.com/",
};

/**
 * One value the parameter's schema allows, as wire text, for a request that needs some value (a path parameter no
 * list showed): its example, else the schema's example, default, first enum value or const, else one made from its
 * type and bounds, its format, or its pattern (the pattern's first string, drawn with a fixed seed).
 */
export function validText(p: SpecParameter): string {
  const s = p.schema ?? {};
  const given = [p.example, s.example, Array.isArray(s.examples) ? s.examples[0] : undefined, s.default, Array.isArray(s.enum) ? s.enum.find((v: unknown) => v !== null) : undefined, s.const];
  const value = given.find((v) => v !== undefined && v !== null && typeof v !== "object");
  if (value !== undefined) return String(value);
  const t = schemaTypes(s);
  if (t.includes("integer") || t.includes("number")) {
    if (typeof s.minimum === "number") return String(Math.ceil(s.minimum));
    if (typeof s.exclusiveMinimum === "number") return String(Math.floor(s.exclusiveMinimum) + 1);
    return typeof s.maximum === "number" && s.maximum < 1 ? String(Math.floor(s.maximum)) : "1";
  }
  if (t.includes("boolean")) return "true";
  if (typeof s.format === "string" && FORMAT_TEXTS[s.format]) return FORMAT_TEXTS[s.format];
  const pattern = typeof s.pattern === "string" ? matching(s.pattern) : undefined;
  if (pattern !== undefined && typeof pattern !== "string") return fc.sample(pattern, { numRuns: 1, seed: 1 })[0];
  return "a".repeat(Math.max(1, Number(s.minLength ?? 1)));
}

/** A string of `length` characters that satisfies everything but (possibly) the length itself. */
export function stringOfLength(p: SpecParameter, length: number, valid: (text: string) => boolean): string | undefined {
  const seeds = [exampleText(p, ""), "a", "A", "0", "sample"].filter((s) => s.length > 0);
  for (const seed of seeds) {
    const text = seed.repeat(Math.ceil(length / seed.length)).slice(0, length);
    if (valid(text)) return text;
  }
  return undefined;
}

/** Variants of the example that break its pattern but keep its length. */
function patternBreaks(p: SpecParameter): string[] {
  const example = exampleText(p, "a");
  const out: string[] = [];
  for (const bad of ["-", "!", "~", "z", "g", " ", "é"]) out.push(bad + example.slice(1));
  if (example.length > 1) out.push(example.slice(0, -1));
  return out;
}

export function parameterValues(operation: SpecOperation, parameter: SpecParameter): ParameterValues {
  const s = parameter.schema;
  const positive: ParameterValue[] = [];
  const negative: ParameterValue[] = [];
  const unsupported = Object.keys(s).filter((k) => !ANNOTATIONS.has(k) && !HANDLED.has(k));
  const t = schemaTypes(s);
  const pos = (value: string | undefined, rule: string) => {
    if (value !== undefined && isValid(operation, parameter, value)) positive.push({ parameter, value, rule });
    else unsupported.push(`${rule} (no valid value found)`);
  };
  const neg = (value: string | undefined, rule: string) => {
    if (value !== undefined && breaksOnly(operation, parameter, value)) negative.push({ parameter, value, rule });
    else unsupported.push(`${rule} (no value breaking only this rule found)`);
  };

  if (t.includes("integer") || t.includes("number")) {
    neg("not-a-number", `type ${t.join("|")}`);
    if (t.includes("integer") && !t.includes("number")) neg(`${Number(s.minimum ?? 0) + 1}.5`, "type integer (fraction)");
    if (typeof s.minimum === "number") {
      pos(String(s.minimum), `minimum ${s.minimum}`);
      neg(String(s.minimum - 1), `minimum ${s.minimum}`);
    }
    if (typeof s.maximum === "number") {
      pos(String(s.maximum), `maximum ${s.maximum}`);
      neg(String(s.maximum + 1), `maximum ${s.maximum}`);
    }
    if (typeof s.exclusiveMinimum === "number") {
      pos(String(s.exclusiveMinimum + 1), `exclusiveMinimum ${s.exclusiveMinimum}`);
      neg(String(s.exclusiveMinimum), `exclusiveMinimum ${s.exclusiveMinimum}`);
    }
    if (typeof s.exclusiveMaximum === "number") {
      pos(String(s.exclusiveMaximum - 1), `exclusiveMaximum ${s.exclusiveMaximum}`);
      neg(String(s.exclusiveMaximum), `exclusiveMaximum ${s.exclusiveMaximum}`);
    }
  }
  if (Array.isArray(s.enum)) {
    for (const value of s.enum) pos(String(value), `enum value ${JSON.stringify(value)}`);
    const candidates = [`${s.enum[0]}x`, "x", "not-in-enum", String(s.enum[0]).toUpperCase()];
    neg(candidates.find((c) => !s.enum.map(String).includes(c) && breaksOnly(operation, parameter, c)), `enum [${s.enum.join(", ")}]`);
  }
  if (typeof s.maxLength === "number") {
    pos(stringOfLength(parameter, s.maxLength, (x) => isValid(operation, parameter, x)), `maxLength ${s.maxLength}`);
    neg(stringOfLength(parameter, s.maxLength + 1, (x) => breaksOnly(operation, parameter, x)), `maxLength ${s.maxLength}`);
  }
  if (typeof s.minLength === "number" && s.minLength > 0) {
    pos(stringOfLength(parameter, s.minLength, (x) => isValid(operation, parameter, x)), `minLength ${s.minLength}`);
    neg(stringOfLength(parameter, s.minLength - 1, (x) => breaksOnly(operation, parameter, x)) ?? (s.minLength === 1 ? "" : undefined), `minLength ${s.minLength}`);
  }
  if (typeof s.pattern === "string") {
    const example = exampleText(parameter, "");
    // Case variants of a valid example: "either case" patterns must accept both.
    for (const variant of [example.toUpperCase(), example.toLowerCase()]) {
      if (variant !== example && isValid(operation, parameter, variant)) positive.push({ parameter, value: variant, rule: `pattern ${s.pattern} (${variant === example.toUpperCase() ? "upper" : "lower"} case)` });
    }
    const breaks = patternBreaks(parameter).filter((x) => breaksOnly(operation, parameter, x));
    const sameLength = breaks.find((x) => x.length === example.length);
    neg(sameLength, `pattern ${s.pattern}`);
    const shorter = breaks.find((x) => x.length < example.length && x !== sameLength);
    if (shorter) negative.push({ parameter, value: shorter, rule: `pattern ${s.pattern} (one character short)` });
  }
  // A cursor is the server's to issue: one the suite made up may rightly be refused, so none is sent as valid.
  if (serverIssued(operation, parameter)) return { positive: [], negative, unsupported };
  return { positive, negative, unsupported };
}
