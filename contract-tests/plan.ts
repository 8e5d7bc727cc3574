// The run's plan, made before the first request: per operation, the fixed cases, the coverage phase, the generated
// cases and (live) the walks, and from them the default request budget. Walks follow the data, so their pages are an
// estimate from the walks' own bounds (cases/walks.ts); everything else is counted exactly as the engine will send it.
import { listsOf } from "./collections";
import { COLLECTION_WALKS, MAX_WALK_PAGES } from "./cases/walks";
import type { SpecOperation } from "./spec";
import type { TargetKind } from "./types";

/**
 * What the default plan aims at: 15 minutes at the 120 requests a minute production allows. The generated phase is
 * cut to fit it (never below MIN_GENERATED_PER_OPERATION); the fixed cases, the coverage phase and the walks never
 * are, so that every operation is judged.
 */
export const DEFAULT_PLAN_REQUESTS = 15 * 120;
/** Generated requests per operation a default plan keeps however large the spec (SP_CONTRACT_EXAMPLES permitting). */
export const MIN_GENERATED_PER_OPERATION = 4;
/** Room for 429 retries beside the budget, as a share of it: a server limiting one request in seven needs 1/6. */
export const RETRY_SHARE = 1 / 4;
/**
 * Pages a walk is planned at: the first walk of a collection at the largest page size; a walk with a drawn page size
 * (at most MAX_WALK_PAGES: its smallest page size fits the collection in that many); a filtered subset's walk.
 */
const PLANNED_PAGES = { first: 2, drawn: Math.ceil(MAX_WALK_PAGES / 4), filtered: 2 } as const;
/** Collections of a nested list walked (parents its parent's list showed): the first, middle, last and the samples. */
const parentsWalked = (detailSamples: number) => 3 + detailSamples;

interface OperationPlan {
  operationId: string;
  fixed: number;
  coverage: number;
  /** generated requests the operation asks (SP_CONTRACT_EXAMPLES, or none it can generate) */
  generated: number;
  /** walk pages, listed items fetched by id and missing resources asked for: an estimate (live only) */
  walks: number;
}

export interface RunPlan {
  target: TargetKind;
  operations: OperationPlan[];
  fixed: number;
  coverage: number;
  walks: number;
  /** generated requests the operations ask */
  generatedAsked: number;
  /** generated requests the plan holds: all asked, or (default budget) what fits DEFAULT_PLAN_REQUESTS */
  generated: number;
  /** fixed + coverage + walks + generated */
  total: number;
  /** the request budget: SP_CONTRACT_MAX_REQUESTS, else the default (the plan, with room for its walks to run long) */
  budget: number;
  budgetSource: "default" | "SP_CONTRACT_MAX_REQUESTS";
  /** live: retries of 429s beside the budget (RETRY_SHARE of it) */
  retryReserve: number;
}

/** The number of requests each source will send for one operation, as counted by the engine. */
export interface PlanCounts {
  fixed: Map<string, number>;
  coverage: Map<string, number>;
  generated: Map<string, number>;
}

/** Walk requests one operation is planned at: its pages as a list, its items fetched by id, its missing resource. */
function walkEstimate(op: SpecOperation, selected: SpecOperation[], detailSamples: number): number {
  let requests = 0;
  const page = op.row.page;
  if (page && page.kind !== "link" && page.limit !== null) {
    const collections = op.row.pathParameters.length > 0 ? parentsWalked(detailSamples) : 1;
    requests += collections * PLANNED_PAGES.first + COLLECTION_WALKS * PLANNED_PAGES.drawn + Object.keys(op.row.filters).length * PLANNED_PAGES.filtered;
  }
  if (listsOf(op).some((list) => selected.includes(list))) requests += parentsWalked(detailSamples);
  if (op.row.pathParameters.length > 0 && op.statuses.includes("404")) requests += 1;
  return requests;
}

const sum = (ops: OperationPlan[], key: "fixed" | "coverage" | "generated" | "walks") => ops.reduce((n, o) => n + o[key], 0);

/**
 * The plan of one target over the selected operations. `maxRequests` is SP_CONTRACT_MAX_REQUESTS (undefined: the
 * default budget, derived from the plan: its total, plus as much again as the walks are estimated at).
 */
export function makePlan(options: { target: TargetKind; operations: SpecOperation[]; counts: PlanCounts; maxRequests?: number; detailSamples?: number }): RunPlan {
  const { target, operations, counts } = options;
  const perOperation: OperationPlan[] = operations.map((op) => ({
    operationId: op.operationId,
    fixed: counts.fixed.get(op.operationId) ?? 0,
    coverage: counts.coverage.get(op.operationId) ?? 0,
    generated: counts.generated.get(op.operationId) ?? 0,
    walks: target === "live" ? walkEstimate(op, operations, options.detailSamples ?? 3) : 0,
  }));
  const [fixed, coverage, walks, generatedAsked] = [sum(perOperation, "fixed"), sum(perOperation, "coverage"), sum(perOperation, "walks"), sum(perOperation, "generated")];
  const mandatory = fixed + coverage + walks;
  const generating = perOperation.filter((o) => o.generated > 0).length;
  const floor = Math.min(generatedAsked, MIN_GENERATED_PER_OPERATION * generating);
  const generated = options.maxRequests !== undefined ? generatedAsked : Math.min(generatedAsked, Math.max(floor, DEFAULT_PLAN_REQUESTS - mandatory));
  const total = mandatory + generated;
  const budget = options.maxRequests ?? total + walks;
  return {
    target,
    operations: perOperation,
    fixed,
    coverage,
    walks,
    generatedAsked,
    generated,
    total,
    budget,
    budgetSource: options.maxRequests !== undefined ? "SP_CONTRACT_MAX_REQUESTS" : "default",
    retryReserve: target === "live" ? Math.ceil(budget * RETRY_SHARE) : 0,
  };
}

const minutes = (requests: number, ratePerMinute: number) => {
  const s = Math.round((requests * 60) / ratePerMinute);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
};

/** The plan in a few lines: what each source sends, the budget and, when paced, the time it takes. */
export function formatPlan(plan: RunPlan, ratePerMinute: number): string[] {
  const generated = plan.generated === plan.generatedAsked ? `${plan.generated} generated` : `${plan.generated} generated (of ${plan.generatedAsked} asked: the default plan fits ${DEFAULT_PLAN_REQUESTS})`;
  const walks = plan.target === "live" ? ` + about ${plan.walks} walk requests` : "";
  const lines = [`plan: ${plan.operations.length} operation(s): ${plan.fixed} fixed + ${plan.coverage} coverage${walks} + ${generated} = ${plan.total} requests`];
  const source = plan.budgetSource === "SP_CONTRACT_MAX_REQUESTS" ? "SP_CONTRACT_MAX_REQUESTS" : plan.walks > 0 ? "default: the plan, and as much again as its walks for walks that run long" : "default: the plan";
  const retries = plan.retryReserve > 0 ? `, and up to ${plan.retryReserve} retries of 429s beside it` : "";
  const time = Number.isFinite(ratePerMinute) ? `; about ${minutes(plan.total, ratePerMinute)} at ${ratePerMinute} a minute (longer if the server asks to wait)` : "";
  lines.push(`  budget ${plan.budget} requests (${source})${retries}${time}`);
  if (plan.budgetSource === "SP_CONTRACT_MAX_REQUESTS" && plan.fixed + plan.coverage + plan.walks > plan.budget) {
    lines.push(`  the budget is smaller than the fixed cases, coverage and walks (${plan.fixed + plan.coverage + plan.walks}): some operations will not be fully judged`);
  }
  return lines;
}
