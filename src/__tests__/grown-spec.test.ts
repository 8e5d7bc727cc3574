// The spec grows, the package follows (#18): the client generated from a spec with four more operations than ours
// (spec/fixtures/grown: a second paged list whose detail is declared by `links`, a list nested under a sample with an
// enum filter, a detail nothing lists) gets a typed method for each and an iterator for each paged list, with no code
// written for them. Generated into a temp copy of the package and built in-process; a consumer is type-checked (one
// TypeScript program: wrong types and unknown enum values are refused) and then run against the fixture's HTTP server.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generatedPackage } from "./generated-package";
import { setupServer } from "msw/node";
import { grownMockSpec } from "../../spec/fixtures/grown/mock-spec";
import { createMockHandlersFor } from "../mock/handlers";
import { startMockServerFor } from "../mock/server";
import { errorBody, sendJson, startServer, type TestServer } from "./http-server";
import { GROWN_SPEC_PATH, GROWN_TOKEN, makeGrownData, startGrownServer, type GrownServer } from "../../spec/fixtures/grown/server";

const root = path.resolve(__dirname, "../..");

// Calls every new method and iterator; each `@ts-expect-error` must meet an error, or the program has one itself.
const CONSUMER = `
import { createSamplePlatformClient, type HistoryEntry, type ListTagsQuery, type Run, type Tag, type TagId } from "./src/index";

const settle = (call: () => Promise<unknown>) => call().then(() => undefined, (error: unknown) => error);

export async function exercise(baseUrl: string, token: string, sentBefore: () => number) {
  const sp = createSamplePlatformClient({ baseUrl, token, validateResponses: true, retries: 0 });
  const tags: Tag[] = [];
  const query: ListTagsQuery = { limit: 7 };
  for await (const tag of sp.iterateTags(query)) tags.push(tag);
  const tagId: TagId = tags[0].id;
  const tag: Tag = await sp.getTag(tagId);
  const filtered = await sp.listTags({ name: tags[0].name.slice(0, 3), limit: 100 });
  const history: HistoryEntry[] = [];
  for await (const entry of sp.iterateSampleHistory(2, { status: "passed", limit: 1 })) history.push(entry);
  const page = await sp.getSampleHistory(2, { limit: 2, offset: 0 });
  const run: Run | undefined = history[0] ? await sp.getRun(history[0].run_id) : undefined;
  const sample = await sp.getSample(2);
  const sent = sentBefore();
  const refusals = {
    // @ts-expect-error a tag id is a number
    wrongType: await settle(() => sp.getTag("7")),
    // @ts-expect-error status is one of the enum's values
    unknownEnum: await settle(() => sp.getSampleHistory(2, { status: "bogus" })),
    // @ts-expect-error listTags has no such parameter
    unknownParameter: await settle(() => sp.listTags({ colour: "red" })),
    outOfRange: await settle(() => sp.iterateTags({ limit: 101 }).next()),
    belowMinimum: await settle(() => sp.getSampleHistory(0)),
  };
  const unsent = sentBefore() === sent;
  const missingParent = await settle(() => sp.getSampleHistory(99_999));
  const missingTag = await settle(() => sp.getTag(99_999));
  return { tags, tag, filtered, history, page, run, sample, refusals, unsent, missingParent, missingTag };
}

/** Every list walked with its iterator, every listed item's detail, and a list under a missing parent. */
export async function walkEverything(baseUrl: string, token: string) {
  const sp = createSamplePlatformClient({ baseUrl, token, validateResponses: true, retries: 0 });
  const samples = [];
  for await (const sample of sp.iterateSamples({ limit: 40 })) samples.push(sample);
  const tags: Tag[] = [];
  for await (const tag of sp.iterateTags({ limit: 9 })) tags.push(tag);
  const history: Record<number, HistoryEntry[]> = {};
  for (const sample of samples.slice(0, 12)) {
    history[sample.sample_id] = [];
    for await (const entry of sp.iterateSampleHistory(sample.sample_id, { limit: 2 })) history[sample.sample_id].push(entry);
  }
  const sampleDetails = [];
  for (const sample of samples) sampleDetails.push(await sp.getSample(sample.sample_id));
  const tagDetails = [];
  for (const tag of tags) tagDetails.push(await sp.getTag(tag.id));
  const missingId = Math.max(...samples.map((s) => s.sample_id)) + 1000;
  const missingParent = await settle(() => sp.getSampleHistory(missingId));
  return { samples, tags, history, sampleDetails, tagDetails, missingParent };
}
`;

const made: string[] = [];
let server: GrownServer;
let exercise: (baseUrl: string, token: string, sent: () => number) => Promise<any>;
let walkEverything: (baseUrl: string, token: string) => Promise<any>;
let diagnostics: string[];

beforeAll(async () => {
  const generated = await generatedPackage(GROWN_SPEC_PATH, CONSUMER);
  made.push(generated.dir);
  ({ diagnostics } = generated);
  ({ exercise, walkEverything } = generated.module);
  server = await startGrownServer();
}, 60_000);

afterAll(async () => {
  await server?.close();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe("a client generated from a grown spec", () => {
  it("type-checks a consumer of every new method and iterator, and refuses wrong types and unknown enum values", () => {
    expect(diagnostics).toEqual([]);
  });

  it("walks every list with its iterator, finds each detail, and refuses bad input unsent with the field and the rule", async () => {
    const data = makeGrownData();
    const result = await exercise(server.baseUrl, GROWN_TOKEN, () => server.requests.length);

    // Every tag once, in the server's order, over pages of 7.
    expect(result.tags.map((t: { id: number }) => t.id)).toEqual(data.tags.map((t) => t.id));
    expect(result.tag).toEqual(result.tags[0]);
    expect(result.filtered.data.length).toBeGreaterThan(0);
    expect(result.filtered.data.every((t: { name: string }) => t.name.toLowerCase().includes(result.tags[0].name.slice(0, 3).toLowerCase()))).toBe(true);
    // The nested list, filtered by its enum, one item a page.
    const passed = (data.history.get(2) ?? []).filter((entry) => entry.status === "passed");
    expect(result.history).toEqual(passed);
    expect(result.page.pagination).toMatchObject({ limit: 2, offset: 0, total: data.history.get(2)?.length });
    if (passed.length > 0) expect(result.run).toEqual(data.runs.find((r) => r.run_id === passed[0].run_id));
    expect(result.sample).toEqual(data.samples.find((s) => s.sample_id === 2));

    expect(result.unsent).toBe(true);
    const fields = (error: any) => ({ code: error?.code, fields: error?.details?.fields });
    expect(fields(result.refusals.wrongType)).toEqual({ code: "invalid_request", fields: { tag_id: "must be integer" } });
    expect(fields(result.refusals.unknownEnum)).toEqual({ code: "invalid_request", fields: { status: "must be equal to one of the allowed values" } });
    expect(fields(result.refusals.unknownParameter)).toEqual({ code: "invalid_request", fields: { colour: "is not a parameter of this operation" } });
    expect(fields(result.refusals.outOfRange)).toEqual({ code: "invalid_request", fields: { limit: "must be <= 100" } });
    expect(fields(result.refusals.belowMinimum)).toEqual({ code: "invalid_request", fields: { sample_id: "must be >= 1" } });
    expect(result.refusals.wrongType.message).toContain("tag_id");
  });

  it("answers a list under a missing parent, and a missing detail, with a typed 404", async () => {
    const result = await exercise(server.baseUrl, GROWN_TOKEN, () => server.requests.length);
    for (const error of [result.missingParent, result.missingTag]) {
      expect(error).toMatchObject({ name: "SamplePlatformError", status: 404, code: "not_found" });
    }
    expect(result.missingParent.request).toEqual({ method: "GET", url: `${server.baseUrl}/samples/99999/history` });
  });
});

describe("the same client against the package's mock serving the grown spec", () => {
  /** What a walk of every list must show, whoever serves it: unique ids, each detail its item, history under its sample. */
  function expectCoherent(walk: any): void {
    expect(walk.samples.length).toBeGreaterThan(40);
    expect(walk.tags.length).toBeGreaterThan(9);
    expect(new Set(walk.samples.map((s: any) => s.sample_id)).size).toBe(walk.samples.length);
    expect(new Set(walk.tags.map((t: any) => t.id)).size).toBe(walk.tags.length);
    expect(walk.sampleDetails).toEqual(walk.samples);
    expect(walk.tagDetails).toEqual(walk.tags);
    const entries = Object.entries<any[]>(walk.history);
    expect(entries.some(([, list]) => list.length > 2)).toBe(true);
    for (const [id, list] of entries) for (const entry of list) expect(entry.sample_id).toBe(Number(id));
    expect(walk.missingParent).toMatchObject({ name: "SamplePlatformError", status: 404, code: "not_found" });
  }

  it("over HTTP, under the spec's base path", async () => {
    const mock = await startMockServerFor(await grownMockSpec(), { port: 0, token: "mock-token" });
    try {
      expect(mock.baseUrl).toMatch(/\/api\/v1$/);
      expectCoherent(await walkEverything(mock.baseUrl, "mock-token"));
    } finally {
      await mock.close();
    }
  });

  it("through MSW", async () => {
    const msw = setupServer(...createMockHandlersFor(await grownMockSpec(), { baseUrl: "https://sp.test/api/v1", token: "mock-token" }));
    msw.listen({ onUnhandledRequest: "error" });
    try {
      expectCoherent(await walkEverything("https://sp.test/api/v1", "mock-token"));
    } finally {
      msw.close();
    }
  });

  it("the fixture server too, whose data the walk must match", async () => {
    const walk = await walkEverything(server.baseUrl, GROWN_TOKEN);
    expectCoherent(walk);
    const data = makeGrownData();
    expect(walk.samples).toEqual(data.samples);
    for (const sample of walk.samples.slice(0, 12)) expect(walk.history[sample.sample_id]).toEqual(data.history.get(sample.sample_id));
  });
});

// A spec that gains a POST: its method takes the body after the path parameters, sends it as JSON, and is retried only
// after an answer that says the request was not processed.
const POST_SPEC = `
openapi: 3.1.0
info: { title: post, version: "1" }
paths:
  /samples/{sample_id}/tags:
    post:
      operationId: addSampleTag
      parameters:
        - { name: sample_id, in: path, required: true, schema: { type: integer, minimum: 1 } }
        - { name: dry_run, in: query, schema: { type: boolean } }
      requestBody:
        required: true
        content:
          application/json:
            schema: { type: object, required: [tag], properties: { tag: { type: string, maxLength: 50 } } }
      responses:
        "201":
          description: added
          content: { application/json: { schema: { $ref: "#/components/schemas/TagAdded" } } }
        "429": { $ref: "#/components/responses/Failure" }
        "503": { $ref: "#/components/responses/Failure" }
        default: { $ref: "#/components/responses/Failure" }
components:
  responses:
    Failure:
      description: failure
      content: { application/json: { schema: { $ref: "#/components/schemas/Error" } } }
  schemas:
    TagAdded:
      type: object
      required: [sample_id, tag]
      properties: { sample_id: { type: integer }, tag: { type: string } }
    Error:
      type: object
      required: [code, message, details]
      properties: { code: { type: string }, message: { type: string }, details: { type: object } }
`;

const POST_CONSUMER = `
import { createSamplePlatformClient, type TagAdded } from "./src/index";
export function client(baseUrl: string) {
  return createSamplePlatformClient({ baseUrl, token: "post-token", retries: 2, maxRetryDelayMs: 1000 });
}
export async function add(baseUrl: string, id: number, tag: string): Promise<TagAdded> {
  return client(baseUrl).addSampleTag(id, { tag }, { dry_run: true });
}
// @ts-expect-error the body is required and typed
export const missingBody = (baseUrl: string) => client(baseUrl).addSampleTag(1, { label: "x" });
`;

describe("a client generated from a spec with a POST", () => {
  let add: (baseUrl: string, id: number, tag: string) => Promise<unknown>;
  let postDiagnostics: string[];
  let answers: Array<(res: import("node:http").ServerResponse) => void>;
  const bodies: unknown[] = [];
  let post: TestServer;

  beforeAll(async () => {
    const specPath = path.join(mkdtempSync(path.join(root, "node_modules/.cache/sp-post-spec-")), "openapi.yaml");
    made.push(path.dirname(specPath));
    writeFileSync(specPath, POST_SPEC);
    const generated = await generatedPackage(specPath, POST_CONSUMER);
    made.push(generated.dir);
    postDiagnostics = generated.diagnostics;
    ({ add } = generated.module);
    post = await startServer((req, res, index) => {
      let text = "";
      req.on("data", (chunk: Buffer) => (text += chunk.toString()));
      req.on("end", () => {
        bodies.push({ method: req.method, url: req.url, type: req.headers["content-type"], body: text });
        const answer = answers[index] ?? ((r) => sendJson(r, 201, { sample_id: 7, tag: "dvb" }));
        answer(res);
      });
    });
  }, 60_000);
  afterAll(() => post?.close());
  beforeEach(() => {
    post.requests.length = 0;
    bodies.length = 0;
  });

  it("gets a typed method: path parameter, then the JSON body, then the query", async () => {
    expect(postDiagnostics).toEqual([]);
    answers = [];
    await expect(add(post.origin, 7, "dvb")).resolves.toEqual({ sample_id: 7, tag: "dvb" });
    expect(bodies).toEqual([{ method: "POST", url: "/samples/7/tags?dry_run=true", type: "application/json", body: '{"tag":"dvb"}' }]);
  });

  it("is not retried after a 5xx without Retry-After, nor after a broken connection", async () => {
    answers = [(res) => sendJson(res, 503, errorBody("unavailable", "down"))];
    await expect(add(post.origin, 7, "dvb")).rejects.toMatchObject({ status: 503 });
    expect(post.requests).toHaveLength(1);
    answers = [(res) => res.socket?.destroy()];
    post.requests.length = 0;
    await expect(add(post.origin, 7, "dvb")).rejects.toMatchObject({ code: "network_error" });
    expect(post.requests).toHaveLength(1);
  });

  it("is retried after a 429, and after a 503 with Retry-After", async () => {
    answers = [(res) => sendJson(res, 429, errorBody("rate_limited", "slow down"), { "Retry-After": "0" }), (res) => sendJson(res, 503, errorBody("unavailable", "down"), { "Retry-After": "0" })];
    await expect(add(post.origin, 7, "dvb")).resolves.toEqual({ sample_id: 7, tag: "dvb" });
    expect(post.requests.map((r) => r.method)).toEqual(["POST", "POST", "POST"]);
  });
});
