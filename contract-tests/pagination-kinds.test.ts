// Every kind of page, walked from the operation table and judged by pagination_consistency: the house-style fixture's
// cursor and page-number lists against our mock; then a small spec with one list of each layout (cursor, page number,
// offset with a nullable total, a Link header) against a fixture server written here, conformant and broken once per
// way a walk can go wrong (an item twice, a gap, no end, a total that changes).
import path from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { mockSpecOf } from "../spec/fixtures/grown/mock-spec";
import { buildOperationTable } from "../scripts/operation-table";
import { buildJsonSchemaDocument, parseSpec, readSpec } from "../spec/model";
import { startMockServerFor } from "../src/mock/server";
import { typedQuery } from "../src/shared/query-text";
import { sendJson, startServer } from "../src/__tests__/http-server";
import { explore, MAX_COLLECTION_PAGES, MAX_STALLED_PAGES, MAX_WALK_PAGES } from "./cases/walks";
import { pagination_consistency, pagination_walk } from "./checks/pagination_consistency";
import { buildContext } from "./judge";
import type { Case, Exchange } from "./types";
import { runTarget, type EngineOptions, type TargetResult } from "./engine";
import { liveRunOptions } from "./fixtures/live-run";
import { loadSpecModel, pagingParameters, type SpecModel } from "./spec";

const HOUSE_STYLE = path.join(__dirname, "../spec/fixtures/house-style/openapi.yaml");
const TOKEN = "pages-token";
const noSleep = () => Promise.resolve();

const failures = (r: TargetResult) => r.failures.map((f) => `${f.check} ${f.operationId}: ${f.message}`);
const failedChecks = (r: TargetResult) => [...new Set(r.failures.map((f) => f.check))].sort();
const tally = (r: TargetResult, operationId: string) => r.tallies.find((t) => t.check === "pagination_consistency" && t.operationId === operationId)!;
/** The walk of a whole collection at the largest page size: an operation's first walk. */
const firstWalk = (r: TargetResult, operationId: string) => r.walks.find((w) => w.operationId === operationId)!;

describe("the house-style spec against our mock", () => {
  it("walks its cursor and page-number lists to their end, and pagination_consistency judges every walk and page", async () => {
    // The mock's spec built in-process: its generated files' route is src/__tests__/mock-house-style.test.ts's.
    const mockSpec = mockSpecOf(await readSpec(HOUSE_STYLE));
    const spec = loadSpecModel({ jsonSchema: mockSpec.schemas, table: Object.values(mockSpec.operations) });
    const mock = await startMockServerFor(mockSpec, { port: 0, token: TOKEN });
    let result: TargetResult;
    try {
      // Its lists only: src/__tests__ and check:spec judge the whole fixture against the mock.
      const operations = ["books.search", "shelves.list-entries"];
      result = await runTarget(liveRunOptions("house-style", mock.baseUrl, TOKEN, { spec, operations, examples: 30, sleep: noSleep }));
    } finally {
      await mock.close();
    }
    expect({ failures: failures(result), stop: result.stop }).toEqual({ failures: [], stop: undefined });
    for (const [operationId, kind, position] of [["books.search", "cursor", "cursor"], ["shelves.list-entries", "page", "page"]] as const) {
      expect(spec.operationById(operationId).row.page?.kind).toBe(kind);
      const walks = result.walks.filter((w) => w.operationId === operationId && Object.keys(w.filters).length === 0);
      // The whole collection and two drawn page sizes, each to its end over several pages, following the server.
      expect(walks.map((w) => w.complete)).toEqual([true, true, true]);
      expect(walks.some((w) => w.pages.length > 2 && w.pages.slice(1).every((p) => p.case.query[position] !== undefined))).toBe(true);
      const t = tally(result, operationId);
      expect({ operationId, judged: t.pass > walks.length, fail: t.fail, skip: t.skip }).toEqual({ operationId, judged: true, fail: 0, skip: 0 });
    }
    // A cursor is only ever one the server gave: each page's is the page before's next_cursor.
    const books = firstWalk(result, "books.search");
    for (const [i, page] of books.pages.slice(1).entries()) expect(page.case.query.cursor).toBe((books.pages[i].response.json as any).meta.next_cursor);
  }, 120_000);
});

// A spec with one list of each layout, every layout inferred by the table (checked below).
const PAGES_SPEC = `
openapi: 3.1.0
info: { title: pages, version: "1" }
servers: [{ url: "http://localhost/v1" }]
security: [{ bearer: [] }]
paths:
  /books:
    get:
      operationId: listBooks
      parameters:
        - { name: cursor, in: query, schema: { type: string, minLength: 1, maxLength: 40 } }
        - { name: page_size, in: query, schema: { type: integer, minimum: 1, maximum: 20, default: 10 } }
      responses:
        "200": { description: one page, content: { application/json: { schema: { $ref: "#/components/schemas/BookPage" } } } }
        "400": { $ref: "#/components/responses/Problem" }
        "401": { $ref: "#/components/responses/Problem" }
  /shelves:
    get:
      operationId: listShelves
      parameters:
        - { name: page, in: query, schema: { type: integer, minimum: 1, default: 1 } }
        - { name: per_page, in: query, schema: { type: integer, minimum: 1, maximum: 10, default: 5 } }
      responses:
        "200": { description: one page, content: { application/json: { schema: { $ref: "#/components/schemas/ShelfPage" } } } }
        "400": { $ref: "#/components/responses/Problem" }
        "401": { $ref: "#/components/responses/Problem" }
  /loans:
    get:
      operationId: listLoans
      parameters:
        - { name: offset, in: query, schema: { type: integer, minimum: 0, default: 0 } }
        - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 20, default: 10 } }
      responses:
        "200": { description: one page, content: { application/json: { schema: { $ref: "#/components/schemas/LoanPage" } } } }
        "400": { $ref: "#/components/responses/Problem" }
        "401": { $ref: "#/components/responses/Problem" }
  /events:
    get:
      operationId: listEvents
      parameters:
        - { name: per_page, in: query, schema: { type: integer, minimum: 1, maximum: 10 } }
      responses:
        "200":
          description: one page
          headers: { Link: { description: the next page, schema: { type: string } } }
          content: { application/json: { schema: { $ref: "#/components/schemas/EventPage" } } }
        "400": { $ref: "#/components/responses/Problem" }
        "401": { $ref: "#/components/responses/Problem" }
components:
  securitySchemes: { bearer: { type: http, scheme: bearer } }
  responses:
    Problem: { description: a problem, content: { application/json: { schema: { $ref: "#/components/schemas/Problem" } } } }
  schemas:
    Problem: { type: object, required: [title], properties: { title: { type: string } } }
    Book: { type: object, required: [isbn, title], properties: { isbn: { type: string }, title: { type: string } } }
    BookPage:
      type: object
      required: [books, next_cursor]
      properties: { books: { type: array, items: { $ref: "#/components/schemas/Book" } }, next_cursor: { type: [string, "null"] } }
    Shelf: { type: object, required: [shelf_id], properties: { shelf_id: { type: integer } } }
    ShelfPage:
      type: object
      required: [shelves, page_count, next_page]
      properties:
        shelves: { type: array, items: { $ref: "#/components/schemas/Shelf" } }
        page_count: { type: integer, minimum: 0 }
        next_page: { type: [integer, "null"] }
    Loan: { type: object, required: [loan_id], properties: { loan_id: { type: integer } } }
    LoanPage:
      type: object
      required: [loans, next_offset, total]
      properties:
        loans: { type: array, items: { $ref: "#/components/schemas/Loan" } }
        next_offset: { type: [integer, "null"] }
        total: { type: [integer, "null"] }
    Event: { type: object, required: [event_id], properties: { event_id: { type: integer } } }
    EventPage: { type: object, required: [events], properties: { events: { type: array, items: { $ref: "#/components/schemas/Event" } } } }
`;

/** How a fixture server breaks its pages (or, for the last two, keeps the spec in a way a walk must bear). */
type Break =
  | "repeats_across_cursor_pages"
  | "cursor_never_ends"
  | "cursor_leads_back"
  | "page_numbers_skip"
  | "total_changes"
  | "link_leads_back"
  | "null_total"
  | "endless_collection";

const SIZES = { books: 23, shelves: 17, loans: 14, events: 12 };

let pages: SpecModel;
beforeAll(() => {
  const openapi = parseSpec(PAGES_SPEC);
  const jsonSchema = buildJsonSchemaDocument(openapi);
  pages = loadSpecModel({ openapi, jsonSchema, table: buildOperationTable(openapi, jsonSchema) });
});

/** A fixture server's answer: its status, JSON body and headers. */
interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const problem = (status: number, title: string): Answer => ({ status, body: { title } });

/** One list's answer to a valid request: its typed query, its URL, how the server breaks. */
type ListAnswer = (query: Record<string, unknown>, url: URL, brk?: Break) => Answer;

const sizeOf = (query: Record<string, unknown>, name: string, fallback: number) => (query[name] as number | undefined) ?? fallback;
/** Item numbers from start + 1 up to end, within a collection of n. */
const slice = (start: number, end: number, n: number) => Array.from({ length: Math.max(0, Math.min(end, n) - start) }, (_, i) => start + i + 1);

const LIST_ANSWERS: Record<string, ListAnswer> = {
  listBooks: (query, _url, brk) => {
    const n = brk === "endless_collection" ? Number.MAX_SAFE_INTEGER : SIZES.books;
    const cursor = query.cursor as string | undefined;
    const after = cursor === undefined ? "0" : /^after-(\d+)$/.exec(cursor)?.[1];
    if (after === undefined) return problem(400, "Bad query: not a cursor of ours");
    // Broken: a page after the first starts one book early, repeating the page before's last.
    const start = Math.max(0, Number(after) - (brk === "repeats_across_cursor_pages" && cursor !== undefined ? 1 : 0));
    const end = start + sizeOf(query, "page_size", 10);
    let next: string | null = end < n ? `after-${end}` : null;
    // Broken: past the end, empty pages each naming a new cursor; or the last page naming the second page again.
    if (brk === "cursor_never_ends" && next === null) next = `after-${end}`;
    if (brk === "cursor_leads_back" && next === null) next = `after-${sizeOf(query, "page_size", 10)}`;
    return { status: 200, body: { books: slice(start, end, n).map((i) => ({ isbn: `978-${i}`, title: `Book ${i}` })), next_cursor: next } };
  },
  listShelves: (query, _url, brk) => {
    const [page, perPage] = [sizeOf(query, "page", 1), sizeOf(query, "per_page", 5)];
    // Broken: each page number starts one shelf further on than the one before ends.
    const start = (page - 1) * perPage + (brk === "page_numbers_skip" ? page - 1 : 0);
    const pageCount = Math.ceil(SIZES.shelves / perPage);
    return { status: 200, body: { shelves: slice(start, start + perPage, SIZES.shelves).map((i) => ({ shelf_id: i })), page_count: pageCount, next_page: page < pageCount ? page + 1 : null } };
  },
  listLoans: (query, _url, brk) => {
    const [offset, limit] = [sizeOf(query, "offset", 0), sizeOf(query, "limit", 10)];
    // Broken: the count grows after the first page. Kept: counted on the first page only, then null ("not counted").
    const total = brk === "null_total" && offset > 0 ? null : brk === "total_changes" && offset > 0 ? SIZES.loans + 1 : SIZES.loans;
    const next = offset + limit < SIZES.loans ? offset + limit : null;
    return { status: 200, body: { loans: slice(offset, offset + limit, SIZES.loans).map((i) => ({ loan_id: i })), next_offset: next, total } };
  },
  listEvents: (query, url, brk) => {
    const perPage = sizeOf(query, "per_page", 10);
    // `start` is no parameter of the spec: only the server's own links carry it.
    const start = Number(url.searchParams.get("start") ?? 0);
    const more = start + perPage < SIZES.events;
    // Broken: the last page's Link names the first page again.
    const next = more ? `/v1/events?per_page=${perPage}&start=${start + perPage}` : brk === "link_leads_back" ? `/v1/events?per_page=${perPage}` : undefined;
    const headers = next ? { Link: `<${next}>; rel="next", </v1/events?per_page=${perPage}>; rel="first"` } : undefined;
    return { status: 200, body: { events: slice(start, start + perPage, SIZES.events).map((i) => ({ event_id: i })) }, headers };
  },
};

/** The fixture server's answer to a request: each list over a fixed collection, its parameters checked against the spec. */
function answer(url: URL, authorization: string | undefined, brk?: Break): Answer {
  if (authorization !== `Bearer ${TOKEN}`) return problem(401, "Unauthorized");
  const op = pages.operations.find((o) => `/v1${o.path}` === url.pathname);
  if (!op) return problem(404, "Not Found");
  const known = op.row.queryParameters.map((p) => p.name);
  const query = typedQuery(url.searchParams, op.row.queryParameters);
  const errors = op.validateParameter("query", Object.fromEntries(Object.entries(query).filter(([name]) => known.includes(name))));
  if (errors.length) return problem(400, `Bad query: ${errors.map((e) => e.message).join(", ")}`);
  return LIST_ANSWERS[op.operationId](query, url, brk);
}

/** The fixture server over HTTP. */
const pagesServer = (brk?: Break) => (req: IncomingMessage, res: ServerResponse) => {
  const { status, body, headers } = answer(new URL(req.url ?? "/", "http://fixture"), req.headers.authorization, brk);
  sendJson(res, status, body, headers);
};

/** A default live run of the suite on the pages spec against the fixture server, broken or not. */
async function judgePages(brk?: Break, engine: Partial<EngineOptions> = {}): Promise<TargetResult> {
  const server = await startServer(pagesServer(brk));
  try {
    return await runTarget(liveRunOptions(`pages-${brk ?? "conformant"}`, `${server.origin}/v1`, TOKEN, { spec: pages, sleep: noSleep, examples: 20, ...engine }));
  } finally {
    await server.close();
  }
}

const LISTS = ["listBooks", "listShelves", "listLoans", "listEvents"];

describe("a list of each layout, against a fixture server", () => {
  it("has each layout inferred by the table", () => {
    expect(LISTS.map((id) => pages.operationById(id).row.page?.kind)).toEqual(["cursor", "page", "offset", "link"]);
  });

  it("passes when conformant: every list walked to its end, every walk and page judged", async () => {
    const result = await judgePages();
    expect({ failures: failures(result), stop: result.stop }).toEqual({ failures: [], stop: undefined });
    for (const operationId of LISTS) {
      const walk = firstWalk(result, operationId);
      const items = walk.pages.flatMap((p) => Object.values(p.response.json as object).find(Array.isArray) as unknown[]);
      expect({ operationId, complete: walk.complete, items: items.length }).toEqual({ operationId, complete: true, items: SIZES[operationId.slice(4).toLowerCase() as keyof typeof SIZES] });
      expect({ operationId, judged: tally(result, operationId).pass > 2 }).toEqual({ operationId, judged: true });
    }
    // The Link header was followed as the server wrote it (its `start` is no parameter of the spec).
    expect(firstWalk(result, "listEvents").pages.map((p) => p.case.query.start)).toEqual([undefined, "10"]);
  }, 60_000);

  it("passes a null total where the layout allows it (counted on the first page only): not counted, no failure", async () => {
    const result = await judgePages("null_total");
    expect(failures(result)).toEqual([]);
    expect(tally(result, "listLoans").pass).toBeGreaterThan(2);
    expect(firstWalk(result, "listLoans").complete).toBe(true);
  }, 60_000);

  /** Each break: the list it breaks, what every failure says, and what one of them must say (the rule that sees it). */
  const BREAKS: [Break, string, RegExp, RegExp][] = [
    ["repeats_across_cursor_pages", "listBooks", /^book .*978-\d+.* appears twice in the walk of .*: at page \d+ and again at page \d+$/, /appears twice/],
    ["cursor_never_ends", "listBooks", new RegExp(`^the walk of .* does not reach its end: ${MAX_STALLED_PAGES} pages in a row brought no new book yet each names a next one \\(/next_cursor\\): the walk does not come to an end$`), /brought no new book/],
    ["cursor_leads_back", "listBooks", /^the walk of .* does not reach its end: \/next_cursor leads back to a page already walked \("after-\d+"\): following it would never end$/, /leads back/],
    ["page_numbers_skip", "listShelves", /^page \d+ \(per_page \d+\) is not the collection's items at that page: at position \d+: shelf \S+ where the walk of the whole collection has \S+$|^the walk of the whole collection with per_page \d+ differs from the walk with the largest page size at position \d+: shelf \S+ where the walk of the whole collection has \S+$|^walking every page of the walk of the whole collection with per_page \d+ gave \d+ shelves, but page_count \d+ at per_page \d+ means \d+ to \d+$/, /^page \d+ \(per_page \d+\) is not the collection's items at that page/],
    ["total_changes", "listLoans", /^total changed during the walk of .*: 14 then 15$|^(last )?page at offset \d+ \(limit \d+\) .*(of 15|\(total 15\)).*$|^page at offset \d+ \(limit \d+\) says total 15; the walk of the whole collection found 14$|^walking every page of the walk of .* gave 14 loans but total is 15$/, /^total changed during/],
    ["link_leads_back", "listEvents", /^the walk of .* does not reach its end: the Link header's rel="next" leads back to a page already walked \(per_page=\d+\): following it would never end$/, /Link header/],
  ];

  it.each(BREAKS)("fails pagination_consistency, and only it, when the server %s (%s)", async (brk, operationId, message, seen) => {
    const result = await judgePages(brk);
    expect(failedChecks(result)).toEqual(["pagination_consistency"]);
    expect([...new Set(result.failures.map((f) => f.operationId))]).toEqual([operationId]);
    for (const f of result.failures) expect(f.message).toMatch(message);
    expect(result.failures.some((f) => seen.test(f.message))).toBe(true);
    // The other lists still pass.
    for (const other of LISTS.filter((id) => id !== operationId)) expect({ other, fail: tally(result, other).fail }).toEqual({ other, fail: 0 });
  }, 60_000);

  it("stops the walk of a collection that never ends at its bound, says so, and fails no server for it", async () => {
    // Straight to the explorer (the run's request budget would stop it first): every page new books and a next cursor.
    const list = pages.operationById("listBooks");
    const send = (c: Case): Promise<Exchange> => {
      const url = new URL(`http://fixture/v1/books?${new URLSearchParams(c.query as Record<string, string>).toString()}`);
      const { status, body } = answer(url, `Bearer ${TOKEN}`, "endless_collection");
      const target = { name: "endless", kind: "live" as const, baseUrl: "http://fixture/v1" };
      return Promise.resolve({ target, case: c, request: { method: "GET", url: url.href, auth: "token", headers: {} }, response: { status, headers: {}, text: JSON.stringify(body), json: body }, elapsedMs: 0 });
    };
    const explored = await explore({ operations: [list], seed: "1", send });
    const [whole, ...drawn] = explored.walks;
    expect(whole.pages).toHaveLength(MAX_COLLECTION_PAGES);
    expect({ complete: whole.complete, stopped: whole.stopped }).toEqual({
      complete: false,
      stopped: { reason: `stopped at the bound of ${MAX_COLLECTION_PAGES} pages, the last still naming a next one (/next_cursor)` },
    });
    expect(explored.notes).toContain(`listBooks: the walk of the whole collection did not reach its end (${whole.stopped!.reason}); pages are not compared with the collection`);
    // The walks with drawn page sizes stop at theirs, each said.
    expect(drawn.map((w) => [w.pages.length, w.complete, w.stopped?.fault])).toEqual(drawn.map(() => [MAX_WALK_PAGES, false, undefined]));
    for (const w of drawn) expect(explored.notes).toContain(`listBooks: a walk with page_size ${w.limit} did not reach its end (${w.stopped!.reason})`);
    // A collection larger than the bound is no fault: nothing in it is judged a failure.
    const context = buildContext("live", [list], [], explored.walks);
    expect(explored.walks.flatMap((w) => pagination_walk(w, list, context))).toEqual([]);
  });
});

// A size the spec does not state is not judged: a size parameter with neither a maximum nor a default bounds no page.
describe("a size parameter with neither a maximum nor a default", () => {
  const UNSIZED = PAGES_SPEC.replace(
    "- { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 20, default: 10 } }",
    "- { name: limit, in: query, schema: { type: integer, minimum: 1 } }",
  );
  let unsized: SpecModel;
  beforeAll(() => {
    expect(UNSIZED).not.toBe(PAGES_SPEC);
    const openapi = parseSpec(UNSIZED);
    const jsonSchema = buildJsonSchemaDocument(openapi);
    unsized = loadSpecModel({ openapi, jsonSchema, table: buildOperationTable(openapi, jsonSchema) });
  });

  it("gives no page size to judge or walk with, where a maximum or a default would give one", () => {
    expect(pagingParameters(unsized.operationById("listLoans"))).toMatchObject({ limit: undefined, defaultLimit: undefined, first: 0, defaultPosition: 0 });
    expect(pagingParameters(pages.operationById("listLoans"))).toMatchObject({ limit: 20, defaultLimit: 10 });
  });

  it("fails no page for holding more items than a made-up size, and still judges the next offset", () => {
    const loans = unsized.operationById("listLoans");
    const items = Array.from({ length: 60 }, (_, i) => ({ loan_id: i + 1 }));
    const page = (next: unknown) =>
      ({
        case: { id: "p", operationId: "listLoans", kind: "page", pathParams: {}, query: {}, auth: "token" },
        response: { status: 200, headers: {}, text: "", json: { loans: items, next_offset: next, total: 100 } },
      }) as unknown as Exchange;
    const context = buildContext("live", unsized.operations, [], []);
    expect(pagination_consistency(page(60), loans, context)).toEqual([]);
    expect(pagination_consistency(page(7), loans, context).map((f) => f.check)).toEqual(["pagination_consistency"]);
  });
});
