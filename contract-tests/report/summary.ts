// The text report: each failure with what was sent, what came back and how to replay it; then, per target, a table of
// checks x operations (pass/fail/skip), requests sent, warnings, notes and the contract coverage.
import { CHECK_NAMES } from "../checks";
import type { TargetResult, Tally } from "../engine";
import type { Failure } from "../types";
import { curlLine } from "./curl";
import { shorten } from "../checks/util";

export interface RunSummary {
  verdict: "pass" | "fail" | "incomplete";
  exitCode: 0 | 1;
  targets: TargetResult[];
}

export function verdictOf(targets: TargetResult[]): RunSummary {
  const failed = targets.some((t) => t.failures.length > 0);
  const incomplete = targets.some((t) => t.stop);
  const verdict = failed ? "fail" : incomplete ? "incomplete" : "pass";
  return { verdict, exitCode: verdict === "pass" ? 0 : 1, targets };
}

export function formatFailure(failure: Failure, index: number): string {
  const lines = [`${index}. [${failure.check}] ${failure.operationId}: ${failure.message}`];
  const e = failure.exchange;
  if (e) {
    lines.push(`   target:   ${e.target.name}`);
    lines.push(`   request:  ${e.request.method} ${e.request.url}${e.request.auth === "token" ? "" : ` (${e.request.auth === "none" ? "no token" : "wrong token"})`}`);
    lines.push(`   status:   ${e.response.status || "no response"}`);
    if (failure.pointer) lines.push(`   at:       ${failure.pointer}  rule: ${failure.rule ?? "?"}  value: ${failure.value ?? ""}`);
    if (e.response.text) {
      const body = e.response.text.replace(/\s+/g, " ").trim();
      lines.push(`   body:     ${body.length > 200 ? `${body.slice(0, 199)}…` : body}`);
    }
    lines.push(`   replay:   ${curlLine(e)}`);
  }
  return lines.join("\n");
}

const cell = (t: Tally | undefined) => (t ? `${t.pass}/${t.fail}/${t.skip}` : "-");

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r, n) => {
    const line = r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
    return n === 0 ? `${line}\n${widths.map((w) => "-".repeat(w)).join("  ")}` : line;
  }).join("\n");
}

export function formatTarget(result: TargetResult): string {
  const ops = Object.keys(result.coverage);
  const out: string[] = [];
  const failedChecks = new Set(result.failures.map((f) => f.check));
  out.push(`== ${result.target.name} (${result.target.kind}) ${result.target.kind === "live" ? result.target.baseUrl : ""}`.trimEnd());
  const rows = [["check", ...ops.map((o) => `${o} pass/fail/skip`), "verdict"]];
  for (const name of CHECK_NAMES) {
    const tallies = ops.map((o) => result.tallies.find((t) => t.check === name && t.operationId === o));
    const ran = tallies.some((t) => t && (t.pass > 0 || t.fail > 0));
    const verdict = failedChecks.has(name) ? "FAIL" : ran ? (tallies.some((t) => t && t.skip > 0) ? "pass (partly skipped)" : "pass") : "skipped";
    rows.push([name, ...tallies.map(cell), verdict]);
  }
  out.push(table(rows));
  out.push("");
  out.push(`requests sent: ${result.requestsSent}   failures: ${result.failures.length}   warnings: ${result.warnings.length}   time: ${result.durationMs} ms (judging ${result.judgeMs} ms)`);
  const reasons = new Map<string, Set<string>>();
  for (const t of result.tallies) for (const r of t.skipReasons) {
    if (!reasons.has(t.check)) reasons.set(t.check, new Set());
    reasons.get(t.check)!.add(r);
  }
  if (reasons.size) {
    out.push("skipped:");
    for (const [check, set] of reasons) for (const r of set) out.push(`  - ${check}: ${r}`);
  }
  out.push("coverage (documented responses observed / never seen):");
  for (const [op, c] of Object.entries(result.coverage)) {
    out.push(`  - ${op}: observed ${c.observed.join(", ") || "none"}; never seen ${c.unseen.join(", ") || "none"}`);
  }
  if (result.warnings.length) {
    out.push("warnings (additive changes, not failures):");
    for (const w of result.warnings) out.push(`  - ${w.operationId} ${w.status} ${w.pointer}: property not named by the spec (seen ${w.count}x)`);
  }
  if (result.notes.length) {
    out.push("notes:");
    for (const n of result.notes) out.push(`  - ${n}`);
  }
  return out.join("\n");
}

export function formatSummary(summary: RunSummary): string {
  const out: string[] = [];
  const failures = summary.targets.flatMap((t) => t.failures);
  if (failures.length) {
    out.push(`FAILURES (${failures.length})`, "");
    failures.forEach((f, i) => out.push(formatFailure(f, i + 1), ""));
  }
  for (const t of summary.targets) out.push(formatTarget(t), "");
  const label = { pass: "PASS: the server keeps the contract", fail: `FAIL: ${failures.length} contract failure(s)`, incomplete: "INCOMPLETE: the run stopped before every case was sent (see notes); not a pass" }[summary.verdict];
  const sent = summary.targets.reduce((n, t) => n + t.requestsSent, 0);
  const warnings = summary.targets.reduce((n, t) => n + t.warnings.length, 0);
  out.push(`total: ${summary.targets.length} target(s), ${sent} requests sent, ${failures.length} failure(s), ${warnings} warning(s)`);
  out.push(`verdict: ${label}  (exit ${summary.exitCode})`);
  out.push("legend: cells are pass/fail/skip counts per check and operation; '-' = the check does not apply to that operation");
  return out.join("\n");
}
