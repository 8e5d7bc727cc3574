// The client runs in browsers: bundled for the browser platform it pulls in no Node module, and the bundle works
// in a context that has only web globals (no process, require or Buffer).
import { builtinModules } from "node:module";
import path, { resolve } from "node:path";
import { createContext, runInContext } from "node:vm";
import { build, type Plugin } from "esbuild";
import { SamplePlatformError } from "../index";
import type { OperationRow } from "../shared/operation-row";
import { SAMPLE, sendJson, startServer } from "./http-server";

const root = resolve(__dirname, "../..");
const NODE_BUILTIN = new RegExp(`^(node:.*|${builtinModules.map((name) => name.replace(/[/]/g, "\\/")).join("|")})(\\/.*)?$`);

/**
 * Records every Node builtin the bundle reaches, even one another plugin or a `browser` field would have stubbed, and
 * lets the build finish (as an external), so that the test's assertion names each one and where it came from.
 */
const recordNodeBuiltins = (seen: string[]): Plugin => ({
  name: "record-node-builtins",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: NODE_BUILTIN }, (args) => {
      seen.push(`${args.path} (from ${path.relative(root, args.importer)})`);
      return { path: args.path, external: true };
    });
  },
});

async function bundleForBrowser(entry = "src/index.ts", external: string[] = []): Promise<string> {
  const seen: string[] = [];
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    external,
    bundle: true,
    platform: "browser",
    format: "iife",
    globalName: "SamplePlatform",
    target: "es2022",
    write: false,
    logLevel: "silent",
    plugins: [recordNodeBuiltins(seen)],
  });
  expect(seen).toEqual([]);
  expect(result.errors).toEqual([]);
  return result.outputFiles[0].text;
}

test("the builtin check can fail: a module that imports node:http is caught and named", async () => {
  await expect(bundleForBrowser("src/mock/server.ts", ["msw"])).rejects.toThrow(/node:http \(from src\/mock\/server\.ts\)/);
});

test("bundles for platform browser with no Node builtin, openapi-fetch included", async () => {
  const code = await bundleForBrowser();
  expect(code).not.toMatch(/\brequire\(/);
  expect(code).toContain("createSamplePlatformClient");
});

test("the client's bundle holds the table's columns it reads, not the mock's and the suite's (examples, response headers, notes)", async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { operationTable } = require("../../generated/operations") as typeof import("../../generated/operations");
  const rows = Object.values(operationTable) as OperationRow[];
  const examples = rows.flatMap((row) => row.responses.flatMap((response) => (response.example === undefined ? [] : [JSON.stringify(response.example)])));
  expect(examples.length).toBeGreaterThan(0);
  const code = await bundleForBrowser();
  for (const row of rows) expect(code).toContain(JSON.stringify(row.path));
  for (const example of examples) expect(code).not.toContain(example.slice(1, 40));
  // The table's own keys for the responses' example names and the notes (a schema's `notes` property is another thing).
  expect(code).not.toMatch(/"examples":\s*\[|"notes":\s*\[/);
});

test("the `/mock` handlers bundle for the browser too (msw's setupWorker), and the main bundle has none of them", async () => {
  const mock = await bundleForBrowser("src/mock/index.ts", ["msw"]);
  expect(mock).toContain("createMockHandlers");
  expect(await bundleForBrowser()).not.toMatch(/createMockHandlers|generateSamples|\bmsw\b/);
});

test("the browser bundle runs with web globals only: env defaults skipped, requests, retries and errors work", async () => {
  const code = await bundleForBrowser();
  const server = await startServer((_req, res, index) =>
    index === 0 ? sendJson(res, 503, { code: "busy", message: "later", details: {} }) : sendJson(res, 200, SAMPLE),
  );
  try {
    const web = {
      fetch, Request, Response, Headers, URL, URLSearchParams, AbortController, AbortSignal, DOMException,
      TextDecoder, TextEncoder, ReadableStream, FormData, Blob, setTimeout, clearTimeout, queueMicrotask, console,
    };
    const context = createContext({ ...web });
    runInContext(code, context);
    expect(runInContext("typeof process + typeof require + typeof Buffer", context)).toBe("undefinedundefinedundefined");
    const api = runInContext("SamplePlatform", context) as typeof import("../index");

    // No process: the production URL is the default, not an env var.
    let requested = "";
    const offline = api.createSamplePlatformClient({
      fetch: (request) => {
        requested = request.url;
        return Promise.resolve(new Response(JSON.stringify(SAMPLE), { headers: { "Content-Type": "application/json" } }));
      },
    });
    await offline.getSample(9);
    expect(requested).toBe("https://sampleplatform.ccextractor.org/api/v1/samples/9");

    const sp = api.createSamplePlatformClient({ baseUrl: server.origin, token: "browser-token", maxRetryDelayMs: 5, validateResponses: true });
    await expect(sp.getSample(42)).resolves.toEqual(SAMPLE);
    expect(server.requests.map((request) => request.authorization)).toEqual(["Bearer browser-token", "Bearer browser-token"]);
    const error = await sp.getSample(0).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(api.SamplePlatformError);
    // Another copy of the class (this realm's, from the sources) recognises it too.
    expect(error instanceof SamplePlatformError).toBe(true);
    expect(new Error("plain") instanceof SamplePlatformError).toBe(false);
    expect(error).toMatchObject({ code: "invalid_request" });
  } finally {
    await server.close();
  }
});
