// Renders every file of generated/ from the spec, in memory. Pure and deterministic: the same spec gives the same
// bytes on every run, so `generate --check` can compare byte for byte.
import { Name } from "ajv";
import standaloneCode from "ajv/dist/standalone";
import { standaloneModuleCode } from "./validator-module";
import { isIgnoredHeaderParameter } from "../src/shared/header-parameters";
import { escapePointerToken } from "../src/shared/json-pointer";
import { buildOperationTable } from "./operation-table";
import { renderClientTypes, renderOperationTable } from "./render-operations";
import { renderTypes } from "./types-worker";
import { FORMATS_OBJECT, inlineFormatDefinitions, inlineFormatsSource } from "./inline-formats";
import {
  ANNOTATION_FORMATS,
  buildJsonSchemaDocument,
  createAjv,
  inlineResponseSchemas,
  isObject,
  JSON_SCHEMA_ID,
  listOperations,
  mapSubschemas,
  parametersDefName,
  readSpec,
  resolveLocal,
  SCHEMA_LISTS,
  SCHEMA_MAPS,
  SUBSCHEMAS,
  UNCHECKED_FORMAT,
  validatedSchema,
  type Json,
  type JsonObject,
  type Operation,
} from "../spec/model";


// ajv's standalone output `require`s its code-point counter for maxLength even in ESM mode; the generated module
// must import nothing at run time (it ships to browsers), so the same algorithm (count UTF-16 surrogate pairs as
// one code point, with charCodeAt: a string iterator is several times slower) is inlined.
const UCS2LENGTH_REQUIRE = /const (\w+) = require\("ajv\/dist\/runtime\/ucs2length"\)\.default;/g;
const UCS2LENGTH_INLINE = (name: string) =>
  `function ${name}(str) { const len = str.length; let length = 0; let pos = 0; ` +
  `while (pos < len) { length++; const code = str.charCodeAt(pos++); ` +
  `if (code >= 0xd800 && code <= 0xdbff && pos < len && (str.charCodeAt(pos) & 0xfc00) === 0xdc00) pos++; } ` +
  `return length; }`;

// The same for the deep equality `enum`, `const` and `uniqueItems` need on objects and arrays (ajv's runtime `equal`,
// fast-deep-equal): the values compared are parsed JSON, so arrays, plain objects and primitives are all it meets.
const EQUAL_REQUIRE = /const (\w+) = require\("ajv\/dist\/runtime\/equal"\)\.default;/g;
const EQUAL_INLINE = (name: string) =>
  `function ${name}(a, b) { if (a === b) return true; ` +
  `if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a !== a && b !== b; ` +
  `if (Array.isArray(a) !== Array.isArray(b)) return false; ` +
  `if (Array.isArray(a)) { if (a.length !== b.length) return false; for (let i = 0; i < a.length; i++) if (!${name}(a[i], b[i])) return false; return true; } ` +
  `const keys = Object.keys(a); if (keys.length !== Object.keys(b).length) return false; ` +
  `for (const key of keys) if (!Object.prototype.hasOwnProperty.call(b, key) || !${name}(a[key], b[key])) return false; ` +
  `return true; }`;

const ANNOTATIONS = new Set(["description", "examples", "title", "$comment"]);

/**
 * The schema without the annotations validation never reads. ajv's standalone code embeds the schema objects it
 * needs at run time (enums, property lists): without prose and examples the shipped validators are much smaller.
 */
function withoutAnnotations(schema: Json): Json {
  if (!isObject(schema)) return schema;
  return Object.fromEntries(Object.entries(mapSubschemas(schema, withoutAnnotations)).filter(([key]) => !ANNOTATIONS.has(key)));
}


/**
 * The project's ajv (createAjv), set up to compile code that ships: formats are read from
 * the `inlinedFormats` object that standaloneValidators inlines (ajv-formats would be `require`d), checked by the
 * same functions.
 */
function generatorAjv(): ReturnType<typeof createAjv> {
  const ajv = createAjv({ source: true });
  ajv.opts.code.formats = new Name(FORMATS_OBJECT);
  for (const [name, definition] of Object.entries(inlineFormatDefinitions())) ajv.addFormat(name, definition);
  return ajv;
}

/** A spec problem the generator cannot turn into validators: reported as it is, never with a stack trace. */
export class UnsupportedSchemaError extends Error {}

const FORMAT_LIMITS = ["formatMinimum", "formatMaximum", "formatExclusiveMinimum", "formatExclusiveMaximum"];

/** Whether a parameter gets a validator: a path or query one, or a header one OpenAPI does not ignore. */
const validatedParameter = (parameter: JsonObject): boolean =>
  parameter.in === "path" || parameter.in === "query" || (parameter.in === "header" && typeof parameter.name === "string" && !isIgnoredHeaderParameter(parameter.name));

/**
 * Every schema the validators are compiled from, by its JSON pointer in the spec ("#/components/schemas/Sample"), as
 * validation reads it (a 3.0 document's converted: the structure, and so the pointers within, are the spec's).
 */
function compiledSchemaRoots(spec: JsonObject): Map<string, JsonObject> {
  const roots = new Map<string, JsonObject>();
  const components = (spec.components as JsonObject | undefined)?.schemas;
  for (const [name, schema] of Object.entries(isObject(components) ? components : {})) {
    if (isObject(schema)) roots.set(`#/components/schemas/${escapePointerToken(name)}`, schema);
  }
  for (const { at, schema } of inlineResponseSchemas(spec)) roots.set(at, schema);
  // Path, query and header parameters, where they are written: a `$ref` parameter is reported at its target.
  const located = (pointer: string, node: Json): [string, Json] => {
    while (isObject(node) && typeof node.$ref === "string" && node.$ref.startsWith("#/")) {
      pointer = node.$ref;
      node = resolveLocal(spec, { $ref: node.$ref }) as Json;
    }
    return [pointer, node];
  };
  for (const [pathName, pathNode] of Object.entries(isObject(spec.paths) ? spec.paths : {})) {
    const [pathPointer, pathItem] = located(`#/paths/${escapePointerToken(pathName)}`, pathNode);
    if (!isObject(pathItem)) continue;
    const lists: [string, Json][] = [[`${pathPointer}/parameters`, pathItem.parameters]];
    for (const [method, operation] of Object.entries(pathItem)) {
      if (isObject(operation)) lists.push([`${pathPointer}/${method}/parameters`, operation.parameters]);
    }
    for (const [listPointer, list] of lists) {
      if (!Array.isArray(list)) continue;
      list.forEach((node, i) => {
        const [pointer, parameter] = located(`${listPointer}/${i}`, node);
        if (isObject(parameter) && validatedParameter(parameter) && isObject(parameter.schema)) {
          roots.set(`${pointer}/schema`, parameter.schema);
        }
      });
    }
  }
  for (const [pointer, schema] of roots) roots.set(pointer, validatedSchema(spec, schema) as JsonObject);
  return roots;
}

/** Every schema object under the roots, with its JSON pointer in the spec, parents before children. */
function* schemaNodes(roots: Map<string, JsonObject>): Generator<[string, JsonObject]> {
  function* walk(pointer: string, schema: Json): Generator<[string, JsonObject]> {
    if (!isObject(schema)) return;
    yield [pointer, schema];
    for (const [key, value] of Object.entries(schema)) {
      const at = `${pointer}/${escapePointerToken(key)}`;
      if (SCHEMA_MAPS.includes(key) && isObject(value)) {
        for (const [name, sub] of Object.entries(value)) yield* walk(`${at}/${escapePointerToken(name)}`, sub);
      } else if (SCHEMA_LISTS.includes(key) && Array.isArray(value)) {
        for (const [i, sub] of value.entries()) yield* walk(`${at}/${i}`, sub);
      } else if (SUBSCHEMAS.includes(key)) {
        yield* walk(at, value);
      }
    }
  }
  for (const [pointer, schema] of roots) yield* walk(pointer, schema);
}

/** A `format` the validators keep as an annotation: its name, where it is first written, and how many times in all. */
export interface UncheckedFormat {
  format: string;
  pointer: string;
  count: number;
}

/**
 * What one walk over every schema the validators are compiled from finds: the formats no validator checks, and the
 * comparisons of formatted values (formatMinimum, ...), which none can check (each "keyword \"k\" at <pointer>").
 */
export interface SchemaScan {
  unchecked: UncheckedFormat[];
  formatLimits: string[];
}

/** The spec's schemas, walked once for what generate reports or refuses (see SchemaScan). */
export function scanSchemas(spec: JsonObject): SchemaScan {
  const found = new Map<string, UncheckedFormat>();
  const formatLimits: string[] = [];
  for (const [pointer, schema] of schemaNodes(compiledSchemaRoots(spec))) {
    for (const keyword of FORMAT_LIMITS.filter((k) => k in schema)) formatLimits.push(`keyword "${keyword}" at ${pointer}/${keyword}`);
    const format = schema[UNCHECKED_FORMAT];
    if (typeof format !== "string" || ANNOTATION_FORMATS.has(format)) continue;
    const seen = found.get(format);
    if (seen) seen.count++;
    else found.set(format, { format, pointer: `${pointer}/format`, count: 1 });
  }
  return { unchecked: [...found.values()], formatLimits };
}

/** Refuses, in one message, every comparison of formatted values (formatMinimum, ...): no validator checks them. */
function assertFormatsSupported({ formatLimits: problems }: SchemaScan): void {
  if (problems.length === 0) return;
  throw new UnsupportedSchemaError(
    [
      `the generated validators cannot check ${problems.length === 1 ? problems[0] : `these:\n  ${problems.join("\n  ")}`}`,
      "  Comparisons of formatted values (formatMinimum, formatMaximum, ...) are not supported: state the rule with",
      "  `pattern` (or `minimum`/`maximum`).",
    ].join("\n"),
  );
}

/**
 * The formats of the spec that no validator checks, one entry a format, in document order: neither one the validators
 * check (scripts/inline-formats.ts) nor one of OpenAPI's annotation formats (password, binary, float, double).
 */
export function uncheckedFormats(spec: JsonObject): UncheckedFormat[] {
  return scanSchemas(spec).unchecked;
}

/** One line a format no validator checks, for generate's output. */
export function describeUncheckedFormat({ format, pointer, count }: UncheckedFormat): string {
  const more = count > 1 ? ` and ${count - 1} other place${count > 2 ? "s" : ""}` : "";
  return `format ${JSON.stringify(format)} is not checked, only kept as an annotation: at ${pointer}${more}`;
}

/** `inlinedFormats.date` or `inlinedFormats["date-time"]` in ajv's code (ajv writes a name as a JSON string). */
const FORMAT_USE = new RegExp(`\\b${FORMATS_OBJECT}(?:\\.(\\w+)|\\[("(?:[^"\\\\]|\\\\.)*")\\])`, "g");
const REQUIRE = /require\("([^"]+)"\)/;

/**
 * Whether ajv's standalone code for this one schema `require`s `module`; undefined where ajv refuses the schema alone.
 * The strict checks that look at neighbouring keywords are off: the schema is a fragment.
 */
function requires(schema: JsonObject, module: string): boolean | undefined {
  const ajv = generatorAjv();
  Object.assign(ajv.opts, { strictTypes: false, strictTuples: false, strictRequired: false });
  ajv.logger = { log() {}, warn() {}, error() {} };
  try {
    return standaloneCode(ajv, ajv.compile(schema)).includes(`require("${module}")`);
  } catch {
    return undefined;
  }
}

/** A subschema as a neighbour sees it: its `type`, which ajv may read (the subschema itself is tried on its own). */
const reduced = (schema: Json): Json => (isObject(schema) && schema.type !== undefined ? { type: schema.type } : true);

/**
 * The keyword, with its JSON pointer in the spec, that makes ajv's code `require` a module: each schema object is
 * tried alone (its subschemas reduced), then without each of its keywords in turn.
 */
function findRequiringKeyword(spec: JsonObject, module: string): string | undefined {
  for (const [pointer, schema] of schemaNodes(compiledSchemaRoots(spec))) {
    const { $ref: _ref, ...alone } = mapSubschemas(schema, reduced);
    if (requires(alone, module) !== true) continue;
    for (const key of Object.keys(alone)) {
      const { [key]: _dropped, ...without } = alone;
      if (requires(without, module) === false) return `keyword "${key}" at ${pointer}/${escapePointerToken(key)}`;
    }
    return `the schema at ${pointer}`;
  }
  return undefined;
}

/**
 * ajv standalone code for `exports` (export name -> schema ref), importing nothing at run time. `compiled` is the JSON
 * Schema document without annotations; each module is compiled by an ajv of its own (ajv numbers the names in its
 * code as it compiles).
 */
function standaloneValidators(spec: JsonObject, compiled: JsonObject, exports: Record<string, string>): string {
  const ajv = generatorAjv();
  ajv.addSchema(compiled);
  let code = standaloneModuleCode(ajv, exports);
  const counter = UCS2LENGTH_REQUIRE.exec(code)?.[1];
  code = code.replace(UCS2LENGTH_REQUIRE, (_m, name: string) => UCS2LENGTH_INLINE(name));
  code = code.replace(EQUAL_REQUIRE, (_m, name: string) => EQUAL_INLINE(name));
  if (counter) {
    // A string has at most as many code points as UTF-16 units: when `.length` is within maxLength, skip the count.
    const maxLength = new RegExp(`\\b${counter}\\((\\w+)\\) > (\\d+)`, "g");
    code = code.replace(maxLength, (_m, data: string, max: string) => `(${data}.length > ${max} && ${counter}(${data}) > ${max})`);
  }
  const module = REQUIRE.exec(code)?.[1];
  if (module) {
    const culprit = findRequiringKeyword(spec, module) ?? "a keyword the generator could not single out";
    throw new UnsupportedSchemaError(
      `the generated validators cannot check ${culprit}: ajv's standalone code for it needs require("${module}"), ` +
        "and the validators ship with no runtime dependency. Drop the keyword or state the rule another way " +
        "(for `enum`/`const`/`uniqueItems`, with scalar values or scalar items).",
    );
  }
  // ajv reads `inlinedFormats.date`, `inlinedFormats["date-time"]`, ... once, at load: define just those, first.
  code = code.replace(/^"use strict";\n?/, "").trim();
  const used = [...code.matchAll(FORMAT_USE)].map((m) => m[1] ?? (JSON.parse(m[2]) as string));
  return used.length > 0 ? `${inlineFormatsSource(used)}\n${code}` : code;
}

const VALIDATORS_HEADER = [
  "// Generated by scripts/generate.ts from spec/openapi.yaml. Do not edit: run `npm run generate`.",
  "// ajv standalone validators (draft 2020-12, strict, allErrors), compiled ahead of time.",
  "/* eslint-disable */",
  "// @ts-nocheck",
];
const defRef = (name: string) => `${JSON_SCHEMA_ID}#/$defs/${encodeURIComponent(escapePointerToken(name))}`;
/** A table key: an identifier as it is, any other name quoted. */
const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));

/** The exported name of each `$defs` entry's validator: `validate_` and the name made an identifier, never two alike. */
function validatorNames(): (def: string) => string {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  return (def) => {
    let name = names.get(def);
    if (name === undefined) {
      const base = `validate_${def.replace(/[^A-Za-z0-9_$]/g, "_")}`;
      name = base;
      for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
      taken.add(name);
      names.set(def, name);
    }
    return name;
  };
}

/** Whether a documented status is not a success: 4xx, 5xx, their ranges, or `default`. */
const isErrorStatus = (status: string) => !/^[123]/.test(status);

/**
 * What a client checks on every call: its own inputs (one object per operation and parameter location: path and query
 * closed, header open) and
 * whether an error body is the one the spec documents for its status: each operation's 4xx, 5xx and `default`
 * schemas, under any name; `anyErrorBody` holds every such schema, for a status an operation does not document.
 * Small, and always loaded.
 */
function renderRequestValidators(spec: JsonObject, jsonSchema: JsonObject, compiled: JsonObject, operations: Operation[]): string {
  const defs = jsonSchema.$defs as JsonObject;
  const exports: Record<string, string> = {};
  const nameOf = validatorNames();
  const exported = (def: string) => {
    const name = nameOf(def);
    exports[name] = defRef(def);
    return name;
  };
  const parameters = ["export const parameterValidators = {"];
  const errors = ["/** operationId -> documented error status -> whether a body is that response's schema. */", "export const errorBodyValidators = {"];
  const errorSchemas = new Set<string>();
  for (const op of operations) {
    parameters.push(`  ${key(op.operationId)}: {`);
    for (const location of ["path", "query", "header"] as const) {
      const def = parametersDefName(op.operationId, location);
      if (def in defs) parameters.push(`    ${location}: ${exported(def)} as Validator,`);
    }
    parameters.push("  },");
    const documented = Object.entries(op.responseSchemas).filter(([status]) => isErrorStatus(status));
    errors.push(`  ${key(op.operationId)}: {${documented.length ? "" : "},"}`);
    if (documented.length === 0) continue;
    for (const [status, def] of documented) {
      errorSchemas.add(def);
      errors.push(`    ${JSON.stringify(status)}: ${exported(def)} as Validator,`);
    }
    errors.push("  },");
  }
  parameters.push("} as const;");
  errors.push(
    "} as const satisfies Record<string, Record<string, Validator>>;",
    "",
    "/** Every error schema of the spec: whether a body is one of them (for a status its operation does not document). */",
    `export const anyErrorBody: readonly Validator[] = [${[...errorSchemas].map(exported).join(", ")}];`,
  );
  return [
    ...VALIDATORS_HEADER,
    'import type { ErrorObject } from "ajv";',
    "",
    "/** A compiled validator: returns whether `data` is valid; on false, `errors` says why. */",
    "export type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };",
    "",
    standaloneValidators(spec, compiled, exports),
    "",
    ...parameters,
    "",
    ...errors,
    "",
  ].join("\n");
}

/** Every response body of every operation, by status: loaded only by whoever validates responses. */
function renderResponseValidators(spec: JsonObject, compiled: JsonObject, operations: Operation[]): string {
  const exports: Record<string, string> = {};
  const nameOf = validatorNames();
  const lines = ["export const responseValidators = {"];
  for (const op of operations) {
    lines.push(`  ${key(op.operationId)}: {`);
    for (const [status, schemaName] of Object.entries(op.responseSchemas)) {
      const name = nameOf(schemaName);
      exports[name] = defRef(schemaName);
      lines.push(`    ${JSON.stringify(status)}: ${name} as Validator,`);
    }
    lines.push("  },");
  }
  lines.push("} as const;");
  return [
    ...VALIDATORS_HEADER,
    'import type { Validator } from "./request-validators";',
    "",
    standaloneValidators(spec, compiled, exports),
    "",
    ...lines,
    "",
  ].join("\n");
}

/** generated/schema.d.ts: openapi-typescript's types, under the header every generated file carries. */
async function renderSchemaTypes(specPath: string): Promise<string> {
  return `// Generated by scripts/generate.ts from spec/openapi.yaml. Do not edit: run \`npm run generate\`.\n${await renderTypes(specPath)}`;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** What a caller may have computed already from the spec: each is computed here when not given. */
interface Prepared {
  jsonSchema?: JsonObject;
  operations?: Operation[];
  scan?: SchemaScan;
}

/**
 * generated/request-validators.ts and response-validators.ts for a spec. Throws UnsupportedSchemaError, naming the
 * keyword and its JSON pointer in the spec, where ajv's code would need a module at run time.
 */
export function renderValidators(spec: JsonObject, prepared: Prepared = {}): Map<string, string> {
  const jsonSchema = prepared.jsonSchema ?? buildJsonSchemaDocument(spec);
  assertFormatsSupported(prepared.scan ?? scanSchemas(spec));
  const operations = prepared.operations ?? listOperations(spec);
  const compiled = withoutAnnotations(jsonSchema) as JsonObject;
  return new Map([
    ["request-validators.ts", renderRequestValidators(spec, jsonSchema, compiled, operations)],
    ["response-validators.ts", renderResponseValidators(spec, compiled, operations)],
  ]);
}

/**
 * Every file of generated/, by file name. The caller may pass the spec it has already read from `specPath` (and its
 * scan). openapi-typescript (schema.d.ts) runs in its worker while this thread compiles the validators.
 */
export async function renderGenerated(specPath: string, read?: { spec: JsonObject; scan?: SchemaScan }): Promise<Map<string, string>> {
  const types = renderSchemaTypes(specPath);
  // Awaited below; until then, a failure here must not leave its rejection unhandled.
  types.catch(() => undefined);
  const spec = read?.spec ?? (await readSpec(specPath));
  const jsonSchema = buildJsonSchemaDocument(spec);
  const validators = renderValidators(spec, { jsonSchema, operations: listOperations(spec), scan: read?.scan });
  const rows = buildOperationTable(spec, jsonSchema);
  return new Map([
    ["openapi.json", json(spec)],
    ["json-schema.json", json(jsonSchema)],
    ["schema.d.ts", await types],
    ...validators,
    ["operations.ts", renderOperationTable(rows, spec)],
    ["client-types.ts", renderClientTypes(spec, rows)],
  ]);
}
