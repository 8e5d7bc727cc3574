// The generator splits ajv's standalone code into modules (scripts/validator-module.ts): one an entry (an operation's
// validators) and shared ones. Loaded, they must validate exactly as ajv's own compiled validators do; an entry must
// load only the code its validators reach; no statement may be written twice; and the modules must never import each
// other in a cycle. Checked on our spec, the fixtures, and schemas that make ajv share, wrap and recurse (a shared
// component, a recursive schema, two that call each other).
import path from "node:path";
import { Name } from "ajv";
import equal from "ajv/dist/runtime/equal";
import ucs2length from "ajv/dist/runtime/ucs2length";
import { buildJsonSchemaDocument, createAjv, JSON_SCHEMA_ID, listOperations, readSpec, type Json, type JsonObject } from "../spec/model";
import { FORMATS_OBJECT, inlineFormatDefinitions, inlineFormatsSource } from "./inline-formats";
import { loadGeneratedFiles } from "./generated-module";
import { splitModuleCode, type SplitCode } from "./validator-module";

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

/** Each operation's validators as an entry: its parameter objects and its response schemas, in document order. */
function entriesOf(spec: JsonObject): Map<string, Record<string, string>> {
  const entries = new Map<string, Record<string, string>>();
  const ref = (def: string) => `${JSON_SCHEMA_ID}#/$defs/${encodeURIComponent(def)}`;
  for (const op of listOperations(spec)) {
    const exports: Record<string, string> = {};
    for (const location of ["path", "query"] as const) if (op.parameters.some((p) => p.in === location)) exports[location] = ref(`${op.operationId}_${location}`);
    for (const [status, def] of Object.entries(op.responseSchemas)) exports[status] = ref(def);
    entries.set(op.operationId, exports);
  }
  return entries;
}

/** An ajv set up as the generator's (formats read from the inlined object), with the spec's document added. */
function generatorAjv(spec: JsonObject) {
  const ajv = createAjv({ source: true });
  ajv.opts.code.formats = new Name(FORMATS_OBJECT);
  for (const [name, definition] of Object.entries(inlineFormatDefinitions())) ajv.addFormat(name, definition);
  ajv.addSchema(buildJsonSchemaDocument(spec));
  return ajv;
}

const FORMAT_USE = new RegExp(`${FORMATS_OBJECT}(?:\\.(\\w+)|\\["([^"]+)"\\])`, "g");

// ajv's runtime helpers, which the generator inlines (render-generated.ts) and this test leaves to ajv.
const RUNTIME = { "ajv/dist/runtime/ucs2length": { default: ucs2length }, "ajv/dist/runtime/equal": { default: equal } };

/** An entry's export ("path", "200", "default") as an identifier. */
const exportName = (exported: string) => `v_${exported.replace(/\W/g, "_")}`;

/** The split code as module files (name.ts -> text), as the generator writes them, with no runtime helper needed. */
function filesOf({ modules, exports }: SplitCode): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, module] of modules) {
    const code = module.code.join("\n");
    const formats = [...new Set([...code.matchAll(FORMAT_USE)].map((m) => m[1] ?? m[2]))];
    files.set(
      `${name}.ts`,
      [
        ...[...module.imports].map(([from, names]) => `import { ${[...names].join(", ")} } from "./${from}";`),
        formats.length > 0 ? inlineFormatsSource(formats) : "",
        code,
        module.shared.size > 0 ? `export { ${[...module.shared].join(", ")} };` : "",
        ...Object.entries(exports.get(name) ?? {}).map(([exported, local]) => `export const ${exportName(exported)} = ${local};`),
      ].join("\n"),
    );
  }
  return files;
}

/** The modules an entry loads: itself and every module it imports, transitively. */
function loadedBy(split: SplitCode, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const from of split.modules.get(name)!.imports.keys()) visit(from);
  };
  visit(entry);
  return [...seen];
}

const SPECS: [string, () => Promise<JsonObject>][] = [
  ["spec/openapi.yaml", () => readSpec(path.join(ROOT, "spec/openapi.yaml"))],
  ["spec/fixtures/grown/openapi.yaml", () => readSpec(path.join(ROOT, "spec/fixtures/grown/openapi.yaml"))],
  ["spec/fixtures/openapi-3.0.yaml", () => readSpec(path.join(ROOT, "spec/fixtures/openapi-3.0.yaml"))],
  ["shared, recursive and mutually recursive schemas", () => Promise.resolve(SHARING)],
];

describe.each(SPECS)("%s, split an operation a module", (_label, read) => {
  let spec: JsonObject;
  /** The ajv split here: its compiled validators are the ones the modules' code must match (splitting only reads it). */
  let ajv: ReturnType<typeof generatorAjv>;
  let split: SplitCode;
  beforeAll(async () => {
    spec = await read();
    ajv = generatorAjv(spec);
    split = splitModuleCode(ajv, entriesOf(spec), (n) => `shared.${n}`);
  });

  it("writes each statement once, in one module", () => {
    const declared = [...split.modules.values()].flatMap((m) => m.code.join("\n").match(/^(?:const (?:schema|pattern|func|wrapper|root|formats)\d+ =|function validate\d+\()/gm) ?? []);
    expect(declared.length).toBeGreaterThan(0);
    expect(new Set(declared).size).toBe(declared.length);
  });

  it("loads, for an entry, exactly the code its validators reach: its module and the shared modules of its own", () => {
    for (const entry of entriesOf(spec).keys()) {
      for (const module of loadedBy(split, entry).filter((m) => m !== entry)) {
        expect({ entry, module, shared: module.startsWith("shared.") }).toEqual({ entry, module, shared: true });
      }
    }
  });

  it("never imports in a cycle: a module imports only modules loaded by at least the same entries", () => {
    const loaders = new Map<string, Set<string>>();
    for (const entry of entriesOf(spec).keys()) for (const module of loadedBy(split, entry)) loaders.set(module, (loaders.get(module) ?? new Set()).add(entry));
    for (const [name, module] of split.modules) {
      for (const from of module.imports.keys()) {
        expect([...loaders.get(name)!].every((entry) => loaders.get(from)!.has(entry))).toBe(true);
        expect(loadedBy(split, from)).not.toContain(name);
      }
    }
  });

  it("validates as ajv's own compiled validators do", () => {
    const files = filesOf(split);
    const samples: Json[] = [{}, { id: 1 }, { id: 0 }, { code: "bad" }, { code: 1 }, { name: "abcd" }, { name: "ab", children: [{ name: "a" }, { name: 5 }] }, [], "x", 3, null];
    samples.push({ b: { a: { n: 1, b: { s: "2024-01-01" } } } }, { b: { a: { x: 1 } } }, { b: { s: "not a date" } }, [{ id: 1, tags: ["a", "a"] }], [{ id: 1, tags: ["a", "b"] }]);
    samples.push({ sample_id: 1, sha256: "a".repeat(64) }, { sample_id: 1, sha256: "x" }, { item_id: 1, q: "abc" }, { item_id: 1, q: "ABCDEFG" });
    for (const [entry, refs] of entriesOf(spec)) {
      const loaded = loadGeneratedFiles(files, `${entry}.ts`, RUNTIME);
      for (const [exported, ref] of Object.entries(refs)) {
        const ours = loaded[exportName(exported)] as (data: unknown) => boolean;
        const theirs = ajv.getSchema(ref)!;
        for (const sample of samples) expect({ entry, exported, sample, valid: ours(sample) }).toEqual({ entry, exported, sample, valid: theirs(sample) });
      }
    }
  });
});

it("covers what ajv shares: validators calling others, a wrapper for a schema still compiling, a shared module", () => {
  const split = splitModuleCode(generatorAjv(SHARING), entriesOf(SHARING), (n) => `shared.${n}`);
  const code = [...split.modules.values()].map((m) => m.code.join("\n")).join("\n");
  expect(code).toMatch(/^const wrapper\d+ = \{validate: validate\d+\};$/m);
  // Error is every operation's: one shared module holds it; Node is getTree's and getItem's (Item has an owner).
  expect([...split.modules.keys()].filter((m) => m.startsWith("shared.")).length).toBeGreaterThan(1);
  // Item's uniqueItems and B's date are getPair's (and Item getItem's): getTree's modules hold neither.
  const loadedCode = (entry: string) => loadedBy(split, entry).map((m) => split.modules.get(m)!.code.join("\n")).join("\n");
  expect(loadedCode("getPair")).toMatch(/duplicate items/);
  expect(loadedCode("getPair")).toMatch(/format/);
  expect(loadedCode("getTree")).not.toMatch(/duplicate items|format/);
});

it("refuses an ajv that does not keep its validators' source", () => {
  expect(() => splitModuleCode(createAjv(), new Map(), String)).toThrow(/code: \{ source: true, esm: true, lines: true \}/);
});
