import type { Check } from ".";
import type { Exchange, Failure, SpecOperation } from "../types";
import { describeInput, fail, hasPathParameters, judged, requestLocation, validRequest } from "./util";

const POSITIVE_DATA_ACCEPTANCE = "positive_data_acceptance";

/**
 * A request whose every parameter is valid (edge values, generated values, walk pages) is answered 200; for an
 * operation on one resource, 404 too, since a valid id need not exist (list_detail_consistency and missing_resource
 * judge which one a live server owes).
 */
function positive_data_acceptance(exchange: Exchange, operation: SpecOperation): Failure[] {
  const { status } = exchange.response;
  const byId = hasPathParameters(operation);
  if (status === 0 || status === 200 || (byId && status === 404)) return [];
  const location = requestLocation(exchange, operation);
  return [fail(POSITIVE_DATA_ACCEPTANCE, exchange, `valid ${describeInput(exchange.case)} was answered ${status}; expected 200${byId ? " (or 404 for an id that does not exist)" : ""}`, { location })];
}

export const check: Check = {
  name: POSITIVE_DATA_ACCEPTANCE,
  exchange: { appliesTo: (e) => judged(e) && validRequest(e.case), judge: positive_data_acceptance },
};
