// The generated validators agree with ajv compiling the same schemas at run time, including the inlined code-point
// counter and its maxLength fast path, and they need no module at run time.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import jsonSchema from "../generated/json-schema.json";
import { errorBodyValidators, parameterValidators } from "../generated/request-validators";
import { responseValidators } from "../generated/response-validators";
import { createAjv, JSON_SCHEMA_ID } from "../spec/model";
import { isValidatorFile, runtimeImports } from "./generated-module";

const ajv = createAjv();
ajv.addSchema(jsonSchema);
const runtime = (name: string) => ajv.getSchema(`${JSON_SCHEMA_ID}#/$defs/${name}`)!;

const sample = { sample_id: 1, sha256: "A".repeat(64) };
const astral = "\u{1F3AC}"; // one code point, two UTF-16 units

describe("generated/request-validators.ts and response-validators.ts", () => {
  it.each([
    ["name at 255 code points", { ...sample, name: "n".repeat(255) }, true],
    ["name at 256 code points", { ...sample, name: "n".repeat(256) }, false],
    ["name of 255 astral code points (510 UTF-16 units)", { ...sample, name: astral.repeat(255) }, true],
    ["name of 256 astral code points", { ...sample, name: astral.repeat(256) }, false],
    ["a lone high surrogate counts as one", { ...sample, extension: "\ud83c".repeat(10) }, true],
    ["notes null", { ...sample, notes: null }, true],
    ["notes of 1001 characters", { ...sample, notes: "x".repeat(1001) }, false],
    ["51 tags", { ...sample, tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, false],
    ["a tag of 51 characters", { ...sample, tags: ["t".repeat(51)] }, false],
    ["sample_id 0", { ...sample, sample_id: 0 }, false],
    ["sha256 of 63 digits", { ...sample, sha256: "a".repeat(63) }, false],
    ["media_info with any properties", { ...sample, media_info: { streams: [{ codec: "h264" }] } }, true],
    ["unknown property (allowed: additive change)", { ...sample, added_later: 1 }, true],
  ])("Sample: %s, as ajv at run time says", (_label, value, valid) => {
    const validate = responseValidators.getSample["200"];
    expect(validate(value)).toBe(valid);
    expect(runtime("Sample")(value)).toBe(valid);
    if (!valid) expect(validate.errors).toEqual(runtime("Sample").errors);
  });

  it("reports every violation with its JSON pointer and rule (allErrors)", () => {
    const validate = responseValidators.listSamples["200"];
    expect(validate({ data: [{ sample_id: 0, sha256: "x" }], pagination: { limit: 0, offset: 0, total: 0 } })).toBe(false);
    expect(validate.errors!.map((e) => `${e.instancePath} ${e.keyword}`)).toEqual([
      "/data/0/sample_id minimum",
      "/data/0/sha256 pattern",
      "/pagination/limit minimum",
    ]);
  });

  it("checks every error status against the Error schema", () => {
    for (const [operationId, byStatus] of Object.entries(responseValidators)) {
      for (const [status, validate] of Object.entries(byStatus)) {
        if (status === "200") continue;
        expect([operationId, status, validate({ code: "not_found", message: "m", details: {} })]).toEqual([operationId, status, true]);
        expect([operationId, status, validate({ code: "NotFound", message: "m", details: null })]).toEqual([operationId, status, false]);
      }
    }
  });

  it("closes the parameter objects: unknown names and broken bounds are refused", () => {
    const query = parameterValidators.listSamples.query;
    expect(query({ limit: 100, offset: 0, status: "active", sha256: "F".repeat(64), extension: "ts" })).toBe(true);
    expect(query({ limit: 101, colour: "red" })).toBe(false);
    expect(query.errors!.map((e) => `${e.instancePath || "/"} ${e.keyword}`).sort()).toEqual(["/ additionalProperties", "/limit maximum"]);
    expect(parameterValidators.getSample.path({ sample_id: 1 })).toBe(true);
    expect(parameterValidators.getSample.path({ sample_id: 0 })).toBe(false);
  });

  it("checks error bodies with the request-side validator too (the client loads only that one eagerly)", () => {
    expect(errorBodyValidators.getSample["429"]({ code: "rate_limited", message: "m", details: { retry_after: 30 } })).toBe(true);
    expect(errorBodyValidators.getSample["429"]({ code: "rate_limited", message: "m" })).toBe(false);
  });

  it("the validators' modules import nothing at run time but each other", () => {
    const generated = path.resolve(__dirname, "../generated");
    const files = readdirSync(generated, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts") && isValidatorFile(file));
    expect(files).toEqual(expect.arrayContaining(["request-validators.ts", "response-validators.ts", "validator-loaders.ts", path.join("validators", "getSample.request.ts")]));
    for (const file of files) expect({ file, imports: runtimeImports(readFileSync(path.join(generated, file), "utf8")) }).toEqual({ file, imports: [] });
  });
});
