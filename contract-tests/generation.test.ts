// Generated cases: the arbitraries cover what the schemas allow and break each rule alone; the same seed sends the
// same requests to the same data; a failing generated case is shrunk before it is reported.
import fc from "fast-check";
import { invalidRequest, requestErrors, ruleBreaks, validRequest } from "./cases/arbitraries";
import { DEFAULTS } from "./config";
import { runTarget, type EngineOptions } from "./engine";
import { FIXTURE_TOKEN, startFixture, type FixtureOptions } from "./fixtures/server";
import { specOperations } from "./spec";

const SAMPLES = 2000;
const sample = <T>(arbitrary: fc.Arbitrary<T>) => fc.sample(arbitrary, { seed: 42, numRuns: SAMPLES });

describe.each(specOperations().map((op) => [op.operationId, op] as const))("the arbitraries of %s", (_name, op) => {
  const valid = sample(validRequest(op)!);
  const values = (name: string) => valid.map((r) => r.pathParams[name] ?? r.query[name]).filter((v): v is string => v !== undefined);

  it("draw only requests the spec's validator accepts", () => {
    expect(valid.filter((r) => requestErrors(op, r).length > 0)).toEqual([]);
  });

  it.each(op.parameters.map((p) => [p.name, p] as const))("draw %s across everything its schema allows", (name, p) => {
    const drawn = values(name);
    expect(drawn.length).toBeGreaterThan(SAMPLES / 10);
    const s = p.schema;
    if (s.type === "integer") {
      const numbers = drawn.map(Number);
      const min = s.minimum ?? Number.MIN_SAFE_INTEGER;
      const max = s.maximum ?? Number.MAX_SAFE_INTEGER;
      expect(numbers).toContain(min);
      expect(numbers).toContain(max);
      // With no maximum, values far past a 32-bit column, up to the largest safe integer.
      if (s.maximum === undefined) expect(numbers.filter((n) => n > 2 ** 31 - 1).length).toBeGreaterThan(drawn.length / 10);
      else expect(new Set(numbers).size).toBeGreaterThan(Math.min(max - min, 50));
    } else if (Array.isArray(s.enum)) {
      expect(new Set(drawn)).toEqual(new Set(s.enum));
    } else if (typeof s.pattern === "string") {
      expect(drawn.every((v) => new RegExp(s.pattern).test(v))).toBe(true);
      expect(new Set(drawn).size).toBeGreaterThan(drawn.length / 2);
    } else {
      // Full Unicode, not only ASCII: characters outside the Basic Multilingual Plane, up to maxLength code points.
      expect(drawn.some((v) => [...v].some((c) => c.codePointAt(0)! > 0xffff))).toBe(true);
      expect(Math.max(...drawn.map((v) => [...v].length))).toBe(s.maxLength);
    }
  });

  it("send several parameters in one request", () => {
    const query = op.parameters.filter((p) => p.in === "query");
    if (query.length < 2) return expect(query.length).toBeLessThan(2);
    expect(valid.some((r) => Object.keys(r.query).length >= 3)).toBe(true);
  });

  it("break each rule of each parameter, one rule of one parameter per request", () => {
    const invalid = sample(invalidRequest(op)!);
    for (const r of invalid) {
      const errors = requestErrors(op, r);
      expect({ r, errors: errors.length > 0 && errors.every((e) => e.instancePath === `/${r.broken!.parameter}`) }).toEqual({ r, errors: true });
    }
    const broken = new Set(invalid.map((r) => `${r.broken!.parameter}: ${r.broken!.rule}`));
    const rules = op.parameters.filter((p) => p.in === "query" || p.in === "path").flatMap((p) => ruleBreaks(op, p).map((b) => `${p.name}: ${b.rule}`));
    expect(rules.length).toBeGreaterThanOrEqual(op.parameters.length);
    expect([...broken].sort()).toEqual([...new Set(rules)].sort());
    // Path parameters too, and never a value the URL would rewrite ("", ".", "..").
    for (const r of invalid.filter((x) => x.broken!.location === "path")) expect(["", ".", ".."]).not.toContain(r.broken!.value);
  });
});

async function runAgainst(fixtureOptions: FixtureOptions, engine: Partial<EngineOptions>) {
  const fixture = await startFixture(fixtureOptions);
  try {
    const result = await runTarget({
      target: { name: "fixture", kind: "live", baseUrl: fixture.baseUrl },
      token: FIXTURE_TOKEN,
      maxRequests: 1000,
      // Finite: one request at a time, in the order a paced run sends them.
      ratePerMinute: 1_000_000,
      timeoutMs: 5000,
      maxRetryAfterSeconds: 120,
      seed: DEFAULTS.seed,
      examples: DEFAULTS.examples,
      sleep: async () => {},
      ...engine,
    });
    return { result, requests: fixture.requests };
  } finally {
    await fixture.close();
  }
}

describe("the seed", () => {
  it("sends the same requests to the same data, and other requests with another seed", async () => {
    const [a, b, c] = await Promise.all([runAgainst({}, { seed: "7" }), runAgainst({}, { seed: "7" }), runAgainst({}, { seed: "8" })]);
    expect(a.requests.length).toBeGreaterThan(200);
    expect(b.requests).toEqual(a.requests);
    expect(c.requests).not.toEqual(a.requests);
    expect(a.result.seed).toBe("7");
  });
});

describe("shrinking", () => {
  it("reports the smallest input found that still fails the check, and where it came from", async () => {
    const { result } = await runAgainst({ break: "non_ascii_name_500" }, {});
    const failure = result.failures.find((f) => f.exchange?.case.origin?.property === "listSamples valid")!;
    const origin = failure.exchange!.case.origin!;
    expect(origin.shrinkSteps).toBeGreaterThan(0);
    const first = JSON.parse(origin.shrunkFrom!).query as Record<string, string>;
    const smallest = failure.exchange!.case.query;
    // Still a name outside ASCII (what the fault fails on); no longer, and with no more parameters, than at first.
    expect(smallest.name).toMatch(/[^\p{ASCII}]/u);
    expect([...smallest.name].length).toBeLessThanOrEqual([...first.name].length);
    expect(Object.keys(smallest).length).toBeLessThanOrEqual(Object.keys(first).length);
    expect(JSON.stringify(smallest)).not.toBe(JSON.stringify(first));
    // One cause, one report: the other inputs that failed the same way are counted, not listed.
    expect(result.failures.filter((f) => f.exchange?.case.origin?.property === "listSamples valid")).toHaveLength(1);
    // fast-check's path: the run the input was first drawn at, then the shrink steps.
    expect(origin.path).toMatch(/^\d+(:\d+)+$/);
    expect(origin.path.split(":").length).toBeGreaterThan(origin.shrinkSteps!);
  });
});
