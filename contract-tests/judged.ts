// What each operation was judged on: the 2xx answers its checks read, its walks, the 4xx answers to requests it had
// to refuse. An operation no 2xx answer reached is "not judged", with the reason: its checks saw no body of it, so the
// verdict never counts it as a pass (a token without the scope an operation needs answers 403 to everything).
import type { SpecOperation } from "./spec";
import type { Exchange, Walk } from "./types";

export interface JudgedOn {
  /** 2xx answers (each case's final answer: a 429 waited out is not counted) */
  ok: number;
  /** 4xx answers but 429 */
  refused: number;
  /** walks of its collections (live) */
  walks: number;
  /** set when no 2xx answer reached it: why */
  notJudged?: string;
}

/** The scopes an operation's security asks of a token, in words ("runs:write", "runs:read or admin"); none: undefined. */
function scopesOf(op: SpecOperation): string | undefined {
  const alternatives = op.row.security
    .map((requirement) => Object.values(requirement).flat())
    .filter((scopes) => scopes.length > 0)
    .map((scopes) => scopes.join(" and "));
  return alternatives.length ? [...new Set(alternatives)].join(" or ") : undefined;
}

/** Why no 2xx answer reached an operation, from the answers to the requests sent with the token. */
function reasonOf(op: SpecOperation, answers: Exchange[]): string {
  const withToken = answers.filter((e) => e.case.auth === "token");
  if (withToken.length === 0) return "no request with the token was answered (the run stopped before its cases were sent)";
  const statuses = new Map<number, number>();
  for (const e of withToken) statuses.set(e.response.status, (statuses.get(e.response.status) ?? 0) + 1);
  if (statuses.size === 1) {
    const [status] = statuses.keys();
    const scopes = scopesOf(op);
    if (status === 0) return "no request got an answer";
    return `every request answered ${status}${status === 403 && scopes ? `: the token lacks scope ${scopes}` : ""}`;
  }
  const counts = [...statuses].sort((a, b) => b[1] - a[1]).map(([status, n]) => `${status || "no answer"} x${n}`);
  return `no request got a 2xx answer (${counts.join(", ")})`;
}

/**
 * Per operation sent to: what it was judged on, and whether it was judged at all. An operation that documents no
 * success (no 2xx or 2XX) owes no 2xx answer, and is judged on what it does document.
 */
export function judgedOn(operations: SpecOperation[], exchanges: Exchange[], walks: Walk[]): Record<string, JudgedOn> {
  const byOperation = new Map<string, Exchange[]>();
  // Final answers of the cases that asked for the server's own answer (a forced status is the mock's, on request).
  for (const e of exchanges) {
    if (e.retried || e.case.kind === "forced") continue;
    const answers = byOperation.get(e.case.operationId);
    if (answers) answers.push(e);
    else byOperation.set(e.case.operationId, [e]);
  }
  const out: Record<string, JudgedOn> = {};
  for (const op of operations) {
    const answers = byOperation.get(op.operationId) ?? [];
    const ok = answers.filter((e) => e.response.status >= 200 && e.response.status < 300).length;
    const refused = answers.filter((e) => e.response.status >= 400 && e.response.status < 500 && e.response.status !== 429).length;
    const entry: JudgedOn = { ok, refused, walks: walks.filter((w) => w.operationId === op.operationId).length };
    if (ok === 0 && op.row.success !== null) entry.notJudged = reasonOf(op, answers);
    out[op.operationId] = entry;
  }
  return out;
}

/** What an operation was judged on, in a few words (the summary table's column). */
export function describeJudgedOn(j: JudgedOn): string {
  if (j.notJudged) return `NOT JUDGED: ${j.notJudged}`;
  const parts = [`${j.ok} 2xx`];
  if (j.walks) parts.push(`${j.walks} walk(s)`);
  if (j.refused) parts.push(`${j.refused} 4xx`);
  return parts.join(", ");
}
