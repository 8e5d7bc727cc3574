// Smoke test against a real Prism mock of spec/openapi.yaml: the client and the spec agree end to end.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createSamplePlatformClient, SamplePlatformError } from "../index";

const root = resolve(__dirname, "../..");
let prism: ChildProcess | undefined;
let baseUrl = "";

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function waitForPrism(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Prism exited with ${child.exitCode}:\n${log()}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((wake) => setTimeout(wake, 200));
    }
  }
  throw new Error(`Prism did not start within 45 s:\n${log()}`);
}

beforeAll(async () => {
  const port = await freePort();
  let output = "";
  // Its own process group, so that afterAll stops Prism and any child it forked.
  prism = spawn(resolve(root, "node_modules/.bin/prism"), ["mock", "spec/openapi.yaml", "-p", String(port), "-h", "127.0.0.1"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  prism.stdout?.on("data", (chunk) => (output += chunk));
  prism.stderr?.on("data", (chunk) => (output += chunk));
  baseUrl = `http://127.0.0.1:${port}`;
  await waitForPrism(`${baseUrl}/samples`, prism, () => output);
}, 60_000);

afterAll(async () => {
  if (!prism?.pid || prism.exitCode !== null) return;
  const exited = new Promise((done) => prism?.once("exit", done));
  process.kill(-prism.pid, "SIGTERM");
  await exited;
});

const client = (options = {}) => createSamplePlatformClient({ baseUrl, token: "prism-token", validateResponses: true, maxRetryDelayMs: 10, ...options });
// Prism answers with a schema-level example where the schema has one (Sample), else with the response's first
// example, unless `Prefer: example=<name>` picks one of the operation's examples.
const prefer = (example: string) => client({ headers: { Prefer: `example=${example}` } });

// The expected bodies come from the spec itself, not from copies.
const spec = JSON.parse(readFileSync(resolve(root, "generated/openapi.json"), "utf8"));
const listExamples = spec.paths["/samples"].get.responses["200"].content["application/json"].examples;
const getExamples = spec.paths["/samples/{sample_id}"].get.responses["200"].content["application/json"].examples;

test("getSample returns the spec's example, valid against the spec", async () => {
  await expect(prefer("teletext_capture").getSample(42)).resolves.toEqual(getExamples.teletext_capture.value);
  await expect(client().getSample(7)).resolves.toEqual(spec.components.schemas.Sample.examples[0]);
});

test("listSamples returns the named page examples", async () => {
  await expect(prefer("first_page").listSamples({ tag: "dvb", limit: 2 })).resolves.toEqual(listExamples.first_page.value);
  await expect(client().listSamples()).resolves.toEqual(listExamples.first_page.value);
});

test("iterateSamples reads the last page and stops at next_offset null", async () => {
  const ids: number[] = [];
  for await (const sample of prefer("last_page").iterateSamples({ extension: "ts" })) ids.push(sample.sample_id);
  expect(ids).toEqual(listExamples.last_page.value.data.map((sample: { sample_id: number }) => sample.sample_id));
  expect(ids.length).toBeGreaterThan(0);
});

test("iterateSamples refuses Prism's static first page, whose next_offset never moves forward", async () => {
  const firstPage = listExamples.first_page.value;
  const ids: number[] = [];
  const iterate = async () => {
    for await (const sample of prefer("first_page").iterateSamples({ limit: 2 })) ids.push(sample.sample_id);
  };
  const error = await iterate().catch((reason: unknown) => reason);
  expect(error).toBeInstanceOf(SamplePlatformError);
  const next = firstPage.pagination.next_offset;
  expect(error).toMatchObject({ code: "invalid_response", details: { pointer: "/pagination/next_offset", offset: next, next_offset: next } });
  const pageIds = firstPage.data.map((sample: { sample_id: number }) => sample.sample_id);
  expect(ids).toEqual([...pageIds, ...pageIds]);
});

test("without a token Prism answers 401, which becomes a typed error carrying the server's code", async () => {
  const error = await createSamplePlatformClient({ baseUrl, validateResponses: true }).getSample(42).catch((reason: unknown) => reason);
  expect(error).toBeInstanceOf(SamplePlatformError);
  expect(error).toMatchObject({ status: 401, code: expect.stringMatching(/^[a-z][a-z0-9_]*$/) });
  // The 401 is the spec's own Unauthorized example (the Error schema carries no example Prism could put first).
  const unauthorized = spec.components.responses.Unauthorized.content["application/json"].examples.unauthorized.value;
  expect(error).toMatchObject({ code: unauthorized.code, message: expect.stringContaining(unauthorized.message), details: unauthorized.details });
});

test("raw reaches Prism with the same auth", async () => {
  const { data, response } = await client().raw.GET("/samples/{sample_id}", { params: { path: { sample_id: 7 } } });
  expect(response.status).toBe(200);
  expect(data?.sha256).toMatch(/^[a-fA-F0-9]{64}$/);
});
