// What the mock reads from the spec: the operation table (routes, parameters and their validators, pages, details,
// parents, filters), the JSON Schema document data is generated from, the body validators by status, and the example
// error body of a 401. The mock serves whatever table it is given; the package's is generated/'s.
import spec from "../../generated/openapi.json";
import schemas from "../../generated/json-schema.json";
import { operationTable } from "../../generated/operations";
import { responseValidators } from "../../generated/response-validators";
import type { ErrorBody } from "../errors";
import type { GeneratedOperationRow, ParameterValidator } from "../shared/operation-row";
import type { SchemaDocument } from "./schema-flatten";

export interface MockSpec {
  operations: Readonly<Record<string, GeneratedOperationRow>>;
  /** generated/json-schema.json: every schema by `$defs` name, which the rows' schema names and pointers point into. */
  schemas: SchemaDocument;
  /** operationId -> documented status -> its body's validator (generated/response-validators.ts). */
  responses: Readonly<Record<string, Readonly<Record<string, ParameterValidator>>>>;
  /** The path of the spec's first server URL ("/api/v1"), which the HTTP mock answers under, as the real server does. */
  basePath: string;
}

/** The path of an OpenAPI document's first server URL, without a trailing slash ("" when it has none). */
export function serverBasePath(servers: unknown): string {
  const url = Array.isArray(servers) ? (servers[0] as { url?: unknown } | undefined)?.url : undefined;
  if (typeof url !== "string") return "";
  return new URL(url, "http://server.invalid").pathname.replace(/\/+$/, "");
}

/** The spec this package was generated from. */
export const PACKAGE_SPEC: MockSpec = {
  operations: operationTable,
  schemas,
  responses: responseValidators,
  basePath: serverBasePath(spec.servers),
};

/** The spec's own example body of the 401 response. */
export const UNAUTHORIZED_BODY: ErrorBody = spec.components.responses.Unauthorized.content["application/json"].examples.unauthorized
  .value;
