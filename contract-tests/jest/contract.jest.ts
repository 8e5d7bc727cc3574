// The contract suite's verdicts as Jest tests: one `describe` per target, one test per check x operation, passing,
// failing with the check's grouped failures (curl lines, token as $SP_API_TOKEN) or skipped with the engine's reason.
// Nothing is judged here: the global setup ran the engine; this file only maps its verdicts (report/verdicts.ts).
import { readFileSync } from "node:fs";
import type { CaseVerdict, TargetVerdicts } from "../report/verdicts";
import { VERDICTS_VARIABLE } from "./shared";

const file = process.env[VERDICTS_VARIABLE];
if (!file) throw new Error(`no verdicts: run this file through its Jest project (npm run contract:jest), whose global setup runs the engine`);
const run = JSON.parse(readFileSync(file, "utf8")) as { verdict: string; targets: TargetVerdicts[] };

/** The engine's failure, as Jest shows it: the message and the causes, without a stack into this file. */
function contractFailure(verdict: CaseVerdict): Error {
  const error = new Error(verdict.detail ? `${verdict.message}\n\n${verdict.detail}` : verdict.message);
  error.name = verdict.outcome === "error" ? "ContractRunError" : "ContractFailure";
  error.stack = `${error.name}: ${error.message}`;
  return error;
}

for (const target of run.targets) {
  describe(`${target.target} (${target.kind})`, () => {
    for (const verdict of target.cases) {
      if (verdict.outcome === "skip") {
        test.skip(`${verdict.name}: skipped, ${verdict.message}`, () => {});
        continue;
      }
      test(verdict.name, () => {
        if (verdict.outcome !== "pass") throw contractFailure(verdict);
      });
    }
  });
}
