import { documentedStatus } from "../spec";
import type { Exchange, Failure, SpecOperation } from "../types";
import type { Check } from ".";
import { answered, fail, shorten } from "./util";

const RESPONSE_HEADERS_CONFORMANCE = "response_headers_conformance";

/** A header's text as the value its schema types it as ("30" -> 30 for an integer header). */
function typedHeaderValue(text: string, schema: Record<string, any>): unknown {
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const trimmed = text.trim();
  if ((types.includes("integer") || types.includes("number")) && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(trimmed)) return Number(trimmed);
  if (types.includes("boolean") && (trimmed === "true" || trimmed === "false")) return trimmed === "true";
  return text;
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
  const documented = documentedStatus(operation, status);
  const own = documented ? operation.headers[documented] ?? [] : [];
  const byName = new Map(own.map((h) => [h.name.toLowerCase(), { header: h, status: documented! }]));
  for (const [otherStatus, list] of Object.entries(operation.headers)) {
    for (const h of list) if (!byName.has(h.name.toLowerCase())) byName.set(h.name.toLowerCase(), { header: h, status: otherStatus });
  }
  for (const [name, { header, status: where }] of byName) {
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
