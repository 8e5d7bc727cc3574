import { escapePointerToken } from "../../src/shared/json-pointer";
import { documentedStatus } from "../spec";
import type { Exchange, SpecOperation, Warning } from "../types";
import type { Check } from ".";
import { answered } from "./util";

const UNDECLARED_PROPERTIES = "undeclared_properties";

type Schema = Record<string, any>;

type Resolve = (ref: string) => Schema | undefined;

function walk(resolve: Resolve, schema: Schema | undefined, value: unknown, pointer: string, out: string[], depth = 0): void {
  if (!schema || depth > 32) return;
  if (typeof schema.$ref === "string") return walk(resolve, resolve(schema.$ref), value, pointer, out, depth + 1);
  if (Array.isArray(value)) {
    if (schema.items && typeof schema.items === "object") value.forEach((item, i) => walk(resolve, schema.items, item, `${pointer}/${i}`, out, depth + 1));
    return;
  }
  if (!value || typeof value !== "object" || !schema.properties) return;
  for (const [key, child] of Object.entries(value)) {
    const escaped = `${pointer}/${escapePointerToken(key)}`;
    if (key in schema.properties) walk(resolve, schema.properties[key], child, escaped, out, depth + 1);
    else if (schema.additionalProperties === undefined && !schema.patternProperties) out.push(escaped);
    // additionalProperties: true means "open on purpose" (media_info, details); false is response_schema_conformance's job
  }
}

/** JSON pointers of properties the body carries but the documented schema does not name (and does not forbid). */
function undeclaredProperties(resolve: Resolve, schema: Schema, body: unknown): string[] {
  const out: string[] = [];
  walk(resolve, schema, body, "", out);
  return out;
}

/**
 * Additive change is not a break: a property the spec does not name is a warning (where, which field), never a
 * failure, unless the schema forbids it (then response_schema_conformance fails it).
 */
function undeclared_properties(exchange: Exchange, operation: SpecOperation): Warning[] {
  const documented = documentedStatus(operation, exchange.response.status);
  const schemaName = documented ? operation.responseSchemas[documented] : undefined;
  if (!schemaName || exchange.response.json === undefined) return [];
  const schema = operation.resolveSchemaRef(`#/$defs/${schemaName}`);
  return undeclaredProperties(operation.resolveSchemaRef, schema ?? {}, exchange.response.json).map((pointer) => ({
    check: UNDECLARED_PROPERTIES,
    operationId: operation.operationId,
    message: `${exchange.response.status} body has ${pointer}, a property the ${schemaName} schema does not name (additive change, not a failure)`,
    exchange,
    pointer,
  }));
}

// Warn-only: it judges every answer and never fails one.
export const check: Check = {
  name: UNDECLARED_PROPERTIES,
  exchange: { appliesTo: answered, warn: undeclared_properties },
};
