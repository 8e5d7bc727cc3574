// The engine: case sources feed the sender, the judge rules on what came back. First the plan (plan.ts: what each
// source will send, and the default budget), then on a live target the walks (what they find feeds the rest), then
// the fixed cases and the coverage phase (each rule's edge values, the same every seed), then the generated ones
// within what the request budget has left (shrunk when they fail).
// Used by run.ts (the CLI) and, in-process, by the self-tests.
import { coverageCases, prepareCoverage } from "./cases/coverage";
import { properties, runGenerated, withinBudget } from "./cases/generated";
import { ungeneratable } from "./cases/arbitraries";
import { pathValuesFor, staticCases } from "./cases/static";
import { credentialCases } from "./cases/credentials";
import { explore, type Explored } from "./cases/walks";
import type { Sender, SenderEvent, Stop } from "./http";
import { recordingSender } from "./recording-sender";
import { Progress } from "./report/progress";
import { buildContext, judge, judgeExchange, type AggregatedWarning, type Coverage, type Latency, type Tally, type Verdict } from "./judge";
import { listsOf, parentOf } from "./collections";
import { defaultSpecModel, type SpecModel, type SpecOperation } from "./spec";
import { CHECK_NAMES } from "./checks";
import { closestName, UsageError } from "./config";
import type { Case, Exchange, Failure, JudgeContext, Selection, TargetInfo, TargetKind, Walk } from "./types";
import { makePlan, type RunPlan } from "./plan";
import { judgedOn, type JudgedOn } from "./judged";

export type { AggregatedWarning, Coverage, Latency, Tally };

export interface TargetResult {
  target: TargetInfo;
  /** the spec the target was judged against (the diagnosis reads its schemas) */
  spec: SpecModel;
  /** the run's seed, and the generated requests each operation got */
  seed: string;
  examples: number;
  exchanges: Exchange[];
  walks: Walk[];
  failures: Failure[];
  /** what the judge knew beyond each exchange (the replay of a failure needs it again) */
  context: JudgeContext;
  warnings: AggregatedWarning[];
  tallies: Tally[];
  /** things the run could not do, said plainly (live-only data missing, unsupported constraints, ...) */
  notes: string[];
  requestsSent: number;
  stop?: Stop;
  coverage: Record<string, Coverage>;
  latency: Record<string, Latency>;
  /** wall time of the whole target, and of the judging alone (the rest is waiting for answers) */
  durationMs: number;
  judgeMs: number;
  /** the plan made before the first request (absent on a replay) */
  plan?: RunPlan;
  /** per operation sent to: what it was judged on, or why it was not judged (absent on a replay) */
  judged?: Record<string, JudgedOn>;
  /** operations some of whose requests the request budget left unsent, in the spec's order */
  notFullyJudged?: string[];
}

export interface EngineOptions {
  target: TargetInfo;
  token: string;
  /** SP_CONTRACT_MAX_REQUESTS; absent: the default budget, derived from the plan (plan.ts) */
  maxRequests?: number;
  ratePerMinute: number;
  timeoutMs: number;
  maxRetryAfterSeconds: number;
  /** SP_CONTRACT_SEED: every generated value and drawn choice derives from it */
  seed: string;
  /** SP_CONTRACT_EXAMPLES: generated requests per operation */
  examples: number;
  missingId?: number;
  /** listed items fetched by id (and parents a nested list is walked under) besides the first, middle and last */
  detailSamples?: number;
  /** SP_CONTRACT_CHECKS, SP_CONTRACT_OPERATIONS: what to judge (all when absent) */
  checks?: string[];
  operations?: string[];
  /** SP_CONTRACT_MAX_RESPONSE_MS */
  maxResponseMs?: number;
  /** the spec to judge against (loadSpecModel); default: the package's own, from generated/ */
  spec?: SpecModel;
  /** where progress lines go (stderr on a live run); none when absent */
  progress?: (line: string) => void;
  /** told the plan before the first request is sent (run.ts prints it) */
  onPlan?: (plan: RunPlan) => void;
  /** told of every request as it is sent, and of every wait the server asks for */
  onEvent?: (event: SenderEvent) => void;
  /** requests in flight at once when unpaced (default 4) */
  concurrency?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Throws a UsageError for a check or operation name the registry or the spec does not know, naming the closest. */
function checkSelection(selection: Selection, operations: SpecOperation[]): void {
  const known = { SP_CONTRACT_CHECKS: CHECK_NAMES, SP_CONTRACT_OPERATIONS: operations.map((o) => o.operationId) };
  for (const [variable, names] of [["SP_CONTRACT_CHECKS", selection.checks], ["SP_CONTRACT_OPERATIONS", selection.operations]] as const) {
    const unknown = (names ?? []).find((n) => !known[variable].includes(n));
    if (unknown) throw new UsageError(`${variable}: ${unknown} is not one of ${known[variable].join(", ")} (did you mean ${closestName(unknown, known[variable])}?)`);
  }
}

/** The fixed cases and the coverage phase's, for the resources known to exist (`pathValues`, by operationId). */
function casesOf(kind: TargetKind, operations: SpecOperation[], pathValues: Record<string, Record<string, string>>, examples: number) {
  const plan = staticCases({ target: kind, pathValues }, operations);
  const fixed = [...plan.cases, ...credentialCases(plan.cases, kind, operations)];
  // With SP_CONTRACT_EXAMPLES=0, neither the coverage phase nor generation is sent.
  const coverage = examples > 0 ? coverageCases({ target: kind, pathValues }, operations, fixed) : { cases: [], notes: [] };
  return { unsupported: plan.unsupported, fixed, coverage };
}

/** How many of `items` each operation has. */
function countBy<T>(items: T[], operationOf: (item: T) => string, size: (item: T) => number = () => 1): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(operationOf(item), (counts.get(operationOf(item)) ?? 0) + size(item));
  return counts;
}

export async function runTarget(options: EngineOptions): Promise<TargetResult> {
  const started = performance.now();
  const { target } = options;
  const selection: Selection = { checks: options.checks, operations: options.operations };
  const spec = options.spec ?? defaultSpecModel();
  const allOperations = spec.operations;
  checkSelection(selection, allOperations);
  const settings = { selection, maxResponseMs: options.maxResponseMs };
  // Cases are made for the selected GET operations only (the suite never writes to the server it judges); the judge
  // reports the others as skipped.
  const operations = allOperations.filter((o) => o.method === "GET" && (!options.operations || options.operations.includes(o.operationId)));
  const byId = new Map(allOperations.map((o) => [o.operationId, o]));

  // The plan, before the first request. Live, it counts the cases of resources the walks are expected to find (the
  // operations' own path values stand in for them); the mock's cases are the very ones sent.
  const expected = target.kind === "live" ? Object.fromEntries(operations.filter((o) => o.row.pathParameters.length > 0).map((o) => [o.operationId, pathValuesFor(o, { target: target.kind, pathValues: {} })])) : {};
  if (options.examples > 0) await prepareCoverage(operations);
  const planned = casesOf(target.kind, operations, expected, options.examples);
  const asked = options.examples > 0 ? await properties(operations, options.examples, options.seed, {}) : [];
  const plan = makePlan({
    target: target.kind,
    operations,
    counts: {
      fixed: countBy(planned.fixed, (c) => c.operationId),
      coverage: countBy(planned.coverage.cases, (c) => c.operationId),
      generated: countBy(asked, (p) => p.operation.operationId, (p) => p.runs),
    },
    maxRequests: options.maxRequests,
    detailSamples: options.detailSamples,
  });
  options.onPlan?.(plan);
  const budget = plan.budget;

  const progress = options.progress && new Progress(options.progress, budget, options.ratePerMinute);
  const onEvent = (event: SenderEvent) => {
    progress?.event(event);
    options.onEvent?.(event);
  };
  const { sender, exchanges, send: sendOne } = recordingSender({ ...options, maxRequests: budget, retryReserve: plan.retryReserve, onEvent }, spec);
  // Operations some of whose cases were never sent (the budget ran out, or the run stopped): not fully judged.
  const unsent = new Set<string>();
  const send = async (c: Case) => {
    const answer = await sendOne(c);
    if (!answer) unsent.add(c.operationId);
    return answer;
  };
  // Unpaced (the mock, or a fixture): a few requests in flight at once; paced: one after the other. Answers are kept
  // in the order of the cases, so the same seed records the same run.
  const concurrency = Number.isFinite(options.ratePerMinute) ? 1 : options.concurrency ?? 4;
  const sendAll = async (cases: Case[]): Promise<(Exchange | undefined)[]> => {
    const answers: Exchange[][] = new Array(cases.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, cases.length) }, async () => {
        while (next < cases.length) {
          const i = next++;
          answers[i] = await sender.send(cases[i], byId.get(cases[i].operationId)!);
        }
      }),
    );
    for (const a of answers) exchanges.push(...(a ?? []));
    const last = answers.map((a) => a?.[a.length - 1]);
    last.forEach((a, i) => a || unsent.add(cases[i].operationId));
    return last;
  };

  // The walks may spend what the fixed cases and the coverage phase leave of the budget (with a default budget, and
  // what the plan keeps for generation): never their room, so that every operation gets its fixed cases.
  const walkRoom = budget - plan.fixed - plan.coverage - (plan.budgetSource === "default" ? plan.generated : 0);
  const walkSend = async (c: Case) => {
    if (sender.counted < walkRoom) return send(c);
    unsent.add(c.operationId);
    return undefined;
  };
  const explored: Explored =
    target.kind === "live"
      ? await explore({ operations, seed: options.seed, send: walkSend, missingId: options.missingId, detailSamples: options.detailSamples })
      : { walks: [], knowledge: {}, pathValues: {}, notes: [], skips: [] };
  const notes = [...explored.notes];
  if (unsent.size > 0 && !sender.stop) {
    notes.push(`walks stopped at their share of the request budget (${Math.max(0, walkRoom)} of ${budget}: the rest is the fixed cases' and the coverage phase's): ${[...unsent].join(", ")} not walked to the end`);
  }

  const cases = target.kind === "live" ? casesOf(target.kind, operations, explored.pathValues, 0) : planned;
  notes.push(...cases.unsupported.map((u) => `constraint not exercised: ${u}`));
  // Live, a resource that exists comes from the lists (its own, or its parent's); none listed (an empty collection, or
  // a failed walk): none known. An operation no list leads to keeps the spec's example.
  const fromLists = (op: SpecOperation) => listsOf(op).length > 0 || parentOf(op) !== undefined;
  const fixed = cases.fixed.filter((c) => {
    const op = byId.get(c.operationId)!;
    const needsResource = op.row.pathParameters.length > 0 && c.kind !== "negative" && c.auth === "token";
    if (target.kind === "live" && needsResource && fromLists(op) && !explored.pathValues[op.operationId]) {
      notes.push(`${c.id} not sent: no list showed a resource of it, so no existing ${op.row.pathParameters.join(", ")} is known`);
      return false;
    }
    return true;
  });
  // The coverage phase (cases/coverage.ts): each rule's edge values once, whatever the seed, before generation; it is
  // counted against the budget first, and generation gets what is left (a default budget: at most the plan's share).
  // Live, it is made again for the resources the walks found, without the fixed cases dropped above.
  const coverage = target.kind === "live" && options.examples > 0 ? coverageCases({ target: target.kind, pathValues: explored.pathValues }, operations, fixed) : cases.coverage;
  notes.push(...coverage.notes);
  const used = sender.counted + fixed.length + coverage.cases.length;
  const all = target.kind === "live" && options.examples > 0 ? await properties(operations, options.examples, options.seed, explored.knowledge) : asked;
  const share = plan.budgetSource === "default" ? plan.generated : undefined;
  const budgeted = withinBudget(all, { maxRequests: budget, used, coverage: coverage.cases.length, share });
  if (budgeted.note) notes.push(budgeted.note);
  if (options.examples > 0) for (const op of operations) notes.push(...ungeneratable(op));
  const generated = budgeted.properties;
  progress?.plan(sender.sent, fixed.length + coverage.cases.length + generated.reduce((n, p) => n + p.runs, 0));
  await sendAll([...fixed, ...coverage.cases]);

  const generationContext = buildContext(target.kind, allOperations, exchanges, explored.walks, settings);
  await runGenerated({
    properties: generated,
    send,
    sendAll,
    failuresOf: (exchange) => judgeExchange(exchange, byId.get(exchange.case.operationId)!, generationContext),
    left: () => budget - sender.counted,
  });

  const judgeStarted = performance.now();
  const context = buildContext(target.kind, allOperations, exchanges, explored.walks, settings);
  const verdict = judge(allOperations, exchanges, explored.walks, context, explored.skips);
  const judged = judgedOn(operations, exchanges, explored.walks);
  for (const [operationId, j] of Object.entries(judged)) if (j.notJudged) notes.push(`not judged: ${operationId}: ${j.notJudged} (no check saw a 2xx answer of it; not a pass)`);
  const notFullyJudged = operations.map((o) => o.operationId).filter((id) => unsent.has(id));
  if (notFullyJudged.length) notes.push(`not fully judged (the request budget of ${budget} ran out before all their requests were sent): ${notFullyJudged.join(", ")}`);
  const judgeMs = Math.round(performance.now() - judgeStarted);
  return resultOf({ target, spec, seed: options.seed, examples: options.examples, exchanges, walks: explored.walks, context, verdict, notes, sender, started, judgeMs, plan, judged, notFullyJudged });
}

/** A target's result; a run the sender stopped says so first in its notes (INCOMPLETE, never a silent pass). */
export function resultOf(parts: {
  target: TargetInfo;
  /** default: the package's own spec */
  spec?: SpecModel;
  seed: string;
  examples: number;
  exchanges: Exchange[];
  walks: Walk[];
  context: JudgeContext;
  verdict: Verdict;
  notes: string[];
  sender: Sender;
  /** performance.now() when the target's run began */
  started: number;
  judgeMs: number;
  plan?: RunPlan;
  judged?: Record<string, JudgedOn>;
  notFullyJudged?: string[];
}): TargetResult {
  const { sender, verdict, started, ...rest } = parts;
  return {
    ...rest,
    spec: parts.spec ?? defaultSpecModel(),
    ...verdict,
    notes: sender.stop ? [`INCOMPLETE: ${sender.stop.message}`, ...parts.notes] : parts.notes,
    requestsSent: sender.sent,
    stop: sender.stop,
    durationMs: Math.round(performance.now() - started),
  };
}
