// Progress on a live run: requests against the budget with the time left, at most a line every few seconds, and every
// wait the server asks for, announced with its cause and length.
import { runTarget } from "./engine";
import { FIXTURE_TOKEN, startFixture } from "./fixtures/server";
import { Progress, PROGRESS_EVERY_MS } from "./report/progress";

it("says requests sent against the budget and the time left, a line every few seconds at most", () => {
  const lines: string[] = [];
  let now = 0;
  const progress = new Progress((l) => lines.push(l), 400, 120, () => now);
  progress.event({ kind: "sent", sent: 1 });
  progress.plan(10, 250);
  for (let sent = 2; sent <= 30; sent++) {
    now += 500; // one request every 500 ms, at 120 a minute
    progress.event({ kind: "sent", sent });
  }
  expect(lines[0]).toBe("1/400 requests sent (SP_CONTRACT_MAX_REQUESTS)");
  // 29 requests over 14.5 s: a line at 5 s, 10 s (and none in between).
  expect(lines).toHaveLength(1 + Math.floor((29 * 500) / PROGRESS_EVERY_MS));
  expect(lines[1]).toBe("11/400 requests sent (SP_CONTRACT_MAX_REQUESTS), about 249 more planned, about 2 min 05 s left at 120 a minute (longer if the server asks to wait)");
});

it("announces every wait the server asks for, with its cause and length", async () => {
  const fixture = await startFixture({ rateLimitFirst: { requests: 2, retryAfter: "3" }, count: 3 });
  const lines: string[] = [];
  try {
    await runTarget({
      target: { name: "live", kind: "live", baseUrl: fixture.baseUrl },
      token: FIXTURE_TOKEN,
      maxRequests: 400,
      ratePerMinute: 1_000_000,
      timeoutMs: 5000,
      maxRetryAfterSeconds: 120,
      seed: "4",
      examples: 4,
      sleep: async () => {},
      progress: (line) => lines.push(line),
    });
  } finally {
    await fixture.close();
  }
  expect(lines.filter((l) => l.startsWith("waiting"))).toEqual(["waiting 3 s: 429 with Retry-After", "waiting 3 s: 429 with Retry-After"]);
  expect(lines[0]).toMatch(/^1\/400 requests sent/);
});
