// The operation table: one row an operation, inferred from the spec once, at generation time. The client, the mock and
// the contract suite read the rows (generated/operations.ts) instead of naming operations, paths or id properties.
// Every inference rule lives here. Where a rule cannot decide, the row says so in `notes` and leaves the field
// undecided; it never guesses. A spec maintainer then declares the relation (OpenAPI `links`, `x-item-property`).
import { identifierAllocator } from "./identifiers";
import { bodyKind, isObject, jsonMediaType, jsonSchemaOf, jsonText, listOperations, resolveLocal, walkOperations, type Json, type JsonObject } from "../spec/model";
import { escapePointerToken, unescapePointerToken } from "../src/shared/json-pointer";
import { pagingParameters } from "../src/shared/page";
import { pageLayout } from "./page-layout";
import { deref, propertyNames, propertySchemas, schemaAt, typesOf, type SchemaDocument } from "../src/shared/schema-walk";
import { textType } from "../src/shared/query-text";
import type {
  DetailParameterSource,
  DetailRow,
  FilterRow,
  HeaderRow,
  OperationRow,
  PageRow,
  ParameterRow,
  QueryParameterRow,
  RequestBodyRow,
  ResponseRow,
  SecurityRow,
  SecuritySchemeRow,
  SpecInfoRow,
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

function queryRow(parameter: JsonObject, row: ParameterRow): QueryParameterRow {
  const schema = isObject(parameter.schema) ? parameter.schema : {};
  const query: QueryParameterRow = { name: row.name, required: row.required, type: textType(schema.type) };
  if (schema.default !== undefined) query.default = schema.default;
  // OpenAPI's default for a query parameter is style form, exploded: an array is the name repeated.
  const { style, explode } = row;
  if (query.type === "array" && !explode && (style === "form" || style === "spaceDelimited" || style === "pipeDelimited")) query.joined = style;
  return query;
}

/**
 * What several operations share is read once: a `$ref`'d parameter, header or response becomes one row part, the
 * same object wherever it is used (the renderer writes it once).
 */
class SharedParts {
  private readonly parts = new Map<string, unknown>();
  constructor(readonly spec: JsonObject) {}
  /** The part for a node: made once per `$ref` target (a node written inline is made each time). */
  of<T>(kind: string, node: Json | undefined, make: (resolved: JsonObject, ref: string | undefined) => T): T | undefined {
    const ref = isObject(node) && typeof node.$ref === "string" ? node.$ref : undefined;
    const cached = ref === undefined ? undefined : this.parts.get(`${kind} ${ref}`);
    if (cached !== undefined) return cached as T;
    const resolved = resolveLocal(this.spec, node) as Json;
    if (!isObject(resolved)) return undefined;
    const made = make(resolved, ref === undefined ? undefined : componentName(ref));
    if (ref !== undefined) this.parts.set(`${kind} ${ref}`, made);
    return made;
  }
}

/** The name of the components entry a `$ref` points at ("#/components/parameters/per-page" -> "per-page"). */
function componentName(ref: string): string | undefined {
  const match = /^#\/components\/[^/]+\/([^/]+)$/.exec(ref);
  return match ? unescapePointerToken(match[1]) : undefined;
}

/** OpenAPI's default style of a parameter's location. */
const DEFAULT_STYLES: Record<ParameterRow["in"], string> = { path: "simple", query: "form", header: "simple", cookie: "form" };

function parameterRow(shared: SharedParts, node: Json): ParameterRow | undefined {
  return shared.of("parameter", node, (parameter, ref) => {
    const location = parameter.in;
    if (location !== "path" && location !== "query" && location !== "header" && location !== "cookie") return undefined;
    const style = typeof parameter.style === "string" ? parameter.style : DEFAULT_STYLES[location];
    const row: ParameterRow = {
      name: jsonText(parameter.name),
      in: location,
      required: parameter.required === true,
      schema: jsonSchemaOf(shared.spec, isObject(parameter.schema) ? parameter.schema : {}),
      style,
      explode: typeof parameter.explode === "boolean" ? parameter.explode : style === "form",
    };
    if (parameter.example !== undefined) row.example = parameter.example;
    if (typeof parameter.description === "string") row.description = parameter.description;
    if (parameter["x-case-insensitive"] === true) row.caseInsensitive = true;
    if (ref !== undefined) row.ref = ref;
    return row;
  });
}

/** An operation's parameters: the path item's, then its own, one of the same name and location replacing the other. */
function parametersOf(shared: SharedParts, pathItem: JsonObject, operation: JsonObject): ParameterRow[] {
  const byKey = new Map<string, ParameterRow>();
  for (const list of [pathItem.parameters, operation.parameters]) {
    for (const node of Array.isArray(list) ? list : []) {
      const row = parameterRow(shared, node);
      if (row) byKey.set(`${row.in} ${row.name}`, row);
    }
  }
  return [...byKey.values()];
}

function requestBodyOf(shared: SharedParts, operation: JsonObject): RequestBodyRow | null {
  const body = shared.of("requestBody", operation.requestBody, (node): RequestBodyRow => {
    const content = isObject(node.content) ? node.content : {};
    const media = Object.keys(content);
    const chosen = content[jsonMediaType(media) ?? media[0]];
    const schema = isObject(chosen) && chosen.schema !== undefined ? jsonSchemaOf(shared.spec, chosen.schema) : null;
    return { required: node.required === true, media, schema };
  });
  return body ?? null;
}

function headersOf(shared: SharedParts, response: JsonObject): HeaderRow[] {
  const headers = isObject(response.headers) ? response.headers : {};
  return Object.entries(headers).flatMap(([name, node]) => {
    const header = shared.of(`header ${name}`, node, (resolved, ref): HeaderRow => {
      const row: HeaderRow = { name, schema: jsonSchemaOf(shared.spec, resolved.schema ?? {}), required: resolved.required === true };
      if (resolved.example !== undefined) row.example = resolved.example;
      if (ref !== undefined) row.ref = ref;
      return row;
    });
    return header ? [header] : [];
  });
}

/** A media type object's example: its `example`, else its first `examples` entry's value ($ref followed). */
function exampleOf(spec: JsonObject, media: Json | undefined): { value: Json } | undefined {
  if (!isObject(media)) return undefined;
  if (media.example !== undefined) return { value: media.example };
  for (const entry of isObject(media.examples) ? Object.values(media.examples) : []) {
    const example = resolveLocal(spec, entry) as Json;
    if (isObject(example) && example.value !== undefined) return { value: example.value };
  }
  return undefined;
}

/** Every documented response: media, how its body reads, its schemas, headers and examples. */
function responsesOf(shared: SharedParts, operation: JsonObject, responseSchemas: Record<string, string>): ResponseRow[] {
  const responses = isObject(operation.responses) ? operation.responses : {};
  return Object.entries(responses).flatMap(([status, node]) => {
    const schema = responseSchemas[status] ?? null;
    const row = shared.of(`response ${status} ${schema}`, node, (response, ref): ResponseRow => {
      const content = isObject(response.content) ? response.content : {};
      const media = Object.keys(content);
      const body = bodyKind(media);
      const json = jsonMediaType(media);
      const first = content[json ?? media[0]];
      const jsonContent = json === undefined ? undefined : content[json];
      const made: ResponseRow = {
        status,
        media,
        body,
        schema,
        headers: headersOf(shared, response),
        examples: isObject(jsonContent) && isObject(jsonContent.examples) ? Object.keys(jsonContent.examples) : [],
      };
      if (body !== "json" && body !== null && isObject(first) && first.schema !== undefined) made.bodySchema = jsonSchemaOf(shared.spec, first.schema);
      // A JSON success is made from its schema; its examples (often a whole resource) stay in the spec.
      const example = body !== "json" || !/^[123]/.test(status) ? exampleOf(shared.spec, first) : undefined;
      if (example) made.example = example.value;
      if (ref !== undefined) made.ref = ref;
      return made;
    });
    return row ? [row] : [];
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
  return `query parameter ${name} filters on no item property the rules can find (none is named ${name}, and no array is named ${name} with -s or -es added); declare one with x-item-property if it has one`;
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
  defs: SchemaDocument,
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
  defs: SchemaDocument,
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
  const defs: SchemaDocument = { $defs: isObject(jsonSchema.$defs) ? jsonSchema.$defs : {}, $id: jsonText(jsonSchema.$id) };
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
  const shared = new SharedParts(spec);
  const schemes = securitySchemesOf(spec);
  const rows = operations.map((op, index): OperationRow => {
    const node = nodes[index];
    const candidate = candidates[index];
    const notes: string[] = [];
    const parameters = parametersOf(shared, node.pathItem, node.operation);
    // The spec's own parameter objects, as the inference rules read them: the last of a name and location wins.
    const written = new Map(node.parameters.map((p) => [`${jsonText(p.in)} ${jsonText(p.name)}`, p]));
    const queryRows = parameters.filter((p) => p.in === "query");
    const queryParameters = queryRows.map((p) => written.get(`query ${p.name}`) ?? {});
    const responses = responsesOf(shared, node.operation, op.responseSchemas);
    const success = successOf(responses);
    const { page, note } = node.method === "get" ? pagedBy(node.operation, queryParameters, success, defs) : { page: null };
    if (note) notes.push(note);
    const listed = page ? listFacts(spec, names[index], node.operation, page, success, queryParameters, candidate, candidates, methodNames, defs) : undefined;
    if (listed) notes.push(...listed.notes);
    const security = securityOf(node.operation.security ?? spec.security);
    return {
      operationId: op.operationId,
      name: names[index],
      method: op.method.toUpperCase(),
      path: op.path,
      summary: typeof node.operation.summary === "string" ? node.operation.summary : null,
      pathParameters: candidate.pathParameters,
      queryParameters: queryParameters.map((p, i) => queryRow(p, queryRows[i])),
      parameters,
      requestBody: requestBodyOf(shared, node.operation),
      success,
      responses,
      security,
      securitySchemes: Object.fromEntries(security.flatMap((alternative) => Object.keys(alternative)).filter((name) => name in schemes).map((name) => [name, schemes[name]])),
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
 * What the mock answers with of the spec itself: its title (a challenge's realm), and its first server's URL with its
 * variables at their defaults (a variable without one keeps its name), relative or not.
 */
export function specInfoOf(spec: JsonObject): SpecInfoRow {
  const info = isObject(spec.info) ? spec.info : {};
  const server = Array.isArray(spec.servers) ? spec.servers[0] : undefined;
  const variables = isObject(server) && isObject(server.variables) ? server.variables : {};
  const serverUrl =
    isObject(server) && typeof server.url === "string"
      ? server.url.replace(/\{([^}]*)\}/g, (_m, name: string) => {
          const variable = variables[name];
          const value = isObject(variable) ? variable.default : undefined;
          return typeof value === "string" || typeof value === "number" ? String(value) : name;
        })
      : null;
  return { title: typeof info.title === "string" ? info.title : null, serverUrl };
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
function pagedBy(operation: JsonObject, queryParameters: JsonObject[], success: ResponseRow | null, defs: SchemaDocument): { page: PageRow | null; note?: string } {
  const root = success?.schema ? `#/$defs/${escapePointerToken(success.schema)}` : undefined;
  const parameters = queryParameters.map((p) => ({ name: jsonText(p.name), schema: isObject(p.schema) ? p.schema : {} }));
  const linkHeader = success?.headers.some((h) => h.name.toLowerCase() === "link") ?? false;
  return pageLayout(parameters, { root, linkHeader }, operation["x-pagination"], defs);
}

/** An operation's response for a status, its `$ref` followed (links sit on the response object). */
function resolveResponse(spec: JsonObject, operation: JsonObject, status: string | undefined): JsonObject | undefined {
  if (status === undefined || !isObject(operation.responses)) return undefined;
  const response = resolveLocal(spec, operation.responses[status]) as Json;
  return isObject(response) ? response : undefined;
}
