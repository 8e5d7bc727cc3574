// Request rules and response checks, all from the spec's generated validators; no bound is written here twice.
import { errorBodyValidator, parameterValidators } from "../generated/request-validators";
import type { ErrorBody } from "./errors";

/** The parts of an ajv error the client reads (ajv's ErrorObject, inlined: ajv is not a runtime dependency). */
interface ValidationIssue {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}
type Validator = ((data: unknown) => boolean) & { errors?: ValidationIssue[] | null };

export type OperationId = keyof typeof parameterValidators;

/** Field name -> broken rule, for each field a validator refused; undefined when the value passes. */
function describeFields(validator: Validator, value: unknown): Record<string, string> | undefined {
  if (validator(value)) return undefined;
  const fields: Record<string, string> = {};
  for (const issue of validator.errors ?? []) {
    let field = issue.instancePath.replace(/^\//, "").replace(/~1/g, "/").replace(/~0/g, "~");
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

export function checkPathParameters(operation: "getSample", value: unknown): Record<string, string> | undefined {
  return describeFields(parameterValidators[operation].path, value);
}

export function checkQueryParameters(operation: "listSamples", value: unknown): Record<string, string> | undefined {
  return describeFields(parameterValidators[operation].query, value);
}

export function isErrorBody(body: unknown): body is ErrorBody {
  return errorBodyValidator(body);
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
