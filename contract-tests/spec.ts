// Everything the suite knows about the API, from the operation table (generated/operations.ts, by default) and the
// spec's JSON Schema document (generated/json-schema.json): operations, their parameters and bounds, documented
// statuses, media types, headers and examples, security, and each row's pages, list/detail pairs, parents and filters.
// The OpenAPI document itself is never read at run time. Validators are compiled from the JSON Schema document with
// the project's one ajv configuration (spec/model.ts createAjv: draft 2020-12, strict, all errors). The suite compiles
// at start-up (while Prism boots) rather than using the client's pre-compiled validators (the rows' `validators` are
// ignored), so that how the client ships its validators never changes what the suite judges.
import type { ErrorObject } from "ajv";
import jsonSchema from "../generated/json-schema.json";
import { operationTable } from "../generated/operations";
import type { OffsetPageRow, OperationRow, PageRow, ParameterRow, SecuritySchemeRow } from "../src/shared/operation-row";
import { deref, type SchemaDocument } from "../src/shared/schema-walk";
import { positionParameter } from "../src/shared/page";
import { createAjv, isObject, parametersDefName, valueAtPointer } from "../spec/model";

/** A compiled validator: returns whether `data` is valid; on false, `errors` says why. */
export type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

type JsonObject = Record<string, any>;

export interface SpecParameter {
  name: string;
  in: "query" | "path" | "header" | "cookie";
  required: boolean;
  /** its schema as the table converts it (JSON Schema 2020-12), a `$ref` at its top followed into the document */
  schema: JsonObject;
  example?: unknown;
  description?: string;
  /** declared by `x-case-insensitive: true`: the server matches its value in any letter case */
  caseInsensitive?: boolean;
  /** the components/parameters entry it is a `$ref` to ("SampleId"): one parameter of every operation sharing it */
  ref?: string;
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
  /** the spec's security schemes, by name: how a credential goes out on an operation whose security names one */
  securitySchemes: Readonly<Record<string, SecuritySchemeRow>>;
  /** the operation's row of the operation table: its page layout, detail, parent and filters */
  row: OperationRow;
  /** the spec it belongs to: where its row's detail and parent are found */
  spec: SpecModel;
  /** validate a body against the schema documented for a status */
  validatorFor(status: string): Validator | undefined;
  /**
   * validate parameter values (already typed) against the spec; header ones by the spec's spelling of their names
   * (the JSON Schema document's `<operationId>_header`, without the headers OpenAPI ignores)
   */
  validateParameter(location: "query" | "path" | "header", values: Record<string, unknown>): ErrorObject[];
  /** resolves a `$ref` of the spec's JSON Schema document ("urn:...#/$defs/Sample", "#/$defs/Sample") to its schema */
  resolveSchemaRef: (ref: string) => JsonObject | undefined;
  /** the spec's JSON Schema document, for the one schema walk (src/shared/schema-walk.ts) */
  schemaDocument: SchemaDocument;
}

/** What the suite judges against: the spec's operations, each with its row. */
export interface SpecModel {
  operations: SpecOperation[];
  operationById(operationId: string): SpecOperation;
}

/** A spec as the suite reads it: its JSON Schema document (buildJsonSchemaDocument) and its operation table. */
export interface SpecSource {
  /** @deprecated never read: the table carries all the suite needs of the OpenAPI document */
  openapi?: JsonObject;
  jsonSchema: JsonObject;
  table: readonly OperationRow[];
}

/**
 * Whether a security requirement list demands credentials: its alternatives are ORed, and an empty one (`{}`) lets
 * an anonymous request through, so `[{bearerAuth: []}, {}]` does not.
 */
export function requiresToken(security: unknown[]): boolean {
  return security.length > 0 && security.every((requirement) => Object.keys(requirement ?? {}).length > 0);
}

/**
 * The spec model of one spec, every validator compiled now (run.ts loads it while Prism boots, not during the first
 * check). Each model has its own ajv: two specs' JSON Schema documents share one $id.
 */
export function loadSpecModel(source: SpecSource): SpecModel {
  const schemaId: string = source.jsonSchema.$id;
  const ajv = createAjv();
  // Not checked against the 2020-12 meta-schema again (compiling that costs more than the document's own validators,
  // in every process): the document was built by buildJsonSchemaDocument and judged so when its spec was generated.
  // Strict mode still refuses, as each validator is compiled, a keyword or type it does not know.
  ajv.addSchema(source.jsonSchema, undefined, undefined, false);
  const compiled = new Map<string, Validator | undefined>();
  /** The validator of one `$defs` entry of the JSON Schema document ("Sample", "listSamples_query"). */
  const defValidator = (name: string): Validator | undefined => {
    // Looked up on every exchange: the answer (undefined for a name the document lacks) is kept the first time.
    if (compiled.has(name)) return compiled.get(name);
    const validate = (source.jsonSchema.$defs ?? {})[name] ? (ajv.getSchema(`${schemaId}#/$defs/${name}`) as Validator) : undefined;
    compiled.set(name, validate);
    return validate;
  };
  // The checks resolve the same few refs for every item of every body: each is read from the document once.
  const resolvedRefs = new Map<string, JsonObject | undefined>();
  const resolveSchemaRef = (ref: string): JsonObject | undefined => {
    if (resolvedRefs.has(ref)) return resolvedRefs.get(ref);
    const hash = ref.indexOf("#");
    const base = ref.slice(0, hash);
    const schema = base !== "" && base !== schemaId ? undefined : valueAtPointer(source.jsonSchema, ref.slice(hash + 1));
    resolvedRefs.set(ref, schema);
    return schema;
  };
  // A header's schema is often one shared component: compiled once.
  const headerValidators = new Map<string, Validator>();
  const headerValidator = (schema: JsonObject): Validator => {
    const key = JSON.stringify(schema);
    let validate = headerValidators.get(key);
    if (!validate) {
      // Added unchecked, as the document is (ajv.compile would check it, and so compile the meta-schema).
      const name = `header-schema:${headerValidators.size}`;
      ajv.addSchema(schema, name, undefined, false);
      headerValidators.set(key, (validate = ajv.getSchema(name) as Validator));
    }
    return validate;
  };
  const parameterOf = (p: ParameterRow): SpecParameter => ({
    name: p.name,
    in: p.in,
    required: p.required,
    // A parameter whose schema is a named one is read as that schema (its type, enum, bounds).
    schema: deref(p.schema, source.jsonSchema).schema ?? {},
    example: p.example,
    description: p.description,
    caseInsensitive: p.caseInsensitive === true,
    ...(p.ref !== undefined ? { ref: p.ref } : {}),
  });
  const schemes: Record<string, SecuritySchemeRow> = {};
  for (const row of source.table) Object.assign(schemes, row.securitySchemes);
  const model: SpecModel = {
    operations: [],
    operationById(operationId) {
      const op = model.operations.find((o) => o.operationId === operationId);
      if (!op) throw new Error(`no operation ${operationId} in the spec`);
      return op;
    },
  };
  model.operations = source.table.map((row): SpecOperation => {
    const statuses = row.responses.map((r) => r.status);
    const responseSchemas: Record<string, string> = {};
    const contentTypes: Record<string, string[]> = {};
    const headers: Record<string, DocumentedHeader[]> = {};
    const examples: Record<string, string[]> = {};
    for (const response of row.responses) {
      if (response.schema !== null) responseSchemas[response.status] = response.schema;
      contentTypes[response.status] = response.media;
      examples[response.status] = response.examples;
      headers[response.status] = response.headers.map((header) => {
        const schema = isObject(header.schema) ? header.schema : {};
        return { name: header.name, schema, validate: headerValidator(schema) };
      });
    }
    const parameterDefs = {
      query: parametersDefName(row.operationId, "query"),
      path: parametersDefName(row.operationId, "path"),
      header: parametersDefName(row.operationId, "header"),
    };
    return {
      operationId: row.operationId,
      method: row.method,
      path: row.path,
      parameters: row.parameters.map(parameterOf),
      statuses,
      responseSchemas,
      contentTypes,
      examples,
      headers,
      secured: requiresToken(row.security),
      securitySchemes: schemes,
      row,
      spec: model,
      validatorFor: (status: string) => (responseSchemas[status] ? defValidator(responseSchemas[status]) : undefined),
      validateParameter(location, values) {
        const validate = defValidator(parameterDefs[location]);
        if (!validate) return [];
        return validate(values) ? [] : [...(validate.errors ?? [])];
      },
      resolveSchemaRef,
      schemaDocument: source.jsonSchema,
    };
  });
  for (const op of model.operations) {
    for (const status of op.statuses) op.validatorFor(status);
    op.validateParameter("query", {});
    op.validateParameter("path", {});
    op.validateParameter("header", {});
  }
  return model;
}

let generated: SpecModel | undefined;
/** The spec model of generated/ (the package's own spec), loaded once. */
export function defaultSpecModel(): SpecModel {
  generated ??= loadSpecModel({ jsonSchema, table: Object.values(operationTable) });
  return generated;
}

/** The operations of the package's own spec. */
export const specOperations = (): SpecOperation[] => defaultSpecModel().operations;

export const operationById = (operationId: string): SpecOperation => defaultSpecModel().operationById(operationId);

// Every check asks this of every exchange: kept per statuses list (an operation's, or a test's copy with its own).
const documentedByStatuses = new WeakMap<string[], Map<number, string | undefined>>();

/** The documented response a status falls under: its own entry, else a range ("4XX"), else default. */
export function documentedStatus(operation: SpecOperation, status: number): string | undefined {
  let known = documentedByStatuses.get(operation.statuses);
  if (!known) documentedByStatuses.set(operation.statuses, (known = new Map()));
  if (!known.has(status)) known.set(status, documentedStatusOf(operation.statuses, status));
  return known.get(status);
}

function documentedStatusOf(statuses: string[], status: number): string | undefined {
  const exact = String(status);
  if (statuses.includes(exact)) return exact;
  const range = `${exact[0]}XX`;
  if (statuses.includes(range)) return range;
  if (statuses.includes("default")) return "default";
  return undefined;
}

/**
 * The offset layout of a list, with the parameter that sizes its pages: what generated requests draw offsets for
 * (inside a collection of known size). The walks read every layout (pagingParameters).
 */
export function offsetPage(operation: SpecOperation): (OffsetPageRow & { limit: string }) | undefined {
  const page = operation.row.page;
  return page?.kind === "offset" && page.limit !== null ? { ...page, limit: page.limit } : undefined;
}

/** What a paged list's parameters allow, as the walks and pagination_consistency read them. */
export interface Paging {
  /** the list's layout (its row's page) */
  layout: PageRow;
  /** the largest page size (the size parameter's maximum, else its default), when the layout has a size parameter */
  limit?: number;
  /** the page size a request without one gets (its default, else its maximum), when the layout has a size parameter */
  defaultLimit?: number;
  /** the first offset or page number (offset and page-number pages; cursor and link walks start without one) */
  first?: number;
  /** the offset or page number a request without one gets */
  defaultPosition?: number;
}

/**
 * How a list of the table pages, whatever its layout (offset, cursor, page number, link), if the operation has the
 * query parameters its layout names; undefined when it does not page.
 */
export function pagingParameters(operation: SpecOperation): Paging | undefined {
  const layout = operation.row.page;
  if (!layout) return undefined;
  const query = (name: string) => operation.parameters.find((p) => p.in === "query" && p.name === name);
  const size = layout.limit === null ? undefined : query(layout.limit);
  const positionName = positionParameter(layout);
  const position = positionName === null ? undefined : query(positionName);
  if ((layout.limit !== null && !size) || (positionName !== null && !position)) return undefined;
  return { layout, ...(size && sizesOf(size)), ...(position && positionsOf(layout, position)) };
}

/**
 * The largest page size a size parameter allows, and the one a request without it gets, as far as its schema says: a
 * maximum bounds every page, a default the pages of a request without it. Neither: no size is judged, and the
 * collection is walked at the server's own page size.
 */
function sizesOf(size: SpecParameter): Pick<Paging, "limit" | "defaultLimit"> {
  const stated = (value: unknown) => (typeof value === "number" ? value : undefined);
  const [maximum, fallback] = [stated(size.schema.maximum), stated(size.schema.default)];
  return { limit: maximum ?? fallback, defaultLimit: fallback ?? maximum };
}

/** The first offset or page number, and the one a request without it gets; nothing for a cursor. */
function positionsOf(layout: PageRow, position: SpecParameter): Pick<Paging, "first" | "defaultPosition"> {
  if (layout.kind !== "offset" && layout.kind !== "page") return {};
  const first = layout.kind === "page" ? layout.first : Number(position.schema.minimum ?? 0);
  return { first, defaultPosition: Number(position.schema.default ?? first) };
}
