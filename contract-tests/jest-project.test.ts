// The contract suite as a Jest project (`npm run contract:jest`), run as a CI job runs it: a real Jest process whose
// global setup runs the engine. It fails a broken server with the check's causes and curl lines (never the token),
// `-t` picks one check's tests, and Ctrl-C leaves no Prism behind.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gone } from "./fixtures/processes";
import { FIXTURE_TOKEN, startFixture, type Fixture, type FixtureOptions } from "./fixtures/server";

const ROOT = path.resolve(__dirname, "..");
const JEST = path.join(ROOT, "node_modules/jest/bin/jest.js");

interface Run {
  code: number | null;
  output: string;
}

// The four Jest runs start at once, in beforeAll (each is a process of its own, mostly waiting on its global setup),
// and each test awaits its own; whatever is still running when the file ends is killed.
const running = new Set<ReturnType<typeof spawn>>();
const fixtures: Fixture[] = [];

let reports: string;

function jest(args: string[], env: Record<string, string>, onOutput?: (output: string, child: ReturnType<typeof spawn>) => void): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("SP_") && !k.startsWith("JEST_")));
  const child = spawn(process.execPath, [JEST, "--selectProjects", "contract", "--ci", ...args], {
    cwd: ROOT,
    env: { ...clean, SP_CONTRACT_REPORT_DIR: reports, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let output = "";
  const collect = (d: Buffer) => {
    output += d.toString();
    onOutput?.(output, child);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, output })));
}

/** A fixture server for one run, closed when the file ends. */
async function fixture(options: FixtureOptions = {}): Promise<Fixture> {
  const started = await startFixture(options);
  fixtures.push(started);
  return started;
}

const live = (f: Fixture) => ({ SP_BASE_URL: f.baseUrl, SP_API_TOKEN: FIXTURE_TOKEN, SP_CONTRACT_RATE_PER_MINUTE: "1000000" });

let broken: Promise<Run>;
let picked: Promise<{ run: Run; requests: number }>;
let badVariable: Promise<Run>;
const prismPids: number[] = [];
let interrupted: Promise<Run>;

beforeAll(async () => {
  reports = await mkdtemp(path.join(os.tmpdir(), "sp-contract-jest-"));
  const [brokenServer, conformant] = await Promise.all([fixture({ break: "detail_differs" }), fixture()]);
  broken = jest([], live(brokenServer));
  picked = jest(["-t", "ignored_auth"], live(conformant)).then((run) => ({ run, requests: conformant.requests.length }));
  badVariable = jest([], { SP_CONTRACT_SEEED: "1" });
  interrupted = jest([], { SP_CONTRACT_RATE_PER_MINUTE: "20" }, (output, child) => {
    if (prismPids.length === 0 && /Prism ready after/.test(output)) {
      prismPids.push(...[...output.matchAll(/pid (\d+)/g)].map((m) => Number(m[1])));
      child.kill("SIGINT");
    }
  });
});

afterAll(async () => {
  for (const child of running) if (child.exitCode === null) child.kill("SIGKILL");
  await Promise.all(fixtures.map((f) => f.close()));
  await rm(reports, { recursive: true, force: true });
});

it("fails a broken live server: one failing test per broken check x operation, with its causes and curl lines, never the token", async () => {
  const run = await broken;
  expect(run.code).toBe(1);
  expect(run.output).toContain("● live (live) › list_detail_consistency getSample");
  expect(run.output).toMatch(/ContractFailure: \d+ failure\(s\) in 1 cause\(s\): sample \d+ differs between list and detail at \/name/);
  expect(run.output).toMatch(/replay: {3}curl -i -X GET -H "Authorization: Bearer \$SP_API_TOKEN"/);
  expect(run.output).toMatch(/✓ response_schema_conformance getSample/);
  expect(run.output).toMatch(/Tests: +1 failed, \d+ skipped, \d+ passed/);
  expect(run.output).not.toContain(FIXTURE_TOKEN);
}, 120_000);

it("-t picks one check's tests; the others are skipped (the engine still sends every case)", async () => {
  const { run, requests } = await picked;
  expect(run.code).toBe(0);
  expect(run.output).toMatch(/Tests: +\d+ skipped, 2 passed/);
  expect(requests).toBeGreaterThan(100);
}, 120_000);

it("a bad variable is one line naming it, and nothing runs", async () => {
  const run = await badVariable;
  expect(run.code).not.toBe(0);
  expect(run.output).toContain("contract: SP_CONTRACT_SEEED is not a variable of the contract suite: did you mean SP_CONTRACT_SEED?");
  expect(run.output).not.toMatch(/^\s+at /m);
}, 60_000);

it("Ctrl-C during the run stops Prism", async () => {
  const run = await interrupted;
  expect(prismPids).toHaveLength(1);
  expect(run.output).toContain("contract: interrupted (SIGINT); Prism stopped");
  expect(run.code).toBe(130);
  for (const pid of prismPids) expect({ pid, gone: await gone(pid) }).toEqual({ pid, gone: true });
}, 60_000);
