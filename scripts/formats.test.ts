// `format`s in the spec: the generated validators check the supported ones with inlined code (ajv-formats' full mode,
// so that they agree with createAjv, which the contract suite uses) and import nothing at run time; any other format,
// or keyword whose code would need a module, is one error naming the keyword and its JSON pointer in the spec.
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { INLINE_FORMATS, inlineFormatDefinitions } from "./inline-formats";
import { describeUncheckedFormat, renderValidators, uncheckedFormats, UnsupportedSchemaError } from "./render-generated";
import { buildJsonSchemaDocument, createAjv, JSON_SCHEMA_ID, parseSpec, type JsonObject } from "../spec/model";
import { loadGeneratedFiles, runtimeImports } from "./generated-module";

const SPEC_TEXT = readFileSync(path.resolve(__dirname, "../spec/openapi.yaml"), "utf8");

/** A copy of the spec, changed by `edit`, which must find what it replaces (a test of nothing otherwise). */
function specWith(edit: (text: string) => string): JsonObject {
  const text = edit(SPEC_TEXT);
  expect(text).not.toBe(SPEC_TEXT);
  return parseSpec(text);
}
const SAMPLE_NOTES = "        notes:\n          type: [string, 'null']";
const sampleProperty = (name: string, yaml: string) => (text: string) =>
  text.replace(SAMPLE_NOTES, `        ${name}:\n${yaml.replace(/^/gm, "          ")}\n${SAMPLE_NOTES}`);


// Values are for the format's own check: int32 and int64 sit on `type: number`, so that 1.5 fails on the format.
const CASES: Record<string, { type: string; valid: unknown[]; invalid: unknown[] }> = {
  "date-time": {
    type: "string",
    valid: ["2026-02-28T12:34:56Z", "2024-02-29T00:00:00.123+01:00", "2016-12-31T23:59:60Z", "2026-01-01t00:00:00z"],
    invalid: ["2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-02-28T24:00:00Z", "2026-02-28T12:00:60Z", "2026-02-28T12:34:56", "2026-02-28", "soon"],
  },
  date: {
    type: "string",
    valid: ["2024-02-29", "2000-02-29", "2026-12-31"],
    invalid: ["2025-02-29", "1900-02-29", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10", "26-01-01", "2026-01-01T00:00:00Z"],
  },
  time: {
    type: "string",
    valid: ["12:34:56Z", "23:59:60Z", "00:00:00.5+05:30", "15:59:60-08:00", "15:29:60.5-08:30"],
    invalid: ["12:34:56", "24:00:00Z", "12:60:00Z", "12:34:60Z", "12:34:56+24:00", "12:34Z"],
  },
  uri: {
    type: "string",
    valid: ["https://sampleplatform.ccextractor.org/api/v1/samples?limit=1#top", "urn:isbn:0451450523", "mailto:a@example.org"],
    invalid: ["sampleplatform.ccextractor.org/samples", "/api/v1/samples", "https://exa mple.org", "samples"],
  },
  email: {
    type: "string",
    valid: ["a.b+c@example.co.uk", "x@sampleplatform.ccextractor.org"],
    invalid: ["a@", "@example.org", "a b@example.org", "a@example", "a..b@example.org"],
  },
  uuid: {
    type: "string",
    valid: ["123e4567-e89b-12d3-a456-426614174000", "urn:uuid:123E4567-E89B-12D3-A456-426614174000"],
    invalid: ["123e4567e89b12d3a456426614174000", "123e4567-e89b-12d3-a456-42661417400g", "{123e4567-e89b-12d3-a456-426614174000}", ""],
  },
  int32: { type: "number", valid: [0, -2147483648, 2147483647], invalid: [2147483648, -2147483649, 1.5] },
  int64: { type: "number", valid: [0, -9007199254740991, 9007199254740991], invalid: [1.5, -0.25] },
};

/**
 * ajv with ajv-formats (the project's createAjv), one compiled `{ type: string, format }` per string format: ajv caches
 * a schema by its object, so `validate(schemaLiteral, value)` compiled it again for every value.
 */
function referenceValidators(): Record<string, (value: string) => boolean> {
  const reference = createAjv();
  const strings = Object.keys(INLINE_FORMATS).filter((f) => INLINE_FORMATS[f].type === "string");
  return Object.fromEntries(strings.map((format) => [format, reference.compile<string>({ type: "string", format })]));
}

const property = (format: string) => `f_${format.replace("-", "_")}`;
const sample = { sample_id: 1, sha256: "a".repeat(64) };

describe("formats in the spec", () => {
  it("covers every supported format in these tests", () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(INLINE_FORMATS).sort());
  });

  // One spec copy with a Sample property per format, and one query parameter with a format (request side).
  const spec = specWith((text) =>
    Object.entries(CASES)
      .reduce((t, [format, { type }]) => sampleProperty(property(format), `type: ${type}\nformat: ${format}`)(t), text)
      .replace("      parameters:\n        - name: limit", "      parameters:\n        - name: since\n          in: query\n          schema:\n            type: string\n            format: date\n        - name: limit"),
  );
  const files = renderValidators(spec);
  const responses = loadGeneratedFiles(files, "response-validators.ts").responseValidators;
  const requests = loadGeneratedFiles(files, "request-validators.ts").parameterValidators;
  const runtime = createAjv();
  runtime.addSchema(buildJsonSchemaDocument(spec));
  const runtimeSample = runtime.getSchema(`${JSON_SCHEMA_ID}#/$defs/Sample`)!;

  it.each(Object.entries(CASES))("%s: valid values pass, invalid ones fail on the format, as ajv with ajv-formats says", (format, { valid, invalid }) => {
    const validate = responses.getSample["200"];
    for (const value of valid) {
      const body = { ...sample, [property(format)]: value };
      expect([value, validate(body)]).toEqual([value, true]);
      expect([value, runtimeSample(body)]).toEqual([value, true]);
    }
    for (const value of invalid) {
      const body = { ...sample, [property(format)]: value };
      expect([value, validate(body)]).toEqual([value, false]);
      expect(validate.errors).toEqual([
        expect.objectContaining({ instancePath: `/${property(format)}`, keyword: "format", params: { format } }),
      ]);
      expect(runtimeSample(body)).toBe(false);
      expect(validate.errors).toEqual(runtimeSample.errors);
    }
  });

  it("checks a format on a query parameter too (request side)", () => {
    expect(requests.listSamples.query({ since: "2024-02-29" })).toBe(true);
    expect(requests.listSamples.query({ since: "2025-02-29" })).toBe(false);
    expect(requests.listSamples.query.errors.map((e: any) => `${e.instancePath} ${e.keyword}`)).toEqual(["/since format"]);
  });

  it("the validators' modules, with formats, import nothing at run time but each other", () => {
    const names = [...files.keys()].filter((name) => name.startsWith("validators/"));
    expect(names.some((name) => files.get(name)!.includes("function inlinedFormat_"))).toBe(true);
    for (const name of names) expect({ name, imports: runtimeImports(files.get(name)!) }).toEqual({ name, imports: [] });
  });

  it("inlines only the formats a module uses", () => {
    const onlyDate = renderValidators(specWith(sampleProperty("day", "type: string\nformat: date")));
    const source = [...onlyDate.values()].join("\n");
    expect(source).toContain("function inlinedFormat_date(");
    expect(source).not.toContain("inlinedFormat_uri");
    expect(onlyDate.get("validators/getSample.request.ts")).not.toContain("inlinedFormat");
  });

  it("inlines the same rules as ajv-formats' full mode, on random date, time and date-time shaped strings", () => {
    const ours = inlineFormatDefinitions() as Record<string, { validate: (s: string) => boolean }>;
    const theirs = referenceValidators();
    const check = (format: string) => (value: string) => {
      expect([format, value, ours[format].validate(value)]).toEqual([format, value, theirs[format](value)]);
    };
    const d = "[0-9]{4}-[01][0-9]-[0-3][0-9]";
    const t = "[0-2][0-9]:[0-6][0-9]:[0-6][0-9](\\.[0-9]{1,3})?([zZ]|[+-][0-2][0-9](:?[0-6][0-9])?)?";
    fc.assert(fc.property(fc.stringMatching(new RegExp(`^${d}$`)), check("date")), { numRuns: 1000 });
    fc.assert(fc.property(fc.stringMatching(new RegExp(`^${t}$`)), check("time")), { numRuns: 1000 });
    fc.assert(fc.property(fc.stringMatching(new RegExp(`^${d}[tT \t]${t}$`)), check("date-time")), { numRuns: 1000 });
  });

  it("inlines the same rules as ajv-formats' full mode, on any string, for every string format", () => {
    const ours = inlineFormatDefinitions() as Record<string, { validate: (s: string) => boolean }>;
    const theirs = referenceValidators();
    const strings = Object.keys(theirs);
    fc.assert(
      fc.property(fc.constantFrom(...strings), fc.string({ unit: "binary-ascii", maxLength: 40 }), (format, value) => {
        expect([format, value, ours[format].validate(value)]).toEqual([format, value, theirs[format](value)]);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("what the generated validators cannot check", () => {
  const messageOf = (spec: JsonObject): string => {
    try {
      renderValidators(spec);
    } catch (error) {
      expect(error).toBeInstanceOf(UnsupportedSchemaError);
      return (error as Error).message;
    }
    throw new Error("renderValidators accepted the spec");
  };

  it("keeps a format no validator checks as an annotation, named once with its JSON pointer and its count", () => {
    const spec = specWith(sampleProperty("created", "type: string\nformat: color"));
    expect(() => renderValidators(spec)).not.toThrow();
    expect(uncheckedFormats(spec).map(describeUncheckedFormat)).toEqual([
      'format "color" is not checked, only kept as an annotation: at #/components/schemas/Sample/properties/created/format',
    ]);
    // The value is not judged by the format (JSON Schema 2020-12 reads `format` as an annotation), but by the rest.
    const validate = createAjv().addSchema(buildJsonSchemaDocument(spec)).getSchema(`${JSON_SCHEMA_ID}#/$defs/Sample/properties/created`)!;
    expect([validate("not a colour"), validate(7)]).toEqual([true, false]);
  });

  it("names each unchecked format once, in document order, parameters at the place they are written; OpenAPI's hints silently", () => {
    const spec = specWith((text) =>
      sampleProperty("host", "type: string\nformat: hostname")(text)
        .replace("      schema:\n        type: integer\n        minimum: 1\n      example: 42", "      schema:\n        type: integer\n        format: duration\n        minimum: 1\n      example: 42")
        .replace("            maxLength: 100\n          example: BBC", "            maxLength: 100\n            format: password\n          example: BBC"),
    );
    // A $ref'd parameter is named where it is written (components/parameters), once however many operations use it.
    expect(uncheckedFormats(spec).map(describeUncheckedFormat)).toEqual([
      'format "hostname" is not checked, only kept as an annotation: at #/components/schemas/Sample/properties/host/format',
      'format "duration" is not checked, only kept as an annotation: at #/components/parameters/SampleId/schema/format',
    ]);
  });

  it("names a format comparison, which would need the format's compare function at run time", () => {
    const message = messageOf(specWith(sampleProperty("created", "type: string\nformat: date\nformatMinimum: '2000-01-01'")));
    expect(message.split("\n")[0]).toBe(
      'the generated validators cannot check keyword "formatMinimum" at #/components/schemas/Sample/properties/created/formatMinimum',
    );
  });

  it("checks uniqueItems and enum over objects with an inlined deep equality that agrees with ajv's, importing nothing", () => {
    const spec = specWith((text) =>
      text.replace("          maxItems: 50\n", "          maxItems: 50\n          uniqueItems: true\n").replace(
        "          items:\n            type: string\n            maxLength: 50\n",
        "          items:\n            type: [string, object, array]\n            maxLength: 50\n",
      ),
    );
    const files = renderValidators(spec);
    for (const [name, source] of files) expect({ name, imports: runtimeImports(source) }).toEqual({ name, imports: [] });
    const ours = (loadGeneratedFiles(files, "response-validators.ts").responseValidators as Record<string, Record<string, (v: unknown) => boolean>>).getSample["200"];
    const theirs = createAjv().addSchema(buildJsonSchemaDocument(spec)).getSchema(`${JSON_SCHEMA_ID}#/$defs/Sample`)!;
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: "small" }, fc.constantFrom(0, 1, "a", null, true), fc.array(tie("value"), { maxLength: 2 }), fc.dictionary(fc.constantFrom("a", "b"), tie("value"), { maxKeys: 2, noNullPrototype: true })),
    })).value;
    const tags = fc.array(fc.oneof(fc.constantFrom("a", "b"), fc.dictionary(fc.constantFrom("a", "b"), json, { maxKeys: 2, noNullPrototype: true }), fc.array(json, { maxLength: 2 })), { maxLength: 4 });
    fc.assert(
      fc.property(tags, (list) => {
        const sample = { sample_id: 1, sha256: "a".repeat(64), tags: list };
        expect([list, ours(sample)]).toEqual([list, theirs(sample)]);
      }),
      { numRuns: 500 },
    );
    const repeated = { sample_id: 1, sha256: "a".repeat(64), tags: [{ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }] };
    expect([ours(repeated), ours({ ...repeated, tags: [{ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] }] })]).toEqual([false, true]);
  });
});
