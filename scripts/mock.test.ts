// `npm run mock`: the package's mock over HTTP, as a developer starts it. Arguments and a bad samples file are
// handled in-process; serving, stopping on a signal and a taken port (exit 1) need the real process.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { generateSamples } from "../src/mock";
import { capturedOutput } from "./command-output";
import { main, parseMockArgs, startMockCommand } from "./mock";

const ROOT = path.resolve(__dirname, "..");

function runMock(env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/mock.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, SP_API_TOKEN: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const ready = new Promise<void>((resolve) => child.stdout.on("data", () => /Stop with Ctrl-C/.test(stdout) && resolve()));
  return { child, exited, ready, out: () => ({ stdout, stderr }) };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

it.each(["SIGTERM", "SIGINT"] as const)("serves the mock on PORT, prints how to call it, and stops on %s, freeing the port", async (signal) => {
  const port = await freePort();
  const mock = runMock({ PORT: String(port) }, ["--count", "60", "--seed", "9"]);
  await mock.ready;
  // Under the path of the spec's server URL, as production answers (https://sampleplatform.ccextractor.org/api/v1).
  const base = `http://127.0.0.1:${port}/api/v1`;
  expect(mock.out().stdout).toContain(`Mock of CCExtractor Sample Platform API at ${base} (60 generated rows a list, seed 9)`);
  expect(mock.out().stdout).toContain(`curl -H "Authorization: Bearer any-token" "${base}/samples?limit=2"`);
  const page = await (await fetch(`${base}/samples?limit=100`, { headers: { authorization: "Bearer any-token" } })).json();
  expect(page.data).toEqual(generateSamples(60, 9));
  // Anywhere else: a 404 Error body that names the base URL to use.
  const outside = await fetch(`http://127.0.0.1:${port}/samples`, { headers: { authorization: "Bearer any-token" } });
  expect({ status: outside.status, body: await outside.json() }).toEqual({
    status: 404,
    body: { code: "not_found", message: `No route /samples: the API is served under ${base} (use it as SP_BASE_URL).`, details: { base_url: base } },
  });
  mock.child.kill(signal);
  expect(await mock.exited).toBe(0);
  await expect(fetch(`${base}/samples`)).rejects.toThrow();
});

it("says in one line that the port is taken, and exits 1", async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  const { port } = blocker.address() as { port: number };
  try {
    const mock = runMock({ PORT: String(port) });
    expect(await mock.exited).toBe(1);
    expect(mock.out().stderr).toBe(`mock: port ${port} on 127.0.0.1 is taken (another mock or Prism?): choose another with PORT\n`);
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
});

it("accepts only SP_API_TOKEN when it is set, and never prints it", async () => {
  const port = await freePort();
  const printed: string[] = [];
  const server = await startMockCommand([], { PORT: String(port), SP_API_TOKEN: "tok-s3cret-123" }, (text) => printed.push(text));
  try {
    const call = (token: string) => fetch(`${server!.baseUrl}/samples/1`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect([await call("tok-s3cret-123"), await call("any-token")]).toEqual([200, 401]);
    expect(printed.join("\n")).toContain("Only the token in SP_API_TOKEN is accepted");
    expect(printed.join("\n")).not.toContain("tok-s3cret-123");
  } finally {
    await server?.close();
  }
});

it("serves the caller's samples from a file, and names the bad field of a bad one", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sp-mock-"));
  const good = path.join(dir, "good.json");
  writeFileSync(good, JSON.stringify(generateSamples(3, 4)));
  const printed: string[] = [];
  const server = await startMockCommand(["--samples", good], { PORT: "0" }, (text) => printed.push(text));
  try {
    const body = await (await fetch(`${server!.baseUrl}/samples`, { headers: { authorization: "Bearer t" } })).json();
    expect(body.data).toEqual(generateSamples(3, 4));
    expect(printed[0]).toContain("(3 listSamples rows from your file; otherwise 150 generated rows a list, seed 1)");
  } finally {
    await server?.close();
  }
  const bad = path.join(dir, "bad.json");
  writeFileSync(bad, JSON.stringify([{ sample_id: 1, sha256: "nope" }]));
  const refused = capturedOutput();
  expect(await main(["--samples", bad], { PORT: "0" }, refused.output)).toBe(1);
  expect(refused.printed).toEqual({ stdout: "", stderr: 'mock: sample-platform-client/mock: `samples[0].sha256` must match pattern "^[a-fA-F0-9]{64}$"\n' });
});

it("serves the caller's rows by operationId from a file (--rows), and names the bad field of a bad one", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sp-mock-"));
  const good = path.join(dir, "rows.json");
  writeFileSync(good, JSON.stringify({ listSamples: generateSamples(4, 2) }));
  const printed: string[] = [];
  const server = await startMockCommand(["--rows", good], { PORT: "0" }, (text) => printed.push(text));
  try {
    const body = await (await fetch(`${server!.baseUrl}/samples`, { headers: { authorization: "Bearer t" } })).json();
    expect(body.data).toEqual(generateSamples(4, 2));
    expect(printed[0]).toContain("(4 listSamples rows from your file;");
    // Every operation of the package's spec is served: no list of 501s.
    expect(printed[0]).not.toContain("Not served");
  } finally {
    await server?.close();
  }
  const bad = path.join(dir, "bad-rows.json");
  writeFileSync(bad, JSON.stringify({ getSample: [] }));
  const refused = capturedOutput();
  expect(await main(["--rows", bad], { PORT: "0" }, refused.output)).toBe(1);
  expect(refused.printed.stderr).toBe("mock: sample-platform-client/mock: `rows.getSample` is not a GET operation of the spec that holds rows (known: listSamples)\n");
});

it("refuses bad arguments and a bad PORT, naming them", () => {
  expect(() => parseMockArgs(["--count", "many"], {})).toThrow('--count needs a whole number (got "many")');
  expect(() => parseMockArgs(["--samples", "/no/such.json"], {})).toThrow("--samples: cannot read /no/such.json (ENOENT)");
  expect(() => parseMockArgs(["--rows"], {})).toThrow("--rows needs a JSON file");
  expect(() => parseMockArgs([], { PORT: "70000" })).toThrow('PORT must be a whole number from 0 (any free port) to 65535 (got "70000")');
  expect(parseMockArgs(["--latency", "5-20", "--rate-limit", "120"], {}).options).toEqual({ latencyMs: { minMs: 5, maxMs: 20 }, rateLimit: { limit: 120, windowMs: 60_000 } });
});
