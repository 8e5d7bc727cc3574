// The checks that read the whole repository, run as tests so that Jest runs them beside the others (npm test is one
// command, its workers on every core): tsc over every project file and ESLint with type information (from one
// program), knip, and Spectral on the spec. (generated/ against the spec is scripts/generate.test.ts's "accepts the
// committed generated/".)
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { LintSummary } from "./lint";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "..");

/**
 * A command at low priority (nice 10; Windows has no `nice`): its answer is needed only when its test runs, so it
 * takes the CPU the other test files leave idle instead of slowing the files on npm test's critical path. A busy
 * machine can then keep it waiting for minutes, hence the tests' long timeouts (for a hang, not a pace).
 */
const lowPriority = (file: string, args: string[]): [string, string[]] => (process.platform === "win32" ? [file, args] : ["nice", ["-n", "10", file, ...args]]);

/** stdout and stderr of a command that must succeed, run at low priority; on failure, its output is the test's message. */
async function output(command: string, commandArgs: string[]): Promise<{ ok: boolean; text: string }> {
  const [file, args] = lowPriority(command, commandArgs);
  return run(file, args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ ok: true, text: `${stdout}${stderr}` }),
    (error: { stdout?: string; stderr?: string; message: string }) => ({ ok: false, text: `${error.stdout ?? ""}${error.stderr ?? ""}` || error.message }),
  );
}

const BACKGROUND_TIMEOUT_MS = 600_000;

// tsc and ESLint share one program (scripts/lint.ts, npm run lint's first half): built once for both tests. The four
// commands start together, so that Spectral and knip run beside the long one instead of after it.
let summary: Promise<LintSummary>;
let spectral: Promise<{ ok: boolean; text: string }>;
let knip: Promise<{ ok: boolean; text: string }>;
beforeAll(() => {
  summary = output(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/lint.ts"), "--json"]).then(({ text }) => {
    try {
      return JSON.parse(text.trim().split("\n").pop()!) as LintSummary;
    } catch {
      throw new Error(`scripts/lint.ts printed no summary:\n${text}`);
    }
  });
  spectral = output(path.join(ROOT, "node_modules/.bin/spectral"), ["lint", "spec/openapi.yaml", "--ruleset", "spec/.spectral.yaml", "--fail-severity", "hint"]);
  knip = output(path.join(ROOT, "node_modules/.bin/knip"), ["--no-progress"]);
  // Awaited by its tests; a missing summary before then must not count as unhandled (output() itself never rejects).
  summary.catch(() => undefined);
});

it("typecheck: tsc finds no error in any file of the project", async () => {
  const { typeErrors, programFiles } = await summary;
  expect(typeErrors).toEqual([]);
  expect(programFiles).toBeGreaterThan(100);
}, BACKGROUND_TIMEOUT_MS);

it("lint: ESLint (type-aware, eslint.config.mjs) finds no error, in every file tsc checked but generated/; complexity warnings are printed, not failed", async () => {
  const { lintErrors, lintedFiles, unlintedFiles } = await summary;
  expect(lintErrors).toEqual([]);
  expect(unlintedFiles).toEqual([]);
  expect(lintedFiles).toBeGreaterThan(100);
}, BACKGROUND_TIMEOUT_MS);

it("lint:spec: Spectral finds nothing in spec/openapi.yaml, not even a hint", async () => {
  const result = await spectral;
  expect(result).toEqual({ ok: true, text: expect.stringContaining("No results with a severity of 'hint' or higher found!") });
}, BACKGROUND_TIMEOUT_MS);

it("knip: no unused file, export or dependency", async () => {
  const result = await knip;
  expect(result).toEqual({ ok: true, text: expect.not.stringMatching(/Unused|Unlisted|Unresolved/) });
}, BACKGROUND_TIMEOUT_MS);
