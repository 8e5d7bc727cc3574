// The package's mock (`/mock`): MSW handlers that answer like the API, exercised in-process with msw's setupServer
// and the real client, as another repo's tests would use them.
import { setupServer } from "msw/node";
import spec from "../../generated/openapi.json";
import { responseValidators } from "../../generated/response-validators";

// The spec's Sample and Error bodies, as getSample documents them.
const validate_Sample = responseValidators.getSample["200"];
const validate_Error = responseValidators.getSample["404"];
import { createSamplePlatformClient, SamplePlatformError, type Sample, type SamplePlatformClientOptions } from "../index";
import { createMockHandlers, generateRows, generateSamples, unservedOperations, type MockOptions } from "../mock";

const BASE = "https://sp.mock.test/api/v1";
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function mock(options: MockOptions = {}, client: SamplePlatformClientOptions = {}) {
  server.use(...createMockHandlers({ baseUrl: BASE, ...options }));
  return createSamplePlatformClient({ baseUrl: BASE, token: "any-token", validateResponses: true, ...client });
}

/** A raw GET under the base URL, for what the client would refuse to send. */
async function get(path: string, token: string | null = "any-token") {
  const response = await fetch(`${BASE}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

async function rejection(promise: Promise<unknown>): Promise<SamplePlatformError> {
  const reason = await promise.then(() => undefined, (error: unknown) => error);
  expect(reason).toBeInstanceOf(SamplePlatformError);
  return reason as SamplePlatformError;
}

const listDefaults = Object.fromEntries(spec.paths["/samples"].get.parameters.map((p: any) => [p.name, p.schema.default]));

describe("data", () => {
  it("generates schema-valid samples, the same for the same seed and other for another", () => {
    for (const seed of [1, 2, 99]) {
      const samples = generateSamples(300, seed);
      expect(samples.map((s) => s.sample_id)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
      for (const sample of samples) expect({ id: sample.sample_id, valid: validate_Sample(sample) }).toEqual({ id: sample.sample_id, valid: true });
    }
    expect(generateSamples(20, 7)).toEqual(generateSamples(20, 7));
    expect(generateSamples(20, 7)).not.toEqual(generateSamples(20, 8));
    // Either case, as the spec allows, and names beyond ASCII, so that filters and clients meet both.
    const many = generateSamples(300, 1);
    expect(many.some((s) => /[A-F]/.test(s.sha256))).toBe(true);
    expect(many.some((s) => /[^\p{ASCII}]/u.test(s.name ?? ""))).toBe(true);
    // Patterned values (digests) are made up, never an example copied: they stay unique.
    expect(new Set(many.map((s) => s.sha256.toLowerCase())).size).toBe(300);
    // generateSamples is the old name of generateRows for the first list.
    expect(generateRows("listSamples", 40, 3)).toEqual(generateSamples(40, 3));
  });

  it("checks the caller's samples against the spec, naming the bad field and its rule", () => {
    const good = generateSamples(3);
    const cases: [unknown[], string][] = [
      [[good[0], { ...good[1], sha256: "xyz" }], "`samples[1].sha256` must match pattern \"^[a-fA-F0-9]{64}$\""],
      [[{ ...good[0], tags: ["ok", "x".repeat(51)] }], "`samples[0].tags[1]` must NOT have more than 50 characters"],
      [[{ name: "no id" }], "`samples[0].sample_id` must have required property 'sample_id'"],
      [[good[0], { ...good[1], sample_id: 1 }], "`samples[1].sample_id` must be unique (1 is also samples[0]'s)"],
    ];
    for (const [samples, message] of cases) {
      expect(() => createMockHandlers({ samples: samples as MockOptions["samples"] })).toThrow(new TypeError(`sample-platform-client/mock: ${message}`));
    }
  });

  it("refuses unknown or contradictory options, naming them", () => {
    expect(() => createMockHandlers({ cout: 5 } as MockOptions)).toThrow(/`cout` is not a mock option \(known: baseUrl, rows, count, seed/);
    expect(() => createMockHandlers({ rows: {}, data: {} })).toThrow("`data` cannot be combined with `rows`");
    expect(() => createMockHandlers({ rows: { listSamples: [] }, samples: [] })).toThrow("`rows.listSamples` cannot be combined with `samples`");
    expect(() => createMockHandlers({ rows: { getSample: [] } })).toThrow("`rows.getSample` is not a GET operation of the spec that holds rows (known: listSamples)");
    expect(() => createMockHandlers({ selects: { listSamples: { status: { gone: [] } } } })).toThrow("`selects.listSamples.status.gone` is not a value of the parameter (known: active, inactive)");
    expect(() => createMockHandlers({ count: -1 })).toThrow("`count` must be between 0 and 100000 (got -1)");
    expect(() => createMockHandlers({ inactiveIds: [4] , count: 3 })).toThrow("`inactiveIds[0]` must be the sample_id of a sample in the data set (got 4)");
    expect(() => createMockHandlers({ rateLimit: { limit: 0 } })).toThrow("`rateLimit.limit` must be between 1 and 1000000 (got 0)");
    expect(() => createMockHandlers({ latencyMs: { minMs: 5, maxMs: 1 } })).toThrow("`latencyMs.maxMs` must be between 5 and 600000 (got 1)");
    expect(() => createMockHandlers({ baseUrl: "ftp://x" })).toThrow("`baseUrl` must be an http(s) URL");
  });
});

describe("rows by operation, selects, and what is served", () => {
  it("serves the caller's rows of an operation (`rows`, by operationId), in the order given; `samples` and `data` are old names of it", async () => {
    const mine = [generateSamples(3, 9)[2], generateSamples(3, 9)[0]];
    for (const options of [{ rows: { listSamples: mine } }, { data: { listSamples: mine } }, { samples: mine }] as MockOptions[]) {
      server.resetHandlers();
      const sp = mock(options);
      expect((await sp.listSamples()).data).toEqual(mine);
      expect(await sp.getSample(mine[0].sample_id)).toEqual(mine[0]);
    }
    expect(() => createMockHandlers({ rows: { listSamples: [{ ...mine[0], sha256: "xyz" }] } })).toThrow('`rows.listSamples[0].sha256` must match pattern "^[a-fA-F0-9]{64}$"');
  });

  it("selects: which ids each value of a derived parameter selects; the others take the first value not given", async () => {
    const sp = mock({ count: 10, selects: { listSamples: { status: { inactive: [1, 5] } } } });
    expect((await sp.listSamples({ status: "inactive" })).data.map((s) => s.sample_id)).toEqual([1, 5]);
    expect((await sp.listSamples({ status: "active" })).pagination.total).toBe(8);
    expect(() => createMockHandlers({ count: 3, selects: { listSamples: { status: { inactive: [7] } } } })).toThrow(
      "`selects.listSamples.status.inactive[0]` must be the sample_id of a sample in the data set (got 7)",
    );
    expect(() => createMockHandlers({ selects: {}, inactiveIds: [] })).toThrow("`inactiveIds` cannot be combined with `selects`");
  });

  it("serves every operation of the package's spec: none answers 501", () => {
    expect(unservedOperations()).toEqual([]);
  });
});

describe("pagination", () => {
  it("serves the whole data set through iterateSamples, in id order, every page valid", async () => {
    const sp = mock({ count: 237, seed: 5 });
    const seen: Sample[] = [];
    for await (const sample of sp.iterateSamples({ limit: 40 })) seen.push(sample);
    expect(seen).toEqual(generateSamples(237, 5));
  });

  it("applies the spec's defaults of limit and offset, and ends with next_offset null", async () => {
    const sp = mock({ count: 120 });
    const first = await sp.listSamples();
    expect(first.pagination).toEqual({ limit: listDefaults.limit, offset: listDefaults.offset, total: 120, next_offset: listDefaults.limit });
    expect(first.data).toHaveLength(listDefaults.limit);
    const last = await sp.listSamples({ offset: 110, limit: 100 });
    expect(last.pagination).toEqual({ limit: 100, offset: 110, total: 120, next_offset: null });
    expect(last.data.map((s) => s.sample_id)).toEqual(Array.from({ length: 10 }, (_, i) => 111 + i));
    const past = await sp.listSamples({ offset: 500 });
    expect(past).toEqual({ data: [], pagination: { limit: listDefaults.limit, offset: 500, total: 120, next_offset: null } });
  });

  it("answers an empty data set with an empty page", async () => {
    expect(await mock({ samples: [] }).listSamples()).toEqual({ data: [], pagination: { limit: listDefaults.limit, offset: 0, total: 0, next_offset: null } });
  });
});

describe("filters", () => {
  const samples = generateSamples(150, 3);

  it("status, which filters no item property, selects by `selects` or the old `inactiveIds`; without them it is ignored", async () => {
    const sp = mock({ samples, inactiveIds: [2, 4] });
    expect((await sp.listSamples({ status: "inactive" })).data.map((s) => s.sample_id)).toEqual([2, 4]);
    expect((await sp.listSamples({ status: "active", limit: 100 })).pagination.total).toBe(148);
    server.resetHandlers();
    const selected = mock({ count: 9, selects: { listSamples: { status: { inactive: [3, 6, 9] } } } });
    expect((await selected.listSamples({ status: "inactive" })).data.map((s) => s.sample_id)).toEqual([3, 6, 9]);
    server.resetHandlers();
    const unknowing = mock({ count: 9 });
    expect((await unknowing.listSamples({ status: "inactive" })).pagination.total).toBe(9);
  });

  it("name matches a part, in any case; tag, sha256 and extension match whole values, in any case", async () => {
    const sp = mock({ samples });
    // Names and tags are optional in the schema: the generated data has some without.
    const target = samples.filter((s) => s.name)[17];
    const word = (target.name as string).split(" ")[0].toUpperCase();
    const byName = await sp.listSamples({ name: word, limit: 100 });
    expect(byName.data.map((s) => s.sample_id)).toEqual(samples.filter((s) => (s.name ?? "").toLowerCase().includes(word.toLowerCase())).slice(0, 100).map((s) => s.sample_id));
    expect(byName.data.length).toBeGreaterThan(0);
    expect((await sp.listSamples({ sha256: target.sha256.toUpperCase() })).data).toEqual([target]);
    expect((await sp.listSamples({ sha256: target.sha256.toLowerCase() })).data).toEqual([target]);
    const tag = samples.find((s) => s.tags && s.tags.length > 0)!.tags![0];
    const byTag = await sp.listSamples({ tag, limit: 100 });
    expect(byTag.pagination.total).toBe(samples.filter((s) => (s.tags ?? []).includes(tag)).length);
    const byExtension = await sp.listSamples({ extension: "TS", limit: 100 });
    expect(byExtension.pagination.total).toBe(samples.filter((s) => s.extension === "ts").length);
    expect(byExtension.data.every((s) => s.extension === "ts")).toBe(true);
  });

  it("combines filters: an item must match every one", async () => {
    const inactiveIds = samples.filter((_, i) => i % 4 === 0).map((s) => s.sample_id);
    const sp = mock({ samples, inactiveIds });
    const both = await sp.listSamples({ extension: "ts", status: "active", limit: 100 });
    const expected = samples.filter((s) => s.extension === "ts" && !inactiveIds.includes(s.sample_id));
    expect(both.data).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });
});

describe("errors", () => {
  it("getSample finds a sample by id, and answers 404 not_found for an unknown or malformed one", async () => {
    const sp = mock({ count: 50 });
    expect(await sp.getSample(42)).toEqual(generateSamples(50)[41]);
    const missing = await rejection(sp.getSample(51));
    expect({ status: missing.status, code: missing.code, details: missing.details }).toEqual({ status: 404, code: "not_found", details: { resource: "sample", id: 51 } });
    const malformed = await get("/samples/abc");
    expect({ status: malformed.status, code: malformed.body.code, valid: validate_Error(malformed.body) }).toEqual({ status: 404, code: "not_found", valid: true });
  });

  it("answers 401 with the spec's Unauthorized body without a token, and with a wrong one when a token is set", async () => {
    const noToken = await rejection(mock({}, { token: undefined }).listSamples());
    expect({ status: noToken.status, code: noToken.code }).toEqual({ status: 401, code: "unauthorized" });
    const body = spec.components.responses.Unauthorized.content["application/json"].examples.unauthorized.value;
    expect((await get("/samples", null)).body).toEqual(body);
    server.resetHandlers();
    const strict = mock({ token: "the-one-token" }, { token: "another-token" });
    expect((await rejection(strict.getSample(1))).status).toBe(401);
    expect(await mock({ token: "the-one-token" }, { token: "the-one-token" }).getSample(1)).toMatchObject({ sample_id: 1 });
  });

  it("answers 400 validation_error naming every invalid field with the spec's rule", async () => {
    mock();
    const answer = await get("/samples?limit=0&offset=-1&sha256=xyz&extension=a.b&status=gone&limit2=1");
    expect(answer.status).toBe(400);
    expect(validate_Error(answer.body)).toBe(true);
    expect(answer.body).toEqual({
      code: "validation_error",
      message: "Request failed schema validation.",
      details: {
        fields: {
          limit: "must be >= 1",
          offset: "must be >= 0",
          sha256: 'must match pattern "^[a-fA-F0-9]{64}$"',
          extension: 'must match pattern "^[a-zA-Z0-9]+$"',
          status: "must be equal to one of the allowed values",
          limit2: "is not a parameter of this operation",
        },
      },
    });
    expect((await get("/samples?limit=ten")).body.details.fields).toEqual({ limit: "must be integer" });
    expect((await get("/samples?limit=1&limit=2")).body.details.fields).toEqual({ limit: "must be integer" });
    expect((await get(`/samples?name=${"n".repeat(101)}`)).body.details.fields).toEqual({ name: "must NOT have more than 100 characters" });
  });

  it("answers another path 404 and another method 405, with Error bodies", async () => {
    mock();
    const other = await get("/runs/1");
    expect({ status: other.status, valid: validate_Error(other.body) }).toEqual({ status: 404, valid: true });
    const post = await fetch(`${BASE}/samples`, { method: "POST", headers: { authorization: "Bearer t" } });
    expect({ status: post.status, allow: post.headers.get("allow"), valid: validate_Error(await post.json()) }).toEqual({ status: 405, allow: "GET", valid: true });
  });
});

describe("opt-in rate limiting and latency", () => {
  it("answers 429 past the limit with Retry-After and X-RateLimit-*, and the client's retries get through", async () => {
    mock({ rateLimit: { limit: 2, windowMs: 1000 } });
    const answers = [await get("/samples/1"), await get("/samples/1"), await get("/samples/1")];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(answers.map((a) => a.headers.get("x-ratelimit-remaining"))).toEqual(["1", "0", "0"]);
    const limited = answers[2];
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.headers.get("x-ratelimit-limit")).toBe("2");
    expect(Number(limited.headers.get("x-ratelimit-reset"))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
    expect({ code: limited.body.code, valid: validate_Error(limited.body) }).toEqual({ code: "rate_limited", valid: true });
    // The spec's 429 example, its values standing for the headers and the window taken from this answer.
    expect(limited.body).toEqual({ code: "rate_limited", message: "Rate limit exceeded. Retry after 1 seconds.", details: { retry_after: 1, limit: 2, window: "1s" } });
    server.resetHandlers();
    const sp = mock({ count: 30, rateLimit: { limit: 2, windowMs: 1000 } }, { maxRetryDelayMs: 2000 });
    const ids: number[] = [];
    for await (const sample of sp.iterateSamples({ limit: 10 })) ids.push(sample.sample_id);
    expect(ids).toHaveLength(30);
  });

  it("delays every answer by latencyMs", async () => {
    const sp = mock({ latencyMs: 120 });
    const started = performance.now();
    await sp.getSample(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });
});
