// A mock for every operation (#20 item 1): the package's mock serves whatever operation table it is given. Here the
// table of the grown fixture spec (spec/fixtures/grown: a second paged list whose detail is declared by `links`, a
// list nested under a sample with an enum filter, a by-id run no list holds), built in-process with the generator's
// own rules and validators compiled by ajv. No route of it is written in src/mock; every list is walked over MSW and
// over HTTP, every listed item's detail found, every body checked against the grown spec's schemas.
import { setupServer } from "msw/node";
import { grownMockSpec, mockSpecOf } from "../../spec/fixtures/grown/mock-spec";
import { createAjv, JSON_SCHEMA_ID, parseSpec } from "../../spec/model";
import { mockMatches } from "../shared/filters";
import type { GeneratedOperationRow, OffsetPageRow } from "../shared/operation-row";
import { valueAt } from "../shared/page";
import { typedQuery } from "../shared/query-text";
import { createMockHandlersFor } from "../mock/handlers";
import { startMockServerFor } from "../mock/server";
import { createValueGenerator } from "../mock/schema-data";
import { seededRandom } from "../mock/random";
import { generateRowsFor } from "../mock/rows";
import type { MockSpec } from "../mock/spec-facts";
import type { MockOptions } from "../mock/options";

const BASE = "https://grown.mock.test/api/v1";
const TOKEN = "grown-token";
type Body = Record<string, any>;
type Get = (path: string) => Promise<{ status: number; body: Body }>;

let spec: MockSpec;
let rows: GeneratedOperationRow[];
const row = (operationId: string) => rows.find((r) => r.operationId === operationId)!;

/** Whether a body is what the operation documents for the status; on failure, ajv's errors say why. */
function conforms(operationId: string, status: number, body: unknown): { status: number; errors: unknown } {
  const validator = spec.responses[operationId][String(status)] ?? spec.responses[operationId].default;
  return { status, errors: validator(body) ? null : validator.errors };
}

const pathOf = (template: string, values: Record<string, unknown>) => template.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(String(values[name])));

/** The values of an offset page the walk checks: its total, the offset and limit it echoes, and its next offset. */
function positionOf(page: OffsetPageRow, body: Body) {
  return {
    total: valueAt(body, page.total!) as number,
    offset: valueAt(body, page.echoes[page.offset]),
    limit: valueAt(body, page.echoes[page.limit!]),
    next: valueAt(body, page.next) as number | null,
  };
}

/** Every item of a list, page after page by its next offset; each page valid, and the pages add up to its total. */
async function walk(get: Get, list: GeneratedOperationRow, path: Record<string, unknown>, query = ""): Promise<Body[]> {
  const page = list.page as OffsetPageRow;
  expect(page.kind).toBe("offset");
  const items: Body[] = [];
  let offset: number | null = 0;
  let total: number | undefined;
  while (offset !== null) {
    const answer = await get(`${pathOf(list.path, path)}?${page.limit}=7&${page.offset}=${offset}${query}`);
    expect(conforms(list.operationId, answer.status, answer.body)).toEqual({ status: 200, errors: null });
    const position = positionOf(page, answer.body);
    total ??= position.total;
    expect({ total: position.total, offset: position.offset, limit: position.limit }).toEqual({ total, offset, limit: 7 });
    items.push(...answer.body[page.items]);
    expect(position.next).toBe(items.length < total ? items.length : null);
    offset = position.next;
  }
  expect(items).toHaveLength(total!);
  return items;
}

/** The values a detail's path parameters take for a listed item (from the item, or from the list's own path). */
function detailPath(list: GeneratedOperationRow, item: Body, path: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(list.detail!.parameters).map(([name, source]) => [name, source.from === "item" ? item[source.property] : path[source.parameter]]));
}

const topLists = () => rows.filter((r) => r.page && r.pathParameters.length === 0);
const nestedLists = () => rows.filter((r) => r.page && r.parent);
/** The list whose detail is the parent of a nested list: where the parents are. */
const parentList = (nested: GeneratedOperationRow) => rows.find((r) => r.detail?.operationId === nested.parent)!;

/** What the whole mock must show over any transport: every list walked, details equal to items, parents checked. */
async function exerciseEveryOperation(get: Get): Promise<{ lists: Record<string, Body[]>; runs: number[] }> {
  const lists: Record<string, Body[]> = {};
  for (const list of topLists()) {
    const items = (lists[list.operationId] = await walk(get, list, {}));
    expect(items.length).toBeGreaterThan(0);
    const ids = items.map((item) => JSON.stringify(detailPath(list, item, {})));
    expect(new Set(ids).size).toBe(items.length);
    for (const item of items) {
      const detail = await get(pathOf(row(list.detail!.operationId).path, detailPath(list, item, {})));
      expect(conforms(list.detail!.operationId, detail.status, detail.body)).toEqual({ status: 200, errors: null });
      expect(detail.body).toEqual(item);
    }
  }
  const runs = new Set<number>();
  for (const nested of nestedLists()) {
    const parents = lists[parentList(nested).operationId];
    const [parameter] = nested.pathParameters;
    const parentKey = Object.entries(parentList(nested).detail!.parameters).find(([name]) => name === parameter)![1];
    let seen = 0;
    for (const parent of parents.slice(0, 40)) {
      const value = parentKey.from === "item" ? parent[parentKey.property] : undefined;
      const entries = await walk(get, nested, { [parameter]: value });
      seen += entries.length;
      // Items name their parent where they carry its path parameter.
      for (const entry of entries) if (parameter in entry) expect(entry[parameter]).toBe(value);
      for (const entry of entries) if (typeof entry.run_id === "number") runs.add(entry.run_id);
      // The same parent gives the same items (data made per parent, from the seed).
      expect(await walk(get, nested, { [parameter]: value })).toEqual(entries);
    }
    expect(seen).toBeGreaterThan(0);
    const missing = await get(pathOf(nested.path, { [parameter]: 99_999 }));
    expect(conforms(nested.operationId, missing.status, missing.body)).toEqual({ status: 404, errors: null });
    expect(missing.body).toMatchObject({ code: "not_found", details: { id: 99_999 } });
  }
  return { lists, runs: [...runs] };
}

const server = setupServer();
beforeAll(async () => {
  spec = await grownMockSpec();
  rows = Object.values(spec.operations);
  // Requests to the HTTP mock (127.0.0.1) go out for real; any other unhandled one is an error.
  server.listen({ onUnhandledRequest: (request, print) => (new URL(request.url).hostname === "127.0.0.1" ? undefined : print.error()) });
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function overMsw(options: MockOptions = {}): Get {
  server.use(...createMockHandlersFor(spec, { baseUrl: BASE, ...options }));
  return async (path) => {
    const response = await fetch(`${BASE}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    return { status: response.status, body: (await response.json()) as Body };
  };
}

describe("the grown spec's table, as the mock reads it", () => {
  it("has what these tests walk: two top-level lists with details, a nested list with a parent, a by-id GET no list holds", () => {
    expect(topLists().map((r) => r.detail?.source)).toEqual(["inferred", "links"]);
    expect(nestedLists().map((r) => ({ parent: r.parent, filters: Object.keys(r.filters) }))).toEqual([{ parent: "getSample", filters: ["status"] }]);
    const detailed = new Set(rows.map((r) => r.detail?.operationId));
    expect(rows.filter((r) => !r.page && !detailed.has(r.operationId)).map((r) => r.pathParameters)).toEqual([["run_id"]]);
  });
});

describe("over MSW", () => {
  it("walks every list, finds each item's detail equal to it, answers a missing parent 404, and knows the runs history names", async () => {
    const get = overMsw();
    const { lists, runs } = await exerciseEveryOperation(get);
    // Each list is the data set generateRowsFor gives, exactly (150 rows by default).
    expect(lists.listSamples).toEqual(generateRowsFor(spec, "listSamples"));
    expect(lists.listTags).toEqual(generateRowsFor(spec, "listTags"));
    expect(lists.listTags).toHaveLength(150);
    // A run that history names is known (200, its id); one nobody names is not.
    expect(runs.length).toBeGreaterThan(0);
    for (const runId of runs) {
      const run = await get(`/runs/${runId}`);
      expect(conforms("getRun", run.status, run.body)).toEqual({ status: 200, errors: null });
      expect(run.body.run_id).toBe(runId);
    }
    const unknown = await get("/runs/99999");
    expect(conforms("getRun", unknown.status, unknown.body)).toEqual({ status: 404, errors: null });
    expect((await get("/tags/99999")).status).toBe(404);
  });

  it("applies every filter row as mockMatches reads it, on every list, and defaults when a parameter is omitted", async () => {
    const get = overMsw({ count: 60 });
    for (const list of [...topLists(), ...nestedLists()]) {
      const path = list.parent ? { [list.pathParameters[0]]: 2 } : {};
      const all = await walk(get, list, path);
      const defaults = await get(pathOf(list.path, path));
      const page = list.page as OffsetPageRow;
      const limit = list.queryParameters.find((p) => p.name === page.limit)!.default;
      expect(positionOf(page, defaults.body)).toMatchObject({ limit, offset: 0, total: all.length });
      for (const [name, filter] of Object.entries(list.filters)) {
        const values = new Set(all.flatMap((item) => [item[filter.property]].flat()).filter((v) => typeof v === "string"));
        expect({ name, values: values.size > 0 }).toEqual({ name, values: true });
        for (const value of [...values].slice(0, 5)) {
          const wanted = filter.freeText ? value.slice(0, 3).toUpperCase() : value;
          const filtered = await walk(get, list, path, `&${name}=${encodeURIComponent(wanted)}`);
          expect({ name, wanted, items: filtered }).toEqual({ name, wanted, items: all.filter((item) => mockMatches(item, filter, wanted)) });
        }
      }
    }
  });

  it("the nested list's enum filter splits each parent's items", async () => {
    const get = overMsw();
    const history = row("getSampleHistory");
    const statuses = ["passed", "failed", "crashed"];
    for (const sampleId of [1, 2, 3, 4, 5]) {
      const all = await walk(get, history, { sample_id: sampleId });
      const parts = await Promise.all(statuses.map((status) => walk(get, history, { sample_id: sampleId }, `&status=${status}`)));
      expect(parts.flat().length).toBe(all.length);
      parts.forEach((part, i) => expect(part.every((entry) => entry.status === statuses[i])).toBe(true));
    }
  });

  it("answers invalid input 400 naming the field where the operation documents a 400, else 404; unknown routes as before", async () => {
    const get = overMsw();
    for (const list of topLists()) {
      const answer = await get(`${list.path}?limit=0&bogus=1`);
      expect(conforms(list.operationId, answer.status, answer.body)).toEqual({ status: 400, errors: null });
      expect(answer.body.details.fields).toEqual({ limit: "must be >= 1", bogus: "is not a parameter of this operation" });
    }
    const history = await get("/samples/0/history?status=bogus");
    expect(history.status).toBe(400);
    expect(history.body.details.fields).toEqual({ sample_id: "must be >= 1", status: "must be equal to one of the allowed values" });
    for (const path of ["/tags/abc", "/runs/0", "/samples/abc"]) {
      const answer = await get(path);
      expect({ path, status: answer.status, code: answer.body.code }).toEqual({ path, status: 404, code: "not_found" });
    }
    expect((await get("/samples/1/nothing")).status).toBe(404);
    const post = await fetch(`${BASE}/tags/3`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}` } });
    expect({ status: post.status, allow: post.headers.get("allow") }).toEqual({ status: 405, allow: "GET" });
    const anonymous = await fetch(`${BASE}/tags`);
    expect(anonymous.status).toBe(401);
  });

  it("generates the same data for the same seed and other data for another", async () => {
    const tags = async (seed: number) => {
      server.resetHandlers();
      return walk(overMsw({ seed }), row("listTags"), {});
    };
    const first = await tags(4);
    expect(await tags(4)).toEqual(first);
    expect(await tags(5)).not.toEqual(first);
  });

  it("serves the caller's rows per operation, and names the bad field of a bad one", async () => {
    const mine = [
      { id: 3, name: "cea-608", sample_count: 41 },
      { id: 9, name: "teletext", sample_count: 2 },
    ];
    const runs = [{ run_id: 7, commit: "3f786850e387550fdab836ed7e6dc881de23001b", finished_at: "2024-05-02T09:41:07Z" }];
    const get = overMsw({ rows: { listTags: mine, getRun: runs } });
    expect(await walk(get, row("listTags"), {})).toEqual(mine);
    expect((await get("/tags/9")).body).toEqual(mine[1]);
    expect((await get("/tags/4")).status).toBe(404);
    expect((await get("/runs/7")).body).toEqual(runs[0]);
    expect((await get("/runs/8")).status).toBe(404);
    const make = (options: MockOptions) => () => createMockHandlersFor(spec, options);
    expect(make({ rows: { listTags: [{ ...mine[0], name: 7 }] } })).toThrow("`rows.listTags[0].name` must be string");
    expect(make({ rows: { listTags: [mine[0], { ...mine[1], id: 3 }] } })).toThrow("`rows.listTags[1].id` must be unique (3 is also rows.listTags[0]'s)");
    expect(make({ rows: { getTag: [] } })).toThrow(/`rows.getTag` is not a GET operation of the spec that holds rows \(known: listSamples, getSampleHistory, listTags, getRun\)/);
    expect(make({ rows: { getRun: [{ run_id: 1 }] } })).toThrow("`rows.getRun[0].commit` must have required property 'commit'");
    // The old names: `data` for `rows`, `samples` for the rows of the first list at the top.
    expect(make({ data: { listTags: [{ ...mine[0], name: 7 }] } })).toThrow("`data.listTags[0].name` must be string");
    expect(make({ samples: [], data: { listSamples: [] } })).toThrow("`data.listSamples` cannot be combined with `samples`");
  });

  it("reads query text by the row's types: integers and booleans typed, anything else text for the rules to refuse", () => {
    const parameters = [
      { name: "limit", required: false, type: "integer" },
      { name: "ratio", required: false, type: "number" },
      { name: "flag", required: false, type: "boolean" },
      { name: "name", required: false, type: "string" },
    ];
    const search = new URLSearchParams("limit=12&ratio=0.5&flag=true&name=42&limit2=3&flag=false");
    expect(typedQuery(search, parameters)).toEqual({ limit: 12, ratio: 0.5, flag: [true, false], name: "42", limit2: "3" });
    expect(typedQuery(new URLSearchParams("limit=ten&flag=yes"), parameters)).toEqual({ limit: "ten", flag: "yes" });
  });
});

describe("over HTTP (startMockServer's server, for the grown table)", () => {
  it("walks every list, finds each detail, and answers a missing parent 404", async () => {
    const mock = await startMockServerFor(spec, { port: 0, token: TOKEN, count: 30 });
    try {
      const get: Get = async (path) => {
        const response = await fetch(`${mock.baseUrl}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
        return { status: response.status, body: (await response.json()) as Body };
      };
      const { lists } = await exerciseEveryOperation(get);
      expect(lists.listSamples).toEqual(generateRowsFor(spec, "listSamples", 30));
    } finally {
      await mock.close();
    }
  }, 30_000);
});

// What the grown spec does not hold: a GET with neither path parameter nor page, text ids with a pattern, a boolean
// filter, a list with no detail whose query parameter no filter row reads.
const OTHER_SPEC = `
openapi: 3.1.0
info: { title: other, version: 1.0.0 }
paths:
  /status:
    get:
      operationId: getStatus
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Status' } } } }
  /things:
    get:
      operationId: listThings
      parameters:
        - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 100, default: 10 } }
        - { name: offset, in: query, schema: { type: integer, minimum: 0, default: 0 } }
        - { name: active, in: query, schema: { type: boolean } }
        - { name: colour, in: query, schema: { type: string, enum: [red, blue] } }
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/ThingList' } } } }
        '400': { description: bad, content: { application/json: { schema: { $ref: '#/components/schemas/Error' } } } }
  /things/{thing_id}:
    get:
      operationId: getThing
      parameters:
        - { name: thing_id, in: path, required: true, schema: { type: string, pattern: '^[a-z]{8}$' } }
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } } }
        '404': { description: none, content: { application/json: { schema: { $ref: '#/components/schemas/Error' } } } }
components:
  schemas:
    Status:
      type: object
      required: [ok, version, checked_at]
      properties: { ok: { type: boolean }, version: { type: string, pattern: '^v\\d+\\.\\d+$' }, checked_at: { type: string, format: date-time } }
    Thing:
      type: object
      required: [thing_id, active]
      properties:
        thing_id: { type: string, pattern: '^[a-z]{8}$' }
        active: { type: boolean }
        size: { type: number, minimum: 0, maximum: 10 }
        owner: { type: [string, 'null'], format: email }
    ThingList:
      type: object
      required: [data, pagination]
      properties:
        data: { type: array, items: { $ref: '#/components/schemas/Thing' } }
        pagination:
          type: object
          required: [limit, offset, total]
          properties: { limit: { type: integer }, offset: { type: integer }, total: { type: integer }, next_offset: { type: [integer, 'null'] } }
    Error:
      type: object
      required: [code, message, details]
      properties: { code: { type: string }, message: { type: string }, details: { type: object } }
`;

describe("another spec: a GET with neither path parameter nor page, text ids, a boolean filter", () => {
  it("answers each from its row alone", async () => {
    const other = mockSpecOf(parseSpec(OTHER_SPEC));
    server.use(...createMockHandlersFor(other, { baseUrl: BASE, count: 60 }));
    const get = async (path: string) => {
      const response = await fetch(`${BASE}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      return { status: response.status, body: (await response.json()) as Body };
    };
    const valid = (operationId: string, answer: { status: number; body: Body }) => {
      const validator = other.responses[operationId][String(answer.status)];
      return { status: answer.status, errors: validator(answer.body) ? null : validator.errors };
    };
    const status = await get("/status");
    expect(valid("getStatus", status)).toEqual({ status: 200, errors: null });
    expect((await get("/status")).body).toEqual(status.body);

    const page = await get("/things?limit=100");
    expect(valid("listThings", page)).toEqual({ status: 200, errors: null });
    const things: Body[] = page.body.data;
    expect(page.body.pagination).toEqual({ limit: 100, offset: 0, total: things.length, next_offset: null });
    expect(new Set(things.map((t) => t.thing_id)).size).toBe(things.length);
    for (const thing of things.slice(0, 10)) expect((await get(`/things/${thing.thing_id}`)).body).toEqual(thing);
    expect(valid("getThing", await get("/things/zzzzzzzz"))).toEqual({ status: 404, errors: null });
    expect((await get("/things/short")).status).toBe(404);

    const active = await get("/things?limit=100&active=true");
    expect(active.body.data).toEqual(things.filter((t) => t.active === true));
    // colour filters on no item property (the table says so in its notes): ignored, not guessed.
    expect((await get("/things?limit=100&colour=red")).body.data).toEqual(things);
    // This spec's Error has no example: the body is generated from its schema, its texts the mock's, naming the field.
    const refused = await get("/things?active=maybe");
    expect(valid("listThings", refused)).toEqual({ status: 400, errors: null });
    expect(refused.body.message).toBe("active must be boolean.");
  });
});

describe("the generator of values from JSON Schema", () => {
  const document = {
    $id: "urn:test:generator",
    $defs: {
      Base: { type: "object", required: ["id"], properties: { id: { type: "integer", minimum: 10, maximum: 20 } } },
      Everything: {
        allOf: [{ $ref: "urn:test:generator#/$defs/Base" }],
        type: "object",
        required: ["commit", "digest", "word", "code", "when", "day", "site", "mail", "key", "state", "fixed", "ratio", "flags", "note", "either"],
        properties: {
          commit: { type: "string", pattern: "^[a-f0-9]{40}$" },
          digest: { type: "string", pattern: "^[a-fA-F0-9]{64}$" },
          word: { type: "string", pattern: "^[a-zA-Z0-9]+$", maxLength: 10 },
          code: { type: "string", pattern: "^[a-z][a-z0-9]*(_[a-z0-9]+)*$" },
          when: { type: "string", format: "date-time" },
          day: { type: "string", format: "date" },
          site: { type: "string", format: "uri" },
          mail: { type: "string", format: "email" },
          key: { type: "string", format: "uuid" },
          state: { enum: ["on", "off"] },
          fixed: { const: 3 },
          ratio: { type: "number", exclusiveMinimum: 0, maximum: 1 },
          flags: { type: "array", minItems: 2, maxItems: 4, uniqueItems: true, items: { type: "boolean" } },
          note: { type: ["string", "null"], minLength: 3, maxLength: 5 },
          either: { anyOf: [{ type: "integer", multipleOf: 5, minimum: 1 }, { type: "string", maxLength: 2, minLength: 2 }] },
          extra: { type: "object", additionalProperties: false, properties: { nested: { type: "array", items: { $ref: "#/$defs/Base" } } } },
        },
        examples: [{ id: 11, word: "ts" }],
      },
    },
  };

  it("makes schema-valid values, the same ones for the same seed", () => {
    const ajv = createAjv();
    ajv.addSchema(document);
    const validate = ajv.getSchema("urn:test:generator#/$defs/Everything")!;
    const make = (seed: number) => {
      const value = createValueGenerator(document, seededRandom(seed));
      return Array.from({ length: 300 }, () => value({ $ref: "urn:test:generator#/$defs/Everything" }));
    };
    const values = make(1);
    for (const value of values) expect({ value, errors: validate(value) ? null : validate.errors }).toEqual({ value, errors: null });
    expect(make(1)).toEqual(values);
    expect(make(2)).not.toEqual(values);
    // Examples are used where the schema has them (the id 11; a patterned text like the word is always made up), and
    // nullable values are sometimes null.
    expect(values.some((v: any) => v.id === 11)).toBe(true);
    expect(values.some((v: any) => v.word === "ts")).toBe(false);
    expect(values.some((v: any) => v.note === null) && values.some((v: any) => typeof v.note === "string")).toBe(true);
  });

  it("makes valid items of every schema of the grown spec, over many seeds", () => {
    const ajv = createAjv();
    ajv.addSchema(spec.schemas);
    for (const name of ["Sample", "Tag", "HistoryEntry", "Run", "Pagination"]) {
      const validate = ajv.getSchema(`${JSON_SCHEMA_ID}#/$defs/${name}`)!;
      for (let seed = 0; seed < 50; seed++) {
        const value = createValueGenerator(spec.schemas, seededRandom(seed))({ $ref: `#/$defs/${name}` });
        expect({ name, value, errors: validate(value) ? null : validate.errors }).toEqual({ name, value, errors: null });
      }
    }
  });
});
