// The checks that read the whole repository, run as tests so that Jest runs them beside the others (npm test is one
// command on both cores): tsc over every project file, and Spectral on the committed spec. (generated/ against the
// spec is scripts/generate.test.ts's "accepts the committed generated/".)
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "..");

/** stdout and stderr of a command that must succeed; on failure, its output is the test's message. */
async function output(file: string, args: string[]): Promise<{ ok: boolean; text: string }> {
  return run(file, args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ ok: true, text: `${stdout}${stderr}` }),
    (error: { stdout?: string; stderr?: string; message: string }) => ({ ok: false, text: `${error.stdout ?? ""}${error.stderr ?? ""}` || error.message }),
  );
}

it("typecheck: tsc finds no error in any file of the project", async () => {
  const result = await output(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", "tsconfig.json"]);
  expect(result).toEqual({ ok: true, text: "" });
}, 120_000);

it("lint:spec: Spectral finds nothing in spec/openapi.yaml, not even a hint", async () => {
  const result = await output(path.join(ROOT, "node_modules/.bin/spectral"), ["lint", "spec/openapi.yaml", "--ruleset", "spec/.spectral.yaml", "--fail-severity", "hint"]);
  expect(result).toEqual({ ok: true, text: expect.stringContaining("No results with a severity of 'hint' or higher found!") });
}, 120_000);
