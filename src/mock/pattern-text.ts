// Text that a schema's `pattern` matches, for the simple patterns specs hold (`^[a-f0-9]{40}$`, `^[a-zA-Z0-9]+$`,
// `^[a-z][a-z0-9]*(_[a-z0-9]+)*$`): character classes, escapes, literals, groups with alternatives, and quantifiers.
// Anything else (lookarounds, negated classes, backreferences) gives undefined, and the caller falls back.

type Random = () => number;
type Node = { kind: "chars"; chars: string } | { kind: "group"; alternatives: Quantified[][] };
interface Quantified {
  node: Node;
  min: number;
  max: number;
}

class Unsupported extends Error {}

const DIGITS = "0123456789";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const WORD = `${LOWER}${LOWER.toUpperCase()}${DIGITS}_`;
const ESCAPES: Readonly<Record<string, string>> = { d: DIGITS, w: WORD, s: " " };
/** How many repeats an open-ended quantifier (`*`, `+`, `{n,}`) adds at most: short values read better. */
const OPEN_EXTRA = 3;

function range(from: string, to: string): string {
  let out = "";
  for (let code = from.charCodeAt(0); code <= to.charCodeAt(0); code++) out += String.fromCharCode(code);
  return out;
}

class Parser {
  at = 0;
  constructor(private readonly text: string) {}

  peek(): string | undefined {
    return this.text[this.at];
  }

  next(): string {
    const char = this.text[this.at++];
    if (char === undefined) throw new Unsupported("pattern ends early");
    return char;
  }

  escaped(): string {
    const char = this.next();
    if (char in ESCAPES) return ESCAPES[char];
    if (/[a-zA-Z0-9]/.test(char)) throw new Unsupported(`escape \\${char}`);
    return char;
  }

  charClass(): string {
    if (this.peek() === "^") throw new Unsupported("negated class");
    let chars = "";
    while (this.peek() !== "]") {
      const char = this.next();
      const from = char === "\\" ? this.escaped() : char;
      if (this.peek() === "-" && this.text[this.at + 1] !== "]" && from.length === 1) {
        this.at++;
        const to = this.next();
        chars += range(from, to === "\\" ? this.escaped() : to);
      } else chars += from;
    }
    this.at++;
    return chars;
  }

  atom(): Node {
    const char = this.next();
    if (char === "[") return { kind: "chars", chars: this.charClass() };
    if (char === "(") {
      if (this.peek() === "?") {
        if (this.text.slice(this.at, this.at + 2) !== "?:") throw new Unsupported("lookaround");
        this.at += 2;
      }
      const alternatives = this.alternatives();
      if (this.next() !== ")") throw new Unsupported("unclosed group");
      return { kind: "group", alternatives };
    }
    if (char === "\\") return { kind: "chars", chars: this.escaped() };
    if (char === ".") return { kind: "chars", chars: LOWER };
    if ("*+?{|)^$".includes(char)) throw new Unsupported(`unexpected ${char}`);
    return { kind: "chars", chars: char };
  }

  quantifier(): { min: number; max: number } {
    const char = this.peek();
    let bounds = { min: 1, max: 1 };
    if (char === "*") bounds = { min: 0, max: OPEN_EXTRA };
    else if (char === "+") bounds = { min: 1, max: 1 + OPEN_EXTRA };
    else if (char === "?") bounds = { min: 0, max: 1 };
    else if (char === "{") {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.text.slice(this.at));
      if (!match) throw new Unsupported("bad quantifier");
      const min = Number(match[1]);
      const max = match[2] === undefined ? min : match[3] === "" ? min + OPEN_EXTRA : Number(match[3]);
      this.at += match[0].length - 1;
      bounds = { min, max };
    } else return bounds;
    this.at++;
    if (this.peek() === "?") this.at++; // lazy: the same strings match
    return bounds;
  }

  sequence(): Quantified[] {
    const out: Quantified[] = [];
    while (this.peek() !== undefined && this.peek() !== "|" && this.peek() !== ")" && !(this.peek() === "$" && this.at === this.text.length - 1)) {
      const node = this.atom();
      out.push({ node, ...this.quantifier() });
    }
    return out;
  }

  alternatives(): Quantified[][] {
    const out = [this.sequence()];
    while (this.peek() === "|") {
      this.at++;
      out.push(this.sequence());
    }
    return out;
  }
}

function render({ node, min, max }: Quantified, random: Random): string {
  const times = min + Math.floor(random() * (max - min + 1));
  let out = "";
  for (let i = 0; i < times; i++) {
    if (node.kind === "chars") out += node.chars[Math.floor(random() * node.chars.length)];
    else out += node.alternatives[Math.floor(random() * node.alternatives.length)].map((part) => render(part, random)).join("");
  }
  return out;
}

/** A string the pattern matches, or undefined when the pattern is beyond these simple forms. */
export function textMatching(pattern: string, random: Random): string | undefined {
  try {
    const parser = new Parser(pattern.startsWith("^") ? pattern.slice(1) : pattern);
    const root: Quantified = { node: { kind: "group", alternatives: parser.alternatives() }, min: 1, max: 1 };
    if (parser.peek() !== undefined && parser.peek() !== "$") return undefined;
    const text = render(root, random);
    return new RegExp(pattern, "u").test(text) ? text : undefined;
  } catch (error) {
    if (error instanceof Unsupported || error instanceof SyntaxError) return undefined;
    throw error;
  }
}
