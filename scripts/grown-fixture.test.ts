// The grown fixture (#18's proof): spec/fixtures/grown/openapi.yaml is a clean spec, and its server
// (spec/fixtures/grown/server.ts) conforms to it. Every body the server gives in these walks, details, filters and bad
// inputs is validated against the grown spec's own response schema for its status, so the client and contract tests
// that run against this server can trust it as the reference implementation.
import type Ajv2020 from "ajv/dist/2020";
import { buildJsonSchemaDocument, createAjv, JSON_SCHEMA_ID, listOperations, readSpec, type Operation } from "../spec/model";
import { GROWN_SPEC_PATH, GROWN_TOKEN, makeGrownData, startGrownServer } from "../spec/fixtures/grown/server";
import { checkSpecExamples } from "./spec-examples";

type Body = Record<string, any>;
interface Reply {
  status: number;
  body: Body;
}

let spec: Record<string, any>;
let operations: Map<string, Operation>;
let ajv: Ajv2020;
let server: Awaited<ReturnType<typeof startGrownServer>>;
/** "<operationId> <status>" of every reply validated, to show at the end that each declared status was exercised */
const seen = new Set<string>();

beforeAll(async () => {
  spec = await readSpec(GROWN_SPEC_PATH);
  operations = new Map(listOperations(spec).map((op) => [op.operationId, op]));
  ajv = createAjv();
  ajv.addSchema(buildJsonSchemaDocument(spec));
  server = await startGrownServer();
});
afterAll(() => server?.close());

/**
 * One request, answered as the spec says: a declared status, a JSON content type, and a body valid against that
 * status's schema. `pathParams` values are sent as given (strings too, to send malformed ids).
 */
async function call(operationId: string, pathParams: Record<string, unknown> = {}, query: [string, string | number][] | Record<string, string | number> = {}, token: string | null = GROWN_TOKEN): Promise<Reply> {
  const op = operations.get(operationId)!;
  const target = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(pathParams[name])));
  const search = new URLSearchParams((Array.isArray(query) ? query : Object.entries(query)).map(([k, v]) => [k, String(v)]));
  const url = `${server.baseUrl}${target}${search.size ? `?${search}` : ""}`;
  const res = await fetch(url, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  const status = res.status;
  const body = (await res.json()) as Body;
  const where = `${operationId} ${url.slice(server.baseUrl.length)} -> ${status}`;
  expect([where, res.headers.get("content-type")]).toEqual([where, "application/json"]);
  expect([where, Object.keys(op.responseSchemas)]).toEqual([where, expect.arrayContaining([String(status)])]);
  const validate = ajv.getSchema(`${JSON_SCHEMA_ID}#/$defs/${op.responseSchemas[String(status)]}`)!;
  if (!validate(body)) throw new Error(`${where}: body breaks its schema: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`);
  seen.add(`${operationId} ${status}`);
  return { status, body };
}

/** Every page of a list, following next_offset; checks that each page says where it sits and that pages add up. */
async function walk(operationId: string, pathParams: Record<string, unknown>, query: Record<string, string | number>, limit: number): Promise<Body[]> {
  const items: Body[] = [];
  let offset: number | null = 0;
  let total: number | undefined;
  while (offset !== null) {
    const { status, body } = await call(operationId, pathParams, { ...query, limit, offset });
    expect(status).toBe(200);
    const p = body.pagination;
    total ??= p.total as number;
    expect([p.limit, p.offset, p.total]).toEqual([limit, offset, total]);
    expect(body.data.length).toBeLessThanOrEqual(limit);
    items.push(...body.data);
    expect(p.next_offset).toBe(items.length < total ? offset + body.data.length : null);
    offset = p.next_offset;
  }
  expect(items.length).toBe(total);
  return items;
}

const ids = (items: Body[], key: string) => items.map((i) => i[key] as number);

describe("spec/fixtures/grown/openapi.yaml", () => {
  it("holds the published operations and the four new ones, with valid examples everywhere", () => {
    expect([...operations.keys()]).toEqual(["listSamples", "getSample", "getSampleHistory", "listTags", "getTag", "getRun"]);
    const result = checkSpecExamples(spec);
    expect(result).toMatchObject({ responsesWithoutExamples: [], schemasWithoutExamples: [], problems: [] });
    // tag_id is not a property of Tag (its `id` is), so the list -> detail relation is declared, not inferred.
    expect(spec.paths["/tags"].get.responses["200"].links.getTagOfItem).toMatchObject({
      operationId: "getTag",
      parameters: { tag_id: "$response.body#/data/0/id" },
    });
  });
});

describe("grown fixture server", () => {
  it("makes the same data from the same seed, and tag counts agree with the samples' tags", () => {
    const data = makeGrownData(130, 18);
    expect(makeGrownData(130, 18)).toEqual(data);
    expect(makeGrownData(130, 19).samples).not.toEqual(data.samples);
    expect(data.tags).toHaveLength(60);
    for (const tag of data.tags) expect(tag.sample_count).toBe(data.samples.filter((s) => s.tags.includes(tag.name)).length);
    const lengths = [...data.history.values()].map((h) => h.length);
    expect(Math.min(...lengths)).toBe(0);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(7);
    expect(lengths.filter((n) => n > 0).length).toBeGreaterThan(lengths.length / 2);
  });

  it("walks listSamples at any page size to every sample once, each equal to its getSample", async () => {
    const all = await walk("listSamples", {}, {}, 100);
    expect(ids(all, "sample_id")).toEqual(Array.from({ length: 130 }, (_, i) => i + 1));
    expect(await walk("listSamples", {}, {}, 7)).toEqual(all);
    expect((await call("listSamples")).body.pagination).toMatchObject({ limit: 50, offset: 0, next_offset: 50 });
    for (const sample of all) expect(await call("getSample", { sample_id: sample.sample_id })).toEqual({ status: 200, body: sample });
  });

  it("walks listTags to every tag once, each equal to its getTag (the link's tag_id is the item's id)", async () => {
    const all = await walk("listTags", {}, {}, 100);
    expect(all).toHaveLength(60);
    expect(await walk("listTags", {}, {}, 13)).toEqual(all);
    expect(new Set(ids(all, "id")).size).toBe(60);
    for (const tag of all) {
      expect(await call("getTag", { tag_id: tag.id })).toEqual({ status: 200, body: tag });
      // sample_count is the size of the samples collection filtered by this tag
      expect((await call("listSamples", {}, { tag: tag.name, limit: 1 })).body.pagination.total).toBe(tag.sample_count);
    }
  });

  it("walks every sample's history, newest run first, and each run it names is a getRun", async () => {
    const runs = new Map<number, string>();
    let empty = 0;
    for (let sampleId = 1; sampleId <= 130; sampleId++) {
      const history = await walk("getSampleHistory", { sample_id: sampleId }, {}, 3);
      if (history.length === 0) empty++;
      expect(history.every((e) => e.sample_id === sampleId)).toBe(true);
      expect(ids(history, "run_id")).toEqual([...ids(history, "run_id")].sort((a, b) => b - a));
      for (const entry of history) runs.set(entry.run_id, entry.finished_at);
    }
    expect(empty).toBeGreaterThan(0);
    for (const [runId, finishedAt] of runs) {
      expect((await call("getRun", { run_id: runId })).body).toMatchObject({ run_id: runId, finished_at: finishedAt });
    }
  });

  it("filters as the spec says, and each filtered total is what a walk finds", async () => {
    const all = await walk("listSamples", {}, {}, 100);
    const active = await walk("listSamples", {}, { status: "active" }, 100);
    const inactive = await walk("listSamples", {}, { status: "inactive" }, 100);
    expect(active.length + inactive.length).toBe(130);
    expect(inactive.length).toBeGreaterThan(0);
    for (const s of inactive) expect((await call("getSampleHistory", { sample_id: s.sample_id })).body.pagination.total).toBe(0);

    const byName = await walk("listSamples", {}, { name: "bbc ONE" }, 100);
    expect(byName).toEqual(all.filter((s) => s.name.toLowerCase().includes("bbc one")));
    expect(byName.length).toBeGreaterThan(0);
    const upper = all.find((s) => /[A-F]/.test(s.sha256))!;
    const lower = all.find((s) => /[a-f]/.test(s.sha256))!;
    expect(await walk("listSamples", {}, { sha256: upper.sha256.toLowerCase() }, 10)).toEqual([upper]);
    expect(await walk("listSamples", {}, { sha256: lower.sha256.toUpperCase() }, 10)).toEqual([lower]);
    expect(await walk("listSamples", {}, { extension: "mkv" }, 100)).toEqual(all.filter((s) => s.extension === "mkv"));
    expect(await walk("listSamples", {}, { extension: "MKV" }, 100)).toEqual([]);
    const tagged = await walk("listSamples", {}, { tag: "dvb-HD", status: "active" }, 100);
    expect(tagged).toEqual(active.filter((s) => s.tags.includes("dvb-HD")));
    expect(await walk("listSamples", {}, { tag: "DVB-HD" }, 100)).toEqual([]);

    const tags = await walk("listTags", {}, {}, 100);
    const cea = await walk("listTags", {}, { name: "CEA" }, 4);
    expect(cea).toEqual(tags.filter((t) => t.name.toLowerCase().includes("cea")));
    expect(cea.length).toBeGreaterThan(4);

    const [busiest] = [...makeGrownData().history].reduce((best, entry) => (entry[1].length > best[1].length ? entry : best));
    const history = await walk("getSampleHistory", { sample_id: busiest }, {}, 100);
    for (const status of ["passed", "failed", "crashed"]) {
      expect(await walk("getSampleHistory", { sample_id: busiest }, { status }, 2)).toEqual(history.filter((e) => e.status === status));
    }
  });

  it("refuses a bad query parameter with 400 naming the field, and sends nothing else for it", async () => {
    const bad: [string, Record<string, unknown>, [string, string | number][], string][] = [
      ["listSamples", {}, [["limit", 0]], "limit"],
      ["listSamples", {}, [["limit", 101]], "limit"],
      ["listSamples", {}, [["limit", "ten"]], "limit"],
      ["listSamples", {}, [["limit", "1.5"]], "limit"],
      ["listSamples", {}, [["offset", -1]], "offset"],
      ["listSamples", {}, [["limit", 5], ["limit", 6]], "limit"],
      ["listSamples", {}, [["status", "quarantined"]], "status"],
      ["listSamples", {}, [["name", "x".repeat(101)]], "name"],
      ["listSamples", {}, [["sha256", "abc"]], "sha256"],
      ["listSamples", {}, [["extension", "t.s"]], "extension"],
      ["listSamples", {}, [["colour", "blue"]], "colour"],
      ["listTags", {}, [["limit", 1000]], "limit"],
      ["listTags", {}, [["name", "x".repeat(51)]], "name"],
      ["listTags", {}, [["tag", "dvb"]], "tag"],
      ["getSampleHistory", { sample_id: 1 }, [["status", "PASSED"]], "status"],
      ["getSampleHistory", { sample_id: 1 }, [["offset", "first"]], "offset"],
    ];
    for (const [operationId, pathParams, query, field] of bad) {
      const { status, body } = await call(operationId, pathParams, query);
      expect([operationId, query, status, body.code]).toEqual([operationId, query, 400, "validation_error"]);
      expect([operationId, query, Object.keys(body.details.fields)]).toEqual([operationId, query, [field]]);
    }
  });

  it("answers 404 for a missing or malformed id, and for the history of a missing sample", async () => {
    const tagIds = new Set(ids(await walk("listTags", {}, {}, 100), "id"));
    const gap = [...Array(200).keys()].find((id) => id > 0 && !tagIds.has(id))!;
    const missing: [string, Record<string, unknown>, string][] = [
      ["getSample", { sample_id: 131 }, "sample"],
      ["getSample", { sample_id: 0 }, "sample"],
      ["getSample", { sample_id: -3 }, "sample"],
      ["getSample", { sample_id: "abc" }, "sample"],
      ["getSample", { sample_id: "1.5" }, "sample"],
      ["getSampleHistory", { sample_id: 9317 }, "sample"],
      ["getSampleHistory", { sample_id: "x" }, "sample"],
      ["getTag", { tag_id: gap }, "tag"],
      ["getTag", { tag_id: "dvb" }, "tag"],
      ["getRun", { run_id: 100_000 }, "run"],
      ["getRun", { run_id: 0 }, "run"],
    ];
    for (const [operationId, pathParams, resource] of missing) {
      const { status, body } = await call(operationId, pathParams);
      expect([operationId, pathParams, status, body.code, body.details.resource]).toEqual([operationId, pathParams, 404, "not_found", resource]);
    }
  });

  it("answers 401 to every operation without the exact bearer token", async () => {
    const params = { sample_id: 1, tag_id: 1, run_id: 1 };
    for (const operationId of operations.keys()) {
      for (const token of [null, "wrong-token", `${GROWN_TOKEN}x`]) {
        const { status, body } = await call(operationId, params, {}, token);
        expect([operationId, token, status, body]).toEqual([operationId, token, 401, { code: "unauthorized", message: expect.any(String), details: {} }]);
      }
    }
    const res = await fetch(`${server.baseUrl}/samples`, { headers: { authorization: `bearer ${GROWN_TOKEN}` } });
    expect(res.status).toBe(401);
  });

  it("answered every status each operation declares, except 429 and default (it has no rate limit, and no failure)", () => {
    for (const op of operations.values()) {
      const declared = Object.keys(op.responseSchemas).filter((s) => s !== "429" && s !== "default");
      for (const status of declared) expect(seen).toContain(`${op.operationId} ${status}`);
    }
  });

  it("answers an unknown path or a non-GET method with an Error body, and records the requests it received", async () => {
    const other = await startGrownServer({ token: "t", samples: 3, seed: 1 });
    try {
      const auth = { authorization: "Bearer t" };
      const validateError = ajv.getSchema(`${JSON_SCHEMA_ID}#/$defs/Error`)!;
      const unknown = await fetch(`${other.baseUrl}/regression-tests`, { headers: auth });
      expect([unknown.status, validateError(await unknown.json())]).toEqual([404, true]);
      const post = await fetch(`${other.baseUrl}/samples`, { method: "POST", headers: auth });
      expect([post.status, validateError(await post.json())]).toEqual([405, true]);
      const list = (await (await fetch(`${other.baseUrl}/samples`, { headers: auth })).json()) as Body;
      expect(list.pagination).toEqual({ limit: 50, offset: 0, total: 3, next_offset: null });
      expect(other.requests).toEqual(["/api/v1/regression-tests", "/api/v1/samples", "/api/v1/samples"]);
    } finally {
      await other.close();
    }
  });
});
