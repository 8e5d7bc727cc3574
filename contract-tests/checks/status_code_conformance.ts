import { documentedStatus } from "../spec";
import type { Exchange, Failure, SpecOperation, Warning } from "../types";
import type { Check } from ".";
import { answered, fail, listStatuses, requestLocation } from "./util";

const STATUS_CODE_CONFORMANCE = "status_code_conformance";

/**
 * A request that breaks the spec on purpose (a broken parameter, missing or malformed credentials): a 4xx rejects it,
 * documented or not. Many real specs document no 400 (or no 401) at all.
 */
const breaksTheSpec = (exchange: Exchange) => exchange.case.broken !== undefined || exchange.case.kind === "auth";

/**
 * An undocumented 4xx answer to a request that breaks the spec: a rejection the spec does not name. Not a 429: that
 * says nothing of the request (a server that rate-limits without documenting it fails as before).
 */
const undocumentedRejection = (exchange: Exchange, operation: SpecOperation) => {
  const { status } = exchange.response;
  const rejection = status >= 400 && status < 500 && status !== 429;
  return rejection && breaksTheSpec(exchange) && exchange.case.forcedStatus === undefined && !documentedStatus(operation, status);
};

/**
 * The status is documented for the operation, or covered by a range or `default`; a status forced on the mock is the
 * one answered. An undocumented 4xx rejecting a request that breaks the spec is a warning instead (below).
 */
export function status_code_conformance(exchange: Exchange, operation: SpecOperation): Failure[] {
  const { status } = exchange.response;
  const forced = exchange.case.forcedStatus;
  if (status !== 0 && forced !== undefined && status !== forced) {
    return [fail(STATUS_CODE_CONFORMANCE, exchange, `status ${forced} was forced (Prefer: code=${forced}) but the answer is ${status}`, { location: requestLocation(exchange, operation) })];
  }
  if (status === 0 || documentedStatus(operation, status) || undocumentedRejection(exchange, operation)) return [];
  return [
    fail(STATUS_CODE_CONFORMANCE, exchange, `status ${status} is not documented for ${operation.operationId} (documented: ${listStatuses(operation)})`, { location: requestLocation(exchange, operation) }),
  ];
}

/**
 * A warning, not a failure: the rejection is right, only the spec does not document its status (so a client cannot
 * know its body). One line per operation and status, however many requests showed it.
 */
function undocumented_rejection(exchange: Exchange, operation: SpecOperation): Warning[] {
  if (!undocumentedRejection(exchange, operation)) return [];
  const { status } = exchange.response;
  const message = `requests that break the spec were rejected with ${status}, which ${operation.operationId} does not document (documented: ${listStatuses(operation)}): a rejection, not a failure, but a client cannot know its body`;
  return [{ check: STATUS_CODE_CONFORMANCE, operationId: operation.operationId, message, exchange }];
}

export const check: Check = {
  name: STATUS_CODE_CONFORMANCE,
  // Not a 5xx: that is not_a_server_error's, documented or not (one fault, one cause).
  exchange: { appliesTo: (e) => answered(e) && e.response.status < 500, judge: status_code_conformance, warn: undocumented_rejection },
};
