// The package as another repo gets it, built once: a git repository made from this work tree (what is being submitted,
// committed or not) is installed from a `git+file://` URL into an empty project, so npm clones it, installs its
// dependencies and runs `prepare` (which builds dist/), as for any git dependency before the package is published.
// The installed package is then packed as `npm publish` would pack it (same `files`, same build), and judged: the
// tarball's contents, publint and arethetypeswrong; a consumer type-checked under nodenext (ESM and CJS) and bundler
// resolution; the same consumer run from ESM and CJS against a local server, and the `/mock` subpaths under msw.
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { errorBody, SAMPLE, sampleWithId, sendJson, startServer, type TestServer } from "./http-server";

const run = promisify(execFile);
const root = resolve(__dirname, "../..");
const consumerSources = join(__dirname, "consumer");
const bin = (name: string) => join(root, "node_modules/.bin", name);
const PACKAGE = "@ccextractor/sample-platform-client";

let work: string;
let project: string;
let installed: string;
let tarball: string;
let packedFiles: string[];

/** A git repository holding the work tree's files (tracked and untracked, not ignored), committed. */
async function repositoryOfWorkTree(repo: string): Promise<void> {
  const { stdout } = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  for (const file of stdout.split("\0").filter(Boolean)) {
    mkdirSync(dirname(join(repo, file)), { recursive: true });
    try {
      copyFileSync(join(root, file), join(repo, file));
    } catch {
      // a file deleted in the work tree but not yet in the index
    }
  }
  const git = (...args: string[]) => run("git", ["-c", "user.name=test", "-c", "user.email=test@example.invalid", ...args], { cwd: repo });
  await git("init", "-q");
  await git("add", "-A");
  await git("commit", "-q", "-m", "work tree");
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "sp-client-pack-"));
  const repo = join(work, "repo");
  await repositoryOfWorkTree(repo);
  project = join(work, "consumer");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, version: "0.0.0" }));
  // msw beside it, as a repo that uses the `/mock` subpath installs it (an optional peer dependency).
  const msw = `msw@${JSON.parse(readFileSync(join(root, "node_modules/msw/package.json"), "utf8")).version}`;
  await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", `git+file://${repo}`, msw], { cwd: project, maxBuffer: 16 * 1024 * 1024 });
  installed = join(project, "node_modules", PACKAGE);
  // Packed from the installed copy (its scripts are not run again: dist/ is already the one `prepare` built).
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], { cwd: installed, maxBuffer: 16 * 1024 * 1024 });
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf("["))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(work, packed.filename);
  packedFiles = packed.files.map((file) => file.path).sort();
  for (const file of ["run.mjs", "run.cjs", "mock.mjs", "mock.cjs", "mock-checks.cjs"]) copyFileSync(join(consumerSources, file), join(project, file));
  const typed = readFileSync(join(consumerSources, "typed-usage.ts.template"), "utf8");
  for (const file of ["typed-usage.mts", "typed-usage.cts", "typed-usage.ts"]) writeFileSync(join(project, file), typed);
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test("the tarball ships only the built files, the README, the LICENSE and package.json", () => {
  expect(packedFiles.filter((path) => !path.startsWith("dist/types/") && !path.startsWith("dist/validators/"))).toEqual([
    "LICENSE",
    "README.md",
    "dist/index.cjs",
    "dist/index.mjs",
    "dist/mock-server.cjs",
    "dist/mock-server.mjs",
    "dist/mock.cjs",
    "dist/mock.mjs",
    "package.json",
  ]);
  expect(packedFiles.filter((path) => path.startsWith("dist/types/")).every((path) => /\.d\.[mc]ts$/.test(path))).toBe(true);
  // Each operation's validators, as ESM and CJS: a request and a response module an operation, and shared ones.
  const validators = packedFiles.filter((path) => path.startsWith("dist/validators/"));
  expect(validators).toEqual(expect.arrayContaining(["dist/validators/getSample.request.mjs", "dist/validators/getSample.request.cjs", "dist/validators/listSamples.response.mjs"]));
  expect(validators.every((path) => /^dist\/validators\/[\w.-]+\.[mc]js$/.test(path))).toBe(true);
  const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
  expect(Object.keys(manifest.dependencies)).toEqual(["openapi-fetch"]);
  // msw only for the `/mock` subpaths, and optional: the main entry never loads it.
  expect({ peer: manifest.peerDependencies, meta: manifest.peerDependenciesMeta }).toEqual({ peer: { msw: expect.any(String) }, meta: { msw: { optional: true } } });
  expect(readFileSync(join(installed, "dist/index.mjs"), "utf8")).not.toMatch(/from\s*["']msw/);
});

test("publint finds nothing, not even a suggestion", async () => {
  const { stdout } = await run(bin("publint"), ["--strict", "--pack", "false", installed]);
  expect(stdout).toContain("All good!");
});

test("arethetypeswrong finds no problem in the tarball", async () => {
  // attw exits non-zero on any problem, which rejects here.
  const { stdout } = await run(bin("attw"), [tarball], { maxBuffer: 16 * 1024 * 1024 });
  expect(stdout).toContain("No problems found");
  for (const resolution of ["node10", "node16 (from CJS)", "node16 (from ESM)", "bundler"]) expect(stdout).toContain(resolution);
});

/**
 * One compiler host for the three resolutions: a declaration file (lib.dom.d.ts, the package's, msw's) is parsed once
 * and shared by every program that reads it in the same module format, instead of once per `tsc` process.
 */
const parsed = new Map<string, ts.SourceFile | undefined>();
function typeCheck(file: string, resolution: ts.CompilerOptions): string {
  const options: ts.CompilerOptions = { ...resolution, target: ts.ScriptTarget.ES2022, lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"], strict: true, noEmit: true, types: [], skipLibCheck: false };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const key = `${fileName}|${JSON.stringify(languageVersion)}`;
    if (!parsed.has(key)) parsed.set(key, read(fileName, languageVersion, onError, shouldCreate));
    return parsed.get(key);
  };
  const program = ts.createProgram({ rootNames: [join(project, file)], options, host });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  return ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => project, getNewLine: () => "\n" });
}

test.each([
  ["nodenext, ESM", "typed-usage.mts", { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext }],
  ["nodenext, CJS", "typed-usage.cts", { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext }],
  ["bundler", "typed-usage.ts", { module: ts.ModuleKind.Preserve, moduleResolution: ts.ModuleResolutionKind.Bundler }],
])("types under %s: the consumer compiles, and every wrong call is a compile error", (_name, file, resolution) => {
  expect(typeCheck(file, resolution)).toBe("");
});

test.each(["mock.mjs", "mock.cjs"])("node %s: the mock's handlers under msw, and over HTTP", async (file) => {
  const { stdout, stderr } = await run(process.execPath, [file], { cwd: project });
  expect(stderr).toBe("");
  expect(JSON.parse(stdout)).toEqual({
    format: file.endsWith(".mjs") ? "esm" : "cjs",
    ids: Array.from({ length: 30 }, (_, i) => i + 1),
    sameData: true,
    missing: { code: "not_found", status: 404 },
    overHttp: { limit: 50, offset: 0, total: 3, next_offset: null },
  });
}, 60_000);

/** A server for one run of the consumer: its first request of /samples/42 meets a rate limit, so the retry runs. */
async function consumerServer(): Promise<TestServer> {
  let rateLimited = false;
  return startServer((req, res) => {
    const url = new URL(req.url ?? "", "http://x");
    if (req.headers.authorization !== "Bearer pack-test-token") return sendJson(res, 401, errorBody("unauthorized", "no token"));
    if (url.pathname === "/api/v1/samples/42") {
      if (!rateLimited) {
        rateLimited = true;
        return sendJson(res, 429, errorBody("rate_limited", "wait"), { "Retry-After": "0" });
      }
      return sendJson(res, 200, SAMPLE, { "X-RateLimit-Limit": "120", "X-RateLimit-Remaining": "5", "X-RateLimit-Reset": "1795262460" });
    }
    if (url.pathname === "/api/v1/samples/404") return sendJson(res, 404, errorBody("not_found", "Sample 404 not found."));
    if (url.pathname === "/api/v1/samples") {
      const offset = Number(url.searchParams.get("offset") ?? 0);
      const data = [offset + 1, offset + 2].filter((id) => id <= 3).map(sampleWithId);
      return sendJson(res, 200, { data, pagination: { limit: 2, offset, total: 3, next_offset: offset + 2 < 3 ? offset + 2 : null } });
    }
    sendJson(res, 404, errorBody("not_found", "no route"));
  });
}

test.each(["run.mjs", "run.cjs"])("node %s against a local server", async (file) => {
  const server = await consumerServer();
  try {
    const { stdout, stderr } = await run(process.execPath, [file], {
      cwd: project,
      env: { ...process.env, SP_BASE_URL: `${server.origin}/api/v1`, SP_API_TOKEN: "" },
    });
    expect(stderr).toBe("");
    expect(JSON.parse(stdout)).toEqual({
      format: file.endsWith(".mjs") ? "esm" : "cjs",
      sample: SAMPLE,
      page: { data: [sampleWithId(1), sampleWithId(2)], pagination: { limit: 2, offset: 0, total: 3, next_offset: 2 } },
      ids: [1, 2, 3],
      invalid: { isSamplePlatformError: true, code: "invalid_request", details: { fields: { sample_id: "must be >= 1" } } },
      notFound: { isSamplePlatformError: true, code: "not_found", status: 404, details: {} },
      rateLimit: { limit: 120, remaining: 5, reset: 1795262460 },
      crossBuildInstanceof: true,
    });
    // 429 + 200 for the sample, one page, two pages while iterating, one 404; the invalid call sent nothing.
    expect(server.requests.length).toBe(6);
  } finally {
    await server.close();
  }
}, 60_000);
