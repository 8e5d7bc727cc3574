// Header parameters in the typed client (#29, #30 item 2): a method of an operation with header parameters types them
// in its options' `headers` (as the spec names and types them; the options required when one is), checks them with
// the row's header validator before sending (a missing or broken one is an invalid_request naming it and the rule),
// finds them in any letter case, and sends them as text on every request, every page of an iterator included.
// The client is generated from spec/fixtures/house-style with its X-Request-Id made required and two more header
// parameters (an integer, an array) and an Authorization one (ignored, as OpenAPI says) on `books.search`; the mock
// serves the same spec, and refuses a page that lacks a header parameter it requires. Its `raw` client is tested here
// too: it sends each operation's credential as the typed methods do.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { mockSpecOf } from "../../spec/fixtures/grown/mock-spec";
import { readSpec } from "../../spec/model";
import { startMockServerFor, type MockServer } from "../mock/server";
import { generatedPackage } from "./generated-package";

const HOUSE_STYLE = path.join(__dirname, "../../spec/fixtures/house-style/openapi.yaml");
const TOKEN = "house-token";
const ID = "req-7f3a9c21";
const PATTERN = "^[A-Za-z0-9-]{8,64}$";

/** The house-style fixture with a required header parameter, typed ones, and one OpenAPI ignores. */
async function variantSpec(dir: string): Promise<{ file: string; openapi: Record<string, any> }> {
  const spec = (await readSpec(HOUSE_STYLE)) as Record<string, any>;
  expect(spec.components.parameters["Request-Id"]).toMatchObject({ name: "X-Request-Id", in: "header", schema: { pattern: PATTERN } });
  spec.components.parameters["Request-Id"].required = true;
  spec.paths["/books"].get.parameters.push(
    { name: "X-Depth", in: "header", schema: { type: "integer", minimum: 1, maximum: 5 } },
    { name: "X-Shelves", in: "header", schema: { type: "array", maxItems: 3, items: { type: "string", pattern: "^[a-z]+$" } } },
    { name: "Authorization", in: "header", required: true, schema: { type: "string", pattern: "^Token " } },
  );
  const file = path.join(dir, "openapi.json");
  writeFileSync(file, JSON.stringify(spec));
  return { file, openapi: spec };
}

// Type-checked (each `@ts-expect-error` must meet an error, or the program has one itself), then run against the mock.
const CONSUMER = `
import { createSamplePlatformClient, type Book, type BooksSearchHeaders, type RequestOptions, type SamplePlatformClient } from "./src/index";

export { createSamplePlatformClient };

const settle = (call: () => Promise<unknown>) => call().then(() => undefined, (error: unknown) => error);
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// Operations without header parameters keep their optional RequestOptions.
export const unchanged: Same<Parameters<SamplePlatformClient["booksFetch"]>[1], RequestOptions | undefined> = true;

export async function typedCalls(baseUrl: string, token: string, fetch: (request: Request) => Promise<Response>) {
  const sp = createSamplePlatformClient({ baseUrl, token, fetch, retries: 0 });
  // No Authorization: OpenAPI ignores that header parameter, so the client does not ask for it.
  const headers: BooksSearchHeaders = { "X-Request-Id": "${ID}", "X-Depth": 3, "X-Shelves": ["east", "west"] };
  const page = await sp.booksSearch({ page_size: 2 }, { headers: { ...headers, "X-Trace": "other headers are text" } });
  const books: Book[] = [];
  for await (const book of sp.iterateBooksSearch(undefined, { headers })) books.push(book);
  const refused = {
    // @ts-expect-error the options, which carry the required X-Request-Id, are required
    noOptions: await settle(() => sp.booksSearch()),
    // @ts-expect-error so are their headers
    noHeaders: await settle(() => sp.booksSearch({}, {})),
    // @ts-expect-error X-Request-Id is required
    noRequestId: await settle(() => sp.booksSearch({}, { headers: { "X-Depth": 3 } })),
    // @ts-expect-error X-Depth is an integer
    depthText: await settle(() => sp.booksSearch({}, { headers: { "X-Request-Id": "${ID}", "X-Depth": "3" } })),
    // @ts-expect-error the iterator's options are required too
    iterator: await settle(() => sp.iterateBooksSearch({ page_size: 2 }).next()),
    // @ts-expect-error and a required header of another operation sharing the parameter
    cancel: await settle(() => sp.loansCancel("0b5f8a8e-4a8c-4c4f-9a57-6f1e8d2c3b4a")),
  };
  return { page, books, refused };
}
`;

let dir: string;
let packageDir: string | undefined;
let consumer: Awaited<ReturnType<typeof generatedPackage>>;
let mock: MockServer;
/** Every request the client sent, as the mock received it. */
let sent: Request[] = [];
const record = async (request: Request): Promise<Response> => {
  sent.push(request.clone());
  return fetch(request);
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "header-parameters-client-"));
  const { file, openapi } = await variantSpec(dir);
  consumer = await generatedPackage(file, CONSUMER);
  packageDir = consumer.dir;
  // The mock's spec built in-process: it is only the server here (its generated header validators are
  // contract-tests/header-parameters.test.ts's to prove).
  mock = await startMockServerFor(mockSpecOf(openapi), { port: 0, token: TOKEN, count: 10 });
}, 90_000);
beforeEach(() => {
  sent = [];
});
afterAll(async () => {
  await mock?.close();
  if (packageDir) rmSync(packageDir, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const client = (): any => consumer.module.createSamplePlatformClient({ baseUrl: mock.baseUrl, token: TOKEN, fetch: record, retries: 0 });
const failure = (error: any) => ({ code: error?.code, fields: error?.details?.fields });
const settle = (call: () => Promise<unknown>) => call().then(() => undefined, (error: unknown) => error);

describe("the types", () => {
  it("type the header parameters in the options, required when one is, and keep other methods' signatures", () => {
    expect(consumer.diagnostics).toEqual([]);
    expect(consumer.clientTypes).toContain('export type BooksSearchHeaders = Omit<NonNullable<operations["books.search"]["parameters"]["header"]>, "Authorization">;');
    expect(consumer.clientTypes).toContain("  booksSearch(query: BooksSearchQuery | undefined, options: HeaderRequestOptions<BooksSearchHeaders, true>): Promise<BookPage>;");
    expect(consumer.clientTypes).toContain("  booksFetch(isbn: Isbn, options?: RequestOptions): Promise<Book>;");
  });

  it("run as typed: valid calls answered, each call without the required header or with a wrong type refused unsent", async () => {
    const result = await consumer.module.typedCalls(mock.baseUrl, TOKEN, record);
    expect(result.page.results).toHaveLength(2);
    expect(result.books).toHaveLength(10);
    // The page and the iterator's one page sent, each with the header; the refused calls sent nothing.
    expect(sent.map((request) => request.headers.get("X-Request-Id"))).toEqual([ID, ID]);
    for (const [name, error] of Object.entries<any>(result.refused)) {
      expect([name, error?.code]).toEqual([name, "invalid_request"]);
    }
    expect(failure(result.refused.noOptions).fields).toEqual({ "X-Request-Id": "must have required property 'X-Request-Id'" });
    expect(failure(result.refused.depthText).fields).toEqual({ "X-Depth": "must be integer" });
    expect(failure(result.refused.cancel).fields).toEqual({ "X-Request-Id": "must have required property 'X-Request-Id'" });
  });
});

describe("at run time", () => {
  it("refuses a missing required header before sending, naming it, from the method and the iterator", async () => {
    const sp = client();
    for (const call of [() => sp.booksSearch(), () => sp.booksSearch({}, { headers: { "X-Depth": 2 } }), () => sp.iterateBooksSearch().next()]) {
      const error = await settle(call);
      expect(failure(error)).toEqual({ code: "invalid_request", fields: { "X-Request-Id": "must have required property 'X-Request-Id'" } });
      expect((error as Error).message).toContain("X-Request-Id");
    }
    expect(sent).toEqual([]);
  });

  it("refuses a header parameter breaking its schema, naming it as the spec spells it and the rule, in any case given", async () => {
    const sp = client();
    const refused = async (headers: Record<string, unknown>) => failure(await settle(() => sp.booksSearch(undefined, { headers: { "X-Request-Id": ID, ...headers } })));
    expect(await refused({ "X-Request-Id": "short" })).toEqual({ code: "invalid_request", fields: { "X-Request-Id": `must match pattern "${PATTERN}"` } });
    expect(await refused({ "x-depth": 9 })).toEqual({ code: "invalid_request", fields: { "X-Depth": "must be <= 5" } });
    expect(await refused({ "X-SHELVES": ["east", "West"] })).toEqual({ code: "invalid_request", fields: { "X-Shelves/1": 'must match pattern "^[a-z]+$"' } });
    expect(await refused({ "x-request-id": "req-other-1" })).toEqual({ code: "invalid_request", fields: { "X-Request-Id": "is given more than once, in different letter cases" } });
    expect(sent).toEqual([]);
  });

  it("sends a valid header parameter in any letter case given, numbers and arrays as text, with other headers", async () => {
    const sp = client();
    for (const name of ["X-Request-Id", "x-request-id", "X-REQUEST-ID"]) {
      sent = [];
      const page = await sp.booksSearch({ page_size: 1 }, { headers: { [name]: ID, "x-depth": 4, "X-Shelves": ["east", "west"], "X-Trace": "t" } });
      expect(page.results).toHaveLength(1);
      expect(sent).toHaveLength(1);
      const headers = Object.fromEntries(sent[0].headers);
      expect(headers).toMatchObject({ "x-request-id": ID, "x-depth": "4", "x-shelves": "east,west", "x-trace": "t" });
      expect(headers.authorization).toBe(`Bearer ${TOKEN}`);
    }
  });

  it("sends the header parameters on every page an iterator asks for", async () => {
    const sp = client();
    const books = [];
    for await (const book of sp.iterateBooksSearch({ page_size: 3 }, { headers: { "x-Request-ID": ID, "X-Depth": 1 } })) books.push(book);
    expect(books).toHaveLength(10);
    expect(sent.length).toBe(4);
    for (const request of sent) expect([request.headers.get("X-Request-Id"), request.headers.get("X-Depth")]).toEqual([ID, "1"]);
  });
});

describe("raw, the openapi-fetch client of the same spec", () => {
  it("sends each operation's own credential, as the typed methods do: none for security: [], an API key where that is what it has", async () => {
    const isbn = { params: { path: { isbn: "9780000000002" } } };
    await client().raw.GET("/health");
    await client().raw.GET("/books/{isbn}", isbn);
    const keyed = consumer.module.createSamplePlatformClient({ baseUrl: mock.baseUrl, credentials: { catalogue_key: "key-9" }, fetch: record, retries: 0 });
    await keyed.raw.GET("/books/{isbn}", isbn);
    const seen = sent.map((request) => [new URL(request.url).pathname.replace(/^.*?\/(health|books)/, "/$1"), request.headers.get("authorization"), request.headers.get("x-api-key")]);
    expect(seen).toEqual([
      ["/health", null, null],
      ["/books/9780000000002", `Bearer ${TOKEN}`, null],
      ["/books/9780000000002", null, "key-9"],
    ]);
  });
});
