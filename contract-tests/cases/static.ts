// The fixed cases, derived from the spec: baselines, valid edge values, one-rule breaks, auth, forced statuses. The
// same list every run; generated.ts adds inputs drawn from the schemas, walks.ts the live cases that follow the data.
import { specOperations, type SpecOperation, type SpecParameter } from "../spec";
import type { Case, TargetKind } from "../types";
import { fitsHeader, hasValues, parameterValues, requiredHeaders, validText, type ParameterValues } from "./parameters";

export interface CaseContext {
  target: TargetKind;
  /** by operationId: path values of a resource that exists (live: one its list, or its parent's list, showed) */
  pathValues: Record<string, Record<string, string>>;
}

export interface CasePlan {
  cases: Case[];
  /** constraints the generator could not exercise */
  unsupported: string[];
}

export function pathValuesFor(operation: SpecOperation, context: CaseContext): Record<string, string> {
  const out: Record<string, string> = {};
  // Where no list showed one (the mock; an operation no list leads to), the spec's example, or a value its schema allows.
  for (const p of operation.parameters.filter((x) => x.in === "path")) out[p.name] = context.pathValues[operation.operationId]?.[p.name] ?? validText(p);
  return out;
}

/**
 * Asked of each parameter in turn: whether an earlier one was the same parameter shared by `$ref` (its components
 * name). A shared parameter is one rule: the first operation using it gets its every value, each other one a few.
 */
export function sharedBefore(): (parameter: SpecParameter) => boolean {
  const seen = new Set<string>();
  return (parameter) => parameter.ref !== undefined && (seen.has(parameter.ref) || !seen.add(parameter.ref));
}

/** The spec's `Prefer: code=NNN` of Prism, forcing a documented status. */
const PREFER_CODE = (status: string) => `code=${status}`;

/** A parameter's edge values and breaks, but a header value HTTP cannot carry (or would trim), which is not sent. */
function sendableValues(op: SpecOperation, parameter: SpecParameter): ParameterValues {
  const all = parameterValues(op, parameter);
  if (parameter.in !== "header") return all;
  const sendable = (v: { value: string }) => fitsHeader(v.value);
  return { ...all, positive: all.positive.filter(sendable), negative: all.negative.filter(sendable) };
}

export function staticCases(context: CaseContext, operations: SpecOperation[] = specOperations()): CasePlan {
  const cases: Case[] = [];
  const unsupported: string[] = [];
  const seenBefore = sharedBefore();
  for (const op of operations) {
    const pathParams = pathValuesFor(op, context);
    // Required header parameters go on every case, or the server refuses each request (http.ts adds them to the rest).
    const required = requiredHeaders(op);
    const base = { operationId: op.operationId, pathParams, auth: "token" as const, ...(Object.keys(required).length ? { headers: required } : {}) };
    const id = (suffix: string) => `${op.operationId}:${suffix}`;
    cases.push({ ...base, id: id("baseline"), kind: "baseline", description: "a plain valid request", query: {} });
    for (const parameter of op.parameters) {
      if (!hasValues(parameter)) continue;
      const location = parameter.in;
      const all = sendableValues(op, parameter);
      unsupported.push(...all.unsupported.map((u) => `${op.operationId} ${parameter.name}: ${u}`));
      // A parameter several operations share is one rule: the first operation gets its every edge value and break,
      // each other one valid value and one break (enough to show an operation that does not read or check it).
      const values = seenBefore(parameter) ? { positive: all.positive.slice(0, 1), negative: all.negative.slice(0, 1) } : all;
      const withHeader = (name: string, value: string) => (location === "header" ? { headers: { ...required, [name]: value } } : {});
      // A path value at its bound names a resource that may not exist: path positives come from real resources only.
      if (location !== "path") {
        for (const v of values.positive) {
          const query = location === "query" ? { [v.parameter.name]: v.value } : {};
          cases.push({ ...base, ...withHeader(v.parameter.name, v.value), id: id(`positive:${v.parameter.name}=${v.value}`), kind: "positive", description: `valid edge value: ${v.rule}`, query });
        }
      }
      for (const v of values.negative) {
        const broken = { parameter: v.parameter.name, location, rule: v.rule, value: v.value };
        cases.push({
          ...base,
          id: id(`negative:${v.parameter.name}=${v.value}`),
          ...withHeader(v.parameter.name, v.value),
          kind: "negative",
          description: `${v.parameter.name} breaks ${v.rule}`,
          pathParams: parameter.in === "path" ? { ...pathParams, [v.parameter.name]: v.value } : pathParams,
          query: parameter.in === "query" ? { [v.parameter.name]: v.value } : {},
          broken,
        });
      }
    }
    if (op.secured) {
      cases.push({ ...base, id: id("auth:none"), kind: "auth", auth: "none", description: "no token", query: {} });
      if (context.target === "live") {
        cases.push({ ...base, id: id("auth:wrong"), kind: "auth", auth: "wrong", description: "a wrong token", query: {} });
      }
      // The mock gets no wrong-token case: Prism accepts any bearer token (ignored_auth says so in the summary).
    }
    // On the mock, every named example of every documented status is forced once (Prism's `Prefer: code=NNN,
    // example=NAME`), and every error status without examples by its code: each documented response, its example and
    // its headers (429's Retry-After and X-RateLimit-*) are served, validated by Prism and judged by the checks.
    if (context.target === "mock") {
      for (const status of op.statuses.filter((s) => /^\d{3}$/.test(s))) {
        const names = op.examples[status] ?? [];
        if (names.length === 0 && !/^[45]/.test(status)) continue;
        for (const name of names.length ? names : [undefined]) {
          const prefer = name ? `${PREFER_CODE(status)}, example=${name}` : PREFER_CODE(status);
          cases.push({ ...base, id: id(`forced:${status}${name ? `:${name}` : ""}`), kind: "forced", description: `${status}${name ? ` example ${name}` : ""} forced with Prefer`, query: {}, headers: { ...required, prefer }, forcedStatus: Number(status) });
        }
      }
    }
  }
  return { cases, unsupported };
}
