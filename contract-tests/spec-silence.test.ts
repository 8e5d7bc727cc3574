// Fail only what the spec says (#19 item 2): servers that are conformant where an older rule failed them get a
// warning, and fail only once the spec says what they break (an array's order declared with x-order-matters; a
// filter value every reading matches).
import openapi from "../generated/openapi.json";
import jsonSchema from "../generated/json-schema.json";
import { operationTable } from "../generated/operations";
import { CHECKS } from "./checks";
import { runTarget, type EngineOptions, type TargetResult } from "./engine";
import { liveRunOptions } from "./fixtures/live-run";
import { FIXTURE_TOKEN, startFixture, type FixtureOptions } from "./fixtures/server";
import { loadSpecModel, operationById } from "./spec";
import type { Exchange, Walk } from "./types";

async function judge(fixtureOptions: FixtureOptions, engine: Partial<EngineOptions> = {}): Promise<TargetResult> {
  const fixture = await startFixture(fixtureOptions);
  try {
    return await runTarget(liveRunOptions("fixture-live", fixture.baseUrl, FIXTURE_TOKEN, { sleep: () => Promise.resolve(), ...engine }));
  } finally {
    await fixture.close();
  }
}

const failures = (r: TargetResult) => r.failures.map((f) => `${f.check}: ${f.message}`);

describe("an array the list and the detail give in another order", () => {
  it("is a warning where the spec leaves its order open", async () => {
    const result = await judge({ break: "detail_tags_reordered" });
    expect(failures(result)).toEqual([]);
    const order = result.warnings.filter((w) => w.check === "list_detail_consistency");
    expect(order.map((w) => `${w.operationId} ${w.status} ${w.pointer}`)).toEqual(["getSample 200 /tags"]);
    expect(order[0].message).toBe("the list and the detail give /tags in another order (the spec does not say its order matters; x-order-matters: true on the array would)");
  });

  it("fails list_detail_consistency where the spec says the order matters (x-order-matters: true)", async () => {
    const ordered = structuredClone(jsonSchema) as any;
    ordered.$defs.Sample.properties.tags["x-order-matters"] = true;
    const spec = loadSpecModel({ openapi, jsonSchema: ordered, table: Object.values(operationTable) });
    const result = await judge({ break: "detail_tags_reordered" }, { spec });
    expect([...new Set(result.failures.map((f) => f.check))]).toEqual(["list_detail_consistency"]);
    for (const f of result.failures) expect(f.message).toMatch(/^sample \d+ differs between list and detail at \/tags\/0: list has "[\w-]+", detail has "[\w-]+"$/);
    expect(result.warnings.filter((w) => w.check === "list_detail_consistency")).toEqual([]);
  });

  it("passes with no warning when both give the same order", async () => {
    const result = await judge({});
    expect({ failures: failures(result), warnings: result.warnings }).toEqual({ failures: [], warnings: [] });
  });
});

describe("a filter value that matches its item only under a looser reading", () => {
  it("is a warning, not a failure, for a server that compares a digest in its own case", async () => {
    const result = await judge({ break: "sha256_case_sensitive" });
    expect(failures(result)).toEqual([]);
    const reading = result.warnings.filter((w) => w.check === "filter_semantics");
    expect(reading).toHaveLength(1);
    expect(reading[0].message).toMatch(
      /^sha256="[0-9a-fA-F]+" did not return sample \d+, the sample the value was taken from; the value matches its sha256 only in another letter case, a reading the spec leaves open \(not a failure\)$/,
    );
  });

  // Hand-made walks: one page of a filtered walk that did not return the item its value came from.
  const list = operationById("listSamples");
  const source = { sample_id: 7, name: "Capture 7 NBC", sha256: "ab".repeat(32), tags: ["dvb", "atsc"] };
  const walkOf = (filters: Record<string, string>): Walk => {
    const page = { case: { operationId: "listSamples", query: filters, auth: "token" }, response: { status: 200, headers: {}, text: "", json: { data: [], pagination: { limit: 10, offset: 0, total: 0, next_offset: null } } } } as unknown as Exchange;
    return { operationId: "listSamples", filters, limit: 10, pages: [page], complete: true, source };
  };
  const filterCheck = CHECKS.find((c) => c.name === "filter_semantics")!.walk!;
  const verdict = (filters: Record<string, string>) => {
    const walk = walkOf(filters);
    const context = { kind: "live" as const, listed: new Map() };
    return { failures: filterCheck.judge(walk, list, context).map((f) => f.message), warnings: filterCheck.warn!(walk, list, context).map((w) => w.message) };
  };

  it.each([
    [{ name: "Capture 7 NBC" }, "fails"],
    [{ tag: "atsc" }, "fails"],
    [{ sha256: "ab".repeat(32) }, "fails"],
    [{ name: "capture 7 nbc" }, "only in another letter case"],
    [{ sha256: "AB".repeat(32) }, "only in another letter case"],
    [{ name: "Capture" }, "only as a prefix"],
    [{ name: "capture" }, "only as a prefix in another letter case"],
    [{ name: "7 NBC" }, "only as a part of it"],
    [{ tag: "ats" }, "only as a prefix"],
  ])("%j: %s", (filters, expected) => {
    const { failures: failed, warnings } = verdict(filters);
    if (expected === "fails") {
      expect(failed).toEqual([`${Object.keys(filters)[0]}="${Object.values(filters)[0]}" did not return sample 7, the sample the value was taken from`]);
      expect(warnings).toEqual([]);
    } else {
      expect(failed).toEqual([]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(` ${expected}, a reading the spec leaves open (not a failure)`);
    }
  });

  it("expects nothing of a value that meets its item under no reading", () => {
    expect(verdict({ name: "BBC" })).toEqual({ failures: [], warnings: [] });
  });
});
