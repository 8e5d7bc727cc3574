import { isDeepStrictEqual } from "node:util";
import type { Check } from ".";
import type { Exchange, Failure, JudgeContext, SpecOperation } from "../types";
import { fail, hasPathParameters, judged, MOCK_DATA, resourceId, shorten, validRequest } from "./util";

export const LIST_DETAIL_CONSISTENCY = "list_detail_consistency";

/** The first place two JSON values differ, as a pointer with both values. */
export function firstDifference(a: unknown, b: unknown, at = ""): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      const found = firstDifference((a as any)[key], (b as any)[key], `${at}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`);
      if (found) return found;
    }
  }
  return `${at || "(root)"}: list has ${shorten(a, 50)}, detail has ${shorten(b, 50)}`;
}

/**
 * A sample fetched by id equals the same sample as a list showed it, wherever the suite saw it listed (a walk, a
 * filtered page, a generated page). Live only.
 */
export function list_detail_consistency(exchange: Exchange, _operation: SpecOperation, context: JudgeContext): Failure[] {
  const id = resourceId(exchange.case);
  const listed = exchange.case.listed ?? context.listed.get(id)?.item;
  const { status, json } = exchange.response;
  if (!listed || status === 0) return [];
  if (status !== 200) return [fail(LIST_DETAIL_CONSISTENCY, exchange, `sample ${id} is in the list but fetching it by id was answered ${status}`)];
  const difference = firstDifference(listed, json);
  return difference ? [fail(LIST_DETAIL_CONSISTENCY, exchange, `sample ${id} differs between list and detail at ${difference}`)] : [];
}

export const check: Check = {
  name: LIST_DETAIL_CONSISTENCY,
  operations: hasPathParameters,
  only: "live",
  skipReason: `live only: ${MOCK_DATA} a sample by id is not the one in the list`,
  exchange: {
    appliesTo: (e, _op, context) => judged(e) && validRequest(e.case) && (e.case.listed !== undefined || context.listed.has(resourceId(e.case))),
    judge: list_detail_consistency,
  },
};
