import { pointerOf } from "../../src/shared/json-pointer";
import { conjuncts, isSchemaObject, type Schema, type SchemaDocument } from "../../src/shared/schema-walk";
import { documentedStatus } from "../spec";
import type { Exchange, SpecOperation, Warning } from "../types";
import type { Check } from ".";
import { answered } from "./util";

const UNDECLARED_PROPERTIES = "undeclared_properties";

/** A value that can hold properties (an object or an array): the rest carry none to report, and are not walked. */
const isNode = (value: unknown): value is object => value !== null && typeof value === "object";

/**
 * What the walk needs of the schemas a value must satisfy at once (through `$ref` and `allOf`): the schemas of an
 * array's items, the schemas each declared property must satisfy, and whether undeclared properties are allowed on
 * purpose. Worked out once per schema: every item of a list, and every response of an operation, shares it.
 */
interface Shape {
  items: Schema[];
  /** each declared property's schemas; undefined when no conjunct declares properties (nothing to report) */
  properties?: Map<string, unknown[]>;
  /** additionalProperties (true, or a schema) or patternProperties: "open on purpose" (media_info, details); false is
   * response_schema_conformance's job */
  open: boolean;
}

const shapeCache = new WeakMap<object, Shape>();

function shapeOfParts(parts: Schema[]): Shape {
  const declaring = parts.filter((part) => isSchemaObject(part.properties));
  let properties: Map<string, unknown[]> | undefined;
  if (declaring.length > 0) {
    properties = new Map();
    for (const part of declaring) {
      for (const [key, schema] of Object.entries(part.properties as Schema)) properties.set(key, [...(properties.get(key) ?? []), schema]);
    }
  }
  return {
    items: parts.map((part) => part.items).filter(isSchemaObject),
    properties,
    open: parts.some((part) => part.additionalProperties !== undefined || part.patternProperties !== undefined),
  };
}

/** The shape of values that must satisfy every one of `schemas`: cached by the schema, or by the list of them. */
function shapeOf(schemas: unknown[], document: SchemaDocument): Shape {
  const key = schemas.length === 1 && isSchemaObject(schemas[0]) ? schemas[0] : schemas;
  let shape = shapeCache.get(key);
  if (!shape) {
    shape = shapeOfParts(schemas.flatMap((schema) => (isSchemaObject(schema) ? conjuncts(schema, "#", document).map((c) => c.schema) : [])));
    shapeCache.set(key, shape);
  }
  return shape;
}

/**
 * Walks `value` along `shape`, pushing the pointer of each property the shape does not declare. `at` holds the tokens
 * of the path walked so far (pushed and popped as it goes): a pointer is written only for a property reported.
 */
function walk(document: SchemaDocument, shape: Shape, value: object, at: (string | number)[], out: string[], depth = 0): void {
  if (depth > 32) return;
  if (Array.isArray(value)) {
    if (shape.items.length === 0) return;
    const items = shapeOf(shape.items, document);
    for (let i = 0; i < value.length; i++) {
      const element: unknown = value[i];
      if (!isNode(element)) continue;
      at.push(i);
      walk(document, items, element, at, out, depth + 1);
      at.pop();
    }
    return;
  }
  if (!shape.properties) return;
  for (const key of Object.keys(value)) {
    const childSchemas = shape.properties.get(key);
    const child = (value as Record<string, unknown>)[key];
    if (!childSchemas) {
      if (!shape.open) out.push(pointerOf([...at, key]));
    } else if (isNode(child)) {
      at.push(key);
      walk(document, shapeOf(childSchemas, document), child, at, out, depth + 1);
      at.pop();
    }
  }
}

/** Each document's named schemas as the walk's roots (a response names its schema by `$defs` entry). */
const rootCache = new WeakMap<SchemaDocument, Map<string, unknown[]>>();

/** JSON pointers of properties the body carries but the documented schema does not name (and does not forbid). */
function undeclaredProperties(document: SchemaDocument, schemaName: string, body: unknown): string[] {
  const out: string[] = [];
  if (!isNode(body)) return out;
  let roots = rootCache.get(document);
  if (!roots) rootCache.set(document, (roots = new Map()));
  let root = roots.get(schemaName);
  if (!root) roots.set(schemaName, (root = [{ $ref: `#/$defs/${schemaName}` }]));
  walk(document, shapeOf(root, document), body, [], out);
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
  return undeclaredProperties(operation.schemaDocument, schemaName, exchange.response.json).map((pointer) => ({
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
