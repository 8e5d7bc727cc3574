import { documentedStatus } from "../spec";
import type { Exchange, Failure, SpecOperation } from "../types";
import type { Check } from ".";
import { answered, fail, listStatuses } from "./util";

const STATUS_CODE_CONFORMANCE = "status_code_conformance";

/** The status is documented for the operation, or covered by a range or `default`; a status forced on the mock is the one answered. */
export function status_code_conformance(exchange: Exchange, operation: SpecOperation): Failure[] {
  const { status } = exchange.response;
  const forced = exchange.case.forcedStatus;
  if (status !== 0 && forced !== undefined && status !== forced) {
    return [fail(STATUS_CODE_CONFORMANCE, exchange, `status ${forced} was forced (Prefer: code=${forced}) but the answer is ${status}`)];
  }
  if (status === 0 || documentedStatus(operation, status)) return [];
  return [
    fail(STATUS_CODE_CONFORMANCE, exchange, `status ${status} is not documented for ${operation.operationId} (documented: ${listStatuses(operation)})`),
  ];
}

export const check: Check = {
  name: STATUS_CODE_CONFORMANCE,
  exchange: { appliesTo: answered, judge: status_code_conformance },
};
