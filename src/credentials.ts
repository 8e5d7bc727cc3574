// Which credential each operation sends, decided once per client: the operation's security alternatives (the table's),
// the first whose every scheme has a credential, sent the way its scheme says (a header, the query, a cookie).
import type { SecurityRow, SecuritySchemeRow } from "./shared/operation-row";

/** What a call adds to its request to authenticate: headers (lower-case names) and query parameters. */
export interface CallCredentials {
  headers: Record<string, string>;
  query: Record<string, string>;
  /** whether a credential travels outside `Authorization`, which fetch alone strips on a redirect to another origin */
  custom: boolean;
}

const NONE: CallCredentials = { headers: {}, query: {}, custom: false };

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Base64 of printable ASCII (a credential is checked to be that): no global `btoa`, which not every sandbox has. */
function base64(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i += 3) {
    const [a, b, c] = [text.charCodeAt(i), text.charCodeAt(i + 1), text.charCodeAt(i + 2)];
    const bits = (a << 16) | ((b || 0) << 8) | (c || 0);
    out += BASE64[bits >> 18] + BASE64[(bits >> 12) & 63] + (i + 1 < text.length ? BASE64[(bits >> 6) & 63] : "=") + (i + 2 < text.length ? BASE64[bits & 63] : "=");
  }
  return out;
}

// HTTP Basic takes "user:password", encoded.
const basic = (credential: string) => `Basic ${base64(credential)}`;

/** How one scheme sends its credential, or undefined for a scheme the client cannot send (mutual TLS). */
function sent(scheme: SecuritySchemeRow, credential: string): CallCredentials | undefined {
  switch (scheme.type) {
    case "http":
      if (scheme.scheme === "basic") return { headers: { authorization: basic(credential) }, query: {}, custom: false };
      return { headers: { authorization: `${scheme.scheme === "bearer" ? "Bearer" : scheme.scheme} ${credential}` }, query: {}, custom: false };
    case "oauth2":
    case "openIdConnect":
      return { headers: { authorization: `Bearer ${credential}` }, query: {}, custom: false };
    case "apiKey":
      if (scheme.in === "query") return { headers: {}, query: { [scheme.name]: credential }, custom: true };
      if (scheme.in === "cookie") return { headers: { cookie: `${scheme.name}=${credential}` }, query: {}, custom: true };
      return { headers: { [scheme.name.toLowerCase()]: credential }, query: {}, custom: true };
    default:
      return undefined;
  }
}

/**
 * The credentials an operation sends: the first alternative of its security whose every scheme has a credential (the
 * scheme's own in `credentials`, else `token`); none when it asks for none, or when no alternative can be met (the
 * server then answers 401, as it would a call without a token).
 */
export function credentialsFor(
  security: SecurityRow,
  schemes: Readonly<Record<string, SecuritySchemeRow>>,
  credentials: Readonly<Record<string, string>>,
  token: string | undefined,
): CallCredentials {
  for (const alternative of security) {
    const names = Object.keys(alternative);
    if (names.length === 0) continue;
    const parts = names.map((name) => {
      const credential = credentials[name] ?? token;
      const scheme = schemes[name];
      return credential === undefined || scheme === undefined ? undefined : sent(scheme, credential);
    });
    if (parts.some((part) => part === undefined)) continue;
    const merged = parts.reduce<CallCredentials>(
      (all, part) => ({ headers: { ...all.headers, ...part!.headers }, query: { ...all.query, ...part!.query }, custom: all.custom || part!.custom }),
      NONE,
    );
    return merged;
  }
  return NONE;
}

/** Every text a credential goes out as, to be redacted from whatever the client says (a Basic header is encoded). */
export function secretsOf(credentials: Readonly<Record<string, string>>, token: string | undefined): string[] {
  const values = [...Object.values(credentials), ...(token === undefined ? [] : [token])];
  return [...values, ...values.map(base64)];
}
