import type { Exchange, Failure, SpecOperation } from "../types";
import type { Check } from ".";
import { bodyMatchesDocumentedSchema, documentedSchemaName, fail, judged } from "./util";

const IGNORED_AUTH = "ignored_auth";

/** A request without a token, or with a wrong one, gets 401 with an Error body, never data. */
function ignored_auth(exchange: Exchange, operation: SpecOperation): Failure[] {
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

export const check: Check = {
  name: IGNORED_AUTH,
  operations: (op) => op.secured,
  partial: (kind) =>
    kind === "mock"
      ? "wrong-token half skipped on the mock: Prism only checks that an `Authorization: Bearer` header is present (a made-up token gets 200), so it cannot reject a wrong token"
      : undefined,
  exchange: { appliesTo: (e) => judged(e) && e.case.kind === "auth", judge: ignored_auth },
};
