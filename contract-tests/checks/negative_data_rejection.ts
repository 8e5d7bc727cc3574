import { documentedStatus } from "../spec";
import type { Exchange, Failure, SpecOperation, Warning } from "../types";
import type { Check } from ".";
import { bodyMatchesDocumentedSchema, describeInput, documentedSchemaName, fail, judged } from "./util";

const NEGATIVE_DATA_REJECTION = "negative_data_rejection";

const MAX_DEPTH = 8;

/**
 * Whether an error body names a parameter anywhere, whatever its schema: as a key (`{fields: {limit: ...}}`), as a
 * value (`{field: "limit"}`, `["limit"]`), or as a word of a text ("limit must be <= 100").
 */
export function namesParameter(body: unknown, parameter: string, depth = 0): boolean {
  if (typeof body === "string") {
    if (body === parameter) return true;
    const escaped = parameter.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`(?:^|[^\\w-])${escaped}(?:$|[^\\w-])`).test(body);
  }
  if (body === null || typeof body !== "object" || depth > MAX_DEPTH) return false;
  if (Array.isArray(body)) return body.some((item) => namesParameter(item, parameter, depth + 1));
  return Object.entries(body).some(([key, value]) => key === parameter || namesParameter(value, parameter, depth + 1));
}

/**
 * A request breaking one constraint of one parameter is answered with a 4xx Error body, never 2xx or 5xx. Where the
 * operation documents a 400, that is the status expected for a broken query parameter.
 */
export function negative_data_rejection(exchange: Exchange, operation: SpecOperation): Failure[] {
  const { status } = exchange.response;
  const broken = exchange.case.broken;
  if (status === 0 || !broken) return [];
  // Written only for a failure: most answers pass.
  const input = () => describeInput(exchange.case);
  if (status < 400 || status >= 500) {
    return [fail(NEGATIVE_DATA_REJECTION, exchange, `invalid ${input()} was answered ${status}; expected a 4xx Error body`)];
  }
  if (!bodyMatchesDocumentedSchema(exchange, operation)) {
    return [fail(NEGATIVE_DATA_REJECTION, exchange, `invalid ${input()} was answered ${status} without a valid ${documentedSchemaName(operation, status)} body`)];
  }
  // A 400 is owed for a broken query parameter only: a malformed path parameter names no resource, and the spec's 400
  // speaks of query parameters, so any documented 4xx with a valid body (a 404, say) rejects it.
  const documents400 = documentedStatus(operation, 400) === "400";
  if (documents400 && status !== 400 && broken.location === "query") {
    return [fail(NEGATIVE_DATA_REJECTION, exchange, `invalid ${input()} was answered ${status}; ${operation.operationId} documents 400 for invalid parameters`)];
  }
  return [];
}

/**
 * A warning, not a failure: the 400 names the broken parameter nowhere in its body. No schema requires it, but a client
 * cannot tell its user which input to mend. Live only: Prism answers every invalid request with the same canned example.
 */
function unnamed_parameter(exchange: Exchange, operation: SpecOperation): Warning[] {
  const broken = exchange.case.broken;
  if (!broken || exchange.response.status !== 400 || exchange.target.kind !== "live" || namesParameter(exchange.response.json, broken.parameter)) return [];
  return [
    {
      check: NEGATIVE_DATA_REJECTION,
      operationId: operation.operationId,
      message: `400 answers that do not name the broken parameter "${broken.parameter}" anywhere in their body (no schema requires it, but a client cannot say which input to mend)`,
      exchange,
      pointer: `parameter ${broken.parameter}`,
    },
  ];
}

export const check: Check = {
  name: NEGATIVE_DATA_REJECTION,
  partial: (kind, op) =>
    kind === "mock" && documentedStatus(op, 400) === "400"
      ? "the warning on 400s that do not name the broken parameter is not given on the mock: Prism answers every invalid request with the same canned example, whatever parameter was broken"
      : undefined,
  exchange: { appliesTo: (e) => judged(e) && e.case.broken !== undefined, judge: negative_data_rejection, warn: unnamed_parameter },
};
