// The built package evaluates an operation's validators on its first call only (dist/validators/: a request and a
// response module an operation, and the shared modules they import). Counted, not timed: in CommonJS, the modules in
// require.cache; in both formats, with every validator module but the called operation's removed from dist/, the
// client still imports and calls it, and a call to another operation fails on its missing module.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
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
  server = await startServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(SAMPLE));
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A validator module and every one it imports, transitively (file names in dist/validators/). */
async function reachedFrom(module: string): Promise<string[]> {
  const seen = new Set<string>();
  const visit = async (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = await readFile(path.join(dir, "dist/validators", file), "utf8");
    for (const match of text.matchAll(/(?:from |require\()"\.\/([\w.-]+\.[mc]js)"/g)) await visit(match[1]);
  };
  await visit(module);
  return [...seen].sort();
}

/** Runs a script against the built client (its text after `sp` is made), and what it prints, one JSON value a line. */
async function withClient(format: "mjs" | "cjs", validateResponses: boolean, body: string): Promise<unknown[]> {
  const entry = path.join(dir, `dist/index.${format}`);
  const load = format === "mjs" ? `await import(${JSON.stringify(entry)})` : `require(${JSON.stringify(entry)})`;
  const script = path.join(dir, `script-${format}-${String(validateResponses)}.${format}`);
  await writeFile(
    script,
    `${format === "mjs" ? "" : "(async () => {"}
    const { createSamplePlatformClient } = ${load};
    const sp = createSamplePlatformClient({ baseUrl: ${JSON.stringify(`${server.origin}/api/v1`)}, token: "t", retries: 0, validateResponses: ${String(validateResponses)} });
    const attempt = (call) => call.then((value) => value, (error) => ({ failed: String(error.cause?.message ?? error.message).split("\\n")[0] }));
    const loaded = () => Object.keys(require.cache).filter((file) => file.includes("/dist/validators/")).map((file) => file.split("/").pop()).sort();
    ${body}
    ${format === "mjs" ? "" : "})();"}`,
  );
  const { stdout } = await run(process.execPath, [script]);
  return stdout.trim().split("\n").map((line) => JSON.parse(line) as unknown);
}

describe("dist/index.cjs, counting the validator modules it evaluates", () => {
  it("evaluates none at import, and on a first call only that operation's request validators and what they import", async () => {
    const getSample = await reachedFrom("getSample.request.cjs");
    const [atStart, afterCall, afterSecond, body] = await withClient(
      "cjs",
      false,
      `console.log(JSON.stringify(loaded()));
      const body = await sp.getSample(42);
      console.log(JSON.stringify(loaded()));
      await sp.getSample(42);
      console.log(JSON.stringify(loaded()));
      console.log(JSON.stringify(body));`,
    );
    expect(atStart).toEqual([]);
    expect(afterCall).toEqual(getSample);
    expect(afterCall).not.toContain("listSamples.request.cjs");
    expect(afterCall).not.toContain("getSample.response.cjs");
    expect(afterSecond).toEqual(afterCall);
    expect(body).toEqual(SAMPLE);
  });

  it("with validateResponses, adds that operation's response validators on its first response", async () => {
    const expected = [...new Set([...(await reachedFrom("getSample.request.cjs")), ...(await reachedFrom("getSample.response.cjs"))])].sort();
    const [afterCall] = await withClient("cjs", true, `await sp.getSample(42); console.log(JSON.stringify(loaded()));`);
    expect(afterCall).toEqual(expected);
    expect(afterCall).not.toContain("listSamples.response.cjs");
  });
});

describe.each(["mjs", "cjs"] as const)("dist/index.%s with only getSample's request validators left in dist/validators/", (format) => {
  let removed: string[];
  beforeAll(async () => {
    const kept = new Set(await reachedFrom(`getSample.request.${format}`));
    removed = (await readdir(path.join(dir, "dist/validators"))).filter((file) => file.endsWith(`.${format}`) && !kept.has(file));
    for (const file of removed) await rm(path.join(dir, "dist/validators", file));
  });

  it("imports, and calls getSample; another operation fails on its missing module", async () => {
    expect(removed).toEqual(expect.arrayContaining([`listSamples.request.${format}`, `getSample.response.${format}`]));
    const [sample, list] = await withClient(
      format,
      false,
      `console.log(JSON.stringify(await attempt(sp.getSample(42))));
      console.log(JSON.stringify(await attempt(sp.listSamples())));`,
    );
    expect(sample).toEqual(SAMPLE);
    expect(list).toEqual({ failed: expect.stringMatching(/listSamples\.request\.(mjs|cjs)/) });
  });

  it("loads the response validators on the first validated response only", async () => {
    const [validated] = await withClient(format, true, `console.log(JSON.stringify(await attempt(sp.getSample(42))));`);
    expect(validated).toEqual({ failed: expect.stringMatching(/getSample\.response\.(mjs|cjs)/) });
  });
});
