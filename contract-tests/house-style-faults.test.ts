// The suite on a spec written unlike ours (spec/fixtures/house-style: RFC 9457 problems, cursor and page-number pages,
// dotted operationIds): the package's mock serving it passes every check (#30, "Done when"), and a proxy in front of
// that mock that breaks one rule fails the one check that judges it, and no other. Checks this spec gives nothing to
// judge are left out: filter_semantics (no filter rows), missing_resource (no offset collection to walk whole),
// pagination_consistency (offset pages only, for now) and prism_violations (Prism only).
import path from "node:path";
import { buildOperationTable } from "../scripts/operation-table";
import { buildJsonSchemaDocument, readSpec } from "../spec/model";
import { mockSpecOf } from "../spec/fixtures/grown/mock-spec";
import { startMockServerFor, type MockServer } from "../src/mock/server";
import { WRONG_TOKEN } from "./credentials";
import { runTarget, type EngineOptions, type TargetResult } from "./engine";
import { liveRunOptions } from "./fixtures/live-run";
import { startRewritingProxy, type Answer, type Asked, type Rewrites } from "./fixtures/rewriting-proxy";
import { loadSpecModel, type SpecModel } from "./spec";

const HOUSE_STYLE = path.join(__dirname, "../spec/fixtures/house-style/openapi.yaml");
const TOKEN = "house-style-token";

let spec: SpecModel;
let mock: MockServer;
beforeAll(async () => {
  const openapi = await readSpec(HOUSE_STYLE);
  const jsonSchema = buildJsonSchemaDocument(openapi);
  spec = loadSpecModel({ openapi, jsonSchema, table: buildOperationTable(openapi, jsonSchema) });
  mock = await startMockServerFor(mockSpecOf(openapi), { port: 0, token: TOKEN });
}, 60_000);
afterAll(() => mock.close());

/** A live run of the suite on the house-style spec, against the mock or a proxy in front of it; few generated requests. */
async function judge(rewrites?: Rewrites, engine: Partial<EngineOptions> = {}): Promise<TargetResult> {
  const proxy = rewrites ? await startRewritingProxy(mock.baseUrl, rewrites) : undefined;
  try {
    return await runTarget(liveRunOptions("house-style", proxy?.baseUrl ?? mock.baseUrl, TOKEN, { spec, sleep: () => Promise.resolve(), examples: 5, ...engine }));
  } finally {
    await proxy?.close();
  }
}

const failedChecks = (r: TargetResult) => [...new Set(r.failures.map((f) => f.check))].sort();
const failures = (r: TargetResult) => r.failures.map((f) => `${f.check} ${f.operationId}: ${f.message}`);

/** The path under the API's base path ("/health"), for a proxy that picks the answers of one route. */
const route = (asked: Asked) => asked.url.pathname.replace(/^\/api\/v2/, "");
const json = (answer: Answer) => JSON.parse(answer.body) as Record<string, any>;
const withBody = (answer: Answer, body: unknown): Answer => ({ ...answer, body: JSON.stringify(body) });
const problem = (status: number, extra: Record<string, string> = {}): Answer => ({
  status,
  headers: { "content-type": "application/problem+json", ...extra },
  body: JSON.stringify({ type: "about:blank", title: "Broken on purpose", status, detail: "A fault of the self-test's proxy." }),
});

it("passes every check it can judge against the mock, with no warning", async () => {
  const result = await judge(undefined, { maxResponseMs: 60_000 });
  expect({ failures: failures(result), warnings: result.warnings.map((w) => w.message), stop: result.stop }).toEqual({ failures: [], warnings: [], stop: undefined });
  const judgedChecks = new Set(result.tallies.filter((t) => t.pass > 0).map((t) => t.check));
  for (const [check] of FAULTS) expect({ check, judged: judgedChecks.has(check) }).toEqual({ check, judged: true });
});

/** check, what the proxy breaks, its rewrites, the operations run (and engine options), the failures' message. */
const FAULTS: [string, string, Rewrites, Partial<EngineOptions>, RegExp][] = [
  [
    "not_a_server_error",
    "the health probe answers 500",
    { answer: (asked) => (route(asked) === "/health" ? problem(500) : undefined) },
    { operations: ["status.ping"] },
    /^server error: answered 500 to an? \w+ request$/,
  ],
  [
    "response_schema_conformance",
    "the health report's status is outside its enum",
    { answer: (asked, answer) => (route(asked) === "/health" && answer.status === 200 ? withBody(answer, { ...json(answer), status: "sleeping" }) : undefined) },
    { operations: ["status.ping"] },
    /^200 body is not a valid Health-Report: at \/status must be equal to one of the allowed values \[rule enum \(.*\)\], value "sleeping"$/,
  ],
  [
    "content_type_conformance",
    "401 problems are labelled application/json",
    { answer: (_asked, answer) => (answer.status === 401 ? { ...answer, headers: { ...answer.headers, "content-type": "application/json" } } : undefined) },
    { operations: ["books.search"] },
    /^status 401 is documented as application\/problem\+json but Content-Type is "application\/json"$/,
  ],
  [
    "response_headers_conformance",
    "X-Result-Count is not an integer",
    {
      answer: (asked, answer) =>
        route(asked) === "/books" && answer.status === 200 ? { ...answer, headers: { ...answer.headers, "x-result-count": "many" } } : undefined,
    },
    { operations: ["books.search"] },
    /^header X-Result-Count: "many" must be integer \(documented for 200: /,
  ],
  [
    "ignored_auth",
    "a wrong token is served as the real one",
    {
      request: (asked) =>
        asked.headers.authorization === `Bearer ${WRONG_TOKEN}` ? { ...asked, headers: { ...asked.headers, authorization: `Bearer ${TOKEN}` } } : undefined,
    },
    { operations: ["shelves.list-entries", "shelves.fetch"] },
    /^a request with a wrong token was answered 200 \(data served without valid authentication\); expected 401 with an Error body$/,
  ],
  [
    "negative_data_rejection",
    "a per_page above its maximum is clamped to it",
    {
      request: (asked) => {
        const perPage = Number(asked.url.searchParams.get("per_page"));
        if (route(asked) !== "/shelves" || !(perPage > 50)) return undefined;
        const url = new URL(asked.url);
        url.searchParams.set("per_page", "50");
        return { ...asked, url };
      },
    },
    { operations: ["shelves.list-entries"] },
    /^invalid per_page="\d+" \(breaks maximum 50\) was answered 200; expected a 4xx Error body$/,
  ],
  [
    "positive_data_acceptance",
    "the largest page_size is refused",
    { answer: (asked) => (route(asked) === "/books" && asked.url.searchParams.get("page_size") === "100" ? problem(400) : undefined) },
    { operations: ["books.search"] },
    /^valid (.*&)?page_size="100"(&.*)? was answered 400; expected 200$/,
  ],
  [
    "list_detail_consistency",
    "a shelf by id has another label than in the list",
    {
      answer: (asked, answer) => {
        if (!/^\/shelves\/\d+$/.test(route(asked)) || answer.status !== 200) return undefined;
        const shelf = json(answer);
        return withBody(answer, { ...shelf, label: shelf.label === "ZZ-99" ? "ZY-98" : "ZZ-99" });
      },
    },
    { operations: ["shelves.list-entries", "shelves.fetch"] },
    /^shelf \d+ differs between list and detail at \/label: list has "[A-Z]{1,2}-\d\d", detail has "Z[ZY]-9[98]"$/,
  ],
  [
    "status_code_conformance",
    "a loan is answered 429 once, a status loans.fetch does not document",
    (() => {
      let limited = false;
      return { answer: (asked: Asked) => (route(asked).startsWith("/loans/") && !limited ? ((limited = true), problem(429, { "retry-after": "1" })) : undefined) };
    })(),
    { operations: ["loans.fetch"] },
    /^status 429 is not documented for loans\.fetch \(documented: 200, 401, 404\)$/,
  ],
  [
    "max_response_time",
    "one health answer comes 1.5 s late",
    (() => {
      let late = false;
      const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      return { answer: async (asked: Asked) => (route(asked) === "/health" && !late ? ((late = true), await wait(1500), undefined) : undefined) };
    })(),
    { operations: ["status.ping"], maxResponseMs: 1000 },
    /^.* was answered in \d+ ms, more than SP_CONTRACT_MAX_RESPONSE_MS=1000$/,
  ],
];

describe.each(FAULTS)("a server that breaks %s: %s", (check, _fault, rewrites, engine, message) => {
  it(`fails ${check}, and only ${check}`, async () => {
    const result = await judge(rewrites, engine);
    expect(failedChecks(result)).toEqual([check]);
    for (const f of result.failures) expect(f.message).toMatch(message);
    expect(result.stop).toBeUndefined();
  });
});

it("a property the schema does not name is a warning (undeclared_properties), not a failure", async () => {
  const result = await judge(
    { answer: (asked, answer) => (route(asked) === "/health" && answer.status === 200 ? withBody(answer, { ...json(answer), uptime_seconds: 7 }) : undefined) },
    { operations: ["status.ping"] },
  );
  expect(failures(result)).toEqual([]);
  expect(result.warnings.map((w) => `${w.check} ${w.operationId} ${w.status} ${w.pointer}`)).toEqual(["undeclared_properties status.ping 200 /uptime_seconds"]);
});
