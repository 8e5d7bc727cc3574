// The diagnosis: when most answers share one shape, the report says the likely cause above the failures; a target
// whose answers could not be judged at all ends "could not judge" with exit 3, never FAIL or PASS.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "./config";
import { FIXTURE_TOKEN, startFixture, type FixtureOptions } from "./fixtures/server";
import { JSON_FILE, JUNIT_FILE } from "./report/names";
import { runContract } from "./run";

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
  expect(out.text).toMatch(/- live: could not judge: no request got an answer \(last: fetch failed \(ECONNREFUSED\)\): check that the server runs/);
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
