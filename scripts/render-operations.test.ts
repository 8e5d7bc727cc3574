// The typed methods and public type names rendered from the table (generated/client-types.ts): names taken once,
// never over a global or a clash, and the methods' argument order.
import path from "node:path";
import { transformSync } from "esbuild";
import { buildJsonSchemaDocument, readSpec } from "../spec/model";
import { GROWN_SPEC_PATH } from "../spec/fixtures/grown/server";
import { buildOperationTable, specInfoOf } from "./operation-table";
import { renderClientTypes, renderOperationTable } from "./render-operations";

type JsonObject = Record<string, any>;
const render = (spec: JsonObject) => renderClientTypes(spec, buildOperationTable(spec, buildJsonSchemaDocument(spec)));

it("gives the grown spec's operations their methods, iterators and type names", async () => {
  const types = render(await readSpec(GROWN_SPEC_PATH));
  for (const line of [
    "export type Tag = components[\"schemas\"][\"Tag\"];",
    "export type TagId = operations[\"getTag\"][\"parameters\"][\"path\"][\"tag_id\"];",
    "export type ListTagsQuery = NonNullable<operations[\"listTags\"][\"parameters\"][\"query\"]>;",
    "  getTag(tagId: TagId, options?: RequestOptions): Promise<Tag>;",
    // The history's sample_id has the sample's schema, so it takes the same name.
    "  getSampleHistory(sampleId: SampleId, query?: GetSampleHistoryQuery, options?: RequestOptions): Promise<HistoryPage>;",
    "  iterateSampleHistory(sampleId: SampleId, query?: GetSampleHistoryQuery, options?: RequestOptions): AsyncGenerator<HistoryEntry, void, undefined>;",
    "  iterateTags(query?: ListTagsQuery, options?: RequestOptions): AsyncGenerator<Tag, void, undefined>;",
  ]) {
    expect(types).toContain(line);
  }
  // Error bodies are ErrorBody already, and a global's name is never shadowed.
  expect(types).not.toContain("export type Error ");
});

it("keeps a name for its first owner: a same-named path parameter with another schema, or a required query, is spelt out", () => {
  const error = { description: "e", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
  const ok = (ref: string) => ({ description: "ok", content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } } });
  const spec = {
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    paths: {
      "/a/{id}": { get: { operationId: "getA", parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }], responses: { "200": ok("Error"), default: error } } },
      "/b/{id}": {
        get: {
          operationId: "getB",
          parameters: [
            { name: "id", in: "path", required: true, schema: { type: "string" } },
            { name: "q", in: "query", required: true, schema: { type: "string" } },
          ],
          responses: { "200": ok("B"), default: error },
        },
      },
    },
    components: { schemas: { Error: { type: "object" }, B: { type: "object" } } },
  };
  const types = render(spec);
  expect(types).toContain("  getA(id: Id, options?: RequestOptions): Promise<operations[\"getA\"][\"responses\"][\"200\"][\"content\"][\"application/json\"]>;");
  expect(types).toContain("  getB(id: operations[\"getB\"][\"parameters\"][\"path\"][\"id\"], query: GetBQuery, options?: RequestOptions): Promise<B>;");
  expect(types).not.toContain("export type Error ");
});

describe("the table as a module (generated/operations.ts)", () => {
  /** The module's text run as CommonJS: it needs nothing at run time (its validators load apart, on first use). */
  function load(text: string): JsonObject {
    const { code } = transformSync(text, { loader: "ts", format: "cjs" });
    const module = { exports: {} as JsonObject };
    const refuse = (id: string) => {
      throw new Error(`the table require()d ${id}`);
    };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- runs the rendered module's text, as a bundler would
    new Function("module", "exports", "require", code)(module, module.exports, refuse);
    return module.exports;
  }

  it("holds the rows as built, a part several rows share written once, and the spec's title and server", async () => {
    const spec = await readSpec(path.resolve(__dirname, "../spec/fixtures/house-style/openapi.yaml"));
    const rows = buildOperationTable(spec, buildJsonSchemaDocument(spec));
    const text = renderOperationTable(rows, spec);
    const loaded = load(text);
    expect(Object.values(loaded.operationTable as Record<string, JsonObject>)).toEqual(JSON.parse(JSON.stringify(rows)));
    expect(loaded.specInfo).toEqual(specInfoOf(spec));
    // Shared parts exist in this spec (its problem responses), and each is written once.
    const parts = [...text.matchAll(/^const (part\d+) = /gm)].map((m) => m[1]);
    expect(parts.length).toBeGreaterThan(0);
    // Each named where used, by more than one row (its declaration aside).
    for (const part of parts) expect(text.match(new RegExp(`\\b${part}\\b`, "g"))!.length).toBeGreaterThan(2);
    const refs = [...text.matchAll(/"ref": "([^"]+)"/g)].map((m) => m[1]);
    const shared = rows.flatMap((row) => row.responses.filter((r) => r.ref !== undefined && rows.filter((o) => o.responses.includes(r)).length > 1).map((r) => r.ref));
    for (const name of new Set(shared)) expect(refs.filter((r) => r === name)).toHaveLength(1);
  });
});
