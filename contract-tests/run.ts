// `npm run contract`: the contract suite as a plain program. Without SP_BASE_URL it starts Prism from the spec and
// judges its two mocks (static and dynamic answers); with SP_BASE_URL it judges that server. Exit codes: 0 the contract
// holds, 1 contract failures (or an incomplete run), 2 usage/config error, 3 the suite itself could not run.
import { readCommandLine, renderHelp } from "./settings";
import { processOutput, type CommandOutput } from "../scripts/command-output";
import { DEFAULTS, loadConfig, UsageError, type ContractConfig } from "./config";
import { removeReports } from "./report/names";
import type { TargetResult } from "./engine";
import type { RunSummary } from "./report/summary";
import { redact } from "./report/curl";
import { dynamicPreference, startPrism, stopAll, stopAllSync, type PrismInstance } from "./targets/prism";
import { interrupt, interruptedBy, signalExitCode } from "./interruption";
import { liveTarget } from "./targets/live";
import type { TargetInfo } from "./types";
import { formatPlan, type RunPlan } from "./plan";

/** Any bearer token satisfies Prism; this one is not a secret. */
const MOCK_TOKEN = "contract-suite-mock-token";

export interface RunOutput {
  exitCode: number;
  text: string;
  reportFiles: string[];
}

/**
 * Generated requests go to the static target only: Prism validates both targets' requests with the same code, and its
 * dynamic answers, random data made up for each, are the slow ones (the mock run stays within Prism's start-up + 2 s).
 */
const DYNAMIC_MOCK_NOTE = "generated requests were sent to the static mock only (Prism validates both mocks' requests alike); this one got the fixed cases";

/** Options of the engine for one target; its plan, made before the first request, goes to `log` as one short block. */
function engineOptions(config: ContractConfig, target: TargetInfo, token: string, log: (line: string) => void) {
  return {
    onPlan: (plan: RunPlan) => log(`${target.name}: ${formatPlan(plan, config.ratePerMinute).join("\n")}`),
    target,
    token,
    maxRequests: config.maxRequests,
    ratePerMinute: config.ratePerMinute,
    timeoutMs: config.timeoutMs,
    maxRetryAfterSeconds: config.maxRetryAfterSeconds,
    missingId: config.missingId,
    seed: config.seed,
    examples: config.examples,
    checks: config.checks,
    operations: config.operations,
    maxResponseMs: config.maxResponseMs,
  };
}

/** The mock targets: Prism's static answers, and its dynamic ones (asked for by every request, seeded by the run). */
const STATIC_MOCK = "prism-static";
const DYNAMIC_MOCK = "prism-dynamic";

/** One mock target of a Prism at `baseUrl`, by name. */
function mockTarget(name: string, baseUrl: string, seed: string): TargetInfo {
  return { name, kind: "mock", baseUrl, ...(name === DYNAMIC_MOCK ? { prefer: dynamicPreference(seed) } : {}) };
}

/** The embedded mock: one Prism process, and the two targets it serves. */
export interface Mocks {
  prism: PrismInstance;
  targets: TargetInfo[];
}

/**
 * Starts Prism once for both mock targets: a dynamic answer is Prism's for any request that asks for it (Prefer), so a
 * second process would only double the start-up, which is most of a mock run's CPU.
 */
export async function startMocks(config: ContractConfig, log: (line: string) => void = () => {}): Promise<Mocks> {
  const t0 = performance.now();
  const prism = await startPrism({ quiet: true });
  log(`Prism listening at ${prism.baseUrl}, pid ${prism.pid}: static answers, and dynamic ones (seed ${config.seed}) to requests with Prefer: ${dynamicPreference(config.seed)}`);
  log(`Prism ready after ${Math.round(performance.now() - t0)} ms`);
  return { prism, targets: [STATIC_MOCK, DYNAMIC_MOCK].map((name) => mockTarget(name, prism.baseUrl, config.seed)) };
}

/** Runs the engine on every target of the run: the given Prism mocks, or the live server of the configuration. */
export async function judgeTargets(config: ContractConfig, mocks: Mocks | undefined, log: (line: string) => void = () => {}): Promise<TargetResult[]> {
  const { runTarget } = await import("./engine");
  if (mocks) {
    return Promise.all(
      mocks.targets.map(async (target) => {
        const options = engineOptions(config, target, MOCK_TOKEN, log);
        if (target.name === STATIC_MOCK) return runTarget(options);
        const result = await runTarget({ ...options, examples: 0 });
        result.notes.push(DYNAMIC_MOCK_NOTE);
        return result;
      }),
    );
  }
  const target = liveTarget(config);
  const budget = config.maxRequests === undefined ? "the budget from the plan" : `budget ${config.maxRequests} requests`;
  log(`live target ${target.baseUrl}, at most ${config.ratePerMinute} requests a minute, ${budget}`);
  return [await runTarget({ ...engineOptions(config, target, config.token!, log), progress: log })];
}

/** The verdict, the report files and the text summary of judged targets (token redacted). */
export async function reportRun(config: ContractConfig, results: TargetResult[]): Promise<RunOutput & { summary: RunSummary }> {
  const { formatSummary, verdictOf } = await import("./report/summary");
  const { writeReports } = await import("./report/files");
  const summary = verdictOf(results, interruptedBy());
  const reportFiles = await writeReports(summary, config.reportDir, config.token);
  const replay = summary.verdict === "pass" ? "" : `replay the failures: npm run contract -- --replay ${reportFiles.find((f) => f.endsWith(".json"))}\n`;
  // One file a line: paths are copied, and together they would pass 100 columns.
  const text = redact(`${formatSummary(summary)}\nreports:\n${reportFiles.map((f) => `  ${f}`).join("\n")}\n${replay}`, config.token);
  return { exitCode: summary.exitCode, text, reportFiles, summary };
}

/** One whole run, for a given configuration; `log` gets progress lines (stderr in the CLI). */
export async function runContract(config: ContractConfig, log: (line: string) => void = () => {}): Promise<RunOutput> {
  // The engine, the spec and the validators load while Prism boots (it is the slow part of a mock run).
  const loading = import("./spec").then((spec) => void spec.specOperations()).then(() => import("./engine"));
  const mocks = config.mode === "mock" ? await startMocks(config, log) : undefined;
  const readyAt = performance.now();
  // Prism stops while the reports are written; the run returns only once it has stopped.
  let stopping: Promise<void> = Promise.resolve();
  try {
    await loading;
    let results: TargetResult[];
    try {
      results = await judgeTargets(config, mocks, log);
    } finally {
      if (mocks) stopping = mocks.prism.stop().then(stopAll).then(() => log("Prism stopped"));
    }
    const { exitCode, text, reportFiles } = await reportRun(config, results);
    log(`checks and reports took ${Math.round(performance.now() - readyAt)} ms${mocks ? " after Prism was ready" : ""}`);
    return { exitCode, text, reportFiles };
  } finally {
    await stopping;
  }
}

/**
 * Replays the failures a contract-summary.json records: a mock target against a fresh Prism of the same mode, a live
 * one against SP_BASE_URL with SP_API_TOKEN (the recorded URL is not trusted with the token by default). Writes no
 * report files: the summary replayed stays as it was.
 */
export async function replayContract(config: ContractConfig, file: string, log: (line: string) => void = () => {}): Promise<RunOutput> {
  const { readReplayFile, replayTarget } = await import("./replay");
  const recorded = readReplayFile(file).filter((t) => t.cases.length > 0 || t.walks.length > 0);
  if (recorded.length === 0) return { exitCode: 0, text: `nothing to replay: ${file} records no failures\n`, reportFiles: [] };
  const live = recorded.find((t) => t.target.kind === "live");
  if (live && config.mode !== "live") {
    throw new UsageError(`${file} has failures of the live target ${live.target.baseUrl}: set SP_BASE_URL (that URL, or another server) and SP_API_TOKEN to replay them`);
  }
  const results: TargetResult[] = [];
  // One new Prism serves all the mock targets replayed, each asking for its answers as the run did (mockTarget).
  let prism: Promise<PrismInstance> | undefined;
  try {
    for (const t of recorded) {
      if (t.target.kind === "live") {
        log(`replaying ${t.cases.length} request(s) and ${t.walks.length} walk(s) of ${t.target.name} against ${config.baseUrl}`);
        results.push(await replayTarget(t, { config, token: config.token!, baseUrl: config.baseUrl! }));
        continue;
      }
      const { baseUrl } = await (prism ??= startPrism({ quiet: true }));
      log(`replaying ${t.cases.length} request(s) of ${t.target.name} against a new Prism at ${baseUrl}`);
      results.push(await replayTarget({ ...t, target: mockTarget(t.target.name, baseUrl, t.seed || config.seed) }, { config, token: MOCK_TOKEN, baseUrl }));
    }
  } finally {
    if (prism) await prism.then((p) => p.stop(), () => undefined); // a Prism that did not start threw above
  }
  const { formatSummary, verdictOf } = await import("./report/summary");
  const summary = verdictOf(results);
  return { exitCode: summary.exitCode, text: redact(`${formatSummary(summary)}\nreplay of ${file}: no report files written\n`, config.token), reportFiles: [] };
}

/** Set by SIGINT/SIGTERM: the run ends early on purpose, which is not an internal error. */
let interrupted = false;

/** How long after a signal the run may take to judge what it sent and write the partial reports. */
const INTERRUPTED_REPORTS_MS = 1_500;

/**
 * SIGINT or SIGTERM: Prism is stopped at once, the run sends nothing more (interruption.ts), judges what it sent, writes
 * the partial reports and exits 130 or 143 (main). Should that take longer than INTERRUPTED_REPORTS_MS, or a second
 * signal come, it exits at once with the same code, saying the reports were not written.
 */
export function interruptOnSignals(): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      const first = interruptedBy();
      const exitNow = (why: string) => {
        stopAllSync();
        process.stderr.write(`contract: interrupted by ${first ?? signal}; Prism was stopped; ${why}\n`);
        process.exit(signalExitCode(first ?? signal));
      };
      if (first) return exitNow(`${signal} again: no reports were written`);
      interrupted = true;
      interrupt(signal);
      process.stderr.write(`contract: ${signal}, stopping Prism; the requests sent so far are judged and partial reports written\n`);
      void stopAll().finally(stopAllSync);
      setTimeout(() => exitNow(`the partial reports were not written within ${INTERRUPTED_REPORTS_MS} ms`), INTERRUPTED_REPORTS_MS).unref();
    });
  }
}

/** The whole command: 0 the contract holds, 1 failures, 2 bad usage, 3 the suite could not run or judge. */
export async function main(argv: readonly string[], output: CommandOutput = processOutput): Promise<number> {
  let config: ContractConfig;
  let args: ReturnType<typeof readCommandLine>;
  try {
    args = readCommandLine(argv);
    if (args.help) {
      output.out(renderHelp());
      return 0;
    }
    // A flag wins over its variable: both go through the one parser of the variables.
    const env = { ...process.env, ...args.variables };
    // A run's reports describe that run only: the previous run's go first, also when this one stops at a usage error
    // (CI must never read an old PASS). A replay reads them, and leaves them.
    if (!args.replay) await removeReports(env.SP_CONTRACT_REPORT_DIR?.trim() || DEFAULTS.reportDir);
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof UsageError) {
      output.err(`contract: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const token = config.token;
  interruptOnSignals();
  try {
    const log = (line: string) => output.err(`contract: ${redact(line, token)}`);
    const out = args.replay ? await replayContract(config, args.replay, log) : await runContract(config, log);
    output.out(out.text.replace(/\n$/, ""));
    const signal = interruptedBy();
    if (signal) {
      output.err(`contract: INTERRUPTED by ${signal}; Prism was stopped; partial reports written (what was sent before the signal)`);
      return signalExitCode(signal);
    }
    return out.exitCode;
  } catch (error) {
    if (error instanceof UsageError) {
      output.err(`contract: ${error.message}`);
      return 2;
    }
    const signal = interruptedBy();
    if (signal) {
      // Stopped before anything could be judged (Prism was starting, say): an interruption, not a failure of the suite.
      output.err(`contract: INTERRUPTED by ${signal}; Prism was stopped; no reports were written (${redact((error as Error).message ?? String(error), token).split("\n")[0]})`);
      return signalExitCode(signal);
    }
    output.err(`contract: the suite could not run: ${redact((error as Error).message ?? String(error), token)}`);
    return 3;
  }
}

if (require.main === module) {
  // Until main() settles, an exit (e.g. an empty event loop) is an internal error, never a silent pass.
  let settled = false;
  process.exitCode = 3;
  process.once("exit", () => {
    if (!settled && !interrupted) process.stderr.write("contract: internal error: the run ended before it finished\n");
  });
  main(process.argv.slice(2)).finally(() => (settled = true)).then(
    (code) => {
      stopAllSync();
      // Flush, then exit at once: idle keep-alive sockets must not hold the run open.
      process.stdout.write("", () => process.exit(code));
    },
    (error) => {
      stopAllSync();
      process.stderr.write(`contract: internal error: ${redact(String(error?.message ?? error), process.env.SP_API_TOKEN)}\n`);
      process.exit(3);
    },
  );
}
