// Failures grouped by cause: one server fault seen in 175 answers is one entry with its count, not 175. A cause is
// one thing a maintainer would fix: where a check knows it (Failure.location), one rule of one schema location or of
// one parameter, across every operation sharing it and every check that saw it. Elsewhere it is (check, operation,
// status, JSON pointer with item indexes folded, rule), and where a check names no rule, the shape of its message
// (numbers and quoted values folded) stands for it.
import type { Failure, FailureLocation } from "../types";

export interface FailureGroup {
  /** the first failure's check */
  check: string;
  /** every check that saw the cause, in the order found */
  checks: string[];
  /** the first failure's operation */
  operationId: string;
  /** every operation the cause shows on, in the order found */
  operations: string[];
  /** the answers' status when they share one (0: none came; undefined: several, or a walk without one) */
  status?: number;
  /** JSON pointer with item indexes folded to "*" */
  pointer?: string;
  rule?: string;
  /** what to fix, in words, where the checks know it: "#/$defs/Sample/properties/notes: type" */
  cause?: string;
  /** the first failure's message: what the cause looks like */
  message: string;
  count: number;
  /** the first few failures of the cause, in the order found, with the first of each check and operation */
  examples: Failure[];
}

/** Examples kept per cause; and at most, when more checks and operations each bring their first. */
const EXAMPLES_PER_CAUSE = 3;
const MAX_EXAMPLES = 6;

const foldIndexes = (pointer: string | undefined) => pointer?.replace(/\/\d+(?=\/|$)/g, "/*");

/** A message with what varies from answer to answer folded: numbers to N, quoted values to "…". */
const messageShape = (message: string) => message.replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/\d+/g, "N");

/** A location in words: "path parameter sample_id (#/components/parameters/SampleId): values that break its type". */
const describeLocation = (location: FailureLocation) =>
  location.parameter ? `${location.parameter} (${location.at}): ${location.rule}` : `${location.at}: ${location.rule}`;

function causeKey(f: Failure): string {
  if (f.location) return ["location", f.location.at, f.location.rule].join("\u0000");
  return [f.check, f.operationId, f.exchange?.response.status, foldIndexes(f.pointer), f.rule ?? messageShape(f.message)].join("\u0000");
}

export function groupFailures(failures: Failure[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const f of failures) {
    const status = f.exchange?.response.status;
    const key = causeKey(f);
    const group = groups.get(key);
    if (!group) {
      const cause = f.location ? describeLocation(f.location) : undefined;
      groups.set(key, { check: f.check, checks: [f.check], operationId: f.operationId, operations: [f.operationId], status, pointer: foldIndexes(f.pointer), rule: f.rule, cause, message: f.message, count: 1, examples: [f] });
      continue;
    }
    group.count++;
    if (group.status !== status) group.status = undefined;
    const newCheck = !group.checks.includes(f.check);
    const newOperation = !group.operations.includes(f.operationId);
    if (newCheck) group.checks.push(f.check);
    if (newOperation) group.operations.push(f.operationId);
    if (group.examples.length < EXAMPLES_PER_CAUSE || ((newCheck || newOperation) && group.examples.length < MAX_EXAMPLES)) group.examples.push(f);
  }
  return [...groups.values()];
}
