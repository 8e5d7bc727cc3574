import type { Check } from ".";
import type { Exchange, Failure, JudgeContext, SpecOperation } from "../types";
import { bodyMatchesDocumentedSchema, documentedSchemaName, fail, hasPathParameters, judged, MOCK_DATA, resourceId, validRequest } from "./util";

export const MISSING_RESOURCE = "missing_resource";

/** An id no sample has is answered 404 with an Error body. Live only. */
export function missing_resource(exchange: Exchange, operation: SpecOperation): Failure[] {
  const { status } = exchange.response;
  if (status === 0) return [];
  const id = resourceId(exchange.case);
  if (status !== 404) return [fail(MISSING_RESOURCE, exchange, `missing sample ${id} was answered ${status}; expected 404 with an Error body`)];
  if (!bodyMatchesDocumentedSchema(exchange, operation)) {
    return [fail(MISSING_RESOURCE, exchange, `missing sample ${id} was answered 404 without a valid ${documentedSchemaName(operation, 404)} body`)];
  }
  return [];
}

/**
 * Known missing: the id was given as missing (SP_CONTRACT_MISSING_ID, or past the largest of a complete walk), or the
 * whole collection was walked to its end and no list showed it.
 */
function knownMissing(exchange: Exchange, context: JudgeContext): boolean {
  if (exchange.case.kind === "missing") return true;
  // A complete walk listed every sample, so `listed` holds the whole collection.
  return context.collection !== undefined && !context.listed.has(resourceId(exchange.case));
}

export const check: Check = {
  name: MISSING_RESOURCE,
  operations: hasPathParameters,
  only: "live",
  skipReason: `live only: ${MOCK_DATA} every id exists`,
  exchange: { appliesTo: (e, _op, context) => judged(e) && validRequest(e.case) && knownMissing(e, context), judge: missing_resource },
};
