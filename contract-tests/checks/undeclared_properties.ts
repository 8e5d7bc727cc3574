import { pointerOf } from "../../src/shared/json-pointer";
import { conjuncts, isSchemaObject, type Schema, type SchemaDocument } from "../../src/shared/schema-walk";
import { documentedStatus } from "../spec";
import type { Exchange, SpecOperation, Warning } from "../types";
import type { Check } from ".";
import { answered } from "./util";

const UNDECLARED_PROPERTIES = "undeclared_properties";

/** A value that can hold properties (an object or an array): the rest carry none to report, and are not walked. */
const isNode = (value: unknown): value is object => value !== null && typeof value === "object";

// Every item of a list is walked along the same schema: its conjuncts are found once.
const partsCache = new WeakMap<object, Schema[]>();

/** The schemas a value must satisfy at once, through `$ref` and `allOf`. */
function partsOf(schema: unknown, document: SchemaDocument): Schema[] {
  if (!isSchemaObject(schema)) return [];
  let parts = partsCache.get(schema);
  if (!parts) partsCache.set(schema, (parts = conjuncts(schema, "#", document).map((c) => c.schema)));
  return parts;
}

/**
 * Walks `value` along `schemas` (all of which hold), pushing the pointer of each property none of their conjuncts
 * names. `at` holds the tokens of the path walked so far (pushed and popped as it goes): a pointer is written only
 * for a property reported.
 */
function walk(document: SchemaDocument, schemas: unknown[], value: object, at: (string | number)[], out: string[], depth = 0): void {
  if (depth > 32) return;
  const parts = schemas.flatMap((schema) => partsOf(schema, document));
  if (Array.isArray(value)) {
    const items = parts.map((part) => part.items).filter(isSchemaObject);
    if (items.length > 0) walkItems(document, items, value, at, out, depth);
    return;
  }
  const declaring = parts.filter((part) => isSchemaObject(part.properties));
  if (declaring.length === 0) return;
  // additionalProperties (true, or a schema) means "open on purpose" (media_info, details); false is
  // response_schema_conformance's job.
  const open = parts.some((part) => part.additionalProperties !== undefined || part.patternProperties !== undefined);
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key];
    const childSchemas = declaring.flatMap((part) => (key in (part.properties as Schema) ? [(part.properties as Schema)[key]] : []));
    if (childSchemas.length === 0) {
      if (!open) out.push(pointerOf([...at, key]));
    } else if (isNode(child)) {
      at.push(key);
      walk(document, childSchemas, child, at, out, depth + 1);
      at.pop();
    }
  }
}

/** Walks each element of an array along the array schemas' `items`. */
function walkItems(document: SchemaDocument, items: Schema[], value: unknown[], at: (string | number)[], out: string[], depth: number): void {
  for (let i = 0; i < value.length; i++) {
    const element = value[i];
    if (!isNode(element)) continue;
    at.push(i);
    walk(document, items, element, at, out, depth + 1);
    at.pop();
  }
}

/** JSON pointers of properties the body carries but the documented schema does not name (and does not forbid). */
function undeclaredProperties(document: SchemaDocument, schema: unknown, body: unknown): string[] {
  const out: string[] = [];
  if (isNode(body)) walk(document, [schema], body, [], out);
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
  return undeclaredProperties(operation.schemaDocument, { $ref: `#/$defs/${schemaName}` }, exchange.response.json).map((pointer) => ({
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
