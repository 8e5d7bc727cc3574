// A curl line that replays an exchange. The real token is never written: it appears as "$SP_API_TOKEN".
import { redactSecrets } from "../../src/shared/redact";
import { shownAuthorization } from "../credentials";
import type { Exchange } from "../types";

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export function curlLine(exchange: Exchange): string {
  const parts = ["curl", "-i", "-X", exchange.request.method];
  // The token as $SP_API_TOKEN, in double quotes so that the shell expands it (the modes' text has no other $ or ");
  // Basic as curl's -u, which sends the token as the user name with no password, as the suite did.
  const authorization = shownAuthorization(exchange.request.auth, "$SP_API_TOKEN");
  if (exchange.request.auth === "basic") parts.push("-u", `"$SP_API_TOKEN:"`);
  else if (authorization !== undefined) parts.push("-H", authorization.includes("$SP_API_TOKEN") ? `"Authorization: ${authorization}"` : quote(`Authorization: ${authorization}`));
  for (const [name, value] of Object.entries(exchange.request.headers)) parts.push("-H", quote(`${name}: ${value}`));
  parts.push(quote(exchange.request.url));
  return parts.join(" ");
}

/**
 * Removes the token from any text leaving the process: belt and braces on top of never recording it. The client's
 * rule (src/shared/redact.ts, neutral): every non-empty secret, however short, becomes "[REDACTED]".
 */
export const redact = (text: string, secret: string | undefined): string => redactSecrets(text, [secret]);
