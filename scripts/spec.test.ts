// The spec itself: every schema compiles under ajv 2020 strict mode, and every example validates.
import path from "node:path";
import { buildJsonSchemaDocument, createAjv, JSON_SCHEMA_ID, readSpec } from "./spec-model";
import { checkSpecExamples } from "./spec-examples";

const SPEC = path.resolve(__dirname, "../spec/openapi.yaml");

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
    // Schema examples (Sample 1, Pagination 1, SampleList 1 on data, Error 5 on properties), 3 success-body and
    // 5 error-body examples, 8 parameters, 4 headers.
    expect(result.checked).toBe(28);
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
