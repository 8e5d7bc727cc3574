// A diagnosis: when most answers share one shape, the likely cause is usually not the server's contract but the setup
// (a base URL without its path answers HTML 404s; a wrong token, 401s). And a target whose answers the checks could
// not judge at all (none came, or none was JSON) gets no verdict on its contract: "could not judge", exit 3. And a
// property most bodies lack while they carry an undeclared one of its shape is asked about as a rename, once.
import type Ajv2020 from "ajv/dist/2020";
import type { TargetResult } from "../engine";
import { documentedStatus, type SpecOperation } from "../spec";
import { createAjv } from "../../spec/model";
import { flattenSchema, isSchemaObject } from "../../src/shared/schema-walk";
import { mediaType, validRequest } from "../checks/util";

export interface Diagnosis {
  /** set when the target's contract could not be judged at all, saying why */
  couldNotJudge?: string;
  /** the likely cause of most failures, when most answers share one shape */
  hint?: string;
  /** properties the server likely renamed, each asked once ("did the server rename `sha256` to `sha`?") */
  renames?: string[];
}

/** The share of answers that makes a shape "most". */
const MOST = 0.8;

const isJson = (type: string | undefined) => type === "application/json" || /\+json$/.test(type ?? "");

export function diagnose(result: TargetResult): Diagnosis {
  const answered = result.exchanges.filter((e) => e.response.status !== 0);
  if (answered.length === 0) {
    const last = result.exchanges[result.exchanges.length - 1]?.response.text;
    return { couldNotJudge: `no request got an answer${last ? ` (last: ${last})` : ""}: check that the server runs and SP_BASE_URL reaches it` };
  }
  const shapes = new Map<string, number>();
  for (const e of answered) {
    const key = `${e.response.status} ${mediaType(e.response.headers["content-type"]) ?? "no Content-Type"}`;
    shapes.set(key, (shapes.get(key) ?? 0) + 1);
  }
  const [shape, count] = [...shapes].sort((a, b) => b[1] - a[1])[0];
  const [status, type] = [Number(shape.split(" ")[0]), shape.slice(shape.indexOf(" ") + 1)];
  const most = count >= MOST * answered.length;
  const share = `${count} of ${answered.length} answers are ${status} ${type}`;
  let hint: string | undefined;
  if (most && !isJson(type)) {
    hint =
      status === 404
        ? `${share}, not JSON: the base URL's path is likely wrong; check that SP_BASE_URL includes the API's path (such as https://host/api/v1)`
        : `${share}, not JSON: check that SP_BASE_URL is the API's base URL, not a web page or a proxy's`;
  } else {
    const withToken = answered.filter((e) => e.case.auth === "token");
    const refused = withToken.filter((e) => e.response.status === 401).length;
    if (withToken.length > 0 && refused >= MOST * withToken.length) hint = `${refused} of ${withToken.length} requests carrying SP_API_TOKEN were answered 401: check the token`;
    else if (most && status >= 400) hint = `${share}: most requests fail the same way, so look for one cause in the setup (base URL, token, a proxy)`;
  }
  if (!answered.some((e) => e.response.json !== undefined)) {
    return { couldNotJudge: `no answer had a JSON body the checks could judge (${share})`, hint };
  }
  return withRenames({ hint }, renamedProperties(result));
}

const withRenames = (diagnosis: Diagnosis, renames: string[]): Diagnosis => (renames.length ? { ...diagnosis, renames } : diagnosis);

type Schema = Record<string, any>;
type Item = Record<string, unknown>;

// Every item of a list is read along the same schema: flattened once.
const flattened = new WeakMap<object, Schema>();
const flatOf = (op: SpecOperation, schema: unknown): Schema => {
  if (!isSchemaObject(schema)) return {};
  let flat = flattened.get(schema);
  if (!flat) flattened.set(schema, (flat = flattenSchema(op.schemaDocument, schema)));
  return flat;
};

/** Objects of a body at each place its schema names properties (item indexes folded to "*"), with that schema. */
function objectsOf(op: SpecOperation, schema: unknown, value: unknown, at: string, out: Map<string, { schema: Schema; objects: Item[] }>, depth = 0): void {
  if (depth > 32) return;
  // Its conjuncts as one schema: `required` and `properties` from every `$ref` and `allOf` member.
  const flat = flatOf(op, schema);
  if (Array.isArray(value)) {
    if (isSchemaObject(flat.items)) for (const item of value) objectsOf(op, flat.items, item, `${at}/*`, out, depth + 1);
    return;
  }
  if (!value || typeof value !== "object" || !isSchemaObject(flat.properties)) return;
  if (!out.has(at)) out.set(at, { schema: flat, objects: [] });
  out.get(at)!.objects.push(value as Item);
  for (const [key, child] of Object.entries(value)) if (key in flat.properties) objectsOf(op, flat.properties[key], child, `${at}/${key}`, out, depth + 1);
}

/** One ajv per spec document, with the document added, so that a property's schema compiles with its $refs. */
const ajvs = new WeakMap<object, Ajv2020>();
function validatorOf(op: SpecOperation, schema: Schema) {
  const document = op.resolveSchemaRef("#") as object;
  if (!ajvs.has(document)) {
    const ajv = createAjv();
    ajv.addSchema(document);
    ajvs.set(document, ajv);
  }
  return ajvs.get(document)!.compile(schema);
}

/** Two names where one holds the other ("sha" in "sha256", "name" in "original_name"), letter case aside. */
const related = (a: string, b: string) => a.toLowerCase().includes(b.toLowerCase()) || b.toLowerCase().includes(a.toLowerCase());

/**
 * A required property most objects at a place lack, and an undeclared one most of those carry whose every value is
 * a valid value of the missing one: likely a rename. Where several undeclared properties qualify, only one whose
 * name is related to the missing one's is named; where none is, it is not guessed.
 */
function renamesAt(op: SpecOperation, schema: Schema, objects: Item[]): [string, string][] {
  const found: [string, string][] = [];
  for (const missing of Array.isArray(schema.required) ? (schema.required as string[]) : []) {
    const lacking = objects.filter((o) => !(missing in o));
    if (lacking.length === 0 || lacking.length < MOST * objects.length || !schema.properties[missing]) continue;
    const undeclared = [...new Set(lacking.flatMap((o) => Object.keys(o)))].filter((k) => !(k in schema.properties) && lacking.filter((o) => k in o).length >= MOST * lacking.length);
    const validate = validatorOf(op, schema.properties[missing]);
    const shaped = undeclared.filter((k) => lacking.every((o) => !(k in o) || validate(o[k])));
    const named = shaped.filter((k) => related(k, missing));
    const chosen = named.length === 1 ? named[0] : named.length === 0 && shaped.length === 1 ? shaped[0] : undefined;
    if (chosen) found.push([missing, chosen]);
  }
  return found;
}

/**
 * Renamed properties, asked once each: in most success bodies of an operation (valid requests, documented 2xx) a
 * required property is missing while an undeclared one has its shape. Apart, they read as a schema failure and an
 * additive-change warning; together, as one rename.
 */
function renamedProperties(result: TargetResult): string[] {
  const byPair = new Map<string, Set<string>>();
  for (const op of result.spec.operations) {
    const places = new Map<string, { schema: Schema; objects: Item[] }>();
    for (const e of result.exchanges) {
      const documented = e.case.operationId === op.operationId && validRequest(e.case) ? documentedStatus(op, e.response.status) : undefined;
      if (!documented?.startsWith("2") || !op.responseSchemas[documented]) continue;
      objectsOf(op, { $ref: `#/$defs/${op.responseSchemas[documented]}` }, e.response.json, "", places);
    }
    for (const { schema, objects } of places.values()) {
      for (const [from, to] of renamesAt(op, schema, objects)) {
        const key = `${from}\u0000${to}`;
        if (!byPair.has(key)) byPair.set(key, new Set());
        byPair.get(key)!.add(op.operationId);
      }
    }
  }
  return [...byPair].map(([key, ops]) => {
    const [from, to] = key.split("\u0000");
    return `did the server rename \`${from}\` to \`${to}\`? Most ${[...ops].join(" and ")} bodies lack the required ${from} and carry ${to}, whose every value is a valid ${from}`;
  });
}
