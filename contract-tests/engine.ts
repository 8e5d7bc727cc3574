// The engine: sends the cases to one target, applies every check that fits each exchange, and tallies the verdict.
// Used by run.ts (the CLI) and, in-process, by the self-tests.
import { CHECKS, type CheckDefinition } from "./checks";
import { FILTER_MATCHERS } from "./checks/filter_semantics";
import { undeclared_properties } from "./checks/undeclared_properties";
import { pageCase, pagingParameters, staticCases } from "./cases";
import { Sender, type Stop } from "./http";
import { documentedStatus, specOperations, type SpecOperation } from "./spec";
import type { Case, Exchange, Failure, TargetInfo, Warning } from "./types";

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
  operationId: string;
  status: number;
  /** JSON pointer with item indexes folded to "*" */
  pointer: string;
  count: number;
  message: string;
  example: Warning;
}

export interface Coverage {
  documented: string[];
  observed: string[];
  unseen: string[];
}

export interface TargetResult {
  target: TargetInfo;
  exchanges: Exchange[];
  failures: Failure[];
  warnings: AggregatedWarning[];
  tallies: Tally[];
  /** things the run could not do, said plainly (live-only data missing, unsupported constraints, ...) */
  notes: string[];
  requestsSent: number;
  stop?: Stop;
  coverage: Record<string, Coverage>;
  /** wall time of the whole target, and of the judging alone (the rest is waiting for answers) */
  durationMs: number;
  judgeMs: number;
}

export interface EngineOptions {
  target: TargetInfo;
  token: string;
  maxRequests: number;
  ratePerMinute: number;
  timeoutMs: number;
  maxRetryAfterSeconds: number;
  missingId?: number;
  /** pages walked per filter at most */
  maxFilterPages?: number;
  /** samples fetched by id to compare with the list */
  detailSamples?: number;
  /** requests in flight at once when unpaced (default 6) */
  concurrency?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Operations a check can judge at all (for skips and the table's n/a cells). */
function fits(check: CheckDefinition, op: SpecOperation): boolean {
  const hasPath = op.parameters.some((p) => p.in === "path");
  switch (check.name) {
    case "pagination_consistency":
    case "filter_semantics":
      return pagingParameters(op) !== undefined;
    case "list_detail_consistency":
    case "missing_resource":
      return hasPath;
    case "ignored_auth":
      return op.secured;
    default:
      return true;
  }
}

interface Sequence {
  sequence: "walk" | "filter";
  operationId: string;
  exchanges: Exchange[];
}

export async function runTarget(options: EngineOptions): Promise<TargetResult> {
  const started = performance.now();
  const { target } = options;
  const live = target.kind === "live";
  const operations = specOperations();
  const byId = new Map(operations.map((o) => [o.operationId, o]));
  const sender = new Sender({
    target,
    token: options.token,
    ratePerMinute: options.ratePerMinute,
    maxRequests: options.maxRequests,
    timeoutMs: options.timeoutMs,
    maxRetryAfterSeconds: options.maxRetryAfterSeconds,
    retryOn429: live,
    sleep: options.sleep,
  });
  const exchanges: Exchange[] = [];
  const sequences: Sequence[] = [];
  const notes: string[] = [];
  const liveSkips: { check: string; operationId: string; reason: string }[] = [];

  const send = async (c: Case): Promise<Exchange | undefined> => {
    const sent = await sender.send(c, byId.get(c.operationId)!);
    exchanges.push(...sent);
    return sent[sent.length - 1];
  };
  /** Follows next_offset from `first`; returns the final answer of each page. */
  const walk = async (op: SpecOperation, limit: number, query: Record<string, string>, kind: Case["kind"], maxPages: number): Promise<Exchange[]> => {
    const pages: Exchange[] = [];
    let offset = pagingParameters(op)!.offset;
    for (let i = 0; i < maxPages; i++) {
      const page = await send(pageCase(op, limit, offset, query, kind));
      if (!page) break;
      pages.push(page);
      const next = (page.response.json as any)?.pagination?.next_offset;
      if (page.response.status !== 200 || typeof next !== "number" || next <= offset) break;
      offset = next;
    }
    return pages;
  };

  // Live: walk the whole collection first; what it finds drives the other live-only cases.
  const items = new Map<string, Record<string, any>[]>();
  const pathValues: Record<string, string> = {};
  let walkComplete = false;
  if (live) {
    for (const op of operations) {
      const paging = pagingParameters(op);
      if (!paging) continue;
      const pages = await walk(op, paging.limit, {}, "page", Number.MAX_SAFE_INTEGER);
      sequences.push({ sequence: "walk", operationId: op.operationId, exchanges: pages });
      const last = pages[pages.length - 1]?.response.json as any;
      walkComplete = Boolean(last && last.pagination && (last.pagination.next_offset === null || last.pagination.next_offset === undefined));
      const found = pages.flatMap((p) => ((p.response.json as any)?.data ?? []) as Record<string, any>[]).filter((x) => x && typeof x === "object");
      items.set(op.operationId, found);
      for (const [key, value] of Object.entries(found[0] ?? {})) if (typeof value === "number" || typeof value === "string") pathValues[key] ??= String(value);
    }
  }
  const allItems = [...items.values()].flat();

  // Spec-derived cases: baselines, edges, one-rule breaks, auth, forced 429.
  const plan = staticCases({ target: target.kind, pathValues });
  notes.push(...plan.unsupported.map((u) => `constraint not exercised: ${u}`));
  const toSend = plan.cases.filter((c) => {
    const op = byId.get(c.operationId)!;
    const needsResource = op.parameters.some((p) => p.in === "path") && c.kind !== "negative" && c.auth === "token";
    if (live && needsResource && allItems.length === 0) {
      notes.push(`${c.id} not sent: the collection is empty, so no existing ${op.parameters.find((p) => p.in === "path")!.name} is known`);
      return false;
    }
    return true;
  });
  // Unpaced (the mock, or a fixture): a few requests in flight at once; paced: one after the other.
  const concurrency = Number.isFinite(options.ratePerMinute) ? 1 : options.concurrency ?? 4;
  const answers: Exchange[][] = new Array(toSend.length);
  let nextIndex = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, toSend.length) }, async () => {
      while (nextIndex < toSend.length) {
        const i = nextIndex++;
        answers[i] = await sender.send(toSend[i], byId.get(toSend[i].operationId)!);
      }
    }),
  );
  for (const a of answers) exchanges.push(...(a ?? []));

  if (live) {
    const listOp = operations.find((o) => items.has(o.operationId));
    const detailOp = operations.find((o) => {
      const path = o.parameters.filter((p) => p.in === "path");
      return path.length > 0 && path.every((p) => allItems.some((item) => p.name in item));
    });
    if (allItems.length === 0) {
      for (const name of ["filter_semantics", "list_detail_consistency", "missing_resource"]) {
        for (const op of operations) if (fits(CHECKS.find((c) => c.name === name)!, op)) liveSkips.push({ check: name, operationId: op.operationId, reason: "the collection is empty: no real values to use" });
      }
    }
    // list_detail_consistency: first, middle and last sample of the walk.
    if (detailOp && allItems.length > 0) {
      const count = options.detailSamples ?? 3;
      const picks = [...new Set([0, Math.floor((allItems.length - 1) / 2), allItems.length - 1])].slice(0, count).map((i) => allItems[i]);
      for (const item of picks) {
        const pathParams = Object.fromEntries(detailOp.parameters.filter((p) => p.in === "path").map((p) => [p.name, String(item[p.name])]));
        await send({ id: `${detailOp.operationId}:detail:${Object.values(pathParams).join("/")}`, operationId: detailOp.operationId, kind: "detail", description: "a listed sample, fetched by id", pathParams, query: {}, auth: "token", listed: item });
      }
    }
    // filter_semantics: each filter with a value taken from a real item.
    if (listOp && allItems.length > 0) {
      const paging = pagingParameters(listOp)!;
      for (const p of listOp.parameters.filter((x) => x.in === "query" && x.name !== "limit" && x.name !== "offset")) {
        const matcher = FILTER_MATCHERS[p.name];
        if (!matcher) {
          notes.push(`filter_semantics: ${listOp.operationId} ${p.name} not judged: the items carry no field to compare it with`);
          continue;
        }
        let source: Record<string, any> | undefined;
        let value: string | undefined;
        for (const item of allItems) {
          const raw = item[matcher.field];
          const candidate = Array.isArray(raw) ? raw.find((x) => typeof x === "string" && x.length > 0) : typeof raw === "string" && raw.length > 0 ? raw : undefined;
          if (candidate !== undefined && listOp.validateParameter("query", { [p.name]: candidate }).length === 0) {
            source = item;
            value = candidate;
            break;
          }
        }
        if (!source || value === undefined) {
          notes.push(`filter_semantics: ${listOp.operationId} ${p.name} not judged: no item has a ${matcher.field} that is a valid ${p.name} value`);
          continue;
        }
        const pages = await walk(listOp, paging.limit, { [p.name]: value }, "filter", options.maxFilterPages ?? 5);
        for (const page of pages) page.case.filter = { parameter: p.name, value, source };
        sequences.push({ sequence: "filter", operationId: listOp.operationId, exchanges: pages });
      }
    }
    // missing_resource: an id past the largest seen, or SP_CONTRACT_MISSING_ID.
    if (detailOp && allItems.length > 0) {
      const idParam = detailOp.parameters.find((p) => p.in === "path")!;
      const ids = allItems.map((i) => i[idParam.name]).filter((x): x is number => Number.isSafeInteger(x));
      let missing: string | undefined;
      if (options.missingId !== undefined) missing = String(options.missingId);
      else if (ids.length > 0 && walkComplete) missing = String(Math.max(...ids) + 1);
      if (missing === undefined) {
        liveSkips.push({ check: "missing_resource", operationId: detailOp.operationId, reason: "the walk did not reach the end, so no id is known to be missing; set SP_CONTRACT_MISSING_ID" });
      } else {
        await send({ id: `${detailOp.operationId}:missing:${missing}`, operationId: detailOp.operationId, kind: "missing", description: "an id no sample has", pathParams: { [idParam.name]: missing }, query: {}, auth: "token" });
      }
    }
  }

  // Judge.
  const judgeStarted = performance.now();
  const failures: Failure[] = [];
  const tallies = new Map<string, Tally>();
  const tally = (check: string, operationId: string) => {
    const key = `${check}\u0000${operationId}`;
    if (!tallies.has(key)) tallies.set(key, { check, operationId, pass: 0, fail: 0, skip: 0, skipReasons: [] });
    return tallies.get(key)!;
  };
  for (const check of CHECKS) for (const op of operations) if (fits(check, op)) tally(check.name, op.operationId);
  const skip = (check: string, operationId: string, reason: string) => {
    const t = tally(check, operationId);
    t.skip++;
    if (!t.skipReasons.includes(reason)) t.skipReasons.push(reason);
  };
  /** One run of a check on one exchange or sequence: a pass, or a fail with its failures. */
  const record = (check: string, operationId: string, found: Failure[]) => {
    const t = tally(check, operationId);
    if (found.length) {
      t.fail++;
      failures.push(...found);
    } else t.pass++;
  };
  for (const check of CHECKS) {
    const inScope = !check.only || check.only === target.kind;
    if (!inScope) {
      for (const op of operations) if (fits(check, op)) skip(check.name, op.operationId, check.skipReason ?? `${check.only} only`);
      continue;
    }
    if (check.kind === "exchange") {
      for (const exchange of exchanges) {
        if (!check.appliesTo(exchange)) continue;
        const op = byId.get(exchange.case.operationId)!;
        record(check.name, op.operationId, check.run(exchange, op));
      }
      const partial = check.partialOn?.[target.kind];
      if (partial) {
        for (const op of operations) {
          const relevant = check.name !== "negative_data_rejection" || documentedStatus(op, 400) === "400";
          if (fits(check, op) && relevant) skip(check.name, op.operationId, partial);
        }
      }
    } else {
      for (const s of sequences.filter((x) => x.sequence === check.sequence && x.exchanges.length > 0)) {
        const op = byId.get(s.operationId)!;
        record(check.name, op.operationId, check.run(s.exchanges, op));
      }
    }
  }
  for (const s of liveSkips) skip(s.check, s.operationId, s.reason);

  // Warnings: undeclared properties, folded by place.
  const warnings = new Map<string, AggregatedWarning>();
  for (const exchange of exchanges) {
    if (exchange.response.status === 0) continue;
    for (const w of undeclared_properties(exchange, byId.get(exchange.case.operationId)!)) {
      const pointer = (w.pointer ?? "").replace(/\/\d+(?=\/|$)/g, "/*");
      const key = `${w.operationId} ${exchange.response.status} ${pointer}`;
      const existing = warnings.get(key);
      if (existing) existing.count++;
      else warnings.set(key, { operationId: w.operationId, status: exchange.response.status, pointer, count: 1, message: w.message.replace(w.pointer ?? "", pointer), example: w });
    }
  }

  // Coverage: which documented responses were seen.
  const coverage: Record<string, Coverage> = {};
  for (const op of operations) {
    const observed = new Set<string>();
    for (const e of exchanges) {
      if (e.case.operationId !== op.operationId || e.response.status === 0) continue;
      const documented = documentedStatus(op, e.response.status);
      if (documented) observed.add(documented);
    }
    coverage[op.operationId] = {
      documented: op.statuses,
      observed: op.statuses.filter((s) => observed.has(s)),
      unseen: op.statuses.filter((s) => !observed.has(s)),
    };
  }
  const judgeMs = Math.round(performance.now() - judgeStarted);
  if (sender.stop) notes.unshift(`INCOMPLETE: ${sender.stop.message}`);

  return {
    target,
    exchanges,
    failures,
    warnings: [...warnings.values()],
    tallies: [...tallies.values()],
    notes,
    requestsSent: sender.sent,
    stop: sender.stop,
    coverage,
    durationMs: Math.round(performance.now() - started),
    judgeMs,
  };
}
