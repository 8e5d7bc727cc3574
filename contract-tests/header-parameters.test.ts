// Header parameters (#30 item 2): the generator gives each operation an open, by-spelling validator of its header
// parameters (none for Accept, Content-Type and Authorization, which OpenAPI ignores); the mock refuses a missing or
// broken one with a 400 naming it, its name read in any letter case; the suite draws valid values and values breaking
// exactly one rule, proven against that validator, sends them (the required ones on every request) and passes on the
// mock; and a server that ignores a header parameter fails negative_data_rejection, naming it and nothing else.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { generatedMockSpec } from "../spec/fixtures/grown/mock-spec";
import { startMockServerFor, type MockServer } from "../src/mock/server";
import type { MockSpec } from "../src/mock/spec-facts";
import { invalidRequest, requestErrors, ruleBreaks, validRequest } from "./cases/arbitraries";
import { coverageCases } from "./cases/coverage";
import { fitsHeader } from "./cases/parameters";
import { staticCases } from "./cases/static";
import { runTarget, type TargetResult } from "./engine";
import { liveRunOptions } from "./fixtures/live-run";
import { startRewritingProxy, type Asked, type Rewrites } from "./fixtures/rewriting-proxy";
import { loadSpecModel, type SpecModel, type SpecOperation } from "./spec";

const PATTERN = "^[A-Za-z0-9-]{8,64}$";
const HEADERS = ["X-Request-Id", "X-Tenant", "X-Depth"];
const openapi = {
  openapi: "3.1.0",
  info: { title: "headers", version: "1" },
  paths: {
    "/things": {
      get: {
        operationId: "listThings",
        parameters: [
          { name: "X-Request-Id", in: "header", required: false, schema: { type: "string", pattern: PATTERN }, example: "req-7f3a9c21" },
          { name: "X-Tenant", in: "header", required: true, schema: { type: "string", enum: ["north", "south"] } },
          { name: "X-Depth", in: "header", required: false, schema: { type: "integer", minimum: 1, maximum: 5 } },
          // Ignored by OpenAPI 3: never validated, never sent, never required of a request.
          { name: "Authorization", in: "header", required: true, schema: { type: "string", pattern: "^Token [a-z]+$" } },
        ],
        responses: {
          "200": { description: "the things", content: { "application/json": { schema: { type: "array", items: { type: "string" } } } } },
          "400": {
            description: "a bad parameter",
            content: { "application/json": { schema: { type: "object", required: ["message"], properties: { message: { type: "string" } } } } },
          },
        },
      },
    },
  },
};

// The spec as `npm run generate` writes it (the standalone validators as they ship), read by the mock and the suite.
let mockSpec: MockSpec;
let spec: SpecModel;
let op: SpecOperation;
let mock: MockServer;
beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "header-parameters-"));
  try {
    const file = path.join(dir, "openapi.json");
    await writeFile(file, JSON.stringify(openapi));
    mockSpec = await generatedMockSpec(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  spec = loadSpecModel({ jsonSchema: mockSpec.schemas, table: Object.values(mockSpec.operations) });
  op = spec.operationById("listThings");
  mock = await startMockServerFor(mockSpec, { port: 0 });
}, 60_000);
afterAll(() => mock?.close());

const parameter = (name: string) => op.parameters.find((p) => p.name === name)!;

describe("the generated header validator", () => {
  it("judges the pattern, the enum, the bounds and a required one missing, and nothing of Authorization or other headers", () => {
    const header = mockSpec.schemas.$defs as Record<string, any>;
    expect(Object.keys(header.listThings_header.properties)).toEqual(HEADERS);
    expect(header.listThings_header.additionalProperties).toBeUndefined();
    const validate = mockSpec.operations.listThings.validators.header!;
    expect(validate({ "X-Tenant": "north", "X-Request-Id": "req-7f3a9c21", "X-Depth": 3, Authorization: "anything", "X-Other": "x" })).toBe(true);
    const rules = (values: Record<string, unknown>) => op.validateParameter("header", values).map((e) => `${e.instancePath} ${e.keyword}`);
    expect(rules({ "X-Tenant": "north", "X-Request-Id": "short" })).toEqual(["/X-Request-Id pattern"]);
    expect(rules({ "X-Tenant": "west" })).toEqual(["/X-Tenant enum"]);
    expect(rules({ "X-Tenant": "north", "X-Depth": 6 })).toEqual(["/X-Depth maximum"]);
    expect(rules({})).toEqual([" required"]);
  });
});

describe("our mock", () => {
  const get = async (headers: Record<string, string>) => {
    const response = await fetch(`${mock.baseUrl}/things`, { headers });
    return { status: response.status, text: await response.text() };
  };

  it("answers a request whose header parameters keep their rules, their names in any letter case, integer text read as a number", async () => {
    expect((await get({ "X-Tenant": "north" })).status).toBe(200);
    expect((await get({ "x-tenant": "south", "x-request-id": "req-7f3a9c21", "X-DEPTH": "5" })).status).toBe(200);
  });

  it.each([
    ["a required one missing", { "X-Request-Id": "req-7f3a9c21" }, "X-Tenant"],
    ["a value outside its enum", { "x-tenant": "west" }, "X-Tenant"],
    ["a value breaking its pattern", { "X-Tenant": "north", "X-Request-Id": "short" }, "X-Request-Id"],
    ["a value over its maximum", { "X-Tenant": "north", "X-Depth": "6" }, "X-Depth"],
    ["text where an integer is due", { "X-Tenant": "north", "X-Depth": "deep" }, "X-Depth"],
  ])("refuses %s with a 400 naming the header", async (_what, headers, field) => {
    const answer = await get(headers);
    expect(answer.status).toBe(400);
    expect((JSON.parse(answer.text) as { message: string }).message).toContain(field);
  });
});

describe("the suite's cases", () => {
  it("valid requests draw every header in valid values HTTP can carry, the required one always, Authorization never", () => {
    const drawn = fc.sample(validRequest(op)!, { seed: 3, numRuns: 150 });
    expect(drawn.filter((r) => requestErrors(op, r).length > 0)).toEqual([]);
    expect(drawn.flatMap((r) => Object.values(r.headers ?? {})).every(fitsHeader)).toBe(true);
    expect(drawn.every((r) => r.headers?.["X-Tenant"] !== undefined && r.headers.Authorization === undefined)).toBe(true);
    const ids = new Set(drawn.flatMap((r) => r.headers?.["X-Request-Id"] ?? []));
    expect(ids.size).toBeGreaterThan(20);
    expect([...ids].every((v) => new RegExp(PATTERN).test(v))).toBe(true);
  });

  it("each rule break breaks that header's rule alone, the required header kept valid", () => {
    expect(ruleBreaks(op, parameter("X-Request-Id")).map((b) => b.rule)).toEqual([`pattern ${PATTERN}`]);
    expect(ruleBreaks(op, parameter("X-Depth")).map((b) => b.rule)).toEqual(expect.arrayContaining(["type integer", "minimum 1", "maximum 5"]));
    const broken = fc.sample(invalidRequest(op)!, { seed: 3, numRuns: 200 });
    expect(new Set(broken.map((r) => r.broken!.parameter))).toEqual(new Set(HEADERS));
    for (const r of broken) {
      const errors = requestErrors(op, r);
      expect({ r, one: errors.length > 0 && errors.every((e) => e.instancePath === `/${r.broken!.parameter}`), location: r.broken!.location }).toEqual({ r, one: true, location: "header" });
      expect(Object.values(r.headers!).every(fitsHeader)).toBe(true);
    }
  });

  it("fixed and coverage cases carry the required header, and break each header's rules", () => {
    const fixed = staticCases({ target: "live", pathValues: {} }, [op]).cases;
    const coverage = coverageCases({ target: "live", pathValues: {} }, [op]).cases;
    for (const c of [...fixed, ...coverage]) expect({ id: c.id, tenant: c.headers?.["X-Tenant"] !== undefined, authorization: c.headers?.Authorization }).toEqual({ id: c.id, tenant: true, authorization: undefined });
    const brokenIn = (cases: typeof fixed) => new Set(cases.flatMap((c) => (c.broken?.location === "header" ? [c.broken.parameter] : [])));
    expect(brokenIn(fixed)).toEqual(new Set(HEADERS));
    expect(brokenIn(coverage)).toEqual(new Set(HEADERS));
    for (const c of [...fixed, ...coverage]) {
      expect({ id: c.id, refused: requestErrors(op, { pathParams: c.pathParams, query: c.query, headers: c.headers }).length > 0 }).toEqual({ id: c.id, refused: c.kind === "negative" });
      expect(Object.values(c.headers ?? {}).every(fitsHeader)).toBe(true);
    }
  });
});

describe("the suite against the mock", () => {
  /** A run through a proxy in front of the mock that records every request's headers and may rewrite it. */
  async function judgeThrough(request?: Rewrites["request"]): Promise<{ result: TargetResult; seen: Asked[] }> {
    const seen: Asked[] = [];
    const proxy = await startRewritingProxy(mock.baseUrl, { request: (asked) => (seen.push(asked), request?.(asked)) });
    try {
      const result = await runTarget(liveRunOptions("headers", proxy.baseUrl, "unused-token", { spec, sleep: () => Promise.resolve(), examples: 20 }));
      return { result, seen };
    } finally {
      await proxy.close();
    }
  }
  const failures = (r: TargetResult) => r.failures.map((f) => `${f.check} ${f.operationId}: ${f.message}`);

  it("sends valid and broken values of every header parameter, the required one on every request, and passes", async () => {
    const { result, seen } = await judgeThrough();
    expect({ failures: failures(result), stop: result.stop }).toEqual({ failures: [], stop: undefined });
    expect(seen.length).toBeGreaterThan(20);
    // Authorization carries the suite's own credential, if anything: never a value made up for the ignored parameter.
    expect(seen.filter((asked) => asked.headers["x-tenant"] === undefined || /^Token /.test(asked.headers.authorization ?? "")).map((asked) => asked.headers)).toEqual([]);
    const broken = result.exchanges.filter((e) => e.case.broken?.location === "header");
    expect(new Set(broken.map((e) => e.case.broken!.parameter))).toEqual(new Set(HEADERS));
    expect(broken.every((e) => e.response.status === 400)).toBe(true);
    // Valid values of the optional headers went out too, and were answered 200.
    for (const name of ["x-request-id", "x-depth"]) {
      const valid = result.exchanges.filter((e) => !e.case.broken && e.response.status === 200 && Object.keys(e.case.headers ?? {}).some((k) => k.toLowerCase() === name));
      expect({ name, valid: valid.length > 0 }).toEqual({ name, valid: true });
    }
    const judged = result.tallies.filter((t) => t.check === "negative_data_rejection" && t.operationId === "listThings");
    expect(judged.reduce((n, t) => n + t.pass, 0)).toBeGreaterThan(5);
  }, 60_000);

  it("fails negative_data_rejection alone, naming X-Depth only, against a server that ignores X-Depth", async () => {
    const ignoringDepth = (asked: Asked): Asked => ({ ...asked, headers: Object.fromEntries(Object.entries(asked.headers).filter(([name]) => name !== "x-depth")) });
    const { result } = await judgeThrough(ignoringDepth);
    expect([...new Set(result.failures.map((f) => f.check))]).toEqual(["negative_data_rejection"]);
    expect(new Set(result.failures.map((f) => f.exchange?.case.broken?.parameter))).toEqual(new Set(["X-Depth"]));
    expect(new Set(result.failures.map((f) => f.location?.parameter))).toEqual(new Set(["header parameter X-Depth"]));
  }, 60_000);
});
