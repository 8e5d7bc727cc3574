// `npm run contract -- --replay reports/contract-summary.json`: sends exactly the failed requests of an earlier run
// again (the smallest form of a generated case; every page of a failed walk) and judges them with what that run knew
// (each collection's order, the items its lists showed). The role of Schemathesis's `st replay`.
import { readFileSync } from "node:fs";
import { UsageError, type ContractConfig } from "./config";
import { resultOf, type TargetResult } from "./engine";
import { MAX_WALK_PAGES, walk } from "./cases/walks";
import { CREDENTIALS } from "./credentials";
import { recordingSender } from "./recording-sender";
import { buildContext, judge } from "./judge";
import { operationById, specOperations } from "./spec";
import type { Case, Collection, JudgeContext, TargetInfo, Walk } from "./types";

/** One target of the summary, as much of it as a replay needs. */
export interface ReplayTarget {
  target: TargetInfo;
  seed: string;
  /** single failed requests, each once */
  cases: Case[];
  walks: { operationId: string; filters: Record<string, string>; limit: number; cases: Case[]; source?: Record<string, unknown> }[];
  /** each collection walked whole, by collectionKey */
  collections: Record<string, Collection>;
  /** the items the lists showed for the failed requests, by the operationId of their detail, then its path */
  listed: Record<string, Record<string, Record<string, unknown>>>;
}

type Json = Record<string, any>;

/** Reads a contract-summary.json; every defect is a UsageError naming the file, the field and the rule. */
export function readReplayFile(file: string): ReplayTarget[] {
  let summary: Json;
  try {
    summary = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new UsageError(`--replay ${file}: cannot read it as JSON (${why}); give the contract-summary.json of a run`);
  }
  const at = (where: string, rule: string) => new UsageError(`--replay ${file}: ${where} ${rule}`);
  if (!Array.isArray(summary?.targets)) throw at("targets", "must be a list (is this a contract-summary.json?)");
  const checkCase = (c: Json, where: string): Case => {
    if (!c || typeof c !== "object") throw at(where, "must be the case object a run records");
    try {
      operationById(String(c.operationId));
    } catch {
      throw at(`${where}.operationId`, `${JSON.stringify(c.operationId)} is not an operation of the spec`);
    }
    if (typeof c.auth !== "string" || !Object.hasOwn(CREDENTIALS, c.auth)) throw at(`${where}.auth`, `must be one of ${Object.keys(CREDENTIALS).map((m) => `"${m}"`).join(", ")}`);
    for (const field of ["pathParams", "query"]) {
      const value = c[field];
      if (!value || typeof value !== "object" || Object.values(value).some((v) => typeof v !== "string")) throw at(`${where}.${field}`, "must map names to strings");
    }
    return c as Case;
  };
  return summary.targets.map((t: Json, i: number): ReplayTarget => {
    const where = `targets[${i}]`;
    if (t?.kind !== "mock" && t?.kind !== "live") throw at(`${where}.kind`, `must be "mock" or "live"`);
    if (!Array.isArray(t.failures)) throw at(`${where}.failures`, "must be a list");
    const cases = new Map<string, Case>();
    const walks: ReplayTarget["walks"] = [];
    t.failures.forEach((f: Json, j: number) => {
      if (f.walk) {
        const pages = (f.walk.cases ?? []).map((c: Json, k: number) => checkCase(c, `${where}.failures[${j}].walk.cases[${k}]`));
        if (!walks.some((w) => w.cases[0]?.id === pages[0]?.id)) {
          walks.push({ operationId: f.walk.operationId, filters: f.walk.filters ?? {}, limit: f.walk.limit, cases: pages, source: f.walk.source ?? undefined });
        }
      } else if (f.case) {
        const c = checkCase(f.case, `${where}.failures[${j}].case`);
        cases.set(c.id, c);
      }
    });
    const context = t.replayContext ?? {};
    return {
      target: { name: String(t.name), kind: t.kind, baseUrl: String(t.baseUrl) },
      seed: String(t.seed ?? ""),
      cases: [...cases.values()],
      walks,
      collections: context.collections ?? {},
      listed: context.listed ?? {},
    };
  });
}

export interface ReplayOptions {
  config: ContractConfig;
  token: string;
  /** where to send: the recorded base URL is only a default (a mock's port is gone) */
  baseUrl: string;
  sleep?: (ms: number) => Promise<void>;
}

/** Sends one target's failed requests again and judges them. */
export async function replayTarget(recorded: ReplayTarget, options: ReplayOptions): Promise<TargetResult> {
  const started = performance.now();
  const target: TargetInfo = { ...recorded.target, baseUrl: options.baseUrl };
  const { config } = options;
  // A replay sends what the run recorded, each walk bounded: without SP_CONTRACT_MAX_REQUESTS, all of it.
  const maxRequests = config.maxRequests ?? recorded.cases.length + recorded.walks.reduce((n, w) => n + Math.max(w.cases.length + 1, MAX_WALK_PAGES), 0);
  const { sender, exchanges, send } = recordingSender({ ...config, maxRequests, target, token: options.token, sleep: options.sleep });
  for (const c of recorded.cases) await send(c);
  // A failed walk is walked again, with its page size and filters, following next_offset as the server answers now:
  // its recorded offsets came from the answers that failed.
  const walks: Walk[] = [];
  for (const w of recorded.walks) {
    const pages = Math.max(w.cases.length + 1, MAX_WALK_PAGES);
    const again = await walk(send, operationById(w.operationId), w.limit, w.filters, pages, w.cases[0]?.pathParams ?? {});
    walks.push(w.source ? { ...again, source: w.source } : again);
  }
  const replayed = buildContext(target.kind, specOperations(), exchanges, walks, { selection: { checks: config.checks, operations: config.operations }, maxResponseMs: config.maxResponseMs });
  // What the run knew, then what the replay saw besides; each collection walked again now, if its walk failed.
  const listed: JudgeContext["listed"] = new Map();
  for (const [detail, items] of Object.entries(recorded.listed)) listed.set(detail, new Map(Object.entries(items).map(([path, item]) => [path, { item, exchange: exchanges[0] }])));
  for (const [detail, items] of replayed.listed) {
    if (!listed.has(detail)) listed.set(detail, new Map());
    for (const [path, entry] of items) if (!listed.get(detail)!.has(path)) listed.get(detail)!.set(path, entry);
  }
  const collections = new Map([...Object.entries(recorded.collections), ...(replayed.collections ?? [])]);
  const context: JudgeContext = { ...replayed, listed, collections };
  const judgeStarted = performance.now();
  const verdict = judge(specOperations(), exchanges, walks, context);
  const notes = [`replay of ${recorded.cases.length} failed request(s) and ${recorded.walks.length} failed walk(s)`];
  const judgeMs = Math.round(performance.now() - judgeStarted);
  return resultOf({ target, seed: recorded.seed, examples: 0, exchanges, walks, context, verdict, notes, sender, started, judgeMs });
}
