// What changed between two versions of the spec, and whether it breaks the people who depend on it: code built on
// the generated client and types, and CI jobs that check a server against the contract.
//
// A schema is compared in the direction its values travel. A request value (a parameter) may only be accepted more
// widely: a tighter bound turns away calls that worked. A response value may only get narrower: a looser bound lets
// the server send what consumers (and validateResponses) reject. A change that is neither clearly wider nor clearly
// narrower (a new pattern, a changed keyword this module does not reason about) counts as breaking: the check errs on
// the side of asking a human. Numeric bounds are compared as the values they allow (on an integer, `minimum: 1` and
// `exclusiveMinimum: 0` are one bound).
//
// A response status that one version lists and the other does not is compared with what documents that status in
// the other version (its range such as `4XX`, else `default`), since a server may still send it and consumers read it
// by that. Security is compared as alternatives: a call that met an old alternative must meet a new one.
import { escapePointerToken } from "../src/shared/json-pointer";
import { isObject, jsonText, resolveLocal, valueAtPointer, walkOperations, type Json, type JsonObject } from "../spec/model";

type Severity = "breaking" | "non-breaking";

/**
 * Which rule found a change: a stable name, for tools that read `--json` (one name may come out either breaking or
 * not, e.g. `schema-bound` by the direction the value travels).
 */
type Rule =
  | "server-default-moved"
  | "server-removed"
  | "security-scheme-removed"
  | "security-scheme-changed"
  | "security-alternative-removed"
  | "security-requirement-added"
  | "security-requirement-relaxed"
  | "security-alternative-added"
  | "security-anonymous-allowed"
  | "operation-removed"
  | "operation-added"
  | "operation-id-changed"
  | "parameter-removed"
  | "parameter-added"
  | "parameter-required-changed"
  | "parameter-serialisation-changed"
  | "response-removed"
  | "response-added"
  | "success-response-added"
  | "media-type-removed"
  | "media-type-added"
  | "header-removed"
  | "header-added"
  | "schema-type"
  | "schema-enum"
  | "schema-bound"
  | "schema-restriction"
  | "schema-default"
  | "schema-required"
  | "schema-property-removed"
  | "schema-property-added"
  | "schema-unmodelled-keyword"
  | "schema-boolean";

export interface Change {
  severity: Severity;
  rule: Rule;
  /** The operation it concerns, "GET /samples" (the new version's path template); absent for servers and schemes. */
  operation?: string;
  /** Where, for a human: "GET /samples › query `limit`" or "GET /samples/{sample_id} › 200 › body.sample_id". */
  where: string;
  /**
   * The JSON pointer of the changed node in each version, `$ref`s followed (a shared schema's change points into
   * components/ for every use); absent in the version that does not have it.
   */
  pointer: { base?: string; spec?: string };
  /** What changed and why it is (not) breaking, one sentence. */
  message: string;
}

/** Where a change sits: `where` for a human, the node's pointer in each version, and its operation. */
interface Site {
  where: string;
  operation?: string;
  base?: string;
  spec?: string;
}

type Specs = { before: JsonObject; after: JsonObject };
type Direction = "request" | "response";
/** How the set of values a schema allows moved. */
type Drift = "wider" | "narrower" | "different";

/** Keywords that document a schema without constraining its values. */
const ANNOTATIONS = new Set(["description", "title", "example", "examples", "$comment", "deprecated", "readOnly", "writeOnly"]);
/** Numeric bounds: each pair is one bound, inclusive or exclusive (see numericBound). */
const NUMERIC_BOUNDS = {
  lower: { inclusive: "minimum", exclusive: "exclusiveMinimum" },
  upper: { inclusive: "maximum", exclusive: "exclusiveMaximum" },
} as const;
/** Size bounds, lower: a larger value (or a new one) allows fewer values. */
const LOWER_BOUNDS = ["minLength", "minItems", "minProperties"] as const;
/** Size bounds, upper: a smaller value (or a new one) allows fewer values. */
const UPPER_BOUNDS = ["maxLength", "maxItems", "maxProperties"] as const;
/** Keywords whose addition narrows and removal widens, and whose change goes either way. */
const RESTRICTIONS = ["pattern", "format", "multipleOf", "uniqueItems", "const"] as const;
const HANDLED = new Set<string>([
  ...ANNOTATIONS,
  ...Object.values(NUMERIC_BOUNDS).flatMap((bound) => [bound.inclusive, bound.exclusive]),
  ...LOWER_BOUNDS,
  ...UPPER_BOUNDS,
  ...RESTRICTIONS,
  "$ref",
  "type",
  "enum",
  "default",
  "required",
  "properties",
  "additionalProperties",
  "items",
]);

/** The object at `value`, or an empty one when the spec leaves it out. */
const objectAt = (value: Json | undefined): JsonObject => (isObject(value ?? null) ? (value as JsonObject) : {});
const show = (value: unknown) => (value === undefined ? "none" : JSON.stringify(value));
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** One JSON pointer token: "/samples/{id}" → "~1samples~1{id}". */
const token = escapePointerToken;

/** A site one step down: `where` gains `suffix`, each pointer `path` (a pointer stays absent where it was). */
function below(at: Site, suffix: string, path: string): Site {
  return { ...at, where: `${at.where}${suffix}`, base: at.base === undefined ? undefined : at.base + path, spec: at.spec === undefined ? undefined : at.spec + path };
}
const onlyBase = (at: Site): Site => ({ ...at, spec: undefined });
const onlySpec = (at: Site): Site => ({ ...at, base: undefined });

/** A node with its `$ref`s followed (spec-model's resolveLocal, which also rejects bad ones), and the pointer it ends at. */
function located(spec: JsonObject, node: Json | undefined, pointer: string | undefined): { node: any; pointer?: string } {
  const resolved = resolveLocal(spec, node);
  let [current, at]: [any, string | undefined] = [node, pointer];
  while (isObject(current ?? null) && typeof current.$ref === "string") {
    at = (current.$ref as string).slice(1);
    current = valueAtPointer(spec, at);
  }
  return { node: resolved, pointer: at };
}

/** Whether this drift, in this direction, breaks callers. */
function breaks(direction: Direction, drift: Drift): boolean {
  if (drift === "different") return true;
  return direction === "request" ? drift === "narrower" : drift === "wider";
}

function why(direction: Direction, drift: Drift): string {
  if (drift === "different") return "neither clearly wider nor narrower, so treated as breaking";
  if (direction === "request") {
    return drift === "narrower" ? "the server now rejects requests it accepted" : "the server accepts more than before";
  }
  return drift === "wider" ? "the server may now send values consumers reject" : "the server sends a subset of what it did";
}

class Collector {
  readonly changes: Change[] = [];
  add(rule: Rule, severity: Severity, at: Site, message: string): void {
    const { where, operation, base, spec } = at;
    this.changes.push({ severity, rule, ...(operation === undefined ? {} : { operation }), where, pointer: { base, spec }, message });
  }
  drift(rule: Rule, direction: Direction, drift: Drift, at: Site, what: string): void {
    this.add(rule, breaks(direction, drift) ? "breaking" : "non-breaking", at, `${what}: ${why(direction, drift)}`);
  }
  get breaking(): boolean {
    return this.changes.some((c) => c.severity === "breaking");
  }
}

/** A schema with its `$ref` followed; keywords beside the `$ref` (3.1 allows them) apply on top. */
function deref(spec: JsonObject, schema: Json | undefined, pointer: string | undefined): { schema: JsonObject | boolean | undefined; pointer?: string } {
  if (schema === undefined) return { schema: undefined };
  if (typeof schema === "boolean") return { schema, pointer };
  if (!isObject(schema)) return { schema: undefined, pointer };
  if (typeof schema.$ref !== "string") return { schema, pointer };
  const { $ref: _ref, ...siblings } = schema;
  const target = located(spec, { $ref: schema.$ref }, pointer);
  const inner = deref(spec, target.node as Json, target.pointer);
  return isObject(inner.schema ?? null) ? { schema: { ...(inner.schema as JsonObject), ...siblings }, pointer: inner.pointer } : inner;
}

function typeSet(schema: JsonObject): Set<string> | undefined {
  if (schema.type === undefined) return undefined;
  return new Set(Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string]);
}

/** a ⊆ b for JSON Schema types ("integer" is inside "number"). */
function typesWithin(a: Set<string>, b: Set<string>): boolean {
  return [...a].every((type) => b.has(type) || (type === "integer" && b.has("number")));
}

/** Compares two value sets where undefined means "anything". */
function setDrift(before: Set<string> | undefined, after: Set<string> | undefined, within: (a: Set<string>, b: Set<string>) => boolean): Drift | undefined {
  if (before === undefined && after === undefined) return undefined;
  if (before === undefined) return "narrower";
  if (after === undefined) return "wider";
  const grew = !within(after, before);
  const shrank = !within(before, after);
  if (grew && shrank) return "different";
  return grew ? "wider" : shrank ? "narrower" : undefined;
}

/** One side's numeric bound: `value` itself allowed or not. */
interface Bound {
  value: number;
  exclusive: boolean;
}
type BoundSide = keyof typeof NUMERIC_BOUNDS;

/** Whether bound `a` allows fewer values than bound `b` on that side. */
function tighter(side: BoundSide, a: Bound, b: Bound): boolean {
  if (a.value !== b.value) return side === "lower" ? a.value > b.value : a.value < b.value;
  return a.exclusive && !b.exclusive;
}

/** Whether the only numbers a schema allows are integers (`type: integer`, perhaps with `null`). */
const integerOnly = (schema: JsonObject) => {
  const types = typeSet(schema);
  return types !== undefined && types.has("integer") && !types.has("number");
};

/**
 * The bound a schema puts on one side of its numbers, from `minimum` and `exclusiveMinimum` (or the maximum pair)
 * together: the tighter when both are given; 3.0's boolean `exclusiveMinimum: true` makes `minimum` exclusive. On
 * an integer it is the inclusive integer bound, so that `minimum: 1` and `exclusiveMinimum: 0` are the same bound.
 */
function numericBound(schema: JsonObject, side: BoundSide): Bound | undefined {
  const keywords = NUMERIC_BOUNDS[side];
  const [inclusive, exclusive] = [schema[keywords.inclusive], schema[keywords.exclusive]];
  const given: Bound[] = [];
  if (typeof inclusive === "number") given.push({ value: inclusive, exclusive: exclusive === true });
  if (typeof exclusive === "number") given.push({ value: exclusive, exclusive: true });
  if (given.length === 0) return undefined;
  const bound = given.reduce((a, b) => (tighter(side, b, a) ? b : a));
  if (!integerOnly(schema)) return bound;
  const step = side === "lower" ? 1 : -1;
  const round = side === "lower" ? Math.ceil : Math.floor;
  return { value: bound.exclusive && Number.isInteger(bound.value) ? bound.value + step : round(bound.value), exclusive: false };
}

/** "minimum 1", "minimum 1, exclusiveMinimum 0" or "no minimum". */
function boundKeywords(schema: JsonObject, side: BoundSide): string {
  const present = Object.values(NUMERIC_BOUNDS[side]).filter((keyword) => schema[keyword] !== undefined);
  return present.length ? present.map((keyword) => `${keyword} ${show(schema[keyword])}`).join(", ") : `no ${NUMERIC_BOUNDS[side].inclusive}`;
}

function compareNumericBound(side: BoundSide, before: JsonObject, after: JsonObject, direction: Direction, at: Site, out: Collector): void {
  const [b, a] = [numericBound(before, side), numericBound(after, side)];
  if (b === undefined && a === undefined) return;
  if (b !== undefined && a !== undefined && !tighter(side, a, b) && !tighter(side, b, a)) return; // the same values
  const drift: Drift = a === undefined ? "wider" : b === undefined ? "narrower" : tighter(side, a, b) ? "narrower" : "wider";
  const used = Object.values(NUMERIC_BOUNDS[side]).filter((keyword) => before[keyword] !== undefined || after[keyword] !== undefined);
  const one = used.length === 1 ? used[0] : undefined;
  let what = one ? `${one} ${show(before[one])} → ${show(after[one])}` : `${boundKeywords(before, side)} → ${boundKeywords(after, side)}`;
  if (!one && (integerOnly(before) || integerOnly(after))) {
    // Say which integers each side allows: "minimum 1 → exclusiveMinimum 1 (≥ 1 → ≥ 2)".
    const text = (bound: Bound | undefined) => (bound === undefined ? "unbounded" : `${side === "lower" ? (bound.exclusive ? ">" : "≥") : bound.exclusive ? "<" : "≤"} ${bound.value}`);
    what += ` (${text(b)} → ${text(a)})`;
  }
  out.drift("schema-bound", direction, drift, at, what);
}

function compareSchema(spec: Specs, beforeRaw: Json | undefined, afterRaw: Json | undefined, direction: Direction, at: Site, out: Collector, refsOnPath = new Set<string>()): void {
  // A recursive schema compares each pair of $refs once per path (this spec has none, but a later one may).
  const refPair = `${jsonText((beforeRaw as JsonObject | undefined)?.$ref ?? "")}|${jsonText((afterRaw as JsonObject | undefined)?.$ref ?? "")}`;
  if (refPair !== "|") {
    if (refsOnPath.has(refPair)) return;
    refsOnPath = new Set(refsOnPath).add(refPair);
  }
  const b = deref(spec.before, beforeRaw, at.base);
  const a = deref(spec.after, afterRaw, at.spec);
  const [before, after] = [b.schema, a.schema];
  const here: Site = { ...at, base: b.pointer, spec: a.pointer };
  // No shortcut on equal nodes: two equal nodes may $ref schemas that differ between the versions.
  if (typeof before !== "object" || typeof after !== "object") {
    // Boolean or missing schemas: true/undefined allow anything, false nothing.
    const allows = (s: unknown) => (s === false ? 0 : s === undefined || s === true ? 2 : 1);
    const [nb, na] = [allows(before), allows(after)];
    const what = `schema ${show(before)} → ${show(after)}`;
    out.drift("schema-boolean", direction, na === nb ? "different" : na > nb ? "wider" : "narrower", here, what);
    return;
  }

  const types = setDrift(typeSet(before), typeSet(after), typesWithin);
  if (types) out.drift("schema-type", direction, types, here, `type ${show(before.type)} → ${show(after.type)}`);

  const asSet = (value: Json | undefined) => (Array.isArray(value) ? new Set(value.map((v) => JSON.stringify(v))) : undefined);
  const enums = setDrift(asSet(before.enum), asSet(after.enum), (x, y) => [...x].every((v) => y.has(v)));
  if (enums) out.drift("schema-enum", direction, enums, here, `enum ${show(before.enum)} → ${show(after.enum)}`);

  compareNumericBound("lower", before, after, direction, here, out);
  compareNumericBound("upper", before, after, direction, here, out);
  for (const keyword of LOWER_BOUNDS) {
    const [vb, va] = [before[keyword] as number | undefined, after[keyword] as number | undefined];
    if (vb === va) continue;
    const drift: Drift = va === undefined ? "wider" : vb === undefined ? "narrower" : va > vb ? "narrower" : "wider";
    out.drift("schema-bound", direction, drift, here, `${keyword} ${show(vb)} → ${show(va)}`);
  }
  for (const keyword of UPPER_BOUNDS) {
    const [vb, va] = [before[keyword] as number | undefined, after[keyword] as number | undefined];
    if (vb === va) continue;
    const drift: Drift = va === undefined ? "wider" : vb === undefined ? "narrower" : va < vb ? "narrower" : "wider";
    out.drift("schema-bound", direction, drift, here, `${keyword} ${show(vb)} → ${show(va)}`);
  }
  for (const keyword of RESTRICTIONS) {
    const [vb, va] = [before[keyword], after[keyword]];
    if (sameJson(vb, va) || (keyword === "uniqueItems" && !vb && !va)) continue;
    const drift: Drift = va === undefined || va === false ? "wider" : vb === undefined || vb === false ? "narrower" : "different";
    out.drift("schema-restriction", direction, drift, here, `${keyword} ${show(vb)} → ${show(va)}`);
  }

  if (!sameJson(before.default, after.default)) {
    // A default is what the server assumes when the caller says nothing: callers relying on it get something else.
    const message = `default ${show(before.default)} → ${show(after.default)}${direction === "request" ? ": callers that leave it out now get different results" : ""}`;
    out.add("schema-default", direction === "request" ? "breaking" : "non-breaking", here, message);
  }

  compareObjectShape(spec, before, after, direction, here, out, refsOnPath);
  if (before.items !== undefined || after.items !== undefined) {
    compareSchema(spec, before.items, after.items, direction, below(here, "[]", "/items"), out, refsOnPath);
  }

  for (const keyword of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (HANDLED.has(keyword) || sameJson(before[keyword], after[keyword])) continue;
    const what = `${keyword} ${show(before[keyword])} → ${show(after[keyword])} (a keyword this check does not reason about)`;
    out.drift("schema-unmodelled-keyword", direction, "different", here, what);
  }
}

function compareObjectShape(spec: Specs, before: JsonObject, after: JsonObject, direction: Direction, at: Site, out: Collector, refsOnPath: Set<string>): void {
  const property = (name: string) => below(at, `.${name}`, `/properties/${token(name)}`);
  const requiredBefore = new Set((before.required as string[] | undefined) ?? []);
  const requiredAfter = new Set((after.required as string[] | undefined) ?? []);
  for (const name of requiredAfter) {
    if (!requiredBefore.has(name)) out.drift("schema-required", direction, "narrower", { ...at, where: `${at.where}.${name}` }, "now required");
  }
  for (const name of requiredBefore) {
    if (!requiredAfter.has(name)) out.drift("schema-required", direction, "wider", { ...at, where: `${at.where}.${name}` }, "no longer required");
  }

  const [propsBefore, propsAfter] = [objectAt(before.properties), objectAt(after.properties)];
  for (const name of Object.keys(propsBefore)) {
    if (name in propsAfter) compareSchema(spec, propsBefore[name], propsAfter[name], direction, property(name), out, refsOnPath);
    else if (direction === "response") {
      // The generated types lose the field: code that reads it no longer compiles.
      out.add("schema-property-removed", "breaking", onlyBase(property(name)), "property removed: the generated types no longer have it");
    } else out.add("schema-property-removed", "breaking", onlyBase(property(name)), "property removed: callers that send it no longer type-check");
  }
  for (const name of Object.keys(propsAfter)) {
    if (name in propsBefore) continue;
    // A new property: an addition consumers can ignore, unless the old schema forbade unknown properties.
    const closed = before.additionalProperties === false;
    const site = onlySpec(property(name));
    if (direction === "response") {
      out.add("schema-property-added", closed ? "breaking" : "non-breaking", site, closed ? "property added where the old schema allowed no others" : "property added");
    } else {
      out.add("schema-property-added", requiredAfter.has(name) ? "breaking" : "non-breaking", site, requiredAfter.has(name) ? "required property added" : "optional property added");
    }
  }

  const [apBefore, apAfter] = [before.additionalProperties, after.additionalProperties];
  if (!sameJson(apBefore, apAfter)) {
    const site = below(at, "{*}", "/additionalProperties");
    const value = (v: Json | undefined) => (v === undefined ? true : v);
    const sites = { ...site, base: apBefore === undefined ? at.base : site.base, spec: apAfter === undefined ? at.spec : site.spec };
    compareSchema(spec, value(apBefore), value(apAfter), direction, sites, out, refsOnPath);
  }
}

/** An operation's parameters keyed by where they go and their name ("query `limit`"), each with its pointer. */
type Parameters = Map<string, { parameter: JsonObject; pointer: string | undefined }>;

/** "/samples/{sample_id}" and "/samples/{id}" are the same route. */
const routeKey = (template: string) => template.replace(/\{[^}]*\}/g, "{}");

interface OperationEntry {
  label: string;
  pointer: string | undefined;
  operation: JsonObject;
  parameters: Parameters;
}

function operationsOf(spec: JsonObject): Map<string, OperationEntry> {
  return new Map(
    walkOperations(spec).map(({ path, method, operation, parameters }) => {
      const pathItem = located(spec, objectAt(spec.paths)[path], `/paths/${token(path)}`);
      const pointer = `${pathItem.pointer}/${method}`;
      // walkOperations lists path-level parameters, then the operation's: the same order, to pair each with its pointer.
      const pointers = [
        ...((pathItem.node.parameters as Json[] | undefined) ?? []).map((p, i) => located(spec, p, `${pathItem.pointer}/parameters/${i}`).pointer),
        ...((operation.parameters as Json[] | undefined) ?? []).map((p, i) => located(spec, p, `${pointer}/parameters/${i}`).pointer),
      ];
      const keyed: Parameters = new Map(parameters.map((parameter, i) => [`${jsonText(parameter.in)} \`${jsonText(parameter.name)}\``, { parameter, pointer: pointers[i] }]));
      return [`${method} ${routeKey(path)}`, { label: `${method.toUpperCase()} ${path}`, pointer, operation, parameters: keyed }];
    }),
  );
}

function compareParameters(spec: Specs, at: Site, before: Parameters, after: Parameters, out: Collector): void {
  for (const [key, { parameter: b, pointer }] of before) {
    const match = after.get(key);
    const site: Site = { ...at, where: `${at.where} › ${key}`, base: pointer, spec: match?.pointer };
    if (!match) {
      out.add("parameter-removed", "breaking", site, "parameter removed: calls that pass it no longer type-check");
      continue;
    }
    const a = match.parameter;
    if (!b.required && a.required) out.add("parameter-required-changed", "breaking", site, "parameter is now required: calls without it are rejected");
    if (b.required && !a.required) out.add("parameter-required-changed", "non-breaking", site, "parameter is no longer required");
    for (const field of ["style", "explode", "allowReserved", "content"] as const) {
      if (!sameJson(b[field], a[field])) {
        out.add("parameter-serialisation-changed", "breaking", site, `${field} ${show(b[field])} → ${show(a[field])}: the same call is serialised differently`);
      }
    }
    compareSchema(spec, b.schema, a.schema, "request", below(site, "", "/schema"), out);
  }
  for (const [key, { parameter, pointer }] of after) {
    if (before.has(key)) continue;
    const site: Site = { ...at, where: `${at.where} › ${key}`, spec: pointer, base: undefined };
    if (parameter.required) out.add("parameter-added", "breaking", site, "required parameter added: existing calls lack it");
    else out.add("parameter-added", "non-breaking", site, "optional parameter added");
  }
}

/** A response as found in one version: the object, with its pointer. */
type Located = { node: JsonObject; pointer?: string };

/** What one status documents in one version compared with what it documents (or what covers it) in the other. */
function compareResponse(spec: Specs, b: Located, a: Located, at: Site, out: Collector): void {
  const site: Site = { ...at, base: b.pointer, spec: a.pointer };
  const [contentBefore, contentAfter] = [objectAt(b.node.content), objectAt(a.node.content)];
  for (const mediaType of Object.keys(contentBefore)) {
    const media = below(site, ` › ${mediaType}`, `/content/${token(mediaType)}`);
    if (!(mediaType in contentAfter)) {
      out.add("media-type-removed", "breaking", onlyBase(media), "media type removed");
      continue;
    }
    const schemaOf = (content: JsonObject) => (content[mediaType] as JsonObject).schema;
    compareSchema(spec, schemaOf(contentBefore), schemaOf(contentAfter), "response", { ...below(media, "", "/schema"), where: `${site.where} › body` }, out);
  }
  for (const mediaType of Object.keys(contentAfter)) {
    if (mediaType in contentBefore) continue;
    const media = onlySpec(below(site, ` › ${mediaType}`, `/content/${token(mediaType)}`));
    out.add("media-type-added", "breaking", media, "media type added: consumers may get a body they cannot parse");
  }
  // Header names are case-insensitive; each is located through its $ref (components/headers).
  const headers = (s: JsonObject, response: Located) =>
    new Map(
      Object.entries(objectAt(response.node.headers)).map(([name, value]) => [
        name.toLowerCase(),
        { name, ...located(s, value, response.pointer === undefined ? undefined : `${response.pointer}/headers/${token(name)}`) },
      ]),
    );
  const [hb, ha] = [headers(spec.before, b), headers(spec.after, a)];
  for (const [key, header] of hb) {
    const match = ha.get(key);
    const headerSite: Site = { ...site, where: `${site.where} › header ${header.name}`, base: header.pointer, spec: match?.pointer };
    if (!match) {
      out.add("header-removed", "breaking", headerSite, "header removed: consumers that read it get nothing");
      continue;
    }
    compareSchema(spec, (header.node as JsonObject).schema, (match.node as JsonObject).schema, "response", below(headerSite, "", "/schema"), out);
  }
  for (const [key, header] of ha) {
    if (!hb.has(key)) out.add("header-added", "non-breaking", { ...site, where: `${site.where} › header ${header.name}`, base: undefined, spec: header.pointer }, "header added");
  }
}

/**
 * The key of the response that documents `status` in a version that does not list it: its range ("4XX") for a
 * code, then `default`. A client built on that version reads such a response by it.
 */
function coveringStatus(status: string, responses: JsonObject): string | undefined {
  const range = /^\d{3}$/.test(status) ? Object.keys(responses).find((key) => key.toUpperCase() === `${status[0]}XX`) : undefined;
  if (range) return range;
  return status !== "default" && "default" in responses ? "default" : undefined;
}

/** A 2xx other than 200: the client takes 200 alone as success (src/client.ts readResult). */
const otherSuccess = (status: string) => /^2/.test(status) && status !== "200";

/**
 * A status one version lists compared with the response that covers it in the other (`b` before, `a` after): one
 * line for the status, breaking when any difference is, then each difference under `detailWhere`.
 */
function compareCovered(spec: Specs, rule: Rule, b: Located, a: Located, at: Site, detailWhere: string, verdict: (same: boolean) => string, out: Collector): void {
  const details = new Collector();
  compareResponse(spec, b, a, { ...at, where: detailWhere }, details);
  out.add(rule, details.breaking ? "breaking" : "non-breaking", { ...at, base: b.pointer, spec: a.pointer }, verdict(details.changes.length === 0));
  out.changes.push(...details.changes);
}

function compareResponses(spec: Specs, at: Site, before: JsonObject, after: JsonObject, out: Collector): void {
  const response = (s: JsonObject, responses: JsonObject, status: string, pointer: string | undefined): Located => {
    const found = located(s, responses[status], pointer === undefined ? undefined : `${pointer}/responses/${token(status)}`);
    return { node: objectAt(found.node as Json), pointer: found.pointer };
  };
  const [inBefore, inAfter] = [(status: string) => response(spec.before, before, status, at.base), (status: string) => response(spec.after, after, status, at.spec)];

  for (const status of Object.keys(before)) {
    const site: Site = { ...at, where: `${at.where} › ${status}` };
    if (status in after) {
      compareResponse(spec, inBefore(status), inAfter(status), site, out);
      continue;
    }
    const gone = inBefore(status);
    if (/^2/.test(status)) {
      // The call no longer returns what callers were built for.
      out.add("response-removed", "breaking", { ...site, base: gone.pointer, spec: undefined }, "success response removed");
      continue;
    }
    const cover = coveringStatus(status, after);
    if (cover === undefined) {
      // Nothing documents it any more: one fewer case to handle.
      const message = status === "default" ? "response removed: the statuses it covered are no longer documented" : `response removed: no response of the new version covers a ${status}`;
      out.add("response-removed", "non-breaking", { ...site, base: gone.pointer, spec: undefined }, message);
      continue;
    }
    // A server may still send it: consumers now read it by the covering response, which must not document less.
    const said = (same: boolean) => (same ? "documents the same body and headers" : `documents it differently (listed under \`${status} → ${cover}\`)`);
    const verdict = (same: boolean) => `response removed: a ${status} now falls under \`${cover}\`, which ${said(same)}`;
    compareCovered(spec, "response-removed", gone, inAfter(cover), site, `${site.where} → ${cover}`, verdict, out);
  }

  for (const status of Object.keys(after)) {
    if (status in before) continue;
    const site: Site = { ...at, where: `${at.where} › ${status}` };
    const added = inAfter(status);
    if (otherSuccess(status)) {
      // Flagged rather than weighed against what covered it: whatever its body, the client in every released version
      // rejects it, and the generated success type of the call gains a member.
      const message =
        "success response added: the client takes 200 alone as success and answers any other 2xx with " +
        "unexpected_response, so a call the server answers this way fails; teach src/client.ts this status first";
      out.add("success-response-added", "breaking", { ...site, base: undefined, spec: added.pointer }, message);
      continue;
    }
    const cover = coveringStatus(status, before);
    if (cover === undefined) {
      const message = status === "default" ? "response added: it documents every status the others do not" : `response added: no response of the old version covered a ${status}`;
      out.add("response-added", "non-breaking", { ...site, base: undefined, spec: added.pointer }, message);
      continue;
    }
    // Consumers read such a response by the covering one until now: the new one must not document less or else.
    const said = (same: boolean) => (same ? "documented the same body and headers" : `documented it differently (listed under \`${cover} → ${status}\`)`);
    const verdict = (same: boolean) => `response added: a ${status} fell under \`${cover}\` before, which ${said(same)}`;
    compareCovered(spec, "response-added", inBefore(cover), added, site, `${at.where} › ${cover} → ${status}`, verdict, out);
  }
}

/** One security requirement (an alternative): scheme name → the scopes it needs. All must be met (AND). */
type Requirement = Map<string, Set<string>>;

/**
 * The alternatives (OR) an operation accepts: its own `security`, else the document's; none given or `[]` means one
 * alternative that needs nothing (anonymous calls).
 */
function requirementsOf(security: Json | undefined): Requirement[] {
  const list = Array.isArray(security) && security.length > 0 ? security : [{}];
  return list.map((requirement) => new Map(Object.entries(objectAt(requirement)).map(([scheme, scopes]) => [scheme, new Set((scopes as string[] | null) ?? [])])));
}

/** `a` asks no more than `b`: every call that meets `b` meets `a`. */
const satisfiedBy = (a: Requirement, b: Requirement) => [...a].every(([scheme, scopes]) => b.has(scheme) && [...scopes].every((s) => b.get(scheme)!.has(s)));
const sameRequirement = (a: Requirement, b: Requirement) => satisfiedBy(a, b) && satisfiedBy(b, a);
const showRequirement = (r: Requirement) =>
  r.size === 0 ? "{} (no credentials)" : JSON.stringify(Object.fromEntries([...r].sort(([x], [y]) => x.localeCompare(y)).map(([scheme, scopes]) => [scheme, [...scopes].sort()])));

/**
 * Security compared as alternatives: a call that met one of the old alternatives must meet one of the new. A new
 * alternative keeps the old ones working; a removed alternative, or one that now also needs another scheme or scope
 * (AND), turns away callers who authenticate that way. Letting calls through with no credentials is flagged as
 * breaking too: a server that still asks for a token no longer matches the contract, and a human should confirm it.
 */
function compareSecurity(at: Site, before: Json | undefined, after: Json | undefined, out: Collector): void {
  const [b, a] = [requirementsOf(before), requirementsOf(after)];
  // Points at the operation's `security`, or the document's when the operation inherits it (see compareSpecs).
  const site: Site = { ...at, where: `${at.where} › security` };
  const added = a.filter((r) => !b.some((old) => sameRequirement(old, r)));
  const explained = new Set<Requirement>();
  for (const old of b) {
    if (a.some((r) => sameRequirement(r, old))) continue;
    const relaxed = a.find((r) => satisfiedBy(r, old));
    if (relaxed) {
      explained.add(relaxed);
      const message = added.includes(relaxed)
        ? `security alternative ${showRequirement(old)} → ${showRequirement(relaxed)}: callers that met it still do`
        : `security alternative ${showRequirement(old)} removed: its callers still meet ${showRequirement(relaxed)}`;
      // A new alternative that needs nothing is said once, by security-anonymous-allowed below.
      if (!(relaxed.size === 0 && added.includes(relaxed))) out.add("security-requirement-relaxed", "non-breaking", site, message);
      continue;
    }
    const stricter = added.find((r) => satisfiedBy(old, r));
    if (stricter) {
      explained.add(stricter);
      const message = `security alternative ${showRequirement(old)} → ${showRequirement(stricter)}: callers that authenticate with ${showRequirement(old)} alone are refused`;
      out.add("security-requirement-added", "breaking", site, message);
    } else {
      out.add("security-alternative-removed", "breaking", site, `security alternative ${showRequirement(old)} removed: callers that authenticate that way are refused`);
    }
  }
  for (const r of added) {
    if (r.size === 0) {
      const message =
        `security now accepts calls with no credentials (${show(before)} → ${show(after)}): a server that still asks for ` +
        "a token no longer matches the contract; treated as breaking so that a human confirms it";
      out.add("security-anonymous-allowed", "breaking", site, message);
    } else if (!explained.has(r)) {
      out.add("security-alternative-added", "non-breaking", site, `security alternative ${showRequirement(r)} added: the others still work`);
    }
  }
}

/** Every change between two versions of the spec, breaking ones first. */
export function compareSpecs(before: JsonObject, after: JsonObject): Change[] {
  const out = new Collector();
  const spec = { before, after };

  const serverUrls = (s: JsonObject) => ((Array.isArray(s.servers) ? s.servers : []) as JsonObject[]).map((server) => server.url);
  const [serversBefore, serversAfter] = [serverUrls(before), serverUrls(after)];
  const servers = (i: number, j: number): Site => ({ where: "servers", base: i < 0 ? undefined : `/servers/${i}`, spec: j < 0 ? undefined : `/servers/${j}` });
  if (serversBefore[0] !== serversAfter[0]) {
    out.add("server-default-moved", "breaking", servers(0, 0), `default server ${show(serversBefore[0])} → ${show(serversAfter[0])}: the client's default base URL moves`);
  }
  serversBefore.forEach((url, i) => {
    if (i > 0 && !serversAfter.includes(url)) out.add("server-removed", "breaking", servers(i, -1), `server ${show(url)} removed`);
  });

  const schemes = (s: JsonObject) => objectAt(objectAt(s.components).securitySchemes);
  const [schemesBefore, schemesAfter] = [schemes(before), schemes(after)];
  for (const name of Object.keys(schemesBefore)) {
    const [b, a] = [schemesBefore[name] as JsonObject, schemesAfter[name] as JsonObject | undefined];
    const pointer = `/components/securitySchemes/${token(name)}`;
    if (!a) out.add("security-scheme-removed", "breaking", { where: `security scheme ${name}`, base: pointer }, "removed");
    else if (!sameJson({ ...b, description: undefined, bearerFormat: undefined }, { ...a, description: undefined, bearerFormat: undefined })) {
      out.add("security-scheme-changed", "breaking", { where: `security scheme ${name}`, base: pointer, spec: pointer }, "changed: callers authenticate differently");
    }
  }

  const [opsBefore, opsAfter] = [operationsOf(before), operationsOf(after)];
  for (const [key, b] of opsBefore) {
    const a = opsAfter.get(key);
    if (!a) {
      out.add("operation-removed", "breaking", { where: b.label, operation: b.label, base: b.pointer }, "operation removed");
      continue;
    }
    const at: Site = { where: a.label, operation: a.label, base: b.pointer, spec: a.pointer };
    if (b.operation.operationId !== a.operation.operationId) {
      const message = `operationId ${show(b.operation.operationId)} → ${show(a.operation.operationId)}: the generated \`operations\` type is keyed by it`;
      out.add("operation-id-changed", "breaking", at, message);
    }
    const security = (s: JsonObject, entry: OperationEntry) =>
      entry.operation.security !== undefined
        ? { value: entry.operation.security, pointer: `${entry.pointer}/security` }
        : { value: s.security, pointer: s.security === undefined ? entry.pointer : "/security" };
    const [sb, sa] = [security(before, b), security(after, a)];
    compareSecurity({ ...at, base: sb.pointer, spec: sa.pointer }, sb.value, sa.value, out);
    compareParameters(spec, at, b.parameters, a.parameters, out);
    compareResponses(spec, at, objectAt(b.operation.responses), objectAt(a.operation.responses), out);
  }
  for (const [key, a] of opsAfter) {
    if (!opsBefore.has(key)) out.add("operation-added", "non-breaking", { where: a.label, operation: a.label, spec: a.pointer }, "operation added");
  }

  return [...out.changes.filter((c) => c.severity === "breaking"), ...out.changes.filter((c) => c.severity !== "breaking")];
}
