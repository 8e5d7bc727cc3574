// The inference rules of the operation table, one at a time, on small specs written for each rule; and the table of
// the repo's own spec, whose rows the client, the mock and the suite read.
import path from "node:path";
import { buildJsonSchemaDocument, JSON_SCHEMA_ID, readSpec } from "../spec/model";

// Specs written as literals, walked by the rules as JSON.
type JsonObject = Record<string, any>;
import { buildOperationTable, iteratorName, specInfoOf } from "./operation-table";

const ROOT = path.resolve(__dirname, "..");

const error = { description: "error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
const paging = [
  { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 50 } },
  { name: "offset", in: "query", schema: { type: "integer", minimum: 0, default: 0 } },
];
const json = (schema: JsonObject, extra: JsonObject = {}) => ({ description: "ok", content: { "application/json": { schema } }, ...extra });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const pageOf = (item: JsonObject) => ({
  type: "object",
  required: ["data", "pagination"],
  properties: { data: { type: "array", items: item }, pagination: ref("Pagination") },
});
const idParameter = (name: string) => ({ name, in: "path", required: true, schema: { type: "integer", minimum: 1 } });

/** A spec with the given paths and extra schemas, beside Error and Pagination. */
function specWith(paths: JsonObject, schemas: JsonObject = {}): JsonObject {
  return {
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    paths,
    components: {
      schemas: {
        Error: { type: "object", properties: { code: { type: "string" } } },
        Pagination: {
          type: "object",
          properties: { limit: { type: "integer" }, offset: { type: "integer" }, total: { type: "integer" }, next_offset: { type: ["integer", "null"] } },
        },
        Tag: { type: "object", properties: { tag_id: { type: "integer" }, name: { type: "string" }, aliases: { type: "array", items: { type: "string" } } } },
        ...schemas,
      },
    },
  };
}

const table = (spec: JsonObject) => Object.fromEntries(buildOperationTable(spec, buildJsonSchemaDocument(spec)).map((row) => [row.operationId, row]));

const listTags = (extra: JsonObject = {}, responseExtra: JsonObject = {}) => ({
  get: { operationId: "listTags", parameters: [...paging, ...(extra.parameters ?? [])], responses: { "200": json(pageOf(ref("Tag")), responseExtra), default: error } },
});
const getTag = { get: { operationId: "getTag", parameters: [idParameter("tag_id")], responses: { "200": json(ref("Tag")), "404": error } } };

describe("the operation table's inference rules", () => {
  it("reads a page: limit and offset, one array of items, a pagination with next_offset", () => {
    const rows = table(specWith({ "/tags": listTags() }));
    expect(rows.listTags.page).toEqual({
      kind: "offset",
      source: "inferred",
      limit: "limit",
      offset: "offset",
      items: "data",
      itemSchema: "#/$defs/Tag",
      next: ["pagination", "next_offset"],
      total: ["pagination", "total"],
      totalNullable: false,
      echoes: { limit: ["pagination", "limit"], offset: ["pagination", "offset"] },
    });
    expect(rows.listTags.iterator).toBe("iterateTags");
  });

  const list = (parameters: JsonObject[], body: JsonObject, extra: JsonObject = {}) =>
    specWith({ "/things": { get: { operationId: "things.search", parameters, responses: { "200": json(body, extra.response ?? {}) }, ...(extra.operation ?? {}) } } });
  const items = { type: "array", items: ref("Tag") };
  const integer = (name: string, schema: JsonObject = {}) => ({ name, in: "query", schema: { type: "integer", ...schema } });

  it("reads offset pages under any names, and a total that may be null as not counted", () => {
    const spec = list([integer("take"), integer("skip", { minimum: 0 })], {
      type: "object",
      properties: { results: items, meta: { type: "object", properties: { nextSkip: { type: "integer" }, total_count: { type: ["integer", "null"] } } } },
    });
    expect(table(spec)["things.search"].page).toMatchObject({ kind: "offset", limit: "take", offset: "skip", items: "results", next: ["meta", "nextSkip"], total: ["meta", "total_count"], totalNullable: true });
    expect(table(spec)["things.search"]).toMatchObject({ name: "thingsSearch", iterator: "iterateThingsSearch" });
  });

  it("reads cursor pages: a cursor parameter (of any type) fed by the body's next_cursor", () => {
    const spec = list([integer("page_size"), { name: "cursor", in: "query", schema: { type: "integer", minimum: 0 } }], {
      type: "object",
      properties: { entries: items, pagination: { type: "object", properties: { page_size: { type: "integer" }, next_cursor: { type: ["integer", "null"] } } } },
    });
    expect(table(spec)["things.search"].page).toEqual({
      kind: "cursor",
      source: "inferred",
      limit: "page_size",
      cursor: "cursor",
      items: "entries",
      itemSchema: "#/$defs/Tag",
      next: ["pagination", "next_cursor"],
      echoes: { page_size: ["pagination", "page_size"] },
    });
  });

  it("reads page-number pages: with a next page number, or with only a page count", () => {
    const withNext = list([integer("page", { minimum: 1 }), integer("per_page")], { type: "object", properties: { entries: items, next_page: { type: ["integer", "null"] }, page_count: { type: "integer" } } });
    expect(table(withNext)["things.search"].page).toMatchObject({ kind: "page", page: "page", first: 1, limit: "per_page", next: ["next_page"], pageCount: ["page_count"] });
    const countOnly = list([integer("page", { minimum: 1 }), integer("per_page")], { type: "object", properties: { entries: items, total_pages: { type: "integer" } } });
    expect(table(countOnly)["things.search"].page).toMatchObject({ kind: "page", page: "page", next: null, pageCount: ["total_pages"] });
  });

  it("reads link pages: a next URL in the body, or a documented Link header", () => {
    const inBody = list([integer("limit")], { type: "object", properties: { items, next: { type: ["string", "null"], format: "uri" } } });
    expect(table(inBody)["things.search"].page).toMatchObject({ kind: "link", items: "items", next: ["next"], limit: "limit" });
    const inHeader = list([], { type: "object", properties: { items } }, { response: { headers: { Link: { schema: { type: "string" } } } } });
    expect(table(inHeader)["things.search"].page).toMatchObject({ kind: "link", next: null });
  });

  it("takes a declared layout (x-pagination) over the rules, and says why a bad declaration is not read", () => {
    const body = { type: "object", properties: { items, marker: { type: "string" } } };
    const declared = list([{ name: "from", in: "query", schema: { type: "string" } }], body, { operation: { "x-pagination": { kind: "cursor", cursor: "from", next: "marker" } } });
    expect(table(declared)["things.search"].page).toMatchObject({ kind: "cursor", source: "declared", cursor: "from", next: ["marker"], items: "items" });
    const bad = list([], body, { operation: { "x-pagination": { kind: "pages" } } });
    expect(table(bad)["things.search"]).toMatchObject({ page: null, notes: ['x-pagination\'s kind must be offset, cursor, page or link, not pages'] });
  });

  it("sees a page and its items through allOf (a generic Page and the list's own items)", () => {
    const page = { allOf: [ref("Page"), { type: "object", properties: { data: { type: "array", items: ref("Tag") } } }] };
    const spec = specWith(
      { "/tags": { get: { operationId: "listTags", parameters: paging, responses: { "200": json(ref("TagPage")) } } } },
      { Page: pageOf({}), TagPage: page },
    );
    expect(table(spec).listTags.page).toMatchObject({ items: "data", itemSchema: "#/$defs/Tag" });
  });

  it("says why an operation with a page size is not walked when its body names no next value", () => {
    const spec = specWith({
      "/tags": { get: { operationId: "listTags", parameters: paging, responses: { "200": json({ type: "object", properties: { data: { type: "array" } } }) } } },
    });
    const row = table(spec).listTags;
    expect(row.page).toBeNull();
    expect(row.iterator).toBeNull();
    expect(row.notes).toEqual([
      "it has a page size (limit) but no query parameter whose next value its body names (next_<name>) and no link to a next page, so it is not walked as pages; declare its layout with x-pagination if it pages",
    ]);
  });

  it("infers the detail: a GET whose 200 body is the item's schema, with a path parameter the item carries", () => {
    const row = table(specWith({ "/tags": listTags(), "/tags/{tag_id}": getTag })).listTags;
    expect(row.detail).toEqual({ operationId: "getTag", source: "inferred", parameters: { tag_id: { from: "item", property: "tag_id" } } });
    expect(row.notes).toEqual([]);
  });

  it("does not guess when the item does not carry the detail's path parameter: it says so", () => {
    const other = { get: { operationId: "getTag", parameters: [idParameter("id")], responses: { "200": json(ref("Tag")) } } };
    const row = table(specWith({ "/tags": listTags(), "/tags/{id}": other })).listTags;
    expect(row.detail).toBeNull();
    expect(row.notes).toEqual(["getTag returns its items' schema but the items do not carry id; declare the relation with links"]);
  });

  it("does not guess between two candidate details: it names both", () => {
    const byName = { get: { operationId: "getTagAgain", parameters: [idParameter("tag_id")], responses: { "200": json(ref("Tag")) } } };
    const row = table(specWith({ "/tags": listTags(), "/tags/{tag_id}": getTag, "/labels/{tag_id}": byName })).listTags;
    expect(row.detail).toBeNull();
    expect(row.notes).toEqual(["several operations could be the detail of its items (getTag, getTagAgain); declare one with links"]);
  });

  it("takes the detail from links when the spec declares it, over what it would infer", () => {
    const links = { links: { tagOfItem: { operationId: "getTag", parameters: { tag_id: "$response.body#/data/0/name" } } } };
    const row = table(specWith({ "/tags": listTags({}, links), "/tags/{tag_id}": getTag })).listTags;
    expect(row.detail).toEqual({ operationId: "getTag", source: "links", parameters: { tag_id: { from: "item", property: "name" } } });
  });

  it("names a link's unknown operation or unreadable expression instead of using it", () => {
    const unknown = table(specWith({ "/tags": listTags({}, { links: { l: { operationId: "nope" } } }), "/tags/{tag_id}": getTag })).listTags;
    expect(unknown.detail).toBeNull();
    expect(unknown.notes).toEqual(["link l names operationId nope, which the spec does not have"]);
    const unreadable = table(specWith({ "/tags": listTags({}, { links: { l: { operationId: "getTag", parameters: { tag_id: "$response.header.X" } } } }), "/tags/{tag_id}": getTag })).listTags;
    expect(unreadable.notes).toEqual(["link l gives tag_id as $response.header.X; expected $response.body#/data/<n>/<property> or $request.path.<name>"]);
  });

  it("finds a nested list's parent and its detail, whose path parameters come from the list's path and the item", () => {
    const history = {
      get: { operationId: "getTagHistory", parameters: [idParameter("tag_id"), ...paging], responses: { "200": json(pageOf(ref("Entry"))), "404": error } },
    };
    const entry = {
      get: { operationId: "getTagHistoryEntry", parameters: [idParameter("tag_id"), idParameter("entry_id")], responses: { "200": json(ref("Entry")) } },
    };
    const spec = specWith(
      { "/tags": listTags(), "/tags/{tag_id}": getTag, "/tags/{tag_id}/history": history, "/tags/{tag_id}/history/{entry_id}": entry },
      { Entry: { type: "object", properties: { entry_id: { type: "integer" }, status: { type: "string", enum: ["a", "b"] } } } },
    );
    const rows = table(spec);
    expect(rows.getTagHistory.parent).toBe("getTag");
    expect(rows.getTagHistory.iterator).toBe("iterateTagHistory");
    expect(rows.getTagHistory.pathParameters).toEqual(["tag_id"]);
    expect(rows.getTagHistory.detail).toEqual({
      operationId: "getTagHistoryEntry",
      source: "inferred",
      parameters: { tag_id: { from: "path", parameter: "tag_id" }, entry_id: { from: "item", property: "entry_id" } },
    });
    // A list is not a parent: an entry's parent resource is the tag, as for the history itself.
    expect(rows.getTagHistoryEntry.parent).toBe("getTag");
    expect(rows.listTags.parent).toBeNull();
  });

  it("maps filters to item properties: the same name, an array's elements by the plural, or a declared x-item-property", () => {
    const parameters = [
      { name: "name", in: "query", schema: { type: "string" } },
      { name: "alias", in: "query", schema: { type: "string" } },
      { name: "label", in: "query", schema: { type: "string" }, "x-item-property": "name" },
      { name: "colour", in: "query", schema: { type: "string" } },
      { name: "shade", in: "query", schema: { type: "string" }, "x-item-property": "hue" },
    ];
    const row = table(specWith({ "/tags": listTags({ parameters }) })).listTags;
    expect(row.filters).toEqual({
      name: { property: "name", match: "value", freeText: true },
      alias: { property: "aliases", match: "element", freeText: true },
      label: { property: "name", match: "value", freeText: true },
    });
    expect(row.notes).toEqual([
      "query parameter colour filters on no item property the rules can find (none is named colour, and no array is named colour with -s or -es added); declare one with x-item-property if it has one",
      "query parameter shade declares x-item-property hue, which is not a property of the items",
    ]);
  });

  it("names iterators list<X> -> iterate<X>, get<X> -> iterate<X>, anything else iterate<OperationId>", () => {
    expect(iteratorName("listSamples")).toBe("iterateSamples");
    expect(iteratorName("getSampleHistory")).toBe("iterateSampleHistory");
    expect(iteratorName("searchRuns")).toBe("iterateSearchRuns");
    expect(iteratorName("listing")).toBe("iterateListing");
  });

  it("keeps an iterator's name from taking an operationId's", () => {
    const spec = specWith({ "/tags": listTags(), "/other": { get: { operationId: "iterateTags", responses: { "200": json(ref("Tag")) } } } });
    const row = table(spec).listTags;
    expect(row.iterator).toBe("iterateListTags");
    expect(row.notes).toContain("its iterator's name iterateTags is a method's name too, so it is iterateListTags");
  });

  it("reads the success, the parameters' types and defaults, and a request body", () => {
    const post = {
      post: {
        operationId: "createTag",
        parameters: [{ name: "dry_run", in: "query", schema: { type: ["boolean", "null"], default: false } }],
        requestBody: { content: { "application/json": { schema: ref("Tag") } } },
        responses: { "201": json(ref("Tag")), "204": { description: "none" }, default: error },
      },
    };
    const row = table(specWith({ "/tags": post })).createTag;
    expect(row).toMatchObject({ method: "POST", success: { status: "201", schema: "Tag" }, page: null, iterator: null });
    expect(row.requestBody).toEqual({ required: false, media: ["application/json"], schema: { $ref: `${JSON_SCHEMA_ID}#/$defs/Tag` } });
    expect(row.queryParameters).toEqual([{ name: "dry_run", required: false, type: "boolean", default: false }]);
  });
});

describe("what a row carries of the spec, so that nobody reads the document at run time", () => {
  // A 3.0 document: its schemas are converted (nullable, example, boolean exclusiveMinimum) wherever they are written.
  const spec30 = (): JsonObject => ({
    openapi: "3.0.3",
    info: { title: "Shop", version: "1" },
    servers: [{ url: "https://{region}.shop.test/api/{version}", variables: { region: { default: "eu" } } }],
    security: [{ key: ["read"] }],
    paths: {
      "/items/{item_id}": {
        parameters: [{ $ref: "#/components/parameters/ItemId" }, { name: "lang", in: "query", schema: { type: "string" } }],
        get: {
          operationId: "getItem",
          parameters: [
            { name: "lang", in: "query", description: "overrides the path's", schema: { type: "string", enum: ["en", "fr"] }, "x-case-insensitive": true },
            { name: "X-Trace", in: "header", required: true, example: "t-1", schema: { type: "string", nullable: true } },
            { name: "ids", in: "query", style: "pipeDelimited", explode: false, schema: { type: "array", items: { type: "integer" } } },
          ],
          responses: {
            "200": {
              description: "ok",
              headers: { "X-Count": { $ref: "#/components/headers/Count" } },
              content: { "application/json": { schema: { $ref: "#/components/schemas/Item" }, examples: { small: { value: { id: 1 } }, large: { value: { id: 2 } } } } },
            },
            "404": { $ref: "#/components/responses/NotFound" },
            "5XX": { description: "down", content: { "text/plain": { schema: { type: "string", pattern: "^down" }, example: "down for now" } } },
          },
        },
        put: {
          operationId: "putItem",
          security: [],
          requestBody: { required: true, content: { "application/json": { schema: { type: "object", properties: { n: { type: "integer", exclusiveMinimum: true, minimum: 0 } } } } } },
          responses: { "204": { description: "done" }, "404": { $ref: "#/components/responses/NotFound" } },
        },
      },
    },
    components: {
      securitySchemes: { key: { type: "apiKey", in: "header", name: "X-Key" } },
      parameters: { ItemId: { name: "item_id", in: "path", required: true, schema: { $ref: "#/components/schemas/Id" } } },
      headers: { Count: { required: true, example: 3, schema: { type: "integer", example: 7 } } },
      responses: {
        NotFound: {
          description: "missing",
          headers: { "X-Count": { $ref: "#/components/headers/Count" } },
          content: { "application/json": { schema: { $ref: "#/components/schemas/Problem" }, example: { detail: "no item 7" } } },
        },
      },
      schemas: { Id: { type: "integer", minimum: 1 }, Item: { type: "object", properties: { id: { $ref: "#/components/schemas/Id" } } }, Problem: { type: "object", properties: { detail: { type: "string" } } } },
    },
  });
  const idRef = { $ref: `${JSON_SCHEMA_ID}#/$defs/Id` };

  it("gives every parameter with its converted schema, style, example, description and case rule; a shared one keeps its name", () => {
    const rows = table(spec30());
    expect(rows.getItem.parameters).toEqual([
      { name: "item_id", in: "path", required: true, schema: idRef, style: "simple", explode: false, ref: "ItemId" },
      { name: "lang", in: "query", required: false, schema: { type: "string", enum: ["en", "fr"] }, style: "form", explode: true, description: "overrides the path's", caseInsensitive: true },
      { name: "X-Trace", in: "header", required: true, schema: { type: ["string", "null"] }, style: "simple", explode: false, example: "t-1" },
      { name: "ids", in: "query", required: false, schema: { type: "array", items: { type: "integer" } }, style: "pipeDelimited", explode: false },
    ]);
    // One object for the shared parameter, in every row that uses it: the renderer writes it once.
    expect(rows.putItem.parameters[0]).toBe(rows.getItem.parameters[0]);
    expect(rows.getItem.queryParameters.find((p: JsonObject) => p.name === "ids")).toEqual({ name: "ids", required: false, type: "array", joined: "pipeDelimited" });
  });

  it("gives the request body's media, whether it is required, and its schema converted", () => {
    const rows = table(spec30());
    expect(rows.putItem.requestBody).toEqual({ required: true, media: ["application/json"], schema: { type: "object", properties: { n: { type: "integer", exclusiveMinimum: 0 } } } });
    expect(rows.getItem.requestBody).toBeNull();
  });

  it("gives every response's headers, example names, an error's example, a text body's schema, and none for a 204", () => {
    const rows = table(spec30());
    const count = { name: "X-Count", schema: { type: "integer", examples: [7] }, required: true, example: 3, ref: "Count" };
    expect(rows.getItem.responses).toEqual([
      { status: "200", media: ["application/json"], body: "json", schema: "Item", headers: [count], examples: ["small", "large"] },
      { status: "404", media: ["application/json"], body: "json", schema: "Problem", headers: [count], examples: [], example: { detail: "no item 7" }, ref: "NotFound" },
      { status: "5XX", media: ["text/plain"], body: "text", schema: null, bodySchema: { type: "string", pattern: "^down" }, headers: [], examples: [], example: "down for now" },
    ]);
    expect(rows.putItem.responses[0]).toEqual({ status: "204", media: [], body: null, schema: null, headers: [], examples: [] });
    expect(rows.putItem.responses[1]).toBe(rows.getItem.responses[1]);
  });

  it("gives the security alternatives and the schemes they name; none for security: []", () => {
    const rows = table(spec30());
    expect(rows.getItem.security).toEqual([{ key: ["read"] }]);
    expect(rows.getItem.securitySchemes).toEqual({ key: { type: "apiKey", in: "header", name: "X-Key" } });
    expect(rows.putItem).toMatchObject({ security: [], securitySchemes: {} });
  });

  it("gives the spec's title and first server, its variables at their defaults", () => {
    expect(specInfoOf(spec30())).toEqual({ title: "Shop", serverUrl: "https://eu.shop.test/api/version" });
    expect(specInfoOf({ openapi: "3.1.0", info: {}, paths: {} })).toEqual({ title: null, serverUrl: null });
  });
});

describe("the table of spec/openapi.yaml", () => {
  it("pairs listSamples with getSample, maps its filters, and says that status filters on no item property", async () => {
    const spec = await readSpec(path.join(ROOT, "spec/openapi.yaml"));
    const rows = table(spec);
    expect(Object.keys(rows)).toEqual(["listSamples", "getSample"]);
    expect(rows.listSamples).toMatchObject({
      iterator: "iterateSamples",
      detail: { operationId: "getSample", source: "inferred", parameters: { sample_id: { from: "item", property: "sample_id" } } },
      filters: {
        name: { property: "name", match: "value", freeText: true },
        tag: { property: "tags", match: "element", freeText: true },
        sha256: { property: "sha256", match: "value", freeText: false },
        extension: { property: "extension", match: "value", freeText: false },
      },
    });
    expect(rows.listSamples.notes).toEqual([expect.stringMatching(/^query parameter status filters on no item property/)]);
    expect(rows.getSample).toMatchObject({ pathParameters: ["sample_id"], queryParameters: [], page: null, parent: null });
  });
});
