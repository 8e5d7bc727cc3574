import type { Check } from ".";
import type { Exchange, Failure, JudgeContext, SpecOperation } from "../types";
import { answered, describeInput, fail } from "./util";

const MAX_RESPONSE_TIME = "max_response_time";

/**
 * An answer takes no longer than SP_CONTRACT_MAX_RESPONSE_MS (Schemathesis's name), measured from sending the request
 * to the whole body read. Judged only when that is set; a retried 429's wait is not part of any answer's time.
 */
function max_response_time(exchange: Exchange, _operation: SpecOperation, context: JudgeContext): Failure[] {
  const limit = context.maxResponseMs!;
  if (exchange.elapsedMs <= limit) return [];
  return [fail(MAX_RESPONSE_TIME, exchange, `${describeInput(exchange.case)} was answered in ${exchange.elapsedMs} ms, more than SP_CONTRACT_MAX_RESPONSE_MS=${limit}`)];
}

export const check: Check = {
  name: MAX_RESPONSE_TIME,
  disabled: (context) => (context.maxResponseMs === undefined ? "not judged: set SP_CONTRACT_MAX_RESPONSE_MS to a time in ms" : undefined),
  exchange: { appliesTo: answered, judge: max_response_time },
};
