// Credentials as the spec asks for them: an operation's security requirements (its own, else the document's), any one
// of which must be met, each by every scheme it names. A scheme is met by a credential of its kind (an HTTP
// `Authorization: <scheme> <credentials>`, an API key in its header, query parameter or cookie); with the `token`
// option, only that credential. An operation with no requirement needs none.
import { isTokenText } from "../shared/base-url";
import { securityOf, securityScheme, titleOf } from "./document";
import type { MockSpec } from "./spec-facts";
import type { Row } from "./table";

export interface CredentialCheck {
  passed: boolean;
  /** query parameters that carry an API key: not the operation's parameters, so not validated as such */
  consumed: ReadonlySet<string>;
  /** a `WWW-Authenticate` challenge for the 401, for an HTTP scheme */
  challenge?: string;
  /** what the caller should send, in words */
  hint: string;
}

interface Scheme {
  type: string;
  /** the HTTP scheme ("bearer", "basic"), for HTTP-like schemes */
  scheme: string;
  in?: string;
  name?: string;
}

function schemeOf(row: Row, name: string): Scheme {
  const node = securityScheme(row, name);
  if (node?.type === "apiKey") return { type: "apiKey", scheme: "", in: node.in, name: node.name };
  // oauth2 and openIdConnect tokens are bearer tokens on the wire.
  return { type: "http", scheme: node?.type === "http" ? node.scheme.toLowerCase() : "bearer" };
}

function cookie(request: Request, name: string): string | null {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}

function credentialOf(scheme: Scheme, request: Request, url: URL): string | null {
  if (scheme.type === "apiKey") {
    const name = scheme.name ?? "";
    if (scheme.in === "query") return url.searchParams.get(name);
    return scheme.in === "cookie" ? cookie(request, name) : request.headers.get(name);
  }
  // The scheme as the spec shows it (`Bearer`): a client that sends another spelling is not what the spec documents.
  const match = /^(\S+) ([\x21-\x7e]+)$/.exec(request.headers.get("authorization") ?? "");
  return match && match[1] === capitalized(scheme.scheme) ? match[2] : null;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function hintOf(scheme: Scheme): string {
  if (scheme.type !== "apiKey") return `Authorization: ${capitalized(scheme.scheme)} <credentials>`;
  return scheme.in === "query" ? `the ${scheme.name} query parameter` : scheme.in === "cookie" ? `the ${scheme.name} cookie` : `the ${scheme.name} header`;
}

/** Whether a request carries credentials one of the row's security requirements accepts. */
export function checkCredentials(spec: MockSpec, row: Row, request: Request, url: URL, token: string | undefined): CredentialCheck {
  const requirements = securityOf(row);
  const schemes = requirements.map((requirement) => Object.keys(requirement).map((name) => schemeOf(row, name)));
  const consumed = new Set(schemes.flat().flatMap((s) => (s.type === "apiKey" && s.in === "query" && s.name ? [s.name] : [])));
  const met = (scheme: Scheme) => {
    const credential = credentialOf(scheme, request, url);
    return credential !== null && isTokenText(credential) && (token === undefined || credential === token);
  };
  const passed = schemes.length === 0 || schemes.some((all) => all.every(met));
  const http = schemes.flat().find((s) => s.type === "http");
  const realm = titleOf(spec).replace(/["\\]/g, "");
  return {
    passed,
    consumed,
    challenge: http ? `${capitalized(http.scheme)} realm="${realm}"` : undefined,
    hint: [...new Set(schemes.map((all) => all.map(hintOf).join(" and ")))].join(", or "),
  };
}
