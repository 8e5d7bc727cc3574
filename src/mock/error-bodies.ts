// The mock's own errors (400, 401, 404, 405, 429, 501, ...) in the spec's words: each body is the error response the
// operation documents for that status (else its range, else `default`, else another operation's), as its example
// writes it, with what is particular to this answer put in:
// - a top-level integer that states the HTTP status takes this one;
// - a value that stands for a documented header of the response (its example's value) takes the header's;
// - a path (`/api/x/9317`) takes this request's path, and the ids the example's path holds stand for its ids;
// - a value the example's prose also names (the id and the kind of thing in "Thing 9317 not found.") takes the id and
//   the resource of this answer, or is left out when the answer has none;
// - a list or map of parameter names and reasons takes the fields this answer refuses;
// - a sentence keeps its words when nothing in it is particular to the example, else becomes the mock's own text, which
//   names the field, the id or the rule;
// - taken from another status's response, its short codes and titles become this status's, and its problem type
//   (a URI with a default) that default.
// A response without an example is generated from its schema, every plain text of it the mock's text. Nothing here
// knows a property by name: roles are read from values and schemas. The body is checked against the response's
// schema, and the example as it is used where the filled one would not validate.
import type { ResponseRow } from "../shared/operation-row";
import { headerExamples } from "./document";
import { hashOf, seededRandom } from "./random";
import { createValueGenerator } from "./schema-data";
import { flattenSchema, isSchemaObject, type Schema } from "../shared/schema-walk";
import type { MockSpec } from "./spec-facts";
import type { Row } from "./table";

/** What the mock is answering, and what it knows of it. */
export interface Situation {
  status: number;
  /** the mock's own sentence: it names the field and rule, the id, or what to do */
  text: string;
  /** a 400's bad fields, each with its broken rule */
  fields?: Record<string, string>;
  /** a 404 of a resource: the id as the request gave it, and what kind of thing it names */
  missing?: { id: unknown; resource: string };
  /** the headers the answer carries, by lower-case name (retry-after, x-ratelimit-limit, ...) */
  headers?: Record<string, string>;
  /** example value -> this answer's value, for values no documented header stands for */
  values?: ReadonlyArray<readonly [unknown, unknown]>;
  /** the request's path and query */
  instance?: string;
  /** the path parameters of the operation, as the request gave them */
  pathText?: Readonly<Record<string, string>>;
  /** name -> value, added to the body's free-form object (one that declares no properties), where it has one */
  extras?: Record<string, unknown>;
}

export interface ErrorAnswer {
  status: number;
  media: string;
  /** the JSON body, or the text of a text one */
  body: unknown;
  json: boolean;
}

const REASONS: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  503: "Service Unavailable",
};
const reasonOf = (status: number) => REASONS[status] ?? `HTTP ${status}`;

/** A response the body is modelled on: whose, for which documented status, and whether that is this very status. */
interface Template {
  row: Row;
  response: ResponseRow;
  media: string;
  exact: boolean;
}

const isJsonMedia = (media: string) => /[/+]json\b/i.test(media);
const isError = (status: string) => !/^[123]/.test(status);

function templateOf(row: Row, response: ResponseRow | undefined, status: number): Template | undefined {
  if (!response || (response.body !== "json" && response.body !== "text")) return undefined;
  const media = response.media.find(isJsonMedia) ?? response.media[0];
  return media === undefined ? undefined : { row, response, media, exact: response.status === String(status) };
}

/**
 * The response to model the body on: the operation's for this status, its range, another operation's for this status
 * with the schema of this one's `default`, its `default`, then any operation's for the status, default or any error.
 */
function templateFor(spec: MockSpec, row: Row | undefined, status: number): Template | undefined {
  const text = String(status);
  const range = `${text.charAt(0)}XX`;
  const rows = Object.values(spec.operations);
  const others = rows.filter((r) => r !== row);
  const own = (wanted: string) => (row ? templateOf(row, row.responses.find((r) => r.status === wanted), status) : undefined);
  const ownDefault = row?.responses.find((r) => r.status === "default");
  const fromOthers = (wanted: (r: ResponseRow) => boolean) => {
    for (const other of others) {
      const found = templateOf(other, other.responses.find(wanted), status);
      if (found) return found;
    }
    return undefined;
  };
  return (
    own(text) ??
    own(range) ??
    fromOthers((r) => r.status === text && (!ownDefault || r.schema === ownDefault.schema)) ??
    own("default") ??
    fromOthers((r) => r.status === text || r.status === range) ??
    fromOthers((r) => r.status === "default") ??
    fromOthers((r) => isError(r.status) && r.body === "json")
  );
}

type Path = Array<string | number>;
interface Leaf {
  path: Path;
  value: string | number | boolean;
  schema: Schema;
  /** whether the object holding it requires it */
  required: boolean;
}

/** Every string, number and boolean of a body, with its schema (each object's properties and each array's items). */
function leavesOf(spec: MockSpec, value: unknown, schema: unknown, path: Path = [], required = true, out: Leaf[] = []): Leaf[] {
  const flat = flattenSchema(spec.schemas, schema);
  if (Array.isArray(value)) value.forEach((item, i) => leavesOf(spec, item, flat.items, [...path, i], true, out));
  else if (isSchemaObject(value)) {
    const properties = isSchemaObject(flat.properties) ? flat.properties : {};
    const requires = new Set(Array.isArray(flat.required) ? flat.required.map(String) : []);
    for (const [name, inner] of Object.entries(value)) leavesOf(spec, inner, properties[name], [...path, name], requires.has(name), out);
  } else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") out.push({ path, value, schema: flat, required });
  return out;
}

function parentOf(body: unknown, path: Path): Record<string | number, unknown> | undefined {
  let at = body;
  for (const step of path.slice(0, -1)) at = (at as Record<string | number, unknown> | undefined)?.[step];
  return typeof at === "object" && at !== null ? (at as Record<string | number, unknown>) : undefined;
}

function setLeaf(body: unknown, path: Path, value: unknown): void {
  const parent = parentOf(body, path);
  if (parent) parent[path[path.length - 1]] = value;
}

function removeLeaf(body: unknown, path: Path): void {
  const parent = parentOf(body, path);
  if (parent && !Array.isArray(parent)) delete parent[path[path.length - 1]];
}

const within = (path: Path, prefix: Path) => prefix.length <= path.length && prefix.every((step, i) => path[i] === step);

/** A sentence: words with spaces, ending as one does (or long). */
const isProse = (text: string) => /\s/.test(text.trim()) && (/[.!?]$/.test(text.trim()) || text.length > 40);
/** A short title: capitalised words, no sentence end, no URI. */
const isTitle = (text: string) => /^[A-Z]/.test(text) && !/[.!?:/]/.test(text) && text.trim().split(/\s+/).length <= 6;
/** A machine code: one lower-case identifier (`snake_case`, `dotted.code`, `kebab-code`). */
const isCode = (text: string) => /^[a-z][a-z0-9]*(?:[_.-][a-z0-9]+)*$/.test(text);
/** A schema of free text: no format (checked or not), pattern, enum or const. */
const isPlainText = (schema: Schema) => ["format", "x-unchecked-format", "pattern", "enum", "const"].every((keyword) => schema[keyword] === undefined);
/** An absolute URI (`https://...`, `about:blank`, `urn:...`). */
const isUri = (text: string) => /^[a-z][a-z0-9+.-]*:\S+$/i.test(text);
/** A value that stands for little on its own (0, 1, a letter, a flag): never read as a particular of the example. */
const isTrivial = (value: unknown) => typeof value === "boolean" || (typeof value === "number" ? Math.abs(value) < 2 : String(value).length < 2);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A pattern of a value inside text: a number not inside a longer one, a word not inside a longer one, any case. */
const tokenPattern = (value: unknown) => {
  const text = escapeRegExp(String(value));
  return typeof value === "number" || /^\d+$/.test(String(value)) ? `(?<![0-9])${text}(?![0-9])` : `(?<![\\p{L}\\p{N}_])${text}(?![\\p{L}\\p{N}_])`;
};
const mentions = (text: string, value: unknown) => new RegExp(tokenPattern(value), "iu").test(text);

/** The text with each example value it names replaced by this answer's (a capital kept where the example had one). */
function substitute(text: string, replacements: ReadonlyMap<unknown, unknown>): string {
  const keys = [...replacements.keys()].filter((key) => !isTrivial(key)).sort((a, b) => String(b).length - String(a).length);
  if (keys.length === 0) return text;
  const pattern = new RegExp(keys.map(tokenPattern).join("|"), "giu");
  return text.replace(pattern, (found) => {
    const key = keys.find((k) => String(k).toLowerCase() === found.toLowerCase());
    const next = String(replacements.get(key));
    return /^\p{Lu}/u.test(found) ? next.charAt(0).toUpperCase() + next.slice(1) : next;
  });
}

/** The text without the example values this answer replaces: what is left says whether the sentence is generic. */
function withoutReplaced(text: string, replacements: ReadonlyMap<unknown, unknown>): string {
  const keys = [...replacements.keys()].filter((key) => !isTrivial(key));
  return keys.reduce<string>((rest, key) => rest.replace(new RegExp(tokenPattern(key), "giu"), " "), text);
}

/** A list or map of parameter names and reasons in an example: `{limit: "..."}`, `[{name: "limit", reason: "..."}]`. */
type FieldList = { path: Path; kind: "map"; names: string[] } | { path: Path; kind: "list"; names: string[]; nameKey: string; reasonKeys: string[] };

function findFieldList(value: unknown, parameters: ReadonlySet<string>, path: Path = []): FieldList | undefined {
  if (Array.isArray(value)) {
    const first: unknown = value[0];
    if (!isSchemaObject(first) || !value.every(isSchemaObject)) return undefined;
    const items = value as Record<string, unknown>[];
    const nameKey = Object.keys(first).find((key) => items.every((item) => typeof item[key] === "string" && parameters.has(item[key])));
    const reasonKeys = Object.keys(first).filter((key) => key !== nameKey && typeof first[key] === "string");
    if (nameKey === undefined || reasonKeys.length === 0) return undefined;
    return { path, kind: "list", names: items.map((item) => item[nameKey] as string), nameKey, reasonKeys };
  }
  if (!isSchemaObject(value)) return undefined;
  const entries = Object.entries(value);
  if (entries.length > 0 && entries.every(([name, reason]) => parameters.has(name) && typeof reason === "string")) return { path, kind: "map", names: entries.map(([name]) => name) };
  for (const [name, inner] of entries) {
    const found = findFieldList(inner, parameters, [...path, name]);
    if (found) return found;
  }
  return undefined;
}

function fieldListValue(list: FieldList, fields: Record<string, string>): unknown {
  if (list.kind === "map") return { ...fields };
  return Object.entries(fields).map(([name, rule]) => ({ [list.nameKey]: name, ...Object.fromEntries(list.reasonKeys.map((key) => [key, rule])) }));
}

/** The first object of the body whose schema declares no properties: where extras may go. */
function freeFormObject(spec: MockSpec, value: unknown, schema: unknown): Record<string, unknown> | undefined {
  if (!isSchemaObject(value)) return undefined;
  const flat = flattenSchema(spec.schemas, schema);
  const properties = isSchemaObject(flat.properties) ? flat.properties : undefined;
  if (!properties && flat.additionalProperties !== false) return value;
  for (const [name, inner] of Object.entries(value)) {
    const found = freeFormObject(spec, inner, properties?.[name]);
    if (found) return found;
  }
  return undefined;
}

/** Whether a string fits a schema's enum, pattern and length. */
function fits(schema: Schema, text: string): boolean {
  if (Array.isArray(schema.enum) && !schema.enum.includes(text)) return false;
  if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(text)) return false;
  return typeof schema.maxLength !== "number" || [...text].length <= schema.maxLength;
}

const truncated = (schema: Schema, text: string) => (typeof schema.maxLength === "number" ? [...text].slice(0, schema.maxLength).join("") : text);

/** Every parameter name of the spec: what a field list of an example names. */
function parameterNames(spec: MockSpec): Set<string> {
  return new Set(Object.values(spec.operations).flatMap((row) => [...row.pathParameters, ...row.queryParameters.map((p) => p.name)]));
}

/** The path a path-like example value names, read against the operation's path: example parameter value -> this answer's. */
function pathReplacements(spec: MockSpec, template: Template, example: string, situation: Situation, into: Map<unknown, unknown>): void {
  const names: string[] = [];
  const pattern = `${spec.basePath}${template.row.path}`
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name === undefined) return escapeRegExp(part);
      names.push(name);
      return "([^/?#]+)";
    })
    .join("");
  const match = new RegExp(`^${pattern}(?:[?#].*)?$`).exec(example);
  names.forEach((name, i) => {
    const now = situation.pathText?.[name];
    if (match && now !== undefined) into.set(decodeURIComponent(match[i + 1]), now);
  });
}

/** The example's values that stand for a documented header of the response: its example value -> this answer's. */
function headerReplacements(spec: MockSpec, template: Template, situation: Situation, into: Map<unknown, unknown>): void {
  for (const [name, example] of headerExamples(spec, template.response)) {
    const now = situation.headers?.[name];
    if (now === undefined || isTrivial(example)) continue;
    into.set(example, typeof example === "number" && /^-?\d+(\.\d+)?$/.test(now) ? Number(now) : now);
  }
}

const sameValue = (a: unknown, b: unknown) => a === b || (typeof a === typeof b && typeof a !== "object" && JSON.stringify(a) === JSON.stringify(b));

/** What filling one body shares: its leaves by role, and the example values this answer replaces. */
interface Filling {
  spec: MockSpec;
  template: Template;
  situation: Situation;
  fromExample: boolean;
  body: Record<string, unknown>;
  list: FieldList | undefined;
  /** its sentences (an example's), or its plain texts (a generated body's) */
  prose: Leaf[];
  /** every other leaf outside the field list */
  others: Leaf[];
  /** example value -> this answer's */
  replacements: Map<unknown, unknown>;
  /** values the prose names that this answer has nothing for: left out where the schema allows */
  unexplained: Leaf[];
  /** leaves already given this answer's value */
  done: Set<Leaf>;
}

function readFilling(spec: MockSpec, template: Template, situation: Situation, body: Record<string, unknown>, schema: unknown, fromExample: boolean): Filling {
  let leaves = leavesOf(spec, body, schema);
  if (!fromExample) {
    // A generated value of a property with a default reads as that default (a problem type's "about:blank").
    for (const leaf of leaves) if (leaf.schema.default !== undefined && typeof leaf.schema.default !== "object") setLeaf(body, leaf.path, leaf.schema.default);
    leaves = leavesOf(spec, body, schema);
  }
  const list = fromExample ? findFieldList(body, parameterNames(spec)) : undefined;
  const free = leaves.filter((leaf) => !list || !within(leaf.path, list.path));
  const prose = free.filter((leaf) => typeof leaf.value === "string" && (fromExample ? isProse(leaf.value) : isPlainText(leaf.schema)));
  const replacements = new Map<unknown, unknown>();
  headerReplacements(spec, template, situation, replacements);
  for (const [from, to] of situation.values ?? []) replacements.set(from, to);
  const others = free.filter((leaf) => !prose.includes(leaf));
  return { spec, template, situation, fromExample, body, list, prose, others, replacements, unexplained: [], done: new Set() };
}

/** A top-level integer that states the HTTP status, and a path that names this occurrence (and its ids). */
function fillStatusAndPath(f: Filling): void {
  const documented = Number(f.template.response.status);
  for (const leaf of f.others) {
    const { value } = leaf;
    const isStatus = leaf.path.length === 1 && typeof value === "number" && Number.isInteger(value) && value >= 100 && value <= 599;
    if (isStatus && (value === documented || Number.isNaN(documented) || (leaf.schema.minimum === 100 && leaf.schema.maximum === 599))) {
      setLeaf(f.body, leaf.path, f.situation.status);
      f.done.add(leaf);
    } else if (typeof value === "string" && /^\/[^\s]*$/.test(value) && f.situation.instance !== undefined) {
      pathReplacements(f.spec, f.template, value, f.situation, f.replacements);
      setLeaf(f.body, leaf.path, f.situation.instance);
      f.done.add(leaf);
    }
  }
}

/** The values the prose names (an id, a kind of thing): this answer's id and resource, or unexplained. */
function findParticulars(f: Filling): void {
  for (const leaf of f.others) {
    const explained = [...f.replacements.keys()].some((key) => sameValue(key, leaf.value));
    if (f.done.has(leaf) || explained || isTrivial(leaf.value) || !f.prose.some((p) => mentions(String(p.value), leaf.value))) continue;
    if (!f.situation.missing) f.unexplained.push(leaf);
    else f.replacements.set(leaf.value, /\d/.test(String(leaf.value)) ? f.situation.missing.id : f.situation.missing.resource);
  }
}

/** A value of another status's example as this status's: its problem type's default, a title, a code. */
function restated(leaf: Leaf & { value: string }, status: number): unknown {
  const reason = reasonOf(status);
  const code = reason.toLowerCase().replace(/\s+/g, "_");
  if (typeof leaf.schema.default === "string" && isUri(leaf.value)) return leaf.schema.default;
  if (isTitle(leaf.value) && fits(leaf.schema, reason)) return reason;
  if (isCode(leaf.value) && fits(leaf.schema, code)) return code;
  return leaf.value;
}

/** Every other leaf: replaced, restated (from another status's example), or its numbers replaced ("60s"). */
function fillOthers(f: Filling): void {
  const numbers = new Map([...f.replacements].filter(([key]) => typeof key === "number"));
  for (const leaf of f.others) {
    if (f.done.has(leaf) || f.unexplained.includes(leaf)) continue;
    const key = [...f.replacements.keys()].find((k) => sameValue(k, leaf.value));
    if (key !== undefined) setLeaf(f.body, leaf.path, f.replacements.get(key));
    else if (typeof leaf.value === "string") {
      setLeaf(f.body, leaf.path, f.template.exact ? substitute(leaf.value, numbers) : restated(leaf as Leaf & { value: string }, f.situation.status));
    }
  }
  for (const leaf of f.unexplained) if (!leaf.required) removeLeaf(f.body, leaf.path);
}

/** Each sentence: its words with this answer's values where nothing else in it is particular, else the mock's text. */
function fillProse(f: Filling): void {
  for (const leaf of f.prose) {
    const text = String(leaf.value);
    const rest = withoutReplaced(text, f.replacements);
    const particular = f.unexplained.some((u) => mentions(text, u.value)) || /\d/.test(rest) || (f.list?.names.some((name) => mentions(rest, name)) ?? false);
    const keep = f.fromExample && f.template.exact && !particular;
    setLeaf(f.body, leaf.path, truncated(leaf.schema, keep ? substitute(text, f.replacements) : f.situation.text));
  }
}

/** Roles of the body's leaves, and this answer's values put in; see the file's head. */
function fill(spec: MockSpec, template: Template, value: unknown, fromExample: boolean, situation: Situation): unknown {
  const schema = template.response.schema ? { $ref: `#/$defs/${template.response.schema}` } : {};
  const body: unknown = JSON.parse(JSON.stringify(value ?? null));
  if (!isSchemaObject(body)) return typeof body === "string" ? situation.text : body;
  const f = readFilling(spec, template, situation, body, schema, fromExample);
  fillStatusAndPath(f);
  findParticulars(f);
  fillOthers(f);
  fillProse(f);
  if (f.list && f.list.path.length === 0) return fieldListValue(f.list, situation.fields ?? {});
  if (f.list) setLeaf(body, f.list.path, fieldListValue(f.list, situation.fields ?? {}));
  if (situation.extras) Object.assign(freeFormObject(spec, body, schema) ?? {}, situation.extras);
  return body;
}

/** The template's body before this answer's values: its example, else a value generated from its schema. */
function templateValue(spec: MockSpec, template: Template): { value: unknown; fromExample: boolean } {
  const example = template.response.example;
  if (example !== undefined) return { value: example, fromExample: true };
  if (!template.response.schema) return { value: undefined, fromExample: false };
  const random = seededRandom(hashOf(`${template.row.operationId} ${template.response.status}`));
  return { value: createValueGenerator(spec.schemas, random)({ $ref: `#/$defs/${template.response.schema}` }), fromExample: false };
}

/** An RFC 9457 problem, for a spec that documents no error body at all. */
function problem(situation: Situation): ErrorAnswer {
  const body = { type: "about:blank", title: reasonOf(situation.status), status: situation.status, detail: situation.text, ...situation.extras };
  return { status: situation.status, media: "application/problem+json", body, json: true };
}

/** The error body of a situation, for an operation (or none: a path no operation has). */
export function errorAnswer(spec: MockSpec, row: Row | undefined, situation: Situation): ErrorAnswer {
  const template = templateFor(spec, row, situation.status);
  if (!template) return problem(situation);
  const { status } = situation;
  if (template.response.body === "text") return { status, media: template.media, body: situation.text, json: false };
  const { value, fromExample } = templateValue(spec, template);
  const body = fill(spec, template, value, fromExample, situation);
  const validator = spec.responses[template.row.operationId]?.[template.response.status];
  if (!validator || validator(body) || !fromExample) return { status, media: template.media, body, json: true };
  return { status, media: template.media, body: validator(value) ? value : body, json: true };
}
