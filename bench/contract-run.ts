// Contract run, two ways.
// Mock: wall time of `npm run contract` against the embedded mock (the default run, generated cases included), beside
// Prism's start-up alone (the one Prism process that serves both mock targets, started as the run starts it)
// and beside the same run with SP_CONTRACT_EXAMPLES=0 (no generated requests: what the generated cases cost).
// Live: a default live run (walks, fixed and generated cases) against the conformant fixture server, in-process. The
// real run is paced at 120 requests a minute, which takes minutes; so the bench runs the real configuration with the
// rate raised (still one request at a time, as a paced run sends them), counts the requests, and projects the paced
// wall time from the count.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { loadConfig } from "../contract-tests/config";
import { FIXTURE_TOKEN, startFixture } from "../contract-tests/fixtures/server";
import { runContract } from "../contract-tests/run";
import { startPrism } from "../contract-tests/targets/prism";
import { median } from "./stats";
import { withRatio, type Row } from "./report";

const ROOT = path.resolve(__dirname, "..");
const SECTION = "contract run";
const run = promisify(execFile);

/** The mock run may take this long past Prism's start-up. */
const MOCK_OVER_STARTUP_MS = 2000;
/** A default paced live run must finish within this. */
const LIVE_PACED_MAX_S = 300;
/** The rate the bench's unpaced live run goes at: finite, so the engine still sends one request at a time. */
const UNPACED_RATE = 1_000_000;

interface Summary {
  verdict: string;
  targets: { requestsSent: number }[];
}

/** Each run writes its reports to a directory of its own, never the repository's `reports/` (another run may be there). */
async function withReportDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sp-bench-contract-"));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const readSummary = (dir: string): Summary => JSON.parse(readFileSync(path.join(dir, "contract-summary.json"), "utf8"));
const requestsOf = (summary: Summary) => summary.targets.reduce((sum, t) => sum + t.requestsSent, 0);

async function prismStartup(): Promise<number> {
  const t0 = performance.now();
  const prism = await startPrism({ quiet: true });
  const ms = performance.now() - t0;
  await prism.stop();
  return ms;
}

interface MockTiming {
  wallMs: number;
  checksMs: number;
  requests: number;
}

/** `npm run contract` on the mock with the defaults; `examples` set only for the no-generated-cases baseline. */
function mockRun(examples?: number): Promise<MockTiming> {
  return withReportDir(async (reportDir) => {
    // No SP_* from the caller's shell: a default run is what a user gets with nothing set.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("SP_")));
    env.SP_CONTRACT_REPORT_DIR = reportDir;
    if (examples !== undefined) env.SP_CONTRACT_EXAMPLES = String(examples);
    const t0 = performance.now();
    const { stderr } = await run("npm", ["run", "--silent", "contract"], { cwd: ROOT, env });
    const wallMs = performance.now() - t0;
    const checks = /checks and reports took (\d+) ms/.exec(stderr);
    if (!checks) throw new Error(`npm run contract did not report its timing:\n${stderr}`);
    const summary = readSummary(reportDir);
    if (summary.verdict !== "pass") throw new Error(`npm run contract did not pass on the mock (${summary.verdict})`);
    return { wallMs, checksMs: Number(checks[1]), requests: requestsOf(summary) };
  });
}

interface LiveRun {
  wallMs: number;
  requests: number;
  /** the rate a default live run is paced at, from loadConfig */
  pacedRatePerMinute: number;
}

/** A default live run against the conformant fixture (130 samples), in-process; `unpaced`: with only the rate raised. */
async function liveRun(unpaced = true): Promise<LiveRun> {
  const fixture = await startFixture();
  try {
    return await withReportDir(async (reportDir) => {
      const paced = loadConfig({ SP_BASE_URL: fixture.baseUrl, SP_API_TOKEN: FIXTURE_TOKEN });
      const config = { ...paced, reportDir, ratePerMinute: unpaced ? UNPACED_RATE : paced.ratePerMinute };
      const t0 = performance.now();
      const out = await runContract(config);
      const wallMs = performance.now() - t0;
      if (out.exitCode !== 0) throw new Error(`the live run against the fixture did not pass (exit ${out.exitCode}):\n${out.text}`);
      return { wallMs, requests: requestsOf(readSummary(reportDir)), pacedRatePerMinute: paced.ratePerMinute };
    });
  } finally {
    await fixture.close();
  }
}

export async function benchContractRun(options: { quick: boolean }): Promise<Row[]> {
  const rounds = options.quick ? 1 : 5;
  const startup: number[] = [];
  const full: MockTiming[] = [];
  const bare: MockTiming[] = [];
  const live: LiveRun[] = [];
  const contenders: (() => Promise<void>)[] = [
    async () => void startup.push(await prismStartup()),
    async () => void full.push(await mockRun()),
    async () => void bare.push(await mockRun(0)),
    async () => void live.push(await liveRun()),
  ];
  // Round-robin, first in turn (as stats.interleave), so a noisy neighbour slows every contender alike; no warm-up
  // round: the first in-process live run pays the suite's module loading, as a CLI run would.
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < contenders.length; i++) await contenders[(i + round) % contenders.length]();
  }
  // One truly paced run (minutes long: once, and not in --quick), to check the projection against the clock.
  const pacedRun = options.quick ? undefined : await liveRun(false);

  const prism = "Prism start-up";
  const noExamples = "mock run, EXAMPLES=0";
  const requestsNoExamples = "requests, EXAMPLES=0";
  const startupMs = median(startup);
  const fullMs = median(full.map((r) => r.wallMs));
  const overStartupMs = fullMs - startupMs;
  const checksMs = median(full.map((r) => r.checksMs));
  const liveRequests = median(live.map((r) => r.requests));
  const rate = live[0].pacedRatePerMinute;
  const projectedS = (liveRequests * 60) / rate;
  return [
    ...withRatio([
      { section: SECTION, name: prism, value: startupMs, unit: "ms", note: "the one Prism of both mock targets, as the run starts it" },
      { section: SECTION, name: noExamples, value: median(bare.map((r) => r.wallMs)), unit: "ms", baseline: prism, note: "npm run contract, no generated requests" },
      { section: SECTION, name: "mock run (default)", value: fullMs, unit: "ms", baseline: noExamples, note: "npm run contract, whole run, generated requests included" },
    ]),
    {
      section: SECTION,
      name: "mock run over start-up",
      value: overStartupMs,
      unit: "ms",
      target: `<= ${MOCK_OVER_STARTUP_MS} ms`,
      met: overStartupMs <= MOCK_OVER_STARTUP_MS,
      note: "median whole run minus median Prism start-up: the run must stay within start-up + 2 s",
    },
    // Informational: the target that counts is the whole run against start-up, above.
    { section: SECTION, name: "checks after start-up", value: checksMs, unit: "ms", note: "checks and reports after Prism is ready, as the run reports it" },
    ...withRatio([
      { section: SECTION, name: requestsNoExamples, value: median(bare.map((r) => r.requests)), unit: "requests", note: "mock run, both mocks" },
      { section: SECTION, name: "requests (default)", value: median(full.map((r) => r.requests)), unit: "requests", baseline: requestsNoExamples, note: "mock run, both mocks" },
    ]),
    { section: SECTION, name: "live, 130 samples", value: liveRequests, unit: "requests", note: "requests a default live run sends to the conformant fixture" },
    { section: SECTION, name: "live run, unpaced", value: median(live.map((r) => r.wallMs)), unit: "ms", note: `in-process, rate raised to ${UNPACED_RATE}/min, one request at a time` },
    {
      section: SECTION,
      name: `live at ${rate}/min (est.)`,
      value: projectedS,
      unit: "s",
      target: `<= ${LIVE_PACED_MAX_S / 60} min`,
      met: projectedS <= LIVE_PACED_MAX_S,
      note: `projected wall time of the paced run: requests sent / ${rate} a minute`,
    },
    ...(pacedRun
      ? [
          {
            section: SECTION,
            name: `live at ${rate}/min, 1 run`,
            value: pacedRun.wallMs / 1000,
            unit: "s",
            target: `<= ${LIVE_PACED_MAX_S / 60} min`,
            met: pacedRun.wallMs / 1000 <= LIVE_PACED_MAX_S,
            note: `a default live run against the fixture at the default pace, measured once (${pacedRun.requests} requests)`,
          },
        ]
      : []),
  ];
}
