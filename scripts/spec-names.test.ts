// Any real spec drops in: no name of our own spec (an operationId, a schema, a parameter or a property) is written in
// the code of src/, scripts/ or contract-tests/ (tests and fixtures aside). Every such name is read from the operation
// table or the spec. The scan reads each file's string literals and its identifiers that no English word would be
// (capitals, underscores, digits: Sample, listSamples, sample_id); a handful of places that use a word for something of
// their own are listed below, each with why.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { readSpec, type Json } from "../spec/model";

const ROOT = path.resolve(__dirname, "..");
const SCANNED = ["src", "scripts", "contract-tests"];

/** file -> names it may write, and why. */
const ALLOWED: Record<string, { names: string[]; why: string }> = {
  "src/errors.ts": { names: ["code", "message"], why: "an error body's code and message make the error's when present, under any schema (docs/changing-the-spec.md#errors-responses-and-credentials)" },
  "src/retry.ts": { names: ["status"], why: "`\"status\" in outcome` tells the retry policy's own outcome types apart (a response, or an error)" },
  "scripts/page-layout.ts": { names: ["offset", "limit"], why: "the name of a page layout's kind, and x-pagination's own keys (docs/changing-the-spec.md#page-layouts)" },
  "src/mock/options.ts": { names: ["limit", "data"], why: "the mock's own options: `rateLimit.limit`, and `data`, the old name of `rows`" },
  "scripts/check-spec.ts": { names: ["notes"], why: "the heading of the column that shows a row's own `notes`" },
};

/** Every operationId, schema name, parameter name and property name of the spec. */
function namesOf(spec: Json): Set<string> {
  const names = new Set<string>();
  const visit = (node: Json | undefined): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "properties" && value !== null && typeof value === "object" && !Array.isArray(value)) Object.keys(value).forEach((n) => names.add(n));
        if (key === "operationId" && typeof value === "string") names.add(value);
        if (key === "name" && typeof value === "string" && typeof node.in === "string") names.add(value);
        if (key === "schemas" && value !== null && typeof value === "object" && !Array.isArray(value)) Object.keys(value).forEach((n) => names.add(n));
        visit(value);
      }
    }
  };
  visit(spec);
  names.delete("Error"); // JavaScript's own class
  return names;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return entry === "__tests__" || entry === "fixtures" ? [] : sourceFiles(full);
    return /\.(ts|cjs|mjs|js)$/.test(entry) && !/\.test\.ts$/.test(entry) ? [full] : [];
  });
}

/** A string literal that is not a name: a type, a page layout's kind, an event's name. */
function isOwnWord(node: ts.Node): boolean {
  const parent = node.parent;
  if (ts.isLiteralTypeNode(parent)) return true;
  const kindOf = (n: ts.Node) => (ts.isPropertyAccessExpression(n) || ts.isPropertyAccessChain(n)) && n.name.text === "kind";
  if (ts.isBinaryExpression(parent) && (kindOf(parent.left) || kindOf(parent.right))) return true;
  if (ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name) && parent.name.text === "kind") return true;
  if (ts.isCaseClause(parent) && ts.isSwitchStatement(parent.parent.parent) && kindOf(parent.parent.parent.expression)) return true;
  if (ts.isCallExpression(parent) && parent.arguments[0] === node && ts.isPropertyAccessExpression(parent.expression)) {
    return ["on", "once", "off", "emit", "addListener", "removeListener"].includes(parent.expression.name.text);
  }
  return false;
}

/** Where a file writes one of the names: "name at file:line". */
function uses(file: string, names: Set<string>, allowances = ALLOWED): string[] {
  const relative = path.relative(ROOT, file);
  const allowed = new Set(allowances[relative]?.names ?? []);
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    let text: string | undefined;
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && !isOwnWord(node)) text = node.text;
    else if (ts.isIdentifier(node) && /[A-Z_0-9]/.test(node.text)) text = node.text;
    if (text !== undefined && names.has(text) && !allowed.has(text)) found.push(`${text} at ${relative}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("no name of our spec in code", () => {
  let names: Set<string>;
  beforeAll(async () => {
    names = namesOf(await readSpec(path.join(ROOT, "spec/openapi.yaml")));
  });

  it("finds the spec's names (the scan has something to look for)", () => {
    for (const name of ["listSamples", "Sample", "sample_id", "next_offset", "limit", "offset", "pagination", "total"]) expect(names.has(name)).toBe(true);
  });

  it("is written nowhere in src/, scripts/ or contract-tests/ outside tests and fixtures", () => {
    const found = SCANNED.flatMap((dir) => sourceFiles(path.join(ROOT, dir))).flatMap((file) => uses(file, names));
    expect(found).toEqual([]);
  });

  it("allows nothing it does not need: each listed name is written in its file", () => {
    for (const [file, { names: allowed }] of Object.entries(ALLOWED)) {
      const written = uses(path.join(ROOT, file), names, {}).map((use) => use.split(" at ")[0]);
      expect([file, allowed.filter((name) => !written.includes(name))]).toEqual([file, []]);
    }
  });

  it("would catch one: a name in a string literal, and in an identifier", () => {
    const probe = path.join(ROOT, "scripts", "spec-names.test.ts");
    // This file writes them on purpose, in its own test above: the scan finds them here.
    expect(uses(probe, names)).toEqual(expect.arrayContaining([expect.stringMatching(/^listSamples at scripts\/spec-names\.test\.ts:\d+$/), expect.stringMatching(/^next_offset at /)]));
  });
});
