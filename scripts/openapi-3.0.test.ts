// OpenAPI 3.0 documents, as real APIs publish them: `generate` converts their schemas to JSON Schema 2020-12
// (fromOpenApi30Schema), hoists inline response schemas under stable names, and compiles `allOf` pages. The 3.0
// fixture (spec/fixtures/openapi-3.0.yaml, the API of spec/openapi.yaml in 3.0 words) gives validators that accept
// and refuse the same values as the 3.1 spec's.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import ts from "typescript";
import { errorBodyValidators, parameterValidators } from "../generated/request-validators";
import { responseValidators } from "../generated/response-validators";
import {
  buildJsonSchemaDocument,
  createAjv,
  fromOpenApi30Schema,
  isOpenApi30,
  JSON_SCHEMA_ID,
  listOperations,
  readSpec,
  validatedSchema,
  type Json,
  type JsonObject,
} from "../spec/model";
import { main } from "./generate";
import { renderValidators, uncheckedFormats } from "./render-generated";
import { isValidatorFile, loadGeneratedFiles, runtimeImports } from "./generated-module";

const FIXTURE = path.resolve(__dirname, "../spec/fixtures/openapi-3.0.yaml");

type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };


describe("fromOpenApi30Schema", () => {
  const convert = (schema: Json) => fromOpenApi30Schema(schema);

  it("folds nullable into the type, and adds null to an enum", () => {
    expect(convert({ type: "string", nullable: true, maxLength: 3 })).toEqual({ type: ["string", "null"], maxLength: 3 });
    expect(convert({ type: "string", enum: ["a", "b"], nullable: true })).toEqual({ type: ["string", "null"], enum: ["a", "b", null] });
    expect(convert({ type: "string", enum: ["a", null], nullable: true })).toEqual({ type: ["string", "null"], enum: ["a", null] });
    expect(convert({ type: ["integer", "null"], nullable: true })).toEqual({ type: ["integer", "null"] });
    expect(convert({ type: "string", nullable: false })).toEqual({ type: "string" });
  });

  it("reads nullable without a type as nothing (3.0.3), enum or not", () => {
    expect(convert({ nullable: true })).toEqual({});
    expect(convert({ nullable: true, enum: ["a"] })).toEqual({ enum: ["a"] });
    expect(convert({ nullable: true, allOf: [{ $ref: "#/components/schemas/Sample" }] })).toEqual({
      allOf: [{ $ref: "#/components/schemas/Sample" }],
    });
  });

  it("turns boolean exclusive bounds into the numeric ones of 2020-12", () => {
    expect(convert({ type: "number", minimum: 0, exclusiveMinimum: true })).toEqual({ type: "number", exclusiveMinimum: 0 });
    expect(convert({ type: "number", maximum: 9.5, exclusiveMaximum: true })).toEqual({ type: "number", exclusiveMaximum: 9.5 });
    expect(convert({ type: "number", minimum: 1, exclusiveMinimum: false, maximum: 2, exclusiveMaximum: false })).toEqual({
      type: "number",
      minimum: 1,
      maximum: 2,
    });
    // A flag without its bound bounds nothing; a number is 2020-12 already.
    expect(convert({ type: "number", exclusiveMinimum: true })).toEqual({ type: "number" });
    expect(convert({ type: "number", exclusiveMaximum: 5 })).toEqual({ type: "number", exclusiveMaximum: 5 });
  });

  it("keeps the bounds' meaning: the converted schema decides like the 3.0 rule on numbers around the bound", () => {
    const ajv = createAjv();
    const above = ajv.compile(convert({ type: "number", minimum: 1, exclusiveMinimum: true }) as JsonObject);
    const below = ajv.compile(convert({ type: "number", maximum: 1, exclusiveMaximum: true }) as JsonObject);
    for (const value of [0, 0.999, 1, 1.0000001, 2]) {
      expect([value, above(value), below(value)]).toEqual([value, value > 1, value < 1]);
    }
  });

  it("makes example an annotation 2020-12 knows, and drops extensions and 3.0-only keywords", () => {
    expect(convert({ type: "string", example: "ts" })).toEqual({ type: "string", examples: ["ts"] });
    expect(convert({ type: "string", example: null })).toEqual({ type: "string", examples: [null] });
    expect(convert({ type: "string", example: "a", examples: ["b"] })).toEqual({ type: "string", examples: ["a", "b"] });
    expect(
      convert({
        type: "object",
        "x-table": "samples",
        "x-order": { by: "id" },
        discriminator: { propertyName: "kind" },
        xml: { name: "sample" },
        externalDocs: { url: "https://example.org" },
        readOnly: true,
        deprecated: true,
      }),
    ).toEqual({ type: "object", readOnly: true, deprecated: true });
  });

  it("lets a $ref stand alone: 3.0 ignores what is written beside it", () => {
    expect(convert({ $ref: "#/components/schemas/Pagination", description: "d", nullable: true, type: "object" })).toEqual({
      $ref: "#/components/schemas/Pagination",
    });
  });

  it("converts every subschema, and no value that is data or a property name", () => {
    const nullableString = { type: "string", nullable: true, "x-a": 1 };
    const converted = { type: ["string", "null"] };
    expect(
      convert({
        type: "object",
        properties: {
          // Properties named like keywords stay: they are names, not keywords.
          example: nullableString,
          nullable: { type: "boolean", example: true },
          "x-custom": { type: "integer", minimum: 0, exclusiveMinimum: true },
          list: { type: "array", items: nullableString },
        },
        additionalProperties: nullableString,
        allOf: [nullableString],
        anyOf: [{ not: nullableString }],
        oneOf: [{ type: "object", additionalProperties: false }],
        // enum and default are values, written as the data is.
        enum: [{ nullable: true, "x-a": 1 }],
        default: { example: 1 },
        example: { "x-a": 1, nullable: true },
      }),
    ).toEqual({
      type: "object",
      properties: {
        example: converted,
        nullable: { type: "boolean", examples: [true] },
        "x-custom": { type: "integer", exclusiveMinimum: 0 },
        list: { type: "array", items: converted },
      },
      additionalProperties: converted,
      allOf: [converted],
      anyOf: [{ not: converted }],
      oneOf: [{ type: "object", additionalProperties: false }],
      enum: [{ nullable: true, "x-a": 1 }],
      default: { example: 1 },
      examples: [{ "x-a": 1, nullable: true }],
    });
    expect(convert(true)).toBe(true);
  });

  it("is applied to 3.0 documents only: a 3.1 document's schemas are read as written", () => {
    expect(["3.0.0", "3.0.3"].map((openapi) => isOpenApi30({ openapi }))).toEqual([true, true]);
    expect(["3.1.0", "3.1.1", undefined].map((openapi) => isOpenApi30(openapi ? { openapi } : {}))).toEqual([false, false, false]);
    // 3.1's dialect keeps `example` (read as one of the examples) and extensions (dropped, as ajv's strict mode would refuse them).
    const schema = { type: "string", example: "x", "x-a": 1, nullable: true };
    expect(validatedSchema({ openapi: "3.1.0" }, schema)).toEqual({ type: ["string", "null"], examples: ["x"] });
    expect(validatedSchema({ openapi: "3.0.3" }, schema)).toEqual({ type: ["string", "null"], examples: ["x"] });
  });

  it("compiles a page composed with allOf, whose members leave type to the page, for 3.0 and 3.1 documents alike", () => {
    const document = {
      $id: "urn:test:allof",
      $defs: {
        Page: { type: "object", required: ["data"], properties: { data: { type: "array", items: {} } } },
        List: { allOf: [{ $ref: "urn:test:allof#/$defs/Page" }, { properties: { data: { items: { type: "integer" } } }, required: ["data"] }] },
      },
    };
    const ajv = createAjv();
    ajv.addSchema(document);
    const list = ajv.getSchema("urn:test:allof#/$defs/List")!;
    // Validation is whole: the page's rules and the member's both hold.
    expect([list({ data: [1, 2] }), list({ data: ["1"] }), list({ data: {} }), list({})]).toEqual([true, false, false, false]);
  });
});

describe("inline response schemas", () => {
  const tag = { type: "object", required: ["tag_id"], properties: { tag_id: { type: "integer", minimum: 1 } } };
  const json = (schema: Json) => ({ description: "d", content: { "application/json": { schema } } });
  const spec = (tagsResponses: JsonObject, components: { schemas?: JsonObject; responses?: JsonObject } = {}, openapi = "3.1.0"): JsonObject => ({
    openapi,
    info: { title: "t", version: "1" },
    paths: {
      "/tags": { get: { operationId: "listTags", responses: tagsResponses } },
      "/tags/{tag_id}": { get: { operationId: "getTag", responses: { "404": { $ref: "#/components/responses/NotFound" } } } },
    },
    components: {
      // Error: the request side's validators check error bodies with it.
      schemas: { Tag: tag, Error: { type: "object" }, ...components.schemas },
      responses: { NotFound: json({ type: "object", properties: { code: { type: "string" } } }), ...components.responses },
    },
  });

  it("names an inline schema after its operation and status, and hoists it into $defs", () => {
    const s = spec({ "200": json({ type: "array", items: { $ref: "#/components/schemas/Tag" } }), default: json({ type: "object" }) });
    expect(listOperations(s)[0].responseSchemas).toEqual({ "200": "listTags_200", default: "listTags_default" });
    const defs = buildJsonSchemaDocument(s).$defs as JsonObject;
    expect(defs.listTags_200).toEqual({ type: "array", items: { $ref: `${JSON_SCHEMA_ID}#/$defs/Tag` } });
    expect(defs.listTags_default).toEqual({ type: "object" });
    const validators = loadGeneratedFiles(renderValidators(s), "response-validators.ts").responseValidators;
    expect([validators.listTags["200"]([{ tag_id: 1 }]), validators.listTags["200"]([{ tag_id: 0 }])]).toEqual([true, false]);
  });

  it("names an inline schema of a components/responses entry after the entry, once for every operation", () => {
    const s = spec({ "404": { $ref: "#/components/responses/NotFound" }, "200": json({ $ref: "#/components/schemas/Tag" }) });
    expect(listOperations(s).map((op) => op.responseSchemas)).toEqual([{ "404": "NotFound", "200": "Tag" }, { "404": "NotFound" }]);
    expect(Object.keys(buildJsonSchemaDocument(s).$defs as JsonObject)).toEqual(["Tag", "Error", "NotFound"]);
  });

  it("names it after the operation when a components/schemas entry has the entry's name", () => {
    const s = spec({ "404": { $ref: "#/components/responses/NotFound" } }, { schemas: { NotFound: { type: "string" } } });
    expect(listOperations(s).map((op) => op.responseSchemas)).toEqual([{ "404": "listTags_404" }, { "404": "getTag_404" }]);
    expect(Object.keys(buildJsonSchemaDocument(s).$defs as JsonObject)).toEqual(["Tag", "Error", "NotFound", "listTags_404", "getTag_404"]);
  });

  it("refuses a name that a components/schemas entry holds, naming both", () => {
    const s = spec({ "200": json({ type: "array" }) }, { schemas: { listTags_200: { type: "string" } } });
    const message =
      "the inline response schema at #/paths/~1tags/get/responses/200/content/application~1json/schema is named listTags_200 " +
      "(after its operation and status) in the JSON Schema document, which is the name of #/components/schemas/listTags_200: " +
      "rename that schema, or $ref a named schema from the response";
    expect(() => listOperations(s)).toThrow(message);
    expect(() => buildJsonSchemaDocument(s)).toThrow(message);
  });

  it("makes `npm run generate` exit 2 with that message, writing nothing", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "sp-openapi-30-"));
    try {
      const file = path.join(dir, "openapi.json");
      await writeFile(file, JSON.stringify(spec({ "200": json({ type: "array" }) }, { schemas: { listTags_200: { type: "string" } } })));
      const lines: string[] = [];
      const code = await main(["--spec", file, "--out", path.join(dir, "out")], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
      expect([code, lines]).toEqual([2, [expect.stringMatching(/^generate: the inline response schema at #\/paths\/~1tags\/get\/responses\/200\/content/)]]);
      await expect(stat(path.join(dir, "out"))).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("names an inline schema's unchecked format where the schema is written", () => {
    expect(uncheckedFormats(spec({ "200": json({ type: "string", format: "color" }) }))).toEqual([
      { format: "color", pointer: "#/paths/~1tags/get/responses/200/content/application~1json/schema/format", count: 1 },
    ]);
  });

  it("refuses two schemas under one $defs name whatever their kind, naming both", () => {
    const s = spec({ "200": json({ type: "array" }) }, { schemas: { getTag_path: { type: "string" } } });
    (s.paths as any)["/tags/{tag_id}"].get.parameters = [{ name: "tag_id", in: "path", required: true, schema: { type: "integer" } }];
    expect(() => buildJsonSchemaDocument(s)).toThrow(
      "two schemas would be $defs/getTag_path in the JSON Schema document: #/components/schemas/getTag_path and the path parameters of getTag; rename one",
    );
  });

  it("refuses a $ref that is neither inline nor to components/schemas", () => {
    const s = spec({ "200": json({ $ref: "#/components/responses/NotFound/content/application~1json/schema" }) });
    expect(() => listOperations(s)).toThrow(
      "listTags 200: a response body must be written inline or $ref a components/schemas entry, not #/components/responses/NotFound/content/application~1json/schema",
    );
  });

  it("converts a 3.0 inline schema like any other", () => {
    const s = spec({ "200": json({ type: "array", nullable: true, items: { $ref: "#/components/schemas/Tag", nullable: true } }) }, {}, "3.0.3");
    expect((buildJsonSchemaDocument(s).$defs as JsonObject).listTags_200).toEqual({ type: ["array", "null"], items: { $ref: `${JSON_SCHEMA_ID}#/$defs/Tag` } });
  });
});

describe("spec/fixtures/openapi-3.0.yaml", () => {
  let spec: JsonObject;
  let files: Map<string, string>;
  let jsonSchema: JsonObject;
  let requests: Record<string, any>;
  let responses: Record<string, any>;
  let dir: string;
  beforeAll(async () => {
    // `npm run generate -- --spec <fixture> --out <temp dir>`, in-process.
    dir = await mkdtemp(path.join(os.tmpdir(), "sp-openapi-30-"));
    const lines: string[] = [];
    const code = await main(["--spec", FIXTURE, "--out", dir], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    expect([code, lines]).toEqual([0, [expect.stringMatching(/^generate: wrote /)]]);
    spec = await readSpec(FIXTURE);
    files = new Map();
    for (const name of await readdir(dir, { recursive: true, encoding: "utf8" })) {
      if (/\.(ts|json)$/.test(name)) files.set(name.split(path.sep).join("/"), await readFile(path.join(dir, name), "utf8"));
    }
    jsonSchema = JSON.parse(files.get("json-schema.json")!);
    requests = loadGeneratedFiles(files, "request-validators.ts");
    responses = loadGeneratedFiles(files, "response-validators.ts").responseValidators;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("generates: the inline schemas hoisted under their names, every $defs entry compiled by the project's ajv", () => {
    expect(jsonSchema).toEqual(buildJsonSchemaDocument(spec));
    expect(Object.keys(jsonSchema.$defs as JsonObject)).toEqual([
      "Sample",
      "Pagination",
      "Page",
      "Error",
      "listSamples_query",
      "listSamples_200",
      "TooManyRequests",
      "getSample_path",
    ]);
    expect(listOperations(spec).map((op) => op.responseSchemas)).toEqual([
      { "200": "listSamples_200", "400": "Error", "401": "Error", "429": "TooManyRequests", default: "Error" },
      { "200": "Sample", "401": "Error", "404": "Error", "429": "TooManyRequests", default: "Error" },
    ]);
    // Nothing of 3.0's dialect is left for ajv to refuse.
    expect(JSON.stringify(jsonSchema)).not.toMatch(/"(nullable|example|xml|externalDocs|discriminator|x-[\w-]+)":/);
    const ajv = createAjv();
    ajv.addSchema(jsonSchema);
    for (const name of Object.keys(jsonSchema.$defs as JsonObject)) expect(() => ajv.getSchema(`${JSON_SCHEMA_ID}#/$defs/${name}`)).not.toThrow();
  });

  it("the validators' modules import nothing at run time but each other", () => {
    const names = [...files.keys()].filter(isValidatorFile);
    expect(names.length).toBeGreaterThan(4);
    for (const name of names) expect({ name, imports: runtimeImports(files.get(name)!) }).toEqual({ name, imports: [] });
  });

  describe("its validators agree with the 3.1 spec's, on the same values", () => {
    const SEED = 18;
    const RUNS = 400;
    const astral = "\u{1F3AC}";
    const hex64 = fc.stringMatching(/^[a-fA-F0-9]{64}$/);
    const mostly = <T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<unknown>) =>
      fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: invalid, weight: 1 });
    const lengthsAround = (limit: number) => fc.integer({ min: limit - 2, max: limit + 2 }).map((n) => "n".repeat(n));
    // An object with its required keys, mostly; now and then with any keys at all.
    const record = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T, required: (keyof T & string)[]) =>
      mostly(fc.record(model, { requiredKeys: required }), fc.record(model, { requiredKeys: [] }));
    // Integers at and around 0 and 1 (the bounds written `minimum: 0, exclusiveMinimum: true`), fractions, non-numbers.
    const id = fc.oneof(fc.integer({ min: -2, max: 3 }), fc.integer(), fc.constantFrom(0.5, 1e-9, 0.999999, 1.5, -0, "1", null));
    const sha256 = mostly(hex64, fc.oneof(fc.stringMatching(/^[a-fA-F0-9]{63,65}$/), hex64.map((h) => `${h.slice(1)}g`), fc.string()));
    const sample = record(
      {
        sample_id: mostly(fc.integer({ min: 1 }), id),
        sha256,
        name: mostly(fc.string({ maxLength: 255 }), fc.oneof(lengthsAround(255), fc.constant(astral.repeat(256)), fc.integer())),
        extension: mostly(fc.string({ maxLength: 10 }), fc.oneof(lengthsAround(10), fc.constant(null))),
        tags: mostly(fc.array(fc.string({ maxLength: 50 }), { maxLength: 50 }), fc.oneof(fc.array(lengthsAround(50), { maxLength: 3 }), fc.constant("dvb"))),
        media_info: mostly(fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }), fc.oneof(fc.constant(null), fc.array(fc.integer()))),
        notes: mostly(fc.option(fc.string({ maxLength: 1000 }), { nil: null }), fc.oneof(lengthsAround(1000), fc.integer())),
        added_later: fc.jsonValue({ maxDepth: 1 }),
      },
      ["sample_id", "sha256"],
    );
    const nextOffset = fc.option(mostly(fc.nat(), id), { nil: null });
    const pagination = record(
      { limit: mostly(fc.integer({ min: 1 }), id), offset: mostly(fc.nat(), id), total: mostly(fc.nat(), id), next_offset: nextOffset },
      ["limit", "offset", "total"],
    );
    const page = record(
      { data: mostly(fc.array(sample, { maxLength: 3 }), fc.oneof(fc.constant({}), fc.constant(null))), pagination: mostly(pagination, fc.constant([])) },
      ["data", "pagination"],
    );
    const error = record(
      {
        code: mostly(fc.stringMatching(/^[a-z][a-z0-9]{0,8}(_[a-z0-9]{1,5}){0,3}$/), fc.oneof(fc.constantFrom("NotFound", "_x", "a__b", "a".repeat(101)), fc.string())),
        message: mostly(fc.string({ maxLength: 500 }), fc.oneof(lengthsAround(500), fc.constant(null))),
        details: mostly(fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }), fc.oneof(fc.constant(null), fc.constant([]))),
      },
      ["code", "message", "details"],
    );
    const documentedQuery = fc.record(
      {
        limit: mostly(fc.integer({ min: 1, max: 100 }), fc.oneof(fc.constantFrom(0, 101, 100.5, "50"), id)),
        offset: mostly(fc.nat(), id),
        status: mostly(fc.constantFrom("active", "inactive"), fc.oneof(fc.constantFrom("Active", "", null), fc.string())),
        name: mostly(fc.string({ maxLength: 100 }), lengthsAround(100)),
        tag: mostly(fc.string({ maxLength: 50 }), lengthsAround(50)),
        sha256,
        extension: mostly(fc.stringMatching(/^[a-zA-Z0-9]{1,10}$/), fc.oneof(fc.stringMatching(/^[a-zA-Z0-9]{11}$/), fc.constantFrom("", ".ts", "m p4"))),
      },
      { requiredKeys: [] },
    );
    // Now and then a name the spec does not document, which the closed parameter object refuses.
    const query = mostly(documentedQuery, documentedQuery.map((q) => ({ ...q, colour: "red" })));
    const pathParameters = fc.record({ sample_id: mostly(fc.integer({ min: 1 }), id), extra: fc.constant(1) }, { requiredKeys: [] });

    const valid = { sample_id: 1, sha256: "a".repeat(64) };
    const edges: Record<string, unknown[]> = {
      sample: [
        valid,
        { ...valid, notes: null },
        { ...valid, notes: "x".repeat(1000) },
        { ...valid, notes: "x".repeat(1001) },
        { ...valid, name: "n".repeat(255) },
        { ...valid, name: "n".repeat(256) },
        { ...valid, name: astral.repeat(255) },
        { ...valid, sha256: "A".repeat(63) },
        { ...valid, sha256: `${"a".repeat(63)}g` },
        { ...valid, sample_id: 0 },
        { ...valid, sample_id: 0.5 },
        { ...valid, sample_id: 1.0 },
        { sha256: valid.sha256 },
        null,
        [],
        "sample",
      ],
      page: [
        { data: [], pagination: { limit: 1, offset: 0, total: 0, next_offset: null } },
        { data: [valid, { ...valid, notes: null }], pagination: { limit: 2, offset: 0, total: 5, next_offset: 2 } },
        { data: [{ ...valid, sample_id: 0 }], pagination: { limit: 1, offset: 0, total: 0 } },
        { data: [], pagination: { limit: 0, offset: 0, total: 0 } },
        { data: [], pagination: { limit: 1, offset: 0, total: 0, next_offset: -1 } },
        { data: {}, pagination: { limit: 1, offset: 0, total: 0 } },
        { data: [] },
        { pagination: { limit: 1, offset: 0, total: 0 } },
      ],
      error: [
        { code: "not_found", message: "m", details: {} },
        { code: "rate_limited", message: "m", details: { retry_after: 30 } },
        { code: "NotFound", message: "m", details: {} },
        { code: "not_found", message: "m", details: null },
        { code: "not_found", message: "m" },
        { code: "a".repeat(100), message: "x".repeat(500), details: {} },
        { code: "a".repeat(101), message: "m", details: {} },
      ],
      query: [{}, { limit: 1 }, { limit: 100 }, { limit: 0 }, { limit: 101 }, { offset: 0 }, { offset: -1 }, { status: "inactive" }, { extension: "mp4" }, { extension: "m.p4" }, { colour: "red" }],
      path: [{ sample_id: 1 }, { sample_id: 0 }, { sample_id: 0.5 }, { sample_id: "1" }, {}, { sample_id: 1, extra: 1 }],
    };
    const corpus = (name: string, arbitrary: fc.Arbitrary<unknown>) => [...edges[name], ...fc.sample(arbitrary, { seed: SEED, numRuns: RUNS })];
    const corpora: Record<string, unknown[]> = {
      sample: corpus("sample", sample),
      page: corpus("page", page),
      error: corpus("error", error),
      query: corpus("query", query),
      path: corpus("path", pathParameters),
    };

    /** The values on which two validators disagree (none, when they are the same rule), after checking the corpus has both verdicts. */
    const disagreements = (values: unknown[], ours: Validate, theirs: Validate) => {
      const verdicts = values.map((value) => theirs(value));
      expect(verdicts.filter(Boolean).length).toBeGreaterThanOrEqual(40);
      expect(verdicts.filter((v) => !v).length).toBeGreaterThanOrEqual(40);
      return values.filter((value, i) => ours(value) !== verdicts[i]);
    };

    it.each([
      ["Sample (getSample 200)", "sample", () => responses.getSample["200"], () => responseValidators.getSample["200"]],
      ["the list page (listSamples 200, allOf)", "page", () => responses.listSamples["200"], () => responseValidators.listSamples["200"]],
      ["Error (listSamples 400)", "error", () => responses.listSamples["400"], () => responseValidators.listSamples["400"]],
      ["Error, inline in TooManyRequests (getSample 429)", "error", () => responses.getSample["429"], () => responseValidators.getSample["429"]],
      ["Error, the request side's", "error", () => requests.errorBodyValidators.getSample["429"], () => errorBodyValidators.getSample["429"]],
      ["listSamples query parameters", "query", () => requests.parameterValidators.listSamples.query, () => parameterValidators.listSamples.query],
      ["getSample path parameters", "path", () => requests.parameterValidators.getSample.path, () => parameterValidators.getSample.path],
    ] as const)("%s", (_label, corpusName, ours, theirs) => {
      expect(disagreements(corpora[corpusName], ours(), theirs() as Validate)).toEqual([]);
    });

    it("has a validator for every operation and status the 3.1 spec has, each agreeing on every corpus", () => {
      expect(Object.keys(responses)).toEqual(Object.keys(responseValidators));
      const values = [...corpora.sample, ...corpora.page, ...corpora.error];
      for (const [operationId, byStatus] of Object.entries(responseValidators)) {
        expect(Object.keys(responses[operationId])).toEqual(Object.keys(byStatus));
        for (const [status, theirs] of Object.entries(byStatus)) {
          expect([operationId, status, disagreements(values, responses[operationId][status], theirs as Validate)]).toEqual([operationId, status, []]);
        }
      }
    });

    it("agrees with ajv compiling the fixture's JSON Schema document at run time (as the contract suite does)", () => {
      const ajv = createAjv();
      ajv.addSchema(jsonSchema);
      const runtime = (name: string) => ajv.getSchema(`${JSON_SCHEMA_ID}#/$defs/${name}`) as Validate;
      expect(disagreements(corpora.sample, runtime("Sample"), responses.getSample["200"])).toEqual([]);
      expect(disagreements(corpora.page, runtime("listSamples_200"), responses.listSamples["200"])).toEqual([]);
      expect(disagreements(corpora.query, runtime("listSamples_query"), requests.parameterValidators.listSamples.query)).toEqual([]);
    });
  });

  it("gives types from openapi-typescript that a consumer type-checks against", async () => {
    expect(files.get("schema.d.ts")).toContain("notes?: string | null;");
    // openapi-typescript types `items` only beside `type: array`: the fixture's untyped allOf member gives a page
    // whose items are `unknown` (the platform's document writes `type: array` there, and gets `Sample[]`).
    const consumer = path.join(dir, "consumer.ts");
    const lines = [
      'import type { components, operations } from "./schema";',
      'type Sample = components["schemas"]["Sample"];',
      'type Page = operations["listSamples"]["responses"][200]["content"]["application/json"];',
      'type Query = NonNullable<operations["listSamples"]["parameters"]["query"]>;',
      'const sample: Sample = { sample_id: 1, sha256: "a", notes: null };',
      "// @ts-expect-error notes is a string or null (nullable)",
      'const badNotes: Sample = { sample_id: 1, sha256: "a", notes: 1 };',
      "// @ts-expect-error sha256 is required",
      "const noSha: Sample = { sample_id: 1 };",
      "const page: Page = { data: [sample], pagination: { limit: 1, offset: 0, total: 1, next_offset: null } };",
      "// @ts-expect-error a page has its pagination (from Page, through allOf)",
      "const noPagination: Page = { data: [] };",
      'const query: Query = { status: "inactive", limit: 5 };',
      "// @ts-expect-error status is an enum",
      'const badStatus: Query = { status: "quarantined" };',
      'const tooMany: operations["getSample"]["responses"][429]["content"]["application/json"] = { code: "x", message: "m", details: {} };',
      "export const all = [sample, badNotes, noSha, page, noPagination, query, badStatus, tooMany];",
    ];
    await writeFile(consumer, `${lines.join("\n")}\n`);
    const program = ts.createProgram([consumer], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      lib: ["lib.es2022.d.ts"],
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(problems).toEqual([]);
  });
});
