// The data the suite passes around: cases (what to send), exchanges (what was sent and what came back), failures and
// warnings (the verdict). Checks are pure functions over these; nothing here does I/O.
import type { SpecOperation } from "./spec";

export type TargetKind = "mock" | "live";

export interface TargetInfo {
  /** "prism-static", "prism-dynamic", "live" */
  name: string;
  kind: TargetKind;
  baseUrl: string;
  /**
   * Preferences (a `Prefer` header, RFC 7240) every request to this target states, after the case's own: the dynamic
   * Prism target's `dynamic=true, seed=<seed>`. Recorded with the request, so that its curl line replays it.
   */
  prefer?: string;
}

/**
 * How the request authenticates: the real token, none at all, a token that cannot be valid, or the token malformed
 * (another scheme, a lower-case scheme, no token after the scheme, extra spaces): credentials.ts says what each sends.
 */
export type AuthMode = "token" | "none" | "wrong" | "basic" | "lowercase" | "empty" | "spaced";

type CaseKind =
  | "baseline" // a plain valid request
  | "positive" // a valid edge value
  | "negative" // one constraint of one parameter broken on purpose
  | "auth" // no token, a wrong token, or malformed credentials
  | "forced" // a documented status forced on the mock (Prefer: code=429)
  | "page" // one page of a walk over the whole collection (live)
  | "filter" // one page of a walk over a filtered subset, its value taken from a real item (live)
  | "detail" // an item fetched by id after it was seen in its list (live)
  | "missing"; // an id that cannot exist, or a list under a parent that cannot exist (live)

/** Where a generated case came from: enough to generate it again (fast-check's seed and path) and to say how it shrank. */
export interface CaseOrigin {
  /** the property that generated it, e.g. "listSamples valid" */
  property: string;
  seed: number;
  /** fast-check's path of the value: its run index, then one index per shrink step */
  path: string;
  /** shrunk cases: the input first found failing (its description), the shrink steps taken, and how many other
   * generated inputs of the property failed the same check */
  shrunkFrom?: string;
  shrinkSteps?: number;
  alsoFailing?: number;
}

export interface Case {
  id: string;
  operationId: string;
  kind: CaseKind;
  /** one line saying what the case proves */
  description: string;
  pathParams: Record<string, string>;
  /** wire texts by name; an array written `?tag=a&tag=b` (style form, explode) has one text per item */
  query: Record<string, string | string[]>;
  auth: AuthMode;
  /** request headers: the operation's header parameters (by the spec's spelling), and extras (Prefer on the mock) */
  headers?: Record<string, string>;
  /** forced cases: the status asked for with Prefer */
  forcedStatus?: number;
  /** negative cases: the parameter broken and the rule it breaks */
  broken?: { parameter: string; location: "query" | "path" | "header"; rule: string; value: string };
  /** detail cases: the item as the list showed it, and that list's operationId */
  listed?: Record<string, unknown>;
  listedBy?: string;
  /** generated cases: how to generate them again */
  origin?: CaseOrigin;
}

interface RecordedRequest {
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
  /**
   * Checks this generated case failed that a smaller generated case fails the same way (found by shrinking): the
   * smallest is judged and reported for them instead, once.
   */
  supersededFor?: string[];
  /** when the request was sent (ISO 8601) */
  startedAt?: string;
  elapsedMs: number;
}

/** A walk: pages of one query (the whole collection, or a filtered subset) following each page's next from the start. */
export interface Walk {
  operationId: string;
  /** the query besides the layout's size and position parameters ({} for the whole collection) */
  filters: Record<string, string>;
  /** the page size asked, when the layout has a size parameter */
  limit?: number;
  pages: Exchange[];
  /** the last page said there is no next one */
  complete: boolean;
  /**
   * why an incomplete walk stopped: a bound reached, an answer that is not a page, or (`fault`) a next page that
   * cannot be followed or leads nowhere new, which pagination_consistency fails
   */
  stopped?: { reason: string; fault?: boolean };
  /** the list's path values (a nested list is walked once per known parent); none for a list without any */
  pathParams?: Record<string, string>;
  /** filtered walks: the item the filter value was taken from, which the walk must therefore include */
  source?: Record<string, unknown>;
}

/** An item as a list first showed it, and the answer that showed it. */
interface Sighting {
  item: Record<string, unknown>;
  exchange: Exchange;
}

/** One collection walked to its end without filters: its items' identities in order, and its total. */
export interface Collection {
  ids: string[];
  total: number;
}

/**
 * What the judge knows beyond one exchange, per operation: every item the lists showed, by the detail that answers
 * it, and each collection walked whole.
 */
export interface JudgeContext {
  kind: TargetKind;
  /** items of 200 list answers, by the operationId of their detail, then the detail's path ("42"): the first sighting */
  listed: Map<string, Map<string, Sighting>>;
  /** each collection walked to its end without filters, by collectionKey (the list and its path values) */
  collections?: Map<string, Collection>;
  /** what the run was asked to judge (SP_CONTRACT_CHECKS, SP_CONTRACT_OPERATIONS): all when absent */
  selection?: Selection;
  /** SP_CONTRACT_MAX_RESPONSE_MS */
  maxResponseMs?: number;
}

/** The checks and operations a run judges; everything when a list is absent. */
export interface Selection {
  checks?: string[];
  operations?: string[];
}

export interface Failure {
  check: string;
  operationId: string;
  message: string;
  /** the exchange that shows the failure */
  exchange?: Exchange;
  /** failures over a whole walk: the walk (replayed page by page) */
  walk?: Walk;
  /** schema failures: where, which rule, which value */
  pointer?: string;
  rule?: string;
  value?: string;
  /** what a maintainer would fix, where the check knows it: failures with one location are one cause (report/groups.ts) */
  location?: FailureLocation;
}

/**
 * One rule of one place in the spec: a JSON Schema location of the spec's schema document (a schema shared by several
 * operations is one place), or a parameter (one `$ref`'d by several operations is one parameter).
 */
export interface FailureLocation {
  /** "#/$defs/Sample/properties/notes"; a parameter: "#/components/parameters/SampleId", or its operation's own */
  at: string;
  /** the rule broken there: a schema keyword ("type", "required"), or what the parameter's values met ("values that break its pattern") */
  rule: string;
  /** a parameter, for a reader: "path parameter sample_id" */
  parameter?: string;
}

export interface Warning {
  check: string;
  operationId: string;
  message: string;
  exchange?: Exchange;
  pointer?: string;
}

export type { SpecOperation };
