// What the mock reads from the spec: the operation table (routes, parameters and their validators, pages, details,
// parents, filters, documented responses), the JSON Schema document data is generated from, the body validators by
// status, and the OpenAPI document itself for what the table does not carry (examples, headers, security). The mock
// serves whatever spec it is given; the package's is generated/'s.
import spec from "../../generated/openapi.json";
import schemas from "../../generated/json-schema.json";
import { operationTable } from "../../generated/operations";
import { responseValidators } from "../../generated/response-validators";
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
  /**
   * The OpenAPI document (generated/openapi.json): response examples and headers, parameter schemas, security
   * requirements and schemes, its title. Local `$ref`s are followed where it is read.
   */
  document: Readonly<Record<string, unknown>>;
}

interface ServerObject {
  url?: unknown;
  variables?: Record<string, { default?: unknown } | undefined>;
}

/** The spec's first server URL with its variables at their defaults (`https://{region}.x/api` -> `https://eu.x/api`). */
export function serverUrl(servers: unknown): string | undefined {
  const server = (Array.isArray(servers) ? servers[0] : undefined) as ServerObject | undefined;
  if (typeof server?.url !== "string") return undefined;
  return server.url.replace(/\{([^}]*)\}/g, (_m, name: string) => {
    const value = server.variables?.[name]?.default;
    return typeof value === "string" || typeof value === "number" ? String(value) : name;
  });
}

/** The path of an OpenAPI document's first server URL, without a trailing slash ("" when it has none). */
export function serverBasePath(servers: unknown): string {
  const url = serverUrl(servers);
  if (url === undefined) return "";
  try {
    return new URL(url, "http://server.invalid").pathname.replace(/\/+$/, "");
  } catch {
    return "";
  }
}

/** The spec this package was generated from. */
export const PACKAGE_SPEC: MockSpec = {
  operations: operationTable,
  schemas,
  responses: responseValidators,
  basePath: serverBasePath(spec.servers),
  document: spec,
};
