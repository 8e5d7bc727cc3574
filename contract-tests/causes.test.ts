// One cause per fault (#30 item 5): a cause is one rule of one schema location or one parameter, across every
// operation sharing it and every check that saw the same answer. Proven on hand-made failures and exchanges, and on a
// server with five independent faults (one in a parameter two operations share), which must report exactly five.
import { buildOperationTable } from "../scripts/operation-table";
import { buildJsonSchemaDocument, readSpec } from "../spec/model";
import { GROWN_SPEC_PATH, GROWN_TOKEN, startGrownServer } from "../spec/fixtures/grown/server";
import { check as missingResource } from "./checks/missing_resource";
import { negative_data_rejection } from "./checks/negative_data_rejection";
import { check as notAServerError } from "./checks/not_a_server_error";
import { response_schema_conformance } from "./checks/response_schema_conformance";
import { runTarget } from "./engine";
import { liveRunOptions } from "./fixtures/live-run";
import { startRewritingProxy, type Answer } from "./fixtures/rewriting-proxy";
import { groupFailures } from "./report/groups";
import { defaultSpecModel, loadSpecModel, type SpecModel } from "./spec";
import type { Case, Exchange, Failure, JudgeContext } from "./types";

const SAMPLE = { sample_id: 42, sha256: "a".repeat(64), name: "Capture", extension: "ts", tags: ["dvb"], media_info: {}, notes: null };
const PAGE = { limit: 50, offset: 0, total: 1, next_offset: null };

function exchange(c: Partial<Case>, status: number, json: unknown): Exchange {
  const whole: Case = { id: "x", operationId: "getSample", kind: "positive", description: "", pathParams: { sample_id: "42" }, query: {}, auth: "token", ...c };
  return {
    target: { name: "live", kind: "live", baseUrl: "http://127.0.0.1:1" },
    case: whole,
    request: { method: "GET", url: "http://127.0.0.1:1/samples/42", auth: "token", headers: {} },
    response: { status, headers: { "content-type": "application/json" }, text: JSON.stringify(json), json },
    elapsedMs: 1,
  };
}

const judgeSchema = (operationId: string, status: number, json: unknown) => response_schema_conformance(exchange({ operationId }, status, json), defaultSpecModel().operationById(operationId));
const causes = (failures: Failure[]) => groupFailures(failures).map((g) => [g.cause, g.checks, g.operations, g.count]);

describe("grouping by location", () => {
  it("one schema rule broken in a list's items and in a detail body is one cause; two rules of one property are two", () => {
    const list = judgeSchema("listSamples", 200, { data: [{ ...SAMPLE, sha256: undefined }, { ...SAMPLE, sample_id: 43, name: "x".repeat(300) }], pagination: PAGE });
    const detail = [...judgeSchema("getSample", 200, { ...SAMPLE, sha256: undefined }), ...judgeSchema("getSample", 200, { ...SAMPLE, name: 7 })];
    expect(causes([...list, ...detail])).toEqual([
      ["#/$defs/Sample: required", ["response_schema_conformance"], ["listSamples", "getSample"], 2],
      ["#/$defs/Sample/properties/name: maxLength", ["response_schema_conformance"], ["listSamples"], 1],
      ["#/$defs/Sample/properties/name: type", ["response_schema_conformance"], ["getSample"], 1],
    ]);
  });

  it("one parameter value answered 500 (not_a_server_error) and another answered 200 (negative_data_rejection): one cause", () => {
    const getSample = defaultSpecModel().operationById("getSample");
    const broken = (value: string): Partial<Case> => ({ kind: "negative", pathParams: { sample_id: value }, broken: { parameter: "sample_id", location: "path", rule: "type integer (coverage: a word)", value } });
    const crashed = notAServerError.exchange!.judge!(exchange(broken("abc"), 500, { code: "internal", message: "boom", details: {} }), getSample, {} as JudgeContext);
    const accepted = negative_data_rejection(exchange(broken("true"), 200, SAMPLE), getSample);
    // A value breaking another rule of the same parameter is another cause.
    const belowMinimum = negative_data_rejection(exchange({ ...broken("0"), broken: { parameter: "sample_id", location: "path", rule: "minimum 1", value: "0" } }, 200, SAMPLE), getSample);
    expect(causes([...crashed, ...accepted, ...belowMinimum])).toEqual([
      ["path parameter sample_id (#/components/parameters/SampleId): values that break its type", ["not_a_server_error", "negative_data_rejection"], ["getSample"], 2],
      ["path parameter sample_id (#/components/parameters/SampleId): values that break its minimum", ["negative_data_rejection"], ["getSample"], 1],
    ]);
  });

  it("an invalid 404 body is one cause, whether response_schema_conformance or missing_resource saw it", () => {
    const getSample = defaultSpecModel().operationById("getSample");
    const missing = exchange({ kind: "missing", pathParams: { sample_id: "999999" } }, 404, { error: "not found" });
    const context = { kind: "live", listed: new Map() } as JudgeContext;
    const failures = [...response_schema_conformance(missing, getSample), ...missingResource.exchange!.judge!(missing, getSample, context)];
    expect(causes(failures)).toEqual([["#/$defs/Error: required", ["response_schema_conformance", "missing_resource"], ["getSample"], 4]]);
  });

  it("a credential answered 500 on two operations is one cause of their security scheme", () => {
    const basic = (operationId: string) => exchange({ operationId, kind: "auth", auth: "basic" }, 500, { code: "internal", message: "boom", details: {} });
    const judge = (operationId: string) => notAServerError.exchange!.judge!(basic(operationId), defaultSpecModel().operationById(operationId), {} as JudgeContext);
    expect(causes([...judge("listSamples"), ...judge("getSample")])).toEqual([["#/components/securitySchemes/bearerAuth: answered 500 to basic credentials", ["not_a_server_error"], ["listSamples", "getSample"], 2]]);
  });

  it("failures no check locates keep today's grouping: check, operation, status, folded pointer, message shape", () => {
    const page = exchange({ operationId: "listSamples" }, 200, {});
    const f = (message: string): Failure => ({ check: "pagination_consistency", operationId: "listSamples", message, exchange: page });
    expect(groupFailures([f("next_offset 101; expected 100"), f("next_offset 108; expected 107"), f('sample 3 appears twice in the walk of tag="dvb"')]).map((g) => [g.cause, g.count])).toEqual([
      [undefined, 2],
      [undefined, 1],
    ]);
  });
});

describe("a server with five independent faults", () => {
  let grown: SpecModel;
  beforeAll(async () => {
    const openapi = await readSpec(GROWN_SPEC_PATH);
    const jsonSchema = buildJsonSchemaDocument(openapi);
    grown = loadSpecModel({ openapi, jsonSchema, table: buildOperationTable(openapi, jsonSchema) });
  });

  const json = (status: number, body: unknown): Answer => ({ status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const HEX = /^[a-fA-F0-9]{64}$/;
  const STATUSES = ["passed", "failed", "crashed"];

  it("reports exactly five causes", async () => {
    const server = await startGrownServer();
    const proxy = await startRewritingProxy(server.baseUrl, {
      request(asked) {
        const url = new URL(asked.url);
        const query = url.searchParams;
        // 1. the sha256 filter is not validated: a value its pattern refuses is ignored (the whole collection answers)
        if (url.pathname.endsWith("/samples") && query.has("sha256") && !HEX.test(query.get("sha256")!)) query.delete("sha256");
        // 2. getSampleHistory's status filter is compared in any letter case
        const status = query.get("status");
        if (url.pathname.endsWith("/history") && status !== null && STATUSES.includes(status.toLowerCase())) query.set("status", status.toLowerCase());
        return { ...asked, url };
      },
      answer(asked, answer) {
        const id = /\/samples\/([^/]+)(?:\/history)?$/.exec(asked.url.pathname)?.[1];
        // 3. the shared sample_id parameter (getSample and getSampleHistory): a value that is no number makes it fail
        if (id !== undefined && Number.isNaN(Number(decodeURIComponent(id)))) return json(500, { code: "internal_error", message: "invalid literal for int()", details: {} });
        // 4. every 404's body is not an Error
        if (answer.status === 404) return json(404, { error: "not found" });
        // 5. a sample's notes are a number (its id), in every list and every detail
        if (answer.status !== 200 || !/\/samples(\/\d+)?$/.test(asked.url.pathname)) return undefined;
        const body = JSON.parse(answer.body);
        for (const sample of Array.isArray(body.data) ? body.data : [body]) sample.notes = sample.sample_id;
        return { ...answer, body: JSON.stringify(body) };
      },
    });
    try {
      const result = await runTarget(liveRunOptions("faulty", proxy.baseUrl, GROWN_TOKEN, { spec: grown, maxRequests: 2000, sleep: () => Promise.resolve() }));
      expect(result.stop).toBeUndefined();
      const groups = groupFailures(result.failures);
      const found = groups.map((g) => [g.cause, [...g.checks].sort(), [...g.operations].sort()]);
      expect(found.sort()).toEqual(
        [
          ["#/$defs/Error: required", ["missing_resource", "negative_data_rejection", "response_schema_conformance"], ["getRun", "getSample", "getSampleHistory", "getTag"]],
          ["#/$defs/Sample/properties/notes: type", ["response_schema_conformance"], ["getSample", "listSamples"]],
          ["path parameter sample_id (#/components/parameters/SampleId): values that break its type", ["not_a_server_error"], ["getSample", "getSampleHistory"]],
          ["query parameter sha256 (#/paths/~1samples/get/parameters/query/sha256): values that break its pattern", ["negative_data_rejection"], ["listSamples"]],
          ["query parameter status (#/paths/~1samples~1{sample_id}~1history/get/parameters/query/status): values that break its enum", ["negative_data_rejection"], ["getSampleHistory"]],
        ].sort(),
      );
      // Each shown by many requests (coverage variants, generated values), counted inside its cause.
      for (const g of groups) expect({ cause: g.cause, many: g.count > 1 }).toEqual({ cause: g.cause, many: true });
      expect(groups.reduce((n, g) => n + g.count, 0)).toBe(result.failures.length);
    } finally {
      await proxy.close();
      await server.close();
    }
  });
});
