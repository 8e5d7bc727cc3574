// JSON Pointer (RFC 6901) tokens: "~" and "/" escaped as "~0" and "~1", and back. The one copy the client, the mock,
// the suite and the generator share.

/** A property name or index as a pointer token ("a/b" -> "a~1b"). */
export function escapePointerToken(token: string): string {
  // Most tokens (property names, indexes) have nothing to escape: those are returned without two regex passes.
  if (!token.includes("~") && !token.includes("/")) return token;
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** A pointer token as the property name it stands for ("a~1b" -> "a/b"). */
export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** A pointer from its tokens, each escaped ("" for none). */
export function pointerOf(tokens: ReadonlyArray<string | number>): string {
  return tokens.map((token) => `/${escapePointerToken(String(token))}`).join("");
}
