import type { Exchange, Failure, SpecOperation } from "../types";
import type { Check } from ".";
import { fail } from "./util";

const NOT_A_SERVER_ERROR = "not_a_server_error";

/** No request the suite sends, valid or not, may make the server fail (5xx), nor go unanswered. */
function not_a_server_error(exchange: Exchange, _operation: SpecOperation): Failure[] {
  const { status, text } = exchange.response;
  if (status === 0) return [fail(NOT_A_SERVER_ERROR, exchange, `no response: ${text}`)];
  if (status >= 500) return [fail(NOT_A_SERVER_ERROR, exchange, `server error: answered ${status} to ${/^[aeiou]/.test(exchange.case.kind) ? "an" : "a"} ${exchange.case.kind} request`)];
  return [];
}

export const check: Check = {
  name: NOT_A_SERVER_ERROR,
  exchange: { appliesTo: () => true, judge: not_a_server_error },
};
