// Validation throughput (pages of 100 samples a second) and start-up cost: our ahead-of-time validators against
// ajv compiling from the spec at start-up and two widely used peers, on the same pages.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Validator as CfworkerValidator } from "@cfworker/json-schema";
import { buildSync } from "esbuild";
import OpenAPIResponseValidator from "openapi-response-validator";
import jsonSchema from "../generated/json-schema.json";
import spec from "../generated/openapi.json";
import { responseValidators } from "../generated/response-validators";
import { createAjv } from "../spec/model";
import { makePage } from "./sample-data";
import { interleave, median } from "./stats";
import { withRatio, type Row } from "./report";

const ROOT = path.resolve(__dirname, "..");
const SECTION = "validation";
const SAMPLE_LIST_REF = `${jsonSchema.$id}#/$defs/SampleList`;

type Check = (page: unknown) => boolean;

function contenders(): Record<string, Check> {
  const ajv = createAjv();
  ajv.addSchema(jsonSchema);
  const ajvCompiled = ajv.getSchema(SAMPLE_LIST_REF)!;
  const orv = new (OpenAPIResponseValidator as any)({
    responses: (spec as any).paths["/samples"].get.responses,
    components: (spec as any).components,
  });
  const cfworker = new CfworkerValidator({ $ref: SAMPLE_LIST_REF }, "2020-12", false);
  cfworker.addSchema(jsonSchema);
  const ours = responseValidators.listSamples["200"];
  return {
    "generated validators (ours)": (page) => ours(page),
    "ajv compiled at start-up": (page) => ajvCompiled(page) as boolean,
    "openapi-response-validator": (page) => orv.validateResponse(200, page) === undefined,
    "@cfworker/json-schema": (page) => cfworker.validate(page).valid,
  };
}

// Start-up: what a process pays, after Node itself is up, before it can validate its first page.
const STARTUP_SNIPPETS: Record<string, string> = {
  "generated validators (ours)": `const v = require(process.env.OURS).responseValidators.listSamples["200"]; ok = v(page);`,
  "ajv compiled at start-up": `const Ajv = require("ajv/dist/2020").default; const formats = require("ajv-formats").default;
    const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true }); formats(ajv);
    ajv.addSchema(require("./generated/json-schema.json")); ok = ajv.getSchema(${JSON.stringify(SAMPLE_LIST_REF)})(page);`,
  "openapi-response-validator": `const ORV = require("openapi-response-validator").default; const spec = require("./generated/openapi.json");
    const v = new ORV({ responses: spec.paths["/samples"].get.responses, components: spec.components });
    ok = v.validateResponse(200, page) === undefined;`,
  "@cfworker/json-schema": `const { Validator } = require("@cfworker/json-schema"); const js = require("./generated/json-schema.json");
    const v = new Validator({ $ref: ${JSON.stringify(SAMPLE_LIST_REF)} }, "2020-12", false); v.addSchema(js);
    ok = v.validate(page).valid;`,
};

function measureStartup(runs: number): Record<string, number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sp-bench-"));
  const ours = path.join(dir, "validators.cjs");
  // Every operation's response validators (generated/validators/), bundled into one file as before they were split.
  buildSync({ entryPoints: [path.join(ROOT, "generated/response-validators.ts")], bundle: true, outfile: ours, format: "cjs", platform: "neutral", logLevel: "error" });
  const pageFile = path.join(dir, "page.json");
  writeFileSync(pageFile, JSON.stringify(makePage(0, 100, 1000)));
  const result: Record<string, number> = {};
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(STARTUP_SNIPPETS).map((k) => [k, []]));
  for (let run = 0; run < runs; run++) {
    for (const [name, snippet] of Object.entries(STARTUP_SNIPPETS)) {
      const code = `const page = JSON.parse(require("fs").readFileSync(process.env.PAGE, "utf8")); let ok;
        const t0 = performance.now(); ${snippet} const ms = performance.now() - t0;
        if (ok !== true) throw new Error("page did not validate"); process.stdout.write(String(ms));`;
      const out = execFileSync(process.execPath, ["-e", code], { cwd: ROOT, env: { ...process.env, OURS: ours, PAGE: pageFile } });
      times[name].push(Number(out.toString()));
    }
  }
  for (const [name, t] of Object.entries(times)) result[name] = median(t);
  return result;
}

export async function benchValidation(options: { quick: boolean }): Promise<Row[]> {
  const pages = Array.from({ length: 20 }, (_, i) => makePage(i * 100, 100, 100_000));
  const checks = contenders();
  for (const [name, check] of Object.entries(checks)) {
    if (!pages.every((p) => check(p))) throw new Error(`${name} rejected a valid page`);
    if (check({ ...pages[0], data: [{ sample_id: 0, sha256: "x" }] })) throw new Error(`${name} accepted an invalid page`);
  }
  const loops = options.quick ? 5 : 25;
  const rounds = options.quick ? 3 : 9;
  const times = await interleave(
    rounds,
    Object.fromEntries(
      Object.entries(checks).map(([name, check]) => [
        name,
        () => {
          for (let l = 0; l < loops; l++) for (const page of pages) check(page);
        },
      ]),
    ),
  );
  const pagesPerRound = loops * pages.length;
  const baseline = "ajv compiled at start-up";
  const ours = "generated validators (ours)";
  const throughput = withRatio(
    Object.entries(times).map(([name, t]): Row => ({
      section: SECTION,
      name: `${name}: pages of 100/s`,
      value: pagesPerRound / (median(t) / 1000),
      unit: "pages/s",
      baseline: name === baseline ? undefined : `${baseline}: pages of 100/s`,
    })),
    true,
  );
  const oursRow = throughput.find((r) => r.name.startsWith(ours))!;
  oursRow.target = "ahead of every peer";
  oursRow.met = throughput.every((r) => r === oursRow || r.value < oursRow.value);

  const startup = measureStartup(options.quick ? 3 : 7);
  const startupRows = withRatio(
    Object.entries(startup).map(([name, ms]): Row => ({
      section: SECTION,
      name: `${name}: start-up`,
      value: ms,
      unit: "ms",
      baseline: name === baseline ? undefined : `${baseline}: start-up`,
      ...(name === ours ? { target: "close to zero (<= 0.10x)", maxRatio: 0.1 } : {}),
    })),
  );
  return [...throughput, ...startupRows];
}
