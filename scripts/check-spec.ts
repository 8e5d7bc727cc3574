// `npm run check:spec -- <file>`: a spec maintainer's pre-flight for a candidate spec. In a copy of the project (a
// temp dir, removed at the end, also on Ctrl-C or SIGTERM) where the candidate replaces spec/openapi.yaml, it runs
// what a spec change goes through: the generator, the package build, a consumer of every method and iterator
// type-checked against the built declarations, every paged list walked by the built client against the package's
// mock, and the contract suite judging that mock. Then one table of the operations and one line per step.
// Exit codes: 0 every step passed; 1 a step failed (named, with the first lines of its output); 2 bad usage, or a
// file that is not an OpenAPI 3.0/3.1 YAML/JSON document (one line naming the file and the line).
// The repository's own generated/, dist/ and reports/ are never touched.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import type { SamplePlatformClientOptions } from "../src/index";
import type { MockServer, MockServerOptions } from "../src/mock/server";
import { isIgnoredHeaderParameter } from "../src/shared/header-parameters";
import type { OperationRow, ParameterRow } from "../src/shared/operation-row";
import type { ContractConfig } from "../contract-tests/config";
import { flattenSchema, type SchemaDocument } from "../src/shared/schema-walk";
import { redactSecrets } from "../src/shared/redact";
import { capturedOutput, processOutput, type CommandOutput } from "./command-output";
import { typeCheck } from "./consumer-typecheck";
import { main as generate } from "./generate";
import { stopDeclarationsWorker } from "./declarations-worker";
import { buildPackage, TypeErrors } from "./package-build";
import { UsageError } from "./usage-error";

const ROOT = path.resolve(__dirname, "..");
const PACKAGE_NAME: string = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).name;

const USAGE = `usage: npm run check:spec -- <file>
  tries a candidate spec (OpenAPI 3.0 or 3.1, YAML or JSON) in a temporary copy of the project, as if it replaced
  spec/openapi.yaml: generate, build, type-check a consumer of every method and iterator, walk every paged list
  against the package's mock, run the contract suite against that mock; then prints a table of the operations and
  one line per step (PASS/FAIL, time). The repository's generated/ and dist/ are not touched.
  --help   this text
  exit codes: 0 every step passed; 1 a step failed; 2 bad usage, or a file that is not an OpenAPI 3.0/3.1 document`;

/** Each step's time bound: generous (a busy 2-core machine), there to end a hang, not to judge speed. */
const TIMEOUT_MS = { generate: 120_000, build: 180_000, walk: 120_000, contract: 300_000 } as const;
/** A walk stops after this many pages of one list (a mock list is a few pages; a huge one need not be walked whole). */
const MAX_PAGES = 50;
/** ...or after this long, which on a loopback mock means the iterator does not come to an end. */
const LIST_WALK_MS = 30_000;
/** How many lines of a failing step's output are shown. */
const EXCERPT_LINES = 12;
/** The copied folders: what the generator, the build and the suite read. Tests stay behind (nothing imports them). */
const COPIED = ["src", "scripts", "spec", "contract-tests"];

// ---------------------------------------------------------------------------------------------------------------
// Step 1: the candidate file, read and recognised, or refused in one line naming the file and the line.

/** A file the command cannot take: one line on stderr, exit 2. */
class BadCandidate extends Error {}

interface Candidate {
  file: string;
  /** the file as the user named it, for messages */
  shown: string;
  version: string;
  operations: number;
}

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** The key a YAML error points at on its line (`description` in `  description: x`), for a duplicate key's message. */
function keyAt(text: string, line: number, col: number): string {
  const rest = (text.split(/\r?\n/)[line - 1] ?? "").slice(col - 1);
  return /^("[^"]*"|'[^']*'|[^:]+?)\s*:/.exec(rest)?.[1] ?? rest.trim();
}

async function readCandidate(file: string, shown: string): Promise<Candidate> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory, not a spec file" : `cannot be read (${code ?? (error as Error).message})`;
    throw new BadCandidate(`${shown}: ${why}`);
  }
  // The generator's own reading (spec/model.ts parseSpec): strict, and a duplicated key is an error.
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { strict: true, uniqueKeys: true, prettyErrors: false, lineCounter });
  const [error] = document.errors;
  if (error) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    const what = error.code === "DUPLICATE_KEY" ? `duplicate key ${JSON.stringify(keyAt(text, line, col))} (YAML keys must be unique in a mapping)` : `YAML syntax error at column ${col}: ${error.message}`;
    throw new BadCandidate(`${shown}:${line}: ${what}`);
  }
  const root = document.contents;
  if (!isMap(root)) throw new BadCandidate(`${shown}:1: not an OpenAPI document: its top level is ${root === null ? "empty" : "not a mapping"}`);
  const lineOf = (key: string) => {
    const pair = root.items.find((p) => isScalar(p.key) && p.key.value === key);
    const offset = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    return offset === undefined ? 1 : lineCounter.linePos(offset).line;
  };
  const swagger = root.get("swagger");
  if (swagger !== undefined) {
    throw new BadCandidate(`${shown}:${lineOf("swagger")}: a Swagger ${String(swagger)} document; the generator takes OpenAPI 3.0 and 3.1 only (convert it to OpenAPI 3 first)`);
  }
  const version = root.get("openapi");
  if (version === undefined) throw new BadCandidate(`${shown}:1: not an OpenAPI document: it has no \`openapi\` field (expected openapi: 3.0.x or 3.1.x)`);
  if (typeof version !== "string" || !/^3\.[01]\.\d+$/.test(version)) {
    throw new BadCandidate(`${shown}:${lineOf("openapi")}: openapi ${JSON.stringify(version)} is not OpenAPI 3.0 or 3.1: the generator takes versions 3.0.x and 3.1.x (a string, such as "3.1.0")`);
  }
  const paths = document.toJS().paths as Record<string, Record<string, unknown>> | undefined;
  const operations = Object.values(paths ?? {}).reduce((n, item) => n + HTTP_METHODS.filter((m) => item && typeof item === "object" && m in item).length, 0);
  return { file, shown, version, operations };
}

// ---------------------------------------------------------------------------------------------------------------
// The working copy, and the mock served from it: stopped and removed at the end, or on a signal.

interface Workspace {
  dir: string;
  /** a made-up bearer token for the mock and the suite: never printed (redacted from everything shown) */
  token: string;
  mock?: MockServer;
}

/** Synchronous, so that it also runs in an `exit` handler. */
function removeWorkspace(ws: Workspace): void {
  rmSync(ws.dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------------------------
// Steps. Each returns a one-line summary, or throws a StepFailure (its message, and the output to show).

class StepFailure extends Error {
  constructor(
    message: string,
    readonly output = "",
  ) {
    super(message);
  }
}

/** The first lines of a tool's output, secrets redacted, for a failure report. */
function excerpt(text: string, ws: Workspace): string {
  const lines = redactSecrets(text, [ws.token]).split("\n").filter((line) => line.trim() !== "");
  const shown = lines.slice(0, EXCERPT_LINES);
  if (lines.length > shown.length) shown.push(`... (${lines.length - shown.length} more lines)`);
  return shown.join("\n");
}

/** A step's time bound. */
function withinTime<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepFailure(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Step 2: the project's files that the tools read, the candidate as spec/openapi.yaml, and the project's node_modules. */
function copyProject(ws: Workspace, candidate: Candidate): string {
  for (const file of ["package.json", "tsconfig.json"]) cpSync(path.join(ROOT, file), path.join(ws.dir, file));
  for (const folder of COPIED) {
    cpSync(path.join(ROOT, folder), path.join(ws.dir, folder), { recursive: true, filter: (from) => !from.endsWith(".test.ts") && path.basename(from) !== "__tests__" });
  }
  cpSync(candidate.file, path.join(ws.dir, "spec/openapi.yaml"));
  // generated/ is left out: the generator writes every file of it, and a stale copy would hide a file it failed to write.
  symlinkSync(path.join(ROOT, "node_modules"), path.join(ws.dir, "node_modules"), "dir");
  return `${COPIED.join("/, ")}/, package.json, tsconfig.json; node_modules linked`;
}

/** What a step that passed says: one line, and what it warned of (shown after the steps). */
interface StepDone {
  summary: string;
  warnings?: string;
}

/**
 * Step 3: the generator, in this process, reading the copy's spec and writing the copy's generated/. What it prints
 * on stderr while succeeding (a format it keeps as an annotation, say) is kept as the step's warnings.
 */
async function generateInCopy(ws: Workspace): Promise<StepDone> {
  const { output, printed } = capturedOutput();
  const args = ["--spec", path.join(ws.dir, "spec/openapi.yaml"), "--out", path.join(ws.dir, "generated")];
  const code = await withinTime(generate(args, output), TIMEOUT_MS.generate, "the generator");
  if (code !== 0) throw new StepFailure(`the generator refused the spec (exit ${code})`, `${printed.stderr}${printed.stdout}`);
  const warned = printed.stderr.split("\n").filter((line) => line.startsWith("generate: ")).length;
  const summary = `${printed.stdout.split(",").length} files in generated/${warned ? `; ${warned} warning(s)` : ""}`;
  return { summary, warnings: printed.stderr.trim() || undefined };
}

/** The copy's operation table, as the client, the mock and the suite read it (generated/operations.ts). */
function loadOperationTable(ws: Workspace): OperationRow[] {
  // A file of the copy, loaded by path: tsx's (or Jest's) require hook compiles it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(path.join(ws.dir, "generated/operations.ts")) as { operationTable: Record<string, OperationRow> };
  return Object.values(module.operationTable);
}

/**
 * Step 4: the published build (bundles and declarations) of the copy, by scripts/package-build.ts in this process:
 * esbuild's service and the declarations' worker thread are shared by every build of the process (the compiler's
 * worker keeps the libraries it parsed), and a signal's handler ends both with the process.
 */
async function buildInCopy(ws: Workspace): Promise<string> {
  try {
    return await withinTime(buildPackage({ root: ws.dir, out: path.join(ws.dir, "dist") }), TIMEOUT_MS.build, "the build");
  } catch (error) {
    // tsc's errors, when there are some, are the news.
    if (error instanceof TypeErrors) throw new StepFailure(`the build failed: ${error.message}`, error.errorLines.join("\n"));
    if (error instanceof StepFailure) throw error;
    // esbuild's message names the file and the line; a stack would only show this command's own frames.
    throw new StepFailure(`the build failed: ${(error as Error)?.message ?? String(error)}`);
  }
}

/**
 * The consumer: every method and iterator of the client, called with arguments of the types the client declares.
 * Placeholders stand for the values (the file is type-checked, never run), so it compiles for any spec whose
 * methods exist with their declared types, and fails where the generated declarations do not hold together.
 */
function consumerSource(rows: readonly OperationRow[]): string {
  const member = (name: string) => `Client[${JSON.stringify(name)}]`;
  const call = (name: string) => `client[${JSON.stringify(name)}](...placeholder<Args<${member(name)}>>())`;
  const lines = [
    "// Written by npm run check:spec from generated/operations.ts; type-checked, never run.",
    `import { createSamplePlatformClient } from ${JSON.stringify(PACKAGE_NAME)};`,
    "",
    "type Client = ReturnType<typeof createSamplePlatformClient>;",
    "type Args<F> = F extends (...args: infer A) => unknown ? A : never;",
    "const placeholder = <T,>(): T => undefined as unknown as T;",
    "",
    'export const client: Client = createSamplePlatformClient({ baseUrl: "https://sp.invalid/api/v1", token: "placeholder" });',
    "",
    "export async function callEverything(): Promise<void> {",
  ];
  for (const row of rows) {
    lines.push(`  // ${row.operationId}: ${row.method} ${row.path}`, `  await ${call(row.name)};`);
    if (row.iterator) lines.push(`  for await (const item of ${call(row.iterator)}) void item;`);
  }
  lines.push("}", "");
  return lines.join("\n");
}

/**
 * Step 5: the consumer, as an ES module and as CommonJS, against the built package's entry (self-referenced by its
 * name from the copy's root, resolved through package.json `exports`: dist/types/src/index.d.mts and .d.cts).
 * In-process and synchronous (the compiler API): a small program, seconds long, with no time bound of its own.
 */
function typeCheckConsumer(ws: Workspace, rows: readonly OperationRow[]): string {
  const source = consumerSource(rows);
  const files = ["check-spec-consumer.mts", "check-spec-consumer.cts"].map((name) => path.join(ws.dir, name));
  for (const file of files) writeFileSync(file, source);
  const errors = typeCheck(files, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
  const methods = rows.length;
  const iterators = rows.filter((row) => row.iterator).length;
  if (errors.length > 0) throw new StepFailure(`the consumer of the built package does not type-check (${errors.length} error(s))`, errors.join("\n"));
  return `${methods} method(s) and ${iterators} iterator(s) called from ESM and CommonJS, against dist/types`;
}

// Step 6: the mock, and every paged list walked by the built client.

type Method = (...args: unknown[]) => unknown;

/** What happened to one operation in the walk step: its iterator's walk, and how the mock answered its route. */
interface RowWalk {
  walk?: string;
  failed?: boolean;
  route?: string;
}

/** A walked list: its first item and the path values it was walked with, for the lists and details under it. */
export interface Walked {
  row: OperationRow;
  first: unknown;
  pathValues: Record<string, unknown>;
}

/**
 * The values of a row's path parameters, from what was walked: a list's detail maps each parameter from an item's
 * property (or the list's own path), and a list nested under a by-id operation takes that operation's values. A
 * parameter neither gives is taken from a walked item's property of its name, in a list walked with the same values
 * for the rest (`/runs/{run_id}/items/{item_id}/logs`: an item listed under that run): the server issued it.
 */
export function pathValuesFor(row: OperationRow, walked: readonly Walked[]): Record<string, unknown> | string {
  if (row.pathParameters.length === 0) return {};
  const target = row.page ? row.parent : row.operationId;
  const list = walked.find((w) => w.row.detail?.operationId === target && w.first !== undefined);
  if (!list?.row.detail) return `no walked list leads to ${target ?? "its parent"}`;
  const values: Record<string, unknown> = {};
  for (const [name, source] of Object.entries(list.row.detail.parameters)) {
    values[name] = source.from === "item" ? (list.first as Record<string, unknown>)[source.property] : list.pathValues[source.parameter];
  }
  for (const name of row.pathParameters.filter((parameter) => values[parameter] === undefined)) {
    const agrees = (w: Walked) => Object.entries(w.pathValues).every(([key, value]) => values[key] === undefined || values[key] === value);
    const source = walked.find((w) => isItem(w.first) && w.first[name] !== undefined && agrees(w));
    if (source) values[name] = (source.first as Record<string, unknown>)[name];
  }
  const missing = row.pathParameters.find((name) => values[name] === undefined);
  return missing ? `no value for its path parameter ${missing}` : values;
}

const isItem = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A value the spec itself gives a parameter: its example, else its schema's default, const, first example or enum value. */
function documentedValue(p: ParameterRow, document: SchemaDocument): unknown {
  if (p.example !== undefined) return p.example;
  const schema = flattenSchema(document, p.schema);
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  return Array.isArray(schema.enum) ? schema.enum.find((value) => value !== null) : undefined;
}

/**
 * What a list's required query and header parameters are walked with: the values the spec documents (the walk makes
 * none up), or why the list cannot be walked.
 */
export function requiredInputs(row: OperationRow, document: SchemaDocument): { query: Record<string, unknown>; headers: Record<string, string> } | string {
  const query: Record<string, unknown> = {};
  const headers: Record<string, string> = {};
  for (const p of row.parameters) {
    if (!p.required || (p.in !== "query" && p.in !== "header") || (p.in === "header" && isIgnoredHeaderParameter(p.name))) continue;
    const value = documentedValue(p, document);
    if (value === undefined) return `its required ${p.in} parameter ${p.name} has no example, default or enum to walk with`;
    if (p.in === "query") query[p.name] = value;
    else headers[p.name] = [value].flat().map(String).join(",");
  }
  return { query, headers };
}

/** One paged list walked with its iterator: at most MAX_PAGES pages, within LIST_WALK_MS. */
async function walkList(
  client: Record<string, unknown>,
  row: OperationRow,
  values: Record<string, unknown>,
  inputs: { query: Record<string, unknown>; headers: Record<string, string> },
  pagesSent: () => number,
): Promise<{ text: string; first: unknown }> {
  const iterate = client[row.iterator!] as Method;
  const signal = AbortSignal.timeout(LIST_WALK_MS);
  const before = pagesSent();
  let items = 0;
  let first: unknown;
  let bounded = false;
  const args = [...row.pathParameters.map((name) => values[name]), inputs.query, { signal, headers: inputs.headers }];
  for await (const item of iterate(...args) as AsyncIterable<unknown>) {
    if (items++ === 0) first = item;
    // The iterator asks for the next page only once this one's items are taken: past the bound, stop.
    if (pagesSent() - before > MAX_PAGES) {
      bounded = true;
      break;
    }
  }
  const pages = Math.min(pagesSent() - before, MAX_PAGES);
  return { text: `${pages} page(s), ${items} item(s)${bounded ? ` (stopped at the bound of ${MAX_PAGES} pages)` : ""}`, first };
}

/** Why a paged row is not walked, or undefined when it is. */
function notWalkable(row: OperationRow): string | undefined {
  if (row.method !== "GET") return "not walked: the mock serves GET only";
  if (row.requestBody) return "not walked: it takes a request body";
  return undefined;
}

/** The walk of every paged list, parents before the lists nested under them. */
async function walkEveryList(ws: Workspace, rows: readonly OperationRow[], client: Record<string, unknown>, pagesSent: () => number, results: Map<string, RowWalk>): Promise<Walked[]> {
  const walked: Walked[] = [];
  const document = JSON.parse(readFileSync(path.join(ws.dir, "generated/json-schema.json"), "utf8")) as SchemaDocument;
  const lists = rows.filter((row) => row.iterator).sort((a, b) => a.pathParameters.length - b.pathParameters.length);
  for (const row of lists) {
    const result: RowWalk = {};
    results.set(row.operationId, result);
    const values = pathValuesFor(row, walked);
    const inputs = requiredInputs(row, document);
    const reason = notWalkable(row) ?? (typeof values === "string" ? `not walked: ${values}` : typeof inputs === "string" ? `not walked: ${inputs}` : undefined);
    if (reason || typeof values === "string" || typeof inputs === "string") {
      result.walk = reason;
      continue;
    }
    try {
      const { text, first } = await walkList(client, row, values, inputs, pagesSent);
      result.walk = text;
      walked.push({ row, first, pathValues: values });
    } catch (error) {
      const e = error as { code?: string; message?: string };
      result.failed = true;
      result.walk = `FAILED: ${redactSecrets(`${e.code ? `${e.code}: ` : ""}${e.message ?? String(error)}`, [ws.token])}`;
    }
  }
  return walked;
}

/** A path with its parameters filled in: known values where the walks found some, else 1. */
function samplePath(row: OperationRow, walked: readonly Walked[]): string {
  const values = pathValuesFor(row, walked);
  const known = (name: string) => (typeof values === "object" ? values[name] : undefined);
  return row.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = known(name);
    return encodeURIComponent(typeof value === "string" || typeof value === "number" ? String(value) : "1");
  });
}

const UNKNOWN_ROUTE = "/check-spec-no-such-route";

/**
 * How the mock answers each operation's route, asked once each: "501" (the mock knows it and does not implement it),
 * "not served" (405, or the 404 the mock gives a path it has no route for: the same words as for a made-up path),
 * else "served" with the status.
 */
async function probeRoutes(ws: Workspace, rows: readonly OperationRow[], walked: readonly Walked[], results: Map<string, RowWalk>): Promise<void> {
  const base = ws.mock!.baseUrl;
  const ask = async (method: string, route: string) => {
    const response = await fetch(`${base}${route}`, { method, headers: { authorization: `Bearer ${ws.token}` }, signal: AbortSignal.timeout(10_000) });
    const body = (await response.json().catch(() => ({}))) as { message?: unknown };
    return { status: response.status, message: typeof body.message === "string" ? body.message : "" };
  };
  const unknown = await ask("GET", UNKNOWN_ROUTE);
  const at = unknown.message.indexOf(UNKNOWN_ROUTE);
  const noRoute = at > 0 ? unknown.message.slice(0, at) : undefined;
  for (const row of rows) {
    const result = results.get(row.operationId) ?? {};
    results.set(row.operationId, result);
    const answer = await ask(row.method, samplePath(row, walked)).catch((error: Error) => ({ status: 0, message: error.message }));
    if (answer.status === 501) result.route = "501";
    else if (answer.status === 405 || (answer.status === unknown.status && noRoute !== undefined && answer.message.startsWith(noRoute))) result.route = "not served";
    else if (answer.status === 0) result.route = `no answer (${answer.message})`;
    else result.route = `served (${answer.status})`;
  }
}

/**
 * Step 6: the package's mock (the built dist/mock-server.cjs: src/mock/server.ts's startMockServer, serving the
 * candidate's table) on a free port, every paged list walked by the built client with response validation on, and
 * every operation's route asked once. The mock stays up for the contract suite.
 */
async function walkAgainstMock(ws: Workspace, rows: readonly OperationRow[], results: Map<string, RowWalk>): Promise<string> {
  // The built files, loaded by path (CommonJS, as a `require` consumer of the package loads them).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startMockServer } = require(path.join(ws.dir, "dist/mock-server.cjs")) as { startMockServer: (options: MockServerOptions) => Promise<MockServer> };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createSamplePlatformClient } = require(path.join(ws.dir, "dist/index.cjs")) as { createSamplePlatformClient: (options: SamplePlatformClientOptions) => Record<string, unknown> };
  try {
    ws.mock = await startMockServer({ port: 0, token: ws.token });
  } catch (error) {
    throw new StepFailure(`the mock did not start: ${redactSecrets((error as Error).message, [ws.token])}`);
  }
  // Pages are counted as the requests the client sends (no retries: one request a page).
  let sent = 0;
  const fetchCounted = (request: Request) => {
    sent++;
    return fetch(request);
  };
  const client = createSamplePlatformClient({ baseUrl: ws.mock.baseUrl, token: ws.token, retries: 0, validateResponses: true, fetch: fetchCounted });
  const walked = await walkEveryList(ws, rows, client, () => sent, results);
  await probeRoutes(ws, rows, walked, results);
  const lists = rows.filter((row) => row.iterator);
  const failed = lists.filter((row) => results.get(row.operationId)?.failed);
  if (failed.length > 0) {
    throw new StepFailure(`${failed.length} of ${lists.length} paged list(s) failed their walk`, failed.map((row) => `${row.iterator}: ${results.get(row.operationId)?.walk}`).join("\n"));
  }
  return `mock at ${ws.mock.baseUrl}; ${walked.length} of ${lists.length} paged list(s) walked, ${sent} request(s)`;
}

/** What the suite's JSON summary says, per operation: the checks that judged it (passed or failed some exchange). */
interface SuiteResult {
  verdict: string;
  requestsSent: number;
  failures: number;
  checks: Map<string, { passed: string[]; failed: string[] }>;
}

function readSuiteSummary(file: string): SuiteResult | undefined {
  let summary: any;
  try {
    summary = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
  const target = summary.targets?.[0] ?? {};
  const checks = new Map<string, { passed: string[]; failed: string[] }>();
  for (const tally of (target.checks ?? []) as { check: string; operationId: string; pass: number; fail: number }[]) {
    const entry = checks.get(tally.operationId) ?? { passed: [], failed: [] };
    checks.set(tally.operationId, entry);
    if (tally.fail > 0) entry.failed.push(tally.check);
    else if (tally.pass > 0) entry.passed.push(tally.check);
  }
  return { verdict: String(summary.verdict), requestsSent: Number(target.requestsSent ?? 0), failures: (target.failures ?? []).length, checks };
}

/** The copy's contract suite: its configuration and its run, loaded by path, so that it judges the copy's generated/. */
interface ContractSuite {
  loadConfig: (env: Record<string, string>) => ContractConfig;
  runContract: (config: ContractConfig, log: (line: string) => void) => Promise<{ exitCode: number; text: string }>;
}

function loadContractSuite(ws: Workspace): ContractSuite {
  // Files of the copy, loaded by path as loadOperationTable's: each run's suite is its own set of modules (its own
  // spec, table and state), whatever other run shares the process.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadConfig } = require(path.join(ws.dir, "contract-tests/config.ts")) as ContractSuite;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runContract } = require(path.join(ws.dir, "contract-tests/run.ts")) as ContractSuite;
  return { loadConfig, runContract };
}

/**
 * Step 7: the contract suite, as `npm run contract` runs it, judging the mock as a live target (with the made-up
 * token): unpaced (the mock has no rate limit), with the default request budget (the run's plan, which the suite prints).
 * In this process: its settings are given as the variables `npm run contract` reads, never through process.env
 * (another run in the process has its own token); the command's own signal handling is left out (this command's
 * stops the whole run).
 */
async function runContractSuite(ws: Workspace, suite: { result?: SuiteResult }): Promise<string> {
  const reports = path.join(ws.dir, "reports");
  // The suite's settings only: none of the user's SP_* variables, which would change what it does.
  const env = { SP_BASE_URL: ws.mock!.baseUrl, SP_API_TOKEN: ws.token, SP_CONTRACT_RATE_PER_MINUTE: "1000000", SP_CONTRACT_REPORT_DIR: reports };
  const { loadConfig, runContract } = loadContractSuite(ws);
  let log = "";
  let ran: { exitCode: number; text: string };
  try {
    const config = loadConfig(env);
    ran = await withinTime(
      runContract(config, (line) => void (log += `contract: ${redactSecrets(line, [ws.token])}\n`)),
      TIMEOUT_MS.contract,
      "the suite",
    );
  } catch (error) {
    if (error instanceof StepFailure) throw new StepFailure(error.message, log);
    throw new StepFailure(`the contract suite could not run: ${redactSecrets((error as Error)?.message ?? String(error), [ws.token])}`, log);
  } finally {
    suite.result = readSuiteSummary(path.join(reports, "contract-summary.json"));
  }
  const verdict = ran.text.split("\n").find((line) => line.startsWith("verdict:")) ?? `exit ${ran.exitCode}`;
  if (ran.exitCode !== 0) throw new StepFailure(`the contract suite judged the mock: ${verdict}`, ran.text.trim() ? ran.text : log);
  const counts = suite.result ? `, ${suite.result.requestsSent} requests, ${suite.result.failures} failure(s)` : "";
  return `${verdict.replace(/^verdict: /, "")}${counts}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The report.

type StepName = "read" | "copy" | "generate" | "build" | "typecheck" | "walk" | "contract";

interface StepReport {
  name: StepName;
  status: "PASS" | "FAIL" | "SKIP";
  ms: number;
  summary: string;
  /** a failure's output, or a passing step's warnings */
  output?: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Columns padded to their widest cell; the last one (the notes) is left as long as it is. */
function formatTable(header: string[], body: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)];
}

function checksCell(operationId: string, suite: SuiteResult | undefined): string {
  const checks = suite?.checks.get(operationId);
  if (!checks) return "-";
  const judged = checks.passed.length + checks.failed.length;
  return checks.failed.length ? `${judged} judged, FAILED: ${checks.failed.join(", ")}` : `${judged} passed`;
}

function operationsTable(rows: readonly OperationRow[], walks: Map<string, RowWalk>, suite: SuiteResult | undefined): string[] {
  const body = rows.map((row) => {
    const walk = walks.get(row.operationId);
    const iterator = row.iterator ? `${row.iterator}${walk?.walk ? `: ${walk.walk}` : ""}` : "-";
    return [row.operationId, `${row.method} ${row.path}`, row.name, iterator, walk?.route ?? "-", checksCell(row.operationId, suite), row.notes.length ? row.notes.join("; ") : "-"];
  });
  const lines = formatTable(["operationId", "request", "client method", "iterator (walk against the mock)", "mock route", "contract checks", "notes"], body);
  if (suite) {
    lines.push("", "contract checks that judged each operation (the suite's report; a check that only skipped is not listed):");
    for (const row of rows) {
      const checks = suite.checks.get(row.operationId);
      if (checks) lines.push(`  ${row.operationId}: ${[...checks.passed, ...checks.failed.map((c) => `${c} (FAILED)`)].join(", ") || "none"}`);
    }
  }
  return lines;
}

function stepLines(steps: readonly StepReport[]): string[] {
  const width = Math.max(...steps.map((s) => s.name.length));
  return steps.map((s) => `  ${s.name.padEnd(width)}  ${s.status}  ${seconds(s.ms).padStart(7)}  ${s.summary}`.trimEnd());
}

// ---------------------------------------------------------------------------------------------------------------
// The command.

function parseArgs(argv: readonly string[]): { help: boolean; file?: string } {
  let file: string | undefined;
  let help = false;
  for (const arg of argv) {
    if (arg === "--help" || arg === "-h") help = true;
    else if (arg.startsWith("-")) throw new UsageError(`unknown argument ${JSON.stringify(arg)} (expected a spec file, or --help)`);
    else if (file !== undefined) throw new UsageError(`one spec file at a time (got ${JSON.stringify(file)} and ${JSON.stringify(arg)})`);
    else file = arg;
  }
  if (!help && file === undefined) throw new UsageError("name the candidate spec file");
  return { help, file };
}

/** Runs one step, timed, into `steps`; a step whose predecessor it needs failed is reported SKIP, not run. */
async function runStep(steps: StepReport[], name: StepName, needs: boolean, progress: (line: string) => void, step: () => string | StepDone | Promise<string | StepDone>): Promise<boolean> {
  if (!needs) {
    steps.push({ name, status: "SKIP", ms: 0, summary: "not run: a step it needs failed" });
    return false;
  }
  progress(`check:spec: ${name}...`);
  const started = performance.now();
  try {
    const done = await step();
    const { summary, warnings } = typeof done === "string" ? { summary: done, warnings: undefined } : done;
    steps.push({ name, status: "PASS", ms: performance.now() - started, summary, output: warnings });
    return true;
  } catch (error) {
    const failure = error instanceof StepFailure ? error : new StepFailure(`${(error as Error)?.message ?? String(error)}`);
    steps.push({ name, status: "FAIL", ms: performance.now() - started, summary: failure.message, output: failure.output });
    return false;
  }
}

/** Every step after the read, in the working copy, into `steps`; returns the operations table's lines. */
async function checkInCopy(ws: Workspace, candidate: Candidate, steps: StepReport[], progress: (line: string) => void): Promise<string[]> {
  let rows: OperationRow[] = [];
  const walks = new Map<string, RowWalk>();
  const suite: { result?: SuiteResult } = {};
  progress(`check:spec: working copy ${ws.dir}`);
  const copied = await runStep(steps, "copy", true, progress, () => copyProject(ws, candidate));
  const generated = await runStep(steps, "generate", copied, progress, async () => {
    const done = await generateInCopy(ws);
    rows = loadOperationTable(ws);
    return { ...done, summary: `${done.summary}; ${rows.length} operation(s) in the table` };
  });
  const built = await runStep(steps, "build", generated, progress, () => buildInCopy(ws));
  await runStep(steps, "typecheck", built, progress, () => typeCheckConsumer(ws, rows));
  await runStep(steps, "walk", built, progress, () => withinTime(walkAgainstMock(ws, rows, walks), TIMEOUT_MS.walk, "the walk"));
  await runStep(steps, "contract", built && ws.mock !== undefined, progress, () => runContractSuite(ws, suite));
  return generated ? operationsTable(rows, walks, suite.result) : ["no operation table: the generator did not write one"];
}

/** The whole command: its exit code (0 every step passed, 1 a step failed, 2 bad usage or a file it cannot take). */
export async function main(argv: readonly string[], output: CommandOutput = processOutput): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (error) {
    output.err(`check:spec: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    output.out(USAGE);
    return 0;
  }
  const started = performance.now();
  const steps: StepReport[] = [];
  // npm runs scripts from the package root; INIT_CWD is where the user typed the command, which their path is from.
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), args.file!);
  let candidate: Candidate;
  try {
    candidate = await readCandidate(file, args.file!);
  } catch (error) {
    output.err(`check:spec: ${error instanceof BadCandidate ? error.message : `${args.file}: ${(error as Error).message}`}`);
    return 2;
  }
  steps.push({ name: "read", status: "PASS", ms: performance.now() - started, summary: `OpenAPI ${candidate.version}, ${candidate.operations} operation(s)` });

  const ws: Workspace = { dir: mkdtempSync(path.join(os.tmpdir(), "check-spec-")), token: `check-spec-${randomBytes(16).toString("hex")}` };
  // On Ctrl-C or SIGTERM (npm passes it on: the script `exec`s node), and on any exit: the copy removed.
  const cleanup = () => removeWorkspace(ws);
  const onSignal = (signal: NodeJS.Signals) => {
    output.err(`check:spec: ${signal}: stopping, removing the working copy`);
    // The compiler's worker may be in the middle of an emit: it is ended now, not when it is done.
    stopDeclarationsWorker();
    cleanup();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("exit", cleanup);
  let table: string[];
  try {
    table = await checkInCopy(ws, candidate, steps, output.err);
  } finally {
    await ws.mock?.close();
    cleanup();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    process.off("exit", cleanup);
  }

  const failed = steps.filter((s) => s.status === "FAIL");
  const lines = [`check:spec: ${candidate.shown} (OpenAPI ${candidate.version}), in a working copy at ${ws.dir} (removed)`, "", ...table, "", "steps:", ...stepLines(steps)];
  lines.push(`total ${seconds(performance.now() - started)}: ${failed.length === 0 ? "PASS" : `FAIL (${failed.map((s) => s.name).join(", ")})`}`);
  for (const step of steps.filter((s) => s.output)) {
    lines.push("", step.status === "FAIL" ? `check:spec: step ${step.name} FAILED: ${step.summary}` : `check:spec: step ${step.name} passed with warnings:`);
    lines.push(excerpt(step.output!, ws).replace(/^/gm, "  "));
  }
  output.out(redactSecrets(lines.join("\n"), [ws.token]));
  return failed.length === 0 ? 0 : 1;
}

// Run as a command only: importing this file (the tests) does nothing.
if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      // Not a step's failure (those are reported): a fault of this command itself, still one line, no stack.
      process.stderr.write(`check:spec: internal error: ${(error as Error)?.message ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
