// Malformed credentials (#19 item 5): beside the fixed cases' no-token request, the same request with the token
// under another scheme, a lower-case scheme, no token after the scheme, and extra spaces around it. Each is owed a
// 401 with an Error body (ignored_auth), or for the real token under a lower-case scheme or between extra spaces,
// a 401 or the data (a warning). What Prism cannot show is not sent to it (MOCK_ACCEPTS).
import { CREDENTIALS, MALFORMED, MOCK_ACCEPTS } from "../credentials";
import type { Case, TargetKind } from "../types";

export function credentialCases(fixed: Case[], target: TargetKind): Case[] {
  const modes = MALFORMED.filter((mode) => target === "live" || !MOCK_ACCEPTS.includes(mode));
  return fixed
    .filter((c) => c.kind === "auth" && c.auth === "none")
    .flatMap((c) => modes.map((auth): Case => ({ ...c, id: `${c.operationId}:auth:${auth}`, auth, description: CREDENTIALS[auth].request.replace(/^a request /, "") })));
}
