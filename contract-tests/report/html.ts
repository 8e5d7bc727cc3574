// reports/contract-report.html: the run for a reader, in one self-contained file (inline CSS, an SVG chart, no script,
// and a Content-Security-Policy that forbids any network access): the verdict and diagnosis, the check x operation
// matrix per target, the failures grouped by cause with their curl lines and body excerpts, the coverage, and the
// response times per operation.
import { CHECK_NAMES } from "../checks";
import type { TargetResult } from "../engine";
import type { Exchange } from "../types";
import { curlLine } from "./curl";
import { groupFailures } from "./groups";
import { checkRow, type RunSummary } from "./summary";

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const VERDICTS: Record<RunSummary["verdict"], string> = {
  pass: "PASS: the server keeps the contract",
  fail: "FAIL: the server breaks the contract",
  incomplete: "INCOMPLETE: the run did not judge everything it planned (see the notes)",
  unjudged: "COULD NOT JUDGE: a target gave no answer the checks could judge",
  interrupted: "INTERRUPTED: partial results of the requests sent before a signal stopped the run",
};

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1.5rem;color:#1d2127}
h1{font-size:1.4rem;margin:0 0 .5rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}h3{font-size:1rem;margin:1.2rem 0 .4rem}
.verdict{padding:.8rem 1rem;border-radius:6px;font-weight:600;font-size:1.1rem}
.pass{background:#e3f4e6;color:#14532d}.fail,.unjudged{background:#fde4e4;color:#7f1d1d}.incomplete,.interrupted{background:#fff3cd;color:#6b4f00}
table{border-collapse:collapse;margin:.4rem 0}th,td{border:1px solid #d0d5dd;padding:.25rem .6rem;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}td.FAIL{background:#fde4e4;font-weight:600}td.skipped{color:#6b7280}
code,pre{font:12.5px/1.4 ui-monospace,monospace}pre{background:#f4f5f7;padding:.5rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
.cause{border-left:4px solid #b91c1c;padding:.1rem .8rem;margin:.8rem 0}.muted{color:#6b7280}ul{margin:.3rem 0}
`;

function matrix(result: TargetResult): string {
  const ops = Object.keys(result.coverage);
  const rows = CHECK_NAMES.map((name) => {
    const { tallies, verdict } = checkRow(result, name);
    const cells = tallies.map((t) => (t ? `<td class="n" title="${escape(t.skipReasons.join("; "))}">${t.pass} / ${t.fail} / ${t.skip}</td>` : `<td class="n muted">-</td>`));
    return `<tr><td><code>${name}</code></td>${cells.join("")}<td class="${verdict.split(" ")[0]}">${verdict}</td></tr>`;
  });
  return `<table><thead><tr><th>check</th>${ops.map((o) => `<th>${escape(o)}<br><span class="muted">pass / fail / skip</span></th>`).join("")}<th>verdict</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function excerpt(exchange: Exchange): string {
  const body = exchange.response.text.replace(/\s+/g, " ").trim();
  return body.length > 300 ? `${body.slice(0, 299)}…` : body;
}

function causes(result: TargetResult): string {
  const groups = groupFailures(result.failures);
  if (groups.length === 0) return `<p class="muted">No failures.</p>`;
  return groups
    .map((g, i) => {
      const first = g.examples[0].exchange;
      const more = g.examples.slice(1).map((f) => `<li>${escape(f.message)}</li>`).join("");
      return `<div class="cause"><h3>${i + 1}. <code>${g.checks.join(", ")}</code> ${escape(g.operations.join(", "))}${g.status ? ` ${g.status}` : ""} <span class="muted">(${g.count} ${g.count === 1 ? "time" : "times"})</span></h3>
${g.cause ? `<p>To fix: <code>${escape(g.cause)}</code></p>` : ""}<p>${escape(g.message)}</p>${first ? `<p class="muted">${escape(`${first.request.method} ${first.request.url}`)} → ${first.response.status || "no answer"}</p><pre>${escape(excerpt(first))}</pre><pre>${escape(curlLine(first))}</pre>` : ""}${more ? `<p>More of this cause:</p><ul>${more}</ul>` : ""}</div>`;
    })
    .join("\n");
}

/** Response times per operation: p50, p95 and max as bars on one scale. */
function latencyChart(result: TargetResult): string {
  const entries = Object.entries(result.latency);
  if (entries.length === 0) return `<p class="muted">No answers to time.</p>`;
  const scale = Math.max(1, ...entries.map(([, l]) => l.max));
  const rowHeight = 22;
  const width = 640;
  const left = 190;
  const bars: string[] = [];
  entries.forEach(([op, l], i) => {
    ([["p50", l.p50, "#2563eb"], ["p95", l.p95, "#f59e0b"], ["max", l.max, "#b91c1c"]] as const).forEach(([label, ms, color], j) => {
      const y = (i * 3 + j) * rowHeight + i * 10;
      const w = Math.max(1, Math.round(((width - left - 70) * ms) / scale));
      bars.push(`<text x="0" y="${y + 15}">${escape(op)} ${label}</text><rect x="${left}" y="${y + 3}" width="${w}" height="16" fill="${color}"><title>${escape(op)} ${label}: ${ms} ms</title></rect><text x="${left + w + 6}" y="${y + 15}">${ms} ms</text>`);
    });
  });
  const height = entries.length * (3 * rowHeight + 10);
  return `<svg role="img" aria-label="response times per operation" width="${width}" height="${height}" font-size="12" font-family="system-ui,sans-serif">${bars.join("")}</svg>`;
}

function target(result: TargetResult, summary: RunSummary): string {
  const diagnosis = summary.diagnoses[result.target.name] ?? {};
  const notes = [...(diagnosis.couldNotJudge ? [`could not judge: ${diagnosis.couldNotJudge}`] : []), ...(diagnosis.hint ? [diagnosis.hint] : []), ...(diagnosis.renames ?? [])];
  const coverage = Object.entries(result.coverage).map(([op, c]) => `<li><code>${escape(op)}</code>: observed ${escape(c.observed.join(", ") || "none")}; never seen ${escape(c.unseen.join(", ") || "none")}</li>`);
  return `<section><h2>${escape(result.target.name)} <span class="muted">(${result.target.kind}${result.target.kind === "live" ? `, ${escape(result.target.baseUrl)}` : ""})</span></h2>
${notes.length ? `<p><strong>Diagnosis:</strong> ${notes.map(escape).join(" ")}</p>` : ""}
<p>${result.requestsSent} requests sent, ${result.failures.length} failures, ${result.warnings.length} warnings, ${result.durationMs} ms.${result.stop ? ` <strong>Incomplete:</strong> ${escape(result.stop.message)}` : ""}</p>
<h3>Checks</h3>${matrix(result)}
<h3>Failures by cause</h3>${causes(result)}
<h3>Coverage</h3><ul>${coverage.join("")}</ul>
<h3>Response times</h3>${latencyChart(result)}</section>`;
}

/** `summaryFile`: where this run's contract-summary.json was written (SP_CONTRACT_REPORT_DIR), for the replay line. */
export function renderHtml(summary: RunSummary, summaryFile: string): string {
  const seeds = [...new Set(summary.targets.map((t) => t.seed))].join(", ");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Contract report: ${summary.verdict.toUpperCase()}</title><style>${STYLE}</style></head>
<body><h1>Sample Platform API v1: contract report</h1>
<p class="verdict ${summary.verdict}" id="verdict">${escape(VERDICTS[summary.verdict])} (exit ${summary.exitCode})</p>
<p class="muted">Seed ${escape(seeds)} (SP_CONTRACT_SEED). Replay the failures: <code>npm run contract -- --replay ${escape(summaryFile)}</code></p>
${summary.targets.map((t) => target(t, summary)).join("\n")}
</body></html>
`;
}
