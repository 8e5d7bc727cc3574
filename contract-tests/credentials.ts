// How a case authenticates, in one place: the Authorization header each mode sends (the sender), how a report writes
// it without the token (curl, HAR), and what to call it in a message. Malformed credentials (#19 item 5) are each
// owed a 401 with an Error body, like no token or a wrong one; the real token under a lower-case scheme or between
// extra spaces is the same credential to HTTP, and may also be served (ignored_auth warns).
import { REDACTED } from "../src/shared/redact";
import type { AuthMode } from "./types";

/** A token no server can have issued: sent by the wrong-token half of ignored_auth. */
export const WRONG_TOKEN = "sp-contract-test-wrong-token-0000000000000000";

interface Credential {
  /** the Authorization header sent with `token`, or none */
  header(token: string): string | undefined;
  /** the header as a report writes it: `secret` in place of the token */
  shown(secret: string): string | undefined;
  /** what a message calls a request sent with it */
  request: string;
}

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

export const CREDENTIALS: Record<AuthMode, Credential> = {
  token: { header: (t) => `Bearer ${t}`, shown: (s) => `Bearer ${s}`, request: "a request with the token" },
  none: { header: () => undefined, shown: () => undefined, request: "a request without a token" },
  wrong: { header: () => `Bearer ${WRONG_TOKEN}`, shown: () => `Bearer ${WRONG_TOKEN}`, request: "a request with a wrong token" },
  // The token as a Basic user name with no password: another scheme than the spec's bearer.
  basic: { header: (t) => `Basic ${base64(`${t}:`)}`, shown: (s) => `Basic base64(${s}:)`, request: "a request with the token under another scheme (Basic)" },
  lowercase: { header: (t) => `bearer ${t}`, shown: (s) => `bearer ${s}`, request: "a request with a lower-case `bearer` scheme" },
  // A server reads a header value without its trailing whitespace (HTTP field values exclude it): "Bearer " arrives as "Bearer".
  empty: { header: () => "Bearer ", shown: () => "Bearer ", request: "a request with an empty bearer token" },
  spaced: { header: (t) => `Bearer  ${t} `, shown: (s) => `Bearer  ${s} `, request: "a request with extra spaces around the token" },
};

/** The malformed credentials ignored_auth sends besides no token and a wrong one. */
export const MALFORMED: AuthMode[] = ["basic", "lowercase", "empty", "spaced"];

/**
 * What Prism answers 200 because it checks only that an `Authorization: Bearer <something>` header is there: a made-up
 * token (a server must refuse it), or the token between extra spaces (a server may serve it: a warning that would say
 * nothing of the server). These are not sent to the mock.
 */
export const MOCK_ACCEPTS: AuthMode[] = ["wrong", "spaced"];

/** The Authorization header of a recorded request as a report may show it: the token redacted. */
export const shownAuthorization = (auth: AuthMode, secret = REDACTED) => CREDENTIALS[auth].shown(secret);
