// Every check is proven to fail: each fixture server breaks exactly one rule, and exactly the expected check fails,
// with the expected message. A conformant fixture passes every check, on a "mock" and on a "live" target.
import { runTarget, type EngineOptions, type TargetResult } from "./engine";
import { readdirSync } from "node:fs";
import path from "node:path";
import { CHECK_NAMES } from "./checks";
import type { SenderEvent } from "./http";
import { DEFAULTS } from "./config";
import { FIXTURE_TOKEN, startFixture, type Break, type Fixture, type FixtureOptions } from "./fixtures/server";
import { COLLECTION_WALKS } from "./cases/walks";
import type { TargetKind, Walk } from "./types";

const noSleep = async () => {};

async function judge(kind: TargetKind, fixtureOptions: FixtureOptions = {}, engine: Partial<EngineOptions> = {}): Promise<{ result: TargetResult; fixture: Fixture }> {
  const fixture = await startFixture(fixtureOptions);
  try {
    const result = await runTarget({
      target: { name: `fixture-${kind}`, kind, baseUrl: fixture.baseUrl },
      token: FIXTURE_TOKEN,
      maxRequests: 1000,
      ratePerMinute: Infinity,
      timeoutMs: 5000,
      maxRetryAfterSeconds: 120,
      seed: DEFAULTS.seed,
      examples: DEFAULTS.examples,
      sleep: noSleep,
      ...engine,
    });
    return { result, fixture };
  } finally {
    await fixture.close();
  }
}

/** Checks that only warn: each is proven by a fixture that makes it warn (below), not fail. */
const WARN_ONLY = ["undeclared_properties"];

const failedChecks = (r: TargetResult) => [...new Set(r.failures.map((f) => f.check))].sort();

// A generous SP_CONTRACT_MAX_RESPONSE_MS, so that max_response_time runs too. The live run, made once, is also the one
// whose walks are examined below, and whose credentials the token's tests read.
const conformant = new Map<TargetKind, ReturnType<typeof judge>>();
const judgeConformant = (kind: TargetKind) => conformant.get(kind) ?? conformant.set(kind, judge(kind, {}, { maxResponseMs: 60_000 })).get(kind)!;

describe("a conformant server", () => {

  it.each<TargetKind>(["live", "mock"])("passes every check on a %s target", async (kind) => {
    const { result } = await judgeConformant(kind);
    expect(result.failures.map((f) => `${f.check}: ${f.message}`)).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.stop).toBeUndefined();
    // Every check in scope actually judged something.
    for (const name of CHECK_NAMES) {
      const ran = result.tallies.filter((t) => t.check === name).some((t) => t.pass > 0);
      const inScope = !(name === "prism_violations" && kind === "live") && !(kind === "mock" && ["pagination_consistency", "filter_semantics", "list_detail_consistency", "missing_resource"].includes(name));
      expect({ name, ran }).toEqual({ name, ran: inScope });
    }
  });

  it("walks the whole collection live, again with drawn page sizes, and filtered subsets from real values", async () => {
    const { result, fixture } = await judgeConformant("live");
    const [first, ...others] = result.walks;
    expect(first.pages.map((p) => p.case.query.offset)).toEqual(["0", "100"]);
    const walked = (w: Walk) => w.pages.flatMap((p) => (p.response.json as any).data.map((item: any) => item.sample_id));
    const collection = walked(first);
    expect(collection).toEqual(Array.from({ length: 130 }, (_, i) => i + 1));
    const drawn = others.filter((w) => Object.keys(w.filters).length === 0);
    expect(drawn).toHaveLength(COLLECTION_WALKS);
    for (const w of drawn) {
      expect(w.complete).toBe(true);
      expect(w.pages.length).toBe(Math.ceil(130 / w.limit!));
      expect(walked(w)).toEqual(collection);
    }
    // Each filter with a real value, its walk including the sample the value came from; sha256 in another case.
    const filtered = others.filter((w) => w.source);
    expect(filtered.map((w) => Object.keys(w.filters)[0]).sort()).toEqual(["extension", "name", "sha256", "tag"]);
    for (const w of filtered) expect(walked(w)).toContain(w.source!.sample_id);
    const sha = filtered.find((w) => w.filters.sha256)!;
    expect(sha.filters.sha256).not.toBe(sha.source!.sha256);
    expect(sha.filters.sha256.toLowerCase()).toBe(sha.source!.sha256);
    expect(result.exchanges.some((e) => e.case.kind === "missing" && e.request.url.endsWith("/samples/131"))).toBe(true);
    expect(result.coverage.listSamples.unseen).toEqual(["429", "default"]);
    expect(fixture.requests.length).toBe(result.requestsSent);
  });
});

const BREAKS: [Break, TargetKind, string, RegExp, Partial<EngineOptions>?][] = [
  ["server_error", "live", "not_a_server_error", /^server error: answered 500 to a negative request$/],
  ["forced_status_ignored", "mock", "status_code_conformance", /^status (400|401|404|429) was forced \(Prefer: code=\1\) but the answer is 200$/],
  ["content_type", "live", "content_type_conformance", /^status 401 is documented as application\/json but Content-Type is "text\/plain"$/],
  ["schema", "live", "response_schema_conformance", /^200 body is not a valid (SampleList: at \/data\/\d+\/sha256|Sample: at \/sha256) must match pattern "\^\[a-fA-F0-9\]\{64\}\$" \[rule pattern \(.*\)\], value "not-a-sha256"$/],
  ["header_type", "live", "response_headers_conformance", /^header X-RateLimit-Remaining: "plenty" must be integer \(documented for 429: /],
  ["accepts_wrong_token", "live", "ignored_auth", /^a request with a wrong token was answered 200 \(data served without valid authentication\); expected 401 with an Error body$/],
  ["accepts_limit_above_max", "live", "negative_data_rejection", /^invalid limit="101" \(breaks maximum 100\) was answered 200; expected a 4xx Error body$/],
  ["rejects_upper_case_sha256", "live", "positive_data_acceptance", /^valid (\w+="[^"]*"&)*sha256="[0-9a-fA-F]*[A-F][0-9a-fA-F]*"(&\w+="[^"]*")* was answered 400; expected 200$/],
  ["skips_an_item", "live", "pagination_consistency", /^page at offset \d+ \(limit \d+\) (with \d+ items of \d+ has pagination\.next_offset \d+; expected \d+|is not the collection's items at that offset: .*)$|^walking every page of the walk of .* gave \d+ samples but total is \d+$|^the walk of the whole collection with limit \d+ differs from the walk with the largest page size at position \d+: .*$/],
  ["ignores_tag_filter", "live", "filter_semantics", /^tag=".+ returned sample \d+ whose tags \[.*\] does not match$/],
  ["detail_differs", "live", "list_detail_consistency", /^sample \d+ differs between list and detail at \/name: list has "Capture \d+ \w+", detail has "Capture \d+ \w+ \(detail\)"$/],
  ["missing_is_200", "live", "missing_resource", /^missing sample \d+ was answered 200; expected 404 with an Error body$/],
  ["slow", "live", "max_response_time", /^.* was answered in \d+ ms, more than SP_CONTRACT_MAX_RESPONSE_MS=20$/, { maxResponseMs: 20, examples: 10 }],
  ["response_violation", "mock", "prism_violations", /^Prism reports a response violation at response\.body: Response body must have required property 'x' \(invalid\)$/],
];

describe.each(BREAKS)("a server that breaks %s (%s target)", (brk, kind, check, message, engine = {}) => {
  it(`fails ${check}, and only ${check}, with its message`, async () => {
    const { result } = await judge(kind, { break: brk }, engine);
    expect(failedChecks(result)).toEqual([check]);
    for (const f of result.failures) expect(f.message).toMatch(message);
    // The failing exchange is reported with what was sent.
    expect(result.failures[0].exchange?.request.url).toContain("http://127.0.0.1:");
  });
});

it("every check of the registry is proven to fail by some fixture (a warn-only check, to warn)", () => {
  const proven = new Set([...BREAKS.map(([, , check]) => check), ...WARN_ONLY]);
  expect(CHECK_NAMES.filter((name) => !proven.has(name))).toEqual([]);
});

it("registers every check file of the folder, by name", () => {
  const files = readdirSync(path.join(__dirname, "checks")).filter((f) => /^[a-z_]+\.ts$/.test(f) && !["index.ts", "util.ts"].includes(f));
  expect([...CHECK_NAMES].sort()).toEqual(files.map((f) => f.replace(/\.ts$/, "")).sort());
});

describe("choosing what runs (SP_CONTRACT_CHECKS, SP_CONTRACT_OPERATIONS)", () => {
  it("judges only the checks and operations chosen; what is left out shows as skipped, saying why", async () => {
    const { result, fixture } = await judge("live", { break: "detail_differs" }, { checks: ["response_schema_conformance", "not_a_server_error"], operations: ["getSample"] });
    // list_detail_consistency would fail here; it was not chosen.
    expect(result.failures).toEqual([]);
    const tally = (check: string, op: string) => result.tallies.find((t) => t.check === check && t.operationId === op)!;
    expect(tally("list_detail_consistency", "getSample")).toMatchObject({ pass: 0, fail: 0, skipReasons: ["not selected (SP_CONTRACT_CHECKS)"] });
    expect(tally("response_schema_conformance", "listSamples")).toMatchObject({ pass: 0, fail: 0, skipReasons: ["operation not selected (SP_CONTRACT_OPERATIONS)"] });
    expect(tally("response_schema_conformance", "getSample").pass).toBeGreaterThan(10);
    // Nothing is sent to an operation left out.
    expect(fixture.requests.filter((r) => /^\/samples(\?|$)/.test(r))).toEqual([]);
  });

  it("refuses a name it does not know, naming the closest", async () => {
    await expect(judge("live", {}, { checks: ["response_schema"] })).rejects.toThrow(/^SP_CONTRACT_CHECKS: response_schema is not one of .* \(did you mean response_schema_conformance\?\)$/);
    await expect(judge("live", {}, { operations: ["getSamples"] })).rejects.toThrow("SP_CONTRACT_OPERATIONS: getSamples is not one of listSamples, getSample (did you mean getSample?)");
  });
});

describe("an error body that does not name the broken parameter", () => {
  it("is a warning (no schema requires it), not a failure", async () => {
    const { result } = await judge("live", { break: "no_field_names" });
    expect(result.failures).toEqual([]);
    const naming = result.warnings.filter((w) => w.check === "negative_data_rejection");
    expect(naming.map((w) => w.pointer).sort()).toEqual(expect.arrayContaining(["parameter limit", "parameter offset", "parameter sha256"]));
    expect(naming[0].message).toMatch(/^400 answers that do not name the broken parameter "\w+" anywhere in their body \(no schema requires it, but a client cannot say which input to mend\)$/);
    expect(naming.every((w) => w.count >= 1 && w.status === 400)).toBe(true);
  });
});

describe("additive change", () => {
  it("is a warning naming where and which field, not a failure", async () => {
    const { result } = await judge("live", { break: "undeclared_property" });
    expect(result.failures).toEqual([]);
    const pointers = result.warnings.map((w) => `${w.operationId} ${w.status} ${w.pointer}`);
    expect(pointers).toEqual(expect.arrayContaining(["listSamples 200 /data/*/color", "getSample 200 /color"]));
    expect(result.warnings[0].message).toMatch(/a property the \w+ schema does not name \(additive change, not a failure\)/);
    expect(new Set(result.warnings.map((w) => w.check))).toEqual(new Set(WARN_ONLY));
    // A registered check: it judged every answer, and passed them all.
    const tally = result.tallies.find((t) => t.check === "undeclared_properties" && t.operationId === "listSamples")!;
    expect(tally).toMatchObject({ fail: 0, skip: 0 });
    expect(tally.pass).toBeGreaterThan(10);
  });
});

describe("pacing, Retry-After and the request budget (live)", () => {
  it("honours Retry-After: waits as asked, retries, and judges the 429 too", async () => {
    const waits: number[] = [];
    const { result } = await judge("live", { rateLimitFirst: { requests: 2, retryAfter: "3" } }, { sleep: (ms) => Promise.resolve(void waits.push(ms)) });
    expect(result.failures).toEqual([]);
    expect(result.stop).toBeUndefined();
    expect(Math.max(...waits)).toBeGreaterThan(2_500);
    const limited = result.exchanges.filter((e) => e.response.status === 429);
    expect(limited).toHaveLength(2);
    expect(limited.every((e) => e.retried)).toBe(true);
    expect(result.coverage.listSamples.observed).toContain("429");
    const headerTally = result.tallies.find((t) => t.check === "response_headers_conformance" && t.operationId === "listSamples")!;
    expect(headerTally.pass).toBeGreaterThan(0);
  });

  it("stops, and says so, when Retry-After asks for more than the run allows", async () => {
    const { result } = await judge("live", { rateLimitFirst: { requests: 1, retryAfter: "600" } });
    expect(result.stop?.reason).toBe("retry_after");
    expect(result.notes[0]).toMatch(/^INCOMPLETE: the server asked to wait 600 s \(Retry-After\), more than SP_CONTRACT_MAX_RETRY_AFTER=120/);
    expect(result.requestsSent).toBe(1);
  });

  it("paces requests at the configured rate", async () => {
    // 240 a minute = one every 250 ms, really waited. Measured when each request is sent: arrival times at the
    // in-process fixture also carry the event loop's delays, which once made a 250 ms gap look like 237 ms.
    const sentAt: number[] = [];
    const onEvent = (event: SenderEvent) => void (event.kind === "sent" && sentAt.push(performance.now()));
    const { result, fixture } = await judge("live", { count: 3 }, { ratePerMinute: 240, maxRequests: 4, sleep: undefined, onEvent });
    expect(result.requestsSent).toBe(4);
    expect(fixture.arrivals).toHaveLength(4);
    const gaps = sentAt.slice(1).map((t, i) => t - sentAt[i]);
    expect(gaps).toHaveLength(3);
    // The sender's clock counts whole ms: a gap may read a few ms short of 250, never a request early by more.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(245);
  });

  it("waits for the rate-limit window to reset when X-RateLimit-Remaining is 0", async () => {
    const waits: number[] = [];
    const reset = Math.floor(Date.now() / 1000) + 20;
    const { result } = await judge("live", { count: 3, remainingZero: { requests: 1, reset } }, { sleep: (ms) => Promise.resolve(void waits.push(ms)) });
    expect(result.failures).toEqual([]);
    expect(Math.max(...waits)).toBeGreaterThan(15_000);
  });

  it("stops when the server does not answer, instead of failing every case", async () => {
    const fixture = await startFixture();
    await fixture.close();
    const result = await runTarget({ target: { name: "down", kind: "live", baseUrl: fixture.baseUrl }, token: FIXTURE_TOKEN, maxRequests: 100, ratePerMinute: Infinity, timeoutMs: 2000, maxRetryAfterSeconds: 1, seed: DEFAULTS.seed, examples: DEFAULTS.examples, sleep: noSleep });
    // Three in a row, plus at most the few already in flight (unpaced runs send several at once).
    expect(result.requestsSent).toBeLessThanOrEqual(3 + 4);
    expect(result.stop?.reason).toBe("unreachable");
    expect(result.notes[0]).toMatch(/^INCOMPLETE: 3 requests in a row got no answer \(last: request failed \(ECONNREFUSED\)\); the run stops$/);
    expect(new Set(result.failures.map((f) => f.check))).toEqual(new Set(["not_a_server_error"]));
    for (const f of result.failures) expect(f.message).toBe("no response: request failed (ECONNREFUSED)");
  });

  it("reports hitting the request budget, never silently", async () => {
    const { result } = await judge("live", {}, { maxRequests: 5 });
    expect(result.requestsSent).toBe(5);
    expect(result.stop?.reason).toBe("budget");
    expect(result.notes[0]).toBe("INCOMPLETE: request budget of 5 reached (SP_CONTRACT_MAX_REQUESTS); the remaining cases were not sent");
  });
});

describe("the token", () => {
  it("goes to the target's origin only: redirects are not followed", async () => {
    const elsewhere = await startFixture();
    try {
      const { result } = await judge("live", { redirect: { path: "/samples/1", location: `${elsewhere.baseUrl}/samples/1` } });
      expect(elsewhere.requests).toEqual([]);
      const redirected = result.exchanges.find((e) => e.request.url.endsWith("/samples/1"))!;
      expect(redirected.response.status).toBe(302);
      expect(result.failures.some((f) => f.check === "list_detail_consistency" && /answered 302/.test(f.message))).toBe(true);
    } finally {
      await elsewhere.close();
    }
  });

  it("is sent as a bearer token, and never with the no-token case", async () => {
    const { fixture, result } = await judgeConformant("live");
    const noToken = result.exchanges.filter((e) => e.case.auth === "none").map((e) => e.request.url);
    expect(noToken.length).toBe(2);
    expect(fixture.authorizations.filter((a) => a === undefined).length).toBe(2);
    expect(fixture.authorizations.filter((a) => a === `Bearer ${FIXTURE_TOKEN}`).length).toBeGreaterThan(10);
  });
});
