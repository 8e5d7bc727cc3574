// Another repo installs the package before it is published from a git URL: npm clones the repository, installs its
// dependencies, runs `prepare` (which builds dist/) and keeps what `files` names. Tested on a git repository made from
// this work tree (what is being submitted, committed or not), installed into an empty project, run from ESM and CJS.
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { SAMPLE, sendJson, startServer, type TestServer } from "./http-server";

const run = promisify(execFile);
const root = resolve(__dirname, "../..");
const PACKAGE = "@ccextractor/sample-platform-client";

let work: string;
let project: string;
let server: TestServer;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "sp-client-git-"));
  const repo = join(work, "repo");
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

  project = join(work, "consumer");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, version: "0.0.0" }));
  await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", `git+file://${repo}`], { cwd: project, maxBuffer: 16 * 1024 * 1024 });
  server = await startServer((req, res) => {
    if (req.headers.authorization !== "Bearer git-test-token") return sendJson(res, 401, { code: "unauthorized", message: "no token", details: {} });
    return sendJson(res, 200, SAMPLE);
  });
}, 300_000);

afterAll(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const call = `createSamplePlatformClient({ baseUrl: process.env.BASE, token: "git-test-token" }).getSample(42).then((s) => console.log(JSON.stringify(s)))`;

test.each([
  ["CJS (require)", ["-e", `const { createSamplePlatformClient } = require("${PACKAGE}"); ${call}`]],
  ["ESM (import)", ["--input-type=module", "-e", `import { createSamplePlatformClient } from "${PACKAGE}"; ${call}`]],
])("installed from a git URL, the package builds itself and runs from %s", async (_name, args) => {
  const { stdout, stderr } = await run(process.execPath, args, { cwd: project, env: { ...process.env, BASE: `${server.origin}/api/v1` } });
  expect(stderr).toBe("");
  expect(JSON.parse(stdout)).toEqual(SAMPLE);
});
