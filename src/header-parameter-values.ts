// A typed call's header parameters: found in its options' `headers` by name in any letter case (HTTP reads header
// names so, and the mock looks them up so), checked by the row's header validator keyed by the spec's spelling, then
// written as HTTP carries them (style simple: text, an array's items comma-joined). Other headers pass untouched.
import type { ClientOperationRow, ParameterValidator } from "./shared/operation-row";
import { checkParameters } from "./validate";

/** An operation's header parameters the client checks, each by its lower-case name (the validator is given at the call). */
export interface HeaderParameters {
  byName: ReadonlyMap<string, ClientOperationRow["headerParameters"][number]>;
}

/** A row's header parameters, or undefined when it has none (the table leaves out those OpenAPI ignores). */
export function headerParametersOf(row: ClientOperationRow): HeaderParameters | undefined {
  const declared = row.headerParameters;
  return declared.length === 0 ? undefined : { byName: new Map(declared.map((p) => [p.name.toLowerCase(), p])) };
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** A value as a header carries it in style simple: an array's items joined by commas, an object's keys and values too. */
function headerText(value: unknown, explode: boolean): string {
  if (Array.isArray(value)) return value.map(String).join(",");
  if (isRecord(value)) return Object.entries(value).map(([name, item]) => (explode ? `${name}=${String(item)}` : `${name},${String(item)}`)).join(",");
  return String(value);
}

/**
 * A call's options with its header parameters checked and written as text, or the fields they break with their rules
 * (the call then fails with invalid_request, sending nothing). Options or headers that are not objects are returned as
 * given, for the per-call options check to name.
 */
export function withHeaderParameters(
  parameters: HeaderParameters,
  validator: ParameterValidator | undefined,
  given: unknown,
): { options: unknown } | { fields: Record<string, string> } {
  if (given !== undefined && !isRecord(given)) return { options: given };
  const headers = given?.headers;
  if (headers !== undefined && !isRecord(headers)) return { options: given };
  const values: Record<string, unknown> = {};
  const others: Record<string, unknown> = {};
  const twice: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const parameter = parameters.byName.get(name.toLowerCase());
    if (parameter === undefined) others[name] = value;
    else if (value !== undefined) {
      if (parameter.name in values) twice[parameter.name] = "is given more than once, in different letter cases";
      values[parameter.name] = value;
    }
  }
  const fields = { ...checkParameters(validator, values), ...twice };
  if (Object.keys(fields).length > 0) return { fields };
  if (Object.keys(values).length === 0) return { options: given };
  for (const [name, value] of Object.entries(values)) others[name] = headerText(value, parameters.byName.get(name.toLowerCase())!.explode);
  return { options: { ...given, headers: others } };
}
