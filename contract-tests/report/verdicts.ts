// A run as test cases: per target, one case per check x operation (passed, failed with its grouped causes, or skipped
// with the engine's reason), plus a failing case when the run stopped early (naming the operations it left not fully
// judged), one per operation no 2xx answer reached (not judged: never a pass), and an error when its answers could
// not be judged. The one mapping behind every test-shaped report: the Jest project (contract-tests/jest/), and the
// JUnit file.
import { CHECK_NAMES } from "../checks";
import { groupFailures } from "./groups";
import { formatGroup, type RunSummary } from "./summary";

export interface CaseVerdict {
  /** `<check> <operationId>`, or a run-level name ("run complete", "answers the checks can judge") */
  name: string;
  check?: string;
  operationId?: string;
  outcome: "pass" | "fail" | "skip" | "error";
  /** one line: the first failure with the counts, the skip reason, or the run-level problem */
  message: string;
  /** a failure's causes in full: what was sent, what came back, a curl line (token written as $SP_API_TOKEN) */
  detail?: string;
  /** pass/fail/skip counts of the judged exchanges */
  tally?: string;
}

export interface TargetVerdicts {
  target: string;
  kind: string;
  durationMs: number;
  cases: CaseVerdict[];
}

export function verdictsOf(summary: RunSummary): TargetVerdicts[] {
  return summary.targets.map((t) => {
    const cases: CaseVerdict[] = [];
    for (const check of CHECK_NAMES) {
      for (const tally of t.tallies.filter((x) => x.check === check)) {
        const { operationId } = tally;
        const failures = t.failures.filter((f) => f.check === check && f.operationId === operationId);
        const counts = `pass ${tally.pass}, fail ${tally.fail}, skip ${tally.skip}${tally.skipReasons.length ? ` (skipped: ${tally.skipReasons.join("; ")})` : ""}`;
        const base = { name: `${check} ${operationId}`, check, operationId, tally: counts };
        if (failures.length > 0) {
          const groups = groupFailures(failures);
          const detail = groups.map((g, i) => formatGroup(g, i + 1)).join("\n\n");
          cases.push({ ...base, outcome: "fail", message: `${failures.length} failure(s) in ${groups.length} cause(s): ${failures[0].message}`, detail });
        } else if (tally.pass === 0 && tally.fail === 0) {
          cases.push({ ...base, outcome: "skip", message: tally.skipReasons.join("; ") || "no request fitted this check" });
        } else {
          cases.push({ ...base, outcome: "pass", message: counts });
        }
      }
    }
    const cut = t.notFullyJudged?.length ? `; not fully judged: ${t.notFullyJudged.join(", ")}` : "";
    if (t.stop) cases.push({ name: "run complete", outcome: "fail", message: `${t.stop.message}${cut}` });
    else if (cut) cases.push({ name: "run complete", outcome: "fail", message: `the request budget ran out for the walks${cut}` });
    for (const [operationId, j] of Object.entries(t.judged ?? {})) {
      if (j.notJudged) cases.push({ name: `judged ${operationId}`, operationId, outcome: "fail", message: `not judged: ${j.notJudged} (no check saw a 2xx answer of it)` });
    }
    const unjudged = summary.diagnoses[t.target.name]?.couldNotJudge;
    if (unjudged) cases.push({ name: "answers the checks can judge", outcome: "error", message: `could not judge: ${unjudged}` });
    return { target: t.target.name, kind: t.target.kind, durationMs: t.durationMs, cases };
  });
}
