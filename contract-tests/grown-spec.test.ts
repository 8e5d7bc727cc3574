// The suite on a grown spec (spec/fixtures/grown/openapi.yaml: a second paged list with a links-declared detail, a
// list nested under a sample with an enum filter, a by-id operation no list leads to), judged in-process against its
// conformant server: every list walked as its own collection, list/detail only between the table's pairs, no false
// alarm. Two broken variants of that server prove the checks still bite there.
import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { buildOperationTable } from "../scripts/operation-table";
import { buildJsonSchemaDocument, readSpec } from "../spec/model";
import { GROWN_SPEC_PATH, GROWN_TOKEN, startGrownServer } from "../spec/fixtures/grown/server";
import { runTarget, type TargetResult } from "./engine";
import { liveRunOptions } from "./fixtures/live-run";
import { detailPathOf, identityOf, itemNoun, listsOf, nestedUnder } from "./collections";
import { loadSpecModel, type SpecModel } from "./spec";

let grown: SpecModel;
beforeAll(async () => {
  const openapi = await readSpec(GROWN_SPEC_PATH);
  const jsonSchema = buildJsonSchemaDocument(openapi);
  grown = loadSpecModel({ openapi, jsonSchema, table: buildOperationTable(openapi, jsonSchema) });
});

/** Rewrites one answer of the grown server: its status and body, given the request's URL. */
type Rewrite = (url: URL, status: number, body: any) => { status: number; body: unknown } | undefined;

/** A server in front of the grown one that rewrites some answers (a broken variant); the others pass through. */
async function brokenVariant(upstream: string, rewrite: Rewrite): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const target = new URL(upstream);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const forwarded = request({ host: target.hostname, port: target.port, path: `${target.pathname}${req.url ?? ""}`, headers: req.headers, method: req.method }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on("data", (c: Buffer) => chunks.push(c));
      answer.on("end", () => {
        const changed = rewrite(new URL(req.url ?? "/", "http://x"), answer.statusCode ?? 0, JSON.parse(Buffer.concat(chunks).toString("utf8")));
        res.writeHead(changed?.status ?? answer.statusCode ?? 500, { "content-type": "application/json" });
        res.end(changed ? JSON.stringify(changed.body) : Buffer.concat(chunks));
      });
    });
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** A default live run of the suite, on the grown spec, against the grown server or a broken variant of it. */
async function judgeGrown(rewrite?: Rewrite, seed?: string): Promise<TargetResult> {
  const server = await startGrownServer();
  const variant = rewrite ? await brokenVariant(server.baseUrl, rewrite) : undefined;
  try {
    const baseUrl = variant?.baseUrl ?? server.baseUrl;
    return await runTarget(liveRunOptions("grown-live", baseUrl, GROWN_TOKEN, { spec: grown, maxRequests: 2000, sleep: () => Promise.resolve(), ...(seed ? { seed } : {}) }));
  } finally {
    await variant?.close();
    await server.close();
  }
}

const failures = (r: TargetResult) => r.failures.map((f) => `${f.check} ${f.operationId}: ${f.message}`);

describe("what the table says of the grown spec's collections", () => {
  it("identifies each list's items by the property its detail maps from (links or inferred), else by the whole item", () => {
    const [samples, tags, history] = ["listSamples", "listTags", "getSampleHistory"].map((id) => grown.operationById(id));
    expect(identityOf(samples, { sample_id: 7, name: "x" })).toBe("7");
    expect(identityOf(tags, { id: 3, name: "cea-608" })).toBe("3");
    expect(detailPathOf(tags, { id: 3, name: "cea-608" }, {})).toEqual({ tag_id: "3" });
    // No detail: the whole item, whatever order its properties come in.
    expect(identityOf(history, { run_id: 1, status: "failed" })).toBe(identityOf(history, { status: "failed", run_id: 1 }));
    expect([itemNoun(samples), itemNoun(tags), itemNoun(history)]).toEqual(["sample", "tag", "history entry"]);
    expect(listsOf(grown.operationById("getTag")).map((o) => o.operationId)).toEqual(["listTags"]);
    expect(listsOf(grown.operationById("getRun"))).toEqual([]);
    expect(nestedUnder(history)?.operationId).toBe("getSample");
  });
});

describe("a grown spec, against its conformant server", () => {
  it.each(["1", "7", "42"])("passes every check with no failure (seed %s)", async (seed) => {
    const result = await judgeGrown(undefined, seed);
    expect({ failures: failures(result), stop: result.stop }).toEqual({ failures: [], stop: undefined });
  });

  it("walks each list as its own collection, a nested list under listed samples, and judges every pair the table gives", async () => {
    const result = await judgeGrown();
    const walked = new Set(result.walks.map((w) => w.operationId));
    expect([...walked].sort()).toEqual(["getSampleHistory", "listSamples", "listTags"]);
    // The nested list under several listed samples, each its own collection; its status filter from a real entry.
    const parents = new Set(result.walks.filter((w) => w.operationId === "getSampleHistory").map((w) => w.pathParams?.sample_id));
    expect(parents.size).toBeGreaterThan(1);
    expect(result.walks.some((w) => w.operationId === "getSampleHistory" && w.filters.status && w.source)).toBe(true);
    const passed = (check: string, operationId: string) => result.tallies.find((t) => t.check === check && t.operationId === operationId)?.pass ?? 0;
    for (const op of ["listSamples", "listTags", "getSampleHistory"]) expect({ op, pagination: passed("pagination_consistency", op) > 0 }).toEqual({ op, pagination: true });
    for (const op of ["getSample", "getTag"]) expect({ op, listDetail: passed("list_detail_consistency", op) > 0 }).toEqual({ op, listDetail: true });
    for (const op of ["getSample", "getTag", "getSampleHistory"]) expect({ op, missing: passed("missing_resource", op) > 0 }).toEqual({ op, missing: true });
    expect(passed("filter_semantics", "listTags")).toBeGreaterThan(0);
    // No pair the table does not give: getRun and the nested list are no list's detail.
    expect(result.tallies.filter((t) => t.check === "list_detail_consistency").map((t) => t.operationId).sort()).toEqual(["getSample", "getTag"]);
    // A malformed sample_id answered 404 is a rejection, although getSampleHistory documents 400 (for its query).
    const malformed = result.exchanges.filter((e) => e.case.operationId === "getSampleHistory" && e.case.broken?.location === "path");
    expect(malformed.length).toBeGreaterThan(0);
    expect(new Set(malformed.map((e) => e.response.status))).toEqual(new Set([404]));
    // A list under a missing sample is asked for, and answered 404.
    const missingHistory = result.exchanges.find((e) => e.case.operationId === "getSampleHistory" && e.case.kind === "missing");
    expect(missingHistory?.response.status).toBe(404);
  });
});

describe("a broken variant of the grown server", () => {
  it("fails list_detail_consistency, and only it, when a tag's detail has another name than the list shows", async () => {
    const result = await judgeGrown((url, status, body) => (status === 200 && /^\/tags\/\d+$/.test(url.pathname) ? { status, body: { ...body, name: `${body.name}-detail` } } : undefined));
    expect([...new Set(result.failures.map((f) => `${f.check} ${f.operationId}`))]).toEqual(["list_detail_consistency getTag"]);
    for (const f of result.failures) expect(f.message).toMatch(/^tag \d+ differs between list and detail at \/name: list has "[^"]+", detail has "[^"]+-detail"$/);
  });

  it("fails missing_resource, and only it, when the history of a missing sample is answered 200", async () => {
    // Only a well-formed id (a malformed one stays 404): an empty page, echoing the paging asked for.
    const emptyPage = (url: URL) => ({ data: [], pagination: { limit: Number(url.searchParams.get("limit") ?? 50), offset: Number(url.searchParams.get("offset") ?? 0), total: 0, next_offset: null } });
    const result = await judgeGrown((url, status) => (status === 404 && /^\/samples\/[1-9]\d*\/history$/.test(url.pathname) ? { status: 200, body: emptyPage(url) } : undefined));
    expect([...new Set(result.failures.map((f) => `${f.check} ${f.operationId}`))]).toEqual(["missing_resource getSampleHistory"]);
    expect(failures(result)).toContainEqual(expect.stringMatching(/^missing_resource getSampleHistory: getSampleHistory under missing sample \d+ was answered 200; expected 404 with an Error body$/));
  });
});
