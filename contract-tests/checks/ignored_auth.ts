import type { Exchange, Failure, SpecOperation } from "../types";
import { bodyMatchesDocumentedSchema, documentedSchemaName, fail } from "./util";

export const IGNORED_AUTH = "ignored_auth";

/** A request without a token, or with a wrong one, gets 401 with an Error body, never data. */
export function ignored_auth(exchange: Exchange, operation: SpecOperation): Failure[] {
  const { status } = exchange.response;
  if (status === 0) return [];
  const what = exchange.case.auth === "none" ? "a request without a token" : "a request with a wrong token";
  if (status !== 401) {
    const served = status >= 200 && status < 300 ? " (data served without valid authentication)" : "";
    return [fail(IGNORED_AUTH, exchange, `${what} was answered ${status}${served}; expected 401 with an Error body`)];
  }
  if (!bodyMatchesDocumentedSchema(exchange, operation)) {
    return [fail(IGNORED_AUTH, exchange, `${what} was answered 401 but the body is not a valid ${documentedSchemaName(operation, 401)}`)];
  }
  return [];
}
