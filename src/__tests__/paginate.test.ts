// The one iterator over every page layout of the operation table, against a list served from memory: it walks each to
// its end, sends a cursor back as it came, follows a link only within the list, and stops a server that would loop.
import { ErrorFactory } from "../errors";
import type { PageRow, QueryParameterRow } from "../shared/operation-row";
import { iteratePages, nextLink, type PageResponse } from "../paginate";

const URL_OF_LIST = "https://api.example/v2/things";
const rows = Array.from({ length: 7 }, (_, i) => ({ id: i + 1 }));
const base = { items: "results", itemSchema: null, limit: "size", echoes: {}, source: "inferred" } as const;
const parameters: QueryParameterRow[] = [
  { name: "size", required: false, type: "integer" },
  { name: "at", required: false, type: "integer" },
];

async function walk(page: PageRow, serve: (query: Record<string, unknown>) => PageResponse, query: Record<string, unknown> = { size: 3 }) {
  const asked: Array<Record<string, unknown>> = [];
  const seen: unknown[] = [];
  const listPage = (q: Record<string, unknown>) => {
    asked.push(q);
    if (asked.length > 20) return Promise.reject(new Error("walked more than 20 pages"));
    return Promise.resolve(serve(q));
  };
  const request = { method: "GET", url: URL_OF_LIST };
  for await (const item of iteratePages(page, parameters, listPage, new ErrorFactory([]), request, query, {})) seen.push(item);
  return { asked, seen };
}

const slice = (from: number, size: number) => rows.slice(from, from + size);
const respond = (body: unknown, link: string | null = null): PageResponse => ({ body, url: `${URL_OF_LIST}?x=1`, link });

describe("iteratePages walks every layout to its end", () => {
  it("offset pages: from the next offset the body names, until it is null", async () => {
    const page: PageRow = { ...base, kind: "offset", offset: "at", next: ["meta", "next_at"], total: null, totalNullable: false };
    const { asked, seen } = await walk(page, (q) => {
      const at = q.at as number;
      const next = at + 3 < rows.length ? at + 3 : null;
      return respond({ results: slice(at, 3), meta: { next_at: next } });
    });
    expect(seen).toEqual(rows);
    expect(asked.map((q) => q.at)).toEqual([0, 3, 6]);
  });

  it("cursor pages: the cursor is sent back exactly as the server gave it, and absent on the first page", async () => {
    const page: PageRow = { ...base, kind: "cursor", cursor: "after", next: ["next_cursor"] };
    const cursorOf = (i: number) => `c:${Buffer.from(String(i)).toString("base64")}==`;
    const { asked, seen } = await walk(page, (q) => {
      const from = q.after === undefined ? 0 : Number(Buffer.from((q.after as string).slice(2, -2), "base64").toString());
      return respond({ results: slice(from, 3), next_cursor: from + 3 < rows.length ? cursorOf(from + 3) : null });
    });
    expect(seen).toEqual(rows);
    expect(asked.map((q) => q.after)).toEqual([undefined, cursorOf(3), cursorOf(6)]);
  });

  it("page-number pages: by the next page number, or up to the page count", async () => {
    const withNext: PageRow = { ...base, kind: "page", page: "p", first: 1, next: ["next_page"], pageCount: null };
    const byNext = await walk(withNext, (q) => {
      const p = (q.p as number | undefined) ?? 1;
      return respond({ results: slice((p - 1) * 3, 3), next_page: p * 3 < rows.length ? p + 1 : null });
    });
    expect([byNext.seen, byNext.asked.map((q) => q.p)]).toEqual([rows, [undefined, 2, 3]]);
    const countOnly: PageRow = { ...base, kind: "page", page: "p", first: 1, next: null, pageCount: ["pages"] };
    const byCount = await walk(countOnly, (q) => {
      const p = (q.p as number | undefined) ?? 1;
      return respond({ results: slice((p - 1) * 3, 3), pages: Math.ceil(rows.length / 3) });
    });
    expect([byCount.seen, byCount.asked.map((q) => q.p)]).toEqual([rows, [undefined, 2, 3]]);
  });

  it("link pages: a next URL in the body or the Link header, read back as the list's typed query", async () => {
    const inBody: PageRow = { ...base, kind: "link", next: ["next"] };
    const linked = (at: number) => (at < rows.length ? `${URL_OF_LIST}?size=3&at=${at}` : null);
    const body = await walk(inBody, (q) => respond({ results: slice((q.at as number | undefined) ?? 0, 3), next: linked(((q.at as number | undefined) ?? 0) + 3) }));
    expect([body.seen, body.asked]).toEqual([rows, [{ size: 3 }, { size: 3, at: 3 }, { size: 3, at: 6 }]]);
    const inHeader: PageRow = { ...base, kind: "link", next: null };
    const header = await walk(inHeader, (q) => {
      const next = linked(((q.at as number | undefined) ?? 0) + 3);
      return respond({ results: slice((q.at as number | undefined) ?? 0, 3) }, next && `/v2/things?size=3&at=${next.split("at=")[1]}`);
    });
    expect(header.seen).toEqual(rows);
  });
});

describe("iteratePages stops a server that would never end", () => {
  const stopped = async (page: PageRow, serve: (q: Record<string, unknown>) => PageResponse) => {
    const error = await walk(page, serve).then(
      () => undefined,
      (e: unknown) => e,
    );
    return error as { code: string; message: string };
  };

  it("a cursor that comes back", async () => {
    const page: PageRow = { ...base, kind: "cursor", cursor: "after", next: ["next_cursor"] };
    const error = await stopped(page, (q) => respond({ results: slice(0, 1), next_cursor: q.after === "b" ? "a" : q.after === "a" ? "b" : "a" }));
    expect(error).toMatchObject({ code: "invalid_response", message: expect.stringContaining("/next_cursor leads back to a page already walked") });
  });

  it("a link to another list or origin is not followed (the token would go with it)", async () => {
    const page: PageRow = { ...base, kind: "link", next: ["next"] };
    const error = await stopped(page, () => respond({ results: [], next: "https://elsewhere.example/v2/things?at=3" }));
    expect(error).toMatchObject({ code: "invalid_response", message: expect.stringContaining("which is not a page of this list") });
  });

  it("a page number that does not move forward", async () => {
    const page: PageRow = { ...base, kind: "page", page: "p", first: 1, next: ["next_page"], pageCount: null };
    const error = await stopped(page, () => respond({ results: [], next_page: 1 }));
    expect(error).toMatchObject({ code: "invalid_response", message: "GET https://api.example/v2/things: response breaks the spec: /next_page is 1, which does not move past p 1: following it would never end" });
  });
});

describe("nextLink reads RFC 8288 Link headers", () => {
  it.each([
    ['<https://a.example/x?page=2>; rel="next", <https://a.example/x?page=9>; rel="last"', "https://a.example/x?page=2"],
    ['<https://a.example/x?page=9>; rel="last", </x?page=2>; rel=next', "/x?page=2"],
    ['<https://a.example/x?page=2>; rel="prev next"', "https://a.example/x?page=2"],
    ['<https://a.example/x?page=1>; rel="prev"', null],
    [null, null],
  ])("%s", (header, expected) => {
    expect(nextLink(header)).toBe(expected);
  });
});
