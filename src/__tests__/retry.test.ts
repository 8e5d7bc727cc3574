// The retry and timeout module (src/retry.ts) on its own: the retry rule as a table, the deadline, the waits and the
// loop, without a server. The client's tests (client.test.ts) prove the same behaviours end to end over HTTP.
import {
  AttemptTimeout,
  defaultRetryPolicy,
  nextDelayMs,
  RetriesFailed,
  retryPolicy,
  sleep,
  withDeadline,
  withRetries,
  type AttemptOutcome,
} from "../retry";
import { NOW } from "./rate-limit-cases";

const policy = retryPolicy({ retries: 3, maxRetryDelayMs: 5_000, timeoutMs: 1_000 });
const response = (status: number, headers: Record<string, string> = {}): AttemptOutcome => ({ status, headers: new Headers(headers) });
const networkError: AttemptOutcome = { error: new TypeError("fetch failed") };
/** The rule with Math.random() fixed at its top (0.999...) or at a given value, and a fixed now. */
const delay = (outcome: AttemptOutcome, retriesDone = 0, random = 1, method = "GET") =>
  nextDelayMs(policy, method, retriesDone, outcome, () => random, NOW);

describe("nextDelayMs: the retry rule", () => {
  test("the policy is the client's settings over the defaults, which are data", () => {
    expect(defaultRetryPolicy).toEqual({ methods: ["GET"], statusCodes: [429, 502, 503, 504], backoffBaseMs: 300 });
    expect(policy).toMatchObject({ retries: 3, maxRetryDelayMs: 5_000, timeoutMs: 1_000, backoffBaseMs: 300 });
    expect([...policy.statusCodes]).toEqual([429, 502, 503, 504]);
  });

  test.each([429, 502, 503, 504])("%s is retried", (status) => {
    expect(delay(response(status))).toBe(300);
  });

  test.each([400, 401, 404, 422, 500, 501, 200])("%s is not", (status) => {
    expect(delay(response(status))).toBeUndefined();
  });

  test("a failure to get a whole response (network error, timeout, truncated body) is retried", () => {
    expect(delay(networkError)).toBe(300);
    expect(delay({ error: new AttemptTimeout(10) })).toBe(300);
  });

  test("any other method than GET only after an answer that says the request was not processed (429, 503 with Retry-After)", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "get"]) {
      for (const outcome of [response(503), response(502), response(504), networkError, { error: new AttemptTimeout(10) }]) {
        expect(delay(outcome, 0, 1, method)).toBeUndefined();
      }
      expect(delay(response(503, { "Retry-After": "2" }), 0, 1, method)).toBe(2_000);
      expect(delay(response(429, { "Retry-After": "2" }), 0, 1, method)).toBe(2_000);
      expect(delay(response(429), 0, 1, method)).toBe(300);
      expect(delay(response(429, { "X-RateLimit-Reset": String(NOW / 1000 + 3) }), 0, 1, method)).toBe(3_000);
      expect(delay(response(503, { "Retry-After": "60" }), 0, 1, method)).toBeUndefined();
    }
  });

  test("no more than `retries`", () => {
    expect(delay(response(503), 2)).toBe(1_200);
    expect(delay(response(503), 3)).toBeUndefined();
    expect(nextDelayMs(retryPolicy({ retries: 0, maxRetryDelayMs: 5_000, timeoutMs: 1_000 }), "GET", 0, networkError)).toBeUndefined();
  });

  test("backoff doubles from 300 ms with full jitter (uniform from 0), capped at maxRetryDelayMs", () => {
    expect([0, 1, 2].map((retriesDone) => delay(networkError, retriesDone))).toEqual([300, 600, 1_200]);
    expect(delay(networkError, 1, 0.5)).toBe(300);
    expect(delay(networkError, 1, 0)).toBe(0);
    const capped = retryPolicy({ retries: 10, maxRetryDelayMs: 1_000, timeoutMs: 1_000 });
    expect(nextDelayMs(capped, "GET", 8, networkError, () => 1)).toBe(1_000);
    expect(nextDelayMs(capped, "GET", 8, networkError, () => 0.25)).toBe(250);
  });

  test("Retry-After (seconds or HTTP date) and X-RateLimit-Reset are waited as asked, without jitter", () => {
    expect(delay(response(429, { "Retry-After": "2" }), 0, 0)).toBe(2_000);
    expect(delay(response(503, { "Retry-After": new Date(NOW + 3_000).toUTCString() }), 0, 0)).toBe(3_000);
    expect(delay(response(429, { "X-RateLimit-Reset": String(NOW / 1000 + 4) }), 0, 0)).toBe(4_000);
  });

  test("a server asking for more than maxRetryDelayMs is not retried (the caller reports the wait)", () => {
    expect(delay(response(429, { "Retry-After": "6" }))).toBeUndefined();
    expect(delay(response(429, { "X-RateLimit-Reset": String(NOW / 1000 + 60) }))).toBeUndefined();
  });

  test("a wait on a status that names none (502, 504), or a garbled one, is backoff", () => {
    expect(delay(response(502, { "Retry-After": "2" }))).toBe(300);
    expect(delay(response(429, { "Retry-After": "soon" }))).toBe(300);
  });
});

describe("withDeadline: the per-attempt timeout", () => {
  test("settles with the work's result, and leaves no timer or listener behind", async () => {
    const controller = new AbortController();
    const add = jest.spyOn(controller.signal, "addEventListener");
    const remove = jest.spyOn(controller.signal, "removeEventListener");
    await expect(withDeadline(50, controller.signal, () => Promise.resolve("done"))).resolves.toBe("done");
    expect(remove.mock.calls).toEqual(add.mock.calls);
  });

  test("rejects with AttemptTimeout at the deadline, aborting the work's signal, even if the work ignores it", async () => {
    let seen: AbortSignal | undefined;
    const started = Date.now();
    const error = await withDeadline(30, undefined, (signal) => {
      seen = signal;
      return new Promise(() => undefined);
    }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(AttemptTimeout);
    expect(error).toMatchObject({ timeoutMs: 30 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBe(error);
  });

  test("rejects with the caller's reason as soon as the caller aborts", async () => {
    const controller = new AbortController();
    const reason = new Error("stop");
    const attempt = withDeadline(60_000, controller.signal, (signal) => new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(new Error("late")))));
    controller.abort(reason);
    await expect(attempt).rejects.toBe(reason);
  });
});

describe("sleep and withRetries", () => {
  test("sleep waits, and an abort ends the wait at once with the caller's reason", async () => {
    const started = Date.now();
    await sleep(20, undefined);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort("enough");
    await expect(waiting).rejects.toBe("enough");
    await expect(sleep(0, AbortSignal.abort("before"))).rejects.toBe("before");
  });

  const quick = retryPolicy({ retries: 2, maxRetryDelayMs: 1, timeoutMs: 1_000 });

  test("retries until a response that is not retried, and hands that response back", async () => {
    const answers = [503, 502, 404];
    const attempt = jest.fn(() => Promise.resolve({ status: answers.shift() as number, headers: new Headers() }));
    await expect(withRetries(quick, "GET", undefined, attempt)).resolves.toMatchObject({ status: 404 });
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  test("hands back the last retryable response once the retries are spent", async () => {
    const attempt = jest.fn(() => Promise.resolve({ status: 503, headers: new Headers() }));
    await expect(withRetries(quick, "GET", undefined, attempt)).resolves.toMatchObject({ status: 503 });
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  test("rejects with RetriesFailed holding the last failure and the number of attempts", async () => {
    const failures = [new TypeError("first"), new TypeError("second"), new TypeError("third")];
    const error = await withRetries(quick, "GET", undefined, () => Promise.reject(failures.shift() as Error)).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(RetriesFailed);
    expect(error).toMatchObject({ attempts: 3, failure: { message: "third" } });
  });

  test("each attempt gets its own deadline (timeoutMs of the call over the policy's)", async () => {
    const error = await withRetries(quick, "GET", undefined, () => new Promise<never>(() => undefined), 20).catch((reason: unknown) => reason);
    expect(error).toMatchObject({ attempts: 3, failure: { timeoutMs: 20 } });
  });

  test("a caller's abort is never retried, and an aborted signal sends nothing", async () => {
    const controller = new AbortController();
    const stop = new Error("stop");
    const attempt = jest.fn((signal: AbortSignal) => {
      controller.abort(stop);
      return Promise.reject(signal.reason as Error);
    });
    await expect(withRetries(quick, "GET", controller.signal, attempt)).rejects.toMatchObject({ failure: stop, attempts: 1 });
    expect(attempt).toHaveBeenCalledTimes(1);
    const never = jest.fn();
    await expect(withRetries(quick, "GET", AbortSignal.abort("early"), never)).rejects.toMatchObject({ failure: "early" });
    expect(never).not.toHaveBeenCalled();
  });
});
