// The built package loads the response validators only when validateResponses asks for them: with their file
// removed from dist/, a plain client still works from ESM and CJS, and a validating one fails on the missing module.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { startServer, type TestServer } from "./http-server";

const ROOT = path.resolve(__dirname, "../..");
const run = promisify(execFile);
const SAMPLE = { sample_id: 42, sha256: "a".repeat(64) };

let dir: string;
let server: TestServer;

beforeAll(async () => {
  // Inside the repo's node_modules, so that the build finds openapi-fetch as an installed package would.
  await mkdir(path.join(ROOT, "node_modules/.cache"), { recursive: true });
  dir = await mkdtemp(path.join(ROOT, "node_modules/.cache/sp-lazy-"));
  await run(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "scripts/build-package.ts"), "--out", path.join(dir, "dist"), "--bundles-only"], { cwd: ROOT });
  await rm(path.join(dir, "dist/response-validators.mjs"));
  await rm(path.join(dir, "dist/response-validators.cjs"));
  server = await startServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(SAMPLE));
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function callGetSample(format: "mjs" | "cjs", validateResponses: boolean): Promise<string> {
  const entry = path.join(dir, `dist/index.${format}`);
  const load = format === "mjs" ? `await import(${JSON.stringify(entry)})` : `require(${JSON.stringify(entry)})`;
  const script = path.join(dir, `call-${validateResponses}.${format}`);
  await writeFile(
    script,
    `${format === "mjs" ? "" : "(async () => {"}
    const { createSamplePlatformClient } = ${load};
    const sp = createSamplePlatformClient({ baseUrl: ${JSON.stringify(`${server.origin}/api/v1`)}, token: "t", retries: 0, validateResponses: ${validateResponses} });
    try { console.log(JSON.stringify(await sp.getSample(42))); } catch (error) { console.log(String(error.cause?.message ?? error.message)); }
    ${format === "mjs" ? "" : "})();"}`,
  );
  const { stdout } = await run(process.execPath, [script]);
  return stdout.trim();
}

describe.each(["mjs", "cjs"] as const)("dist/index.%s", (format) => {
  it("never loads the response validators without validateResponses", async () => {
    expect(JSON.parse(await callGetSample(format, false))).toEqual(SAMPLE);
  });

  it("loads them on the first validated response", async () => {
    expect(await callGetSample(format, true)).toMatch(/response-validators\.(mjs|cjs)/);
  });
});
