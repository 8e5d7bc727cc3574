// Stateful cases (live only): walks that follow next_offset through the whole collection and filtered subsets, with
// page sizes drawn from the limit's range, then samples fetched by id. What the walks find (ids, real filter values,
// the collection's size) feeds the generated cases, so that they hit data that exists.
import fc from "fast-check";
import { FILTER_MATCHERS } from "../checks/filter_semantics";
import type { Skip } from "../judge";
import { pagingParameters, type SpecOperation, type SpecParameter } from "../spec";
import type { Case, Exchange, Walk } from "../types";
import type { Knowledge } from "./arbitraries";
import { isValid } from "./parameters";
import { draw } from "./seed";

/** Pages a walk with a drawn page size may take; page sizes are drawn large enough for the collection to fit. */
export const MAX_WALK_PAGES = 20;
/** Walks of the whole collection with drawn page sizes, besides the first one at the largest page size. */
export const COLLECTION_WALKS = 2;

export interface ExploreOptions {
  operations: SpecOperation[];
  seed: string;
  send: (c: Case) => Promise<Exchange | undefined>;
  /** SP_CONTRACT_MISSING_ID */
  missingId?: number;
  /** samples fetched by id besides the first, middle and last one of the collection */
  detailSamples?: number;
}

export interface Explored {
  walks: Walk[];
  knowledge: Knowledge;
  /** path values of a resource that exists, for the fixed cases */
  pathValues: Record<string, string>;
  notes: string[];
  skips: Skip[];
}

type Sample = Record<string, any>;

function pageCase(operation: SpecOperation, limit: number, offset: number, filters: Record<string, string> = {}, kind: Case["kind"] = "page"): Case {
  const label = Object.entries(filters).map(([k, v]) => `${k}=${v}`).join("&");
  return {
    id: `${operation.operationId}:${kind}:${label ? `${label}&` : ""}limit=${limit}&offset=${offset}`,
    operationId: operation.operationId,
    kind,
    description: kind === "page" ? `page at offset ${offset} of the whole collection` : `filtered page at offset ${offset}`,
    pathParams: {},
    query: { ...filters, limit: String(limit), offset: String(offset) },
    auth: "token",
  };
}

/** Follows next_offset from the first offset, at most `maxPages` pages. */
export async function walk(send: ExploreOptions["send"], op: SpecOperation, limit: number, filters: Record<string, string>, maxPages: number): Promise<Walk> {
  const pages: Exchange[] = [];
  let offset = pagingParameters(op)!.offset;
  let complete = false;
  for (let i = 0; i < maxPages; i++) {
    const page = await send(pageCase(op, limit, offset, filters, Object.keys(filters).length ? "filter" : "page"));
    if (!page) break;
    pages.push(page);
    const body = page.response.json as any;
    if (page.response.status !== 200 || !Array.isArray(body?.data)) break;
    const next = body.pagination?.next_offset;
    if (next === null || next === undefined) {
      complete = true;
      break;
    }
    if (typeof next !== "number" || next <= offset) break;
    offset = next;
  }
  return { operationId: op.operationId, filters, limit, pages, complete };
}

/** The values of an item's field that are valid values of a filter parameter (a field may hold a list: tags). */
const filterValues = (op: SpecOperation, p: SpecParameter, item: Sample, field: string): string[] =>
  [item[field]].flat().filter((v): v is string => typeof v === "string" && v.length > 0 && isValid(op, p, v));

const itemsOf = (w: Walk): Sample[] => w.pages.flatMap((p) => ((p.response.json as any)?.data ?? []) as Sample[]).filter((x) => x && typeof x === "object");

/**
 * A page size drawn from [the smallest that fits `count` items in MAX_WALK_PAGES, `largest` (default: the largest
 * limit)].
 */
function drawLimit(op: SpecOperation, count: number, seed: string, label: string, largest = pagingParameters(op)!.limit): number {
  const max = pagingParameters(op)!.limit;
  const min = Math.min(max, Math.ceil(count / MAX_WALK_PAGES) || 1);
  return draw(fc.integer({ min, max: Math.max(min, Math.min(largest, max)) }), seed, label);
}

/** The same hex digest with letters in a drawn mix of cases, different from the original ("either case"). */
const otherCase = (value: string, seed: string, label: string) =>
  draw(
    fc.array(fc.boolean(), { minLength: value.length, maxLength: value.length }).map((upper) => [...value].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join("")).filter((v) => v !== value),
    seed,
    label,
  );

export async function explore(options: ExploreOptions): Promise<Explored> {
  const explored: Explored = { walks: [], knowledge: { ids: {}, values: {} }, pathValues: {}, notes: [], skips: [] };
  const { operations, seed } = options;
  const listOp = operations.find((o) => pagingParameters(o));
  if (!listOp) return explored;
  // The whole collection at the largest page size first: what it finds drives everything else.
  const first = await walk(options.send, listOp, pagingParameters(listOp)!.limit, {}, Number.MAX_SAFE_INTEGER);
  explored.walks.push(first);
  const items = itemsOf(first);
  const total = (first.pages[first.pages.length - 1]?.response.json as any)?.pagination?.total;
  if (first.complete && typeof total === "number") explored.knowledge.total = total;
  else explored.notes.push(`the walk of the whole collection did not reach its end; pages are not compared with the collection`);
  for (const [key, value] of Object.entries(items[0] ?? {})) if (typeof value === "number" || typeof value === "string") explored.pathValues[key] ??= String(value);
  const detailOp = operations.find((o) => o.parameters.some((p) => p.in === "path"));
  for (const p of detailOp?.parameters.filter((x) => x.in === "path") ?? []) {
    explored.knowledge.ids[p.name] = items.filter((item) => item[p.name] !== undefined).map((item) => String(item[p.name]));
  }
  for (const [parameter, matcher] of Object.entries(FILTER_MATCHERS)) {
    const p = listOp.parameters.find((x) => x.in === "query" && x.name === parameter);
    if (p) explored.knowledge.values[parameter] = [...new Set(items.flatMap((item) => filterValues(listOp, p, item, matcher.field)))];
  }

  // The whole collection again, with drawn page sizes, a small one (up to a quarter of the largest) and one of any
  // size: the pages must tile it the same way.
  const largest = pagingParameters(listOp)!.limit;
  for (let i = 0; i < COLLECTION_WALKS; i++) {
    const limit = drawLimit(listOp, items.length, seed, `collection walk ${i}`, i === 0 ? Math.ceil(largest / 4) : largest);
    explored.walks.push(await walk(options.send, listOp, limit, {}, MAX_WALK_PAGES));
  }

  if (items.length === 0) {
    const reason = "the collection is empty: no real values to use";
    explored.skips.push({ check: "filter_semantics", operationId: listOp.operationId, reason });
    if (detailOp) explored.skips.push({ check: "list_detail_consistency", operationId: detailOp.operationId, reason });
    return explored;
  }

  // Filtered subsets: each filter with a value of a drawn sample; sha256 in another case, since either case matches.
  for (const p of listOp.parameters.filter((x) => x.in === "query" && x.name !== "limit" && x.name !== "offset")) {
    const matcher = FILTER_MATCHERS[p.name];
    if (!matcher) {
      explored.notes.push(`filter_semantics: ${listOp.operationId} ${p.name} not judged: the items carry no field to compare it with`);
      continue;
    }
    const candidates = items.filter((item) => filterValues(listOp, p, item, matcher.field).length > 0);
    if (candidates.length === 0) {
      explored.notes.push(`filter_semantics: ${listOp.operationId} ${p.name} not judged: no item has a ${matcher.field} that is a valid ${p.name} value`);
      continue;
    }
    const source = candidates[draw(fc.nat({ max: candidates.length - 1 }), seed, `${p.name} source`)];
    const real = filterValues(listOp, p, source, matcher.field);
    let value = real[draw(fc.nat({ max: real.length - 1 }), seed, `${p.name} value`)];
    if (/either case/i.test(p.description ?? "") && value.toLowerCase() !== value.toUpperCase()) value = otherCase(value, seed, `${p.name} case`);
    const matching = items.filter((item) => matcher.matches(item, value)).length;
    const filtered = await walk(options.send, listOp, drawLimit(listOp, matching, seed, `${p.name} walk`), { [p.name]: value }, MAX_WALK_PAGES);
    explored.walks.push({ ...filtered, source });
  }

  // Samples by id: the first, middle and last of the collection, and some drawn ones.
  if (detailOp && detailOp.parameters.filter((p) => p.in === "path").every((p) => items.some((item) => p.name in item))) {
    const picks = new Set([0, Math.floor((items.length - 1) / 2), items.length - 1]);
    for (const i of draw(fc.array(fc.nat({ max: items.length - 1 }), { minLength: options.detailSamples ?? 3, maxLength: options.detailSamples ?? 3 }), seed, "detail picks")) picks.add(i);
    const pathOf = (item: Sample) => Object.fromEntries(detailOp.parameters.filter((p) => p.in === "path").map((p) => [p.name, String(item[p.name])]));
    for (const i of picks) {
      const pathParams = pathOf(items[i]);
      await options.send({ id: `${detailOp.operationId}:detail:${Object.values(pathParams).join("/")}`, operationId: detailOp.operationId, kind: "detail", description: "a listed sample, fetched by id", pathParams, query: {}, auth: "token", listed: items[i] });
    }
    // An id no sample has: SP_CONTRACT_MISSING_ID, or past the largest of a complete walk.
    const idParam = detailOp.parameters.find((p) => p.in === "path")!;
    const ids = items.map((i) => i[idParam.name]).filter((x): x is number => Number.isSafeInteger(x));
    const missing = options.missingId !== undefined ? String(options.missingId) : first.complete && ids.length ? String(Math.max(...ids) + 1) : undefined;
    if (missing === undefined) {
      explored.skips.push({ check: "missing_resource", operationId: detailOp.operationId, reason: "the walk did not reach the end, so no id is known to be missing; set SP_CONTRACT_MISSING_ID" });
    } else {
      await options.send({ id: `${detailOp.operationId}:missing:${missing}`, operationId: detailOp.operationId, kind: "missing", description: "an id no sample has", pathParams: { [idParam.name]: missing }, query: {}, auth: "token" });
    }
  }
  return explored;
}
