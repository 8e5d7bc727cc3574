// The client against real HTTP servers on loopback: every failure a network or a rate-limited server produces.
import { inspect } from "node:util";
import { createSamplePlatformClient, SamplePlatformError, type SamplePlatformClientOptions } from "../index";
import { errorBody, SAMPLE, sampleWithId, sendJson, startServer, type Handler, type TestServer } from "./http-server";

const TOKEN = "sp-test-token-7f3a9c";
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => process.on("unhandledRejection", onUnhandled));
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
  expect(unhandled).toEqual([]);
});

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

async function serve(handler: Handler): Promise<TestServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

function clientFor(server: TestServer, options: SamplePlatformClientOptions = {}) {
  return createSamplePlatformClient({ baseUrl: `${server.origin}/api/v1`, token: TOKEN, maxRetryDelayMs: 20, ...options });
}

/** Awaits a rejection and returns it as a SamplePlatformError (fails the test if it is anything else). */
async function failure(promise: Promise<unknown>): Promise<SamplePlatformError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SamplePlatformError);
  return error as SamplePlatformError;
}

function expectNoToken(error: unknown): void {
  const forms = [
    (error as Error).message,
    (error as Error).stack ?? "",
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: Infinity, showHidden: true }),
    inspect(error),
  ];
  for (const form of forms) expect(form).not.toContain(TOKEN);
}

describe("successful calls", () => {
  test("getSample sends the bearer token and returns the sample; rateLimit reflects the last headers", async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 200, SAMPLE, { "X-RateLimit-Limit": "120", "X-RateLimit-Remaining": "119", "X-RateLimit-Reset": "1795262460" }),
    );
    const sp = clientFor(server);
    expect(sp.rateLimit).toBeUndefined();
    await expect(sp.getSample(42)).resolves.toEqual(SAMPLE);
    expect(server.requests).toEqual([expect.objectContaining({ method: "GET", url: "/api/v1/samples/42", authorization: `Bearer ${TOKEN}` })]);
    expect(sp.rateLimit).toEqual({ limit: 120, remaining: 119, reset: 1795262460 });
  });

  test("listSamples sends the query as the spec names it", async () => {
    const page = { data: [SAMPLE], pagination: { limit: 100, offset: 0, total: 1, next_offset: null } };
    const server = await serve((_req, res) => sendJson(res, 200, page));
    const sp = clientFor(server);
    await expect(sp.listSamples({ tag: "dvb", limit: 100, extension: undefined })).resolves.toEqual(page);
    expect(server.requests[0].url).toBe("/api/v1/samples?tag=dvb&limit=100");
  });

  test("userAgent and headers options are sent", async () => {
    let seen: Record<string, unknown> = {};
    const server = await serve((req, res) => {
      seen = req.headers;
      sendJson(res, 200, SAMPLE);
    });
    await clientFor(server, { userAgent: "ci-bot/1.0", headers: { "X-Trace": "abc" } }).getSample(1);
    expect(seen).toMatchObject({ "user-agent": "ci-bot/1.0", "x-trace": "abc" });
  });

  test("raw is the openapi-fetch client with the same auth and retries", async () => {
    const server = await serve((_req, res, index) =>
      index === 0 ? sendJson(res, 503, errorBody("unavailable", "busy")) : sendJson(res, 200, SAMPLE),
    );
    const sp = clientFor(server);
    const { data, response } = await sp.raw.GET("/samples/{sample_id}", { params: { path: { sample_id: 42 } } });
    expect(response.status).toBe(200);
    expect(data).toEqual(SAMPLE);
    expect(server.requests.map((request) => request.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
  });
});

describe("retries", () => {
  test("429 with Retry-After: 0, then 200", async () => {
    const server = await serve((_req, res, index) =>
      index === 0
        ? sendJson(res, 429, errorBody("rate_limited", "slow down"), { "Retry-After": "0" })
        : sendJson(res, 200, SAMPLE),
    );
    await expect(clientFor(server).getSample(42)).resolves.toEqual(SAMPLE);
    expect(server.requests).toHaveLength(2);
  });

  test("429 with Retry-After: 1 waits about a second even though backoff would be shorter", async () => {
    const server = await serve((_req, res, index) =>
      index === 0
        ? sendJson(res, 429, errorBody("rate_limited", "slow down"), { "Retry-After": "1" })
        : sendJson(res, 200, SAMPLE),
    );
    await expect(clientFor(server, { maxRetryDelayMs: 2000 }).getSample(42)).resolves.toEqual(SAMPLE);
    expect(server.requests[1].at - server.requests[0].at).toBeGreaterThanOrEqual(950);
  });

  test("429 without Retry-After backs off, then 200", async () => {
    const server = await serve((_req, res, index) =>
      index < 2 ? sendJson(res, 429, errorBody("rate_limited", "slow down")) : sendJson(res, 200, SAMPLE),
    );
    await expect(clientFor(server).getSample(42)).resolves.toEqual(SAMPLE);
    expect(server.requests).toHaveLength(3);
  });

  test("429 with only X-RateLimit-Reset waits until the reset, then 200", async () => {
    let resetMs = 0;
    const server = await serve((_req, res, index) => {
      if (index > 0) return sendJson(res, 200, SAMPLE);
      const reset = Math.ceil(Date.now() / 1000);
      resetMs = reset * 1000;
      sendJson(res, 429, errorBody("rate_limited", "window spent"), {
        "X-RateLimit-Limit": "120",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": String(reset),
      });
    });
    const sp = clientFor(server, { maxRetryDelayMs: 2000 });
    await expect(sp.getSample(42)).resolves.toEqual(SAMPLE);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].at).toBeGreaterThanOrEqual(resetMs - 20);
  });

  test("429 asking for more than maxRetryDelayMs fails at once, with retryAfter and rateLimit", async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 429, errorBody("rate_limited", "Rate limit exceeded. Retry after 120 seconds.", { retry_after: 120 }), {
        "Retry-After": "120",
        "X-RateLimit-Limit": "120",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": "1795262460",
      }),
    );
    // At once: one request, no retry (waiting the 120 s asked would outlast the test's timeout).
    const error = await failure(clientFor(server, { maxRetryDelayMs: 1000 }).getSample(42));
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({
      code: "rate_limited",
      status: 429,
      retryAfter: 120,
      details: { retry_after: 120 },
      rateLimit: { limit: 120, remaining: 0, reset: 1795262460 },
      request: { method: "GET", url: `${server.origin}/api/v1/samples/42` },
    });
  });

  test("429 with only an X-RateLimit-Reset further than maxRetryDelayMs fails at once, with retryAfter", async () => {
    const reset = Math.ceil(Date.now() / 1000) + 90;
    const server = await serve((_req, res) =>
      sendJson(res, 429, errorBody("rate_limited", "window spent"), { "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": String(reset) }),
    );
    const error = await failure(clientFor(server, { maxRetryDelayMs: 1000 }).listSamples());
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ code: "rate_limited", status: 429, rateLimit: { remaining: 0, reset } });
    expect(error.retryAfter).toBeGreaterThanOrEqual(89);
    expect(error.retryAfter).toBeLessThanOrEqual(91);
  });

  test("429 with Retry-After as a near HTTP date waits for it, then 200", async () => {
    const server = await serve((_req, res, index) =>
      index === 0
        ? sendJson(res, 429, errorBody("rate_limited", "soon"), { "Retry-After": new Date(Date.now() + 1000).toUTCString() })
        : sendJson(res, 200, SAMPLE),
    );
    await expect(clientFor(server, { maxRetryDelayMs: 2000 }).getSample(42)).resolves.toEqual(SAMPLE);
    expect(server.requests).toHaveLength(2);
  });

  test("429 with Retry-After as an HTTP date too far away fails at once", async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 429, errorBody("rate_limited", "later"), { "Retry-After": new Date(Date.now() + 60_000).toUTCString() }),
    );
    const error = await failure(clientFor(server, { maxRetryDelayMs: 1000 }).getSample(42));
    expect(server.requests).toHaveLength(1);
    expect(error.retryAfter).toBeGreaterThanOrEqual(58);
    expect(error.retryAfter).toBeLessThanOrEqual(60);
  });

  test("a 503 burst longer than the retries ends in the server's error after retries + 1 attempts", async () => {
    const server = await serve((_req, res) => sendJson(res, 503, errorBody("service_unavailable", "maintenance")));
    const error = await failure(clientFor(server, { retries: 2 }).getSample(42));
    expect(server.requests).toHaveLength(3);
    expect(error).toMatchObject({ code: "service_unavailable", status: 503, message: expect.stringContaining("maintenance") });
  });

  test("404 is not retried", async () => {
    const server = await serve((_req, res) => sendJson(res, 404, errorBody("not_found", "Sample 9317 not found.", { resource: "sample", id: 9317 })));
    const error = await failure(clientFor(server).getSample(9317));
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ code: "not_found", status: 404, details: { resource: "sample", id: 9317 }, retryAfter: undefined });
  });

  test("only GET is retried", async () => {
    const server = await serve((_req, res) => sendJson(res, 503, errorBody("service_unavailable", "busy")));
    const raw = clientFor(server).raw as unknown as { POST(path: string, init: object): Promise<{ response: Response }> };
    const { response } = await raw.POST("/samples", { body: {} });
    expect(response.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  test("retries: 0 sends one request", async () => {
    const server = await serve((_req, res) => sendJson(res, 502, errorBody("bad_gateway", "upstream")));
    await failure(clientFor(server, { retries: 0 }).getSample(42));
    expect(server.requests).toHaveLength(1);
  });
});

describe("network failures", () => {
  test("a socket reset is retried, then 200", async () => {
    const server = await serve((req, res, index) => (index === 0 ? req.socket.destroy() : sendJson(res, 200, SAMPLE)));
    await expect(clientFor(server).getSample(42)).resolves.toEqual(SAMPLE);
    expect(server.requests).toHaveLength(2);
  });

  test("resets on every attempt end in network_error", async () => {
    const server = await serve((req) => req.socket.destroy());
    const error = await failure(clientFor(server, { retries: 2 }).getSample(42));
    expect(server.requests).toHaveLength(3);
    expect(error).toMatchObject({ code: "network_error", status: undefined, details: { attempts: 3 } });
    expect(error.cause).toBeInstanceOf(Error);
    expectNoToken(error);
  });

  test("a refused connection ends in network_error", async () => {
    const server = await serve(() => undefined);
    const origin = server.origin;
    await server.close();
    servers = [];
    const sp = createSamplePlatformClient({ baseUrl: origin, token: TOKEN, retries: 1, maxRetryDelayMs: 5 });
    const error = await failure(sp.getSample(42));
    expect(error.code).toBe("network_error");
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  test("a server that never answers times out each attempt, then fails with timeout", async () => {
    const server = await serve(() => undefined);
    const error = await failure(clientFor(server, { timeoutMs: 150, retries: 1 }).getSample(42));
    expect(server.requests).toHaveLength(2);
    expect(error).toMatchObject({ code: "timeout", status: undefined, details: { timeoutMs: 150, attempts: 2 } });
    expectNoToken(error);
  });

  test("a server that sends headers and then stalls the body also times out", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "500" });
      res.write('{"sample_id": 42,');
    });
    const error = await failure(clientFor(server, { timeoutMs: 150, retries: 0 }).getSample(42));
    expect(error.code).toBe("timeout");
  });
});

describe("unexpected responses", () => {
  test("an HTML 502 from a proxy is retried, then unexpected_response with status and excerpt", async () => {
    const html = "<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>";
    const server = await serve((_req, res) => {
      res.writeHead(502, { "Content-Type": "text/html" });
      res.end(html);
    });
    const error = await failure(clientFor(server, { retries: 1 }).getSample(42));
    expect(server.requests).toHaveLength(2);
    expect(error).toMatchObject({ code: "unexpected_response", status: 502, details: { excerpt: html } });
    expect(error.message).toContain("502 Bad Gateway");
  });

  test("truncated JSON (complete response, broken body) gives unexpected_response", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end('{"sample_id": 42, "sha256": "a52a');
    });
    const error = await failure(clientFor(server).getSample(42));
    expect(error).toMatchObject({ code: "unexpected_response", status: 200, details: { excerpt: '{"sample_id": 42, "sha256": "a52a' } });
  });

  test("a body cut off mid-stream is retried, then unexpected_response with what arrived", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "400" });
      res.write('{"sample_id": 42,', () => res.destroy());
    });
    const error = await failure(clientFor(server, { retries: 1 }).getSample(42));
    expect(server.requests).toHaveLength(2);
    expect(error).toMatchObject({ code: "unexpected_response", status: 200, details: { excerpt: '{"sample_id": 42,', attempts: 2 } });
    expect(error.message).toContain("truncated");
  });

  test("a wrong Content-Type on a 200 gives unexpected_response", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end(JSON.stringify(SAMPLE));
    });
    const error = await failure(clientFor(server).getSample(42));
    expect(error).toMatchObject({ code: "unexpected_response", status: 200 });
    expect(error.message).toContain("text/plain");
  });

  test("an error body that is not the Error schema gives unexpected_response", async () => {
    const server = await serve((_req, res) => sendJson(res, 404, { error: "not here" }));
    const error = await failure(clientFor(server).getSample(42));
    expect(error).toMatchObject({ code: "unexpected_response", status: 404, details: { excerpt: '{"error":"not here"}' } });
  });

  test("a 200 that breaks the schema passes unless validateResponses is on; then invalid_response names pointer and rule", async () => {
    const broken = { ...SAMPLE, sha256: "not-a-digest" };
    const server = await serve((_req, res) => sendJson(res, 200, broken));
    await expect(clientFor(server).getSample(42)).resolves.toEqual(broken);
    const error = await failure(clientFor(server, { validateResponses: true }).getSample(42));
    expect(error).toMatchObject({ code: "invalid_response", status: 200, details: { pointer: "/sha256", rule: "pattern" } });
    expect(error.message).toContain("/sha256");
  });

  test("validateResponses accepts a valid page", async () => {
    const page = { data: [SAMPLE], pagination: { limit: 1, offset: 0, total: 1, next_offset: null } };
    const server = await serve((_req, res) => sendJson(res, 200, page));
    await expect(clientFor(server, { validateResponses: true }).listSamples({ limit: 1 })).resolves.toEqual(page);
  });
});

describe("iterateSamples", () => {
  test("follows next_offset to the last page", async () => {
    const server = await serve((req, res) => {
      const offset = Number(new URL(req.url ?? "", "http://x").searchParams.get("offset"));
      const next = offset + 2 < 5 ? offset + 2 : null;
      const data = [offset + 1, offset + 2].filter((id) => id <= 5).map(sampleWithId);
      sendJson(res, 200, { data, pagination: { limit: 2, offset, total: 5, next_offset: next } });
    });
    const ids: number[] = [];
    for await (const sample of clientFor(server).iterateSamples({ extension: "ts", limit: 2 })) ids.push(sample.sample_id);
    expect(ids).toEqual([1, 2, 3, 4, 5]);
    expect(server.requests.map((request) => request.url)).toEqual([
      "/api/v1/samples?extension=ts&limit=2&offset=0",
      "/api/v1/samples?extension=ts&limit=2&offset=2",
      "/api/v1/samples?extension=ts&limit=2&offset=4",
    ]);
  });

  test("a next_offset that repeats stops with invalid_response instead of looping", async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 200, { data: [sampleWithId(1), sampleWithId(2)], pagination: { limit: 2, offset: 2, total: 9, next_offset: 2 } }),
    );
    const ids: number[] = [];
    const iterate = async () => {
      for await (const sample of clientFor(server).iterateSamples({ offset: 0 })) ids.push(sample.sample_id);
    };
    const error = await failure(iterate());
    expect(error).toMatchObject({ code: "invalid_response", details: { pointer: "/pagination/next_offset", next_offset: 2, offset: 2 } });
    expect(ids).toEqual([1, 2, 1, 2]);
    expect(server.requests).toHaveLength(2);
  });

  test("abort mid-iteration stops with aborted and sends nothing more", async () => {
    const server = await serve((req, res) => {
      const offset = Number(new URL(req.url ?? "", "http://x").searchParams.get("offset"));
      sendJson(res, 200, { data: [sampleWithId(offset + 1), sampleWithId(offset + 2)], pagination: { limit: 2, offset, total: 100, next_offset: offset + 2 } });
    });
    const controller = new AbortController();
    const ids: number[] = [];
    const iterate = async () => {
      for await (const sample of clientFor(server).iterateSamples({}, { signal: controller.signal })) {
        ids.push(sample.sample_id);
        if (ids.length === 3) controller.abort();
      }
    };
    const error = await failure(iterate());
    expect(error.code).toBe("aborted");
    expect(ids).toEqual([1, 2, 3]);
    expect(server.requests).toHaveLength(2);
  });

  test("abort during a retry wait rejects at once with aborted", async () => {
    // The wait asked for (600 s, allowed) outlasts the test's timeout: only an abort that ends it lets the test pass.
    const server = await serve((_req, res) => sendJson(res, 429, errorBody("rate_limited", "wait"), { "Retry-After": "600" }));
    const controller = new AbortController();
    const sp = clientFor(server, { maxRetryDelayMs: 700_000 });
    const call = sp.getSample(42, { signal: controller.signal });
    // Abort once the first answer (the 429) has come and the wait has begun.
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    const error = await failure(call);
    expect(error.code).toBe("aborted");
    expect(server.requests).toHaveLength(1);
  });

  test("an already aborted signal sends nothing", async () => {
    const server = await serve((_req, res) => sendJson(res, 200, SAMPLE));
    const error = await failure(clientFor(server).getSample(42, { signal: AbortSignal.abort() }));
    expect(error.code).toBe("aborted");
    expect(server.requests).toHaveLength(0);
  });
});

describe("invalid input is refused before anything is sent", () => {
  const cases: Array<[string, (sp: ReturnType<typeof clientFor>) => Promise<unknown>, Record<string, string>]> = [
    ["sample_id 0", (sp) => sp.getSample(0), { sample_id: "must be >= 1" }],
    ["sample_id 1.5", (sp) => sp.getSample(1.5), { sample_id: "must be integer" }],
    ["sample_id as string", (sp) => sp.getSample("42" as unknown as number), { sample_id: "must be integer" }],
    ["limit 101", (sp) => sp.listSamples({ limit: 101 }), { limit: "must be <= 100" }],
    ["limit 0 and offset -1", (sp) => sp.listSamples({ limit: 0, offset: -1 }), { limit: "must be >= 1", offset: "must be >= 0" }],
    ["limit as string", (sp) => sp.listSamples({ limit: "5" as unknown as number }), { limit: "must be integer" }],
    ["status not in enum", (sp) => sp.listSamples({ status: "gone" as "active" }), { status: "must be equal to one of the allowed values" }],
    ["name too long", (sp) => sp.listSamples({ name: "x".repeat(101) }), { name: "must NOT have more than 100 characters" }],
    ["tag too long", (sp) => sp.listSamples({ tag: "x".repeat(51) }), { tag: "must NOT have more than 50 characters" }],
    ["sha256 not hex", (sp) => sp.listSamples({ sha256: "xyz" }), { sha256: 'must match pattern "^[a-fA-F0-9]{64}$"' }],
    ["extension with a dot", (sp) => sp.listSamples({ extension: ".ts" }), { extension: 'must match pattern "^[a-zA-Z0-9]+$"' }],
    ["unknown query key", (sp) => sp.listSamples({ tags: "dvb" } as never), { tags: "is not a parameter of this operation" }],
    ["iterateSamples with limit 500", (sp) => sp.iterateSamples({ limit: 500 }).next(), { limit: "must be <= 100" }],
  ];
  test.each(cases)("%s", async (_name, call, fields) => {
    const server = await serve((_req, res) => sendJson(res, 200, SAMPLE));
    const error = await failure(call(clientFor(server)));
    expect(error).toMatchObject({ code: "invalid_request", status: undefined, details: { fields } });
    expect(server.requests).toHaveLength(0);
  });
});

describe("per-call options", () => {
  test("headers are sent with that call only, over the client's", async () => {
    const seen: unknown[][] = [];
    const server = await serve((req, res) => {
      seen.push([req.headers["x-team"], req.headers["x-trace"], req.headers.authorization]);
      sendJson(res, 200, SAMPLE);
    });
    const sp = clientFor(server, { headers: { "X-Team": "ci", "X-Trace": "client" } });
    await sp.getSample(42, { headers: { "X-Trace": "call-1" } });
    await sp.getSample(42);
    expect(seen).toEqual([
      ["ci", "call-1", `Bearer ${TOKEN}`],
      ["ci", "client", `Bearer ${TOKEN}`],
    ]);
  });

  test("timeoutMs bounds each attempt of that call, in place of the client's", async () => {
    const server = await serve(() => undefined); // never answers
    const error = await failure(clientFor(server, { timeoutMs: 60_000, retries: 0 }).listSamples({}, { timeoutMs: 100 }));
    expect(error).toMatchObject({ code: "timeout", details: { timeoutMs: 100, attempts: 1 } });
  });

  const bad: Array<[string, unknown, Record<string, string>]> = [
    ["an unknown key", { timeout: 5 }, { timeout: "is not a per-call option (known: signal, timeoutMs, headers)" }],
    ["Authorization in headers", { headers: { authorization: "Bearer other" } }, { headers: "must not set Authorization; use `token`" }],
    ["a header that is not a string", { headers: { "X-N": 5 } }, { headers: "value of `X-N` must be a string" }],
    ["timeoutMs 0", { timeoutMs: 0 }, { timeoutMs: "must be an integer between 1 and 2147483647" }],
    ["a signal that is not an AbortSignal", { signal: "stop" }, { signal: "must be an AbortSignal" }],
    ["options that are not an object", 5, { "(options)": "must be an object" }],
  ];
  test.each(bad)("%s is an invalid_request naming it, and nothing is sent", async (_name, options, fields) => {
    const server = await serve((_req, res) => sendJson(res, 200, SAMPLE));
    const sp = clientFor(server);
    for (const call of [() => sp.getSample(42, options as never), () => sp.listSamples({}, options as never), () => sp.iterateSamples({}, options as never).next()]) {
      const error = await failure(call());
      expect(error).toMatchObject({ code: "invalid_request", status: undefined, details: { fields } });
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe("security", () => {
  test("a cross-origin redirect does not carry the token; a same-origin one does", async () => {
    const other = await serve((_req, res) => sendJson(res, 200, sampleWithId(7)));
    const api = await serve((req, res) => {
      if (req.url === "/api/v1/samples/1") res.writeHead(302, { Location: "/api/v1/samples/2" }).end();
      else if (req.url === "/api/v1/samples/2") res.writeHead(307, { Location: `${other.origin}/samples/7` }).end();
    });
    expect(new URL(other.origin).origin).not.toBe(new URL(api.origin).origin);
    await expect(clientFor(api).getSample(1)).resolves.toEqual(sampleWithId(7));
    expect(api.requests.map((request) => request.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
    expect(other.requests).toHaveLength(1);
    expect(other.requests[0].authorization).toBeUndefined();
  });

  test("raw calls to another baseUrl do not get the token", async () => {
    const api = await serve((_req, res) => sendJson(res, 200, SAMPLE));
    const other = await serve((_req, res) => sendJson(res, 200, SAMPLE));
    await clientFor(api).raw.GET("/samples/{sample_id}", { baseUrl: other.origin, params: { path: { sample_id: 1 } } });
    expect(other.requests[0].authorization).toBeUndefined();
  });

  test("the token is absent from every form of every kind of error, even when the server echoes it", async () => {
    const server = await serve((req, res, index) => {
      if (req.url?.endsWith("/1")) return sendJson(res, 401, errorBody("unauthorized", `bad token ${req.headers.authorization}`, { got: req.headers.authorization }));
      if (req.url?.endsWith("/2")) return sendJson(res, 429, errorBody("rate_limited", "later"), { "Retry-After": "600" });
      if (req.url?.endsWith("/3")) return req.socket.destroy();
      if (req.url?.endsWith("/4")) return undefined; // never answers
      if (req.url?.endsWith("/5")) {
        res.writeHead(502, { "Content-Type": "text/html" });
        return res.end(`<pre>${req.headers.authorization}</pre>`);
      }
      return sendJson(res, 200, { sample_id: index, sha256: req.headers.authorization });
    });
    // Only the request that is never answered times out: a loaded machine can take 100 ms to answer the others.
    const sp = clientFor(server, { retries: 0, timeoutMs: 30_000, validateResponses: true });
    const errors = await Promise.all([
      failure(sp.getSample(1)),
      failure(sp.getSample(2)),
      failure(sp.getSample(3)),
      failure(sp.getSample(4, { timeoutMs: 100 })),
      failure(sp.getSample(5)),
      failure(sp.getSample(6)),
      failure(sp.getSample(-1)),
      failure(sp.getSample(7, { signal: AbortSignal.abort() })),
    ]);
    expect(errors.map((error) => error.code)).toEqual([
      "unauthorized",
      "rate_limited",
      "network_error",
      "timeout",
      "unexpected_response",
      "invalid_response",
      "invalid_request",
      "aborted",
    ]);
    expect(errors[0].message).toContain("[REDACTED]");
    for (const error of errors) expectNoToken(error);
  });
});

describe("options", () => {
  const env = { ...process.env };
  afterEach(() => {
    process.env = { ...env };
  });

  test.each<[string, SamplePlatformClientOptions, RegExp]>([
    ["negative retries", { retries: -1 }, /option `retries` must be between 0 and 100 \(got -1\)/],
    ["fractional retries", { retries: 1.5 }, /option `retries` must be a finite integer/],
    ["zero timeout", { timeoutMs: 0 }, /option `timeoutMs` must be between 1 and/],
    ["negative maxRetryDelayMs", { maxRetryDelayMs: -5 }, /option `maxRetryDelayMs` must be between 0 and/],
    ["non-URL baseUrl", { baseUrl: "sampleplatform" }, /option `baseUrl` must be an absolute http\(s\) URL \(got "sampleplatform"\)/],
    ["ftp baseUrl", { baseUrl: "ftp://example.org" }, /option `baseUrl` must use https:/],
    ["http to a remote host", { baseUrl: "http://sampleplatform.ccextractor.org/api/v1" }, /must use https: unless the host is loopback/],
    ["credentials in baseUrl", { baseUrl: "https://u:p@example.org" }, /must not contain credentials/],
    ["unknown option", { timeout: 5 } as SamplePlatformClientOptions, /option `timeout` is unknown/],
    ["Authorization in headers", { headers: { Authorization: "Bearer x" } }, /option `headers` must not set Authorization/],
    ["non-boolean validateResponses", { validateResponses: "yes" as unknown as boolean }, /option `validateResponses` must be a boolean/],
  ])("refuses %s", (_name, options, message) => {
    expect(() => createSamplePlatformClient(options)).toThrow(message);
  });

  test("a token with a line break is refused without echoing it", () => {
    const bad = `${TOKEN}\r\nX-Evil: 1`;
    expect(() => createSamplePlatformClient({ token: bad })).toThrow(/option `token` must be printable ASCII/);
    try {
      createSamplePlatformClient({ token: bad });
    } catch (error) {
      expectNoToken(error);
    }
  });

  test("http is allowed to loopback hosts, and elsewhere only with allowInsecureHttp", () => {
    for (const baseUrl of ["http://127.0.0.1:8080", "http://127.8.9.10/api", "http://localhost:3000/api/v1", "http://[::1]:9000"]) {
      expect(() => createSamplePlatformClient({ baseUrl })).not.toThrow();
    }
    expect(() => createSamplePlatformClient({ baseUrl: "http://example.org", allowInsecureHttp: true })).not.toThrow();
    expect(() => createSamplePlatformClient({ baseUrl: "http://127.example.org" })).toThrow(/loopback/);
  });

  test("SP_BASE_URL and SP_API_TOKEN are the defaults", async () => {
    const server = await serve((_req, res) => sendJson(res, 200, SAMPLE));
    process.env.SP_BASE_URL = `${server.origin}/api/v1`;
    process.env.SP_API_TOKEN = TOKEN;
    await createSamplePlatformClient().getSample(3);
    expect(server.requests[0]).toMatchObject({ url: "/api/v1/samples/3", authorization: `Bearer ${TOKEN}` });
  });

  test("without SP_BASE_URL the production URL is used; a bad SP_BASE_URL is named as such", () => {
    delete process.env.SP_BASE_URL;
    delete process.env.SP_API_TOKEN;
    let seen = "";
    const sp = createSamplePlatformClient({
      fetch: (request) => {
        seen = request.url;
        return Promise.resolve(new Response(JSON.stringify(SAMPLE), { headers: { "Content-Type": "application/json" } }));
      },
    });
    process.env.SP_BASE_URL = "nope";
    expect(() => createSamplePlatformClient()).toThrow(/option `baseUrl \(from SP_BASE_URL\)` must be an absolute/);
    return sp.getSample(5).then(() => expect(seen).toBe("https://sampleplatform.ccextractor.org/api/v1/samples/5"));
  });
});
