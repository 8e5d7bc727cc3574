// Neutral rules, shared by the client (src/options.ts), the mock (src/mock/options.ts) and the contract suite
// (contract-tests/config.ts). The suite judges a server without trusting the client, so it imports this file and
// nothing else of src/: keep it free of client behaviour (no fetch, no options, no errors of the client).

/** The hosts plain http:// may go to, as a message names them. */
const LOOPBACK_HOSTS = "localhost, *.localhost, 127.0.0.0/8, [::1]";

/**
 * Loopback: `localhost` and every name under it (RFC 6761 section 6.3: such names resolve to loopback, and Node,
 * browsers and curl resolve them so), 127.0.0.0/8 and ::1. The only hosts plain http:// may go to, since a token would
 * otherwise travel in clear text. Takes a URL's `hostname` (IPv6 in brackets, as URL gives it) or a bare address.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** What is wrong with a base URL. */
type BaseUrlProblem = "unparsable" | "not_http" | "credentials" | "query_or_fragment" | "insecure_http";

export type BaseUrlCheck = { baseUrl: string; url: URL } | { problem: BaseUrlProblem; url?: URL };

/**
 * An API base URL: absolute http(s), no credentials (they would leak into logs; fetch refuses them), no query or
 * fragment (paths are appended to it), and https unless the host is loopback or `insecureHttp` allows any host.
 * `baseUrl` is the URL without trailing slashes. Problems are checked in that order.
 */
export function checkBaseUrl(text: string, insecureHttp: "loopback_only" | "allowed"): BaseUrlCheck {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: "unparsable" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { problem: "not_http", url };
  if (url.username || url.password) return { problem: "credentials", url };
  if (url.search || url.hash) return { problem: "query_or_fragment", url };
  if (url.protocol === "http:" && insecureHttp === "loopback_only" && !isLoopbackHost(url.hostname)) return { problem: "insecure_http", url };
  return { baseUrl: url.href.replace(/\/+$/, ""), url };
}

/** Where a caller's users put what a base URL may not hold: the token, or the switch that allows plain http://. */
export interface BaseUrlHints {
  credentials?: string;
  insecureHttp?: string;
}

/**
 * A base URL's problem as the rule it breaks, in the words the client, the mock and the suite all use (each names its
 * own setting before it), and the value to show after it: never a URL with credentials, which would leak them.
 */
export function describeBaseUrlProblem(
  problem: BaseUrlProblem,
  text: string,
  insecureHttp: "loopback_only" | "allowed",
  hints: BaseUrlHints = {},
): { rule: string; shown?: string } {
  const shown = JSON.stringify(text);
  switch (problem) {
    case "unparsable":
      return { rule: "must be an absolute http(s) URL", shown };
    case "not_http":
      return { rule: insecureHttp === "allowed" ? "must be an http(s) URL" : "must use https: (or http: to a loopback host)", shown };
    case "credentials":
      return { rule: `must not contain credentials${hints.credentials ? `; ${hints.credentials}` : ""}` };
    case "query_or_fragment":
      return { rule: "must not have a query or fragment", shown };
    case "insecure_http":
      return { rule: `must use https: unless the host is loopback (${LOOPBACK_HOSTS})${hints.insecureHttp ? ` or ${hints.insecureHttp}` : ""}`, shown };
  }
}

/**
 * A bearer token as the client, the mock and the suite accept it: one or more visible ASCII characters (0x21-0x7e),
 * so no whitespace, no line break (header injection) and nothing a Headers object would refuse or re-encode.
 */
export const isTokenText = (token: string): boolean => /^[\x21-\x7e]+$/.test(token);
