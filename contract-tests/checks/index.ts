// The registry: every check, named in one list (imported, so the type-checker and knip see each one). A check carries
// its own preconditions (which operations, which target kinds, which exchanges or walks it judges), so adding a check
// is adding its file, its line here and its self-test. The order is the reports' row order.
import type { Exchange, Failure, JudgeContext, SpecOperation, TargetKind, Walk, Warning } from "../types";
import { check as contentTypeConformance } from "./content_type_conformance";
import { check as filterSemantics } from "./filter_semantics";
import { check as ignoredAuth } from "./ignored_auth";
import { check as listDetailConsistency } from "./list_detail_consistency";
import { check as maxResponseTime } from "./max_response_time";
import { check as missingResource } from "./missing_resource";
import { check as negativeDataRejection } from "./negative_data_rejection";
import { check as notAServerError } from "./not_a_server_error";
import { check as paginationConsistency } from "./pagination_consistency";
import { check as positiveDataAcceptance } from "./positive_data_acceptance";
import { check as prismViolations } from "./prism_violations";
import { check as responseHeadersConformance } from "./response_headers_conformance";
import { check as responseSchemaConformance } from "./response_schema_conformance";
import { check as statusCodeConformance } from "./status_code_conformance";
import { check as undeclaredProperties } from "./undeclared_properties";

export interface Check {
  name: string;
  /** operations it can judge at all (the others show "-"); default: all */
  operations?(operation: SpecOperation): boolean;
  /** it needs this kind of target; elsewhere it is skipped with `skipReason` */
  only?: TargetKind;
  skipReason?: string;
  /** a part of the check a kind of target cannot honour, for an operation: said in the summary as a skip */
  partial?(kind: TargetKind, operation: SpecOperation): string | undefined;
  /** why the check cannot run at all in this run (a setting it needs is absent), or undefined */
  disabled?(context: JudgeContext): string | undefined;
  /** judges single exchanges: those `appliesTo` accepts */
  exchange?: {
    appliesTo(exchange: Exchange, operation: SpecOperation, context: JudgeContext): boolean;
    /** absent for a warn-only check: what it looks at passes, with its warnings */
    judge?(exchange: Exchange, operation: SpecOperation, context: JudgeContext): Failure[];
    /** what the check notices but the spec does not require: warnings, never failures */
    warn?: (exchange: Exchange, operation: SpecOperation, context: JudgeContext) => Warning[];
  };
  /** judges walks (a sequence of pages following next_offset) */
  walk?: {
    appliesTo?(walk: Walk): boolean;
    judge(walk: Walk, operation: SpecOperation, context: JudgeContext): Failure[];
    /** what a walk shows that the spec leaves open: warnings, never failures */
    warn?: (walk: Walk, operation: SpecOperation, context: JudgeContext) => Warning[];
  };
}

export const CHECKS: Check[] = [
  contentTypeConformance,
  filterSemantics,
  ignoredAuth,
  listDetailConsistency,
  maxResponseTime,
  missingResource,
  negativeDataRejection,
  notAServerError,
  paginationConsistency,
  positiveDataAcceptance,
  prismViolations,
  responseHeadersConformance,
  responseSchemaConformance,
  statusCodeConformance,
  undeclaredProperties,
];
export const CHECK_NAMES = CHECKS.map((c) => c.name);
