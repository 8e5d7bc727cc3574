import { isDeepStrictEqual } from "node:util";
import type { Check } from ".";
import { itemNoun, listsOf, pathKey } from "../collections";
import { escapePointerToken } from "../../src/shared/json-pointer";
import type { Exchange, Failure, JudgeContext, SpecOperation } from "../types";
import { fail, judged, MOCK_DATA, shorten, validRequest } from "./util";

const LIST_DETAIL_CONSISTENCY = "list_detail_consistency";

/** The first place two JSON values differ, as a pointer with both values. */
export function firstDifference(a: unknown, b: unknown, at = ""): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      const found = firstDifference((a as any)[key], (b as any)[key], `${at}/${escapePointerToken(key)}`);
      if (found) return found;
    }
  }
  return `${at || "(root)"}: list has ${shorten(a, 50)}, detail has ${shorten(b, 50)}`;
}

/** The item a list showed for this detail request, and that list: the case's own, else the first sighting. */
function listedFor(exchange: Exchange, operation: SpecOperation, context: JudgeContext): { item: Record<string, unknown>; list: SpecOperation } | undefined {
  const c = exchange.case;
  const sighting = c.listed ? undefined : context.listed.get(operation.operationId)?.get(pathKey(operation, c.pathParams));
  const item = c.listed ?? sighting?.item;
  const listId = c.listedBy ?? sighting?.exchange.case.operationId;
  const list = listId === undefined ? undefined : operation.spec.operations.find((o) => o.operationId === listId);
  return item && list ? { item, list } : undefined;
}

/**
 * An item fetched by its detail (the by-id operation the operation table pairs with its list) equals the same item
 * as the list showed it, wherever the suite saw it listed (a walk, a filtered page, a generated page). Live only.
 */
function list_detail_consistency(exchange: Exchange, operation: SpecOperation, context: JudgeContext): Failure[] {
  const listed = listedFor(exchange, operation, context);
  const { status, json } = exchange.response;
  if (!listed || status === 0) return [];
  const id = pathKey(operation, exchange.case.pathParams);
  const what = `${itemNoun(listed.list)} ${id}`;
  if (status !== 200) return [fail(LIST_DETAIL_CONSISTENCY, exchange, `${what} is in the list but fetching it by id was answered ${status}`)];
  const difference = firstDifference(listed.item, json);
  return difference ? [fail(LIST_DETAIL_CONSISTENCY, exchange, `${what} differs between list and detail at ${difference}`)] : [];
}

export const check: Check = {
  name: LIST_DETAIL_CONSISTENCY,
  // Only the pairs the operation table gives: a by-id operation no list names as its items' detail is not judged.
  operations: (op) => listsOf(op).length > 0,
  only: "live",
  skipReason: `live only: ${MOCK_DATA} an item by id is not the one in the list`,
  exchange: {
    appliesTo: (e, op, context) => judged(e) && validRequest(e.case) && listedFor(e, op, context) !== undefined,
    judge: list_detail_consistency,
  },
};
