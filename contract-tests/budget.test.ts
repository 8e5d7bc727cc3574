// A budget that fits the plan (#30 item 3) and operations not judged (#30 item 6): the plan made before the first
// request, the default budget derived from it with room for 429 retries, the operations a spent budget left not fully
// judged, and an operation no 2xx answer reached (a token without its scope), which is never a pass. Against the
// package's mock over HTTP, behind a small proxy that rate-limits or refuses.
import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { buildOperationTable } from "../scripts/operation-table";
import { mockSpecOf } from "../spec/fixtures/grown/mock-spec";
import { buildJsonSchemaDocument, readSpec, type JsonObject } from "../spec/model";
import { startMockServer, startMockServerFor, type MockServer } from "../src/mock/server";
import type { MockSpec } from "../src/mock/spec-facts";
import { runTarget, type TargetResult } from "./engine";
import { liveRunOptions } from "./fixtures/live-run";
import { DEFAULT_PLAN_REQUESTS, makePlan, MIN_GENERATED_PER_OPERATION, RETRY_SHARE } from "./plan";
import { formatSummary, verdictOf } from "./report/summary";
import { verdictsOf } from "./report/verdicts";
import { loadSpecModel, operationById, type SpecModel } from "./spec";

const TOKEN = "budget-test-token";
const noSleep = () => Promise.resolve();

/** Answers a request itself (status, body), or undefined to pass it on to the mock. */
type Intercept = (req: IncomingMessage, index: number) => { status: number; headers?: Record<string, string>; body: unknown } | undefined;

/** A proxy in front of the mock: `intercept` answers some requests itself, the mock the others. */
async function proxy(mock: MockServer, intercept: Intercept): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const upstream = new URL(mock.baseUrl);
  let index = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const own = intercept(req, index++);
    if (own) {
      res.writeHead(own.status, { "content-type": "application/json", ...own.headers });
      res.end(JSON.stringify(own.body));
      return;
    }
    const forwarded = request({ host: upstream.hostname, port: upstream.port, path: req.url, headers: req.headers, method: req.method }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${upstream.pathname}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A default live run (the budget from the plan, unpaced, waits not really waited) through a proxy over the mock. */
async function judgeThrough(intercept: Intercept, options: { spec?: SpecModel; mock?: () => Promise<MockServer>; maxRequests?: number } = {}): Promise<TargetResult> {
  const mock = await (options.mock ?? (() => startMockServer({ port: 0, token: TOKEN, count: 40 })))();
  const front = await proxy(mock, intercept);
  try {
    return await runTarget(liveRunOptions("proxied-mock", front.baseUrl, TOKEN, { sleep: noSleep, spec: options.spec, maxRequests: options.maxRequests }));
  } finally {
    await front.close();
    await mock.close();
  }
}

const RATE_LIMITED = { status: 429, headers: { "retry-after": "1" }, body: { code: "rate_limited", message: "Slow down.", details: {} } };

describe("the plan", () => {
  const ops = [operationById("listSamples"), operationById("getSample")];
  const counts = (fixed: number, coverage: number, generated: number) => ({
    fixed: new Map(ops.map((o) => [o.operationId, fixed])),
    coverage: new Map(ops.map((o) => [o.operationId, coverage])),
    generated: new Map(ops.map((o) => [o.operationId, generated])),
  });

  it("counts every source per operation; the default budget is the plan with room for its walks, and a share for 429 retries", () => {
    const plan = makePlan({ target: "live", operations: ops, counts: counts(20, 40, 100) });
    expect(plan.operations.map((o) => [o.operationId, o.fixed, o.coverage, o.generated])).toEqual([
      ["listSamples", 20, 40, 100],
      ["getSample", 20, 40, 100],
    ]);
    // Walks: the list's pages, the items it shows fetched by id, the missing resource asked for.
    expect(plan.walks).toBeGreaterThan(0);
    expect(plan.operations.find((o) => o.operationId === "getSample")!.walks).toBeGreaterThan(1);
    expect(plan.total).toBe(40 + 80 + plan.walks + 200);
    expect(plan.budget).toBe(plan.total + plan.walks);
    expect(plan.retryReserve).toBe(Math.ceil(plan.budget * RETRY_SHARE));
    // The mock is not walked, and its 429s are answers (only ever forced): no reserve.
    expect(makePlan({ target: "mock", operations: ops, counts: counts(20, 40, 100) })).toMatchObject({ walks: 0, retryReserve: 0, total: 320, budget: 320 });
  });

  it("scales with the operations: a large plan keeps every fixed, coverage and walk request, and cuts generation to fit", () => {
    const plan = makePlan({ target: "live", operations: ops, counts: counts(600, 300, 100) });
    expect(plan.fixed + plan.coverage).toBe(1800);
    expect(plan.generated).toBe(MIN_GENERATED_PER_OPERATION * 2);
    const middling = makePlan({ target: "live", operations: ops, counts: counts(300, 300, 1000) });
    expect(middling.total).toBe(DEFAULT_PLAN_REQUESTS);
    expect(middling.generated).toBe(DEFAULT_PLAN_REQUESTS - 1200 - middling.walks);
  });

  it("takes SP_CONTRACT_MAX_REQUESTS as the budget, whatever the plan", () => {
    const plan = makePlan({ target: "live", operations: ops, counts: counts(20, 40, 100), maxRequests: 90 });
    expect(plan).toMatchObject({ budget: 90, budgetSource: "SP_CONTRACT_MAX_REQUESTS", generated: 200 });
  });
});

describe("the budget, on a rate-limited server", () => {
  it("a conformant server answering one request in seven with 429 and Retry-After: 1 passes with default settings", async () => {
    const result = await judgeThrough((_req, i) => (i % 7 === 6 ? RATE_LIMITED : undefined));
    const retried = result.exchanges.filter((e) => e.retried).length;
    // One request in seven was a 429, each waited out and retried: their retries did not cut the plan short.
    expect(retried).toBeGreaterThanOrEqual(Math.floor(result.requestsSent / 7) - 1);
    expect(result.requestsSent - retried).toBeGreaterThan(result.plan!.fixed + result.plan!.coverage);
    expect({ stop: result.stop, failures: result.failures.map((f) => `${f.check} ${f.operationId}: ${f.message}`), notFullyJudged: result.notFullyJudged }).toEqual({ stop: undefined, failures: [], notFullyJudged: [] });
    expect(result.plan).toMatchObject({ budgetSource: "default" });
    expect(result.notes.join("\n")).toMatch(/the generated phase: 200 requests/);
    const summary = verdictOf([result]);
    expect({ verdict: summary.verdict, exitCode: summary.exitCode }).toEqual({ verdict: "pass", exitCode: 0 });
  }, 60_000);

  it("when the budget runs out, the verdict names the operations not fully judged", async () => {
    const result = await judgeThrough(() => undefined, { maxRequests: 60 });
    expect(result.stop?.reason).toBe("budget");
    expect(result.notFullyJudged).toEqual(["listSamples", "getSample"]);
    const summary = verdictOf([result]);
    expect(summary).toMatchObject({ verdict: "incomplete", exitCode: 1 });
    expect(formatSummary(summary)).toContain("not fully judged (the request budget ran out): listSamples, getSample");
    const runComplete = verdictsOf(summary)[0].cases.find((c) => c.name === "run complete")!;
    expect(runComplete).toMatchObject({ outcome: "fail" });
    expect(runComplete.message).toMatch(/request budget of 60 reached .*; not fully judged: listSamples, getSample$/);
  }, 60_000);
});

describe("an operation no 2xx answer reached", () => {
  let variant: JsonObject;
  let spec: SpecModel;
  let variantMockSpec: MockSpec;
  beforeAll(async () => {
    // Our spec, with getSample documenting 403 and asking the token for a scope (OpenAPI 3.1 allows roles on any scheme).
    variant = structuredClone(await readSpec(require.resolve("../spec/openapi.yaml")));
    const getSample = (variant.paths as Record<string, Record<string, Record<string, any>>>)["/samples/{sample_id}"].get;
    getSample.security = [{ bearerAuth: ["samples:read"] }];
    getSample.responses["403"] = { description: "The token lacks the scope", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
    const jsonSchema = buildJsonSchemaDocument(variant);
    spec = loadSpecModel({ openapi: variant, jsonSchema, table: buildOperationTable(variant, jsonSchema) });
    variantMockSpec = mockSpecOf(variant);
  });
  // A fresh mock (its own data and window) for each run, of the spec built once.
  const mock = () => startMockServerFor(variantMockSpec, { port: 0, token: TOKEN, count: 40 });
  /** The token is refused the scope getSample asks: every request of it with the token is answered 403. */
  const forbidden: Intercept = (req) =>
    /\/samples\/[^/?]+(\?|$)/.test(req.url ?? "") && req.headers.authorization === `Bearer ${TOKEN}`
      ? { status: 403, body: { code: "forbidden", message: "The token lacks scope samples:read.", details: {} } }
      : undefined;

  it("is not judged, with the reason, never a pass; the summary table says what each operation was judged on", async () => {
    const result = await judgeThrough(forbidden, { spec, mock });
    expect(result.judged!.getSample.notJudged).toBe("every request answered 403: the token lacks scope samples:read");
    expect(result.judged!.listSamples.notJudged).toBeUndefined();
    expect(result.notes).toContain("not judged: getSample: every request answered 403: the token lacks scope samples:read (no check saw a 2xx answer of it; not a pass)");
    const summary = verdictOf([result]);
    expect(summary.verdict).not.toBe("pass");
    expect(summary.exitCode).toBe(1);
    expect(verdictsOf(summary)[0].cases).toContainEqual(expect.objectContaining({ name: "judged getSample", outcome: "fail" }));
    const text = formatSummary(summary);
    expect(text).toMatch(/^operation\s+judged on$/m);
    expect(text).toMatch(/^getSample\s+NOT JUDGED: every request answered 403: the token lacks scope samples:read$/m);
    expect(text).toMatch(/^listSamples\s+\d+ 2xx, \d+ walk\(s\), \d+ 4xx$/m);
  }, 60_000);

  it("is judged once the token has the scope: the same server without the 403s passes", async () => {
    const result = await judgeThrough(() => undefined, { spec, mock });
    expect(result.judged!.getSample.notJudged).toBeUndefined();
    expect(result.judged!.getSample.ok).toBeGreaterThan(0);
    expect(verdictOf([result])).toMatchObject({ verdict: "pass", exitCode: 0 });
  }, 60_000);
});
