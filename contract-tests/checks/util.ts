// Small pure helpers shared by the checks, and the preconditions several of them share.
import { escapePointerToken } from "../../src/shared/json-pointer";
import { pagingParameters as layoutParameters } from "../../src/shared/page";
import type { ErrorObject } from "ajv";
import { documentedStatus, pagingParameters, type SpecParameter, type Validator } from "../spec";
import type { Case, Exchange, Failure, FailureLocation, SpecOperation } from "../types";

/**
 * Exchanges the status-expecting checks judge: not a 429 that was waited out and retried, not unanswered, and not a
 * 5xx. A 5xx (or no answer) is reported once, by not_a_server_error, rather than again by every check that expected
 * another status: one failure, one cause.
 */
export const judged = (exchange: Exchange) => !exchange.retried && exchange.response.status !== 0 && exchange.response.status < 500;

/** A request the spec calls valid: the real token, no parameter broken on purpose, no status forced. */
export const validRequest = (c: Case) => c.auth === "token" && !c.broken && c.forcedStatus === undefined;

/** Any answer at all (status 0 means none came). */
export const answered = (exchange: Exchange) => exchange.response.status !== 0;

/** Why the live-only checks cannot judge Prism's answers. */
export const MOCK_DATA = "Prism makes up its answers (static: the same example for every query; dynamic: random data), so";

/** Operations on one resource: those with path parameters (a by-id GET, or a list nested under one). */
export const hasPathParameters = (operation: SpecOperation) => operation.parameters.some((p) => p.in === "path");
export const pages = (operation: SpecOperation) => pagingParameters(operation) !== undefined;

/** The query of a list request without its paging parameters (the row's limit and offset): its filters. */
export function filtersOf(c: Case, list: SpecOperation): Record<string, string> {
  const paging = list.row.page ? layoutParameters(list.row.page) : [];
  // A repeated array's items as one text, as style form writes them unexploded.
  return Object.fromEntries(Object.entries(c.query).flatMap(([name, value]) => (paging.includes(name) ? [] : [[name, [value].flat().join(",")]])));
}

/** The path parameter values of a case, joined ("42"): the id of the resource it asks for. */
export const resourceId = (c: Case) => Object.values(c.pathParams).join("/");

/** A value as JSON, cut to `max` characters so a report line stays readable. */
export function shorten(value: unknown, max = 80): string {
  let text: string;
  try {
    // JSON has no text for undefined, a function or a symbol: their own String() says what they are.
    const json = JSON.stringify(value) as string | undefined;
    text = json ?? (typeof value === "function" || typeof value === "symbol" ? String(value) : "undefined");
  } catch {
    // a BigInt, a cycle, a throwing toJSON
    text = typeof value === "bigint" ? `${value}n` : "[a value JSON cannot write]";
  }
  // Characters a reader cannot see (C1 controls, format characters, lone surrogates) as escapes: JSON leaves them raw.
  text = text.replace(/[\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff0-\ufffb]|\p{Cs}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}


/** "limit=0" for a negative or filter case: what was special about the request. */
export function describeInput(c: Case): string {
  if (c.broken) return `${c.broken.parameter}=${shorten(c.broken.value, 70)} (breaks ${c.broken.rule})`;
  const parts = [...Object.entries(c.pathParams), ...Object.entries(c.query)].map(([k, v]) => `${k}=${shorten(v, 70)}`);
  return parts.length ? parts.join("&") : "no parameters";
}

/** Media type without parameters, lower case ("application/json; charset=utf-8" -> "application/json"). */
export function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(";")[0].trim().toLowerCase() || undefined;
}

// Several checks validate the same body, and the final judge validates a generated one again after its shrinking did:
// each body's errors against each validator are found once (a recorded body is never changed).
const errorsByBody = new WeakMap<object, Map<Validator, ErrorObject[]>>();

/** The ajv errors of a body against a validator ([] when it is valid); callers only read them. */
export function validationErrors(validate: Validator, body: unknown): ErrorObject[] {
  if (body === null || typeof body !== "object") return validate(body) ? [] : [...(validate.errors ?? [])];
  let byValidator = errorsByBody.get(body);
  if (!byValidator) errorsByBody.set(body, (byValidator = new Map()));
  let errors = byValidator.get(validate);
  if (!errors) byValidator.set(validate, (errors = validate(body) ? [] : [...(validate.errors ?? [])]));
  return errors;
}

/** ajv errors of `body` against the schema documented for the exchange's status (undefined: nothing documented). */
function schemaErrors(exchange: Exchange, operation: SpecOperation): ErrorObject[] | undefined {
  const documented = documentedStatus(operation, exchange.response.status);
  const validate = documented ? operation.validatorFor(documented) : undefined;
  if (!validate) return undefined;
  return validationErrors(validate, exchange.response.json);
}

/** Whether the body is a valid body of the documented response for its status (e.g. an Error for a 4xx). */
export function bodyMatchesDocumentedSchema(exchange: Exchange, operation: SpecOperation): boolean {
  if (exchange.response.json === undefined) return false;
  const errors = schemaErrors(exchange, operation);
  return errors !== undefined && errors.length === 0;
}

/** The schema name documented for a status ("Error"), for messages. */
export function documentedSchemaName(operation: SpecOperation, status: number): string {
  const documented = documentedStatus(operation, status);
  return (documented && operation.responseSchemas[documented]) || "documented";
}

// ---- Where a failure's cause lies (report/groups.ts groups failures by it) ---------------------------------------

/** Keywords whose failure ajv reports with its branches' own errors beside it: the branches are not causes of their own. */
const COMPOSITIONS = new Set(["anyOf", "oneOf"]);

/**
 * The schema location of each ajv error: the keyword's place in the spec's JSON Schema document, absolute whatever
 * validator reported it (ajv writes paths inside the validated `$defs` entry relative to it: "#/required" of Sample is
 * "#/$defs/Sample" + required). An error inside a failed anyOf or oneOf branch is that composition's.
 */
export function schemaLocations(errors: ErrorObject[], schemaName: string): FailureLocation[] {
  const absolute = errors.map((error) => {
    const hash = error.schemaPath.indexOf("#");
    const path = error.schemaPath.slice(hash + 1);
    return hash <= 0 ? `/$defs/${escapePointerToken(schemaName)}${path}` : path;
  });
  return errors.map((error, i) => {
    const composition = errors.findIndex(
      (outer, j) => COMPOSITIONS.has(outer.keyword) && absolute[i].startsWith(`${absolute[j]}/`) && (error.instancePath + "/").startsWith(`${outer.instancePath}/`),
    );
    const path = absolute[composition >= 0 ? composition : i];
    const slash = path.lastIndexOf("/");
    return { at: `#${path.slice(0, slash)}`, rule: path.slice(slash + 1) };
  });
}

/** Where a body that is not JSON breaks its documented schema: the schema itself, which wants a JSON body. */
export const notJsonLocation = (schemaName: string): FailureLocation => ({ at: `#/$defs/${escapePointerToken(schemaName)}`, rule: "a JSON body" });

/**
 * Where an answer's body breaks the schema documented for its status (its first broken rule), or undefined when
 * nothing is documented for it or it keeps it: then the request, not the body, is what the answer is about.
 */
export function bodyLocation(exchange: Exchange, operation: SpecOperation): FailureLocation | undefined {
  const documented = documentedStatus(operation, exchange.response.status);
  const schemaName = documented ? operation.responseSchemas[documented] : undefined;
  const errors = schemaErrors(exchange, operation);
  if (!schemaName || errors === undefined) return undefined;
  if (exchange.response.json === undefined) return notJsonLocation(schemaName);
  return errors.length ? schemaLocations(errors, schemaName)[0] : undefined;
}

/** A parameter's place: its components entry when it is a `$ref` (shared by every operation using it), else its operation's. */
function parameterLocation(operation: SpecOperation, p: SpecParameter, rule: string): FailureLocation {
  const at = p.ref !== undefined ? `#/components/parameters/${escapePointerToken(p.ref)}` : `#/paths/${escapePointerToken(operation.path)}/${operation.method.toLowerCase()}/parameters/${p.in}/${escapePointerToken(p.name)}`;
  return { at, rule, parameter: `${p.in} parameter ${p.name}` };
}

/** The parameter a coverage case was made for (its id names it: cases/coverage.ts), when the value was valid. */
const coveredParameter = (c: Case) => /:coverage:valid:([^=]*)=/.exec(c.id)?.[1];

/**
 * The parameter a valid request was about: the one a coverage case covers, else the only parameter it sent (a
 * request with several valid values cannot say which one the server refused; a required header parameter, sent on
 * every request, says nothing of it).
 */
function validParameter(c: Case, operation: SpecOperation): SpecParameter | undefined {
  const covered = coveredParameter(c);
  if (covered !== undefined) return operation.parameters.find((p) => p.name === covered && p.in !== "cookie");
  const optionalHeader = (name: string) => operation.parameters.some((p) => p.in === "header" && p.name === name && !p.required);
  const sent = [
    ...Object.keys(c.pathParams).map((name) => ({ name, in: "path" })),
    ...Object.keys(c.query).map((name) => ({ name, in: "query" })),
    ...Object.keys(c.headers ?? {}).filter(optionalHeader).map((name) => ({ name, in: "header" })),
  ];
  return sent.length === 1 ? operation.parameters.find((p) => p.name === sent[0].name && p.in === sent[0].in) : undefined;
}

/**
 * What the server's answer to this request is about, whichever check judged it: the parameter the case broke (and
 * its broken rule's keyword: every value that breaks "pattern ..." is one cause), or the one it sent a valid value of;
 * for credentials, the security scheme answering this status to them; else, the operation answering this status to
 * this kind of request. So the same answer seen by not_a_server_error,
 * status_code_conformance and a check expecting another status is one cause, on every operation sharing the parameter.
 */
export function requestLocation(exchange: Exchange, operation: SpecOperation): FailureLocation {
  const c = exchange.case;
  // A connection that fails (refused, reset, unknown host) fails whatever was asked, on every operation: one cause, the
  // server's. A timeout stays with what was asked: one slow operation is its own fault.
  const refused = exchange.response.status === 0 && /^request failed/.exec(exchange.response.text);
  if (refused) return { at: "the server", rule: `no answer: ${exchange.response.text}` };
  const broken = c.broken ? operation.parameters.find((p) => p.name === c.broken!.parameter && p.in === c.broken!.location) : undefined;
  if (broken) return parameterLocation(operation, broken, `values that break its ${/^\S*/.exec(c.broken!.rule)![0]}`);
  const valid = validRequest(c) ? validParameter(c, operation) : undefined;
  if (valid) return parameterLocation(operation, valid, "valid values");
  const answer = exchange.response.status ? `answered ${exchange.response.status}` : "no answer";
  // Credentials are checked once for every operation their scheme secures: one cause, whichever operation showed it.
  const schemes = c.kind === "auth" ? [...new Set(operation.row.security.flatMap((alternative) => Object.keys(alternative)))] : [];
  if (schemes.length) return { at: schemes.map((name) => `#/components/securitySchemes/${escapePointerToken(name)}`).join(" or "), rule: `${answer} to ${c.auth} credentials` };
  return { at: `#/paths/${escapePointerToken(operation.path)}/${operation.method.toLowerCase()}`, rule: `${answer} to ${c.kind} requests` };
}

export function fail(check: string, exchange: Exchange, message: string, extra: Partial<Failure> = {}): Failure {
  return { check, operationId: exchange.case.operationId, message, exchange, ...extra };
}

/** Statuses documented for an operation, for messages ("200, 400, 401, 429, default"). */
export const listStatuses = (operation: SpecOperation) => operation.statuses.join(", ");
