// Request rules and response checks, all from the spec's generated validators; no bound is written here twice. Each
// operation's validators are a module of their own (generated/validators/), evaluated on its first call only: a
// client of a spec with a thousand operations pays at start-up for none of them.
import type { OperationId } from "../generated/operations";
import { anyErrorBodyModule, requestValidatorModules, responseValidatorModules } from "../generated/validator-loaders";
import type { ParameterValidator } from "./shared/operation-row";
import { unescapePointerToken } from "./shared/json-pointer";

type Validator = ParameterValidator;

export type { OperationId };

/**
 * A module loaded on first use, once: `load()` starts the load on its first call and answers its promise to every
 * later one; `loaded` is the module once it has arrived, so that the calls after it need not wait even a tick.
 */
class LazyModule<T> {
  loaded: T | undefined;
  private loading: Promise<T> | undefined;

  constructor(private readonly importer: () => Promise<T>) {}

  load(): Promise<T> {
    this.loading ??= this.importer().then(
      (module) => (this.loaded = module),
      (error: unknown) => {
        // A failed load (a missing file) is tried again on the next call rather than remembered.
        this.loading = undefined;
        throw error;
      },
    );
    return this.loading;
  }
}

/** Each operation's request validators: `path`, `query` and `header` (its parameters), `errors` (error bodies by status). */
export interface RequestValidators {
  readonly path?: Validator;
  readonly query?: Validator;
  readonly header?: Validator;
  readonly errors: Readonly<Record<string, Validator>>;
}
type ResponseValidators = Readonly<Record<string, Validator>>;

const lazily = <T>(importers: Record<string, () => Promise<T>>): Map<string, LazyModule<T>> =>
  new Map(Object.entries(importers).map(([operation, importer]) => [operation, new LazyModule(importer)]));
const requestModules = lazily<RequestValidators>(requestValidatorModules);
const responseModules = lazily<{ responses: ResponseValidators }>(responseValidatorModules);
const anyErrorBodies = new LazyModule(anyErrorBodyModule);

/** An operation's request validators: at once after its first call has loaded them, else once they load. */
export function requestValidators(operation: OperationId): RequestValidators | Promise<RequestValidators> {
  const module = requestModules.get(operation) as LazyModule<RequestValidators>;
  return module.loaded ?? module.load();
}

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
export async function isErrorBody(operation: OperationId, status: number, body: unknown): Promise<boolean> {
  const documented = (await requestValidators(operation)).errors;
  const validator = documented[String(status)] ?? documented[`${String(status).charAt(0)}XX`] ?? documented.default;
  if (validator) return validator(body);
  const { anyErrorBody } = anyErrorBodies.loaded ?? (await anyErrorBodies.load());
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

/**
 * Checks a 2xx body against the spec. An operation's response validators are imported on its first validated
 * response only, so clients that do not ask for response validation never load them.
 */
export async function checkResponseBody(operation: OperationId, status: number, body: unknown): Promise<ResponseViolation | undefined> {
  const module = responseModules.get(operation) as LazyModule<{ responses: ResponseValidators }>;
  const validators = (module.loaded ?? (await module.load())).responses;
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
