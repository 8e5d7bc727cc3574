// The judge: applies every check that fits to every exchange and walk, and tallies the verdict. It knows nothing of
// where cases came from (static, generated, walks); the checks say themselves what they judge.
import { CHECKS, type Check } from "./checks";
import { collectionKey, detailPathOf, identityOf, pageItems, pageValues, pathKey } from "./collections";
import { documentedStatus, type SpecOperation } from "./spec";
import { valueAt } from "../src/shared/page";
import type { Exchange, Failure, JudgeContext, TargetKind, Walk, Warning } from "./types";

export interface Tally {
  check: string;
  operationId: string;
  pass: number;
  fail: number;
  skip: number;
  /** why (part of) the check was skipped for this operation */
  skipReasons: string[];
}

export interface AggregatedWarning {
  /** the check that warns ("undeclared_properties" for additive changes) */
  check: string;
  operationId: string;
  status: number;
  /** JSON pointer with item indexes folded to "*" */
  pointer: string;
  count: number;
  message: string;
  example: { message: string; exchange?: Exchange };
}

export interface Coverage {
  documented: string[];
  observed: string[];
  unseen: string[];
}

/** A check the run could not apply somewhere, and why (an empty collection, say). */
export interface Skip {
  check: string;
  operationId: string;
  reason: string;
}

/** Response times of an operation's answers, in ms. */
export interface Latency {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

export interface Verdict {
  failures: Failure[];
  tallies: Tally[];
  warnings: AggregatedWarning[];
  coverage: Record<string, Coverage>;
  latency: Record<string, Latency>;
}

const inScope = (check: Check, kind: TargetKind) => !check.only || check.only === kind;
const fits = (check: Check, operation: SpecOperation) => !check.operations || check.operations(operation);

/** Why a check does not judge an operation it fits in this run, or undefined when it does. */
function notJudged(check: Check, operation: SpecOperation, context: JudgeContext): string | undefined {
  if (!inScope(check, context.kind)) return check.skipReason ?? `${check.only} only`;
  const { checks, operations } = context.selection ?? {};
  if (checks && !checks.includes(check.name)) return "not selected (SP_CONTRACT_CHECKS)";
  if (operations && !operations.includes(operation.operationId)) return "operation not selected (SP_CONTRACT_OPERATIONS)";
  return check.disabled?.(context);
}

// judgeExchange and warningsOf ask it of every exchange: kept per context and operation (neither changes once built).
const checksInRunByContext = new WeakMap<JudgeContext, Map<SpecOperation, Check[]>>();

/** The checks that judge an operation in this run: those that fit it, in scope and selected, in CHECKS order. */
function checksInRun(operation: SpecOperation, context: JudgeContext): Check[] {
  let byOperation = checksInRunByContext.get(context);
  if (!byOperation) checksInRunByContext.set(context, (byOperation = new Map()));
  let checks = byOperation.get(operation);
  if (!checks) byOperation.set(operation, (checks = CHECKS.filter((c) => fits(c, operation) && !notJudged(c, operation, context))));
  return checks;
}

/** Whether an exchange's failures of `check` are left to a smaller generated case that fails it the same way. */
const supersededFor = (exchange: Exchange, check: string) => exchange.supersededFor?.includes(check) ?? false;

type Sighting = { detail: string; path: string; item: Record<string, unknown> };

// The engine builds the context twice (for the generated phase, then for the verdict) from mostly the same answers.
const sightingsByList = new WeakMap<SpecOperation, WeakMap<Exchange, Sighting[]>>();

/** The items of one list answer, with the detail path of each (the list's detail, from the table). */
function sightings(list: SpecOperation, exchange: Exchange): Sighting[] {
  let byExchange = sightingsByList.get(list);
  if (!byExchange) sightingsByList.set(list, (byExchange = new WeakMap()));
  let found = byExchange.get(exchange);
  if (!found) byExchange.set(exchange, (found = sightingsOf(list, exchange)));
  return found;
}

function sightingsOf(list: SpecOperation, exchange: Exchange): Sighting[] {
  const detail = list.row.detail && list.spec.operations.find((o) => o.operationId === list.row.detail!.operationId);
  if (!detail) return [];
  return pageItems(list, exchange.response.json).flatMap((item) => {
    const path = detailPathOf(list, item, exchange.case.pathParams);
    return path ? [{ detail: detail.operationId, path: pathKey(detail, path), item }] : [];
  });
}

/**
 * What the judge knows beyond one exchange, per operation: the items every list showed (by their detail), and each
 * collection walked whole.
 */
export function buildContext(
  kind: TargetKind,
  operations: SpecOperation[],
  exchanges: Exchange[],
  walks: Walk[],
  settings: Pick<JudgeContext, "selection" | "maxResponseMs"> = {},
): JudgeContext {
  const byId = new Map(operations.map((o) => [o.operationId, o]));
  const listed: JudgeContext["listed"] = new Map();
  for (const exchange of exchanges) {
    const list = byId.get(exchange.case.operationId);
    if (!list?.row.page || exchange.response.status !== 200 || exchange.case.auth !== "token") continue;
    for (const { detail, path, item } of sightings(list, exchange)) {
      if (!listed.has(detail)) listed.set(detail, new Map());
      if (!listed.get(detail)!.has(path)) listed.get(detail)!.set(path, { item, exchange });
    }
  }
  return { kind, listed, collections: collectionsOf(byId, walks), ...settings };
}

/** Each collection walked to its end without filters, every page answered 200: its items in order and its total. */
function collectionsOf(byId: Map<string, SpecOperation>, walks: Walk[]): NonNullable<JudgeContext["collections"]> {
  const collections: NonNullable<JudgeContext["collections"]> = new Map();
  for (const w of walks) {
    const list = byId.get(w.operationId);
    if (!list?.row.page || !w.complete || Object.keys(w.filters).length > 0 || !w.pages.every((p) => p.response.status === 200)) continue;
    const key = collectionKey(list, w.pathParams ?? {});
    if (collections.has(key)) continue;
    const ids = w.pages.flatMap((p) => pageValues(list, p.response.json).map((item) => identityOf(list, item)));
    // An offset layout may state its total; any other layout's collection is what the walk found.
    const layout = list.row.page;
    const total = layout.kind === "offset" && layout.total ? valueAt(w.pages[w.pages.length - 1].response.json, layout.total) : undefined;
    collections.set(key, { ids, total: typeof total === "number" ? total : ids.length });
  }
  return collections;
}

/** The failures of one exchange, by every check in scope that fits it (for shrinking a generated case). */
export function judgeExchange(exchange: Exchange, operation: SpecOperation, context: JudgeContext): Failure[] {
  return checksInRun(operation, context)
    .filter((c) => c.exchange?.judge && c.exchange.appliesTo(exchange, operation, context))
    .flatMap((c) => c.exchange!.judge!(exchange, operation, context));
}

export function judge(operations: SpecOperation[], exchanges: Exchange[], walks: Walk[], context: JudgeContext, skips: Skip[] = []): Verdict {
  const byId = new Map(operations.map((o) => [o.operationId, o]));
  const failures: Failure[] = [];
  // In the order first seen (the reports' order), and by check, then operation, for the lookup of every exchange's.
  const tallies: Tally[] = [];
  const talliesByCheck = new Map<string, Map<string, Tally>>();
  const tally = (check: string, operationId: string) => {
    let byOperation = talliesByCheck.get(check);
    if (!byOperation) talliesByCheck.set(check, (byOperation = new Map()));
    let t = byOperation.get(operationId);
    if (!t) {
      t = { check, operationId, pass: 0, fail: 0, skip: 0, skipReasons: [] };
      byOperation.set(operationId, t);
      tallies.push(t);
    }
    return t;
  };
  const skip = (check: string, operationId: string, reason: string) => {
    const t = tally(check, operationId);
    t.skip++;
    if (!t.skipReasons.includes(reason)) t.skipReasons.push(reason);
  };
  /** One run of a check on one exchange or walk: a pass, or a fail with its failures. */
  const record = (check: string, operationId: string, found: Failure[]) => {
    const t = tally(check, operationId);
    if (found.length) {
      t.fail++;
      failures.push(...found);
    } else t.pass++;
  };
  for (const check of CHECKS) {
    const judged = new Set<string>();
    for (const op of operations.filter((o) => fits(check, o))) {
      tally(check.name, op.operationId);
      const why = notJudged(check, op, context);
      if (why) {
        skip(check.name, op.operationId, why);
        continue;
      }
      judged.add(op.operationId);
      const partial = check.partial?.(context.kind, op);
      if (partial) skip(check.name, op.operationId, partial);
    }
    if (check.exchange) {
      for (const exchange of exchanges) {
        const op = byId.get(exchange.case.operationId)!;
        if (!judged.has(op.operationId) || supersededFor(exchange, check.name) || !check.exchange.appliesTo(exchange, op, context)) continue;
        record(check.name, op.operationId, check.exchange.judge?.(exchange, op, context) ?? []);
      }
    }
    if (check.walk) {
      for (const walk of walks) {
        const op = byId.get(walk.operationId)!;
        if (walk.pages.length === 0 || !judged.has(op.operationId) || (check.walk.appliesTo && !check.walk.appliesTo(walk))) continue;
        record(check.name, op.operationId, check.walk.judge(walk, op, context));
      }
    }
  }
  for (const s of skips) skip(s.check, s.operationId, s.reason);
  return {
    failures,
    tallies,
    warnings: warningsOf(exchanges, walks, byId, context),
    coverage: coverageOf(operations, exchanges),
    latency: latencyOf(operations, exchanges),
  };
}

/**
 * Warnings, folded by check, operation, status and place (a warning without a place, by its message): what the
 * checks in scope notice that the spec does not require (an additive property, an order or a filter reading the spec
 * leaves open), never failures.
 */
function warningsOf(exchanges: Exchange[], walks: Walk[], byId: Map<string, SpecOperation>, context: JudgeContext): AggregatedWarning[] {
  const fromExchanges = exchanges.flatMap((exchange) => {
    const op = byId.get(exchange.case.operationId)!;
    const warners = exchange.response.status === 0 ? [] : checksInRun(op, context).filter((c) => c.exchange?.warn && c.exchange.appliesTo(exchange, op, context));
    return warners.flatMap((c) => c.exchange!.warn!(exchange, op, context).map((warning) => ({ warning, status: exchange.response.status })));
  });
  // A walk's warning is told with its last page's status.
  const fromWalks = walks.flatMap((walk) => {
    const op = byId.get(walk.operationId)!;
    const last = walk.pages[walk.pages.length - 1];
    const warners = last ? checksInRun(op, context).filter((c) => c.walk?.warn && (!c.walk.appliesTo || c.walk.appliesTo(walk))) : [];
    return warners.flatMap((c) => c.walk!.warn!(walk, op, context).map((warning) => ({ warning, status: last.response.status })));
  });
  const found: { warning: Warning; status: number }[] = [...fromExchanges, ...fromWalks];
  const warnings = new Map<string, AggregatedWarning>();
  for (const { warning: w, status } of found) {
    const pointer = (w.pointer ?? "").replace(/\/\d+(?=\/|$)/g, "/*");
    const key = `${w.check} ${w.operationId} ${status} ${pointer || w.message}`;
    const existing = warnings.get(key);
    if (existing) existing.count++;
    else warnings.set(key, { check: w.check, operationId: w.operationId, status, pointer, count: 1, message: w.message.replace(w.pointer ?? "", pointer), example: w });
  }
  return [...warnings.values()];
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];

/** p50, p95 and max response time of each operation's answers (unanswered requests have no time to count). */
function latencyOf(operations: SpecOperation[], exchanges: Exchange[]): Record<string, Latency> {
  const latency: Record<string, Latency> = {};
  for (const op of operations) {
    const times = exchanges.filter((e) => e.case.operationId === op.operationId && e.response.status !== 0).map((e) => e.elapsedMs).sort((a, b) => a - b);
    if (times.length) latency[op.operationId] = { count: times.length, p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1] };
  }
  return latency;
}

/** Which documented responses were seen. */
function coverageOf(operations: SpecOperation[], exchanges: Exchange[]): Record<string, Coverage> {
  const coverage: Record<string, Coverage> = {};
  for (const op of operations) {
    const observed = new Set<string>();
    for (const e of exchanges) {
      if (e.case.operationId !== op.operationId || e.response.status === 0) continue;
      const documented = documentedStatus(op, e.response.status);
      if (documented) observed.add(documented);
    }
    coverage[op.operationId] = { documented: op.statuses, observed: op.statuses.filter((s) => observed.has(s)), unseen: op.statuses.filter((s) => !observed.has(s)) };
  }
  return coverage;
}
