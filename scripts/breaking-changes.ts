// What changed between two versions of the spec, and whether it breaks the people who depend on it: code built on
// the generated client and types, and CI jobs that check a server against the contract.
//
// A schema is compared in the direction its values travel. A request value (a parameter) may only be accepted more
// widely: a tighter bound turns away calls that worked. A response value may only get narrower: a looser bound lets
// the server send what consumers (and validateResponses) reject. A change that is neither clearly wider nor clearly
// narrower (a new pattern, a changed keyword this module does not reason about) counts as breaking: the check errs on
// the side of asking a human.
import { isObject, resolveLocal, walkOperations, type Json, type JsonObject } from "./spec-model";

export type Severity = "breaking" | "non-breaking";

export interface Change {
  severity: Severity;
  /** Where, for a human: "GET /samples › query `limit`" or "GET /samples/{sample_id} › 200 › body.sample_id". */
  where: string;
  /** What changed and why it is (not) breaking, one sentence. */
  message: string;
}

type Direction = "request" | "response";
/** How the set of values a schema allows moved. */
type Drift = "wider" | "narrower" | "different";

/** Keywords that document a schema without constraining its values. */
const ANNOTATIONS = new Set(["description", "title", "example", "examples", "$comment", "deprecated", "readOnly", "writeOnly"]);
/** Lower bounds: a larger value (or a new one) allows fewer values. */
const LOWER_BOUNDS = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"] as const;
/** Upper bounds: a smaller value (or a new one) allows fewer values. */
const UPPER_BOUNDS = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"] as const;
/** Keywords whose addition narrows and removal widens, and whose change goes either way. */
const RESTRICTIONS = ["pattern", "format", "multipleOf", "uniqueItems", "const"] as const;
const HANDLED = new Set<string>([
  ...ANNOTATIONS,
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
  add(severity: Severity, where: string, message: string): void {
    this.changes.push({ severity, where, message });
  }
  drift(direction: Direction, drift: Drift, where: string, what: string): void {
    this.add(breaks(direction, drift) ? "breaking" : "non-breaking", where, `${what}: ${why(direction, drift)}`);
  }
}

/** A schema with its `$ref` followed; keywords beside the `$ref` (3.1 allows them) apply on top. */
function deref(spec: JsonObject, schema: Json | undefined): JsonObject | boolean | undefined {
  if (schema === undefined || typeof schema === "boolean") return schema;
  if (!isObject(schema)) return undefined;
  if (typeof schema.$ref !== "string") return schema;
  const { $ref: _ref, ...siblings } = schema;
  const target = deref(spec, resolveLocal(spec, { $ref: schema.$ref }));
  return isObject(target ?? null) ? { ...(target as JsonObject), ...siblings } : target;
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

function compareSchema(spec: { before: JsonObject; after: JsonObject }, beforeRaw: Json | undefined, afterRaw: Json | undefined, direction: Direction, where: string, out: Collector, refsOnPath = new Set<string>()): void {
  // A recursive schema compares each pair of $refs once per path (this spec has none, but a later one may).
  const refPair = `${(beforeRaw as JsonObject | undefined)?.$ref ?? ""}|${(afterRaw as JsonObject | undefined)?.$ref ?? ""}`;
  if (refPair !== "|") {
    if (refsOnPath.has(refPair)) return;
    refsOnPath = new Set(refsOnPath).add(refPair);
  }
  const before = deref(spec.before, beforeRaw);
  const after = deref(spec.after, afterRaw);
  // No shortcut on equal nodes: two equal nodes may $ref schemas that differ between the versions.
  if (typeof before !== "object" || typeof after !== "object") {
    // Boolean or missing schemas: true/undefined allow anything, false nothing.
    const allows = (s: unknown) => (s === false ? 0 : s === undefined || s === true ? 2 : 1);
    const [b, a] = [allows(before), allows(after)];
    if (a !== b) out.drift(direction, a > b ? "wider" : "narrower", where, `schema ${show(before)} → ${show(after)}`);
    else out.drift(direction, "different", where, `schema ${show(before)} → ${show(after)}`);
    return;
  }

  const types = setDrift(typeSet(before), typeSet(after), typesWithin);
  if (types) out.drift(direction, types, where, `type ${show(before.type)} → ${show(after.type)}`);

  const asSet = (value: Json | undefined) => (Array.isArray(value) ? new Set(value.map((v) => JSON.stringify(v))) : undefined);
  const enums = setDrift(asSet(before.enum), asSet(after.enum), (a, b) => [...a].every((v) => b.has(v)));
  if (enums) out.drift(direction, enums, where, `enum ${show(before.enum)} → ${show(after.enum)}`);

  for (const keyword of LOWER_BOUNDS) {
    const [b, a] = [before[keyword] as number | undefined, after[keyword] as number | undefined];
    if (b === a) continue;
    const drift: Drift = a === undefined ? "wider" : b === undefined ? "narrower" : a > b ? "narrower" : "wider";
    out.drift(direction, drift, where, `${keyword} ${show(b)} → ${show(a)}`);
  }
  for (const keyword of UPPER_BOUNDS) {
    const [b, a] = [before[keyword] as number | undefined, after[keyword] as number | undefined];
    if (b === a) continue;
    const drift: Drift = a === undefined ? "wider" : b === undefined ? "narrower" : a < b ? "narrower" : "wider";
    out.drift(direction, drift, where, `${keyword} ${show(b)} → ${show(a)}`);
  }
  for (const keyword of RESTRICTIONS) {
    const [b, a] = [before[keyword], after[keyword]];
    if (sameJson(b, a) || (keyword === "uniqueItems" && !b && !a)) continue;
    const drift: Drift = a === undefined || a === false ? "wider" : b === undefined || b === false ? "narrower" : "different";
    out.drift(direction, drift, where, `${keyword} ${show(b)} → ${show(a)}`);
  }

  if (!sameJson(before.default, after.default)) {
    // A default is what the server assumes when the caller says nothing: callers relying on it get something else.
    out.add(direction === "request" ? "breaking" : "non-breaking", where, `default ${show(before.default)} → ${show(after.default)}${direction === "request" ? ": callers that leave it out now get different results" : ""}`);
  }

  compareObjectShape(spec, before, after, direction, where, out, refsOnPath);
  if (before.items !== undefined || after.items !== undefined) {
    compareSchema(spec, before.items, after.items, direction, `${where}[]`, out, refsOnPath);
  }

  for (const keyword of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (HANDLED.has(keyword) || sameJson(before[keyword], after[keyword])) continue;
    out.drift(direction, "different", where, `${keyword} ${show(before[keyword])} → ${show(after[keyword])} (a keyword this check does not reason about)`);
  }
}

function compareObjectShape(spec: { before: JsonObject; after: JsonObject }, before: JsonObject, after: JsonObject, direction: Direction, where: string, out: Collector, refsOnPath: Set<string>): void {
  const requiredBefore = new Set((before.required as string[] | undefined) ?? []);
  const requiredAfter = new Set((after.required as string[] | undefined) ?? []);
  for (const name of requiredAfter) {
    if (!requiredBefore.has(name)) out.drift(direction, "narrower", `${where}.${name}`, "now required");
  }
  for (const name of requiredBefore) {
    if (!requiredAfter.has(name)) out.drift(direction, "wider", `${where}.${name}`, "no longer required");
  }

  const [propsBefore, propsAfter] = [objectAt(before.properties), objectAt(after.properties)];
  for (const name of Object.keys(propsBefore)) {
    if (name in propsAfter) compareSchema(spec, propsBefore[name], propsAfter[name], direction, `${where}.${name}`, out, refsOnPath);
    else if (direction === "response") {
      // The generated types lose the field: code that reads it no longer compiles.
      out.add("breaking", `${where}.${name}`, "property removed: the generated types no longer have it");
    } else out.add("breaking", `${where}.${name}`, "property removed: callers that send it no longer type-check");
  }
  for (const name of Object.keys(propsAfter)) {
    if (name in propsBefore) continue;
    // A new property: an addition consumers can ignore, unless the old schema forbade unknown properties.
    const closed = before.additionalProperties === false;
    if (direction === "response") {
      out.add(closed ? "breaking" : "non-breaking", `${where}.${name}`, closed ? "property added where the old schema allowed no others" : "property added");
    } else {
      out.add(requiredAfter.has(name) ? "breaking" : "non-breaking", `${where}.${name}`, requiredAfter.has(name) ? "required property added" : "optional property added");
    }
  }

  const [apBefore, apAfter] = [before.additionalProperties, after.additionalProperties];
  if (!sameJson(apBefore, apAfter)) {
    const isSchema = (v: Json | undefined) => isObject(v ?? null);
    const [b, a] = [apBefore === undefined ? true : apBefore, apAfter === undefined ? true : apAfter];
    compareSchema(spec, isSchema(apBefore) ? apBefore : b, isSchema(apAfter) ? apAfter : a, direction, `${where}{*}`, out, refsOnPath);
  }
}

/** An operation's parameters keyed by where they go and their name: "query `limit`". */
function parametersByKey(parameters: JsonObject[]): Map<string, JsonObject> {
  return new Map(parameters.map((parameter) => [`${parameter.in} \`${parameter.name}\``, parameter]));
}

/** "/samples/{sample_id}" and "/samples/{id}" are the same route. */
const routeKey = (template: string) => template.replace(/\{[^}]*\}/g, "{}");

function operationsOf(spec: JsonObject): Map<string, { label: string; operation: JsonObject; parameters: Map<string, JsonObject> }> {
  return new Map(
    walkOperations(spec).map(({ path, method, operation, parameters }) => [
      `${method} ${routeKey(path)}`,
      { label: `${method.toUpperCase()} ${path}`, operation, parameters: parametersByKey(parameters) },
    ]),
  );
}

function compareParameters(spec: { before: JsonObject; after: JsonObject }, label: string, before: Map<string, JsonObject>, after: Map<string, JsonObject>, out: Collector): void {
  for (const [key, b] of before) {
    const where = `${label} › ${key}`;
    const a = after.get(key);
    if (!a) {
      out.add("breaking", where, "parameter removed: calls that pass it no longer type-check");
      continue;
    }
    if (!b.required && a.required) out.add("breaking", where, "parameter is now required: calls without it are rejected");
    if (b.required && !a.required) out.add("non-breaking", where, "parameter is no longer required");
    for (const field of ["style", "explode", "allowReserved", "content"] as const) {
      if (!sameJson(b[field], a[field])) out.add("breaking", where, `${field} ${show(b[field])} → ${show(a[field])}: the same call is serialised differently`);
    }
    compareSchema(spec, b.schema, a.schema, "request", where, out);
  }
  for (const [key, parameter] of after) {
    if (before.has(key)) continue;
    const where = `${label} › ${key}`;
    if (parameter.required) out.add("breaking", where, "required parameter added: existing calls lack it");
    else out.add("non-breaking", where, "optional parameter added");
  }
}

function compareResponses(spec: { before: JsonObject; after: JsonObject }, label: string, before: JsonObject, after: JsonObject, out: Collector): void {
  for (const status of Object.keys(before)) {
    const where = `${label} › ${status}`;
    if (!(status in after)) {
      // A success response gone means the call no longer returns what callers were built for; an error response gone
      // is one fewer case to handle (or now falls under `default`).
      const success = /^2/.test(status);
      out.add(success ? "breaking" : "non-breaking", where, success ? "success response removed" : "response removed");
      continue;
    }
    const b = resolveLocal(spec.before, before[status]) as JsonObject;
    const a = resolveLocal(spec.after, after[status]) as JsonObject;
    const [contentBefore, contentAfter] = [objectAt(b.content), objectAt(a.content)];
    for (const mediaType of Object.keys(contentBefore)) {
      if (!(mediaType in contentAfter)) {
        out.add("breaking", `${where} › ${mediaType}`, "media type removed");
        continue;
      }
      const schemaOf = (content: JsonObject) => (content[mediaType] as JsonObject).schema;
      compareSchema(spec, schemaOf(contentBefore), schemaOf(contentAfter), "response", `${where} › body`, out);
    }
    for (const mediaType of Object.keys(contentAfter)) {
      if (!(mediaType in contentBefore)) out.add("breaking", `${where} › ${mediaType}`, "media type added: consumers may get a body they cannot parse");
    }
    const lower = (headers: JsonObject) => new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), { name, value }]));
    const [hb, ha] = [lower(objectAt(b.headers)), lower(objectAt(a.headers))];
    for (const [key, { name, value }] of hb) {
      const match = ha.get(key);
      if (!match) {
        out.add("breaking", `${where} › header ${name}`, "header removed: consumers that read it get nothing");
        continue;
      }
      const schemaOf = (s: JsonObject, header: Json) => (resolveLocal(s, header) as JsonObject).schema;
      compareSchema(spec, schemaOf(spec.before, value), schemaOf(spec.after, match.value), "response", `${where} › header ${name}`, out);
    }
    for (const [key, { name }] of ha) if (!hb.has(key)) out.add("non-breaking", `${where} › header ${name}`, "header added");
  }
  for (const status of Object.keys(after)) {
    if (!(status in before)) out.add("non-breaking", `${label} › ${status}`, "response added");
  }
}

function compareSecurity(label: string, before: Json | undefined, after: Json | undefined, out: Collector): void {
  if (sameJson(before ?? [], after ?? [])) return;
  out.add("breaking", `${label} › security`, `security ${show(before)} → ${show(after)}: callers may no longer authenticate as required`);
}

/** Every change between two versions of the spec, breaking ones first. */
export function compareSpecs(before: JsonObject, after: JsonObject): Change[] {
  const out = new Collector();
  const spec = { before, after };

  const serverUrls = (s: JsonObject) => ((Array.isArray(s.servers) ? s.servers : []) as JsonObject[]).map((server) => server.url);
  const [serversBefore, serversAfter] = [serverUrls(before), serverUrls(after)];
  if (serversBefore[0] !== serversAfter[0]) {
    out.add("breaking", "servers", `default server ${show(serversBefore[0])} → ${show(serversAfter[0])}: the client's default base URL moves`);
  }
  for (const url of serversBefore.slice(1)) if (!serversAfter.includes(url)) out.add("breaking", "servers", `server ${show(url)} removed`);

  const schemes = (s: JsonObject) => objectAt(objectAt(s.components).securitySchemes);
  const [schemesBefore, schemesAfter] = [schemes(before), schemes(after)];
  for (const name of Object.keys(schemesBefore)) {
    const [b, a] = [schemesBefore[name] as JsonObject, schemesAfter[name] as JsonObject | undefined];
    if (!a) out.add("breaking", `security scheme ${name}`, "removed");
    else if (!sameJson({ ...b, description: undefined, bearerFormat: undefined }, { ...a, description: undefined, bearerFormat: undefined })) {
      out.add("breaking", `security scheme ${name}`, "changed: callers authenticate differently");
    }
  }

  const [opsBefore, opsAfter] = [operationsOf(before), operationsOf(after)];
  for (const [key, b] of opsBefore) {
    const a = opsAfter.get(key);
    if (!a) {
      out.add("breaking", b.label, "operation removed");
      continue;
    }
    const label = a.label;
    if (b.operation.operationId !== a.operation.operationId) {
      out.add("breaking", label, `operationId ${show(b.operation.operationId)} → ${show(a.operation.operationId)}: the generated \`operations\` type is keyed by it`);
    }
    compareSecurity(label, b.operation.security ?? before.security, a.operation.security ?? after.security, out);
    compareParameters(spec, label, b.parameters, a.parameters, out);
    compareResponses(spec, label, objectAt(b.operation.responses), objectAt(a.operation.responses), out);
  }
  for (const [key, a] of opsAfter) if (!opsBefore.has(key)) out.add("non-breaking", a.label, "operation added");

  return [...out.changes.filter((c) => c.severity === "breaking"), ...out.changes.filter((c) => c.severity !== "breaking")];
}
