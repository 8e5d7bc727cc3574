// The CLI as a CI job runs it: exit codes, reports, live runs end to end, and no Prism left behind after an
// interrupted run.
import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gone } from "./fixtures/processes";
import { startFixture, FIXTURE_TOKEN } from "./fixtures/server";
import { JSON_FILE, JUNIT_FILE } from "./report/names";

const ROOT = path.resolve(__dirname, "..");
// As the npm scripts run them: one node process with tsx's loader (the tsx CLI would add a second process).
const NODE_TSX = [process.execPath, "--import", "tsx"] as const;
const RUN = path.join(ROOT, "contract-tests/run.ts");

interface Cli {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

type Child = ReturnType<typeof spawn>;
const stopRunning = (children: Set<Child>) => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  children.clear();
};
// A test that fails or times out must not leave its run (and so Prism) behind. Runs started in a beforeAll belong to
// their describe block and are stopped in its afterAll: stopping them after the first test of the block would
// interrupt the runs the next tests are still waiting on.
const children = new Set<Child>();
afterEach(() => stopRunning(children));

function cli(env: Record<string, string>, onStderr?: (text: string, child: Child) => void, owner = children): Promise<Cli> {
  return new Promise((resolve, reject) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("SP_")));
    const child = spawn(NODE_TSX[0], [...NODE_TSX.slice(1), RUN], { cwd: ROOT, env: { ...clean, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    owner.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => {
      stderr += d;
      onStderr?.(stderr, child);
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

let reports: string;
beforeAll(async () => {
  reports = await mkdtemp(path.join(os.tmpdir(), "sp-contract-cli-"));
});
afterAll(() => rm(reports, { recursive: true, force: true }));

// A passing run against the embedded Prism mocks is the contract Jest project's, in `npm test` (contract-tests/jest/):
// the same engine and the same targets, with every check x operation a test of its own.

describe("an interrupted run leaves no Prism behind", () => {
  // The runs go at once (each waits for Prism, then is interrupted mid-run: at 30 requests a minute it would take
  // minutes). SIGTERM is scripts/signals.test.ts's: sent to npm, as CI sends it, it reaches this same process.
  type How = "SIGINT" | "SIGKILL";
  const runs = new Map<How, Promise<Cli>>();
  const ownRuns = new Set<Child>();
  const interrupt = (how: How) =>
    cli({ SP_CONTRACT_REPORT_DIR: reports, SP_CONTRACT_RATE_PER_MINUTE: "30" }, (stderr, child) => {
      if (!/listening at/.test(stderr) || (child as any).interrupted) return;
      (child as any).interrupted = true;
      if (how === "SIGKILL") {
        // The process that started Prism, killed without warning.
        child.kill("SIGKILL");
      } else {
        setTimeout(() => child.kill(how), 300);
      }
    }, ownRuns);
  beforeAll(() => {
    for (const how of ["SIGINT", "SIGKILL"] as const) runs.set(how, interrupt(how));
  });
  afterAll(() => stopRunning(ownRuns));

  it.each(["SIGINT", "SIGKILL"] as const)("%s: Prism and its whole process group are gone", async (how) => {
    const out = await runs.get(how)!;
    const pids = [...out.stderr.matchAll(/pid (\d+)/g)].map((m) => Number(m[1]));
    // Prism was up before the interruption; on failure Jest shows what the run printed.
    expect({ pids, stderr: out.stderr }).toMatchObject({ pids: [expect.any(Number)] });
    if (how !== "SIGKILL") {
      expect(out.stderr).toContain(`contract: ${how}, stopping Prism; the requests sent so far are judged and partial reports written`);
      expect(out.stderr).toContain(`contract: INTERRUPTED by ${how}; Prism was stopped; partial reports written`);
      expect(out.stderr).not.toContain("internal error");
      expect(out.code).toBe(130);
    }
    for (const pid of pids) {
      expect(await gone(pid)).toBe(true);
      // No process of its group is left (polled: under load the guard may reap the group a moment after Prism).
      expect(await gone(-pid)).toBe(true);
    }
  }, 60_000);
});

it("exits 2 on a bad environment variable, naming it, with no stack trace, and leaves no earlier run's reports", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "sp-stale-"));
  try {
    for (const file of [JUNIT_FILE, JSON_FILE]) await writeFile(path.join(dir, file), "an earlier run's PASS");
    await writeFile(path.join(dir, "notes.txt"), "not the suite's");
    const out = await cli({ SP_CONTRACT_MAX_REQUESTS: "lots", SP_CONTRACT_REPORT_DIR: dir });
    expect(out.code).toBe(2);
    expect(out.stderr.trim()).toBe('contract: SP_CONTRACT_MAX_REQUESTS must be a whole number of at least 1 (got "lots")');
    expect(out.stdout).toBe("");
    expect((await readdir(dir)).sort()).toEqual(["notes.txt"]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

it("refuses plain http to a non-loopback host before sending anything", async () => {
  const out = await cli({ SP_BASE_URL: "http://staging.example/api/v1", SP_API_TOKEN: "abcd1234" });
  expect(out.code).toBe(2);
  expect(out.stderr).toMatch(/SP_BASE_URL must use https: unless the host is loopback/);
  expect(out.stderr).not.toContain("abcd1234");
});

it("runs live against a conformant server (every live-only check included) and exits 0, never printing the token", async () => {
  const fixture = await startFixture();
  try {
    const out = await cli({ SP_BASE_URL: `${fixture.baseUrl}/`, SP_API_TOKEN: FIXTURE_TOKEN, SP_CONTRACT_RATE_PER_MINUTE: "100000", SP_CONTRACT_REPORT_DIR: reports });
    expect(out.stdout).toContain("verdict: PASS");
    for (const check of ["pagination_consistency", "filter_semantics", "list_detail_consistency", "missing_resource"]) {
      expect(out.stdout).toMatch(new RegExp(`^${check} +\\S+ +\\S+ +pass$`, "m"));
    }
    expect(out.code).toBe(0);
    expect(out.stdout + out.stderr).not.toContain(FIXTURE_TOKEN);
  } finally {
    await fixture.close();
  }
}, 60_000);

it("could not judge (exit 3), never passes silently, when a paced live server does not answer", async () => {
  const fixture = await startFixture();
  await fixture.close(); // nothing listens there any more
  const out = await cli({ SP_BASE_URL: fixture.baseUrl, SP_API_TOKEN: FIXTURE_TOKEN, SP_CONTRACT_RATE_PER_MINUTE: "600", SP_CONTRACT_REPORT_DIR: reports });
  expect(out.stdout).toContain("INCOMPLETE: 3 requests in a row got no answer");
  // A server that refuses every connection is one fault, whatever the requests were: one cause.
  expect(out.stdout).toMatch(/FAILURES: 3 in 1 cause\(s\)\n1\. \[not_a_server_error\] listSamples: the server: no answer: request failed \(ECONNREFUSED\); e\.g\. no\s+response: request failed \(ECONNREFUSED\) \(3 times\)/);
  expect(out.stdout).toContain("verdict: COULD NOT JUDGE");
  expect(out.code).toBe(3);
}, 60_000);
