// The shape of one row of the operation table (generated/operations.ts, built by scripts/operation-table.ts): what the
// client, the mock and the contract suite know of an operation without naming it. Types only.
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A query parameter as the client, the mock and the suite need it: its name, type (to read query text) and default. */
export interface QueryParameterRow {
  name: string;
  required: boolean;
  /** the schema's `type` ("integer", "string", ...; the first non-null one of a union), or null when it has none */
  type: string | null;
  default?: Json;
  /** for an array written otherwise than repeated (`?tag=a&tag=b`): joined by its style's delimiter (`?ids=3,12`) */
  joined?: "form" | "spaceDelimited" | "pipeDelimited";
}

/**
 * A schema as the row carries it: JSON Schema 2020-12 (a 3.0 document's converted once, as spec/model.ts converts
 * every schema), a named schema as a `$ref` into generated/json-schema.json (`{"$ref": "<$id>#/$defs/Sample"}`).
 */
type SchemaRow = Json;

/** A path, query, header or cookie parameter, as the spec writes it. */
export interface ParameterRow {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema: SchemaRow;
  /** its style and explode, as written or as OpenAPI defaults them for its location */
  style: string;
  explode: boolean;
  /** the parameter's own `example` */
  example?: Json;
  description?: string;
  /** declared by `x-case-insensitive: true`: the server matches its value in any letter case */
  caseInsensitive?: true;
  /** the components/parameters entry it is a `$ref` to: the same name on every operation that shares it */
  ref?: string;
}

/** The request body an operation takes. */
export interface RequestBodyRow {
  required: boolean;
  /** its media types, in document order */
  media: string[];
  /** the schema of its JSON media type, else of its first; null when none is written */
  schema: SchemaRow | null;
}

/** A header a response documents. */
export interface HeaderRow {
  name: string;
  schema: SchemaRow;
  required: boolean;
  /** the header's own `example` */
  example?: Json;
  /** the components/headers entry it is a `$ref` to */
  ref?: string;
}

/** Where a value sits in a page's body: property names from its root (["pagination", "next_offset"]). */
export type BodyPath = string[];

/** What every page layout has: where its items are, their schema, and the parameter that sizes a page. */
interface PageBase {
  /** body property holding the page's items */
  items: string;
  /** the items' schema, as a pointer into generated/json-schema.json ("#/$defs/Sample"), or null when it has none */
  itemSchema: string | null;
  /** the query parameter that sets how many items a page holds, or null when there is none */
  limit: string | null;
  /** query parameter -> where the body repeats the value the page was asked with (a page's `limit`, its `offset`) */
  echoes: Record<string, BodyPath>;
  /** "inferred" by the rules of scripts/operation-table.ts, or "declared" by the operation's `x-pagination` */
  source: "inferred" | "declared";
}

/** Offset pages: the next page starts where the body says (`next_offset`), and the body may count every item. */
export interface OffsetPageRow extends PageBase {
  kind: "offset";
  /** the query parameter of the first item's position */
  offset: string;
  /** where the body gives the next page's offset: null or absent on the last page */
  next: BodyPath;
  /** where the body counts the items of every page, or null when it does not */
  total: BodyPath | null;
  /** whether that count may be null: "not counted", never a failure */
  totalNullable: boolean;
}

/** Cursor pages: the body names the next page's cursor (`next_cursor`), sent back as it came. */
export interface CursorPageRow extends PageBase {
  kind: "cursor";
  /** the query parameter that takes the cursor */
  cursor: string;
  /** where the body gives the next cursor: null or absent on the last page */
  next: BodyPath;
}

/** Page-number pages: the body names the next page's number (`next_page`), or how many pages there are. */
export interface PageNumberPageRow extends PageBase {
  kind: "page";
  /** the query parameter of the page's number */
  page: string;
  /** the first page's number (the parameter's minimum, else its default, else 1) */
  first: number;
  /** where the body gives the next page's number, or null when it gives only a page count */
  next: BodyPath | null;
  /** where the body gives the number of pages, or null */
  pageCount: BodyPath | null;
}

/** Link pages: the next page's whole URL, in the body (`next`) or in a `Link: <...>; rel="next"` header (RFC 8288). */
interface LinkPageRow extends PageBase {
  kind: "link";
  /** where the body gives the next page's URL, or null when the `Link` header does */
  next: BodyPath | null;
}

/** How a list is paged, inferred from the spec or declared (`x-pagination`); see docs/changing-the-spec.md. */
export type PageRow = OffsetPageRow | CursorPageRow | PageNumberPageRow | LinkPageRow;

/** Where a detail operation's path parameter comes from: a property of the listed item, or the list's own path. */
export type DetailParameterSource = { from: "item"; property: string } | { from: "path"; parameter: string };

export interface DetailRow {
  operationId: string;
  /** "links": declared in the spec; "inferred": the detail's 200 body is the item's schema and the item carries its id */
  source: "links" | "inferred";
  parameters: Record<string, DetailParameterSource>;
}

/** A query parameter that filters a list: on which item property, and whether it matches the value or an element of it. */
export interface FilterRow {
  property: string;
  /** "value": the property itself; "element": one element of an array property (tag -> tags) */
  match: "value" | "element";
  /** whether the parameter is free text: a string with no pattern, enum or format (a name, not an id or a digest) */
  freeText: boolean;
}

/** One documented response of an operation. */
export interface ResponseRow {
  /** "200", "4XX" or "default", as the spec writes it */
  status: string;
  /** its media types, in document order; none when it has no body (a 204) */
  media: string[];
  /** how its body reads: "json", "text" (text/*, XML), "binary" (any other type), or null when it has none */
  body: "json" | "text" | "binary" | null;
  /** its JSON body's schema, a `$defs` name of generated/json-schema.json; null when it has none */
  schema: string | null;
  /** the schema of a body that is not JSON (text, bytes), of its first media type; absent when none is written */
  bodySchema?: SchemaRow;
  /** the headers it documents, in document order */
  headers: HeaderRow[];
  /** the names of the examples its JSON body documents (`examples`), in document order */
  examples: string[];
  /**
   * its body's example (`example`, else the first `examples` entry's value) in its first JSON media type, else its
   * first: given for an error (4xx, 5xx, default) and for a body that is not JSON, the bodies made from examples;
   * a JSON success is made from its schema, and its examples (often large) are left out
   */
  example?: Json;
  /** the components/responses entry it is a `$ref` to */
  ref?: string;
}

/** A security scheme of the spec, as the client needs it to send a credential. */
export type SecuritySchemeRow =
  | { type: "http"; scheme: string }
  | { type: "apiKey"; in: "header" | "query" | "cookie"; name: string }
  | { type: "oauth2" | "openIdConnect" | "mutualTLS" };

/**
 * The security an operation asks for, as the spec writes it (the operation's, else the document's): alternatives, any
 * one of which will do, each naming the schemes it needs together with their scopes. [] (or an empty alternative)
 * asks for none.
 */
export type SecurityRow = Array<Record<string, string[]>>;

/** What the spec says of itself that the mock answers with. */
export interface SpecInfoRow {
  /** `info.title`, or null */
  title: string | null;
  /** the first server's URL, its variables at their defaults (a variable without one keeps its name); null when none */
  serverUrl: string | null;
}

export interface OperationRow {
  operationId: string;
  /** the client's method for it: the operationId made an identifier (scripts/identifiers.ts), unique in the table */
  name: string;
  method: string;
  path: string;
  /** the operation's summary, for the method's documentation */
  summary: string | null;
  /** path parameter names, in the order they appear in the path (the method's positional arguments) */
  pathParameters: string[];
  queryParameters: QueryParameterRow[];
  /** every parameter (path-level ones first, an operation's own replacing one of the same name and location) */
  parameters: ParameterRow[];
  /** the request body it takes (its argument follows the path parameters), or null */
  requestBody: RequestBodyRow | null;
  /** the documented success (the lowest 2xx, else 2XX) */
  success: ResponseRow | null;
  /** every documented response, in document order */
  responses: ResponseRow[];
  /** the credentials it asks for */
  security: SecurityRow;
  /** the schemes its security names, by name: how each sends its credential */
  securitySchemes: Record<string, SecuritySchemeRow>;
  /** set when the operation pages: a query parameter whose next value the body names, or a link to the next page */
  page: PageRow | null;
  /** the method that walks every page (list<X> -> iterate<X>), for a paged operation */
  iterator: string | null;
  /** for a paged list, the by-id operation whose body is one of its items */
  detail: DetailRow | null;
  /** for an operation under another's path (history under a sample), the by-id operation of that parent */
  parent: string | null;
  /** query parameter name -> the item property it filters on (paged lists only) */
  filters: Record<string, FilterRow>;
  /** what the rules could not decide, each in one sentence, and how to declare it */
  notes: string[];
}


/**
 * What the client reads of a row (generated/client-operations.ts): the package ships these columns only; the rest
 * (every parameter's schema, the responses with their examples and headers, the detail, the filters, the notes) is
 * the mock's and the contract suite's, in generated/operations.ts.
 */
export interface ClientOperationRow {
  operationId: string;
  name: string;
  method: string;
  path: string;
  pathParameters: string[];
  queryParameters: QueryParameterRow[];
  /** the header parameters the client checks and sends (not those OpenAPI ignores): names as the spec spells them */
  headerParameters: Array<{ name: string; explode: boolean }>;
  requestBody: { required: boolean; media: string[] } | null;
  success: { status: string; body: ResponseRow["body"] } | null;
  security: SecurityRow;
  page: PageRow | null;
  iterator: string | null;
}

/** The parts of an ajv error a reader of the table uses (ajv's ErrorObject, inlined: ajv is not a runtime dependency). */
interface ValidationIssue {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A compiled validator of generated/validators/: whether `data` is valid; on false, `errors` says why. */
export type ParameterValidator = ((data: unknown) => boolean) & { errors?: ValidationIssue[] | null };

/**
 * A row with the compiled validators of its path, query and header parameters, as the mock reads it (header: an object
 * keyed by the spec's spelling of each name, other headers allowed; none for the ones OpenAPI ignores).
 * generated/operations.ts holds the rows alone: a client loads an operation's validators on its first call.
 */
export interface GeneratedOperationRow extends OperationRow {
  validators: { readonly path?: ParameterValidator; readonly query?: ParameterValidator; readonly header?: ParameterValidator };
}
