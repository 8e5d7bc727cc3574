// Every command-line tool answers --help with its usage (exit 0, nothing else done) and refuses an unknown argument
// with exit 2, never running its whole job on a word it does not know.
import { spawnSync } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const TOOLS: [string, string][] = [
  ["contract", "contract-tests/run.ts"],
  ["mock", "scripts/mock.ts"],
  ["check:breaking", "scripts/check-breaking.ts"],
  ["bench", "bench/run.ts"],
  ["generate", "scripts/generate.ts"],
];

const run = (file: string, arg: string) =>
  spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, file), arg], { cwd: ROOT, encoding: "utf8", env: { ...process.env, SP_BASE_URL: "" } });

describe.each(TOOLS)("npm run %s", (name, file) => {
  it("prints its usage on --help and exits 0", () => {
    const out = run(file, "--help");
    expect({ status: out.status, usage: out.stdout.split("\n")[0] }).toEqual({ status: 0, usage: expect.stringMatching(new RegExp(`^usage: npm run ${name} `)) });
  });

  it("refuses an unknown argument with exit 2, naming it", () => {
    const out = run(file, "--no-such-option");
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('"--no-such-option"');
  });
});
