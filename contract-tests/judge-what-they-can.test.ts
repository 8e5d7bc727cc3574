// Checks judge only what they can (#30 item 6): a filter is not judged on items that lack its property (they are
// counted in a warning), and a 4xx rejecting a request that breaks the spec is a rejection whether or not the spec
// documents that status (an undocumented one: one warning per operation and status). What they can judge still fails.
import path from "node:path";
import { buildOperationTable } from "../scripts/operation-table";
import { buildJsonSchemaDocument, readSpec, type JsonObject } from "../spec/model";
import { runTarget, type EngineOptions, type TargetResult } from "./engine";
import { liveRunOptions } from "./fixtures/live-run";
import { startRewritingProxy, type Rewrite } from "./fixtures/rewriting-proxy";
import { FIXTURE_TOKEN, startFixture, type FixtureOptions } from "./fixtures/server";
import { loadSpecModel, type SpecModel } from "./spec";

/** A live run against the fixture server, through a proxy that rewrites some answers when a rewrite is given. */
async function judge(fixtureOptions: FixtureOptions, rewrite?: Rewrite, engine: Partial<EngineOptions> = {}): Promise<TargetResult> {
  const fixture = await startFixture(fixtureOptions);
  const proxy = rewrite ? await startRewritingProxy(fixture.baseUrl, { answer: rewrite }) : undefined;
  try {
    return await runTarget(liveRunOptions("fixture-live", proxy?.baseUrl ?? fixture.baseUrl, FIXTURE_TOKEN, { sleep: () => Promise.resolve(), examples: 20, ...engine }));
  } finally {
    await proxy?.close();
    await fixture.close();
  }
}

const failedChecks = (r: TargetResult) => [...new Set(r.failures.map((f) => f.check))].sort();

describe("filter_semantics on items without the filtered property", () => {
  // Every other sample has no name, in lists and details alike (as a server that renamed the property for some rows).
  const dropNames: Rewrite = (asked, answer) => {
    if (!asked.url.pathname.startsWith("/samples") || answer.status !== 200) return undefined;
    const body = JSON.parse(answer.body) as { data?: Record<string, unknown>[] } & Record<string, unknown>;
    for (const item of body.data ?? [body]) if ((item.sample_id as number) % 2 === 0) delete item.name;
    return { ...answer, body: JSON.stringify(body) };
  };

  it("skips them, counting them in a warning, and still fails the items that have it and do not match", async () => {
    // A server that reads a name filter as SQL LIKE: name="%" returns every sample, which only those with a name show.
    const result = await judge({ break: "like_wildcards" }, dropNames);
    expect(failedChecks(result)).toEqual(["filter_semantics"]);
    for (const f of result.failures) expect(f.message).toMatch(/^name=".*" returned sample \d*[13579] whose name "Capture \d+ \w+" does not match$/);
    const [skipped, ...others] = result.warnings.filter((w) => w.check === "filter_semantics");
    expect(others).toEqual([]);
    expect(skipped).toMatchObject({ operationId: "listSamples", status: 200, pointer: "filter name" });
    expect(skipped.message).toMatch(/^items without a name property, which the name filter reads, were skipped \(counted once per item\): the filter cannot be judged on them/);
    // Counted once per item skipped: at least the name-less items of the answer the warning shows.
    const shown = (skipped.example.exchange!.response.json as { data: Record<string, unknown>[] }).data.filter((item) => item.name === undefined);
    expect(shown.length).toBeGreaterThan(1);
    expect(skipped.count).toBeGreaterThanOrEqual(shown.length);
  });
});

describe("a 4xx to a request that breaks the spec, where the spec documents no such status", () => {
  let undocumented400: SpecModel;
  beforeAll(async () => {
    // Our spec without listSamples' 400 and default responses, as many real specs document no 400 at all.
    const openapi = structuredClone<JsonObject>(await readSpec(path.join(__dirname, "../spec/openapi.yaml")));
    const responses = (openapi.paths as any)["/samples"].get.responses as Record<string, unknown>;
    delete responses["400"];
    delete responses.default;
    const jsonSchema = buildJsonSchemaDocument(openapi);
    undocumented400 = loadSpecModel({ openapi, jsonSchema, table: buildOperationTable(openapi, jsonSchema) });
  });

  it("is a rejection: no failure, and one warning for the operation and status, however many requests showed it", async () => {
    const result = await judge({}, undefined, { spec: undocumented400 });
    expect(result.failures.map((f) => `${f.check}: ${f.message}`)).toEqual([]);
    const rejected = result.exchanges.filter((e) => e.case.operationId === "listSamples" && e.case.broken && e.response.status === 400);
    expect(rejected.length).toBeGreaterThan(20);
    const warnings = result.warnings.filter((w) => w.check === "status_code_conformance");
    expect(warnings.map((w) => `${w.operationId} ${w.status}`)).toEqual(["listSamples 400"]);
    expect(warnings[0].count).toBe(rejected.length);
    expect(warnings[0].message).toBe(
      "requests that break the spec were rejected with 400, which listSamples does not document (documented: 200, 401, 429): a rejection, not a failure, but a client cannot know its body",
    );
    // negative_data_rejection judged them, and passed them.
    const tally = result.tallies.find((t) => t.check === "negative_data_rejection" && t.operationId === "listSamples")!;
    expect(tally).toMatchObject({ fail: 0 });
    expect(tally.pass).toBeGreaterThanOrEqual(rejected.length);
  });

  it("is still a failure when it answers a valid request", async () => {
    const result = await judge({ break: "rejects_upper_case_sha256" }, undefined, { spec: undocumented400 });
    expect(failedChecks(result)).toEqual(["positive_data_acceptance", "status_code_conformance"]);
    const statusFailures = result.failures.filter((f) => f.check === "status_code_conformance");
    for (const f of statusFailures) {
      expect(f.message).toBe("status 400 is not documented for listSamples (documented: 200, 401, 429)");
      expect(f.exchange?.case.broken).toBeUndefined();
      expect(f.exchange?.case.query.sha256).toMatch(/[A-F]/);
    }
  });
});
