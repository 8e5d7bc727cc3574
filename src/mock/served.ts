// Which operations the mock serves, and why not the others: it serves GET, with a body it can make (JSON from a schema,
// text from a schema or an example, seeded bytes for any other type, or none). An operation it does not serve answers 501 with the reason, and the list
// is there for the caller (`mock.unserved`, `npm run mock`'s start).
import type { MockSpec } from "./spec-facts";
import type { Row } from "./table";

/** An operation of the spec the mock does not serve (it answers 501), and why. */
export interface UnservedOperation {
  operationId: string;
  method: string;
  path: string;
  reason: string;
}

/** Why the mock cannot serve a row, or undefined when it can. */
export function unservedReason(row: Row): string | undefined {
  if (row.method !== "GET") return `the mock serves GET only (${row.method} would change data it does not keep)`;
  const success = row.success;
  if (!success) return "it documents no success response (2xx) to answer with";
  const media = success.media[0];
  if (success.body === null) return undefined;
  if (success.body === "json") return success.schema ? undefined : `its ${media} success body has no schema to generate it from`;
  if (success.body === "text") {
    return success.bodySchema !== undefined || success.example !== undefined ? undefined : `its ${media} success body has neither a schema nor an example`;
  }
  // Any other type is bytes: seeded ones, served in that type.
  return undefined;
}

/** Every operation the mock does not serve, in the table's order. */
export function unservedOperations(spec: MockSpec): UnservedOperation[] {
  return Object.values(spec.operations).flatMap((row) => {
    const reason = unservedReason(row);
    return reason === undefined ? [] : [{ operationId: row.operationId, method: row.method, path: row.path, reason }];
  });
}
