// undeclared_properties reads a body's schema through the one schema walk: the properties an `allOf` member or a
// `$ref` declares are declared, wherever the composition puts them, and an object nested in a composed schema is
// still walked.
import { buildOperationTable } from "../scripts/operation-table";
import { buildJsonSchemaDocument, type JsonObject } from "../spec/model";
import { check } from "./checks/undeclared_properties";
import { loadSpecModel } from "./spec";
import type { Exchange } from "./types";

// A 3.0 page composed as such documents write it: allOf a named page, and a member naming its items.
const spec = {
  openapi: "3.0.3",
  info: { title: "t", version: "1" },
  paths: {
    "/things": {
      get: {
        operationId: "listThings",
        responses: {
          "200": {
            description: "ok",
            content: {
              "application/json": {
                schema: {
                  allOf: [
                    { $ref: "#/components/schemas/Page" },
                    { type: "object", properties: { data: { type: "array", items: { $ref: "#/components/schemas/Thing" } } } },
                  ],
                },
              },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Page: { type: "object", properties: { total: { type: "integer" } } },
      Base: { type: "object", properties: { thing_id: { type: "integer" } } },
      Thing: { allOf: [{ $ref: "#/components/schemas/Base" }, { type: "object", properties: { name: { type: "string" }, meta: { $ref: "#/components/schemas/Meta" } } }] },
      Meta: { type: "object", properties: { size: { type: "integer" } } },
    },
  },
} as unknown as JsonObject;

const jsonSchema = buildJsonSchemaDocument(spec);
const operation = loadSpecModel({ jsonSchema, table: buildOperationTable(spec, jsonSchema) }).operationById("listThings");

const warnedPointers = (json: unknown) =>
  check.exchange!.warn!({ response: { status: 200, headers: {}, text: JSON.stringify(json), json } } as unknown as Exchange, operation, undefined as never).map((w) => w.pointer);

it("counts a property declared by any conjunct as declared: the page's, its allOf member's, an item's base's", () => {
  expect(warnedPointers({ total: 1, data: [{ thing_id: 1, name: "a", meta: { size: 2 } }] })).toEqual([]);
});

it("names a property no conjunct declares, at the page, in an item, and in an object nested under a composed item", () => {
  expect(warnedPointers({ total: 1, extra: true, data: [{ thing_id: 1, colour: "red" }, { name: "b", meta: { size: 1, unit: "kB" } }] })).toEqual([
    "/extra",
    "/data/0/colour",
    "/data/1/meta/unit",
  ]);
});
