// A curl line that replays an exchange. The real token is never written: it appears as "$SP_API_TOKEN".
import { redactSecrets } from "../../src/shared/redact";
import { WRONG_TOKEN } from "../http";
import type { Exchange } from "../types";

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export function curlLine(exchange: Exchange): string {
  const parts = ["curl", "-i", "-X", exchange.request.method];
  if (exchange.request.auth === "token") parts.push("-H", `"Authorization: Bearer $SP_API_TOKEN"`);
  if (exchange.request.auth === "wrong") parts.push("-H", quote(`Authorization: Bearer ${WRONG_TOKEN}`));
  for (const [name, value] of Object.entries(exchange.request.headers)) parts.push("-H", quote(`${name}: ${value}`));
  parts.push(quote(exchange.request.url));
  return parts.join(" ");
}

/**
 * Removes the token from any text leaving the process: belt and braces on top of never recording it. The client's
 * rule (src/shared/redact.ts, neutral): every non-empty secret, however short, becomes "[REDACTED]".
 */
export const redact = (text: string, secret: string | undefined): string => redactSecrets(text, [secret]);
