// Rows a caller brings (`rows` of one operation, or the deprecated `samples`): each checked against the spec's schema
// of what the operation answers, and its ids unique, so that every answer the mock gives stays valid. A bad row is one
// TypeError naming the field (`rows.listThings[1].digest`) and the rule.
import { escapePointerToken, unescapePointerToken } from "../shared/json-pointer";
import type { ParameterValidator } from "../shared/operation-row";
import { mockOptionError } from "./errors";
import { pageOf } from "./paging";
import { queryParametersOf } from "./query";
import type { MockSpec } from "./spec-facts";
import { keysOf, type Row } from "./table";

type Issue = NonNullable<ParameterValidator["errors"]>[number];

/** The pointer of an issue as `rows.x[3].digest`-style text. */
function fieldOf(prefix: string, instancePath: string, missing?: unknown): string {
  const parts = instancePath.split("/").slice(1).map(unescapePointerToken);
  if (typeof missing === "string") parts.push(missing);
  return parts.reduce((text, part) => (/^\d+$/.test(part) ? `${text}[${part}]` : `${text}.${part}`), prefix);
}

/**
 * The first problem of a row, its pointer inside the row. A list's row is checked as the one item of a page in the
 * list's layout, with the list's own body validator (an item schema need not have a validator of its own); any other
 * row as the whole body.
 */
function rowIssue(spec: MockSpec, row: Row, item: unknown): Issue | undefined {
  const validator = row.success ? spec.responses[row.operationId]?.[row.success.status] : undefined;
  if (!validator) return undefined;
  if (!row.page) return validator(item) ? undefined : validator.errors?.[0];
  const { body } = pageOf(spec, row, queryParametersOf(spec, row), { start: 0, size: 1, number: row.page.kind === "page" ? row.page.first : undefined }, [item], {}, new URL("http://mock.invalid/"));
  if (validator(body)) return undefined;
  const at = `/${escapePointerToken(row.page.items)}/0`;
  const issue = validator.errors?.find((e) => e.instancePath === at || e.instancePath.startsWith(`${at}/`));
  return issue && { ...issue, instancePath: issue.instancePath.slice(at.length) };
}

/**
 * A caller's rows for a row of the table, checked; `field` names them in messages ("rows.<operationId>", "samples"),
 * and `noun` says what the array holds. The ids the row's detail reads must be unique, except under a nested list (its
 * items are unique per parent only, and the caller's rows may span parents).
 */
export function checkRows(spec: MockSpec, row: Row, field: string, noun: string, given: unknown): unknown[] {
  if (!Array.isArray(given)) throw mockOptionError(field, `must be an array of ${noun}`, typeof given);
  const keys = row.page && row.pathParameters.length > 0 ? [] : keysOf(spec, row).map(([, property]) => property);
  const seen = keys.map(() => new Map<string, number>());
  given.forEach((item: unknown, index) => {
    const issue = rowIssue(spec, row, item);
    if (issue) throw mockOptionError(fieldOf(`${field}[${index}]`, issue.instancePath, issue.params.missingProperty), issue.message ?? "does not match the spec's schema");
    keys.forEach((property, k) => {
      const id = (item as Record<string, unknown> | null)?.[property];
      const first = seen[k].get(JSON.stringify(id));
      if (first !== undefined) throw mockOptionError(`${field}[${index}].${property}`, `must be unique (${String(id)} is also ${field}[${first}]'s)`);
      seen[k].set(JSON.stringify(id), index);
    });
  });
  return given as unknown[];
}
