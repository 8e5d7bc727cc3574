// Stateful cases (live only): each paged list of the operation table is walked as its own collection, whatever its
// layout (offset, cursor, page number, link: the row's page), following each page's next exactly as the server gave
// it (the client's own reading, src/paginate.ts nextStep), through the whole collection and filtered subsets, with
// page sizes drawn from the size parameter's range; a list nested under a resource (row.parent) is walked under
// resources its parent's list showed; then listed items are fetched by their detail (row.detail), and resources
// known missing are asked for. What the walks find (ids, real filter values, each collection's size, by operation)
// feeds the generated cases, so that they hit data that exists. Every walk is bounded, and says why it stopped.
import fc from "fast-check";
import { detailPathOf, identityOf, itemNoun, listsOf, nestedUnder, parentOf, parentPath, pageItems, pathKey } from "../collections";
import type { Skip } from "../judge";
import { pagingParameters, type SpecOperation, type SpecParameter } from "../spec";
import { pagingParameters as layoutParameters, positionParameter, valueAt } from "../../src/shared/page";
import { describeNext, nextLink, nextStep } from "../../src/paginate";
import type { PageRow } from "../../src/shared/operation-row";
import type { Case, Exchange, Walk } from "../types";
import { filteredValues, plausiblyMatches } from "../../src/shared/filters";
import type { Knowledge } from "./arbitraries";
import { isValid } from "./parameters";
import { draw } from "./seed";

/** Pages a walk with a drawn page size may take; page sizes are drawn large enough for the collection to fit. */
export const MAX_WALK_PAGES = 20;
/** Pages the walk of a whole collection at the largest page size may take: beyond, it stops, not complete. */
export const MAX_COLLECTION_PAGES = 100;
/** Pages in a row that bring no new item while naming a next one, after which a walk is taken never to end. */
export const MAX_STALLED_PAGES = 3;
/** Walks of the whole collection with drawn page sizes, besides the first one at the largest page size. */
export const COLLECTION_WALKS = 2;

export interface ExploreOptions {
  operations: SpecOperation[];
  seed: string;
  send: (c: Case) => Promise<Exchange | undefined>;
  /** SP_CONTRACT_MISSING_ID */
  missingId?: number;
  /** items fetched by id (and parents a nested list is walked under) besides the first, middle and last one */
  detailSamples?: number;
}

export interface Explored {
  walks: Walk[];
  /** what the walks found, by operationId */
  knowledge: Record<string, Knowledge>;
  /** path values of a resource that exists, by operationId, for the fixed cases */
  pathValues: Record<string, Record<string, string>>;
  notes: string[];
  skips: Skip[];
}

type Item = Record<string, any>;
type Query = Case["query"];

/** A resource a list showed: its detail's path values, and the item as listed. */
interface Listed {
  path: Record<string, string>;
  item: Item;
  list: SpecOperation;
}

/** Where a page of a walk is, in words: its position parameter and value, or its place in the walk. */
function pagePlace(layout: PageRow, paging: Query, index: number): string {
  const position = positionParameter(layout);
  const at = position === null ? undefined : paging[position];
  if (at === undefined) return index === 0 ? "first page" : `page ${index + 1}`;
  return layout.kind === "cursor" ? `page ${index + 1} (${position} from the page before)` : `page at ${position} ${String(at)}`;
}

/** One page of a walk: its filters and its paging query (the layout's size and position, or a next link's query). */
function pageCase(operation: SpecOperation, pathParams: Record<string, string>, query: Query, filters: Record<string, string>, index: number): Case {
  const kind: Case["kind"] = Object.keys(filters).length ? "filter" : "page";
  const paging = Object.fromEntries(Object.entries(query).filter(([name]) => filters[name] !== query[name]));
  const label = Object.entries(filters).map(([k, v]) => `${k}=${v}`).join("&");
  const under = pathKey(operation, pathParams);
  const place = pagePlace(operation.row.page!, paging, index);
  return {
    id: `${operation.operationId}:${kind}:${under ? `${under}?` : ""}${label ? `${label}&` : ""}${Object.entries(paging).map(([k, v]) => `${k}=${[v].flat().join(",")}`).join("&")}`,
    operationId: operation.operationId,
    kind,
    description: kind === "page" ? `${place} of the whole collection` : `filtered ${place}`,
    pathParams,
    query,
    auth: "token",
  };
}

/** A query's wire texts: numbers as written, an array one text per item; undefined for a value no query can carry. */
function wireQuery(query: Record<string, unknown>): Query | undefined {
  const out: Query = {};
  for (const [name, value] of Object.entries(query)) {
    const texts = [value].flat().map((v) => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined));
    if (texts.some((t) => t === undefined)) return undefined;
    out[name] = Array.isArray(value) ? (texts as string[]) : texts[0]!;
  }
  return out;
}

/** A next link's query as the server wrote it (a repeated name, one text per item). */
function linkQuery(url: URL): Query {
  const out: Query = {};
  for (const [name, value] of url.searchParams) {
    const before = out[name];
    out[name] = before === undefined ? value : [...[before].flat(), value];
  }
  return out;
}

type Stopped = NonNullable<Walk["stopped"]>;
/** Where a walk goes after a page: the next page's query (as sent, and typed as nextStep reads it), its end, or a stop. */
type Onward = { query: Query; typed: Record<string, unknown> } | { end: true } | { stopped: Stopped };

/** The items of a page of a walk, or why the walk stops at it (an answer that is not a page is no page to follow). */
function itemsOrStop(layout: PageRow, page: Exchange, index: number): unknown[] | Stopped {
  const items = valueAt(page.response.json, [layout.items]);
  if (page.response.status !== 200) return { reason: `${pagePlace(layout, page.case.query, index)} was answered ${page.response.status}` };
  return Array.isArray(items) ? items : { reason: `${pagePlace(layout, page.case.query, index)} has no ${layout.items} list` };
}

/** The next page after `page`, read as the client reads it (src/paginate.ts nextStep); a link's query as the server wrote it. */
function onward(op: SpecOperation, current: Record<string, unknown>, page: Exchange, count: number): Onward {
  const layout = op.row.page!;
  const body = page.response.json;
  const link = nextLink(page.response.headers.link ?? null);
  const step = nextStep(layout, op.row.queryParameters, current, { body, url: page.request.url, link }, count);
  if ("end" in step) return { end: true };
  if ("problem" in step) return { stopped: { reason: step.problem, fault: true } };
  if (layout.kind === "link") {
    const target = layout.next === null ? link : valueAt(body, layout.next);
    return { query: linkQuery(new URL(String(target), page.request.url)), typed: step.query };
  }
  const query = wireQuery(step.query);
  const position = positionParameter(layout)!;
  if (!query) return { stopped: { reason: `${describeNext(layout)} is ${JSON.stringify(step.query[position])}, not a value a query can carry` } };
  return { query, typed: step.query };
}

/**
 * Watches a walk for an end that never comes: told each page's items and the key of the page it names next, it says
 * why the walk stops there when that page was walked already, or after MAX_STALLED_PAGES pages in a row with no new item.
 */
function endlessWatch(op: SpecOperation, firstKey: string): (items: unknown[], nextKey: string) => Stopped | undefined {
  const layout = op.row.page!;
  const walked = new Set([firstKey]);
  const seen = new Set<string>();
  let stalled = 0;
  return (items, nextKey) => {
    const before = seen.size;
    for (const item of items) seen.add(identityOf(op, item));
    stalled = seen.size === before ? stalled + 1 : 0;
    if (stalled >= MAX_STALLED_PAGES) {
      return { reason: `${stalled} pages in a row brought no new ${itemNoun(op)} yet each names a next one (${describeNext(layout)}): the walk does not come to an end`, fault: true };
    }
    if (walked.has(nextKey)) return { reason: `${describeNext(layout)} leads back to a page already walked (${nextKey.length > 80 ? `${nextKey.slice(0, 79)}…` : nextKey}): following it would never end`, fault: true };
    walked.add(nextKey);
    return undefined;
  };
}

/**
 * Walks one query from its first page, following each page's next (offset, cursor, page number or link) as the
 * client does, at most `maxPages` pages. It stops, not complete, at the bound, on an answer that is not a page, when
 * the run stops, and (a fault, `stopped.fault`) on a next that cannot be followed, that leads back to a page already
 * walked, or after MAX_STALLED_PAGES pages in a row with no new item.
 */
export async function walk(
  send: ExploreOptions["send"],
  op: SpecOperation,
  limit: number | undefined,
  filters: Record<string, string>,
  maxPages: number,
  pathParams: Record<string, string> = {},
): Promise<Walk> {
  const paging = pagingParameters(op)!;
  const { layout } = paging;
  const position = positionParameter(layout);
  const pages: Exchange[] = [];
  const asked = layout.limit === null ? {} : { limit };
  const done = (complete: boolean, stopped?: Stopped): Walk => ({ operationId: op.operationId, pathParams, filters, ...asked, pages, complete, ...(stopped && { stopped }) });
  // Typed as nextStep reads it (offsets and page numbers are numbers); sent as its wire texts.
  let current: Record<string, unknown> = { ...filters };
  if (layout.limit !== null && limit !== undefined) current[layout.limit] = limit;
  if (position !== null && paging.first !== undefined) current[position] = paging.first;
  let query = wireQuery(current)!;
  // A page is known by its position (offset, cursor, page number), or a link's by its whole query.
  const keyOf = (q: Query, typed: Record<string, unknown>) =>
    position === null ? new URLSearchParams(Object.entries(q).flatMap(([k, v]) => [v].flat().map((t) => [k, t]))).toString() : JSON.stringify(typed[position] ?? null);
  const endless = endlessWatch(op, keyOf(query, current));
  for (;;) {
    if (pages.length >= maxPages) return done(false, { reason: `stopped at the bound of ${maxPages} pages, the last still naming a next one (${describeNext(layout)})` });
    const page = await send(pageCase(op, pathParams, query, filters, pages.length));
    if (!page) return done(false, { reason: "the run stopped (its request budget, or a signal)" });
    pages.push(page);
    const items = itemsOrStop(layout, page, pages.length - 1);
    if (!Array.isArray(items)) return done(false, items);
    const next = onward(op, current, page, items.length);
    if ("end" in next) return done(true);
    const stopped = "stopped" in next ? next.stopped : endless(items, keyOf(next.query, next.typed));
    if (stopped || "stopped" in next) return done(false, stopped);
    current = next.typed;
    query = next.query;
  }
}

/** The values of an item a filter looks at that are valid values of its parameter (a property may hold a list: tags). */
function filterValues(op: SpecOperation, p: SpecParameter, item: Item): string[] {
  const row = op.row.filters[p.name];
  return filteredValues(item, row).filter((v): v is string => typeof v === "string" && v.length > 0 && isValid(op, p, v));
}

const itemsOf = (op: SpecOperation, w: Walk): Item[] => w.pages.flatMap((p) => pageItems(op, p.response.json));

/**
 * A page size drawn from [the smallest that fits `count` items in MAX_WALK_PAGES, `largest` (default: the largest
 * limit)]; undefined for a layout without a size parameter (the server's own page size).
 */
function drawLimit(op: SpecOperation, count: number, seed: string, label: string, largest = pagingParameters(op)!.limit): number | undefined {
  const max = pagingParameters(op)!.limit;
  if (max === undefined || largest === undefined) return undefined;
  const min = Math.min(max, Math.ceil(count / MAX_WALK_PAGES) || 1);
  return draw(fc.integer({ min, max: Math.max(min, Math.min(largest, max)) }), seed, label);
}

/** The same value with letters in a drawn mix of cases, different from the original (a case-insensitive filter's). */
const otherCase = (value: string, seed: string, label: string) =>
  draw(
    fc.array(fc.boolean(), { minLength: value.length, maxLength: value.length }).map((upper) => [...value].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join("")).filter((v) => v !== value),
    seed,
    label,
  );

/** Indexes of `count` things to visit: the first, middle and last, and `extra` drawn ones. */
function picks(count: number, extra: number, seed: string, label: string): number[] {
  if (count === 0) return [];
  const chosen = new Set([0, Math.floor((count - 1) / 2), count - 1]);
  for (const i of draw(fc.array(fc.nat({ max: count - 1 }), { minLength: extra, maxLength: extra }), seed, label)) chosen.add(i);
  return [...chosen];
}

/** One collection walked: the list, its path values, the walk at the largest page size and its items. */
interface Walked {
  list: SpecOperation;
  pathParams: Record<string, string>;
  first: Walk;
  items: Item[];
}

/** What exploring has found so far, across lists. */
interface Found {
  explored: Explored;
  /** resources the lists showed, by the operationId of their detail, in list order */
  listed: Map<string, Listed[]>;
  /** lists without path parameters walked to their end: every resource of their detail was listed */
  wholeLists: Set<string>;
}

const knowledgeOf = (explored: Explored, operationId: string): Knowledge => (explored.knowledge[operationId] ??= { ids: {}, values: {} });

/** Adds real values to an operation's knowledge, each once. */
function learn(into: Record<string, string[]>, name: string, values: string[]): void {
  into[name] = [...new Set([...(into[name] ?? []), ...values])];
}

/** The path values a list is walked under: none for a list without path parameters, else resources of its parent. */
function collectionsToWalk(list: SpecOperation, found: Found, options: ExploreOptions): Record<string, string>[] | string {
  if (list.row.pathParameters.length === 0) return [{}];
  const parent = parentOf(list);
  if (!parent) return `no operation of the table is its parent, so no ${list.row.pathParameters.join(", ")} is known`;
  const resources = found.listed.get(parent.operationId) ?? [];
  if (resources.length === 0) return `no list showed a resource of ${parent.operationId}, so no ${list.row.pathParameters.join(", ")} is known`;
  const paths = picks(resources.length, options.detailSamples ?? 3, options.seed, `${list.operationId} parents`).map((i) => parentPath(parent, resources[i].path));
  // Only parents whose path values are all the list's own (a parent with more path parameters names another resource).
  return paths.filter((path) => list.row.pathParameters.every((name) => path[name] !== undefined));
}

/** A whole collection's size, from a walk that reached its end (its stated total, else its items); else why not. */
function learnSize(explored: Explored, list: SpecOperation, whole: Walk, knowledge: Knowledge): void {
  const layout = list.row.page!;
  const total = layout.kind === "offset" && layout.total !== null ? valueAt(whole.pages[whole.pages.length - 1]?.response.json, layout.total) : undefined;
  if (whole.complete) {
    knowledge.total ??= typeof total === "number" ? total : itemsOf(list, whole).length;
    return;
  }
  const under = pathKey(list, whole.pathParams ?? {}) ? ` under ${pathKey(list, whole.pathParams ?? {})}` : "";
  explored.notes.push(`${list.operationId}: the walk of the whole collection${under} did not reach its end (${whole.stopped?.reason ?? "no reason given"}); pages are not compared with the collection`);
}

/** Walks one collection at the largest page size, and records what it found. */
async function walkCollection(list: SpecOperation, pathParams: Record<string, string>, found: Found, options: ExploreOptions): Promise<Walked> {
  const { explored } = found;
  const first = await walk(options.send, list, pagingParameters(list)!.limit, {}, MAX_COLLECTION_PAGES, pathParams);
  explored.walks.push(first);
  const items = itemsOf(list, first);
  const knowledge = knowledgeOf(explored, list.operationId);
  learnSize(explored, list, first, knowledge);
  if (first.complete && list.row.pathParameters.length === 0) found.wholeLists.add(list.operationId);
  for (const p of list.parameters.filter((x) => x.in === "query" && list.row.filters[x.name])) learn(knowledge.values, p.name, items.flatMap((item) => filterValues(list, p, item)));
  // Recorded whether or not the detail is selected: a list nested under it is walked under what this list showed.
  const detail = list.row.detail && list.spec.operations.find((o) => o.operationId === list.row.detail!.operationId);
  if (detail) {
    const resources = found.listed.get(detail.operationId) ?? [];
    const seen = new Set(resources.map((r) => pathKey(detail, r.path)));
    for (const item of items) {
      const path = detailPathOf(list, item, pathParams);
      if (path && !seen.has(pathKey(detail, path))) {
        seen.add(pathKey(detail, path));
        resources.push({ path, item, list });
      }
    }
    found.listed.set(detail.operationId, resources);
    const ids = knowledgeOf(explored, detail.operationId).ids;
    for (const name of detail.row.pathParameters) learn(ids, name, resources.map((r) => r.path[name]));
  }
  return { list, pathParams, first, items };
}

/** A walk that stopped before its end for what is no fault of the server's (a bound, the budget), said in the notes. */
function noteStopped(explored: Explored, list: SpecOperation, w: Walk): void {
  if (w.complete || !w.stopped || w.stopped.fault) return;
  const what = Object.keys(w.filters).length ? `the walk of ${Object.entries(w.filters).map(([k, v]) => `${k}=${v}`).join("&")}` : "a walk";
  const size = w.limit === undefined ? "" : ` with ${list.row.page!.limit} ${w.limit}`;
  explored.notes.push(`${list.operationId}: ${what}${size} did not reach its end (${w.stopped.reason})`);
}

/** Filtered walks: each filter of the table with a value of a drawn item, in another case where it is case-insensitive. */
async function walkFilters(list: SpecOperation, walked: Walked[], explored: Explored, options: ExploreOptions): Promise<void> {
  const { seed } = options;
  const paging = layoutParameters(list.row.page!);
  for (const p of list.parameters.filter((x) => x.in === "query" && !paging.includes(x.name))) {
    const row = list.row.filters[p.name];
    if (!row) {
      explored.notes.push(`filter_semantics: ${list.operationId} ${p.name} not judged: the operation table names no item property it filters on`);
      continue;
    }
    // The first collection that has an item with a usable value (a nested list's first parent may have none).
    const at = walked.find((w) => w.items.some((item) => filterValues(list, p, item).length > 0));
    if (!at) {
      explored.notes.push(`filter_semantics: ${list.operationId} ${p.name} not judged: no item has a ${row.property} that is a valid ${p.name} value`);
      continue;
    }
    const candidates = at.items.filter((item) => filterValues(list, p, item).length > 0);
    const source = candidates[draw(fc.nat({ max: candidates.length - 1 }), seed, `${p.name} source`)];
    const real = filterValues(list, p, source);
    let value = real[draw(fc.nat({ max: real.length - 1 }), seed, `${p.name} value`)];
    // A filter the spec declares case-insensitive (x-case-insensitive) is sent a value in another letter case.
    if (p.caseInsensitive && value.toLowerCase() !== value.toUpperCase()) value = otherCase(value, seed, `${p.name} case`);
    // At most the items that match under the loosest reading: the page size drawn fits them all.
    const matching = at.items.filter((item) => plausiblyMatches(item, row, value)).length;
    const filtered = await walk(options.send, list, drawLimit(list, matching, seed, `${p.name} walk`), { [p.name]: value }, MAX_WALK_PAGES, at.pathParams);
    explored.walks.push({ ...filtered, source });
    noteStopped(explored, list, filtered);
  }
}

/** Explores one paged list: its collections, walks with drawn page sizes, filtered subsets. */
async function exploreList(list: SpecOperation, found: Found, options: ExploreOptions): Promise<void> {
  const { explored, seed } = { explored: found.explored, seed: options.seed };
  const paths = collectionsToWalk(list, found, options);
  if (typeof paths === "string") {
    explored.notes.push(`${list.operationId} not walked: ${paths}`);
    for (const check of ["pagination_consistency", "filter_semantics"]) explored.skips.push({ check, operationId: list.operationId, reason: paths });
    return;
  }
  const walked: Walked[] = [];
  for (const path of paths) walked.push(await walkCollection(list, path, found, options));
  // The first collection with items again, with drawn page sizes, a small one (up to a quarter of the largest) and one
  // of any size: the pages must tile it the same way.
  const main = walked.find((w) => w.items.length > 0);
  if (!main) {
    const reason = "the collection is empty: no real values to use";
    explored.skips.push({ check: "filter_semantics", operationId: list.operationId, reason });
    if (list.row.detail) explored.skips.push({ check: "list_detail_consistency", operationId: list.row.detail.operationId, reason });
    return;
  }
  const largest = pagingParameters(list)!.limit;
  if (largest === undefined) {
    const why = list.row.page!.limit === null ? "its pages have no size parameter" : `its ${list.row.page!.limit} has neither a maximum nor a default`;
    explored.notes.push(`${list.operationId}: ${why}, so the collection is walked at the server's page size only`);
    await walkFilters(list, walked, explored, options);
    return;
  }
  // The drawn labels of the first list are those of a spec with one list: the same seed walks it the same way.
  const label = (name: string) => (explored.walks[0] === walked[0].first ? name : `${list.operationId} ${name}`);
  for (let i = 0; i < COLLECTION_WALKS; i++) {
    const limit = drawLimit(list, main.items.length, seed, label(`collection walk ${i}`), i === 0 ? Math.ceil(largest / 4) : largest);
    const drawn = await walk(options.send, list, limit, {}, MAX_WALK_PAGES, main.pathParams);
    explored.walks.push(drawn);
    noteStopped(explored, list, drawn);
  }
  await walkFilters(list, walked, explored, options);
}

/** Listed resources fetched by their detail: the first, middle and last, and some drawn ones. */
async function fetchDetails(detail: SpecOperation, found: Found, options: ExploreOptions): Promise<void> {
  const resources = found.listed.get(detail.operationId) ?? [];
  const label = detail.operationId === options.operations.find((o) => listsOf(o).length > 0)?.operationId ? "detail picks" : `${detail.operationId} detail picks`;
  for (const i of picks(resources.length, options.detailSamples ?? 3, options.seed, label)) {
    const { path, item, list } = resources[i];
    const c: Case = { id: `${detail.operationId}:detail:${pathKey(detail, path)}`, operationId: detail.operationId, kind: "detail", description: `a listed item of ${list.operationId}, fetched by id`, pathParams: path, query: {}, auth: "token", listed: item, listedBy: list.operationId };
    await options.send(c);
  }
}

/**
 * The path values of a resource known not to exist: SP_CONTRACT_MISSING_ID as the operation's own id; past the
 * largest integer id of a list that listed every resource of the operation; for a list nested under a resource, a
 * parent known missing. A reason when none is known.
 */
function missingPath(op: SpecOperation, found: Found, options: ExploreOptions): Record<string, string> | string {
  const known = found.listed.get(op.operationId)?.[0]?.path ?? {};
  const own = op.row.pathParameters[op.row.pathParameters.length - 1];
  // A list nested under a resource: under a parent known missing (its path values are the parent's).
  const parent = nestedUnder(op);
  if (parent) return missingPath(parent, found, options);
  if (options.missingId !== undefined) return { ...known, [own]: String(options.missingId) };
  const whole = listsOf(op).find((list) => found.wholeLists.has(list.operationId));
  if (whole) {
    const ids = (found.listed.get(op.operationId) ?? []).map((r) => Number(r.path[own])).filter((n) => Number.isSafeInteger(n));
    if (ids.length) return { ...known, [own]: String(Math.max(...ids) + 1) };
  }
  return "no walk reached the end of a list of its resources, so no id is known to be missing; set SP_CONTRACT_MISSING_ID";
}

/** For each operation on one resource that documents 404: one request for a resource known missing. */
async function askMissing(op: SpecOperation, found: Found, options: ExploreOptions): Promise<void> {
  const path = missingPath(op, found, options);
  if (typeof path === "string") {
    found.explored.skips.push({ check: "missing_resource", operationId: op.operationId, reason: path });
    return;
  }
  const description = nestedUnder(op) ? "a list under a resource that does not exist" : "an id no resource has";
  await options.send({ id: `${op.operationId}:missing:${pathKey(op, path)}`, operationId: op.operationId, kind: "missing", description, pathParams: path, query: {}, auth: "token" });
}

/** Path values of an existing resource for each operation the walks found one for (the fixed cases use them). */
function existingPaths(found: Found, options: ExploreOptions): void {
  for (const op of options.operations.filter((o) => o.row.pathParameters.length > 0)) {
    const own = found.listed.get(op.operationId)?.[0];
    const parent = parentOf(op);
    const under = parent && found.listed.get(parent.operationId)?.[0];
    if (own) found.explored.pathValues[op.operationId] = own.path;
    else if (under) found.explored.pathValues[op.operationId] = parentPath(parent, under.path);
    if (!own && under) {
      // A nested list's generated requests are sent under the resources its parent's list showed.
      const ids = knowledgeOf(found.explored, op.operationId).ids;
      for (const name of parent.row.pathParameters) learn(ids, name, (found.listed.get(parent.operationId) ?? []).map((r) => r.path[name]));
    }
  }
}

export async function explore(options: ExploreOptions): Promise<Explored> {
  const found: Found = { explored: { walks: [], knowledge: {}, pathValues: {}, notes: [], skips: [] }, listed: new Map(), wholeLists: new Set() };
  // Lists without path parameters first: a nested list is walked under the resources its parent's list showed.
  const lists = options.operations.filter((o) => o.method === "GET" && pagingParameters(o)).sort((a, b) => a.row.pathParameters.length - b.row.pathParameters.length);
  for (const list of lists) await exploreList(list, found, options);
  for (const op of options.operations.filter((o) => listsOf(o).some((list) => lists.includes(list)))) await fetchDetails(op, found, options);
  existingPaths(found, options);
  for (const op of options.operations.filter((o) => o.row.pathParameters.length > 0 && o.statuses.includes("404"))) await askMissing(op, found, options);
  return found.explored;
}
