// The registry: every file of this folder that exports a `check` is one. A check carries its own preconditions (which
// operations, which target kinds, which exchanges or walks it judges), so adding a check is adding its file (and its
// self-test): nothing else names it.
import { readdirSync } from "node:fs";
import path from "node:path";
import type { Exchange, Failure, JudgeContext, SpecOperation, TargetKind, Walk, Warning } from "../types";

export interface Check {
  name: string;
  /** operations it can judge at all (the others show "-"); default: all */
  operations?(operation: SpecOperation): boolean;
  /** it needs this kind of target; elsewhere it is skipped with `skipReason` */
  only?: TargetKind;
  skipReason?: string;
  /** a part of the check a kind of target cannot honour, for an operation: said in the summary as a skip */
  partial?(kind: TargetKind, operation: SpecOperation): string | undefined;
  /** why the check cannot run at all in this run (a setting it needs is absent), or undefined */
  disabled?(context: JudgeContext): string | undefined;
  /** judges single exchanges: those `appliesTo` accepts */
  exchange?: {
    appliesTo(exchange: Exchange, operation: SpecOperation, context: JudgeContext): boolean;
    judge(exchange: Exchange, operation: SpecOperation, context: JudgeContext): Failure[];
    /** what the check notices but the spec does not require: warnings, never failures */
    warn?: (exchange: Exchange, operation: SpecOperation, context: JudgeContext) => Warning[];
  };
  /** judges walks (a sequence of pages following next_offset) */
  walk?: {
    appliesTo?(walk: Walk): boolean;
    judge(walk: Walk, operation: SpecOperation, context: JudgeContext): Failure[];
  };
}

function loadChecks(): Check[] {
  const checks: Check[] = [];
  for (const file of readdirSync(__dirname).sort()) {
    if (!/^[a-z_]+\.[cm]?[jt]s$/.test(file) || file.startsWith("index.")) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(path.join(__dirname, file)) as { check?: Check };
    if (loaded.check) checks.push(loaded.check);
  }
  return checks;
}

export const CHECKS: Check[] = loadChecks();
export const CHECK_NAMES = CHECKS.map((c) => c.name);
