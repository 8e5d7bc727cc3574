// SIGTERM sent to npm itself, as a CI step or a process manager sends it to the command it started, reaches the node
// process that serves or judges, and every Prism it started (#20 item 3): each long-running script `exec`s, so npm's
// child is that node process and npm passes the signal on to it.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gone } from "../contract-tests/fixtures/processes";

const ROOT = path.resolve(__dirname, "..");

/** The pids of every process below `pid`, read from /proc (each process's parent is field 4 of its stat). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone while we looked
    }
  }
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const [child, of] of parents) {
      if (of === parent) {
        found.push(child);
        visit(child);
      }
    }
  };
  visit(pid);
  return found;
}

interface Signalled {
  /** every process that ran below npm when it was signalled */
  below: number[];
  npm: number;
  /** npm's exit code and everything the script printed, once npm has exited */
  ended: Promise<{ code: number | null; output: string }>;
}

/** Starts `npm run <script>`, waits until its output says it is up, then signals npm and lists what was running below it. */
function runThenSignal(script: string, ready: RegExp, env: Record<string, string> = {}): Promise<Signalled> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let signalled = false;
    const ended = new Promise<{ code: number | null; output: string }>((done) => child.on("close", (code) => done({ code, output })));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`npm run ${script} never printed ${ready}:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (signalled || !ready.test(output)) return;
      signalled = true;
      clearTimeout(timer);
      const below = descendants(child.pid as number);
      child.kill("SIGTERM");
      resolve({ below, npm: child.pid as number, ended });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
  });
}

const SCRIPTS = [
  ["mock", /Mock of .* at http/, { PORT: "0" }],
  ["contract", /listening at/, { SP_CONTRACT_RATE_PER_MINUTE: "20", SP_CONTRACT_REPORT_DIR: path.join(os.tmpdir(), `signals-test-${process.pid}`) }],
  ["contract:jest", /Prism ready after/, { SP_CONTRACT_RATE_PER_MINUTE: "20" }],
] as const;

describe("SIGTERM to npm stops every process the script started, within 5 s", () => {
  // The three scripts start at once (each mostly waits for its Prism or its port); each test awaits its own.
  const runs = new Map<string, ReturnType<typeof runThenSignal>>();
  beforeAll(() => {
    for (const [script, ready, env] of SCRIPTS) {
      const run = runThenSignal(script, ready, env);
      run.catch(() => undefined); // awaited, and so reported, by its test
      runs.set(script, run);
    }
  });

  it.each(SCRIPTS)("npm run %s", async (script) => {
    const { below, npm, ended } = await runs.get(script)!;
    // Within 5 s of the signal: every process, npm included, and so npm's output is complete.
    for (const pid of [npm, ...below]) expect({ pid, gone: await gone(pid, 5000) }).toEqual({ pid, gone: true });
    const { output } = await ended;
    // The script's node process at least, and for the contract suite its Prism (and Prism's guard) too.
    expect({ count: below.length >= (script === "mock" ? 1 : 3), output }).toMatchObject({ count: true });
  }, 90_000);

  // The CLI's own answer to SIGTERM (contract-tests/cli.test.ts interrupts it with SIGINT and SIGKILL): it says so,
  // stops Prism's whole process group, judges what it sent, writes the partial reports, says INTERRUPTED and exits
  // 143, which npm passes on.
  it("npm run contract: the run says it stopped Prism, its group is gone, the verdict is INTERRUPTED and npm exits 143", async () => {
    const { code, output } = await (await runs.get("contract")!).ended;
    expect(output).toContain("contract: SIGTERM, stopping Prism; the requests sent so far are judged and partial reports written");
    expect(output).toContain("verdict: INTERRUPTED by SIGTERM: partial results of the requests sent before it; not a pass  (exit 143)");
    expect(output).toContain("contract: INTERRUPTED by SIGTERM; Prism was stopped; partial reports written");
    expect(output).toMatch(/contract-summary\.json/);
    expect(output).not.toContain("internal error");
    expect(code).toBe(143);
    const pids = [...output.matchAll(/pid (\d+)/g)].map((m) => Number(m[1]));
    expect({ pids, output }).toMatchObject({ pids: [expect.any(Number)] });
    expect(await gone(-pids[0])).toBe(true);
  }, 90_000);
});
