import type { Exchange, Failure, SpecOperation } from "../types";
import type { Check } from ".";
import { fail, requestLocation } from "./util";

const NOT_A_SERVER_ERROR = "not_a_server_error";

/** No request the suite sends, valid or not, may make the server fail (5xx), nor go unanswered. */
function not_a_server_error(exchange: Exchange, operation: SpecOperation): Failure[] {
  const { status, text } = exchange.response;
  if (status === 0) return [fail(NOT_A_SERVER_ERROR, exchange, `no response: ${text}`, { location: requestLocation(exchange, operation) })];
  if (status >= 500) {
    const kind = `${/^[aeiou]/.test(exchange.case.kind) ? "an" : "a"} ${exchange.case.kind}`;
    return [fail(NOT_A_SERVER_ERROR, exchange, `server error: answered ${status} to ${kind} request`, { location: requestLocation(exchange, operation) })];
  }
  return [];
}

export const check: Check = {
  name: NOT_A_SERVER_ERROR,
  exchange: { appliesTo: () => true, judge: not_a_server_error },
};
