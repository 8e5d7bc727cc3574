// Failures grouped by cause: one server fault seen in 175 answers is one entry with its count, not 175. A cause is
// (check, operation, status, JSON pointer with item indexes folded, rule); where a check names no rule, the shape of
// its message (numbers and quoted values folded) stands for it.
import type { Failure } from "../types";

export interface FailureGroup {
  check: string;
  operationId: string;
  /** the answer's status (0: none came; undefined: a failure over a walk without one) */
  status?: number;
  /** JSON pointer with item indexes folded to "*" */
  pointer?: string;
  rule?: string;
  /** the first failure's message: what the cause looks like */
  message: string;
  count: number;
  /** the first few failures of the cause, in the order found */
  examples: Failure[];
}

/** Examples kept per cause. */
const EXAMPLES_PER_CAUSE = 3;

const foldIndexes = (pointer: string | undefined) => pointer?.replace(/\/\d+(?=\/|$)/g, "/*");

/** A message with what varies from answer to answer folded: numbers to N, quoted values to "…". */
const messageShape = (message: string) => message.replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/\d+/g, "N");

export function groupFailures(failures: Failure[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const f of failures) {
    const status = f.exchange?.response.status;
    const pointer = foldIndexes(f.pointer);
    const key = [f.check, f.operationId, status, pointer, f.rule ?? messageShape(f.message)].join("\u0000");
    const group = groups.get(key);
    if (group) {
      group.count++;
      if (group.examples.length < EXAMPLES_PER_CAUSE) group.examples.push(f);
    } else groups.set(key, { check: f.check, operationId: f.operationId, status, pointer, rule: f.rule, message: f.message, count: 1, examples: [f] });
  }
  return [...groups.values()];
}
