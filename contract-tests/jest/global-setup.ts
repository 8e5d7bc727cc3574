// The contract project's global setup: the same run as `npm run contract` (configuration from SP_BASE_URL,
// SP_API_TOKEN and SP_CONTRACT_*; Prism's mock started here unless SP_BASE_URL is set; the same engine, pacing,
// budget and report files), sent once. Its verdicts go to a file that contract.jest.ts turns into tests.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig, UsageError } from "../config";
import { verdictsOf } from "../report/verdicts";
import { judgeTargets, reportRun, startMocks } from "../run";
import { stopPrismOnSignals } from "../targets/prism";
import { state, VERDICTS_VARIABLE } from "./shared";

const log = (line: string) => process.stderr.write(`contract: ${line}\n`);

export default async function globalSetup(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    // A bad variable is one line naming it, not a stack trace.
    if (error instanceof UsageError) throw Object.assign(new Error(`contract: ${error.message}`), { stack: `contract: ${error.message}` });
    throw error;
  }
  // Ctrl-C or a kill stops Prism before Jest's process goes (the teardown does not run then).
  stopPrismOnSignals({ stopped: (signal) => `\ncontract: interrupted (${signal}); Prism stopped\n` });
  if (config.mode === "mock") state.contractMocks = await startMocks(config, log);
  const results = await judgeTargets(config, state.contractMocks, log);
  const run = await reportRun(config, results);
  log(`${run.summary.verdict.toUpperCase()} (as npm run contract would exit ${run.exitCode}); reports: ${run.reportFiles.join(", ")}`);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "sp-contract-jest-")), "verdicts.json");
  writeFileSync(file, JSON.stringify({ verdict: run.summary.verdict, targets: verdictsOf(run.summary) }));
  process.env[VERDICTS_VARIABLE] = file;
}
