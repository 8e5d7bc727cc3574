// The generator writes ajv's standalone code with its own linear-time walk (scripts/validator-module.ts): the text must
// be exactly what ajv's standaloneCode gives for the same compiled validators, for our spec, the fixtures, and schemas
// that make ajv share, wrap and recurse (a shared component, a recursive schema, two that call each other).
import path from "node:path";
import { Name } from "ajv";
import standaloneCode from "ajv/dist/standalone";
import { buildJsonSchemaDocument, createAjv, JSON_SCHEMA_ID, listOperations, readSpec, type Json, type JsonObject } from "../spec/model";
import { FORMATS_OBJECT, inlineFormatDefinitions } from "./inline-formats";
import { standaloneModuleCode } from "./validator-module";

const ROOT = path.resolve(__dirname, "..");
const json = (schema: Json) => ({ description: "a body", content: { "application/json": { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Schemas ajv compiles as functions of their own and calls: shared, recursive, mutually recursive. */
const SHARING: JsonObject = {
  openapi: "3.1.0",
  info: { title: "sharing", version: "1" },
  paths: {
    "/items/{item_id}": {
      get: {
        operationId: "getItem",
        parameters: [
          { name: "item_id", in: "path", required: true, schema: { type: "integer", minimum: 1 } },
          { name: "q", in: "query", schema: { type: "string", maxLength: 5, pattern: "^[a-z]*$" } },
        ],
        responses: { "200": json(ref("Item")), "404": json(ref("Error")), default: json(ref("Error")) },
      },
    },
    "/tree": { get: { operationId: "getTree", responses: { "200": json(ref("Node")), default: json(ref("Error")) } } },
    "/pair": { get: { operationId: "getPair", responses: { "200": json(ref("A")), "201": json({ type: "array", items: ref("Item") }) } } },
  },
  components: {
    schemas: {
      Error: { type: "object", required: ["code"], properties: { code: { type: "string", enum: ["not_found", "bad", "gone", "late"] } } },
      Node: { type: "object", required: ["name"], properties: { name: { type: "string", maxLength: 3 }, children: { type: "array", items: ref("Node") } } },
      A: { type: "object", properties: { b: ref("B"), n: { type: "integer" } }, unevaluatedProperties: false },
      B: { type: "object", properties: { a: ref("A"), s: { type: "string", format: "date" } } },
      Item: {
        type: "object",
        required: ["id"],
        properties: { id: { type: "integer", minimum: 1 }, owner: ref("Node"), tags: { type: "array", uniqueItems: true, items: { type: "string" } } },
      },
    },
  },
};

/** Every parameter object and response schema of the spec, exported in document order (as the modules export them). */
function exportsOf(spec: JsonObject): Record<string, string> {
  const exports: Record<string, string> = {};
  const add = (def: string) => (exports[`validate_${def.replace(/[^A-Za-z0-9_$]/g, "_")}`] = `${JSON_SCHEMA_ID}#/$defs/${encodeURIComponent(def)}`);
  for (const op of listOperations(spec)) {
    for (const location of ["path", "query"] as const) if (op.parameters.some((p) => p.in === location)) add(`${op.operationId}_${location}`);
    for (const def of Object.values(op.responseSchemas)) add(def);
  }
  return exports;
}

/** An ajv set up as the generator's (formats read from the inlined object), with the spec's document added. */
function generatorAjv(spec: JsonObject) {
  const ajv = createAjv({ source: true });
  ajv.opts.code.formats = new Name(FORMATS_OBJECT);
  for (const [name, definition] of Object.entries(inlineFormatDefinitions())) ajv.addFormat(name, definition);
  ajv.addSchema(buildJsonSchemaDocument(spec));
  return ajv;
}

it.each([
  ["spec/openapi.yaml", () => readSpec(path.join(ROOT, "spec/openapi.yaml"))],
  ["spec/fixtures/grown/openapi.yaml", () => readSpec(path.join(ROOT, "spec/fixtures/grown/openapi.yaml"))],
  ["spec/fixtures/openapi-3.0.yaml", () => readSpec(path.join(ROOT, "spec/fixtures/openapi-3.0.yaml"))],
  ["shared, recursive and mutually recursive schemas", () => Promise.resolve(SHARING)],
])("writes exactly ajv's standaloneCode for %s", async (_label, read) => {
  const spec = await read();
  const exports = exportsOf(spec);
  // Each on an ajv of its own, compiled in the same order: ajv numbers its names as it compiles.
  expect(standaloneModuleCode(generatorAjv(spec), exports)).toBe(standaloneCode(generatorAjv(spec), exports));
});

it("covers what ajv shares: validators calling others, a wrapper for a schema still compiling, values written once", () => {
  const code = standaloneModuleCode(generatorAjv(SHARING), exportsOf(SHARING));
  expect(code).toMatch(/^const wrapper\d+ = \{validate: validate\d+\};$/m);
  expect(code.match(/^function validate\d+\(/gm)!.length).toBeGreaterThan(Object.keys(exportsOf(SHARING)).length);
  const declared = code.match(/^(?:const (?:schema|pattern|func|wrapper|root)\d+ =|function validate\d+\()/gm)!;
  expect(new Set(declared).size).toBe(declared.length);
});

it("refuses an ajv that does not keep its validators' source", () => {
  expect(() => standaloneModuleCode(createAjv(), {})).toThrow(/code: \{ source: true, esm: true, lines: true \}/);
});
