import type { Check } from ".";
import { collectionKey, listPathFor, listsOf, nestedUnder, parentOf, parentPath, pathKey, resourceNoun } from "../collections";
import type { Exchange, Failure, JudgeContext, SpecOperation } from "../types";
import { bodyLocation, bodyMatchesDocumentedSchema, documentedSchemaName, fail, hasPathParameters, judged, MOCK_DATA, requestLocation, validRequest } from "./util";

const MISSING_RESOURCE = "missing_resource";

/** What was asked for, in words: "sample 131", or for a list under a resource, "getSampleHistory under sample 131". */
function asked(operation: SpecOperation, pathParams: Record<string, string>): string {
  const parent = nestedUnder(operation);
  if (parent) return `${operation.operationId} under missing ${resourceNoun(parent)} ${pathKey(parent, parentPath(parent, pathParams))}`;
  return `missing ${resourceNoun(operation)} ${pathKey(operation, pathParams)}`;
}

/** An id no resource has is answered 404 with an Error body; so is a list under a parent that does not exist. Live only. */
function missing_resource(exchange: Exchange, operation: SpecOperation): Failure[] {
  const { status } = exchange.response;
  if (status === 0) return [];
  const what = asked(operation, exchange.case.pathParams);
  if (status !== 404) return [fail(MISSING_RESOURCE, exchange, `${what} was answered ${status}; expected 404 with an Error body`, { location: requestLocation(exchange, operation) })];
  if (!bodyMatchesDocumentedSchema(exchange, operation)) {
    const location = bodyLocation(exchange, operation) ?? requestLocation(exchange, operation);
    return [fail(MISSING_RESOURCE, exchange, `${what} was answered 404 without a valid ${documentedSchemaName(operation, 404)} body`, { location })];
  }
  return [];
}

/**
 * Whether the resource a path names is known not to exist: a list that shows every resource of its kind (its detail
 * is this operation, and its own path is part of this one's) was walked to its end without listing it; or, for a
 * list nested under a resource, that parent is known missing.
 */
function knownMissingAt(operation: SpecOperation, pathParams: Record<string, string>, context: JudgeContext): boolean {
  for (const list of listsOf(operation)) {
    const listPath = listPathFor(list, pathParams);
    if (listPath && context.collections?.has(collectionKey(list, listPath))) return !context.listed.get(operation.operationId)?.has(pathKey(operation, pathParams));
  }
  const parent = parentOf(operation);
  return parent !== undefined && knownMissingAt(parent, parentPath(parent, pathParams), context);
}

/** Known missing: given as missing (SP_CONTRACT_MISSING_ID, or past the largest id of a complete walk), or see above. */
const knownMissing = (exchange: Exchange, operation: SpecOperation, context: JudgeContext) =>
  exchange.case.kind === "missing" || knownMissingAt(operation, exchange.case.pathParams, context);

export const check: Check = {
  name: MISSING_RESOURCE,
  // Every operation on one resource that documents a 404: a by-id GET, or a list nested under a resource.
  operations: (op) => hasPathParameters(op) && op.statuses.includes("404"),
  only: "live",
  skipReason: `live only: ${MOCK_DATA} every id exists`,
  exchange: { appliesTo: (e, op, context) => judged(e) && validRequest(e.case) && knownMissing(e, op, context), judge: missing_resource },
};
