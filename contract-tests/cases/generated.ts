// Generated cases: for each operation, valid requests and requests breaking one rule, drawn by fast-check from the
// parameter schemas (arbitraries.ts). They are drawn up front with the run's seed and sent like any other case; a
// generated case that fails a check is then shrunk (fast-check replays it by its path and tries smaller inputs, each
// one sent and judged) to the smallest input that still fails that check, and only that one is reported.
import fc from "fast-check";
import type { SpecOperation } from "../spec";
import type { Case, CaseOrigin, Exchange, Failure } from "../types";
import { invalidRequest, NO_KNOWLEDGE, validRequest, type GeneratedRequest, type Knowledge } from "./arbitraries";
import { seedFor } from "./seed";
import { breathe, interruptedBy } from "../interruption";

/** Requests a shrink may send at most, per failing check and property: it costs requests on a paced live run. */
const SHRINK_REQUESTS = 40;

export interface GeneratedOptions {
  /** what to generate: built once by properties(), which the engine also counts for its progress estimate */
  properties: Property[];
  /** sends cases (concurrently where the target allows); undefined where the run stopped */
  sendAll(cases: Case[]): Promise<(Exchange | undefined)[]>;
  send(c: Case): Promise<Exchange | undefined>;
  /** every failure of one exchange */
  failuresOf(exchange: Exchange): Failure[];
  /** requests the run's budget has left: shrinking stops there rather than make the run INCOMPLETE (default: no bound) */
  left?: () => number;
}

export interface Property {
  /** "listSamples valid", "getSample invalid" */
  name: string;
  operation: SpecOperation;
  arbitrary: fc.Arbitrary<GeneratedRequest>;
  runs: number;
  seed: number;
}

/**
 * For each operation, SP_CONTRACT_EXAMPLES generated requests: half valid, half breaking a rule; with what the walks
 * found for that operation (by operationId), when they found something.
 */
export async function properties(operations: SpecOperation[], examples: number, runSeed: string, found: Record<string, Knowledge>): Promise<Property[]> {
  const out: Property[] = [];
  for (const operation of operations) {
    // Building an operation's arbitraries searches seeded draws (tens of ms): a signal is heard between operations.
    await breathe();
    if (interruptedBy()) break;
    const knowledge = found[operation.operationId] ?? NO_KNOWLEDGE;
    const invalid = invalidRequest(operation, knowledge);
    const valid = validRequest(operation, knowledge);
    const validRuns = !valid ? 0 : invalid ? Math.ceil(examples / 2) : examples;
    const add = (name: string, arbitrary: fc.Arbitrary<GeneratedRequest>, runs: number) => {
      if (runs > 0) out.push({ name, operation, arbitrary, runs, seed: seedFor(runSeed, name) });
    };
    if (valid) add(`${operation.operationId} valid`, valid, validRuns);
    if (invalid) add(`${operation.operationId} invalid`, invalid, examples - validRuns);
  }
  return out;
}

/**
 * The generated phase within the request budget: what the walks, the fixed cases and the coverage phase leave of
 * SP_CONTRACT_MAX_REQUESTS (`used`, counted before anything is sent), and with a default budget at most the plan's
 * `share` for generation (plan.ts). When the properties ask for more, each gets its share of what is left (the first
 * of a property's draws: the same seed still sends the same requests), and the note says so; either way it says what
 * the coverage phase cost.
 */
export function withinBudget(all: Property[], budget: { maxRequests: number; used: number; coverage: number; share?: number }): { properties: Property[]; note?: string } {
  const asked = all.reduce((n, p) => n + p.runs, 0);
  const room = Math.max(0, budget.maxRequests - budget.used);
  const left = Math.min(room, budget.share ?? Infinity);
  const coverage = `coverage phase: ${budget.coverage} requests (each rule's edge values and troublesome strings, the same for every seed), sent before generation`;
  if (asked <= left) return { properties: all, note: budget.coverage || asked ? `${coverage}; the generated phase: ${asked} requests, within the ${left} the request budget had left` : undefined };
  const scale = left / asked;
  const runs = all.map((p) => Math.floor(p.runs * scale));
  // What rounding down left over goes to the first properties, one each.
  for (let i = 0, rest = left - runs.reduce((n, r) => n + r, 0); rest > 0; i++, rest--) runs[i % runs.length]++;
  const properties = all.map((p, i) => ({ ...p, runs: runs[i] })).filter((p) => p.runs > 0);
  return {
    properties,
    note:
      left < room
        ? `${coverage}; the generated phase got ${left} of the ${asked} requests it asks: its share of the default plan (SP_CONTRACT_MAX_REQUESTS unset)`
        : `${coverage}; the generated phase got ${left} of the ${asked} requests it asks: SP_CONTRACT_MAX_REQUESTS ${budget.maxRequests} less ${budget.used} for walks, fixed and coverage cases`,
  };
}

/** What a generated request sends, in one line ("limit=7&name=…"), for reports and for telling inputs apart. */
function describeRequest(request: GeneratedRequest): string {
  return JSON.stringify({ path: request.pathParams, query: request.query, ...(request.headers && { headers: request.headers }) });
}

function generatedCase(property: Property, request: GeneratedRequest, path: string): Case {
  const origin: CaseOrigin = { property: property.name, seed: property.seed, path };
  const op = property.operation;
  return {
    id: `${op.operationId}:generated:${property.name.split(" ")[1]}:${path}`,
    operationId: op.operationId,
    kind: request.broken ? "negative" : "positive",
    description: request.broken ? `generated: ${request.broken.parameter} breaks ${request.broken.rule}` : "generated valid request",
    pathParams: request.pathParams,
    query: request.query,
    ...(request.headers && { headers: request.headers }),
    auth: "token",
    broken: request.broken,
    origin,
  };
}

/** Sends every property's drawn requests, then shrinks the first failure of each check of each property. */
export async function runGenerated(options: GeneratedOptions): Promise<void> {
  for (const [n, property] of options.properties.entries()) {
    await breathe();
    if (interruptedBy()) return;
    // Shrinking may spend what the budget has left beyond the draws of the properties still to come.
    const later = options.properties.slice(n + 1).reduce((sum, p) => sum + p.runs, 0);
    const left = () => (options.left?.() ?? Infinity) - later;
    // fc.sample with the property's seed draws the values fc.check replays by path ("i" is the i-th one).
    const requests = fc.sample(property.arbitrary, { seed: property.seed, numRuns: property.runs });
    const answers = await options.sendAll(requests.map((r, i) => generatedCase(property, r, String(i))));
    const failedChecks = answers.map((a) => new Set(a ? options.failuresOf(a).map((f) => f.check) : []));
    const failing = [...new Set(failedChecks.flatMap((checks) => [...checks]))];
    for (const check of failing) {
      await breathe();
      if (interruptedBy()) return;
      const indexes = failedChecks.flatMap((checks, i) => (checks.has(check) ? [i] : []));
      // One cause, reported once: by the smallest case that fails this check.
      for (const i of indexes.slice(1)) answers[i]!.supersededFor = [...(answers[i]!.supersededFor ?? []), check];
      await shrink({ ...options, left }, property, check, failing, requests[indexes[0]], answers[indexes[0]]!, indexes.length - 1);
    }
  }
}

/**
 * fast-check replays the failing value by its path and tries smaller ones; each is sent and judged, and counts as
 * failing when it fails the same check. Past SHRINK_REQUESTS, once the request budget is spent (shrinking never makes
 * a run INCOMPLETE: what it found is reported), or once the run stopped or was interrupted, shrinking ends (fast-check
 * is told to stop) with the smallest failure found so far. The candidates' failures of the checks this property
 * already failed are left to each check's own smallest case (`failing`); anything else they fail is reported.
 */
async function shrink(
  options: GeneratedOptions,
  property: Property,
  check: string,
  failing: string[],
  request: GeneratedRequest,
  original: Exchange,
  alsoFailing: number,
): Promise<void> {
  const originalKey = describeRequest(request);
  let smallest = original;
  let steps = 0;
  let budget = SHRINK_REQUESTS;
  let candidate = 0;
  const path = original.case.origin!.path;
  const stillFails = async (value: GeneratedRequest): Promise<boolean> => {
    if (describeRequest(value) === originalKey) return true; // known to fail: not sent again
    await breathe();
    // Out of requests, or interrupted: fast-check's shrinking ends here (an interruption), rather than walk every
    // remaining candidate (thousands, for a long string) only to be told each one passes.
    if (interruptedBy() || budget <= 0 || (options.left?.() ?? Infinity) <= 0) throw new fc.PreconditionFailure(true);
    budget--;
    const exchange = await options.send(generatedCase(property, value, `${path}:shrink${candidate++}`));
    if (!exchange) return false;
    exchange.supersededFor = [...failing];
    if (!options.failuresOf(exchange).some((f) => f.check === check)) return false;
    smallest.supersededFor = [...new Set([...(smallest.supersededFor ?? []), check])];
    smallest = exchange;
    steps++;
    return true;
  };
  const details = await fc
    .check(fc.asyncProperty(property.arbitrary, async (value) => !(await stillFails(value))), { seed: property.seed, path, numRuns: 1 })
    // A replay fast-check cannot follow leaves the failure as first found: reported unshrunk, never lost.
    .catch(() => undefined);
  if (smallest === original) {
    original.case.origin = { ...original.case.origin!, alsoFailing };
    return;
  }
  smallest.supersededFor = smallest.supersededFor!.filter((c) => c !== check);
  smallest.case.origin = {
    ...smallest.case.origin!,
    path: details?.counterexamplePath ?? smallest.case.origin!.path,
    shrunkFrom: originalKey,
    shrinkSteps: steps,
    alsoFailing,
  };
}
