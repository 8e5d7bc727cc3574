// The diagnosis: when most answers share one shape, the report says the likely cause above the failures; a target
// whose answers could not be judged at all ends "could not judge" with exit 3, never FAIL or PASS.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "./config";
import { FIXTURE_TOKEN, startFixture, type FixtureOptions } from "./fixtures/server";
import { HTML_FILE, JSON_FILE, JUNIT_FILE } from "./report/names";
import { diagnose } from "./report/diagnosis";
import type { TargetResult } from "./engine";
import { runContract } from "./run";
import { defaultSpecModel } from "./spec";

let dir: string;
beforeEach(async () => void (dir = await mkdtemp(path.join(os.tmpdir(), "sp-diagnosis-"))));
afterEach(() => rm(dir, { recursive: true, force: true }));

async function runAgainst(fixtureOptions: FixtureOptions | "unreachable", token = FIXTURE_TOKEN) {
  const fixture = await startFixture(fixtureOptions === "unreachable" ? {} : fixtureOptions);
  if (fixtureOptions === "unreachable") await fixture.close();
  try {
    const config = { ...loadConfig({ SP_BASE_URL: fixture.baseUrl, SP_API_TOKEN: token, SP_CONTRACT_RATE_PER_MINUTE: "1000000", SP_CONTRACT_EXAMPLES: "10" }), reportDir: dir };
    const out = await runContract(config);
    // The report wraps prose at 100 columns; the assertions read it unwrapped.
    out.text = out.text.replace(/\n {4,}/g, " ");
    return { out, json: JSON.parse(await readFile(path.join(dir, JSON_FILE), "utf8")), junit: await readFile(path.join(dir, JUNIT_FILE), "utf8") };
  } finally {
    if (fixtureOptions !== "unreachable") await fixture.close();
  }
}

it("HTML 404s everywhere (a base URL without the API's path): could not judge, exit 3, check the base URL's path", async () => {
  const { out, json, junit } = await runAgainst({ html404: true });
  expect(out.exitCode).toBe(3);
  expect(out.text).toMatch(/^DIAGNOSIS\n {2}- live: could not judge: no answer had a JSON body the checks could judge \(\d+ of \d+ answers are 404 text\/html\)\n {2}- live: \d+ of \d+ answers are 404 text\/html, not JSON: the base URL's path is likely wrong;/m);
  // One reason, said at the top; the causes listed one line each, their details left to the JSON.
  expect(out.text).not.toContain("CAUSES IN DETAIL");
  expect(out.text).toContain("verdict: COULD NOT JUDGE");
  expect(json).toMatchObject({ verdict: "unjudged", exitCode: 3, targets: [{ diagnosis: { couldNotJudge: expect.stringContaining("no answer had a JSON body") } }] });
  expect(junit).toMatch(/<testcase name="answers the checks can judge" classname="contract.live"><error message="could not judge: /);
  expect(junit).toMatch(/<testsuites name="contract" tests="\d+" failures="\d+" errors="1"/);
});

it("an unreachable server: could not judge, exit 3, never FAIL", async () => {
  const { out, json } = await runAgainst("unreachable");
  expect(out.exitCode).toBe(3);
  expect(out.text).toMatch(/- live: could not judge: no request got an answer \(last: request failed \(ECONNREFUSED\)\): check that the server runs/);
  expect(out.text).toContain("verdict: COULD NOT JUDGE");
  expect(json.verdict).toBe("unjudged");
});

it("401 to every request carrying the token: a FAIL whose diagnosis says to check the token", async () => {
  const { out } = await runAgainst({}, "not-the-fixture-token");
  expect(out.exitCode).toBe(1);
  expect(out.text).toMatch(/- live: \d+ of \d+ requests carrying SP_API_TOKEN were answered 401: check the token/);
});

it("a conformant server: no diagnosis", async () => {
  const { out } = await runAgainst({});
  expect(out.exitCode).toBe(0);
  expect(out.text).not.toContain("DIAGNOSIS");
});

it("a renamed property: the diagnosis asks once, above the causes, naming both", async () => {
  const { out, json } = await runAgainst({ break: "renames_sha256" });
  expect(out.exitCode).toBe(1);
  const question = "did the server rename `sha256` to `sha`?";
  expect(out.text.split(question)).toHaveLength(2);
  expect(out.text.indexOf(question)).toBeLessThan(out.text.indexOf("FAILURES:"));
  expect(out.text).toMatch(
    /^DIAGNOSIS\n {2}- live: did the server rename `sha256` to `sha`\? Most listSamples and getSample bodies lack the required sha256 and carry sha, whose every value is a valid sha256$/m,
  );
  // Apart, the rename still reads as what it breaks: the schema failure (one rule of Sample, in the list's items and the
  // detail alike: one cause) and the warning.
  const causes = json.targets[0].causes.map((c: { cause: string; operations: string[]; message: string }) => [c.cause, c.operations, c.message]);
  expect(causes).toEqual([["#/$defs/Sample: required", ["listSamples", "getSample"], expect.stringMatching(/^200 body is not a valid SampleList: at \/data\/\d+ must have required property 'sha256'/)]]);
  expect(json.targets[0].warnings.map((w: { pointer: string }) => w.pointer)).toEqual(["/data/*/sha", "/sha"]);
  expect(json.targets[0].diagnosis.renames).toEqual([expect.stringMatching(/^did the server rename `sha256` to `sha`\? /)]);
  const html = await readFile(path.join(dir, HTML_FILE), "utf8");
  expect(html.split(question)).toHaveLength(2);
});

describe("which undeclared property the diagnosis names as a rename", () => {
  // Hand-made answers of getSample: 200 bodies of a valid request, each lacking sha256 and carrying `extra`.
  const digest = "0123456789abcdef".repeat(4);
  const sample = { sample_id: 1, name: "Capture 1", extension: "ts", tags: ["dvb"], media_info: {}, notes: null };
  const renames = (extra: (i: number) => Record<string, unknown>) => {
    const exchanges = Array.from({ length: 5 }, (_, i) => ({
      case: { operationId: "getSample", kind: "detail", auth: "token", pathParams: { sample_id: "1" }, query: {} },
      response: { status: 200, headers: { "content-type": "application/json" }, text: "{}", json: { ...sample, ...extra(i) } },
    }));
    return diagnose({ spec: defaultSpecModel(), exchanges } as unknown as TargetResult).renames ?? [];
  };

  it("one whose every value is a valid value of the missing property", () => {
    expect(renames(() => ({ checksum: digest }))).toEqual([expect.stringMatching(/^did the server rename `sha256` to `checksum`\? /)]);
    // One value that is not a digest, and it is no rename.
    expect(renames((i) => ({ checksum: i === 3 ? "not a digest" : digest }))).toEqual([]);
  });

  it("among several that qualify, only one whose name is related; none is guessed", () => {
    expect(renames(() => ({ sha: digest, checksum: digest }))).toEqual([expect.stringMatching(/^did the server rename `sha256` to `sha`\? /)]);
    expect(renames(() => ({ digest, checksum: digest }))).toEqual([]);
  });

  it("none when most bodies carry the required property", () => {
    expect(renames((i) => (i < 2 ? { checksum: digest } : { sha256: digest, checksum: digest }))).toEqual([]);
  });
});

it("the HTML report's replay line names the summary where SP_CONTRACT_REPORT_DIR put it", async () => {
  await runAgainst({ break: "detail_differs" });
  const html = await readFile(path.join(dir, HTML_FILE), "utf8");
  expect(html).toContain(`<code>npm run contract -- --replay ${path.join(dir, JSON_FILE)}</code>`);
  expect(html).not.toContain("reports/contract-summary.json");
});
