// The pieces on their own: configuration, cases derived from the spec, checks on hand-made exchanges, reports.
import { readdirSync, readFileSync } from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import draft06 from "ajv/dist/refs/json-schema-draft-06.json";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parameterValues, typed } from "./cases/parameters";
import { staticCases } from "./cases/static";
import { check as statusCodeConformance, status_code_conformance } from "./checks/status_code_conformance";
import { check as ignoredAuth } from "./checks/ignored_auth";
import { response_schema_conformance } from "./checks/response_schema_conformance";
import { check as negativeDataRejection, namesParameter, negative_data_rejection } from "./checks/negative_data_rejection";
import { prism_violations } from "./checks/prism_violations";
import { pagination_consistency, pagination_walk } from "./checks/pagination_consistency";
import { firstDifference } from "./checks/list_detail_consistency";
import { CONTRACT_VARIABLES, loadConfig, UsageError } from "./config";
import { escapeXml, HAR_FILE, JSON_FILE, JUNIT_FILE } from "./report/files";
import { curlLine } from "./report/curl";
import { runContract } from "./run";
import { runTarget } from "./engine";
import { formatSummary, verdictOf } from "./report/summary";
import { operationById, requiresToken } from "./spec";
import { FIXTURE_TOKEN, startFixture } from "./fixtures/server";
import { groupFailures } from "./report/groups";
import type { Case, Exchange, Failure, JudgeContext, Walk } from "./types";

/** The HAR 1.2 schema (har-schema, draft-06), compiled with ajv: not strict, since it carries keywords of its own. */
function harValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addMetaSchema(draft06);
  const dir = path.dirname(require.resolve("har-schema/lib/har.json"));
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) ajv.addSchema(JSON.parse(readFileSync(path.join(dir, file), "utf8")));
  return ajv.getSchema("har.json#")!;
}

describe("configuration", () => {
  it("refuses an SP_CONTRACT_* variable it does not know, naming the closest known one", () => {
    expect(() => loadConfig({ SP_CONTRACT_MAX_REQUEST: "10" })).toThrow(
      new UsageError(`SP_CONTRACT_MAX_REQUEST is not a variable of the contract suite: did you mean SP_CONTRACT_MAX_REQUESTS? (known: ${CONTRACT_VARIABLES.join(", ")})`),
    );
    expect(() => loadConfig({ SP_CONTRACT_SEEDS: "7" })).toThrow(/did you mean SP_CONTRACT_SEED\?/);
    // Other SP_ variables are not the suite's to judge (the client and sp_cli read some).
    expect(loadConfig({ SP_SOMETHING_ELSE: "1" }).mode).toBe("mock");
  });

  it("documents every variable it knows in the README and docs/, and no other", () => {
    const docs = path.join(__dirname, "../docs");
    const pages = ["../README.md", ...readdirSync(docs).filter((name) => name.endsWith(".md")).map((name) => `../docs/${name}`)];
    const text = pages.map((page) => readFileSync(path.join(__dirname, page), "utf8")).join("\n");
    const documented = new Set(text.match(/SP_CONTRACT_[A-Z_]*[A-Z]/g));
    expect([...documented].sort()).toEqual([...CONTRACT_VARIABLES].sort());
  });

  it("runs against the mock without SP_BASE_URL, unpaced", () => {
    const c = loadConfig({});
    expect(c.mode).toBe("mock");
    expect(c.ratePerMinute).toBe(Infinity);
    // No SP_CONTRACT_MAX_REQUESTS: each target's budget comes from its plan (plan.ts).
    expect(c.maxRequests).toBeUndefined();
  });

  it("runs live with SP_BASE_URL and SP_API_TOKEN, paced at 120 a minute by default", () => {
    const c = loadConfig({ SP_BASE_URL: "https://staging.example/api/v1/", SP_API_TOKEN: "t0k3n" });
    expect(c).toMatchObject({ mode: "live", baseUrl: "https://staging.example/api/v1", token: "t0k3n", ratePerMinute: 120 });
  });

  it.each([
    [{ SP_BASE_URL: "http://staging.example/api/v1", SP_API_TOKEN: "x" }, /^SP_BASE_URL must use https: unless the host is loopback/],
    [{ SP_BASE_URL: "ftp://staging.example", SP_API_TOKEN: "x" }, /^SP_BASE_URL must use https: \(or http: to a loopback host\) \(got "ftp:\/\/staging.example"\)$/],
    [{ SP_BASE_URL: "not a url", SP_API_TOKEN: "x" }, /^SP_BASE_URL must be an absolute http\(s\) URL/],
    [{ SP_BASE_URL: "https://staging.example" }, /^SP_API_TOKEN must be set/],
    [{ SP_CONTRACT_MAX_REQUESTS: "0" }, /^SP_CONTRACT_MAX_REQUESTS must be a whole number of at least 1 \(got "0"\)$/],
    [{ SP_CONTRACT_MAX_REQUESTS: "ten" }, /^SP_CONTRACT_MAX_REQUESTS must be a whole number/],
    [{ SP_CONTRACT_RATE_PER_MINUTE: "-5" }, /^SP_CONTRACT_RATE_PER_MINUTE must be a number greater than 0/],
    [{ SP_CONTRACT_MISSING_ID: "1.5" }, /^SP_CONTRACT_MISSING_ID must be a whole number/],
    [{ SP_CONTRACT_SEED: "a b" }, /^SP_CONTRACT_SEED must be/],
  ])("refuses %j", (env, message) => {
    expect(() => loadConfig(env)).toThrow(UsageError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("allows plain http on loopback only", () => {
    for (const host of ["127.0.0.1:8080", "localhost:3000", "[::1]:9000"]) {
      expect(loadConfig({ SP_BASE_URL: `http://${host}/api/v1`, SP_API_TOKEN: "x" }).baseUrl).toBe(`http://${host}/api/v1`);
    }
  });
});

describe("cases derived from the spec", () => {
  it("expects a 401 without a token only where no alternative security requirement is anonymous ({})", () => {
    expect(requiresToken([{ bearerAuth: [] }])).toBe(true);
    expect(requiresToken([{ bearerAuth: [] }, { apiKey: [] }])).toBe(true);
    expect(requiresToken([{ bearerAuth: [] }, {}])).toBe(false);
    expect(requiresToken([])).toBe(false);
    expect(operationById("getSample").secured).toBe(true);
  });

  const list = operationById("listSamples");
  const param = (name: string) => list.parameters.find((p) => p.name === name)!;

  it("hits every bound at its edge and breaks it by one, reading the bounds from the spec", () => {
    const limit = param("limit");
    const values = parameterValues(list, limit);
    expect(values.positive.map((v) => v.value)).toEqual([String(limit.schema.minimum), String(limit.schema.maximum)]);
    expect(values.negative.map((v) => v.value)).toEqual(
      expect.arrayContaining([String(limit.schema.minimum - 1), String(limit.schema.maximum + 1), "not-a-number"]),
    );
    expect(values.unsupported).toEqual([]);
  });

  it("covers every constraint of every parameter of both operations", () => {
    const plan = staticCases({ target: "live", pathValues: { getSample: { sample_id: "1" } } });
    expect(plan.unsupported).toEqual([]);
    const broken = new Set(plan.cases.filter((c) => c.broken).map((c) => `${c.operationId} ${c.broken!.parameter} ${c.broken!.rule.split(" ")[0]}`));
    for (const op of [list, operationById("getSample")]) {
      for (const p of op.parameters) {
        // A string type cannot be broken on the wire: every query or path value is text.
        const breakable = ["minimum", "maximum", "enum", "maxLength", "minLength", "pattern", ...(p.schema.type === "string" ? [] : ["type"])];
        for (const keyword of Object.keys(p.schema).filter((k) => breakable.includes(k))) {
          expect(broken).toContain(`${op.operationId} ${p.name} ${keyword}`);
        }
      }
    }
    // Strings at their maximum length, upper-case sha256 and each enum value are valid edges.
    const positives = plan.cases.filter((c) => c.kind === "positive").map((c) => Object.entries(c.query)[0]);
    expect(positives).toContainEqual(["name", expect.stringMatching(new RegExp(`^.{${param("name").schema.maxLength}}$`))]);
    expect(positives).toContainEqual(["extension", expect.stringMatching(new RegExp(`^.{${param("extension").schema.maxLength}}$`))]);
    expect(positives).toContainEqual(["sha256", String(param("sha256").example).toUpperCase()]);
    for (const value of param("status").schema.enum) expect(positives).toContainEqual(["status", value]);
    expect(positives).toContainEqual(["offset", String(param("offset").schema.minimum)]);
  });

  it("sends the wrong token only live (Prism accepts any bearer token)", () => {
    const mock = staticCases({ target: "mock", pathValues: {} });
    expect(mock.cases.filter((c) => c.auth === "wrong")).toEqual([]);
    expect(mock.cases.filter((c) => c.kind === "forced").map((c) => c.id)).toEqual(expect.arrayContaining(["listSamples:forced:429:rate_limited", "getSample:forced:404:sample_not_found", "listSamples:forced:200:last_page"]));
    const live = staticCases({ target: "live", pathValues: { getSample: { sample_id: "1" } } });
    expect(live.cases.filter((c) => c.auth === "wrong").length).toBe(2);
    expect(live.cases.filter((c) => c.kind === "forced")).toEqual([]);
  });
});

function exchange(c: Partial<Case>, status: number, json: unknown): Exchange {
  const text = JSON.stringify(json);
  return {
    target: { name: "t", kind: "live", baseUrl: "https://staging.example/api/v1" },
    case: { id: "x", operationId: "getSample", kind: "baseline", description: "", pathParams: { sample_id: "42" }, query: {}, auth: "token", ...c },
    request: { method: "GET", url: "https://staging.example/api/v1/samples/42", auth: "token", headers: { accept: "application/json" } },
    response: { status, headers: { "content-type": "application/json" }, text, json },
    elapsedMs: 1,
  };
}

describe("checks on hand-made exchanges", () => {
  it("status_code_conformance fails an undocumented status when there is no default", () => {
    const op = { ...operationById("getSample"), statuses: ["200", "404"] };
    expect(status_code_conformance(exchange({}, 418, {}), op).map((f) => f.message)).toEqual([
      "status 418 is not documented for getSample (documented: 200, 404)",
    ]);
  });

  it("response_schema_conformance reports pointer, rule and shortened value for every error", () => {
    const failures = response_schema_conformance(exchange({}, 200, { sample_id: 0, sha256: "x".repeat(200) }), operationById("getSample"));
    expect(failures.map((f) => f.pointer).sort()).toEqual(["/sample_id", "/sha256"]);
    const sha = failures.find((f) => f.pointer === "/sha256")!;
    expect(sha.rule).toMatch(/^pattern \(/);
    expect(sha.value!.length).toBeLessThanOrEqual(80);
  });

  it("prism_violations: request violations only where the suite broke a parameter, and always there", () => {
    const op = operationById("listSamples");
    const broken = { parameter: "limit", location: "query" as const, rule: "maximum 100", value: "101" };
    const negative = exchange({ operationId: "listSamples", kind: "negative", broken }, 400, {});
    expect(prism_violations(negative, op).map((f) => f.message)).toEqual([
      "Prism reports no request violation of limit, which the suite broke on purpose (maximum 100): the suite and the spec disagree",
    ]);
    const valid = exchange({ operationId: "listSamples" }, 200, {});
    valid.response.headers["sl-violations"] = JSON.stringify([{ location: ["request", "query", "limit"], severity: "Error", code: "maximum", message: "too big" }]);
    expect(prism_violations(valid, op).map((f) => f.message)).toEqual(["Prism reports a request violation at request.query.limit on a request meant to be valid: \"too big\""]);
    negative.response.headers["sl-violations"] = valid.response.headers["sl-violations"];
    expect(prism_violations(negative, op)).toEqual([]);
  });

  it("pagination_consistency: a page's echoes, next_offset and place in the collection; a walk's tiling", () => {
    const op = operationById("listSamples");
    const page = (offset: number, ids: number[], pagination: Record<string, unknown>, query: Record<string, string> = { limit: "2", offset: String(offset) }) =>
      exchange({ operationId: "listSamples", kind: "page", query }, 200, { data: ids.map((sample_id) => ({ sample_id })), pagination });
    const blind: JudgeContext = { kind: "live", listed: new Map() };
    const walked: JudgeContext = { ...blind, collections: new Map([["listSamples", { ids: ["1", "2", "3"], total: 3 }]]) };
    const messages = (failures: { message: string }[]) => failures.map((f) => f.message);
    expect(pagination_consistency(page(0, [1, 2], { limit: 2, offset: 0, total: 3, next_offset: 2 }), op, walked)).toEqual([]);
    expect(pagination_consistency(page(2, [3], { limit: 2, offset: 2, total: 3, next_offset: null }), op, walked)).toEqual([]);
    // A short page while more remain is allowed, when next_offset carries on from it.
    expect(pagination_consistency(page(1, [2], { limit: 2, offset: 1, total: 3, next_offset: 2 }), op, walked)).toEqual([]);
    expect(messages(pagination_consistency(page(0, [1, 2], { limit: 5, offset: 0, total: 3, next_offset: 2 }), op, blind))).toEqual([
      "page at offset 0 (limit 2) echoes limit 5, not the requested 2",
    ]);
    // The defaults, when the request names no limit or offset.
    expect(messages(pagination_consistency(page(0, [1, 2], { limit: 2, offset: 0, total: 3, next_offset: 2 }, {}), op, blind))).toEqual([
      "page at offset 0 (limit 50) echoes limit 2, not the default 50",
    ]);
    expect(messages(pagination_consistency(page(1, [3], { limit: 2, offset: 1, total: 3, next_offset: null }), op, walked))).toEqual([
      "page at offset 1 (limit 2) with 1 items of 3 has pagination.next_offset null; expected 2",
      "page at offset 1 (limit 2) is not the collection's items at that offset: at position 1: sample 3 where the walk of the whole collection has 2",
    ]);
    expect(messages(pagination_consistency(page(1, [], { limit: 2, offset: 1, total: 3, next_offset: 1 }), op, blind))).toEqual([
      "page at offset 1 (limit 2) has no items although 2 remain (total 3)",
    ]);
    const walk: Walk = {
      operationId: "listSamples",
      filters: {},
      limit: 2,
      complete: true,
      pages: [page(0, [1, 2], { limit: 2, offset: 0, total: 3, next_offset: 2 }), page(2, [2], { limit: 2, offset: 2, total: 3 })],
    };
    expect(messages(pagination_walk(walk, op, blind))).toEqual(["sample 2 appears twice in the walk of the whole collection with limit 2: at offset 0 and again at offset 2"]);
    expect(messages(pagination_walk({ ...walk, pages: [walk.pages[0], page(2, [4], { limit: 2, offset: 2, total: 4 })] }, op, walked))).toEqual([
      "total changed during the walk of the whole collection with limit 2: 3 then 4",
      "the walk of the whole collection with limit 2 differs from the walk with the largest page size at position 2: sample 4 where the walk of the whole collection has 3",
    ]);
  });

  it("negative_data_rejection: any 4xx rejects a broken parameter; another documented 4xx than the documented 400 is a warning", () => {
    // An operation that documents 400 (for its query) and 404, as a list nested under a resource does.
    const list = operationById("listSamples");
    const op = { ...list, statuses: ["200", "400", "404"], validatorFor: (status: string) => list.validatorFor(status === "404" ? "default" : status) };
    const error = { code: "not_found", message: "Sample abc not found.", details: {} };
    const path = { parameter: "sample_id", location: "path" as const, rule: "type integer", value: "abc" };
    const query = { parameter: "limit", location: "query" as const, rule: "maximum 100", value: "101" };
    const warned = (e: Exchange) => negativeDataRejection.exchange!.warn!(e, op, { kind: "live", listed: new Map() }).map((w) => w.message);
    expect(negative_data_rejection(exchange({ kind: "negative", broken: path }, 404, error), op)).toEqual([]);
    expect(warned(exchange({ kind: "negative", broken: path }, 404, error))).toEqual([]);
    const query404 = exchange({ kind: "negative", broken: query }, 404, error);
    expect(negative_data_rejection(query404, op)).toEqual([]);
    expect(warned(query404)).toEqual([
      "requests with an invalid query parameter were answered 404, a rejection, where listSamples documents 400 (not a failure: the spec does not say which 4xx rejects them)",
    ]);
    // An undocumented 4xx rejects too, whatever its body (no schema holds it); status_code_conformance warns of it.
    const query422 = exchange({ kind: "negative", broken: query }, 422, { detail: "limit too big" });
    expect(negative_data_rejection(query422, op)).toEqual([]);
    expect(warned(query422)).toEqual([]);
    // A documented 4xx without its documented body, a 2xx: failures.
    expect(negative_data_rejection(exchange({ kind: "negative", broken: query }, 400, { detail: "x" }), op).map((f) => f.message)).toEqual([
      'invalid limit="101" (breaks maximum 100) was answered 400 without a valid Error body',
    ]);
    expect(negative_data_rejection(exchange({ kind: "negative", broken: path }, 200, {}), op).map((f) => f.message)).toEqual([
      'invalid sample_id="abc" (breaks type integer) was answered 200; expected a 4xx Error body',
    ]);
  });

  it("status_code_conformance: an undocumented 4xx rejecting a request that breaks the spec is a warning; anywhere else, a failure", () => {
    const op = { ...operationById("listSamples"), statuses: ["200", "401"] };
    const context: JudgeContext = { kind: "live", listed: new Map() };
    const warned = (e: Exchange) => statusCodeConformance.exchange!.warn!(e, op, context).map((w) => w.message);
    const broken = { parameter: "limit", location: "query" as const, rule: "maximum 100", value: "101" };
    const rejected = exchange({ operationId: "listSamples", kind: "negative", broken }, 400, {});
    expect(status_code_conformance(rejected, op)).toEqual([]);
    expect(warned(rejected)).toEqual([
      "requests that break the spec were rejected with 400, which listSamples does not document (documented: 200, 401): a rejection, not a failure, but a client cannot know its body",
    ]);
    const noToken = exchange({ operationId: "listSamples", kind: "auth", auth: "none" }, 403, {});
    expect(status_code_conformance(noToken, op)).toEqual([]);
    expect(warned(noToken)).toHaveLength(1);
    // A valid request answered an undocumented 4xx, a 429 to a broken one, an undocumented 2xx: failures, no warning.
    for (const e of [exchange({ operationId: "listSamples" }, 400, {}), exchange({ operationId: "listSamples", kind: "negative", broken }, 429, {}), exchange({ operationId: "listSamples", kind: "negative", broken }, 204, {})]) {
      expect(status_code_conformance(e, op).map((f) => f.message)).toEqual([`status ${e.response.status} is not documented for listSamples (documented: 200, 401)`]);
      expect(warned(e)).toEqual([]);
    }
  });

  it("ignored_auth: a 401 carries its documented body; an undocumented 401 has none to hold it to; the real token between extra spaces may be served", () => {
    const judged = (e: Exchange, statuses: string[]) => ignoredAuth.exchange!.judge!(e, { ...operationById("getSample"), statuses }, { kind: "live", listed: new Map() }).map((f) => f.message);
    const noToken = exchange({ kind: "auth", auth: "none" }, 401, { detail: "who are you" });
    expect(judged(noToken, ["200", "401", "404"])).toEqual(["a request without a token was answered 401 but the body is not a valid Error"]);
    expect(judged(noToken, ["200", "404"])).toEqual([]);
    expect(judged(exchange({ kind: "auth", auth: "none" }, 403, {}), ["200", "404"])).toEqual(["a request without a token was answered 403; expected 401 with an Error body"]);
    expect(judged(exchange({ kind: "auth", auth: "spaced" }, 200, {}), ["200", "401"])).toEqual([]);
    expect(judged(exchange({ kind: "auth", auth: "spaced" }, 400, {}), ["200", "401"])).toEqual(["a request with extra spaces around the token was answered 400; expected 401 with an Error body"]);
  });

  it("finds a parameter named anywhere in an error body: a key, a value, a word of a text", () => {
    expect(namesParameter({ details: { fields: { limit: "bad" } } }, "limit")).toBe(true);
    expect(namesParameter({ details: { fields: [{ name: "limit" }] } }, "limit")).toBe(true);
    expect(namesParameter({ type: "about:blank", detail: "limit must be <= 100" }, "limit")).toBe(true);
    expect(namesParameter({ details: { fields: ["offset"] } }, "limit")).toBe(false);
    expect(namesParameter({ message: "page_limit and limits are not it", details: {} }, "limit")).toBe(false);
    expect(namesParameter({ details: {} }, "limit")).toBe(false);
  });

  it("finds the first difference between list and detail", () => {
    expect(firstDifference({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 3] } })).toBe("/b/c/1: list has 2, detail has 3");
  });
});

describe("reports", () => {
  it("group failures by cause: check, operation, status, pointer with item indexes folded, rule (or the message's shape)", () => {
    const page = exchange({ operationId: "listSamples" }, 200, {});
    const f = (check: string, message: string, extra: Partial<Failure> = {}): Failure => ({ check, operationId: "listSamples", message, exchange: page, ...extra });
    const groups = groupFailures([
      f("response_schema_conformance", "a", { pointer: "/data/0", rule: "required (#/$defs/Sample/required)" }),
      f("response_schema_conformance", "b", { pointer: "/data/7", rule: "required (#/$defs/Sample/required)" }),
      f("response_schema_conformance", "c", { pointer: "/data/7/name", rule: "maxLength (#/$defs/Sample/properties/name/maxLength)" }),
      f("pagination_consistency", "page at offset 0 (limit 100) with 100 items of 130 has pagination.next_offset 101; expected 100"),
      f("pagination_consistency", "page at offset 100 (limit 7) with 7 items of 130 has pagination.next_offset 108; expected 107"),
      f("pagination_consistency", 'sample 3 appears twice in the walk of tag="dvb" (limit 2)'),
    ]);
    expect(groups.map((g) => [g.check, g.pointer, g.count])).toEqual([
      ["response_schema_conformance", "/data/*", 2],
      ["response_schema_conformance", "/data/*/name", 1],
      ["pagination_consistency", undefined, 2],
      ["pagination_consistency", undefined, 1],
    ]);
    expect(groups[0].examples.map((x) => x.message)).toEqual(["a", "b"]);
  });

  it("fit 100 columns (but the lines to copy: a URL, a curl line) and say each skip reason once", async () => {
    const fixture = await startFixture({ break: "detail_differs" });
    try {
      const run = (kind: "mock" | "live") =>
        runTarget({ target: { name: `fixture-${kind}`, kind, baseUrl: fixture.baseUrl }, token: FIXTURE_TOKEN, maxRequests: 1000, ratePerMinute: Infinity, timeoutMs: 5000, maxRetryAfterSeconds: 1, seed: "4", examples: 20 });
      const text = formatSummary(verdictOf([await run("mock"), await run("mock"), await run("live")]));
      const long = text.split("\n").filter((l) => l.length > 100 && !/^ {3}(request|replay): /.test(l));
      expect(long).toEqual([]);
      // One "skipped:" section for all targets, each reason in it once.
      expect(text.match(/^skipped:$/gm)).toHaveLength(1);
      const section = text.slice(text.indexOf("\nskipped:\n")).split("\n\n")[0].split("\n  - ").slice(1);
      expect(section.length).toBeGreaterThan(3);
      expect(new Set(section).size).toBe(section.length);
      // A reason that holds for some targets only names them.
      expect(text).toMatch(/- list_detail_consistency: live only: .*\n.*\(fixture-mock, fixture-mock\)|\(fixture-mock\)/);
    } finally {
      await fixture.close();
    }
  });

  it("replays with curl, the token written as $SP_API_TOKEN", () => {
    expect(curlLine(exchange({}, 200, {}))).toBe(`curl -i -X GET -H "Authorization: Bearer $SP_API_TOKEN" -H 'accept: application/json' 'https://staging.example/api/v1/samples/42'`);
  });

  it("escapes XML, dropping characters XML cannot carry", () => {
    expect(escapeXml(`<a href="x">&'\u0001`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
  });

  it("writes JUnit and JSON, and never the token, on a failing live run", async () => {
    const fixture = await startFixture({ break: "detail_differs" });
    const dir = await mkdtemp(path.join(os.tmpdir(), "sp-contract-"));
    try {
      const config = { ...loadConfig({ SP_BASE_URL: fixture.baseUrl, SP_API_TOKEN: FIXTURE_TOKEN, SP_CONTRACT_RATE_PER_MINUTE: "1000000" }), reportDir: dir };
      const out = await runContract(config);
      expect(out.exitCode).toBe(1);
      const junit = await readFile(path.join(dir, JUNIT_FILE), "utf8");
      const json = JSON.parse(await readFile(path.join(dir, JSON_FILE), "utf8"));
      for (const text of [out.text, junit, JSON.stringify(json)]) {
        expect(text).not.toContain(FIXTURE_TOKEN);
        expect(text).toContain("$SP_API_TOKEN");
      }
      expect(out.text).toMatch(/\[list_detail_consistency\] getSample: sample \d+ differs between list and detail at \/name/);
      expect(out.text).toMatch(/replay: {3}curl -i -X GET -H "Authorization: Bearer \$SP_API_TOKEN"/);
      // Every sample fetched by id differs (the first, middle and last, the drawn ones, a generated one): one cause.
      const failures: { check: string }[] = json.targets[0].failures;
      expect(new Set(failures.map((f) => f.check))).toEqual(new Set(["list_detail_consistency"]));
      // One cause, said once: counted, its first example in full, a few more by their messages.
      expect(out.text).toContain(`verdict: FAIL: ${failures.length} contract failure(s) in 1 cause(s)  (exit 1)`);
      expect(out.text).toMatch(new RegExp(`^FAILURES: ${failures.length} in 1 cause\\(s\\)\n1\\. \\[list_detail_consistency\\] getSample 200: sample \\d+ differs between list and detail at /name: [^\\n]*(\\n {3}[^\\n]*)*\\(${failures.length} times\\)$`, "m"));
      expect(out.text.match(/replay: {3}curl/g)).toHaveLength(1);
      expect(json.targets[0].causes).toEqual([expect.objectContaining({ check: "list_detail_consistency", operationId: "getSample", status: 200, count: failures.length })]);
      expect(junit).toMatch(/<testsuite name="contract live" tests="\d+" failures="1"/);
      expect(junit).toContain(`<testcase name="list_detail_consistency getSample" classname="contract.live"><failure message="${failures.length} failure(s) in 1 cause(s): sample`);
      expect(json.verdict).toBe("fail");
      // HAR 1.2, valid against the HAR schema, with every exchange of the run and never the token.
      const harText = await readFile(path.join(dir, HAR_FILE), "utf8");
      expect(harText).not.toContain(FIXTURE_TOKEN);
      const har = JSON.parse(harText);
      const validateHar = harValidator();
      expect({ valid: validateHar(har), errors: validateHar.errors ?? null }).toEqual({ valid: true, errors: null });
      expect(validateHar({ log: { ...har.log, entries: [{ ...har.log.entries[0], response: {} }] } })).toBe(false); // the schema bites
      expect(har.log.entries).toHaveLength(json.targets[0].requestsSent);
      expect(har.log.entries[0].request.headers).toContainEqual({ name: "authorization", value: "Bearer [REDACTED]" });
      expect(json.targets[0].failures[0]).toMatchObject({ check: "list_detail_consistency", operationId: "getSample", status: 200 });
      expect(json.targets[0].coverage.getSample.observed).toEqual(["200", "401", "404"]);
    } finally {
      await fixture.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("typed: a wire value as the spec's validator sees it, read as the mock reads query text", () => {
  const parameter = (schema: Record<string, unknown>) => ({ name: "p", in: "query", required: false, schema }) as unknown as Parameters<typeof typed>[0];
  it.each<[Record<string, unknown>, string, unknown]>([
    [{ type: "integer" }, "7", 7],
    [{ type: "integer" }, "-12", -12],
    [{ type: "integer" }, "1.5", "1.5"], // not integer text: left for the validator to refuse as "must be integer"
    [{ type: "number" }, "1.5e3", 1500],
    [{ type: "boolean" }, "true", true],
    [{ type: "boolean" }, "TRUE", "TRUE"],
    [{ type: ["null", "integer"] }, "3", 3], // the first non-null type of a union, as the operation table types it
    [{ type: "string" }, "42", "42"],
    [{}, "42", "42"],
  ])("%j reads %s as %j", (schema, text, value) => {
    expect(typed(parameter(schema), text)).toEqual(value);
  });
});
