import { isDeepStrictEqual } from "node:util";
import type { Exchange, Failure, SpecOperation } from "../types";
import { fail, shorten } from "./util";

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

/** A sample fetched by id equals the same sample as the list showed it. Live only. */
export function list_detail_consistency(exchange: Exchange, _operation: SpecOperation): Failure[] {
  const listed = exchange.case.listed;
  const { status, json } = exchange.response;
  if (!listed || status === 0) return [];
  const id = (listed as any).sample_id;
  if (status !== 200) return [fail(LIST_DETAIL_CONSISTENCY, exchange, `sample ${id} is in the list but fetching it by id was answered ${status}`)];
  const difference = firstDifference(listed, json);
  return difference ? [fail(LIST_DETAIL_CONSISTENCY, exchange, `sample ${id} differs between list and detail at ${difference}`)] : [];
}
