import type { Exchange, Failure, SpecOperation, Warning } from "../types";
import type { Check } from ".";
import { CREDENTIALS } from "../credentials";
import { bodyMatchesDocumentedSchema, documentedSchemaName, fail, judged } from "./util";

const IGNORED_AUTH = "ignored_auth";

/**
 * A request without a token, with a wrong one, or with malformed credentials (another scheme, a lower-case
 * `bearer`, an empty token, extra spaces) gets 401 with an Error body, never data; a lower-case `bearer` with the real
 * token may also be served (scheme_case, below). A 5xx is not_a_server_error's.
 */
function ignored_auth(exchange: Exchange, operation: SpecOperation): Failure[] {
  const { status } = exchange.response;
  if (status === 0 || schemeReadInAnyCase(exchange)) return [];
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

const served = (exchange: Exchange) => exchange.response.status >= 200 && exchange.response.status < 300;

/**
 * HTTP reads an authentication scheme in any case (RFC 7235 section 2.1, RFC 6750 section 2.1 follows it): a server
 * that serves `bearer <the token>` keeps the contract. That is a warning, so that a reader sees it, never a failure.
 */
const schemeReadInAnyCase = (exchange: Exchange) => exchange.case.auth === "lowercase" && served(exchange);

function scheme_case(exchange: Exchange, operation: SpecOperation): Warning[] {
  if (!schemeReadInAnyCase(exchange)) return [];
  const message = `${CREDENTIALS.lowercase.request} was answered ${exchange.response.status}: the server reads the scheme in any case, as HTTP allows (RFC 7235); a client sending "Bearer" is what the spec shows`;
  return [{ check: IGNORED_AUTH, operationId: operation.operationId, message, exchange }];
}

export const check: Check = {
  name: IGNORED_AUTH,
  operations: (op) => op.secured,
  partial: (kind) =>
    kind === "mock"
      ? "wrong-token and extra-spaces cases skipped on the mock: Prism only checks that an `Authorization: Bearer` header with some token is present (a made-up token, or the token between extra spaces, gets 200), so it cannot reject them; another scheme, a lower-case `bearer` and an empty token are sent"
      : undefined,
  exchange: { appliesTo: (e) => judged(e) && e.case.kind === "auth", judge: ignored_auth, warn: scheme_case },
};
