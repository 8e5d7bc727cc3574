import { documentedStatus, type DocumentedHeader } from "../spec";
import type { Exchange, Failure, SpecOperation } from "../types";
import type { Check } from ".";
import { answered, fail, shorten } from "./util";

const RESPONSE_HEADERS_CONFORMANCE = "response_headers_conformance";

/** A header's text as the value its schema types it as ("30" -> 30 for an integer header). */
function typedHeaderValue(text: string, schema: Record<string, any>): unknown {
  const trimmed = text.trim();
  if ((hasType(schema, "integer") || hasType(schema, "number")) && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(trimmed)) return Number(trimmed);
  if (hasType(schema, "boolean") && (trimmed === "true" || trimmed === "false")) return trimmed === "true";
  return text;
}

/** Whether a schema's `type` (one, or a list) is or includes `type`. */
const hasType = (schema: Record<string, any>, type: string): boolean => (Array.isArray(schema.type) ? schema.type.includes(type) : schema.type === type);

interface HeaderRule {
  header: DocumentedHeader;
  /** the documented status it is written under */
  status: string;
}

// The same few lists serve every exchange: made once per operation's headers and documented status.
const rulesByHeaders = new WeakMap<SpecOperation["headers"], Map<string | undefined, Map<string, HeaderRule>>>();

/** The headers an answer under `documented` is held to, by lower-case name: its own, then the others' (first one wins). */
function headerRules(operation: SpecOperation, documented: string | undefined): Map<string, HeaderRule> {
  let byStatus = rulesByHeaders.get(operation.headers);
  if (!byStatus) rulesByHeaders.set(operation.headers, (byStatus = new Map()));
  let byName = byStatus.get(documented);
  if (byName) return byName;
  const own = documented ? operation.headers[documented] ?? [] : [];
  byName = new Map(own.map((h) => [h.name.toLowerCase(), { header: h, status: documented! }]));
  for (const [otherStatus, list] of Object.entries(operation.headers)) {
    for (const h of list) if (!byName.has(h.name.toLowerCase())) byName.set(h.name.toLowerCase(), { header: h, status: otherStatus });
  }
  byStatus.set(documented, byName);
  return byName;
}

/**
 * Documented response headers have their documented types whenever they appear: the headers of the exchange's own
 * status, and, on other statuses, headers the operation documents elsewhere under the same name (X-RateLimit-* on a
 * 200 means what it means on a 429).
 */
function response_headers_conformance(exchange: Exchange, operation: SpecOperation): Failure[] {
  const { status, headers } = exchange.response;
  if (status === 0) return [];
  const failures: Failure[] = [];
  for (const [name, { header, status: where }] of headerRules(operation, documentedStatus(operation, status))) {
    const text = headers[name];
    if (text === undefined) continue;
    const value = typedHeaderValue(text, header.schema);
    if (header.validate(value)) continue;
    const error = header.validate.errors?.[0];
    failures.push(
      fail(
        RESPONSE_HEADERS_CONFORMANCE,
        exchange,
        `header ${header.name}: ${shorten(text, 40)} ${error?.message ?? "is invalid"} (documented for ${where}: ${shorten(header.schema, 60)})`,
        { pointer: `header ${header.name}`, rule: error ? `${error.keyword} (${error.schemaPath})` : undefined, value: shorten(text, 40) },
      ),
    );
  }
  return failures;
}

export const check: Check = {
  name: RESPONSE_HEADERS_CONFORMANCE,
  exchange: { appliesTo: answered, judge: response_headers_conformance },
};
