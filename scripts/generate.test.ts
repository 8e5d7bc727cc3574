// `npm run generate` is deterministic and `generate:check` catches every kind of drift, on a copy of the repo's spec.
// The command's main() runs in-process (a tsx process costs about 1.5 s of CPU each); the drift check of the committed
// files, the one CI relies on, runs as the process `npm run generate:check` starts, exit code included.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { capturedOutput } from "./command-output";
import { describeDrift, main } from "./generate";

const ROOT = path.resolve(__dirname, "..");

async function generate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { output, printed } = capturedOutput();
  const code = await main(args, output);
  return { code, ...printed };
}

/** The same, as a process: node with tsx's loader, as the npm scripts run it (the tsx CLI would start a second one). */
async function generateProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/generate.ts"), ...args], { cwd: ROOT });
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

  it("accepts the committed generated/ for the committed spec, as a process (exit 0, nothing on stderr)", async () => {
    const result = await generateProcess(["--check", "--spec", spec, "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("generate:check: generated/ matches the spec (17 files)\n");
    expect(result.code).toBe(0);
  });

  it("writes byte-identical files on every run: a fresh run gives the committed files, which an earlier run wrote", async () => {
    const fresh = path.join(dir, "fresh");
    const result = await generate(["--spec", spec, "--out", fresh]);
    expect(result.code).toBe(0);
    const names = (await readdir(fresh, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(fresh, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
      .sort();
    expect(names.filter((name) => !name.startsWith("validators/"))).toEqual([
      "client-operations.ts",
      "client-types.ts",
      "json-schema.json",
      "openapi.json",
      "operations.ts",
      "request-validators.ts",
      "response-validators.ts",
      "schema.d.ts",
      "validator-loaders.ts",
    ]);
    // Each operation's request and response validators, the code several share, and every error schema.
    expect(names.filter((name) => name.startsWith("validators/"))).toEqual(
      expect.arrayContaining(["validators/any-error-body.ts", "validators/getSample.request.ts", "validators/getSample.response.ts", "validators/listSamples.request.ts", "validators/shared.1.ts"]),
    );
    for (const name of names) {
      expect({ name, text: await readFile(path.join(fresh, name), "utf8") }).toEqual({ name, text: await readFile(path.join(ROOT, "generated", name), "utf8") });
    }
  });

  it("fails, naming each drifted file and the first differing line, when the spec changes", async () => {
    const text = await readFile(spec, "utf8");
    await writeFile(spec, text.replace("maxLength: 255", "maxLength: 256"));
    const result = await generate(["--check", "--spec", spec, "--out", out]);
    expect(result.code).toBe(1);
    for (const name of ["openapi.json", "json-schema.json"]) {
      expect(result.stderr).toContain(`generated/${name}: drifted from the spec`);
    }
    expect(result.stderr).toMatch(/^generated\/validators\/[\w.-]+\.ts: drifted from the spec$/m);
    // Each side is labelled: the committed file with its name and line, the spec's output as "spec gives".
    const committed = /^ {4}committed generated\/json-schema\.json:(\d+): +"maxLength": 255,$/m.exec(result.stderr);
    expect(committed).not.toBeNull();
    expect(result.stderr).toMatch(new RegExp(`^ {4}spec gives +:${committed![1]}: +"maxLength": 256,$`, "m"));
    expect(result.stderr).toContain("Run `npm run generate`");
  });

  it("names a format no validator checks once and generates; --strict-formats refuses it, naming format and pointer", async () => {
    const text = await readFile(spec, "utf8");
    const notes = "        notes:\n          type: [string, 'null']";
    expect(text).toContain(notes);
    await writeFile(spec, text.replace(notes, `        created:\n          type: string\n          format: colour\n${notes}`));
    const named = 'format "colour" is not checked, only kept as an annotation: at #/components/schemas/Sample/properties/created/format';
    const kept = await generate(["--spec", spec, "--out", out]);
    expect([kept.code, kept.stderr.trim()]).toEqual([0, `generate: ${named}`]);
    const strict = await generate(["--strict-formats", "--spec", spec, "--out", path.join(out, "strict")]);
    expect([strict.code, strict.stderr.split("\n")]).toEqual([2, ["generate: --strict-formats refuses what no validator checks:", `  ${named}`, ""]]);
    expect(strict.stdout).toBe("");
  });

  it("fails when a generated file is edited by hand, missing, or not produced by the spec", async () => {
    await writeFile(path.join(out, "schema.d.ts"), `${await readFile(path.join(out, "schema.d.ts"), "utf8")}// edit\n`);
    await rm(path.join(out, "response-validators.ts"));
    await writeFile(path.join(out, "stale.json"), "{}\n");
    await writeFile(path.join(out, "validators/gone.request.ts"), "\n");
    const result = await generate(["--check", "--spec", spec, "--out", out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("generated/schema.d.ts: drifted from the spec");
    expect(result.stderr).toContain("generated/response-validators.ts: missing");
    expect(result.stderr).toContain("generated/stale.json: not produced by the spec");
    expect(result.stderr).toContain("generated/validators/gone.request.ts: not produced by the spec");
    expect(result.stderr).not.toContain("openapi.json");
  });

  it("rejects an unknown argument with a usage message, not a stack trace", async () => {
    const result = await generate(["--chek"]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('generate: unknown argument "--chek" (expected --check, --strict-formats, --spec <file>, --out <dir>)');
  });
});

describe("describeDrift", () => {
  const lines = (n: number, change: Record<number, string> = {}) =>
    Array.from({ length: n }, (_, i) => change[i + 1] ?? `line ${i + 1}`).join("\n");

  it("labels the committed file's lines with its name and the spec's output as `spec gives`, with line numbers", () => {
    const report = describeDrift(lines(20, { 12: "new" }), lines(20, { 12: "old" }), "generated/x.ts");
    expect(report.split("\n")).toEqual([
      "  first difference at line 12, column 1 (the committed file has 20 lines, the spec gives 20):",
      "    committed generated/x.ts:12: old",
      "    committed generated/x.ts:13: line 13",
      "    committed generated/x.ts:14: line 14",
      "    spec gives              :12: new",
      "    spec gives              :13: line 13",
      "    spec gives              :14: line 14",
    ]);
  });

  it("says where one side ends", () => {
    const report = describeDrift(lines(3), lines(2), "generated/x.ts");
    expect(report).toContain("the committed file has 2 lines, the spec gives 3");
    expect(report).toContain("    committed generated/x.ts:3: (end of file)");
    expect(report).toContain("    spec gives              :3: line 3");
  });

  it("shows a long line around its first differing column, on both sides", () => {
    const long = (value: number) => `const schema = {${"\"a\":1,".repeat(100)}"maxLength":${value}${",\"b\":2".repeat(100)}}`;
    const report = describeDrift(long(255), long(254), "generated/v.ts");
    expect(report).toMatch(/^ {4}committed generated\/v\.ts:1: ….*"maxLength":254.*…$/m);
    expect(report).toMatch(/^ {4}spec gives +:1: ….*"maxLength":255.*…$/m);
    for (const line of report.split("\n")) expect(line.length).toBeLessThanOrEqual(4 + 25 + 4 + 2 + 160);
  });
});
