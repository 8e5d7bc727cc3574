// The mock serves any spec, not just ours: here spec/fixtures/house-style (a lending library written unlike
// spec/openapi.yaml: cursor pages under `meta.next_cursor`, page-number pages with `page`/`per_page`/`page_count`/
// `next_page`, RFC 9457 `Problem` bodies as application/problem+json, dotted and dashed operationIds, `security: []`,
// a bearer-or-API-key requirement, text and binary bodies, POST and DELETE). Its table and validators are the very
// files `npm run generate` would write for it (renderGenerated, in memory), loaded as they ship. Nothing of it is
// written in src/mock. Then link pages (a `Link` header, a `next` URL in the body), from a small inline spec.
import path from "node:path";
import { setupServer } from "msw/node";
import { generatedMockSpec, mockSpecOf } from "../../spec/fixtures/grown/mock-spec";
import { parseSpec } from "../../spec/model";
import { mockMatches } from "../shared/filters";
import type { CursorPageRow, GeneratedOperationRow, PageNumberPageRow } from "../shared/operation-row";
import { valueAt } from "../shared/page";
import { createMockHandlersFor } from "../mock/handlers";
import { generateRowsFor } from "../mock/rows";
import { startMockServerFor, type MockServerOptions } from "../mock/server";
import type { MockSpec } from "../mock/spec-facts";
import { describeUnserved, startMockCommand } from "../../scripts/mock";

const HOUSE_STYLE = path.join(__dirname, "../../spec/fixtures/house-style/openapi.yaml");
const BASE = "https://eu.library.test/api/v2";
const TOKEN = "house-token";
type Body = Record<string, any>;
interface Answer {
  status: number;
  type: string | null;
  body: any;
}
type Get = (path: string, headers?: Record<string, string>) => Promise<Answer>;

let spec: MockSpec;
const row = (operationId: string): GeneratedOperationRow => spec.operations[operationId];

const server = setupServer();
beforeAll(async () => {
  spec = await generatedMockSpec(HOUSE_STYLE);
  server.listen({ onUnhandledRequest: (request, print) => (new URL(request.url).hostname === "127.0.0.1" ? undefined : print.error()) });
}, 60_000);
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const getter =
  (base: string): Get =>
  async (path, headers = { authorization: `Bearer ${TOKEN}` }) => {
    const response = await fetch(`${base}${path}`, { headers });
    const text = await response.text();
    const type = response.headers.get("content-type");
    return { status: response.status, type, body: type?.includes("json") ? JSON.parse(text) : text };
  };

function overMsw(options: MockServerOptions = {}): Get {
  server.use(...createMockHandlersFor(spec, { baseUrl: BASE, ...options }));
  return getter(BASE);
}

/**
 * Whether a body is what the operation documents for the status, else its default, else its other error bodies (a
 * status it does not document); on failure, ajv's errors say why.
 */
function conforms(operationId: string, answer: Answer): { status: number; errors: unknown } {
  const documented = spec.responses[operationId];
  const validator = documented[String(answer.status)] ?? documented.default ?? Object.entries(documented).find(([status]) => /^[45]/.test(status))![1];
  return { status: answer.status, errors: validator(answer.body) ? null : validator.errors };
}

const pathOf = (template: string, values: Record<string, unknown>) => template.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(String(values[name])));
const search = (query: Record<string, string | number | undefined>) =>
  Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join("&");

/** Every item of a cursor list: each page valid, its size echoed, its next cursor the same when asked again. */
async function walkCursor(get: Get, list: GeneratedOperationRow, extra = ""): Promise<Body[]> {
  const page = list.page as CursorPageRow;
  const items: Body[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const asked = `${list.path}?${search({ [page.limit!]: 7, [page.cursor]: cursor })}${extra}`;
    const answer = await get(asked);
    expect(conforms(list.operationId, answer)).toEqual({ status: 200, errors: null });
    expect(valueAt(answer.body, page.echoes[page.limit!])).toBe(7);
    items.push(...answer.body[page.items]);
    const next = valueAt(answer.body, page.next) as string | null;
    // Opaque but stable: the same page names the same next cursor.
    expect(valueAt((await get(asked)).body, page.next)).toBe(next);
    if (next === null) return items;
    expect(answer.body[page.items]).toHaveLength(7);
    cursor = next;
  }
  throw new Error("the cursor walk did not end");
}

/** Every item of a page-number list: each page valid, numbered from `first`, its next page and page count agreeing. */
async function walkPages(get: Get, list: GeneratedOperationRow, extra = ""): Promise<Body[]> {
  const page = list.page as PageNumberPageRow;
  const items: Body[] = [];
  let number: number | null = page.first;
  let count: number | undefined;
  while (number !== null) {
    const answer = await get(`${list.path}?${search({ [page.limit!]: 4, [page.page]: number })}${extra}`);
    expect(conforms(list.operationId, answer)).toEqual({ status: 200, errors: null });
    expect({ page: valueAt(answer.body, page.echoes[page.page]), size: valueAt(answer.body, page.echoes[page.limit!]) }).toEqual({ page: number, size: 4 });
    count ??= valueAt(answer.body, page.pageCount!) as number;
    items.push(...answer.body[page.items]);
    const next = valueAt(answer.body, page.next!) as number | null;
    expect(next).toBe(number < count ? number + 1 : null);
    number = next;
  }
  expect(Math.ceil(items.length / 4)).toBe(count);
  return items;
}

const walk = (get: Get, list: GeneratedOperationRow, extra = "") => (list.page!.kind === "cursor" ? walkCursor(get, list, extra) : walkPages(get, list, extra));
const lists = (): GeneratedOperationRow[] => Object.values(spec.operations).filter((r) => r.page);

describe("the house-style spec, as the mock reads its generated table", () => {
  it("has a cursor list and a page-number list, each with a detail, and lists what the mock cannot serve", () => {
    expect(lists().map((r) => [r.operationId, r.page!.kind, r.detail?.operationId])).toEqual([
      ["books.search", "cursor", "books.fetch"],
      ["shelves.list-entries", "page", "shelves.fetch"],
    ]);
    expect(createMockHandlersFor(spec, { baseUrl: BASE }).length).toBeGreaterThan(0);
  });
});

describe("over MSW", () => {
  it("walks every list to its end: every generated row once, in order; each item equal to its detail", async () => {
    const get = overMsw({ count: 45 });
    for (const list of lists()) {
      const items = await walk(get, list);
      expect({ list: list.operationId, items }).toEqual({ list: list.operationId, items: generateRowsFor(spec, list.operationId, 45) });
      const detail = row(list.detail!.operationId);
      const ids = items.map((item) => JSON.stringify(Object.values(list.detail!.parameters).map((source) => (source.from === "item" ? item[source.property] : undefined))));
      expect(new Set(ids).size).toBe(45);
      for (const item of items) {
        const values = Object.fromEntries(Object.entries(list.detail!.parameters).map(([name, source]) => [name, source.from === "item" ? item[source.property] : undefined]));
        const answer = await get(pathOf(detail.path, values));
        expect(conforms(detail.operationId, answer)).toEqual({ status: 200, errors: null });
        expect(answer.body).toEqual(item);
      }
    }
  });

  it("applies the filters, an array parameter matching any of its values, and the page size's default", async () => {
    const get = overMsw({ count: 60 });
    for (const list of lists()) {
      const all = await walk(get, list);
      const first = await get(list.path);
      const size = list.queryParameters.find((p) => p.name === list.page!.limit)!.default as number;
      expect(first.body[list.page!.items]).toEqual(all.slice(0, size));
      for (const [name, filter] of Object.entries(list.filters)) {
        const values = [...new Set(all.flatMap((item) => [item[filter.property]].flat()).filter((v) => v !== null && v !== undefined))].slice(0, 3);
        expect({ name, values: values.length > 0 }).toEqual({ name, values: true });
        for (const value of values) {
          const filtered = await walk(get, list, `&${name}=${encodeURIComponent(String(value))}`);
          expect({ name, value, filtered }).toEqual({ name, value, filtered: all.filter((item) => mockMatches(item, filter, String(value))) });
        }
      }
    }
    const books = await walk(get, row("books.search"));
    const either = await walk(get, row("books.search"), "&genres=poetry&genres=history");
    expect(either).toEqual(books.filter((book) => book.genres.includes("poetry") || book.genres.includes("history")));
    expect(either.length).toBeGreaterThan(0);
  });

  it("answers a bad query value 400 with an application/problem+json Problem naming the field", async () => {
    const get = overMsw();
    for (const [list, asked, field, rule] of [
      ["books.search", "/books?page_size=0", "page_size", "must be >= 1"],
      ["books.search", "/books?rating=9", "rating", "must be equal to one of the allowed values"],
      ["shelves.list-entries", "/shelves?per_page=many", "per_page", "must be integer"],
      ["shelves.list-entries", "/shelves?ids=1,x", "ids/1", "must be integer"],
    ]) {
      const answer = await get(asked);
      expect({ asked, type: answer.type, conforms: conforms(list, answer) }).toEqual({ asked, type: "application/problem+json", conforms: { status: 400, errors: null } });
      expect(answer.body).toMatchObject({ status: 400, title: "Invalid request", instance: `/api/v2${asked}`, "invalid-params": [{ name: field, reason: rule }] });
      expect(answer.body.detail).toBe(`${field} ${rule}.`);
    }
    const both = await get("/books?page_size=500&shelf=3");
    expect(both.body["invalid-params"]).toEqual([
      { name: "shelf", reason: "is not a parameter of this operation" },
      { name: "page_size", reason: "must be <= 100" },
    ]);
  });

  it("answers a cursor it did not issue 400, and keeps issuing the same cursor for the same page", async () => {
    const get = overMsw({ count: 30 });
    const first = await get("/books?page_size=10");
    const next = valueAt(first.body, ["meta", "next_cursor"]) as string;
    expect(next).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(valueAt((await get("/books?page_size=10")).body, ["meta", "next_cursor"])).toBe(next);
    for (const cursor of ["abc", `${next}x`, "b64-eyJpc2JuIjoiOTc4MDE0MDQ0OTEzNiJ9"]) {
      const answer = await get(`/books?cursor=${encodeURIComponent(cursor)}`);
      expect({ cursor, conforms: conforms("books.search", answer) }).toEqual({ cursor, conforms: { status: 400, errors: null } });
      expect(answer.body["invalid-params"]).toEqual([{ name: "cursor", reason: expect.stringContaining("is not a cursor") }]);
    }
  });

  it("asks for credentials as each operation's security says: none, bearer or API key, API key only", async () => {
    const get = overMsw({ count: 5 });
    const anonymous = await get("/books", {});
    expect({ type: anonymous.type, conforms: conforms("books.search", anonymous) }).toEqual({ type: "application/problem+json", conforms: { status: 401, errors: null } });
    // The spec's own 401 example.
    expect(anonymous.body).toEqual({ type: "https://library.example/problems/unauthenticated", title: "Unauthenticated", status: 401, detail: "The bearer token has expired." });
    expect((await get("/health", {})).status).toBe(200);
    expect((await get("/books", { "x-api-key": "partner-key" })).status).toBe(200);
    const [book] = (await get("/books?page_size=1")).body.results;
    expect((await get(`/books/${book.isbn}/summary.txt`)).status).toBe(401);
    const text = await get(`/books/${book.isbn}/summary.txt`, { "x-api-key": "partner-key" });
    expect({ status: text.status, type: text.type, text: typeof text.body }).toEqual({ status: 200, type: "text/plain", text: "string" });
    server.resetHandlers();
    const strict = overMsw({ token: "only-this" });
    expect((await strict("/books", { authorization: "Bearer another" })).status).toBe(401);
    expect((await strict("/books", { "x-api-key": "only-this" })).status).toBe(200);
  });

  it("answers a missing id, and anything under it, 404 in the spec's Problem; the example's words with this id", async () => {
    const get = overMsw({ count: 5 });
    for (const [operationId, asked] of [
      ["books.fetch", "/books/9780000000001"],
      ["books.summary-text", "/books/9780000000001/summary.txt"],
      ["shelves.fetch", "/shelves/999"],
    ]) {
      const answer = await get(asked, { authorization: `Bearer ${TOKEN}`, "x-api-key": TOKEN });
      expect({ asked, type: answer.type, conforms: conforms(operationId, answer) }).toEqual({ asked, type: "application/problem+json", conforms: { status: 404, errors: null } });
      expect(answer.body.instance).toBe(`/api/v2${asked}`);
    }
    expect((await get("/books/9780000000001")).body.detail).toBe("No book has ISBN 9780000000001.");
    expect((await get("/shelves/999")).body.detail).toBe("Shelf 999 not found.");
    // A malformed id names nothing: 404 where the operation documents no 400.
    expect((await get("/books/123")).status).toBe(404);
    const nowhere = await get("/catalogue");
    expect(nowhere).toMatchObject({ status: 404, type: "application/problem+json", body: { title: "Not Found", detail: "No route /catalogue in Riverside Lending Library API." } });
  });

  it("answers what it does not serve 501, saying why, in the operation's Problem; another method of a known path 405", async () => {
    overMsw();
    const send = async (method: string, asked: string) => {
      const response = await fetch(`${BASE}${asked}`, { method, headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, body: method === "GET" ? undefined : "{}" });
      return { status: response.status, type: response.headers.get("content-type"), allow: response.headers.get("allow"), body: await response.json() };
    };
    // A binary success is served as seeded bytes in its documented type, the same for the same resource.
    const cover = async () => fetch(`${BASE}/books/9780140449136/cover`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const [first, again] = [await cover(), await cover()];
    const bytes = new Uint8Array(await first.arrayBuffer());
    expect({ status: first.status, type: first.headers.get("content-type"), length: bytes.length }).toEqual({ status: 200, type: "application/octet-stream", length: 256 });
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(bytes);
    for (const [operationId, method, asked, why] of [
      ["books.add-review", "POST", "/books/9780140449136/reviews", "the mock serves GET only"],
      ["loans.create", "POST", "/loans", "the mock serves GET only"],
      ["loans.cancel", "DELETE", "/loans/3f6c2a8e-9d1b-4c57-a0e4-7b2f9c1d5e80", "the mock serves GET only"],
    ]) {
      const answer = await send(method, asked);
      expect({ operationId, type: answer.type, conforms: conforms(operationId, answer) }).toEqual({ operationId, type: "application/problem+json", conforms: { status: 501, errors: null } });
      expect(answer.body).toMatchObject({ type: "about:blank", title: "Not Implemented", status: 501 });
      expect(answer.body.detail).toContain(`(${operationId}) is not served by the mock: `);
      expect(answer.body.detail).toContain(why);
    }
    const put = await send("PUT", "/shelves/3");
    expect(put).toMatchObject({ status: 405, allow: "GET", body: { title: "Method Not Allowed", status: 405, type: "about:blank" } });
  });
});

describe("over HTTP", () => {
  it("lists what it does not serve, walks every list to its end, and `npm run mock`'s start prints the list", async () => {
    const mock = await startMockServerFor(spec, { port: 0, token: TOKEN, count: 20 });
    try {
      expect(mock.unserved.map((u) => [u.operationId, u.method])).toEqual([
        ["books.add-review", "POST"],
        ["loans.create", "POST"],
        ["loans.cancel", "DELETE"],
      ]);
      const get = getter(mock.baseUrl);
      for (const list of lists()) expect(await walk(get, list)).toEqual(generateRowsFor(spec, list.operationId, 20));
    } finally {
      await mock.close();
    }
    const printed: string[] = [];
    const started = await startMockCommand([], { PORT: "0" }, (text) => printed.push(text), (options) => startMockServerFor(spec, options));
    try {
      expect(printed[0]).toContain(describeUnserved(started!).join("\n"));
      expect(printed[0]).toContain("Not served (answers 501): 3 operation(s)\n  books.add-review (POST /books/{isbn}/reviews): the mock serves GET only");
    } finally {
      await started?.close();
    }
  }, 30_000);
});

// Link pages, which the house-style spec does not have: a `Link` header with a page number (its size the documented
// maximum, the parameter having no default), and a `next` URL in the body with an offset (no size parameter).
const LINK_SPEC = `
openapi: 3.1.0
info: { title: links, version: "1" }
servers: [{ url: "https://links.example/v1" }]
paths:
  /events:
    get:
      operationId: listEvents
      parameters:
        - { name: page, in: query, schema: { type: integer, minimum: 1, default: 1 } }
        - { name: per_page, in: query, schema: { type: integer, minimum: 1, maximum: 20 } }
      responses:
        "200":
          description: ok
          headers: { Link: { description: the next page, schema: { type: string } } }
          content: { application/json: { schema: { $ref: "#/components/schemas/EventList" } } }
  /notes:
    get:
      operationId: listNotes
      parameters:
        - { name: offset, in: query, schema: { type: integer, minimum: 0 } }
      responses:
        "200":
          description: ok
          content: { application/json: { schema: { $ref: "#/components/schemas/NoteList" } } }
components:
  schemas:
    Event: { type: object, required: [event_id], properties: { event_id: { type: integer, minimum: 1 }, title: { type: string } } }
    EventList: { type: object, required: [events], properties: { events: { type: array, items: { $ref: "#/components/schemas/Event" } } } }
    Note: { type: object, required: [note_id], properties: { note_id: { type: integer, minimum: 1 } } }
    NoteList:
      type: object
      required: [notes, next]
      properties:
        notes: { type: array, items: { $ref: "#/components/schemas/Note" } }
        next: { type: [string, "null"], format: uri }
`;

describe("link pages", () => {
  it("follows the Link header and the body's next URL to the end, every row once", async () => {
    const links = mockSpecOf(parseSpec(LINK_SPEC));
    expect(Object.values(links.operations).map((r) => [r.operationId, r.page?.kind, r.page?.next ?? null])).toEqual([
      ["listEvents", "link", null],
      ["listNotes", "link", ["next"]],
    ]);
    const base = "https://links.example/v1";
    server.use(...createMockHandlersFor(links, { baseUrl: base, count: 120 }));
    const walkLinks = async (first: string, itemsAt: string, nextOf: (response: Response, body: Body) => string | null) => {
      const items: Body[] = [];
      const sizes: number[] = [];
      let url: string | null = `${base}${first}`;
      while (url) {
        const response: Response = await fetch(url, { headers: { authorization: "Bearer t" } });
        const body = (await response.json()) as Body;
        expect(response.status).toBe(200);
        items.push(...body[itemsAt]);
        sizes.push(body[itemsAt].length);
        url = nextOf(response, body);
      }
      return { items, sizes };
    };
    const events = await walkLinks("/events", "events", (response) => /<([^>]+)>; rel="next"/.exec(response.headers.get("link") ?? "")?.[1] ?? null);
    expect(events.items).toEqual(generateRowsFor(links, "listEvents", 120));
    expect(events.sizes).toEqual([20, 20, 20, 20, 20, 20]);
    const notes = await walkLinks("/notes", "notes", (_response, body) => body.next);
    expect(notes.items).toEqual(generateRowsFor(links, "listNotes", 120));
    expect(notes.sizes).toEqual([50, 50, 20]);
  });
});
