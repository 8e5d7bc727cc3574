// The report files for CI: JUnit XML (one testsuite per target, one testcase per check x operation) and the same
// summary as JSON. Both pass through redact() before they are written.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { resourceId } from "../checks/util";
import type { Exchange, Failure } from "../types";
import { curlLine, redact } from "./curl";
import { groupFailures } from "./groups";
import type { RunSummary } from "./summary";
import { verdictsOf, type CaseVerdict } from "./verdicts";

import { renderHar } from "./har";
import { renderHtml } from "./html";
import { HAR_FILE, HTML_FILE, JSON_FILE, JUNIT_FILE } from "./names";

export { HAR_FILE, JSON_FILE, JUNIT_FILE };

export function escapeXml(text: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the five special ones are escaped.
  return text
    // eslint-disable-next-line no-control-regex -- XML 1.0's Char production: tab, LF and CR are the controls it allows
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function renderJunit(summary: RunSummary): string {
  const suites = verdictsOf(summary).map((t) => {
    const count = (outcome: CaseVerdict["outcome"]) => t.cases.filter((c) => c.outcome === outcome).length;
    const cases = t.cases.map((c) => {
      const classname = escapeXml(`contract.${t.target}`);
      let body = "";
      if (c.outcome === "fail") body = `<failure message="${escapeXml(c.message)}" type="${escapeXml(c.check ?? "incomplete")}">${escapeXml(c.detail ?? "")}</failure>`;
      if (c.outcome === "error") body = `<error message="${escapeXml(c.message)}" type="could_not_judge"/>`;
      if (c.outcome === "skip") body = `<skipped message="${escapeXml(c.message)}"/>`;
      if (c.tally) body += `<system-out>${escapeXml(c.tally)}</system-out>`;
      return `    <testcase name="${escapeXml(c.name)}" classname="${classname}">${body}</testcase>`;
    });
    const counts = { tests: t.cases.length, failures: count("fail"), errors: count("error"), skipped: count("skip") };
    const attrs = `tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}"`;
    return { counts, xml: `  <testsuite name="${escapeXml(`contract ${t.target}`)}" ${attrs} time="${(t.durationMs / 1000).toFixed(3)}">\n${cases.join("\n")}\n  </testsuite>` };
  });
  const total = (key: "tests" | "failures" | "errors" | "skipped") => suites.reduce((sum, s) => sum + s.counts[key], 0);
  const attrs = `tests="${total("tests")}" failures="${total("failures")}" errors="${total("errors")}" skipped="${total("skipped")}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="contract" ${attrs}>\n${suites.map((s) => s.xml).join("\n")}\n</testsuites>\n`;
}

/**
 * What a failure's replay needs besides its requests: each collection walked whole, and the items the lists showed
 * for the failed requests (by the operationId of their detail, then its path).
 */
function replayContext(t: RunSummary["targets"][number]) {
  const asked = new Set(t.failures.flatMap((f) => [f.exchange, ...(f.walk?.pages ?? [])]).filter((e): e is Exchange => e !== undefined).map((e) => `${e.case.operationId} ${resourceId(e.case)}`));
  const listed = Object.fromEntries(
    [...t.context.listed].map(([detail, items]) => [detail, Object.fromEntries([...items].filter(([path]) => asked.has(`${detail} ${path}`)).map(([path, { item }]) => [path, item]))]),
  );
  return { collections: Object.fromEntries(t.context.collections ?? []), listed };
}

const failureJson = (f: Failure) => ({
  check: f.check,
  operationId: f.operationId,
  message: f.message,
  pointer: f.pointer,
  rule: f.rule,
  value: f.value,
  target: f.exchange?.target.name,
  request: f.exchange ? { method: f.exchange.request.method, url: f.exchange.request.url, auth: f.exchange.request.auth } : undefined,
  status: f.exchange?.response.status,
  curl: f.exchange ? curlLine(f.exchange) : undefined,
  // The case as sent, where a generated one came from (for --replay), and for a failure over a walk, every page of it.
  case: f.exchange?.case,
  walk: f.walk ? { operationId: f.walk.operationId, filters: f.walk.filters, limit: f.walk.limit, cases: f.walk.pages.map((p) => p.case), source: f.walk.source } : undefined,
});

function renderJson(summary: RunSummary): string {
  return `${JSON.stringify(
    {
      verdict: summary.verdict,
      exitCode: summary.exitCode,
      targets: summary.targets.map((t) => ({
        name: t.target.name,
        kind: t.target.kind,
        baseUrl: t.target.baseUrl,
        seed: t.seed,
        examples: t.examples,
        requestsSent: t.requestsSent,
        durationMs: t.durationMs,
        incomplete: t.stop ? t.stop.message : null,
        // The plan made before the first request, and per operation what it was judged on (or why it was not).
        plan: t.plan ?? null,
        judged: t.judged ?? null,
        notFullyJudged: t.notFullyJudged ?? [],
        diagnosis: summary.diagnoses[t.target.name] ?? {},
        checks: t.tallies.map((x) => ({ check: x.check, operationId: x.operationId, pass: x.pass, fail: x.fail, skip: x.skip, skipReasons: x.skipReasons })),
        // The causes (as the text report gives them), then every failure (what --replay sends again).
        causes: groupFailures(t.failures).map((g) => ({
          check: g.check,
          operationId: g.operationId,
          checks: g.checks,
          operations: g.operations,
          cause: g.cause,
          status: g.status,
          pointer: g.pointer,
          rule: g.rule,
          message: g.message,
          count: g.count,
          curl: g.examples[0].exchange ? curlLine(g.examples[0].exchange) : undefined,
          examples: g.examples.map((f) => f.message),
        })),
        failures: t.failures.map(failureJson),
        warnings: t.warnings.map((w) => ({ check: w.check, operationId: w.operationId, status: w.status, pointer: w.pointer, count: w.count, message: w.message, curl: w.example.exchange ? curlLine(w.example.exchange) : undefined })),
        coverage: t.coverage,
        latency: t.latency,
        notes: t.notes,
        replayContext: replayContext(t),
      })),
    },
    null,
    2,
  )}\n`;
}

export async function writeReports(summary: RunSummary, dir: string, token: string | undefined): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: [string, string][] = [
    [path.join(dir, JUNIT_FILE), renderJunit(summary)],
    [path.join(dir, JSON_FILE), renderJson(summary)],
    [path.join(dir, HAR_FILE), renderHar(summary)],
    [path.join(dir, HTML_FILE), renderHtml(summary, path.join(dir, JSON_FILE))],
  ];
  await Promise.all(files.map(([file, text]) => writeFile(file, redact(text, token))));
  return files.map(([file]) => file);
}
