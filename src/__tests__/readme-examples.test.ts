// The README's examples run as written: each TypeScript block marked `<!-- example: ... -->` is bundled with the
// package's names pointing at src/, and run against the package's mock (in-process, or over HTTP as `npm run mock`).
import { readFileSync } from "node:fs";
import path from "node:path";
import { build, type Plugin } from "esbuild";
import { startMockServer } from "../mock/server";

const ROOT = path.resolve(__dirname, "../..");
const README = readFileSync(path.join(ROOT, "README.md"), "utf8");
const PACKAGE = "@ccextractor/sample-platform-client";
const ENTRIES: Record<string, string> = { "": "src/index.ts", "/mock": "src/mock/index.ts", "/mock/server": "src/mock/server.ts" };

/** Every marked block: its marker's text and its code. */
const EXAMPLES = [...README.matchAll(/<!-- example: ([^>]*?) -->\n```ts\n([\s\S]*?)```/g)].map((m) => ({ how: m[1], code: m[2] }));

const packageFromSource: Plugin = {
  name: "package-from-source",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: new RegExp(`^${PACKAGE}(/.*)?$`) }, (args) => {
      const entry = ENTRIES[args.path.slice(PACKAGE.length)];
      return entry ? { path: path.join(ROOT, entry) } : { errors: [{ text: `the README imports ${args.path}, which the package does not export` }] };
    });
  },
};

/** The block as a module whose default export runs its statements (imports stay at the top). */
async function compile(code: string): Promise<() => Promise<void>> {
  const lines = code.split("\n");
  const imports = lines.filter((line) => /^import\s/.test(line));
  const body = lines.filter((line) => !/^import\s/.test(line));
  const source = `${imports.join("\n")}\nexport default async function run() {\n${body.join("\n")}\n}\n`;
  const result = await build({
    stdin: { contents: source, loader: "ts", resolveDir: ROOT, sourcefile: "README example" },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    external: ["msw", "msw/*", "openapi-fetch"],
    plugins: [packageFromSource],
    write: false,
    logLevel: "silent",
  });
  const module = { exports: {} as { default: () => Promise<void> } };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- runs the README example's bundled text, as Node would
  new Function("require", "module", "exports", result.outputFiles[0].text)(require, module, module.exports);
  return module.exports.default;
}

it("finds the marked examples: the client's, and the mock's", () => {
  expect(EXAMPLES.map((e) => e.how)).toEqual([
    "runs against the mock over HTTP (src/__tests__/readme-examples.test.ts)",
    "runs in-process (src/__tests__/readme-examples.test.ts)",
  ]);
});

it("the client example runs against the mock over HTTP, from SP_BASE_URL and SP_API_TOKEN", async () => {
  const server = await startMockServer({ port: 0, token: "readme-token" });
  const saved = { base: process.env.SP_BASE_URL, token: process.env.SP_API_TOKEN };
  const requests: string[] = [];
  try {
    process.env.SP_BASE_URL = server.baseUrl;
    process.env.SP_API_TOKEN = "readme-token";
    const run = await compile(EXAMPLES[0].code);
    const originalFetch = globalThis.fetch;
    globalThis.fetch = (input, init) => (requests.push(new Request(input, init).url), originalFetch(input, init));
    try {
      await run();
    } finally {
      globalThis.fetch = originalFetch;
    }
  } finally {
    process.env.SP_BASE_URL = saved.base;
    process.env.SP_API_TOKEN = saved.token;
    if (saved.base === undefined) delete process.env.SP_BASE_URL;
    if (saved.token === undefined) delete process.env.SP_API_TOKEN;
    await server.close();
  }
  // Every call of the example reached the mock under the spec's base path and was answered (a 4xx would have thrown).
  expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
  expect(requests.every((url) => url.startsWith(`${server.baseUrl}/`))).toBe(true);
  expect(requests.map((url) => url.slice(url.indexOf("/samples")))).toEqual([
    "/samples/42",
    "/samples/42",
    "/samples?tag=dvb&limit=100",
    "/samples?extension=ts&offset=0", // one page: fewer than 50 of the 150 samples are `ts`
    "/samples/42",
  ]);
});

it("the mock example runs in-process with msw's setupServer", async () => {
  const run = await compile(EXAMPLES[1].code);
  await expect(run()).resolves.toBeUndefined();
});
