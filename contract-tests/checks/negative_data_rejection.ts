import { documentedStatus } from "../spec";
import type { Exchange, Failure, SpecOperation } from "../types";
import type { Check } from ".";
import { bodyMatchesDocumentedSchema, describeInput, documentedSchemaName, fail, judged } from "./util";

export const NEGATIVE_DATA_REJECTION = "negative_data_rejection";

/** Whether an Error body's details.fields names a parameter (an object keyed by name, or a list of names/objects). */
export function fieldsName(body: unknown, parameter: string): boolean {
  const fields = (body as any)?.details?.fields;
  if (Array.isArray(fields)) {
    return fields.some((f) => f === parameter || (f && typeof f === "object" && [f.name, f.field, f.parameter, f.param].includes(parameter)));
  }
  return Boolean(fields && typeof fields === "object" && Object.prototype.hasOwnProperty.call(fields, parameter));
}

/**
 * A request breaking one constraint of one parameter is answered with a 4xx Error body, never 2xx or 5xx. Where the
 * operation documents a 400, that is the status expected, and (on a live server) details.fields names the parameter.
 * On the mock the naming part is not enforced: Prism answers with the same canned example whatever was broken.
 */
export function negative_data_rejection(exchange: Exchange, operation: SpecOperation): Failure[] {
  const { status, json } = exchange.response;
  const broken = exchange.case.broken;
  if (status === 0 || !broken) return [];
  const input = describeInput(exchange.case);
  if (status < 400 || status >= 500) {
    return [fail(NEGATIVE_DATA_REJECTION, exchange, `invalid ${input} was answered ${status}; expected a 4xx Error body`)];
  }
  if (!bodyMatchesDocumentedSchema(exchange, operation)) {
    return [fail(NEGATIVE_DATA_REJECTION, exchange, `invalid ${input} was answered ${status} without a valid ${documentedSchemaName(operation, status)} body`)];
  }
  const documents400 = documentedStatus(operation, 400) === "400";
  if (documents400 && status !== 400) {
    return [fail(NEGATIVE_DATA_REJECTION, exchange, `invalid ${input} was answered ${status}; ${operation.operationId} documents 400 for invalid parameters`)];
  }
  if (documents400 && exchange.target.kind === "live" && !fieldsName(json, broken.parameter)) {
    return [fail(NEGATIVE_DATA_REJECTION, exchange, `invalid ${input} was answered 400 but details.fields does not name "${broken.parameter}"`)];
  }
  return [];
}

export const check: Check = {
  name: NEGATIVE_DATA_REJECTION,
  partial: (kind, op) =>
    kind === "mock" && documentedStatus(op, 400) === "400"
      ? "details.fields naming skipped on the mock: Prism answers every invalid request with the same canned example from the spec, whatever parameter was broken; enforced live"
      : undefined,
  exchange: { appliesTo: (e) => judged(e) && e.case.broken !== undefined, judge: negative_data_rejection },
};
