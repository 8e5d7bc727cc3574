import { documentedStatus } from "../spec";
import type { Exchange, Failure, SpecOperation } from "../types";
import type { Check } from ".";
import { answered, fail, mediaType } from "./util";

const CONTENT_TYPE_CONFORMANCE = "content_type_conformance";

/** A response documented with a JSON body says `application/json` (parameters such as charset allowed). */
function content_type_conformance(exchange: Exchange, operation: SpecOperation): Failure[] {
  const documented = documentedStatus(operation, exchange.response.status);
  const expected = documented ? operation.contentTypes[documented] ?? [] : [];
  if (exchange.response.status === 0 || expected.length === 0) return [];
  const actual = mediaType(exchange.response.headers["content-type"]);
  if (actual && expected.map((t) => t.toLowerCase()).includes(actual)) return [];
  return [
    fail(
      CONTENT_TYPE_CONFORMANCE,
      exchange,
      `status ${exchange.response.status} is documented as ${expected.join(" or ")} but Content-Type is ${
        actual ? JSON.stringify(exchange.response.headers["content-type"]) : "missing"
      }`,
    ),
  ];
}

export const check: Check = {
  name: CONTENT_TYPE_CONFORMANCE,
  exchange: { appliesTo: answered, judge: content_type_conformance },
};
