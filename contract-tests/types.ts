// The data the suite passes around: cases (what to send), exchanges (what was sent and what came back), failures and
// warnings (the verdict). Checks are pure functions over these; nothing here does I/O.
import type { SpecOperation } from "./spec";

export type TargetKind = "mock" | "live";

export interface TargetInfo {
  /** "prism-static", "prism-dynamic", "live" */
  name: string;
  kind: TargetKind;
  baseUrl: string;
}

/** How the request authenticates: the real token, none at all, or a token that cannot be valid. */
export type AuthMode = "token" | "none" | "wrong";

export type CaseKind =
  | "baseline" // a plain valid request
  | "positive" // a valid edge value
  | "negative" // one constraint of one parameter broken on purpose
  | "auth" // no token or a wrong token
  | "forced" // a documented status forced on the mock (Prefer: code=429)
  | "page" // one page of the pagination walk (live)
  | "filter" // a filter with a value taken from a real item (live)
  | "detail" // a sample fetched by id after it was seen in the list (live)
  | "missing"; // an id that cannot exist (live)

export interface Case {
  id: string;
  operationId: string;
  kind: CaseKind;
  /** one line saying what the case proves */
  description: string;
  pathParams: Record<string, string>;
  query: Record<string, string>;
  auth: AuthMode;
  /** extra request headers (Prefer on the mock) */
  headers?: Record<string, string>;
  /** forced cases: the status asked for with Prefer */
  forcedStatus?: number;
  /** negative cases: the parameter broken and the rule it breaks */
  broken?: { parameter: string; location: "query" | "path"; rule: string; value: string };
  /** filter cases: the filter and the sample its value came from */
  filter?: { parameter: string; value: string; source: Record<string, unknown> };
  /** detail cases: the sample as the list showed it */
  listed?: Record<string, unknown>;
}

export interface RecordedRequest {
  method: string;
  url: string;
  auth: AuthMode;
  headers: Record<string, string>;
}

export interface RecordedResponse {
  status: number;
  /** lower-case header names */
  headers: Record<string, string>;
  text: string;
  /** parsed JSON body; undefined when the body is empty or not JSON */
  json?: unknown;
  jsonError?: string;
}

export interface Exchange {
  target: TargetInfo;
  case: Case;
  request: RecordedRequest;
  response: RecordedResponse;
  /** true when this answer was a 429 that the sender waited out and retried: only the generic checks judge it */
  retried?: boolean;
  elapsedMs: number;
}

export interface Failure {
  check: string;
  operationId: string;
  message: string;
  /** the exchange that shows the failure (absent for failures over a sequence, which name their own requests) */
  exchange?: Exchange;
  /** schema failures: where, which rule, which value */
  pointer?: string;
  rule?: string;
  value?: string;
}

export interface Warning {
  check: string;
  operationId: string;
  message: string;
  exchange?: Exchange;
  pointer?: string;
}


export type { SpecOperation };
