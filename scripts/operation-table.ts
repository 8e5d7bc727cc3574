// The operation table: one row an operation, inferred from the spec once, at generation time. The client, the mock and
// the contract suite read the rows (generated/operations.ts) instead of naming operations, paths or id properties.
// Every inference rule lives here. Where a rule cannot decide, the row says so in `notes` and leaves the field
// undecided; it never guesses. A spec maintainer then declares the relation (OpenAPI `links`, `x-item-property`).
import { identifierAllocator } from "./identifiers";
import { bodyKind, isObject, jsonText, listOperations, resolveLocal, walkOperations, type Json, type JsonObject } from "../spec/model";
import { escapePointerToken, unescapePointerToken } from "../src/shared/json-pointer";
import { pagingParameters } from "../src/shared/page";
import { pageLayout } from "./page-layout";
import { deref, propertyNames, propertySchemas, schemaAt, typesOf, type Defs } from "./schema-walk";
import { textType } from "../src/shared/query-text";
import type {
  DetailParameterSource,
  DetailRow,
  FilterRow,
  OperationRow,
  PageRow,
  QueryParameterRow,
  ResponseRow,
  SecurityRow,
  SecuritySchemeRow,
} from "../src/shared/operation-row";

/** Names a client method may not take: the client's own members. */
const RESERVED_METHODS = ["raw", "rateLimit", "constructor", "toString", "then"];

const PATH_PARAMETER = /\{([^}]+)\}/g;


function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** list<X> and get<X> walk as iterate<X>; any other name as iterate<OperationId>. */
export function iteratorName(operationId: string): string {
  const verb = /^(list|get)(?=[A-Z])/.exec(operationId);
  return `iterate${verb ? operationId.slice(verb[0].length) : upperFirst(operationId)}`;
}

function queryRow(parameter: JsonObject): QueryParameterRow {
  const schema = isObject(parameter.schema) ? parameter.schema : {};
  const row: QueryParameterRow = { name: jsonText(parameter.name), required: parameter.required === true, type: textType(schema.type) };
  if (schema.default !== undefined) row.default = schema.default;
  // OpenAPI's default for a query parameter is style form, exploded: an array is the name repeated.
  const style = typeof parameter.style === "string" ? parameter.style : "form";
  const explode = typeof parameter.explode === "boolean" ? parameter.explode : style === "form";
  if (row.type === "array" && !explode && (style === "form" || style === "spaceDelimited" || style === "pipeDelimited")) row.joined = style;
  return row;
}

/** Every documented response: its media types, how its body reads, and its JSON body's schema name. */
function responsesOf(spec: JsonObject, operation: JsonObject, responseSchemas: Record<string, string>): ResponseRow[] {
  const responses = isObject(operation.responses) ? operation.responses : {};
  return Object.keys(responses).map((status) => {
    const response = resolveResponse(spec, operation, status);
    const media = isObject(response?.content) ? Object.keys(response.content) : [];
    return { status, media, body: bodyKind(media), schema: responseSchemas[status] ?? null };
  });
}

/** The lowest documented 2xx, else a 2XX range. */
function successOf(responses: ResponseRow[]): ResponseRow | null {
  const exact = responses.filter((r) => /^2\d\d$/.test(r.status)).sort((a, b) => a.status.localeCompare(b.status))[0];
  return exact ?? responses.find((r) => r.status.toUpperCase() === "2XX") ?? null;
}

/** The item property a query parameter filters on: declared (`x-item-property`), the same name, or the plural's elements. */
function filterOf(parameter: JsonObject, itemProperties: Map<string, string[]>): FilterRow | string {
  const name = jsonText(parameter.name);
  const schema = isObject(parameter.schema) ? parameter.schema : {};
  const freeText = [schema.type].flat().includes("string") && !("pattern" in schema || "enum" in schema || "format" in schema || "const" in schema);
  const match = (property: string): FilterRow => ({ property, match: itemProperties.get(property)?.includes("array") ? "element" : "value", freeText });
  const declared = parameter["x-item-property"];
  if (declared !== undefined) {
    if (typeof declared === "string" && itemProperties.has(declared)) return match(declared);
    return `query parameter ${name} declares x-item-property ${jsonText(declared)}, which is not a property of the items`;
  }
  if (itemProperties.has(name)) return match(name);
  for (const plural of [`${name}s`, `${name}es`]) {
    if (itemProperties.get(plural)?.includes("array")) return { property: plural, match: "element", freeText };
  }
  return `query parameter ${name} filters on no item property the rules can find (none is named ${name}, and no array ${name}s or ${name}es); declare one with x-item-property if it has one`;
}

/** What the rows of paged lists need to know about every operation: its path, its 200 schema, its path parameters. */
interface Candidate {
  operationId: string;
  method: string;
  path: string;
  pathParameters: string[];
  schema: string | null;
}

/** The detail declared by a `links` entry of the list's success response that names a GET, if any. */
function detailFromLinks(page: PageRow, links: JsonObject | undefined, candidates: Candidate[]): { detail: DetailRow | null; note?: string } | undefined {
  for (const [name, linkNode] of Object.entries(links ?? {})) {
    if (!isObject(linkNode)) continue;
    const target = candidates.find((c) => c.operationId === linkNode.operationId);
    if (!target) return { detail: null, note: `link ${name} names operationId ${jsonText(linkNode.operationId)}, which the spec does not have` };
    if (target.method !== "get") continue;
    const parameters: Record<string, DetailParameterSource> = {};
    for (const parameter of target.pathParameters) {
      const expression = isObject(linkNode.parameters) ? linkNode.parameters[parameter] : undefined;
      const source = linkSource(expression, page.items);
      if (!source) {
        return { detail: null, note: `link ${name} gives ${parameter} as ${jsonText(expression)}; expected $response.body#/${page.items}/<n>/<property> or $request.path.<name>` };
      }
      parameters[parameter] = source;
    }
    return { detail: { operationId: target.operationId, source: "links", parameters } };
  }
  return undefined;
}

/** The by-id detail of a list's items, from `links` on the list's success response when declared, else inferred. */
function detailOf(
  list: Candidate,
  page: PageRow,
  links: JsonObject | undefined,
  candidates: Candidate[],
  itemProperties: Map<string, string[]>,
  defs: Defs,
): { detail: DetailRow | null; note?: string } {
  const declared = detailFromLinks(page, links, candidates);
  if (declared) return declared;
  // Inferred: a GET whose 200 body is the items' schema, whose path parameters the item carries or the list's path has.
  const itemName = page.itemSchema?.startsWith("#/$defs/") ? page.itemSchema.slice("#/$defs/".length) : undefined;
  if (itemName === undefined || itemName.includes("/")) {
    return { detail: null, note: "its items' schema is not a named schema, so no detail can be matched to it; declare one with links" };
  }
  const fits = candidates.filter(
    (c) => c.method === "get" && c.operationId !== list.operationId && c.schema !== null && c.pathParameters.length > 0 && deref({ $ref: `#/$defs/${c.schema}` }, defs).name === itemName,
  );
  const complete = fits.flatMap((c) => {
    const parameters = inferParameters(c.pathParameters, list.pathParameters, itemProperties);
    return parameters ? [{ c, parameters }] : [];
  });
  if (complete.length === 1) return { detail: { operationId: complete[0].c.operationId, source: "inferred", parameters: complete[0].parameters } };
  if (complete.length > 1) {
    return { detail: null, note: `several operations could be the detail of its items (${complete.map((s) => s.c.operationId).join(", ")}); declare one with links` };
  }
  if (fits.length > 0) {
    return { detail: null, note: `${fits.map((c) => c.operationId).join(", ")} return${fits.length === 1 ? "s" : ""} its items' schema but the items do not carry ${fits[0].pathParameters.join(", ")}; declare the relation with links` };
  }
  return { detail: null };
}

function inferParameters(detailParameters: string[], listParameters: string[], itemProperties: Map<string, string[]>): Record<string, DetailParameterSource> | undefined {
  const parameters: Record<string, DetailParameterSource> = {};
  for (const parameter of detailParameters) {
    if (listParameters.includes(parameter)) parameters[parameter] = { from: "path", parameter };
    else if (itemProperties.has(parameter)) parameters[parameter] = { from: "item", property: parameter };
    else return undefined;
  }
  // The item must supply at least one of them: otherwise every item would map to the same detail.
  return Object.values(parameters).some((s) => s.from === "item") ? parameters : undefined;
}

/** A link's runtime expression, read as a source: `$response.body#/<items>/<n>/<property>` or `$request.path.<name>`. */
function linkSource(expression: Json | undefined, items: string): DetailParameterSource | undefined {
  if (typeof expression !== "string") return undefined;
  const path = /^\$request\.path\.(.+)$/.exec(expression);
  if (path) return { from: "path", parameter: path[1] };
  const body = /^\$response\.body#\/([^/]+)\/(?:\d+|\*)\/([^/]+)$/.exec(expression);
  if (body && unescapePointerToken(body[1]) === items) return { from: "item", property: unescapePointerToken(body[2]) };
  return undefined;
}

/**
 * The by-id GET whose path this operation's path extends (`/samples/{sample_id}` for `/samples/{sample_id}/history`),
 * the longest such; a paged list is never a parent.
 */
function parentOf(operation: OperationRow, rows: OperationRow[]): string | null {
  let best: OperationRow | undefined;
  for (const c of rows) {
    if (c.method !== "GET" || c === operation || c.page || c.pathParameters.length === 0 || !operation.path.startsWith(`${c.path}/`)) continue;
    if (!best || c.path.length > best.path.length) best = c;
  }
  return best?.operationId ?? null;
}

/** What a paged list's row adds: its iterator's name, the detail of its items, and its filters. */
function listFacts(
  spec: JsonObject,
  name: string,
  operation: JsonObject,
  page: PageRow,
  success: OperationRow["success"],
  queryParameters: JsonObject[],
  candidate: Candidate,
  candidates: Candidate[],
  methodNames: Set<string>,
  defs: Defs,
): Pick<OperationRow, "iterator" | "detail" | "filters" | "notes"> {
  const notes: string[] = [];
  let iterator = iteratorName(name);
  if (methodNames.has(iterator)) {
    const fallback = `iterate${upperFirst(name)}`;
    let numbered = fallback;
    for (let n = 2; methodNames.has(numbered); n++) numbered = `${fallback}${n}`;
    notes.push(`its iterator's name ${iterator} is a method's name too, so it is ${numbered}`);
    iterator = numbered;
  }
  methodNames.add(iterator);
  const itemSchema = page.itemSchema === null ? undefined : schemaAt(page.itemSchema, defs);
  const itemPointer = page.itemSchema ?? "";
  const itemProperties = new Map(
    propertyNames(itemSchema, itemPointer, defs).map((name) => [name, typesOf(propertySchemas(itemSchema, itemPointer, name, defs)[0]?.schema, defs)]),
  );
  const response = resolveResponse(spec, operation, success?.status);
  const found = detailOf(candidate, page, isObject(response?.links) ? response.links : undefined, candidates, itemProperties, defs);
  if (found.note) notes.push(found.note);
  const filters: Record<string, FilterRow> = {};
  for (const parameter of queryParameters) {
    if (pagingParameters(page).includes(jsonText(parameter.name))) continue;
    const filter = filterOf(parameter, itemProperties);
    if (typeof filter === "string") notes.push(filter);
    else filters[jsonText(parameter.name)] = filter;
  }
  return { iterator, detail: found.detail, filters, notes };
}

/** The operation table of a spec, from the spec and its JSON Schema document (buildJsonSchemaDocument). */
export function buildOperationTable(spec: JsonObject, jsonSchema: JsonObject): OperationRow[] {
  const defs: Defs = { defs: isObject(jsonSchema.$defs) ? jsonSchema.$defs : {}, id: jsonText(jsonSchema.$id) };
  const operations = listOperations(spec);
  const nodes = walkOperations(spec);
  const candidates: Candidate[] = operations.map((op) => ({
    operationId: op.operationId,
    method: op.method,
    path: op.path,
    pathParameters: [...op.path.matchAll(PATH_PARAMETER)].map((m) => m[1]),
    schema: op.responseSchemas["200"] ?? null,
  }));
  const allocate = identifierAllocator(RESERVED_METHODS);
  const names = operations.map((op) => allocate(op.operationId));
  const methodNames = new Set(names);
  const rows = operations.map((op, index): OperationRow => {
    const node = nodes[index];
    const candidate = candidates[index];
    const notes: string[] = [];
    const queryParameters = node.parameters.filter((p) => p.in === "query");
    const responses = responsesOf(spec, node.operation, op.responseSchemas);
    const success = successOf(responses);
    const { page, note } = node.method === "get" ? pagedBy(spec, node.operation, queryParameters, success, defs) : { page: null };
    if (note) notes.push(note);
    const listed = page ? listFacts(spec, names[index], node.operation, page, success, queryParameters, candidate, candidates, methodNames, defs) : undefined;
    if (listed) notes.push(...listed.notes);
    return {
      operationId: op.operationId,
      name: names[index],
      method: op.method.toUpperCase(),
      path: op.path,
      summary: typeof node.operation.summary === "string" ? node.operation.summary : null,
      pathParameters: candidate.pathParameters,
      queryParameters: queryParameters.map(queryRow),
      requestBody: isObject(node.operation.requestBody),
      success,
      responses,
      security: securityOf(node.operation.security ?? spec.security),
      page,
      iterator: listed?.iterator ?? null,
      detail: listed?.detail ?? null,
      parent: null,
      filters: listed?.filters ?? {},
      notes,
    };
  });
  for (const row of rows) row.parent = parentOf(row, rows);
  return rows;
}

/** Security requirements as the row keeps them: alternatives of scheme name -> scopes (strings only). */
function securityOf(requirements: Json | undefined): SecurityRow {
  if (!Array.isArray(requirements)) return [];
  return requirements.filter(isObject).map((alternative) =>
    Object.fromEntries(Object.entries(alternative).map(([scheme, scopes]) => [scheme, Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === "string") : []])),
  );
}

/** The spec's security schemes, as the client sends their credentials ($refs followed; unknown types left out). */
export function securitySchemesOf(spec: JsonObject): Record<string, SecuritySchemeRow> {
  const schemes = isObject(spec.components) && isObject(spec.components.securitySchemes) ? spec.components.securitySchemes : {};
  const rows: Record<string, SecuritySchemeRow> = {};
  for (const [name, node] of Object.entries(schemes)) {
    const scheme = resolveLocal(spec, node) as Json;
    if (!isObject(scheme)) continue;
    if (scheme.type === "http") rows[name] = { type: "http", scheme: jsonText(scheme.scheme).toLowerCase() };
    else if (scheme.type === "apiKey" && (scheme.in === "header" || scheme.in === "query" || scheme.in === "cookie")) rows[name] = { type: "apiKey", in: scheme.in, name: jsonText(scheme.name) };
    else if (scheme.type === "oauth2" || scheme.type === "openIdConnect" || scheme.type === "mutualTLS") rows[name] = { type: scheme.type };
  }
  return rows;
}

/**
 * The default base URL: the first server's URL with its variables at their defaults, when it is absolute (a relative
 * one, "/api/v1", names no host the client could default to).
 */
export function defaultServerUrl(spec: JsonObject): string | null {
  const server = Array.isArray(spec.servers) ? spec.servers.find(isObject) : undefined;
  if (!server || typeof server.url !== "string") return null;
  const variables = isObject(server.variables) ? server.variables : {};
  const url = server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = variables[name];
    return isObject(variable) && typeof variable.default === "string" ? variable.default : whole;
  });
  return /^https?:\/\/[^{}]+$/.test(url) ? url.replace(/\/+$/, "") : null;
}

/** The page layout of a GET (scripts/page-layout.ts), from its query parameters and its success response. */
function pagedBy(spec: JsonObject, operation: JsonObject, queryParameters: JsonObject[], success: ResponseRow | null, defs: Defs): { page: PageRow | null; note?: string } {
  const root = success?.schema ? `#/$defs/${escapePointerToken(success.schema)}` : undefined;
  const response = resolveResponse(spec, operation, success?.status);
  const headers = isObject(response?.headers) ? Object.keys(response.headers) : [];
  const parameters = queryParameters.map((p) => ({ name: jsonText(p.name), schema: isObject(p.schema) ? p.schema : {} }));
  return pageLayout(parameters, { root, linkHeader: headers.some((h) => h.toLowerCase() === "link") }, operation["x-pagination"], defs);
}

/** An operation's response for a status, its `$ref` followed (links sit on the response object). */
function resolveResponse(spec: JsonObject, operation: JsonObject, status: string | undefined): JsonObject | undefined {
  if (status === undefined || !isObject(operation.responses)) return undefined;
  const response = resolveLocal(spec, operation.responses[status]) as Json;
  return isObject(response) ? response : undefined;
}
