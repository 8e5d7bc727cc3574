import { isDeepStrictEqual } from "node:util";
import type { Check } from ".";
import { itemNoun, listsOf, pathKey } from "../collections";
import { escapePointerToken } from "../../src/shared/json-pointer";
import { conjuncts, isSchemaObject, type SchemaDocument } from "../../src/shared/schema-walk";
import type { Exchange, Failure, JudgeContext, SpecOperation, Warning } from "../types";
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

/** The schema of `key` (a property, or an array's element) under `schema`, from the first conjunct that names it. */
function schemaOf(schema: unknown, key: string | number, document: SchemaDocument): unknown {
  for (const { schema: part } of conjuncts(schema, "#", document)) {
    const own = typeof key === "number" ? part.items : isSchemaObject(part.properties) ? part.properties[key] : undefined;
    if (own) return own;
  }
  return undefined;
}

/** Whether an array schema says its order is part of the contract (`x-order-matters: true`, in any conjunct). */
const orderMatters = (schema: unknown, document: SchemaDocument): boolean => conjuncts(schema, "#", document).some((part) => part.schema["x-order-matters"] === true);

/** The same elements, each as often, in any order. */
function sameElements(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  const left = [...b];
  return a.every((x) => {
    const i = left.findIndex((y) => isDeepStrictEqual(x, y));
    return i >= 0 && left.splice(i, 1).length === 1;
  });
}

/**
 * The detail as compared with the list's item: an array whose order the spec leaves open (no `x-order-matters: true`
 * on its schema) and that holds the list's elements in another order is taken in the list's order, its pointer
 * noted in `reordered`. What still differs is a difference the spec speaks of.
 */
function inListOrder(listed: unknown, detail: unknown, schema: unknown, document: SchemaDocument, at: string, reordered: string[]): unknown {
  if (Array.isArray(listed) && Array.isArray(detail)) {
    if (!isDeepStrictEqual(listed, detail) && !orderMatters(schema, document) && sameElements(listed, detail)) {
      reordered.push(at || "/");
      return listed;
    }
    return detail.map((d, i) => inListOrder(listed[i], d, schemaOf(schema, i, document), document, `${at}/${i}`, reordered));
  }
  if (listed && detail && typeof listed === "object" && typeof detail === "object" && !Array.isArray(listed) && !Array.isArray(detail)) {
    const out: Record<string, unknown> = {};
    for (const [key, d] of Object.entries(detail)) {
      out[key] = inListOrder((listed as Record<string, unknown>)[key], d, schemaOf(schema, key, document), document, `${at}/${escapePointerToken(key)}`, reordered);
    }
    return out;
  }
  return detail;
}

type Listed = { item: Record<string, unknown>; list: SpecOperation };
type Comparison = { difference: string | undefined; reordered: string[] };

// The check and its warning compare the same detail with the same listed item: compared once (callers only read it).
const comparisons = new WeakMap<Exchange, { operation: SpecOperation; listed: Listed; comparison: Comparison }>();

/** The list's item and its detail compared: the first difference the spec speaks of, and the arrays only reordered. */
function compare(exchange: Exchange, operation: SpecOperation, listed: Listed): Comparison {
  const known = comparisons.get(exchange);
  if (known && known.operation === operation && known.listed.item === listed.item && known.listed.list === listed.list) return known.comparison;
  const comparison = compareOnce(exchange, operation, listed);
  comparisons.set(exchange, { operation, listed, comparison });
  return comparison;
}

function compareOnce(exchange: Exchange, operation: SpecOperation, listed: Listed): Comparison {
  const itemSchema = listed.list.row.page?.itemSchema;
  const reordered: string[] = [];
  const detail = inListOrder(listed.item, exchange.response.json, itemSchema ? { $ref: itemSchema } : undefined, operation.schemaDocument, "", reordered);
  return { difference: firstDifference(listed.item, detail), reordered };
}

/**
 * An item fetched by its detail (the by-id operation the operation table pairs with its list) equals the same item
 * as the list showed it, wherever the suite saw it listed (a walk, a filtered page, a generated page). An array in
 * another order differs only where the spec says its order matters (`x-order-matters: true`); elsewhere it is a
 * warning (unordered_arrays, below). Live only.
 */
function list_detail_consistency(exchange: Exchange, operation: SpecOperation, context: JudgeContext): Failure[] {
  const listed = listedFor(exchange, operation, context);
  const { status } = exchange.response;
  if (!listed || status === 0) return [];
  const id = pathKey(operation, exchange.case.pathParams);
  const what = `${itemNoun(listed.list)} ${id}`;
  if (status !== 200) return [fail(LIST_DETAIL_CONSISTENCY, exchange, `${what} is in the list but fetching it by id was answered ${status}`)];
  const { difference } = compare(exchange, operation, listed);
  return difference ? [fail(LIST_DETAIL_CONSISTENCY, exchange, `${what} differs between list and detail at ${difference}`)] : [];
}

/** A warning, not a failure: an array the list and the detail give in another order, where the spec leaves order open. */
function unordered_arrays(exchange: Exchange, operation: SpecOperation, context: JudgeContext): Warning[] {
  const listed = listedFor(exchange, operation, context);
  if (!listed || exchange.response.status !== 200) return [];
  return compare(exchange, operation, listed).reordered.map((pointer) => ({
    check: LIST_DETAIL_CONSISTENCY,
    operationId: operation.operationId,
    message: `the list and the detail give ${pointer} in another order (the spec does not say its order matters; x-order-matters: true on the array would)`,
    exchange,
    pointer,
  }));
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
    warn: unordered_arrays,
  },
};
