import type { Exchange, Failure, SpecOperation } from "../types";
import type { Check } from ".";
import { CREDENTIALS } from "../credentials";
import { bodyMatchesDocumentedSchema, documentedSchemaName, fail, judged } from "./util";

const IGNORED_AUTH = "ignored_auth";

/**
 * A request without a token, with a wrong one, or with malformed credentials (another scheme, a lower-case
 * `bearer`, an empty token, extra spaces) gets 401 with an Error body, never data. A 5xx is not_a_server_error's.
 */
function ignored_auth(exchange: Exchange, operation: SpecOperation): Failure[] {
  const { status } = exchange.response;
  if (status === 0) return [];
  const what = CREDENTIALS[exchange.case.auth].request;
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
      ? "wrong-token and extra-spaces cases skipped on the mock: Prism only checks that an `Authorization: Bearer` header with some token is present (a made-up token, or the token between extra spaces, gets 200), so it cannot reject them; another scheme, a lower-case `bearer` and an empty token are sent"
      : undefined,
  exchange: { appliesTo: (e) => judged(e) && e.case.kind === "auth", judge: ignored_auth },
};
