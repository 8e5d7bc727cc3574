// Neutral: how a secret is kept out of text that leaves the process, shared by the client's errors (src/errors.ts)
// and the contract suite's reports and messages (contract-tests/report/curl.ts). No client behaviour here.

/** What a secret is replaced with, everywhere (messages, reports, HAR headers). */
export const REDACTED = "[REDACTED]";

/**
 * `text` with every occurrence of every secret replaced by {@link REDACTED}. Any non-empty secret counts, however
 * short: a report made unreadable by a one-letter token is a visible nuisance, a leaked token is not visible at all.
 * Longer secrets first, so that a secret containing another is not left half-replaced.
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  const present = secrets.filter((secret): secret is string => typeof secret === "string" && secret.length > 0);
  let result = text;
  for (const secret of present.sort((a, b) => b.length - a.length)) result = result.split(secret).join(REDACTED);
  return result;
}
