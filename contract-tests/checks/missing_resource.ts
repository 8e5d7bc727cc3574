import type { Exchange, Failure, SpecOperation } from "../types";
import { bodyMatchesDocumentedSchema, documentedSchemaName, fail } from "./util";

export const MISSING_RESOURCE = "missing_resource";

/** An id no sample has is answered 404 with an Error body. Live only. */
export function missing_resource(exchange: Exchange, operation: SpecOperation): Failure[] {
  const { status } = exchange.response;
  if (status === 0) return [];
  const id = Object.values(exchange.case.pathParams).join("/");
  if (status !== 404) return [fail(MISSING_RESOURCE, exchange, `missing sample ${id} was answered ${status}; expected 404 with an Error body`)];
  if (!bodyMatchesDocumentedSchema(exchange, operation)) {
    return [fail(MISSING_RESOURCE, exchange, `missing sample ${id} was answered 404 without a valid ${documentedSchemaName(operation, 404)} body`)];
  }
  return [];
}
