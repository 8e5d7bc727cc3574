// The package as a new user gets it: npm pack, install the tarball into an empty project, type-check a consumer
// under nodenext (ESM and CJS) and bundler resolution, run it from ESM and CJS against a local server, and have
// publint and arethetypeswrong judge the result.
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { errorBody, SAMPLE, sampleWithId, sendJson, startServer, type TestServer } from "./http-server";

const run = promisify(execFile);
const root = resolve(__dirname, "../..");
const consumerSources = join(__dirname, "consumer");
const bin = (name: string) => join(root, "node_modules/.bin", name);
const PACKAGE = "@ccextractor/sample-platform-client";

let work: string;
let project: string;
let tarball: string;
let packedFiles: string[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "sp-client-pack-"));
  // A staged copy of the package (manifest, README, LICENSE, a fresh build), so that test runs in parallel never
  // rebuild the repo's dist/ under each other. The manifest is the repo's, less its scripts (prepare would rebuild here).
  const stage = join(work, "stage");
  mkdirSync(stage);
  const { scripts: _scripts, ...manifest } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  writeFileSync(join(stage, "package.json"), JSON.stringify(manifest, null, 2));
  for (const file of ["README.md", "LICENSE"]) copyFileSync(join(root, file), join(stage, file));
  await run(bin("tsx"), [join(root, "scripts/build-package.ts"), "--out", join(stage, "dist")], { cwd: root });
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", work], { cwd: stage, maxBuffer: 16 * 1024 * 1024 });
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf("["))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(work, packed.filename);
  packedFiles = packed.files.map((file) => file.path).sort();

  project = join(work, "consumer");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, version: "0.0.0" }));
  // msw beside it, as a repo that uses the `/mock` subpath installs it (an optional peer dependency).
  const msw = `msw@${JSON.parse(readFileSync(join(root, "node_modules/msw/package.json"), "utf8")).version}`;
  await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball, msw], { cwd: project });
  for (const file of ["run.mjs", "run.cjs", "mock.mjs", "mock.cjs"]) copyFileSync(join(consumerSources, file), join(project, file));
  const typed = readFileSync(join(consumerSources, "typed-usage.ts.template"), "utf8");
  for (const file of ["typed-usage.mts", "typed-usage.cts", "typed-usage.ts"]) writeFileSync(join(project, file), typed);
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test("the tarball ships only the built files, the README, the LICENSE and package.json", () => {
  expect(packedFiles.filter((path) => !path.startsWith("dist/types/"))).toEqual([
    "LICENSE",
    "README.md",
    "dist/index.cjs",
    "dist/index.mjs",
    "dist/mock-server.cjs",
    "dist/mock-server.mjs",
    "dist/mock.cjs",
    "dist/mock.mjs",
    "dist/response-validators.cjs",
    "dist/response-validators.mjs",
    "package.json",
  ]);
  expect(packedFiles.filter((path) => path.startsWith("dist/types/")).every((path) => /\.d\.[mc]ts$/.test(path))).toBe(true);
  const manifest = JSON.parse(readFileSync(join(project, "node_modules", PACKAGE, "package.json"), "utf8"));
  expect(Object.keys(manifest.dependencies)).toEqual(["openapi-fetch"]);
  // msw only for the `/mock` subpaths, and optional: the main entry never loads it.
  expect({ peer: manifest.peerDependencies, meta: manifest.peerDependenciesMeta }).toEqual({ peer: { msw: expect.any(String) }, meta: { msw: { optional: true } } });
  expect(readFileSync(join(project, "node_modules", PACKAGE, "dist/index.mjs"), "utf8")).not.toMatch(/from\s*["']msw/);
});

test("publint finds nothing, not even a suggestion", async () => {
  const { stdout } = await run(bin("publint"), ["--strict", "--pack", "false", join(project, "node_modules", PACKAGE)]);
  expect(stdout).toContain("All good!");
});

test("arethetypeswrong finds no problem in the tarball", async () => {
  // attw exits non-zero on any problem, which rejects here.
  const { stdout } = await run(bin("attw"), [tarball], { maxBuffer: 16 * 1024 * 1024 });
  expect(stdout).toContain("No problems found");
  for (const resolution of ["node10", "node16 (from CJS)", "node16 (from ESM)", "bundler"]) expect(stdout).toContain(resolution);
});

describe.each([
  ["nodenext, ESM", "typed-usage.mts", { module: "nodenext", moduleResolution: "nodenext" }],
  ["nodenext, CJS", "typed-usage.cts", { module: "nodenext", moduleResolution: "nodenext" }],
  ["bundler", "typed-usage.ts", { module: "preserve", moduleResolution: "bundler" }],
])("types under %s", (_name, file, resolution) => {
  test("the consumer compiles, and every wrong call is a compile error", async () => {
    const tsconfig = join(project, `tsconfig.${file}.json`);
    writeFileSync(
      tsconfig,
      JSON.stringify({
        compilerOptions: { ...resolution, target: "ES2022", lib: ["ES2022", "DOM", "DOM.Iterable"], strict: true, noEmit: true, types: [], skipLibCheck: false },
        files: [file],
      }),
    );
    const result = await run(bin("tsc"), ["-p", tsconfig], { cwd: project }).then(
      () => "",
      (error: { stdout: string }) => error.stdout,
    );
    expect(result).toBe("");
  }, 60_000);
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

describe("runs against a local server", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((req, res, index) => {
      const url = new URL(req.url ?? "", "http://x");
      if (req.headers.authorization !== "Bearer pack-test-token") return sendJson(res, 401, errorBody("unauthorized", "no token"));
      if (url.pathname === "/api/v1/samples/42") {
        // The first request of each run meets a rate limit, so the bundled ky's retry runs for real.
        if (index % 6 === 0) return sendJson(res, 429, errorBody("rate_limited", "wait"), { "Retry-After": "0" });
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
  });
  afterAll(() => server.close());

  test.each(["run.mjs", "run.cjs"])("node %s", async (file) => {
    const before = server.requests.length;
    expect(before % 6).toBe(0);
    const { stdout, stderr } = await run(process.execPath, [file], {
      cwd: project,
      env: { ...process.env, SP_BASE_URL: `${server.origin}/api/v1`, SP_API_TOKEN: "" },
    });
    expect(stderr).toBe("");
    const out = JSON.parse(stdout);
    expect(out).toEqual({
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
    expect(server.requests.length - before).toBe(6);
  }, 60_000);
});
