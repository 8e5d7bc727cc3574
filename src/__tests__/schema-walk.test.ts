// The one schema walk (src/shared/schema-walk.ts) that the generator's rules, the mock and the suite share: refs in
// every form a document writes them, conjuncts in order, and what is written beside a `$ref` kept (2020-12 applies
// it), from the walk itself to the table's page layout and the mock's data.
import { buildOperationTable } from "../../scripts/operation-table";
import { buildJsonSchemaDocument, createAjv, JSON_SCHEMA_ID, type JsonObject } from "../../spec/model";
import { conjuncts, deref, flattenSchema, propertyNames, refPointer, schemaAt, type SchemaDocument } from "../shared/schema-walk";

const document: SchemaDocument = {
  $id: JSON_SCHEMA_ID,
  $defs: {
    Page: { type: "object", required: ["next_cursor"], properties: { next_cursor: { type: ["string", "null"] } } },
    "My Item": { type: "object", properties: { id: { type: "integer", minimum: 1 } } },
    Alias: { $ref: "#/$defs/Page" },
    Loop: { $ref: "#/$defs/Loop" },
  },
};

describe("the schema walk", () => {
  it("reads a ref in every form a document writes it: its own $id, local, a spec's components, URI-encoded", () => {
    expect(refPointer(`${JSON_SCHEMA_ID}#/$defs/Page`, document)).toBe("#/$defs/Page");
    expect(refPointer("#/$defs/Page/properties/next_cursor", document)).toBe("#/$defs/Page/properties/next_cursor");
    expect(refPointer("#/components/schemas/Page", document)).toBe("#/$defs/Page");
    expect(refPointer("#/$defs/My%20Item", document)).toBe("#/$defs/My Item");
    expect(refPointer("https://elsewhere.example/schema#/$defs/Page", document)).toBeUndefined();
    expect(schemaAt("#/$defs/My Item/properties/id", document)).toEqual({ type: "integer", minimum: 1 });
  });

  it("follows a chain of refs to its end, and stops on a cycle", () => {
    expect(deref({ $ref: "#/$defs/Alias" }, document)).toEqual({ schema: document.$defs!.Page, name: "Page" });
    expect(deref({ $ref: "#/$defs/Loop" }, document).name).toBe("Loop");
    expect(conjuncts({ $ref: "#/$defs/Loop" }, "#", document).length).toBeLessThan(40);
  });

  it("gives the conjuncts in order: what the $ref names, the schema itself (what is beside its $ref), its allOf members", () => {
    const schema = { $ref: "#/$defs/Page", properties: { data: { type: "array" } }, allOf: [{ properties: { count: { type: "integer" } } }] };
    expect(conjuncts(schema, "#/x", document).map((c) => c.pointer)).toEqual(["#/$defs/Page", "#/x", "#/x/allOf/0"]);
    expect(propertyNames(schema, "#/x", document)).toEqual(["next_cursor", "data", "count"]);
  });

  it("flattens the conjuncts into one schema, each bound as strict as both, what is beside a $ref included", () => {
    const flat = flattenSchema(document, { $ref: "#/$defs/My Item", required: ["id"], allOf: [{ properties: { id: { maximum: 9 } } }] });
    expect(flat).toEqual({ type: "object", required: ["id"], properties: { id: { allOf: [{ type: "integer", minimum: 1 }, { maximum: 9 }] } } });
    expect(flattenSchema(document, { allOf: [{ maxLength: 10 }, { maxLength: 5, minLength: 1 }, { minLength: 2 }] })).toEqual({ maxLength: 5, minLength: 2 });
    expect(flattenSchema(document, true)).toEqual({});
  });
});

describe("what is beside a $ref, in a 3.1 spec", () => {
  // The list's body names its page by $ref and declares its items beside it: 2020-12 applies both.
  const spec: JsonObject = {
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    paths: {
      "/things": {
        get: {
          operationId: "listThings",
          parameters: [{ name: "cursor", in: "query", schema: { type: "string" } }],
          responses: {
            "200": {
              description: "ok",
              content: {
                "application/json": {
                  schema: { $ref: "#/components/schemas/CursorPage", required: ["things"], properties: { things: { type: "array", items: { $ref: "#/components/schemas/Thing" } } } },
                },
              },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        CursorPage: { type: "object", required: ["next_cursor"], properties: { next_cursor: { type: ["string", "null"] } } },
        Thing: { type: "object", properties: { thing_id: { type: "integer" } } },
      },
    },
  };

  it("gives the list its page layout: the items declared beside the $ref, the cursor in what it names", () => {
    const jsonSchema = buildJsonSchemaDocument(spec);
    const [row] = buildOperationTable(spec, jsonSchema);
    expect(row.page).toMatchObject({ kind: "cursor", cursor: "cursor", next: ["next_cursor"], items: "things", itemSchema: "#/$defs/Thing" });
  });

  it("validates the body against both: the named page's rules and those beside its $ref", () => {
    const jsonSchema = buildJsonSchemaDocument(spec);
    const ajv = createAjv();
    ajv.addSchema(jsonSchema);
    const validate = ajv.getSchema(`${JSON_SCHEMA_ID}#/$defs/listThings_200`)!;
    expect(validate({ next_cursor: null, things: [{ thing_id: 1 }] })).toBe(true);
    expect([validate({ next_cursor: null }), validate({ things: [] })]).toEqual([false, false]);
  });
});
