import { documentedStatus } from "../spec";
import type { Exchange, Failure, SpecOperation } from "../types";
import { valueAtPointer } from "../../spec/model";
import type { Check } from ".";
import { answered, fail, notJsonLocation, schemaLocations, shorten, validationErrors } from "./util";

const RESPONSE_SCHEMA_CONFORMANCE = "response_schema_conformance";

/**
 * Every body, success or error, validates (ajv, draft 2020-12, strict, all errors) against the schema documented for
 * the operation and status; one failure per broken rule, with its JSON pointer, rule and value. Every item of a page
 * is validated, since the page's schema covers its items.
 */
export function response_schema_conformance(exchange: Exchange, operation: SpecOperation): Failure[] {
  const { status, json, jsonError, text } = exchange.response;
  const documented = documentedStatus(operation, status);
  const validate = documented ? operation.validatorFor(documented) : undefined;
  if (status === 0 || !validate) return [];
  const schemaName = operation.responseSchemas[documented!];
  if (json === undefined) {
    const why = text.length === 0 ? "the body is empty" : `the body is not JSON (${jsonError ?? "unparsable"}): ${shorten(text, 60)}`;
    return [fail(RESPONSE_SCHEMA_CONFORMANCE, exchange, `${status} body must be a ${schemaName}, but ${why}`, { location: notJsonLocation(schemaName) })];
  }
  const errors = validationErrors(validate, json);
  const locations = schemaLocations(errors, schemaName);
  return errors.map((error, i) => {
    const pointer = error.instancePath || "";
    const value = shorten(valueAtPointer(json, pointer));
    // schemaPath of a $ref'd schema carries the document's URN: "urn:...:v1#/$defs/Sample/..." reads as "#/$defs/Sample/...".
    const rule = `${error.keyword} (${error.schemaPath.replace(/^[^#]*#/, "#")})`;
    return fail(
      RESPONSE_SCHEMA_CONFORMANCE,
      exchange,
      `${status} body is not a valid ${schemaName}: at ${pointer || "(root)"} ${error.message ?? error.keyword} [rule ${rule}], value ${value}`,
      { pointer: pointer || "/", rule, value, location: locations[i] },
    );
  });
}

export const check: Check = {
  name: RESPONSE_SCHEMA_CONFORMANCE,
  exchange: { appliesTo: answered, judge: response_schema_conformance },
};
