// The registry: every check, where it runs and which exchanges it judges. The checks themselves are the pure functions
// in the files next to this one.
import type { Exchange, Failure, SpecOperation, TargetKind } from "../types";
import { content_type_conformance } from "./content_type_conformance";
import { filter_semantics } from "./filter_semantics";
import { ignored_auth } from "./ignored_auth";
import { list_detail_consistency } from "./list_detail_consistency";
import { missing_resource } from "./missing_resource";
import { negative_data_rejection } from "./negative_data_rejection";
import { not_a_server_error } from "./not_a_server_error";
import { pagination_consistency } from "./pagination_consistency";
import { positive_data_acceptance } from "./positive_data_acceptance";
import { prism_violations } from "./prism_violations";
import { response_headers_conformance } from "./response_headers_conformance";
import { response_schema_conformance } from "./response_schema_conformance";
import { status_code_conformance } from "./status_code_conformance";

export interface ExchangeCheck {
  name: string;
  kind: "exchange";
  /** runs only against this kind of target; elsewhere it is reported as skipped, with `skipReason` */
  only?: TargetKind;
  skipReason?: string;
  /** a part of the check that one kind of target cannot honour, said in the summary */
  partialOn?: Partial<Record<TargetKind, string>>;
  appliesTo(exchange: Exchange): boolean;
  run(exchange: Exchange, operation: SpecOperation): Failure[];
}

export interface SequenceCheck {
  name: string;
  kind: "sequence";
  only: TargetKind;
  skipReason: string;
  /** which recorded sequence it judges */
  sequence: "walk" | "filter";
  run(exchanges: Exchange[], operation: SpecOperation): Failure[];
}

export type CheckDefinition = ExchangeCheck | SequenceCheck;

/**
 * Exchanges the status-expecting checks judge: not a 429 that was waited out and retried, not unanswered, and not a
 * 5xx. A 5xx (or no answer) is reported once, by not_a_server_error, rather than again by every check that expected
 * another status: one failure, one cause.
 */
const judged = (exchange: Exchange) => !exchange.retried && exchange.response.status !== 0 && exchange.response.status < 500;
const MOCK_DATA = "Prism makes up its answers (static: the same example for every query; dynamic: random data), so";

export const CHECKS: CheckDefinition[] = [
  { name: "not_a_server_error", kind: "exchange", appliesTo: () => true, run: not_a_server_error },
  { name: "status_code_conformance", kind: "exchange", appliesTo: (e) => e.response.status !== 0, run: status_code_conformance },
  { name: "content_type_conformance", kind: "exchange", appliesTo: (e) => e.response.status !== 0, run: content_type_conformance },
  { name: "response_schema_conformance", kind: "exchange", appliesTo: (e) => e.response.status !== 0, run: response_schema_conformance },
  { name: "response_headers_conformance", kind: "exchange", appliesTo: (e) => e.response.status !== 0, run: response_headers_conformance },
  {
    name: "ignored_auth",
    kind: "exchange",
    appliesTo: (e) => judged(e) && e.case.kind === "auth",
    partialOn: {
      mock: "wrong-token half skipped on the mock: Prism only checks that an `Authorization: Bearer` header is present (a made-up token gets 200), so it cannot reject a wrong token",
    },
    run: ignored_auth,
  },
  {
    name: "negative_data_rejection",
    kind: "exchange",
    appliesTo: (e) => judged(e) && e.case.kind === "negative",
    partialOn: {
      mock: "details.fields naming skipped on the mock: Prism answers every invalid request with the same canned example from the spec, whatever parameter was broken; enforced live",
    },
    run: negative_data_rejection,
  },
  {
    name: "positive_data_acceptance",
    kind: "exchange",
    appliesTo: (e) => judged(e) && (e.case.kind === "positive" || e.case.kind === "baseline"),
    run: positive_data_acceptance,
  },
  {
    name: "prism_violations",
    kind: "exchange",
    only: "mock",
    skipReason: "mock only: the sl-violations header is Prism's",
    appliesTo: (e) => e.response.status !== 0,
    run: prism_violations,
  },
  {
    name: "pagination_consistency",
    kind: "sequence",
    only: "live",
    skipReason: `live only: ${MOCK_DATA} pages do not add up to a collection`,
    sequence: "walk",
    run: pagination_consistency,
  },
  {
    name: "filter_semantics",
    kind: "sequence",
    only: "live",
    skipReason: `live only: ${MOCK_DATA} a filter does not filter`,
    sequence: "filter",
    run: filter_semantics,
  },
  {
    name: "list_detail_consistency",
    kind: "exchange",
    only: "live",
    skipReason: `live only: ${MOCK_DATA} a sample by id is not the one in the list`,
    appliesTo: (e) => judged(e) && e.case.kind === "detail",
    run: list_detail_consistency,
  },
  {
    name: "missing_resource",
    kind: "exchange",
    only: "live",
    skipReason: `live only: ${MOCK_DATA} every id exists`,
    appliesTo: (e) => judged(e) && e.case.kind === "missing",
    run: missing_resource,
  },
];

export const CHECK_NAMES = CHECKS.map((c) => c.name);
