// The spec itself: every schema compiles under ajv 2020 strict mode, and every example validates.
import path from "node:path";
import { buildJsonSchemaDocument, createAjv, JSON_SCHEMA_ID, readSpec } from "../spec/model";
import { checkSpecExamples } from "./spec-examples";

const SPEC = path.resolve(__dirname, "../spec/openapi.yaml");

/** Every `example`, and every entry of every `examples` (a schema's list, a media type's map), anywhere in a document. */
function examplesIn(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, item) => n + examplesIn(item), 0);
  if (!node || typeof node !== "object") return 0;
  const { example, examples, ...rest } = node as Record<string, unknown>;
  const own = (example !== undefined ? 1 : 0) + (Array.isArray(examples) ? examples.length : examples && typeof examples === "object" ? Object.keys(examples).length : 0);
  return own + examplesIn(Object.values(rest));
}

describe("spec/openapi.yaml", () => {
  it("compiles every schema and parameter schema with ajv 2020 + ajv-formats in strict mode", async () => {
    const document = buildJsonSchemaDocument(await readSpec(SPEC));
    const ajv = createAjv();
    ajv.addSchema(document);
    const names = Object.keys(document.$defs as object);
    expect(names).toEqual(
      expect.arrayContaining(["Sample", "SampleList", "Pagination", "Error", "listSamples_query", "getSample_path"]),
    );
    for (const name of names) expect(() => ajv.getSchema(`${JSON_SCHEMA_ID}#/$defs/${name}`)).not.toThrow();
  });

  it("has examples on every response, and every example validates against its schema", async () => {
    const spec = await readSpec(SPEC);
    const result = checkSpecExamples(spec);
    expect(result.responsesWithoutExamples).toEqual([]);
    expect(result.schemasWithoutExamples).toEqual([]);
    expect(result.problems).toEqual([]);
    // Every example the document holds was checked: counted here by a walk of the whole document, not by the
    // places the checker knows (schemas, bodies, parameters, headers).
    expect(result.checked).toBe(examplesIn(spec));
    expect(result.checked).toBeGreaterThan(0);
  });

  it("reports an example its schema rejects, with where it is and why (the published docs' own 200 example)", async () => {
    const spec: any = await readSpec(SPEC);
    spec.paths["/samples/{sample_id}"].get.responses["200"].content["application/json"].examples.teletext_capture.value =
      { sample_id: 42, sha256: "string", name: "string", extension: "string", tags: ["string"], media_info: {}, notes: "string" };
    spec.components.responses.NotFound.content["application/json"].examples.sample_not_found.value.details = null;
    delete spec.components.responses.Unauthorized.content["application/json"].examples;
    delete spec.components.schemas.Pagination.examples;
    spec.components.schemas.Error.properties.code.examples = ["NotFound"];
    const { problems, responsesWithoutExamples, schemasWithoutExamples } = checkSpecExamples(spec);
    expect(responsesWithoutExamples).toEqual(["#/components/responses/Unauthorized/content/application~1json"]);
    expect(schemasWithoutExamples).toEqual(["#/components/schemas/Pagination"]);
    expect(problems).toEqual([
      {
        where: "#/components/schemas/Error/properties/code/examples/0",
        errors: ['(root) must match pattern "^[a-z][a-z0-9]*(_[a-z0-9]+)*$"'],
      },
      {
        where: "#/components/responses/NotFound/content/application~1json/examples/sample_not_found/value",
        errors: ["/details must be object"],
      },
      {
        where:
          "#/paths/~1samples~1{sample_id}/get/responses/200/content/application~1json/examples/teletext_capture/value",
        errors: ['/sha256 must match pattern "^[a-fA-F0-9]{64}$"'],
      },
    ]);
  });
});
