// What the mock reads from the spec itself: each parameter's type and default, and the example error bodies. The
// rules (bounds, patterns, enums) are the generated validators', through ../validate; nothing here is written twice.
import spec from "../../generated/openapi.json";
import type { ErrorBody } from "../errors";

interface ParameterSchema {
  type?: string;
  default?: unknown;
}
interface Parameter {
  name: string;
  in: string;
  schema: ParameterSchema;
}

const listParameters = spec.paths["/samples"].get.parameters as Parameter[];

/** Query parameter name -> its schema, for `GET /samples`. */
export const LIST_QUERY_SCHEMAS: Readonly<Record<string, ParameterSchema>> = Object.fromEntries(
  listParameters.filter((p) => p.in === "query").map((p) => [p.name, p.schema]),
);

function defaultOf(name: string): number {
  const value = LIST_QUERY_SCHEMAS[name]?.default;
  if (typeof value !== "number") throw new Error(`spec: query parameter ${name} of GET /samples has no numeric default`);
  return value;
}

/** The documented defaults of `limit` and `offset`. */
export const DEFAULT_LIMIT = defaultOf("limit");
export const DEFAULT_OFFSET = defaultOf("offset");

/** The spec's own example body of the 401 response. */
export const UNAUTHORIZED_BODY: ErrorBody = spec.components.responses.Unauthorized.content["application/json"].examples.unauthorized
  .value;
