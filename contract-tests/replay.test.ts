// --replay: the failed requests of a run, sent again exactly, and judged again: they fail while the server is broken
// and pass once it is fixed.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig, UsageError } from "./config";
import { FIXTURE_TOKEN, startFixture, type Break } from "./fixtures/server";
import { JSON_FILE } from "./report/files";
import { MAX_WALK_PAGES } from "./cases/walks";
import { buildUrl } from "./http";
import { readReplayFile } from "./replay";
import { operationById } from "./spec";
import { replayContract, runContract } from "./run";
import { readCommandLine } from "./settings";

let dir: string;
beforeEach(async () => void (dir = await mkdtemp(path.join(os.tmpdir(), "sp-replay-"))));
afterEach(() => rm(dir, { recursive: true, force: true }));

const liveConfig = (baseUrl: string) => ({ ...loadConfig({ SP_BASE_URL: baseUrl, SP_API_TOKEN: FIXTURE_TOKEN, SP_CONTRACT_RATE_PER_MINUTE: "1000000" }), reportDir: dir });

describe.each<[Break, string]>([
  ["large_offset_rejected", "a shrunk generated case"],
  ["skips_an_item", "every page of a failed walk"],
  ["detail_differs", "samples fetched by id, judged against the list the run saw"],
])("replaying a run against a server with %s (%s)", (brk) => {
  it("sends exactly the failed requests again: they fail on the broken server and pass on a fixed one", async () => {
    const broken = await startFixture({ break: brk });
    const fixed = await startFixture();
    try {
      const first = await runContract(liveConfig(broken.baseUrl));
      expect(first.exitCode).toBe(1);
      const file = path.join(dir, JSON_FILE);
      expect(first.text).toContain(`replay the failures: npm run contract -- --replay ${file}`);
      const recorded = readReplayFile(file)[0];
      expect(recorded.cases.length + recorded.walks.length).toBeGreaterThan(0);
      // Single requests go again exactly as sent; a failed walk is walked again with its page size and filters.
      const single = recorded.cases.map((c) => buildUrl("", operationById(c.operationId), c));
      const walked = (requests: string[]) => requests.filter((r) => !single.includes(r));
      const sentExactly = (requests: string[]) => {
        for (const url of single) expect(requests).toContain(url);
        expect(requests.length).toBeLessThanOrEqual(single.length + recorded.walks.reduce((n, w) => n + Math.max(w.cases.length + 1, MAX_WALK_PAGES), 0));
        expect(walked(requests).every(ofRecordedWalks)).toBe(true);
      };
      const ofRecordedWalks = (url: string) =>
        recorded.walks.some((w) => {
          const query = new URL(url, "http://x").searchParams;
          return query.get("limit") === String(w.limit) && Object.entries(w.filters).every(([k, v]) => query.get(k) === v);
        });
      const failedChecks = [...new Set(JSON.parse(await readFile(file, "utf8")).targets[0].failures.map((f: { check: string }) => f.check))] as string[];

      const before = broken.requests.length;
      const again = await replayContract(liveConfig(broken.baseUrl), file);
      expect(again.exitCode).toBe(1);
      const replayed = broken.requests.slice(before);
      sentExactly(replayed);
      for (const check of failedChecks) expect(again.text).toContain(`[${check}]`);

      const onFixed = await replayContract(liveConfig(fixed.baseUrl), file);
      expect(onFixed.text).toContain("verdict: PASS");
      expect(onFixed.exitCode).toBe(0);
      sentExactly(fixed.requests);
      if (recorded.walks.length) expect(walked(fixed.requests).length).toBeGreaterThan(0);
      // The summary replayed is left as it was.
      expect(readReplayFile(file)).toEqual(readReplayFile(file));
      expect(JSON.parse(await readFile(file, "utf8")).verdict).toBe("fail");
    } finally {
      await broken.close();
      await fixed.close();
    }
  });
});

describe("the replay's input", () => {
  it("takes --replay and one file, nothing else", () => {
    expect(readCommandLine([])).toEqual({ variables: {} });
    expect(readCommandLine(["--help"])).toEqual({ variables: {}, help: true });
    expect(readCommandLine(["--replay", "reports/contract-summary.json"])).toEqual({ variables: {}, replay: "reports/contract-summary.json" });
    expect(() => readCommandLine(["--replay"])).toThrow(/--replay takes one file/);
    expect(() => readCommandLine(["--rerun"])).toThrow(/unknown flag "--rerun": did you mean --replay\?/);
  });

  it("says which file and which field is wrong, never a stack trace", async () => {
    const file = path.join(dir, "summary.json");
    expect(() => readReplayFile(file)).toThrow(new UsageError(`--replay ${file}: cannot read it as JSON (no such file); give the contract-summary.json of a run`));
    await writeFile(file, JSON.stringify({ targets: [{ name: "live", kind: "live", baseUrl: "https://x", failures: [{ case: { operationId: "deleteSample", auth: "token", pathParams: {}, query: {} } }] }] }));
    expect(() => readReplayFile(file)).toThrow(`--replay ${file}: targets[0].failures[0].case.operationId "deleteSample" is not an operation of the spec`);
  });

  it("needs SP_BASE_URL to replay a live target's failures: the token goes only where the user says", async () => {
    const file = path.join(dir, "summary.json");
    await writeFile(file, JSON.stringify({ targets: [{ name: "live", kind: "live", baseUrl: "https://staging.example/api/v1", failures: [{ case: { id: "x", operationId: "getSample", kind: "positive", auth: "token", pathParams: { sample_id: "1" }, query: {} } }] }] }));
    await expect(replayContract({ ...loadConfig({}), reportDir: dir }, file)).rejects.toThrow(/live target https:\/\/staging\.example\/api\/v1: set SP_BASE_URL/);
  });

  it("has nothing to do for a passing run", async () => {
    const file = path.join(dir, "summary.json");
    await writeFile(file, JSON.stringify({ targets: [{ name: "live", kind: "live", baseUrl: "https://x", failures: [] }] }));
    expect(await replayContract({ ...loadConfig({}), reportDir: dir }, file)).toEqual({ exitCode: 0, text: `nothing to replay: ${file} records no failures\n`, reportFiles: [] });
  });
});

it("replays both mock targets' failures against one new Prism, which is stopped again", async () => {
  const file = path.join(dir, "summary.json");
  const failure = { case: { id: "getSample-1", operationId: "getSample", kind: "positive", auth: "token", pathParams: { sample_id: "1" }, query: {} } };
  const target = (name: string) => ({ name, kind: "mock", baseUrl: "http://127.0.0.1:9", seed: "4", failures: [failure] });
  await writeFile(file, JSON.stringify({ targets: [target("prism-static"), target("prism-dynamic")] }));
  const log: string[] = [];
  const replayed = await replayContract({ ...loadConfig({}), reportDir: dir }, file, (line) => log.push(line));
  const prisms = log.map((line) => /^replaying 1 request\(s\) of (prism-\w+) against a new Prism at (\S+)$/.exec(line)?.slice(1));
  expect(prisms).toEqual([["prism-static", expect.any(String)], ["prism-dynamic", prisms[0]?.[1]]]);
  // Prism answers both as the spec says; neither target's request fails again.
  expect(replayed).toMatchObject({ exitCode: 0, text: expect.stringContaining("verdict: PASS") });
  await expect(fetch(prisms[0]![1])).rejects.toThrow();
}, 60_000);
