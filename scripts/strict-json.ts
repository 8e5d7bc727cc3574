// A spec written as JSON, read as the YAML parser reads it (JSON is YAML), in a fraction of the time and memory: a
// large spec (GitHub's REST description is 13 MB of JSON) takes the YAML parser seconds and a document tree several
// times the spec's size. JSON.parse keeps the last of two equal keys silently, where the spec reader refuses them, so
// the text is also scanned for a duplicated key; when there is one, or the text is not JSON, the caller falls back to
// the YAML parser, which reports it as it always has.

/**
 * The value of a JSON text whose objects have no duplicated key, or undefined for anything else (not JSON, not an
 * object at the top, a duplicated key, a `__proto__` key), which the caller leaves to the YAML parser.
 */
export function parseStrictJson(text: string): unknown {
  if (!/^\s*\{/.test(text) || text.includes('"__proto__"')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return hasDuplicateKey(text) ? undefined : value;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const COMMA = 44;

/** Whether an object of a valid JSON text has a key twice (compared as JSON reads them: escapes decoded). */
function hasDuplicateKey(text: string): boolean {
  // One entry per open object or array: the keys seen so far, or null for an array.
  const stack: Array<Set<string> | null> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let end = text.indexOf('"', i + 1);
      for (;;) {
        let backslashes = 0;
        for (let j = end - 1; text.charCodeAt(j) === BACKSLASH; j--) backslashes++;
        if (backslashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      if (expectKey) {
        const keys = stack[stack.length - 1]!;
        const raw = text.slice(i + 1, end);
        const key = raw.includes("\\") ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        if (keys.has(key)) return true;
        keys.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === OPEN_OBJECT) {
      stack.push(new Set());
      expectKey = true;
    } else if (c === OPEN_ARRAY) {
      stack.push(null);
      expectKey = false;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      stack.pop();
      expectKey = false;
    } else if (c === COMMA) {
      expectKey = stack[stack.length - 1] !== null;
    }
  }
  return false;
}
