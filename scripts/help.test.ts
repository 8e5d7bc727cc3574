// Every command-line tool answers --help with its usage (exit 0, nothing else done) and refuses an unknown argument
// with exit 2, never running its whole job on a word it does not know. The commands' main() run in-process (each
// file runs itself only as a command); two of them also run as processes, for the wiring from main() to the exit code.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { main as checkBreaking } from "./check-breaking";
import { main as checkSpec } from "./check-spec";
import { capturedOutput, type CommandOutput } from "./command-output";
import { main as generate } from "./generate";
import { main as mock } from "./mock";
import { main as contract } from "../contract-tests/run";
import { main as bench } from "../bench/run";

const ROOT = path.resolve(__dirname, "..");
type Main = (argv: readonly string[], output: CommandOutput) => Promise<number>;

async function inProcess(main: Main, arg: string): Promise<{ status: number; stdout: string; stderr: string }> {
  const { output, printed } = capturedOutput();
  const status = await main([arg], output);
  return { status, ...printed };
}

function spawned(file: string, arg: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, file), arg], { cwd: ROOT, encoding: "utf8", env: { ...process.env, SP_BASE_URL: "" } });
}

const TOOLS: [string, (arg: string) => Promise<{ status: number | null; stdout: string; stderr: string }>][] = [
  ["contract", (arg) => inProcess(contract, arg)],
  ["mock", (arg) => inProcess((argv, output) => mock(argv, {}, output), arg)],
  ["check:breaking", (arg) => inProcess(checkBreaking, arg)],
  ["check:spec", (arg) => inProcess(checkSpec, arg)],
  ["generate", (arg) => inProcess(generate, arg)],
  ["bench", (arg) => inProcess(bench, arg)],
];

describe.each(TOOLS)("npm run %s", (name, run) => {
  it("prints its usage on --help and exits 0", async () => {
    const out = await run("--help");
    expect({ status: out.status, usage: out.stdout.split("\n")[0] }).toEqual({ status: 0, usage: expect.stringMatching(new RegExp(`^usage: npm run ${name} `)) });
  });

  it("refuses an unknown argument with exit 2, naming it", async () => {
    const out = await run("--no-such-option");
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('"--no-such-option"');
  });
});

it.each([
  ["scripts/generate.ts", 'generate: unknown argument "--no-such-option" (expected --check, --strict-formats, --spec <file>, --out <dir>)'],
  ["bench/run.ts", 'bench: unknown argument "--no-such-option" (expected --json, --quick, --only <sections>)'],
])("%s run as a process still exits with its code (the require.main wiring)", (file, message) => {
  const out = spawned(file, "--no-such-option");
  expect({ status: out.status, stdout: out.stdout, stderr: out.stderr.trim() }).toEqual({ status: 2, stdout: "", stderr: message });
});
