import type { Exchange, Failure, SpecOperation } from "../types";
import { describeInput, fail } from "./util";

export const POSITIVE_DATA_ACCEPTANCE = "positive_data_acceptance";

/** A request whose every parameter is valid (edge values included) is answered 200. */
export function positive_data_acceptance(exchange: Exchange, _operation: SpecOperation): Failure[] {
  const { status } = exchange.response;
  if (status === 0 || status === 200) return [];
  return [fail(POSITIVE_DATA_ACCEPTANCE, exchange, `valid ${describeInput(exchange.case)} was answered ${status}; expected 200`)];
}
