// `npm run check:spec -- <file>`: a candidate spec tried in a working copy of the project. A file it cannot take is
// one line naming the file (and the line), exit 2; our own spec passes every step with its table; a spec that
// generates but that the package's mock breaks fails the steps that see it, by name; the repository's generated/ is
// never touched, and the working copy is gone at the end and at once on SIGTERM (the build's compiler does not hold it).
// main() runs in-process (as scripts/generate.test.ts runs the generator's); the signal test runs it under npm.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildJsonSchemaDocument, type JsonObject } from "../spec/model";
import { buildOperationTable } from "./operation-table";
import { main, pathValuesFor, requiredInputs, type Walked } from "./check-spec";
import type { OperationRow } from "../src/shared/operation-row";
import { capturedOutput } from "./command-output";

const ROOT = path.resolve(__dirname, "..");
const OUR_SPEC = path.join(ROOT, "spec/openapi.yaml");
/** A spec written unlike ours (spec/fixtures/house-style/README.md): cursor and page-number pages, RFC 9457 errors. */
const HOUSE_STYLE = path.join(ROOT, "spec/fixtures/house-style/openapi.yaml");

async function checkSpec(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { output, printed } = capturedOutput();
  const code = await main(args, output);
  return { code, ...printed };
}

let dir: string;
beforeAll(() => (dir = mkdtempSync(path.join(os.tmpdir(), "sp-candidates-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The working copy a run names in its first line (stdout) or its progress (stderr). */
const workingCopy = (text: string) => /\/[^\s]*check-spec-[A-Za-z0-9]{6}\b/.exec(text)?.[0];

describe("a file it cannot take: exactly one line naming the file, and the line, exit 2", () => {
  it.each([
    ["a missing file", "missing.yaml", null, /^check:spec: \S*missing\.yaml: no such file\n$/],
    [
      "a Swagger 2.0 document",
      "swagger.yaml",
      'info: { title: old, version: "1" }\nswagger: "2.0"\npaths: {}\n',
      /^check:spec: \S*swagger\.yaml:2: a Swagger 2\.0 document; the generator takes OpenAPI 3\.0 and 3\.1 only/,
    ],
    [
      "a YAML syntax error",
      "broken.yaml",
      "openapi: 3.1.0\ninfo:\n  title: x\n  version: '1'\npaths:\n  /a: { get: [1, 2 }\n",
      /^check:spec: \S*broken\.yaml:6: YAML syntax error at column \d+: /,
    ],
    [
      "a duplicate key",
      "duplicate.yaml",
      "openapi: 3.1.0\ninfo:\n  title: x\n  version: '1'\n  title: y\npaths: {}\n",
      /^check:spec: \S*duplicate\.yaml:5: duplicate key "title"/,
    ],
    ["a document that is not OpenAPI 3.0 or 3.1", "v32.yaml", "info: {}\nopenapi: 3.2.0\n", /^check:spec: \S*v32\.yaml:2: openapi "3\.2\.0" is not OpenAPI 3\.0 or 3\.1/],
  ])("%s", async (_what, name, text, line) => {
    const file = text === null ? path.join(dir, name) : write(name, text);
    const result = await checkSpec([file]);
    expect(result).toEqual({ code: 2, stdout: "", stderr: expect.stringMatching(line) });
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain(file);
  });

  it("answers --help with its usage, and refuses an unknown flag with exit 2", async () => {
    expect(await checkSpec(["--help"])).toEqual({ code: 0, stdout: expect.stringMatching(/^usage: npm run check:spec -- <file>\n/), stderr: "" });
    const unknown = await checkSpec(["--no-such-option"]);
    expect({ code: unknown.code, first: unknown.stderr.split("\n")[0] }).toEqual({ code: 2, first: 'check:spec: unknown argument "--no-such-option" (expected a spec file, or --help)' });
  });
});

/** Every file of a folder with its content's hash and its modification time: what "not touched" compares. */
function snapshot(folder: string): Record<string, string> {
  const state = (file: string) => `${createHash("sha256").update(readFileSync(file)).digest("hex")} ${statSync(file).mtimeMs}`;
  const files = readdirSync(folder, { recursive: true, encoding: "utf8" }).filter((name) => statSync(path.join(folder, name)).isFile());
  return Object.fromEntries(files.map((name) => [name, state(path.join(folder, name))]));
}

/** Our spec with Pagination.total bounded below the mock's 150 samples: it generates and builds, its mock breaks it. */
function brokenSpec(): string {
  const text = readFileSync(OUR_SPEC, "utf8");
  const total = "        total:\n          type: integer\n          minimum: 0\n";
  expect(text.split(total)).toHaveLength(2);
  return write("total-bounded.yaml", text.replace(total, `${total}          maximum: 10\n`));
}

describe("a whole run", () => {
  let before: Record<string, string>;
  let house: Awaited<ReturnType<typeof checkSpec>>;
  let broken: Awaited<ReturnType<typeof checkSpec>>;

  // The two runs at once: each spends most of its time waiting on its own tools (the build, the suite).
  beforeAll(async () => {
    before = snapshot(path.join(ROOT, "generated"));
    [house, broken] = await Promise.all([checkSpec([HOUSE_STYLE]), checkSpec([brokenSpec()])]);
  }, 240_000);

  it("passes every step on a spec written unlike ours, its table listing each operation with its method, iterator, route and checks", () => {
    expect({ code: house.code, stdout: house.stdout }).toMatchObject({ code: 0, stdout: expect.stringMatching(/\ntotal \d+\.\d s: PASS\n/) });
    // The format it keeps as an annotation is named, once, as a warning of the generate step.
    expect(house.stdout).toContain('check:spec: step generate passed with warnings:\n  generate: format "uri-reference" is not checked, only kept as an annotation');
    const lines = house.stdout.split("\n");
    const row = (operationId: string) => lines.find((line) => line.startsWith(`${operationId} `)) ?? "";
    // Cursor pages (meta.next_cursor) and page-number pages (page, per_page, page_count) walked to the end by the iterators.
    expect(row("books.search")).toMatch(/^books\.search +GET \/books +booksSearch +iterateBooksSearch: \d+ page\(s\), 150 item\(s\) +served \(200\) +\d+ passed /);
    expect(row("shelves.list-entries")).toMatch(/^shelves\.list-entries +GET \/shelves +shelvesListEntries +iterateShelvesListEntries: \d+ page\(s\), 150 item\(s\) +served \(200\) +\d+ passed /);
    expect(row("status.ping")).toMatch(/^status\.ping +GET \/health +statusPing +- +served \(200\) +\d+ passed +-$/);
    expect(row("loans.cancel")).toMatch(/^loans\.cancel +DELETE \/loans\/\{loan_id\} +loansCancel +- +501 /);
    for (const step of ["read", "copy", "generate", "build", "typecheck", "walk", "contract"]) {
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^  ${step} +PASS +\\d+\\.\\d s `)));
    }
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}books\.search: .*negative_data_rejection.*response_schema_conformance/));
    expect(house.stderr.split("\n").filter(Boolean).every((line) => line.startsWith("check:spec: "))).toBe(true);
  });

  it("exits 1 naming the steps that failed, with their first lines, when the spec generates but its mock breaks it", () => {
    expect(broken.code).toBe(1);
    const lines = broken.stdout.split("\n");
    for (const step of ["read", "copy", "generate", "build", "typecheck"]) expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^  ${step} +PASS `)));
    expect(lines).toContainEqual(expect.stringMatching(/^total \d+\.\d s: FAIL \(walk, contract\)$/));
    expect(broken.stdout).toContain("check:spec: step walk FAILED: 1 of 1 paged list(s) failed their walk\n  iterateSamples: FAILED: invalid_response:");
    expect(broken.stdout).toMatch(/check:spec: step contract FAILED: the contract suite judged the mock: verdict: FAIL: .*\n {2}FAILURES: /);
    expect(broken.stdout).toContain("/pagination/total must be <= 10");
    expect(lines.find((line) => line.startsWith("listSamples "))).toContain("FAILED: response_schema_conformance");
  });

  it("leaves the repository's generated/ as it was, removes its working copy, and prints no token", () => {
    expect(snapshot(path.join(ROOT, "generated"))).toEqual(before);
    for (const run of [house, broken]) {
      const copy = workingCopy(run.stdout);
      expect(copy).toBeDefined();
      expect(existsSync(copy!)).toBe(false);
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/check-spec-[0-9a-f]{32}|Bearer /);
    }
  });
});

/** The processes whose command line names `text` (the working copy): the tools a run started there. */
function processesNaming(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(text)) found.push(Number(entry));
    } catch {
      // gone while we looked
    }
  }
  return found;
}

/** How soon after SIGTERM a run has ended: its handler does not wait for the compiler (a worker thread, terminated). */
const STOPPED_WITHIN_MS = 3_000;

/** Whether the build is emitting its declarations: the bundles written (the CommonJS validators last), dist/types/ not yet. */
function emittingDeclarations(copy: string): boolean {
  const validators = path.join(copy, "dist/validators");
  return existsSync(validators) && readdirSync(validators).some((file) => file.endsWith(".cjs")) && !existsSync(path.join(copy, "dist/types"));
}

(process.platform === "linux" ? it : it.skip)("SIGTERM to npm while the build emits the declarations: exit 143 at once, no process left in the copy, the copy removed", async () => {
  const child = spawn("npm", ["run", "--silent", "check:spec", "--", OUR_SPEC], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let endedAt = 0;
  const ended = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  child.on("exit", () => (endedAt = performance.now()));
  const onData = (chunk: Buffer) => void (output += chunk.toString());
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  // Polled: the compiler runs (in a worker thread of the command's process) from the last bundle to dist/types/.
  const building = await new Promise<string>((resolve, reject) => {
    const until = Date.now() + 60_000;
    const poll = setInterval(() => {
      const copy = workingCopy(output);
      if (copy && output.includes("check:spec: build...") && emittingDeclarations(copy)) resolve(copy);
      else if (Date.now() > until || output.includes("check:spec: typecheck...")) reject(new Error(`check:spec's declarations were not seen being emitted:\n${output}`));
      else return;
      clearInterval(poll);
    }, 25);
  }).catch((error: unknown) => {
    child.kill("SIGKILL");
    throw error;
  });
  const signalled = performance.now();
  child.kill("SIGTERM");
  expect({ code: await ended, output }).toEqual({ code: 143, output: expect.stringContaining("check:spec: SIGTERM: stopping, removing the working copy") });
  expect(endedAt - signalled).toBeLessThan(STOPPED_WITHIN_MS);
  expect(processesNaming(building)).toEqual([]);
  expect(existsSync(building)).toBe(false);
}, 90_000);

describe("the walk's inputs: a list's required query and header parameters", () => {
  const parameter = (name: string, where: string, schema: object, extra: object = {}) => ({ name, in: where, required: true, schema, ...extra });
  const specWith = (parameters: object[]): JsonObject => ({
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    paths: { "/things": { get: { operationId: "listThings", parameters, responses: { "204": { description: "none" } } } } },
    components: { schemas: { Region: { type: "string", enum: ["eu", "us"] } } },
  }) as unknown as JsonObject;
  const inputsOf = (parameters: object[]) => {
    const spec = specWith(parameters);
    const document = buildJsonSchemaDocument(spec);
    return requiredInputs(buildOperationTable(spec, document)[0], document);
  };

  it("are walked with the values the spec documents: an example, a default, an enum's first value (through a $ref), headers as text", () => {
    const inputs = inputsOf([
      parameter("q", "query", { type: "string" }, { example: "dune" }),
      parameter("since", "query", { type: "integer", default: 3 }),
      parameter("region", "query", { $ref: "#/components/schemas/Region" }),
      parameter("X-Depth", "header", { type: "array", items: { type: "integer" }, examples: [[1, 2]] }),
      parameter("Authorization", "header", { type: "string" }),
      { name: "optional", in: "query", schema: { type: "string", example: "left out" } },
    ]);
    expect(inputs).toEqual({ query: { q: "dune", since: 3, region: "eu" }, headers: { "X-Depth": "1,2" } });
  });

  it("leave a list unwalked, saying why, when the spec gives a required one no value (none is made up)", () => {
    expect(inputsOf([parameter("X-Tenant", "header", { type: "string", pattern: "^t-[0-9]+$" })])).toBe(
      "its required header parameter X-Tenant has no example, default or enum to walk with",
    );
  });
});

describe("the walk's path values", () => {
  // Rows as the table has them, cut to what the walk reads.
  const row = (fields: Partial<OperationRow>) => ({ pathParameters: [], page: null, parent: null, detail: null, ...fields }) as unknown as OperationRow;
  const runs = row({ operationId: "listRuns", detail: { operationId: "getRun", parameters: { run_id: { from: "item", property: "run_id" } } } } as never);
  const runSamples = row({ operationId: "listRunSamples", pathParameters: ["run_id"] });
  const walked = (list: OperationRow, first: unknown, pathValues: Record<string, unknown>): Walked => ({ row: list, first, pathValues });
  const sampleLogs = row({ operationId: "getSampleLogs", pathParameters: ["run_id", "sample_id"], page: {} as never, parent: "getRun" });

  it("take a parameter the parent does not give from an item of that name, in a list walked under the same values", () => {
    const seen = [walked(runs, { run_id: 7 }, {}), walked(runSamples, { sample_id: 99 }, { run_id: 8 }), walked(runSamples, { sample_id: 42 }, { run_id: 7 })];
    expect(pathValuesFor(sampleLogs, seen)).toEqual({ run_id: 7, sample_id: 42 });
  });

  it("say which parameter has no value when no walked item names it", () => {
    expect(pathValuesFor(sampleLogs, [walked(runs, { run_id: 7 }, {})])).toBe("no value for its path parameter sample_id");
  });
});
