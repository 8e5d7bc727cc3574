// Contract run: wall time of `npm run contract` against the embedded mock, split into Prism's start-up (the run
// starts the static and the dynamic mock in parallel, so the baseline does the same) and the checks themselves.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { startPrism } from "../contract-tests/targets/prism";
import { median } from "./stats";
import { withRatio, type Row } from "./report";

const ROOT = path.resolve(__dirname, "..");
const SECTION = "contract run";
const run = promisify(execFile);

async function prismStartup(): Promise<number> {
  const t0 = performance.now();
  const instances = await Promise.all([startPrism({ dynamic: false }), startPrism({ dynamic: true, seed: "4" })]);
  const ms = performance.now() - t0;
  await Promise.all(instances.map((p) => p.stop()));
  return ms;
}

interface ContractTiming {
  wallMs: number;
  checksMs: number;
  requests: number;
}

async function contractRun(): Promise<ContractTiming> {
  const t0 = performance.now();
  const { stderr } = await run("npm", ["run", "--silent", "contract"], { cwd: ROOT, env: { ...process.env, SP_BASE_URL: "", SP_API_TOKEN: "" } });
  const wallMs = performance.now() - t0;
  const checks = /checks and reports took (\d+) ms/.exec(stderr);
  if (!checks) throw new Error(`npm run contract did not report its timing:\n${stderr}`);
  const summary = JSON.parse(readFileSync(path.join(ROOT, "reports/contract-summary.json"), "utf8"));
  if (summary.verdict !== "pass") throw new Error(`npm run contract did not pass on the mock (${summary.verdict})`);
  const requests = summary.targets.reduce((sum: number, t: { requestsSent: number }) => sum + t.requestsSent, 0);
  return { wallMs, checksMs: Number(checks[1]), requests };
}

export async function benchContractRun(options: { quick: boolean }): Promise<Row[]> {
  const rounds = options.quick ? 1 : 5;
  const startup: number[] = [];
  const runs: ContractTiming[] = [];
  for (let i = 0; i < rounds; i++) {
    startup.push(await prismStartup());
    runs.push(await contractRun());
  }
  const baseline = "Prism start-up alone (static + dynamic, in parallel)";
  const checksMs = median(runs.map((r) => r.checksMs));
  return [
    ...withRatio([
      { section: SECTION, name: baseline, value: median(startup), unit: "ms" },
      { section: SECTION, name: "npm run contract, whole run", value: median(runs.map((r) => r.wallMs)), unit: "ms", baseline },
    ]),
    {
      section: SECTION,
      name: "checks and reports after Prism is ready",
      value: checksMs,
      unit: "ms",
      target: "< 1500 ms",
      met: checksMs < 1500,
    },
    { section: SECTION, name: "requests sent (both mocks)", value: median(runs.map((r) => r.requests)), unit: "requests" },
  ];
}
