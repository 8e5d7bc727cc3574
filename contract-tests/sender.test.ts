// The Sender against a real node:http server, on the header table the client's rule is tested with: after a 429 it
// waits exactly what requestedWaitMs reads from the same headers, backs off 1 s, 2 s, 4 s when they name no usable
// wait, and stops the run when the wait is longer than it allows. Time is a fake clock that only the sender's sleep
// moves, so every wait is exact and nothing depends on the wall clock.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { NOW, WAIT_CASES, type WaitCase } from "../src/__tests__/rate-limit-cases";
import { BACKOFF_START_MS, RETRIES_PER_CASE, Sender, type SenderOptions } from "./http";
import { operationById } from "./spec";
import type { Case, Exchange } from "./types";

const MAX_RETRY_AFTER_SECONDS = 120;

interface Answer {
  status: number;
  headers: Record<string, string>;
}

/** What the server answers next, in order; once empty, 200. */
let script: Answer[] = [];
/** The Prefer header of every request the server got (undefined: none). */
let preferences: (string | undefined)[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    preferences.push(req.headers.prefer as string | undefined);
    const { status, headers } = script.shift() ?? { status: 200, headers: {} };
    const body = status === 200 ? { data: [] } : { code: "rate_limited", message: "Slow down.", details: {} };
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

beforeEach(() => {
  script = [];
  preferences = [];
});

/** A live Sender on a fake clock starting at the table's NOW; `waits` are the sleeps it asked for, in order. */
function liveSender(options: Partial<SenderOptions> = {}) {
  let clock = NOW;
  const waits: number[] = [];
  const sender = new Sender({
    target: { name: "live", kind: "live", baseUrl },
    token: "sender-test-token",
    ratePerMinute: Infinity,
    maxRequests: 100,
    timeoutMs: 5_000,
    maxRetryAfterSeconds: MAX_RETRY_AFTER_SECONDS,
    retryOn429: true,
    sleep: (ms) => {
      waits.push(ms);
      clock += ms;
      return Promise.resolve();
    },
    now: () => clock,
    ...options,
  });
  return { sender, waits };
}

const baseline = (id: string): Case => ({
  id,
  operationId: "listSamples",
  kind: "baseline",
  description: "a plain request, rate limited by the test server",
  pathParams: {},
  query: {},
  auth: "token",
});

const send = (sender: Sender, id = "listSamples-baseline") => sender.send(baseline(id), operationById("listSamples"));
const statuses = (exchanges: Exchange[]) => exchanges.map((e) => e.response.status);
const row = (name: string): WaitCase => WAIT_CASES.find(([n]) => n === name)!;
const rateLimited = (times: number, headers: Record<string, string> = {}): Answer[] => Array.from({ length: times }, () => ({ status: 429, headers }));

/** What the sender does with one 429 whose headers ask for `askedMs` by the client's rule, before a 200. */
function expectedAfter(askedMs: number | undefined): { waits: number[]; statuses: number[] } {
  if (askedMs === undefined) return { waits: [BACKOFF_START_MS], statuses: [429, 200] };
  if (askedMs > MAX_RETRY_AFTER_SECONDS * 1000) return { waits: [], statuses: [429] };
  // A wait of 0 is due at once: no sleep at all.
  return { waits: askedMs > 0 ? [askedMs] : [], statuses: [429, 200] };
}

describe("after a 429, the sender waits what the client's rule reads from the same headers", () => {
  // The sender retries 429s only; the table's 502/503 rows are the client's alone.
  test.each(WAIT_CASES.filter(([, status]) => status === 429))("%s", async (_name, status, headers, askedMs) => {
    script = [{ status, headers }];
    const { sender, waits } = liveSender();
    const exchanges = await send(sender);
    expect({ waits, statuses: statuses(exchanges) }).toEqual(expectedAfter(askedMs));
    const tooLong = askedMs !== undefined && askedMs > MAX_RETRY_AFTER_SECONDS * 1000;
    expect(sender.stop).toEqual(tooLong ? { reason: "retry_after", message: expect.stringContaining(`wait ${askedMs / 1000} s`) } : undefined);
    expect(exchanges[0].retried).toBe(tooLong ? undefined : true);
  });
});

describe("a wait longer than SP_CONTRACT_MAX_RETRY_AFTER stops the run, naming the header it came from", () => {
  it.each([
    ["a Retry-After", "Retry-After longer than a run waits", "Retry-After"],
    ["an X-RateLimit-Reset without Retry-After", "X-RateLimit-Reset further away than a run waits", "until X-RateLimit-Reset, no Retry-After"],
  ])("%s", async (_name, rowName, source) => {
    const [, status, headers] = row(rowName);
    script = [{ status, headers }];
    const { sender } = liveSender();
    await send(sender);
    expect(sender.stop).toEqual({
      reason: "retry_after",
      message: `the server asked to wait 600 s (${source}), more than SP_CONTRACT_MAX_RETRY_AFTER=120; the run stops`,
    });
    expect(sender.sent).toBe(1);
  });
});

describe("429s that name no usable wait: exponential backoff from 1 s, never a fixed guess", () => {
  it("waits 1 s, 2 s, 4 s on consecutive 429s of a case, then takes the answer", async () => {
    script = rateLimited(3);
    const { sender, waits } = liveSender();
    const exchanges = await send(sender);
    expect(waits).toEqual([1_000, 2_000, 4_000]);
    expect(statuses(exchanges)).toEqual([429, 429, 429, 200]);
    expect(exchanges.map((e) => e.retried)).toEqual([true, true, true, undefined]);
    expect(sender.stop).toBeUndefined();
  });

  it(`after ${RETRIES_PER_CASE} retries the next 429 is the case's answer, and the run goes on`, async () => {
    script = rateLimited(RETRIES_PER_CASE + 1);
    const { sender, waits } = liveSender();
    const exchanges = await send(sender);
    expect(waits).toEqual([1_000, 2_000, 4_000]);
    expect(statuses(exchanges)).toEqual([429, 429, 429, 429]);
    expect(exchanges[RETRIES_PER_CASE].retried).toBeUndefined();
    expect(sender.stop).toBeUndefined();
  });

  it("caps the backoff at SP_CONTRACT_MAX_RETRY_AFTER instead of stopping", async () => {
    script = rateLimited(3);
    const { sender, waits } = liveSender({ maxRetryAfterSeconds: 3 });
    await send(sender);
    expect(waits).toEqual([1_000, 2_000, 3_000]);
    expect(sender.stop).toBeUndefined();
  });

  it("starts again from 1 s for the next case", async () => {
    script = [...rateLimited(2), { status: 200, headers: {} }, ...rateLimited(1)];
    const { sender, waits } = liveSender();
    expect(statuses(await send(sender, "first"))).toEqual([429, 429, 200]);
    expect(statuses(await send(sender, "second"))).toEqual([429, 200]);
    expect(waits).toEqual([1_000, 2_000, 1_000]);
  });
});

it("a window reported spent (X-RateLimit-Remaining: 0) is waited out until X-RateLimit-Reset before the next request", async () => {
  script = [{ status: 200, headers: { "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": String(NOW / 1000 + 20) } }];
  const { sender, waits } = liveSender();
  await send(sender, "first");
  expect(waits).toEqual([]);
  await send(sender, "second");
  expect(waits).toEqual([20_000]);
});

describe("a target's preferences (the dynamic Prism target's Prefer: dynamic=true, seed=N)", () => {
  it("go with every request, after the case's own, and are recorded with it; the case itself is left as it was", async () => {
    const { sender } = liveSender({ target: { name: "prism-dynamic", kind: "mock", baseUrl, prefer: "dynamic=true, seed=4" } });
    const forced: Case = { ...baseline("listSamples-forced"), kind: "forced", headers: { prefer: "code=429" }, forcedStatus: 429 };
    script = [{ status: 200, headers: {} }, { status: 429, headers: {} }];
    const [plain] = await send(sender);
    const [forcedExchange] = await sender.send(forced, operationById("listSamples"));
    expect(preferences).toEqual(["dynamic=true, seed=4", "code=429, dynamic=true, seed=4"]);
    expect([plain.request.headers.prefer, forcedExchange.request.headers.prefer]).toEqual(preferences);
    expect(forced.headers).toEqual({ prefer: "code=429" });
  });

  it("a target without any sends none", async () => {
    const { sender } = liveSender();
    await send(sender);
    expect(preferences).toEqual([undefined]);
  });
});
