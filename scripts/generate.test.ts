// `npm run generate` is deterministic and `generate:check` catches every kind of drift, on a copy of the repo's spec.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const ROOT = path.resolve(__dirname, "..");
const run = promisify(execFile);
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

async function generate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [path.join(ROOT, "scripts/generate.ts"), ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error: any) {
    return { code: error.code, stdout: error.stdout, stderr: error.stderr };
  }
}

describe("generate and generate:check", () => {
  let dir: string;
  let spec: string;
  let out: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "sp-generate-"));
    spec = path.join(dir, "openapi.yaml");
    out = path.join(dir, "generated");
    await cp(path.join(ROOT, "spec/openapi.yaml"), spec);
    await cp(path.join(ROOT, "generated"), out, { recursive: true });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("accepts the committed generated/ for the committed spec", async () => {
    const result = await generate(["--check", "--spec", spec, "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("writes byte-identical files on every run", async () => {
    const second = path.join(dir, "second");
    await generate(["--spec", spec, "--out", out]);
    await generate(["--spec", spec, "--out", second]);
    const names = (await readdir(out)).sort();
    expect(names).toEqual(["json-schema.json", "openapi.json", "request-validators.ts", "response-validators.ts", "schema.d.ts"]);
    for (const name of names) {
      expect(await readFile(path.join(second, name), "utf8")).toBe(await readFile(path.join(out, name), "utf8"));
    }
  });

  it("fails, naming each drifted file and the first differing line, when the spec changes", async () => {
    const text = await readFile(spec, "utf8");
    await writeFile(spec, text.replace("maxLength: 255", "maxLength: 256"));
    const result = await generate(["--check", "--spec", spec, "--out", out]);
    expect(result.code).toBe(1);
    for (const name of ["openapi.json", "json-schema.json", "response-validators.ts"]) {
      expect(result.stderr).toContain(`generated/${name}: drifted from the spec`);
    }
    expect(result.stderr).toMatch(/\+ .*"maxLength": 256/);
    expect(result.stderr).toMatch(/- .*"maxLength": 255/);
    expect(result.stderr).toContain("Run `npm run generate`");
  });

  it("fails when a generated file is edited by hand, missing, or not produced by the spec", async () => {
    await writeFile(path.join(out, "schema.d.ts"), `${await readFile(path.join(out, "schema.d.ts"), "utf8")}// edit\n`);
    await rm(path.join(out, "response-validators.ts"));
    await writeFile(path.join(out, "stale.json"), "{}\n");
    const result = await generate(["--check", "--spec", spec, "--out", out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("generated/schema.d.ts: drifted from the spec");
    expect(result.stderr).toContain("generated/response-validators.ts: missing");
    expect(result.stderr).toContain("generated/stale.json: not produced by the spec");
    expect(result.stderr).not.toContain("openapi.json");
  });

  it("rejects an unknown argument with a usage message, not a stack trace", async () => {
    const result = await generate(["--chek"]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('generate: unknown argument "--chek" (expected --check, --spec <file>, --out <dir>)');
  });
});
