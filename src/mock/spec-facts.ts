// What the mock reads from the spec: the operation table (routes, parameters with their schemas and validators, pages,
// details, parents, filters, documented responses with their examples and headers, security), the JSON Schema document
// data is generated from, the body validators by status, and the spec's title and server. Never the OpenAPI document.
// The mock serves whatever spec it is given; the package's is generated/'s.
import schemas from "../../generated/json-schema.json";
import { operationTable, specInfo } from "../../generated/operations";
import { parameterValidators } from "../../generated/request-validators";
import { responseValidators } from "../../generated/response-validators";
import type { GeneratedOperationRow, OperationRow, ParameterValidator, SpecInfoRow } from "../shared/operation-row";
import type { SchemaDocument } from "../shared/schema-walk";

export interface MockSpec {
  operations: Readonly<Record<string, GeneratedOperationRow>>;
  /** generated/json-schema.json: every schema by `$defs` name, which the rows' schema names and pointers point into. */
  schemas: SchemaDocument;
  /** operationId -> documented status -> its body's validator (generated/response-validators.ts). */
  responses: Readonly<Record<string, Readonly<Record<string, ParameterValidator>>>>;
  /** The path of the spec's first server URL ("/api/v1"), which the HTTP mock answers under, as the real server does. */
  basePath: string;
  /** The spec's title and first server URL (generated/operations.ts specInfo). */
  info: SpecInfoRow;
}

/** The path of the spec's first server URL (specInfo.serverUrl), without a trailing slash ("" when it has none). */
export function serverBasePath(url: string | null): string {
  if (url === null) return "";
  try {
    return new URL(url, "http://server.invalid").pathname.replace(/\/+$/, "");
  } catch {
    return "";
  }
}

/** The rows, each with its parameter validators (the mock loads every operation's at once). */
export function withValidators(
  rows: Readonly<Record<string, OperationRow>>,
  validators: Readonly<Record<string, GeneratedOperationRow["validators"]>>,
): Record<string, GeneratedOperationRow> {
  return Object.fromEntries(Object.entries(rows).map(([operationId, row]) => [operationId, { ...row, validators: validators[operationId] ?? {} }]));
}

/** The spec this package was generated from. */
export const PACKAGE_SPEC: MockSpec = {
  operations: withValidators(operationTable, parameterValidators),
  schemas,
  responses: responseValidators,
  basePath: serverBasePath(specInfo.serverUrl),
  info: specInfo,
};
