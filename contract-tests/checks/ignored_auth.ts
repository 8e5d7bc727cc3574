import type { AuthMode, Exchange, Failure, SpecOperation, Warning } from "../types";
import type { Check } from ".";
import { CREDENTIALS } from "../credentials";
import { documentedStatus } from "../spec";
import { bodyMatchesDocumentedSchema, documentedSchemaName, fail, judged } from "./util";

const IGNORED_AUTH = "ignored_auth";

/**
 * A request without a token, with a wrong one, or with malformed credentials (another scheme, a lower-case
 * `bearer`, an empty token, extra spaces) gets 401 with an Error body (where 401 is documented), never data. The real token under a lower-case
 * `bearer`, or between extra spaces, is the same valid credential and may also be served (a warning, below). A 5xx
 * is not_a_server_error's.
 */
function ignored_auth(exchange: Exchange, operation: SpecOperation): Failure[] {
  const { status } = exchange.response;
  if (status === 0 || servedValidCredential(exchange)) return [];
  const what = CREDENTIALS[exchange.case.auth].request;
  if (status !== 401) {
    const served = status >= 200 && status < 300 ? " (data served without valid authentication)" : "";
    return [fail(IGNORED_AUTH, exchange, `${what} was answered ${status}${served}; expected 401 with an Error body`)];
  }
  // An undocumented 401 has no schema to hold its body to (status_code_conformance warns of its status, once).
  if (documentedStatus(operation, 401) && !bodyMatchesDocumentedSchema(exchange, operation)) {
    return [fail(IGNORED_AUTH, exchange, `${what} was answered 401 but the body is not a valid ${documentedSchemaName(operation, 401)}`)];
  }
  return [];
}

const served = (exchange: Exchange) => exchange.response.status >= 200 && exchange.response.status < 300;

/**
 * The real token, sent in a form HTTP reads as the same credential, and why: a server that serves it keeps the
 * contract. That is a warning, so that a reader sees it, never a failure.
 */
const SAME_CREDENTIAL: Partial<Record<AuthMode, string>> = {
  // RFC 7235 section 2.1 (RFC 6750 section 2.1 follows it).
  lowercase: "the server reads the scheme in any case, as HTTP allows (RFC 7235); a client sending \"Bearer\" is what the spec shows",
  // RFC 7235's credentials are the scheme, then one or more spaces, then the token; RFC 9110 strips a field value's outer spaces.
  spaced:
    "the server reads the token without the spaces around it, as HTTP allows (RFC 7235: one or more spaces after the scheme; RFC 9110: a field value without its outer spaces); a client sending one space is what the spec shows",
};

const servedValidCredential = (exchange: Exchange) => SAME_CREDENTIAL[exchange.case.auth] !== undefined && served(exchange);

function same_credential(exchange: Exchange, operation: SpecOperation): Warning[] {
  if (!servedValidCredential(exchange)) return [];
  const message = `${CREDENTIALS[exchange.case.auth].request} was answered ${exchange.response.status}: ${SAME_CREDENTIAL[exchange.case.auth]}`;
  return [{ check: IGNORED_AUTH, operationId: operation.operationId, message, exchange }];
}

export const check: Check = {
  name: IGNORED_AUTH,
  operations: (op) => op.secured,
  partial: (kind) =>
    kind === "mock"
      ? "wrong-token and extra-spaces cases skipped on the mock: Prism only checks that an `Authorization: Bearer` header with some token is present (a made-up token, or the token between extra spaces, gets 200), so it cannot reject them; another scheme, a lower-case `bearer` and an empty token are sent"
      : undefined,
  exchange: { appliesTo: (e) => judged(e) && e.case.kind === "auth", judge: ignored_auth, warn: same_credential },
};
