// Request rules and response checks, all from the spec's generated validators; no bound is written here twice.
import type { OperationId } from "../generated/operations";
import { anyErrorBody, errorBodyValidators } from "../generated/request-validators";
import type { ErrorBody } from "./errors";
import type { ParameterValidator } from "./shared/operation-row";
import { unescapePointerToken } from "./shared/json-pointer";

type Validator = ParameterValidator;

export type { OperationId };

/** Field name -> broken rule, for each field a validator refused; undefined when the value passes. */
function describeFields(validator: Validator, value: unknown): Record<string, string> | undefined {
  if (validator(value)) return undefined;
  const fields: Record<string, string> = {};
  for (const issue of validator.errors ?? []) {
    let field = unescapePointerToken(issue.instancePath.replace(/^\//, ""));
    let rule = issue.message ?? issue.keyword;
    if (issue.keyword === "additionalProperties") {
      field = String(issue.params.additionalProperty);
      rule = "is not a parameter of this operation";
    } else if (issue.keyword === "required") {
      field = String(issue.params.missingProperty);
    }
    const key = field || "(root)";
    fields[key] = fields[key] ? `${fields[key]}; ${rule}` : rule;
  }
  return fields;
}

/**
 * Field name -> broken rule for parameters one of the table's validators refuses; undefined when they pass. An
 * operation without parameters in a location has no validator there, and takes none: any given is refused.
 */
export function checkParameters(validator: Validator | undefined, value: Record<string, unknown>): Record<string, string> | undefined {
  if (validator) return describeFields(validator, value);
  const given = Object.keys(value);
  return given.length === 0 ? undefined : Object.fromEntries(given.map((name) => [name, "is not a parameter of this operation"]));
}

/**
 * Whether a failure's body is the error the spec documents for it: the operation's schema for that status, else for
 * its range (4XX), else its `default`; for a status the operation does not document, any error schema of the spec;
 * in a spec that documents none, any JSON object.
 */
export function isErrorBody(operation: OperationId, status: number, body: unknown): body is ErrorBody {
  const documented: Record<string, Validator> = errorBodyValidators[operation];
  const validator = documented[String(status)] ?? documented[`${String(status).charAt(0)}XX`] ?? documented.default;
  if (validator) return validator(body);
  if (anyErrorBody.length === 0) return typeof body === "object" && body !== null && !Array.isArray(body);
  return anyErrorBody.some((schema) => schema(body));
}

export interface ResponseViolation {
  /** JSON pointer into the body. */
  pointer: string;
  /** The broken JSON Schema keyword. */
  rule: string;
  message: string;
  schemaPath: string;
  violations: Array<{ pointer: string; rule: string; message: string }>;
}

type ResponseValidators = typeof import("../generated/response-validators")["responseValidators"];
let responseValidators: Promise<ResponseValidators> | undefined;

/**
 * Checks a 200 body against the spec. The validators are imported on first use only, so clients that do not
 * ask for response validation never run (and, where the bundler splits modules, never load) them.
 */
export async function checkResponseBody(operation: OperationId, status: number, body: unknown): Promise<ResponseViolation | undefined> {
  responseValidators ??= import("../generated/response-validators").then((module) => module.responseValidators);
  const validators = (await responseValidators)[operation] as Record<string, Validator>;
  const validator = validators[String(status)] ?? validators.default;
  if (!validator || validator(body)) return undefined;
  const violations = (validator.errors ?? []).map((issue) => ({
    pointer: issue.instancePath,
    rule: issue.keyword,
    message: issue.message ?? issue.keyword,
  }));
  const first = validator.errors?.[0];
  return {
    pointer: first?.instancePath ?? "",
    rule: first?.keyword ?? "unknown",
    message: first?.message ?? "does not match the schema",
    schemaPath: first?.schemaPath ?? "",
    violations,
  };
}
