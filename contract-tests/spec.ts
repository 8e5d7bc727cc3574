// Everything the suite knows about the API, read from generated/ (never written twice by hand): operations, their
// parameters and bounds, documented statuses, headers, and validators compiled from generated/json-schema.json with
// the project's one ajv configuration (spec/model.ts createAjv: draft 2020-12, strict, all errors). The
// suite compiles at start-up (while Prism boots) rather than importing the client's pre-compiled modules, so that
// how the client ships its validators never changes what the suite judges.
import type { ErrorObject } from "ajv";
import openapi from "../generated/openapi.json";
import jsonSchema from "../generated/json-schema.json";
import { createAjv, listOperations, parametersDefName, resolveLocal, valueAtPointer } from "../spec/model";

/** A compiled validator: returns whether `data` is valid; on false, `errors` says why. */
export type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

type JsonObject = Record<string, any>;

export interface SpecParameter {
  name: string;
  in: "query" | "path" | "header" | "cookie";
  required: boolean;
  schema: JsonObject;
  example?: unknown;
  description?: string;
}

export interface DocumentedHeader {
  name: string;
  schema: JsonObject;
  validate: Validator;
}

export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  parameters: SpecParameter[];
  /** documented statuses as written in the spec ("200", "404", "default") */
  statuses: string[];
  /** status -> name of the schema of its application/json body */
  responseSchemas: Record<string, string>;
  /** status -> media types documented for its body */
  contentTypes: Record<string, string[]>;
  /** status -> names of the examples documented for its application/json body */
  examples: Record<string, string[]>;
  /** status -> documented response headers */
  headers: Record<string, DocumentedHeader[]>;
  /** whether the operation requires a bearer token */
  secured: boolean;
  /** validate a body against the schema documented for a status */
  validatorFor(status: string): Validator | undefined;
  /** validate one parameter value (already typed) against the spec, alone */
  validateParameter(location: "query" | "path", values: Record<string, unknown>): ErrorObject[];
}

const resolve = (node: any): any => resolveLocal(openapi, node);

let cached: SpecOperation[] | undefined;
let sharedAjv: ReturnType<typeof createAjv> | undefined;

/** The project's ajv, holding the JSON Schema document of the spec. */
function ajv(): ReturnType<typeof createAjv> {
  if (!sharedAjv) {
    sharedAjv = createAjv();
    sharedAjv.addSchema(jsonSchema);
  }
  return sharedAjv;
}

const compiled = new Map<string, Validator>();
/** The validator of one `$defs` entry of generated/json-schema.json ("Sample", "listSamples_query"). */
export function defValidator(name: string): Validator | undefined {
  if (!((jsonSchema as JsonObject).$defs ?? {})[name]) return undefined;
  if (!compiled.has(name)) compiled.set(name, ajv().getSchema(`${(jsonSchema as JsonObject).$id}#/$defs/${name}`) as Validator);
  return compiled.get(name);
}

function compileHeader(schema: JsonObject): Validator {
  return ajv().compile(schema) as Validator;
}

/**
 * Whether a security requirement list demands credentials: its alternatives are ORed, and an empty one (`{}`) lets
 * an anonymous request through, so `[{bearerAuth: []}, {}]` does not.
 */
export function requiresToken(security: unknown[]): boolean {
  return security.length > 0 && security.every((requirement) => Object.keys(requirement ?? {}).length > 0);
}

/** The operations of the spec, with everything the suite needs resolved. */
export function specOperations(): SpecOperation[] {
  if (cached) return cached;
  const spec = openapi as JsonObject;
  const globalSecurity = spec.security as unknown[] | undefined;
  cached = listOperations(spec as any).map((op) => {
    const raw = spec.paths[op.path][op.method];
    const statuses = Object.keys(raw.responses);
    const contentTypes: Record<string, string[]> = {};
    const headers: Record<string, DocumentedHeader[]> = {};
    const examples: Record<string, string[]> = {};
    for (const status of statuses) {
      const response = resolve(raw.responses[status]);
      contentTypes[status] = Object.keys(response.content ?? {});
      examples[status] = Object.keys(response.content?.["application/json"]?.examples ?? {});
      headers[status] = Object.entries<any>(response.headers ?? {}).map(([name, header]) => {
        const schema = resolve(header).schema ?? {};
        return { name, schema, validate: compileHeader(schema) };
      });
    }
    const security = (raw.security ?? globalSecurity ?? []) as unknown[];
    return {
      operationId: op.operationId,
      method: op.method.toUpperCase(),
      path: op.path,
      parameters: op.parameters.map((p: any) => ({
        name: p.name,
        in: p.in,
        required: Boolean(p.required),
        schema: p.schema,
        example: p.example,
        description: p.description,
      })),
      statuses,
      responseSchemas: op.responseSchemas,
      contentTypes,
      examples,
      headers,
      secured: requiresToken(security),
      validatorFor: (status: string) => (op.responseSchemas[status] ? defValidator(op.responseSchemas[status]) : undefined),
      validateParameter(location, values) {
        const validate = defValidator(parametersDefName(op.operationId, location));
        if (!validate) return [];
        return validate(values) ? [] : [...(validate.errors ?? [])];
      },
    };
  });
  // Compile every validator now (run.ts loads the spec while Prism boots), not during the first check.
  for (const op of cached) {
    for (const status of op.statuses) op.validatorFor(status);
    op.validateParameter("query", {});
    op.validateParameter("path", {});
  }
  return cached;
}

export function operationById(operationId: string): SpecOperation {
  const op = specOperations().find((o) => o.operationId === operationId);
  if (!op) throw new Error(`no operation ${operationId} in the spec`);
  return op;
}

/** The documented response a status falls under: its own entry, else a range ("4XX"), else default. */
export function documentedStatus(operation: SpecOperation, status: number): string | undefined {
  const exact = String(status);
  if (operation.statuses.includes(exact)) return exact;
  const range = `${exact[0]}XX`;
  if (operation.statuses.includes(range)) return range;
  if (operation.statuses.includes("default")) return "default";
  return undefined;
}

/**
 * The query parameters that page through a collection, if the operation has both: the largest limit, the first
 * offset, and the defaults a request without them gets.
 */
export function pagingParameters(operation: SpecOperation): { limit: number; offset: number; defaultLimit: number; defaultOffset: number } | undefined {
  const limit = operation.parameters.find((p) => p.in === "query" && p.name === "limit");
  const offset = operation.parameters.find((p) => p.in === "query" && p.name === "offset");
  if (!limit || !offset) return undefined;
  const first = Number(offset.schema.minimum ?? 0);
  return {
    limit: Number(limit.schema.maximum ?? limit.schema.default ?? 50),
    offset: first,
    defaultLimit: Number(limit.schema.default ?? limit.schema.maximum ?? 50),
    defaultOffset: Number(offset.schema.default ?? first),
  };
}

/** The JSON Schema document of generated/json-schema.json, for walking schemas (undeclared properties). */
export const schemaDocument = jsonSchema as JsonObject;
export const SCHEMA_ID: string = (jsonSchema as JsonObject).$id;

/** Resolves a `$ref` of the JSON Schema document ("urn:...#/$defs/Sample") to its schema. */
export function resolveSchemaRef(ref: string): JsonObject | undefined {
  const hash = ref.indexOf("#");
  const base = ref.slice(0, hash);
  if (base !== "" && base !== SCHEMA_ID) return undefined;
  return valueAtPointer(schemaDocument, ref.slice(hash + 1));
}
