// The suite's model of a spec is built from the operation table and the JSON Schema document alone: the OpenAPI
// document is never read at run time (a SpecSource may still carry it, for callers written before).
import { buildJsonSchemaDocument } from "../spec/model";
import { buildOperationTable } from "../scripts/operation-table";
import { loadSpecModel } from "./spec";

type JsonObject = Record<string, any>;

// A 3.0 document: a header's schema carries an `example` (refused by strict ajv unless converted), a parameter's
// schema is a named one, and a response is shared.
const spec: JsonObject = {
  openapi: "3.0.3",
  info: { title: "Shop", version: "1" },
  security: [{ key: [] }],
  paths: {
    "/items/{item_id}": {
      get: {
        operationId: "getItem",
        parameters: [
          { name: "item_id", in: "path", required: true, example: 7, schema: { $ref: "#/components/schemas/Id" } },
          { name: "q", in: "query", description: "words", "x-case-insensitive": true, schema: { type: "string", nullable: true, example: "a" } },
        ],
        responses: {
          "200": {
            description: "ok",
            headers: { "X-Count": { required: true, schema: { type: "integer", example: 3 } } },
            content: { "application/json": { schema: { $ref: "#/components/schemas/Item" }, examples: { one: { value: { id: 1 } } } } },
          },
          "404": { description: "missing", content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } },
        },
      },
    },
    "/health": { get: { operationId: "health", security: [], responses: { "204": { description: "up" } } } },
  },
  components: {
    securitySchemes: { key: { type: "apiKey", in: "query", name: "api_key" } },
    schemas: {
      Id: { type: "integer", minimum: 1 },
      Item: { type: "object", properties: { id: { $ref: "#/components/schemas/Id" } } },
      Problem: { type: "object", properties: { title: { type: "string" } } },
    },
  },
};

/** An OpenAPI document that fails the test on any read. */
const untouchable = new Proxy({}, {
  get: (_target, property) => {
    throw new Error(`the suite read the OpenAPI document's ${String(property)}`);
  },
  ownKeys: () => {
    throw new Error("the suite listed the OpenAPI document's keys");
  },
});

function model() {
  const jsonSchema = buildJsonSchemaDocument(spec);
  return loadSpecModel({ openapi: untouchable, jsonSchema, table: buildOperationTable(spec, jsonSchema) });
}

it("builds every operation from its row: parameters, statuses, media, examples, headers and security", () => {
  const getItem = model().operationById("getItem");
  expect(getItem.parameters).toEqual([
    // The named schema is read through its $ref: its type and bounds.
    { name: "item_id", in: "path", required: true, schema: { type: "integer", minimum: 1 }, example: 7, description: undefined, caseInsensitive: false },
    { name: "q", in: "query", required: false, schema: { type: ["string", "null"], examples: ["a"] }, example: undefined, description: "words", caseInsensitive: true },
  ]);
  expect(getItem.statuses).toEqual(["200", "404"]);
  expect(getItem.responseSchemas).toEqual({ "200": "Item", "404": "Problem" });
  expect(getItem.contentTypes).toEqual({ "200": ["application/json"], "404": ["application/problem+json"] });
  expect(getItem.examples).toEqual({ "200": ["one"], "404": [] });
  expect(getItem.secured).toBe(true);
  expect(getItem.securitySchemes).toEqual({ key: { type: "apiKey", in: "query", name: "api_key" } });
  const health = model().operationById("health");
  expect(health).toMatchObject({ secured: false, statuses: ["204"], contentTypes: { "204": [] } });
});

it("judges a header by its converted schema, and bodies and parameters by the JSON Schema document", () => {
  const getItem = model().operationById("getItem");
  const [count] = getItem.headers["200"];
  expect(count).toMatchObject({ name: "X-Count", schema: { type: "integer", examples: [3] } });
  expect(count.validate(3)).toBe(true);
  expect(count.validate("three")).toBe(false);
  expect(getItem.validatorFor("200")!({ id: 0 })).toBe(false);
  expect(getItem.validatorFor("200")!({ id: 2 })).toBe(true);
  expect(getItem.validateParameter("path", { item_id: 0 })).not.toEqual([]);
  expect(getItem.validateParameter("query", { q: null })).toEqual([]);
});
