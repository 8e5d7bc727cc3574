// Renders every file of generated/ from the spec, in memory. Pure and deterministic: the same spec gives the same
// bytes on every run, so `generate --check` can compare byte for byte.
import { Name } from "ajv";
import standaloneCode from "ajv/dist/standalone";
import { splitModuleCode } from "./validator-module";
import { escapePointerToken } from "../src/shared/json-pointer";
import { buildOperationTable } from "./operation-table";
import { renderClientOperationTable, renderClientTypes, renderOperationTable } from "./render-operations";
import { renderTypes } from "./types-worker";
import { FORMATS_OBJECT, inlineFormatDefinitions, inlineFormatsSource } from "./inline-formats";
import {
  ANNOTATION_FORMATS,
  buildJsonSchemaDocument,
  createAjv,
  inlineResponseSchemas,
  isObject,
  isValidatedParameter,
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
 * the `inlinedFormats` object that validatorModules inlines (ajv-formats would be `require`d), checked by the
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
        if (isObject(parameter) && isValidatedParameter(parameter) && isObject(parameter.schema)) {
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

/** An entry of generated/validators/: its module's name, and its validators (export name -> `$defs` name). */
interface ValidatorEntry {
  module: string;
  defs: Record<string, string>;
  /** The module's exports, from each validator's name in its code. */
  exports: (validator: (exported: string) => string) => string[];
}

/**
 * generated/validators/: ajv standalone code for every entry, importing nothing at run time but each other, split so
 * that an entry loads only the code its validators reach and no code is written twice (scripts/validator-module.ts).
 * `compiled` is the JSON Schema document without annotations.
 */
function validatorModules(spec: JsonObject, compiled: JsonObject, entries: ValidatorEntry[]): Map<string, string> {
  const ajv = generatorAjv();
  ajv.addSchema(compiled);
  const refs = new Map(entries.map((entry) => [entry.module, Object.fromEntries(Object.entries(entry.defs).map(([name, def]) => [name, defRef(def)]))]));
  const split = splitModuleCode(ajv, refs, (n) => `shared.${n}`);
  const texts = new Map<string, string>();
  const modules = [...split.modules];
  const counter = modules.flatMap(([, module]) => module.code).map((code) => new RegExp(UCS2LENGTH_REQUIRE.source).exec(code)?.[1]).find(Boolean);
  // A string has at most as many code points as UTF-16 units: when `.length` is within maxLength, skip the count.
  const maxLength = counter && new RegExp(`\\b${counter}\\((\\w+)\\) > (\\d+)`, "g");
  const entryOf = new Map(entries.map((entry) => [entry.module, entry]));
  for (const [name, module] of modules) {
    let code = module.code.join("\n");
    code = code.replace(UCS2LENGTH_REQUIRE, (_m, fn: string) => UCS2LENGTH_INLINE(fn));
    code = code.replace(EQUAL_REQUIRE, (_m, fn: string) => EQUAL_INLINE(fn));
    if (maxLength) code = code.replace(maxLength, (_m, data: string, max: string) => `(${data}.length > ${max} && ${counter}(${data}) > ${max})`);
    const required = REQUIRE.exec(code)?.[1];
    if (required) {
      const culprit = findRequiringKeyword(spec, required) ?? "a keyword the generator could not single out";
      throw new UnsupportedSchemaError(
        `the generated validators cannot check ${culprit}: ajv's standalone code for it needs require("${required}"), ` +
          "and the validators ship with no runtime dependency. Drop the keyword or state the rule another way " +
          "(for `enum`/`const`/`uniqueItems`, with scalar values or scalar items).",
      );
    }
    // ajv reads `inlinedFormats.date`, `inlinedFormats["date-time"]`, ... once, at load: define just those, first.
    const used = [...code.matchAll(FORMAT_USE)].map((m) => m[1] ?? (JSON.parse(m[2]) as string));
    const entry = entryOf.get(name);
    const exported = split.exports.get(name) ?? {};
    texts.set(
      `validators/${name}.ts`,
      [
        ...VALIDATORS_HEADER,
        ...(entry ? ['import type { ParameterValidator as Validator } from "../../src/shared/operation-row";'] : []),
        ...[...module.imports].map(([from, names]) => `import { ${[...names].join(", ")} } from "./${from}";`),
        "",
        ...(used.length > 0 ? [inlineFormatsSource([...new Set(used)])] : []),
        code.trim(),
        "",
        ...(module.shared.size > 0 ? [`export { ${[...module.shared].join(", ")} };`, ""] : []),
        ...(entry ? [...entry.exports((e) => exported[e]), ""] : []),
      ].join("\n"),
    );
  }
  return texts;
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

/**
 * Each operation's file name in generated/validators/: its operationId with what a file name should not hold made
 * `_`, never two alike (compared without case: some file systems ignore it).
 */
function moduleNames(operations: Operation[]): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const { operationId } of operations) {
    const base = operationId.replace(/[^A-Za-z0-9_-]/g, "_");
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    taken.add(name.toLowerCase());
    names.set(operationId, name);
  }
  return names;
}

/** Whether a documented status is not a success: 4xx, 5xx, their ranges, or `default`. */
const isErrorStatus = (status: string) => !/^[123]/.test(status);

/** `{ "400": validate12 as Validator, ... }`: status -> validator. */
const statusMap = (statuses: string[], validator: (status: string) => string) =>
  `{${statuses.map((status) => `\n  ${JSON.stringify(status)}: ${validator(status)} as Validator,`).join("")}${statuses.length ? "\n" : ""}}`;

const PARAMETER_LOCATIONS = ["path", "query", "header"] as const;
const ANY_ERROR = "any-error-body";

/**
 * The validators, one module an operation and side, and what loads them:
 * - validators/<operation>.request.ts: what a client checks on a call: its own inputs (`path`, `query`, `header`: one
 *   object per parameter location, path and query closed, header open) and whether an error body is the one the spec documents for its status (`errors`:
 *   each 4xx, 5xx and `default` schema, under any name); validators/any-error-body.ts: every such schema, for a status
 *   an operation does not document;
 * - validators/<operation>.response.ts: every documented response body by status (`responses`);
 * - validators/shared.<n>.ts: code several of those reach, written once;
 * - validator-loaders.ts: each of them behind a dynamic import(), so that a client loads an operation's code on its
 *   first call only;
 * - request-validators.ts and response-validators.ts: all of them at once, for the mock and the tests.
 */
function renderValidatorFiles(spec: JsonObject, jsonSchema: JsonObject, compiled: JsonObject, operations: Operation[]): Map<string, string> {
  const defs = jsonSchema.$defs as JsonObject;
  const names = moduleNames(operations);
  const entries: ValidatorEntry[] = [];
  const errorSchemas = new Set<string>();
  const loaders = [
    "// Generated by scripts/generate.ts from spec/openapi.yaml. Do not edit: run `npm run generate`.",
    "// Each operation's validators behind a dynamic import(): a client evaluates an operation's code on its first call only.",
    "",
    "/** operationId -> its request validators' module: `path`, `query` and `header` parameters, `errors` (error bodies by status). */",
    "export const requestValidatorModules = {",
  ];
  const responseLoaders = ["/** operationId -> its response validators' module: `responses`, body validators by status. */", "export const responseValidatorModules = {"];
  const requests = ['import type { ErrorObject } from "ajv";'];
  const responses: string[] = [];
  const parameterRows = ["export const parameterValidators = {"];
  const errorRows = ["/** operationId -> documented error status -> whether a body is that response's schema. */", "export const errorBodyValidators = {"];
  const responseRows = ["export const responseValidators = {"];
  operations.forEach((op, i) => {
    const name = names.get(op.operationId) as string;
    const parameters = PARAMETER_LOCATIONS.map((location) => [location, parametersDefName(op.operationId, location)] as const).filter(([, def]) => def in defs);
    const errors = Object.entries(op.responseSchemas).filter(([status]) => isErrorStatus(status));
    for (const [, def] of errors) errorSchemas.add(def);
    const requestDefs: Record<string, string> = Object.fromEntries([...parameters, ...errors.map(([status, def]) => [`error ${status}`, def])]);
    entries.push({
      module: `${name}.request`,
      defs: requestDefs,
      exports: (validator) => [
        ...parameters.map(([location]) => `export const ${location} = ${validator(location)} as Validator;`),
        `export const errors: Readonly<Record<string, Validator>> = ${statusMap(errors.map(([status]) => status), (status) => validator(`error ${status}`))};`,
      ],
    });
    entries.push({
      module: `${name}.response`,
      defs: op.responseSchemas,
      exports: (validator) => [`export const responses: Readonly<Record<string, Validator>> = ${statusMap(Object.keys(op.responseSchemas), validator)};`],
    });
    loaders.push(`  ${key(op.operationId)}: () => import("./validators/${name}.request"),`);
    responseLoaders.push(`  ${key(op.operationId)}: () => import("./validators/${name}.response"),`);
    requests.push(`import * as request${i} from "./validators/${name}.request";`);
    responses.push(`import * as response${i} from "./validators/${name}.response";`);
    parameterRows.push(`  ${key(op.operationId)}: {${parameters.map(([location]) => ` ${location}: request${i}.${location},`).join("")}${parameters.length ? " " : ""}},`);
    errorRows.push(`  ${key(op.operationId)}: request${i}.errors,`);
    responseRows.push(`  ${key(op.operationId)}: response${i}.responses,`);
  });
  const anyError = [...errorSchemas];
  entries.push({
    module: ANY_ERROR,
    defs: Object.fromEntries(anyError.map((def, i) => [String(i), def])),
    exports: (validator) => [`export const anyErrorBody: readonly Validator[] = [${anyError.map((_def, i) => `${validator(String(i))} as Validator`).join(", ")}];`],
  });
  const files = validatorModules(spec, compiled, entries);
  loaders.push("} as const;", "", ...responseLoaders, "} as const;", "", "/** Every error schema of the spec (`anyErrorBody`), for a status its operation does not document. */");
  loaders.push(`export const anyErrorBodyModule = () => import("./validators/${ANY_ERROR}");`, "");
  files.set("validator-loaders.ts", loaders.join("\n"));
  files.set(
    "request-validators.ts",
    [
      ...VALIDATORS_HEADER.slice(0, 1),
      "// Every operation's request validators (generated/validators/), loaded at once: for the mock and the tests. A client",
      "// loads each operation's on its first call (validator-loaders.ts).",
      ...requests,
      "",
      "/** A compiled validator: returns whether `data` is valid; on false, `errors` says why. */",
      "export type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };",
      "",
      ...parameterRows,
      "} as const;",
      "",
      ...errorRows,
      "} as const satisfies Record<string, Readonly<Record<string, Validator>>>;",
      "",
      "/** Every error schema of the spec: whether a body is one of them (for a status its operation does not document). */",
      `export { anyErrorBody } from "./validators/${ANY_ERROR}";`,
      "",
    ].join("\n"),
  );
  files.set(
    "response-validators.ts",
    [
      ...VALIDATORS_HEADER.slice(0, 1),
      "// Every operation's response validators (generated/validators/), loaded at once: for the mock and the tests.",
      ...responses,
      "",
      ...responseRows,
      "} as const;",
      "",
    ].join("\n"),
  );
  return files;
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
 * The validators' files of generated/ for a spec (see renderValidatorFiles). Throws UnsupportedSchemaError, naming the
 * keyword and its JSON pointer in the spec, where ajv's code would need a module at run time.
 */
export function renderValidators(spec: JsonObject, prepared: Prepared = {}): Map<string, string> {
  const jsonSchema = prepared.jsonSchema ?? buildJsonSchemaDocument(spec);
  assertFormatsSupported(prepared.scan ?? scanSchemas(spec));
  const operations = prepared.operations ?? listOperations(spec);
  const compiled = withoutAnnotations(jsonSchema) as JsonObject;
  return renderValidatorFiles(spec, jsonSchema, compiled, operations);
}

/**
 * Every file of generated/ but schema.d.ts (openapi-typescript's types): the table, the validators and the client's
 * types, everything the mock and the suite load at run time. For a caller that needs no schema.d.ts (a test serving a
 * spec from the mock), it spares openapi-typescript's worker, which costs more CPU to start than a small spec takes.
 */
export function renderGeneratedExceptSchemaTypes(spec: JsonObject, scan?: SchemaScan): Map<string, string> {
  const jsonSchema = buildJsonSchemaDocument(spec);
  const validators = renderValidators(spec, { jsonSchema, operations: listOperations(spec), scan });
  const rows = buildOperationTable(spec, jsonSchema);
  return new Map([
    ["openapi.json", json(spec)],
    ["json-schema.json", json(jsonSchema)],
    ...validators,
    ["operations.ts", renderOperationTable(rows, spec)],
    ["client-operations.ts", renderClientOperationTable(rows, spec)],
    ["client-types.ts", renderClientTypes(spec, rows)],
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
  const files = renderGeneratedExceptSchemaTypes(spec, read?.scan);
  const [first, second, ...rest] = files;
  // The order npm run generate has always written and listed them in: schema.d.ts third.
  return new Map([first, second, ["schema.d.ts", await types], ...rest]);
}
