// What the transport (src/transport.ts) does per attempt, seen from a custom fetch and a loopback server: one Request
// per attempt, built once with the token and the attempt's signal; headers merged by name whatever their case; the
// rate-limit snapshot taken from every attempt; the buffered response openapi-fetch gets.
import { createSamplePlatformClient, SamplePlatformError } from "../index";
import { errorBody, SAMPLE, sendJson, startServer, type TestServer } from "./http-server";

const TOKEN = "sp-transport-token";
const BASE = "http://127.0.0.1:9/api/v1";
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

test("a custom fetch gets one Request per attempt, with the token, the client's headers and a signal of its own", async () => {
  const seen: Request[] = [];
  const answers = [json(503, errorBody("busy", "later")), json(200, SAMPLE)];
  const sp = createSamplePlatformClient({
    baseUrl: BASE,
    token: TOKEN,
    maxRetryDelayMs: 1,
    headers: { "X-Team": "ci" },
    fetch: (request) => {
      seen.push(request);
      return Promise.resolve(answers.shift() as Response);
    },
  });
  await expect(sp.getSample(42)).resolves.toEqual(SAMPLE);
  expect(seen).toHaveLength(2);
  for (const request of seen) {
    expect(request).toBeInstanceOf(Request);
    expect(request).toMatchObject({ method: "GET", url: `${BASE}/samples/42` });
    expect(request.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(request.headers.get("x-team")).toBe("ci");
    expect(request.signal.aborted).toBe(false);
  }
  expect(seen[0].signal).not.toBe(seen[1].signal);
});

test("a call's headers replace the client's of the same name, whatever the case of either", async () => {
  const seen: Array<string | null> = [];
  const sp = createSamplePlatformClient({
    baseUrl: BASE,
    headers: { "X-Trace": "client", "x-team": "ci" },
    fetch: (request) => {
      seen.push([request.headers.get("x-trace"), request.headers.get("x-team")].join(" "));
      return Promise.resolve(json(200, SAMPLE));
    },
  });
  await sp.getSample(1, { headers: { "x-trace": "call" } });
  await sp.getSample(1, { headers: { "X-TEAM": "ops" } });
  await sp.getSample(1);
  expect(seen).toEqual(["call ci", "client ops", "client ci"]);
});

test("no token configured: no Authorization header at all", async () => {
  let authorization: string | null = "unset";
  const saved = process.env.SP_API_TOKEN;
  delete process.env.SP_API_TOKEN;
  const sp = createSamplePlatformClient({
    baseUrl: BASE,
    fetch: (request) => {
      authorization = request.headers.get("authorization");
      return Promise.resolve(json(200, SAMPLE));
    },
  });
  if (saved !== undefined) process.env.SP_API_TOKEN = saved;
  await sp.getSample(1);
  expect(authorization).toBeNull();
});

test("a custom fetch that ignores the signal still times out, and each attempt is counted", async () => {
  let calls = 0;
  const sp = createSamplePlatformClient({
    baseUrl: BASE,
    retries: 1,
    maxRetryDelayMs: 1,
    timeoutMs: 30,
    fetch: () => {
      calls++;
      return new Promise<Response>(() => undefined);
    },
  });
  const error = await sp.getSample(1).catch((reason: unknown) => reason);
  expect(error).toBeInstanceOf(SamplePlatformError);
  expect(error).toMatchObject({ code: "timeout", details: { timeoutMs: 30, attempts: 2 } });
  expect(calls).toBe(2);
});

test("a fetch that throws synchronously is a network error, retried like one", async () => {
  let calls = 0;
  const sp = createSamplePlatformClient({
    baseUrl: BASE,
    retries: 2,
    maxRetryDelayMs: 1,
    fetch: () => {
      calls++;
      throw new TypeError("no network here");
    },
  });
  await expect(sp.getSample(1)).rejects.toMatchObject({ code: "network_error", details: { attempts: 3 } });
  expect(calls).toBe(3);
});

test("rateLimit is taken from every attempt's response, retried ones included", async () => {
  const answers = [
    json(503, errorBody("busy", "later"), { "X-RateLimit-Remaining": "5" }),
    json(200, SAMPLE, { "X-RateLimit-Remaining": "4" }),
  ];
  const snapshots: unknown[] = [];
  const sp = createSamplePlatformClient({
    baseUrl: BASE,
    maxRetryDelayMs: 1,
    fetch: () => {
      snapshots.push(sp.rateLimit?.remaining);
      return Promise.resolve(answers.shift() as Response);
    },
  });
  await sp.getSample(1);
  expect([...snapshots, sp.rateLimit?.remaining]).toEqual([undefined, 5, 4]);
});

test("raw gets the response buffered, with its status, headers and final URL, readable after the attempt's deadline", async () => {
  server = await startServer((_req, res) => sendJson(res, 200, SAMPLE, { "X-RateLimit-Limit": "120" }));
  const sp = createSamplePlatformClient({ baseUrl: `${server.origin}/api/v1`, token: TOKEN, timeoutMs: 50 });
  const { data, response } = await sp.raw.GET("/samples/{sample_id}", { params: { path: { sample_id: 42 } }, parseAs: "stream" });
  await new Promise((resolve) => setTimeout(resolve, 80));
  expect(response.status).toBe(200);
  expect(response.url).toBe(`${server.origin}/api/v1/samples/42`);
  expect(response.headers.get("x-ratelimit-limit")).toBe("120");
  expect(JSON.parse(await new Response(data as ReadableStream).text())).toEqual(SAMPLE);
});
