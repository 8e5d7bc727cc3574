import type { Exchange, Failure, SpecOperation } from "../types";
import type { Check } from ".";
import { answered, fail, shorten } from "./util";

const PRISM_VIOLATIONS = "prism_violations";

interface PrismViolation {
  location: (string | number)[];
  severity: string;
  code: string | number;
  message: string;
}

function parseViolations(header: string | undefined): PrismViolation[] | string {
  if (!header) return [];
  try {
    const parsed = JSON.parse(header);
    return Array.isArray(parsed) ? parsed : "not a JSON array";
  } catch (error) {
    return (error as Error).message;
  }
}

/** Cases that send bad input on purpose: Prism may see request violations there, and only there. */
const INTENTIONALLY_INVALID = new Set(["negative", "auth"]);

/**
 * Prism's own view (the sl-violations header): a violation located in the response means the spec's examples or
 * schemas disagree with each other; a request violation on a request the suite considers valid, or none on a
 * parameter the suite broke on purpose, means the suite and the spec disagree. Mock only.
 */
export function prism_violations(exchange: Exchange, _operation: SpecOperation): Failure[] {
  const parsed = parseViolations(exchange.response.headers["sl-violations"]);
  if (typeof parsed === "string") return [fail(PRISM_VIOLATIONS, exchange, `sl-violations header is unreadable: ${parsed}`)];
  const failures: Failure[] = [];
  for (const v of parsed) {
    const where = (v.location ?? []).join(".");
    if (v.location?.[0] === "response") {
      failures.push(fail(PRISM_VIOLATIONS, exchange, `Prism reports a response violation at ${where}: ${v.message} (${v.code})`));
    } else if (!INTENTIONALLY_INVALID.has(exchange.case.kind)) {
      failures.push(fail(PRISM_VIOLATIONS, exchange, `Prism reports a request violation at ${where} on a request meant to be valid: ${shorten(v.message, 120)}`));
    }
  }
  const broken = exchange.case.broken;
  if (broken && !parsed.some((v) => v.location?.[0] === "request" && v.location?.includes(broken.parameter))) {
    failures.push(fail(PRISM_VIOLATIONS, exchange, `Prism reports no request violation of ${broken.parameter}, which the suite broke on purpose (${broken.rule}): the suite and the spec disagree`));
  }
  return failures;
}

export const check: Check = {
  name: PRISM_VIOLATIONS,
  only: "mock",
  skipReason: "mock only: the sl-violations header is Prism's",
  exchange: { appliesTo: answered, judge: prism_violations },
};
