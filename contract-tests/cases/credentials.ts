// Malformed credentials (#19 item 5): beside the fixed cases' no-token request, the same request with the token
// under another scheme, a lower-case scheme, no token after the scheme, and extra spaces around it. Each is owed a
// 401 with an Error body (ignored_auth), or for the real token under a lower-case scheme or between extra spaces,
// a 401 or the data (a warning). What Prism cannot show is not sent to it (MOCK_ACCEPTS).
//
// They test how the auth layer parses a credential, and operations whose security names the same schemes share that
// layer: they go once per distinct security requirement, on the first operation asking for it. Whether each endpoint
// is behind the layer at all is what the fixed cases' no-token and wrong-token requests judge, on every operation.
import { CREDENTIALS, MALFORMED, MOCK_ACCEPTS } from "../credentials";
import type { SpecOperation } from "../spec";
import type { Case, TargetKind } from "../types";

/** The schemes an operation's security names, alternatives and all, without scopes: one auth layer per key. */
function authLayerOf(operation: SpecOperation): string {
  const alternatives = operation.row.security.map((requirement) => Object.keys(requirement ?? {}).sort().join("+"));
  return JSON.stringify([...new Set(alternatives)].sort());
}

export function credentialCases(fixed: Case[], target: TargetKind, operations: SpecOperation[]): Case[] {
  const modes = MALFORMED.filter((mode) => target === "live" || !MOCK_ACCEPTS.includes(mode));
  const layerOf = new Map(operations.map((op) => [op.operationId, authLayerOf(op)]));
  const tested = new Set<string>();
  return fixed
    .filter((c) => c.kind === "auth" && c.auth === "none")
    .filter((c) => {
      const layer = layerOf.get(c.operationId) ?? c.operationId;
      return !tested.has(layer) && tested.add(layer) !== undefined;
    })
    .flatMap((c) => modes.map((auth): Case => ({ ...c, id: `${c.operationId}:auth:${auth}`, auth, description: CREDENTIALS[auth].request.replace(/^a request /, "") })));
}
