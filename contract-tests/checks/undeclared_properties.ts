import { pointerOf } from "../../src/shared/json-pointer";
import { documentedStatus } from "../spec";
import type { Exchange, SpecOperation, Warning } from "../types";
import type { Check } from ".";
import { answered } from "./util";

const UNDECLARED_PROPERTIES = "undeclared_properties";

type Schema = Record<string, any>;

type Resolve = (ref: string) => Schema | undefined;

/** A value that can hold properties (an object or an array): the rest carry none to report, and are not walked. */
const isNode = (value: unknown): value is object => value !== null && typeof value === "object";

/**
 * Walks `value` along `schema`, pushing the pointer of each property the schema does not name. `at` holds the tokens
 * of the path walked so far (pushed and popped as it goes): a pointer is written only for a property reported.
 */
function walk(resolve: Resolve, schema: Schema | undefined, value: object, at: (string | number)[], out: string[], depth = 0): void {
  if (!schema || depth > 32) return;
  if (typeof schema.$ref === "string") return walk(resolve, resolve(schema.$ref), value, at, out, depth + 1);
  if (Array.isArray(value)) return walkItems(resolve, schema.items, value, at, out, depth);
  if (!schema.properties) return;
  const open = schema.additionalProperties !== undefined || schema.patternProperties;
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key];
    if (!(key in schema.properties)) {
      // additionalProperties: true means "open on purpose" (media_info, details); false is response_schema_conformance's job
      if (!open) out.push(pointerOf([...at, key]));
    } else if (isNode(child)) {
      at.push(key);
      walk(resolve, schema.properties[key], child, at, out, depth + 1);
      at.pop();
    }
  }
}

/** Walks each element of an array along the array schema's `items` (none without an `items` schema). */
function walkItems(resolve: Resolve, items: unknown, value: unknown[], at: (string | number)[], out: string[], depth: number): void {
  if (!items || typeof items !== "object") return;
  for (let i = 0; i < value.length; i++) {
    const element = value[i];
    if (!isNode(element)) continue;
    at.push(i);
    walk(resolve, items, element, at, out, depth + 1);
    at.pop();
  }
}

/** JSON pointers of properties the body carries but the documented schema does not name (and does not forbid). */
function undeclaredProperties(resolve: Resolve, schema: Schema, body: unknown): string[] {
  const out: string[] = [];
  if (isNode(body)) walk(resolve, schema, body, [], out);
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
