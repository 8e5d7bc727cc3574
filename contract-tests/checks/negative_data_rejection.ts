import { documentedStatus } from "../spec";
import type { Exchange, Failure, SpecOperation, Warning } from "../types";
import type { Check } from ".";
import { bodyLocation, bodyMatchesDocumentedSchema, describeInput, documentedSchemaName, fail, judged, requestLocation } from "./util";

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
 * A request breaking one constraint of one parameter is rejected: answered with a 4xx, never 2xx or 5xx. A 4xx is a
 * rejection whether or not the operation documents it; a documented one carries its documented body (an Error), an
 * undocumented one has no schema to hold its body to (status_code_conformance warns of its status, once).
 */
export function negative_data_rejection(exchange: Exchange, operation: SpecOperation): Failure[] {
  const { status } = exchange.response;
  const broken = exchange.case.broken;
  if (status === 0 || !broken) return [];
  // Written only for a failure: most answers pass.
  const input = () => describeInput(exchange.case);
  if (status < 400 || status >= 500) {
    return [fail(NEGATIVE_DATA_REJECTION, exchange, `invalid ${input()} was answered ${status}; expected a 4xx Error body`, { location: requestLocation(exchange, operation) })];
  }
  if (documentedStatus(operation, status) && !bodyMatchesDocumentedSchema(exchange, operation)) {
    // The body's broken rule is the cause, as response_schema_conformance sees it too.
    const location = bodyLocation(exchange, operation) ?? requestLocation(exchange, operation);
    return [fail(NEGATIVE_DATA_REJECTION, exchange, `invalid ${input()} was answered ${status} without a valid ${documentedSchemaName(operation, status)} body`, { location })];
  }
  return [];
}

/**
 * A warning, not a failure: a broken query or header parameter rejected with another documented 4xx where the
 * operation documents a 400 (whose description the suite cannot read, but which is the status a client expects for
 * it). Not a path parameter: a malformed one names no resource, so a 404 rejects it as well. An undocumented 4xx is
 * status_code_conformance's warning, not this one: one fault, one line.
 */
function not_the_documented_400(exchange: Exchange, operation: SpecOperation): Warning[] {
  const { status } = exchange.response;
  const broken = exchange.case.broken;
  if (!broken || broken.location === "path" || status < 400 || status >= 500 || status === 400) return [];
  if (documentedStatus(operation, 400) !== "400" || !documentedStatus(operation, status)) return [];
  return [
    {
      check: NEGATIVE_DATA_REJECTION,
      operationId: operation.operationId,
      message: `requests with an invalid ${broken.location} parameter were answered ${status}, a rejection, where ${operation.operationId} documents 400 (not a failure: the spec does not say which 4xx rejects them)`,
      exchange,
    },
  ];
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
  exchange: {
    appliesTo: (e) => judged(e) && e.case.broken !== undefined,
    judge: negative_data_rejection,
    warn: (e, op) => [...not_the_documented_400(e, op), ...unnamed_parameter(e, op)],
  },
};
