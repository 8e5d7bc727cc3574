// Which header parameters a spec's rules apply to: OpenAPI 3 says a header parameter named Accept, Content-Type or
// Authorization is ignored (content negotiation, the body's media type and security say those). Shared by the
// generator (which validators exist), the mock (what it checks) and the contract suite (what it sends).
const IGNORED = new Set(["accept", "content-type", "authorization"]);

/** Whether a header parameter is one OpenAPI ignores; its name in any letter case, as HTTP reads header names. */
export const isIgnoredHeaderParameter = (name: string): boolean => IGNORED.has(name.toLowerCase());
