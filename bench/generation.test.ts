// The generation rows' machinery, fast: no document is generated here (the bench does that). The rows' arithmetic, a
// child's own peak RSS, and fetching a document with `npm pack` (from a local folder, which needs no network), or a
// note instead when npm cannot.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { documentRows, fetchSpecFromNpm, MAX_RATIO, measureChild, skippedRow, type ChildRun } from "./generation";
import { renderTable } from "./report";

const run = (wallMs: number, maxRssMiB: number): ChildRun => ({ wallMs, maxRssMiB });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "sp-bench-generation-test-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("time and peak RSS rows: medians, ratios paired round by round, each judged against 2x openapi-typescript alone", () => {
  const rows = documentRows({
    label: "doc",
    openapiTypescript: [run(1000, 100), run(2000, 110), run(1000, 90)],
    ours: [run(1500, 150), run(3000, 240), run(2500, 190)],
  });
  expect(rows.map((r) => [r.name, r.value, r.unit, r.ratio, r.met])).toEqual([
    ["openapi-typescript alone, doc: time", 1, "s", undefined, undefined],
    ["npm run generate, doc: time", 2.5, "s", 1.5, true],
    ["openapi-typescript alone, doc: peak RSS", 100, "MiB", undefined, undefined],
    ["npm run generate, doc: peak RSS", 190, "MiB", expect.closeTo(190 / 90), false],
  ]);
  expect(rows[1]).toMatchObject({ baseline: rows[0].name, maxRatio: MAX_RATIO, target: "<= 2x openapi-typescript alone" });
});

test("a document that cannot be had is one row saying why, never a number; one generate fails on misses its target", () => {
  const table = renderTable([skippedRow("GitHub's REST description", "npm pack @octokit/openapi failed (no network or no npm?): ENOTFOUND")]);
  expect(table.split("\n").slice(2)).toEqual([
    "generation:",
    "1  generate, GitHub's REST description  skipped",
    "     skipped: npm pack @octokit/openapi failed (no network or no npm?): ENOTFOUND",
  ]);
  const failed = skippedRow("doc", "a run failed: exited with 2", true);
  expect(failed).toMatchObject({ met: false, target: "<= 2x openapi-typescript alone" });
  expect(renderTable([failed]).split("\n").slice(-2)).toEqual(["     skipped: a run failed: exited with 2", "     target <= 2x openapi-typescript alone: MISSED"]);
});

test("a child reports its own peak RSS; a failing child is an error with its stderr", async () => {
  const child = await measureChild(["-e", "globalThis.kept = Buffer.alloc(96 * 2 ** 20, 1)"]);
  expect(child.maxRssMiB).toBeGreaterThan(96);
  expect(child.wallMs).toBeGreaterThan(0);
  await expect(measureChild(["-e", "console.error('broken spec'); process.exit(3)"])).rejects.toThrow(/exited with 3: broken spec/);
});

test("a document from an npm package: packed, its one file kept in the cache; without npm, a note", async () => {
  const pkg = path.join(dir, "fake-openapi");
  mkdirSync(path.join(pkg, "generated"), { recursive: true });
  writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: "fake-openapi", version: "1.2.3" }));
  writeFileSync(path.join(pkg, "generated/api.json"), '{"openapi":"3.1.0"}');
  writeFileSync(path.join(pkg, "generated/other.json"), "{}");
  const cache = path.join(dir, "cache");
  const fetched = await fetchSpecFromNpm(pkg, "package/generated/api.json", ["npm"], cache);
  expect(fetched).toEqual({ path: path.join(cache, "fake-openapi-1.2.3/api.json"), version: "1.2.3" });
  expect(readFileSync(path.join(cache, "fake-openapi-1.2.3/api.json"), "utf8")).toBe('{"openapi":"3.1.0"}');
  expect(await fetchSpecFromNpm(pkg, "package/generated/missing.json", ["npm"], path.join(dir, "cache2"))).toEqual({
    skipped: "fake-openapi-1.2.3.tgz has no package/generated/missing.json",
  });

  const noNpm = await fetchSpecFromNpm("@octokit/openapi", "package/generated/api.github.com.json", [process.execPath, "-e", "process.exit(1)"], cache);
  expect(noNpm).toEqual({ skipped: expect.stringMatching(/^npm pack @octokit\/openapi failed \(no network or no npm\?\): /) });
}, 60_000);
