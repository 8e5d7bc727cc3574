// reports/contract-report.html, opened in a real headless browser (fixtures/browser.ts: CHROMIUM_PATH, Debian's
// chromium, or the one @sparticuz/chromium ships in its npm package; driven by playwright-core): what a reader needs is
// on the page, and the page asks for nothing over the network.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { loadConfig } from "./config";
import { findChromium, launchChromium } from "./fixtures/browser";
import { FIXTURE_TOKEN, startFixture } from "./fixtures/server";
import { HTML_FILE } from "./report/names";
import { runContract } from "./run";

/** The README's screenshot, written when SP_WRITE_SCREENSHOT is set. */
const SCREENSHOT = path.join(__dirname, "report/contract-report.png");

let browser: Browser;
let dir: string;
beforeAll(async () => {
  browser = await launchChromium();
  dir = await mkdtemp(path.join(os.tmpdir(), "sp-html-"));
});
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

it("shows the verdict, the matrix, the causes with their curl lines, the coverage and a latency chart, offline", async () => {
  const fixture = await startFixture({ break: "detail_differs" });
  try {
    const config = { ...loadConfig({ SP_BASE_URL: fixture.baseUrl, SP_API_TOKEN: FIXTURE_TOKEN, SP_CONTRACT_RATE_PER_MINUTE: "1000000", SP_CONTRACT_EXAMPLES: "20" }), reportDir: dir };
    expect((await runContract(config)).exitCode).toBe(1);
  } finally {
    await fixture.close();
  }
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const requested: string[] = [];
  page.on("request", (r) => requested.push(r.url()));
  await page.goto(`file://${path.join(dir, HTML_FILE)}`);

  await expect(page.locator("#verdict").innerText()).resolves.toMatch(/^FAIL: the server breaks the contract \(exit 1\)$/);
  // The matrix: a row per check, the failing one marked.
  const failing = page.locator("tr", { has: page.locator("code", { hasText: /^list_detail_consistency$/ }) });
  await expect(failing.locator("td.FAIL").innerText()).resolves.toBe("FAIL");
  await expect(page.locator("tbody tr").count()).resolves.toBeGreaterThanOrEqual(13);
  // The cause, counted, with its curl line (the token as $SP_API_TOKEN) and a body excerpt.
  const cause = page.locator(".cause").first();
  await expect(cause.locator("h3").innerText()).resolves.toMatch(/^1\. list_detail_consistency getSample 200 \(\d+ times\)$/);
  await expect(cause.innerText()).resolves.toContain('curl -i -X GET -H "Authorization: Bearer $SP_API_TOKEN"');
  await expect(cause.locator("pre").first().innerText()).resolves.toContain('"sample_id"');
  await expect(page.content()).resolves.not.toContain(FIXTURE_TOKEN);
  await expect(page.getByText(/listSamples: observed 200, 400, 401/).count()).resolves.toBe(1);
  // The chart: p50, p95 and max bars for each operation, drawn.
  const bars = page.locator('svg[aria-label="response times per operation"] rect');
  await expect(bars.count()).resolves.toBe(6);
  expect((await bars.first().boundingBox())!.width).toBeGreaterThan(0);
  // Nothing but the file itself was asked for.
  expect(requested.filter((u) => !u.startsWith("file://"))).toEqual([]);
  if (process.env.SP_WRITE_SCREENSHOT) await page.screenshot({ path: SCREENSHOT, fullPage: false });
  await page.close();
});

describe("which Chromium the test opens", () => {
  it("takes CHROMIUM_PATH when it names a file, and refuses one that names none instead of falling back", async () => {
    await expect(findChromium({ CHROMIUM_PATH: process.execPath })).resolves.toMatchObject({ executablePath: process.execPath, source: "CHROMIUM_PATH" });
    await expect(findChromium({ CHROMIUM_PATH: "/nonexistent/chromium" })).rejects.toThrow("CHROMIUM_PATH names no file: /nonexistent/chromium");
  });

  it("without CHROMIUM_PATH, Debian's chromium when installed, else the one in @sparticuz/chromium's package", async () => {
    const found = await findChromium({});
    expect(found.source).toBe(existsSync("/usr/bin/chromium") ? "Debian's chromium" : "@sparticuz/chromium");
    expect(existsSync(found.executablePath)).toBe(true);
    expect(found.args).toEqual(expect.arrayContaining(["--disable-background-networking", "--no-sandbox"]));
  });
});
