// ajv's standalone module code (the statements ajv/dist/standalone's standaloneCode writes), split into modules: one an
// entry (an operation's request validators, its response validators, ...) and shared ones, so that loading one entry
// evaluates only the code its validators reach, and a schema many operations use is written once. Built in time
// linear in the code: standaloneCode re-makes its whole module for every export, which grows with the square of the
// exports (GitHub's REST description: 1,512 request validators, 1.3 s).
import type Ajv from "ajv/dist/core";

/** A name in ajv's code (ajv's ValueScopeName): its text, its prefix, and the value it holds. */
interface ScopeName {
  prefix: string;
  toString(): string;
  value?: { ref?: unknown; code?: { toString(): string } };
}

/** What ajv keeps of a compiled validator with `code.source` (its `source`). */
interface ValidatorSource {
  validateName: ScopeName;
  validateCode: string;
  scopeValues: Record<string, Set<ScopeName> | undefined>;
  evaluated?: { toString(): string };
}

type Compiled = ((data: unknown) => boolean) & { source?: ValidatorSource };

/** A value that wraps a validator (ajv's `wrapper` and `root` values: a schema still compiling when it was referred to). */
interface Wrapped {
  validate?: Compiled;
  validateName?: ScopeName;
}

/** One top-level statement of ajv's code: a validator function or a value, and the names it reads. */
interface Piece {
  name: string;
  code: string;
  reads: string[];
}

/** A module of split validator code: its own statements, and what it takes from and gives to the other modules. */
interface SplitModule {
  /** Its statements (values and validator functions), in ajv's order. */
  code: string[];
  /** Module name -> the names this module imports from it, in order. */
  imports: Map<string, Set<string>>;
  /** The names other modules import from this one. */
  shared: Set<string>;
}

/** What splitModuleCode gives: a module for each entry, the shared modules, and each entry's validators by export. */
export interface SplitCode {
  modules: Map<string, SplitModule>;
  /** Entry -> export name -> the name of its validator in the entry's module (its own, or imported). */
  exports: Map<string, Record<string, string>>;
}

/** Refuses an ajv that does not keep its validators' code as standaloneCode needs it. */
function assertKeepsSource(ajv: Ajv): void {
  const { source, esm, lines } = ajv.opts.code;
  if (!source || !esm || !lines) throw new Error("splitModuleCode: the ajv instance needs code: { source: true, esm: true, lines: true }");
}

/** Every statement each entry reaches from its validators (statement name -> the entries, in their order). */
function reachers(pieces: ReadonlyMap<string, Piece>, exports: ReadonlyMap<string, Record<string, string>>): Map<string, string[]> {
  const reachedBy = new Map<string, string[]>();
  for (const [entry, names] of exports) {
    const pending = Object.values(names);
    const seen = new Set<string>();
    while (pending.length > 0) {
      const name = pending.pop() as string;
      if (seen.has(name)) continue;
      seen.add(name);
      const owners = reachedBy.get(name);
      if (owners) owners.push(entry);
      else reachedBy.set(name, [entry]);
      pending.push(...(pieces.get(name) as Piece).reads);
    }
  }
  return reachedBy;
}

/**
 * ajv's standalone code for several entries (entry name -> export name -> schema ref), split so that an entry's module
 * and the shared modules it imports hold exactly the code its validators reach, and no statement is written twice:
 * a statement reached from one entry only is written in that entry's module; one reached from several, in the shared
 * module of exactly those entries (`sharedName(n)`, numbered in ajv's order). A shared module imports only modules
 * shared by as many entries or more, so the modules never import each other in a cycle (a recursive schema's
 * validators are reached by the same entries, so they share a module).
 */
export function splitModuleCode(ajv: Ajv, entries: Map<string, Record<string, string>>, sharedName: (n: number) => string): SplitCode {
  assertKeepsSource(ajv);
  const pieces = new Map<string, Piece>();
  // Statements after the values they read (a recursive schema's validators excepted: functions are hoisted).
  const order: string[] = [];

  /** A validator's statement, after those of the values it reads (each visited once: a recursive schema ends). */
  const visitValidator = (source: ValidatorSource | undefined): string => {
    if (!source) throw new Error('splitModuleCode: a validator has no "source" (ajv needs code.source)');
    const name = String(source.validateName);
    if (pieces.has(name)) return name;
    const piece: Piece = { name, code: "", reads: [] };
    pieces.set(name, piece);
    for (const names of Object.values(source.scopeValues)) {
      for (const scopeName of names ?? []) piece.reads.push(visitValue(scopeName));
    }
    piece.code = `${source.validateCode}${source.evaluated ? `${name}.evaluated = ${String(source.evaluated)};\n` : ""}`;
    order.push(name);
    return name;
  };

  /** A value a validator reads: a constant, another validator, or a wrapper of one (ajv's ValueScope.scopeCode). */
  const visitValue = (scopeName: ScopeName): string => {
    const name = String(scopeName);
    if (pieces.has(name)) return name;
    if (scopeName.value === undefined) throw new Error(`CodeGen: "code" for ${name} not defined`);
    const { code, ref } = scopeName.value;
    if (code !== undefined) {
      pieces.set(name, { name, code: `const ${name} = ${String(code)};\n`, reads: [] });
      order.push(name);
    } else if (scopeName.prefix === "validate" && typeof ref === "function") {
      visitValidator((ref as Compiled).source);
    } else if ((scopeName.prefix === "root" || scopeName.prefix === "wrapper") && typeof ref === "object" && ref !== null) {
      const { validate, validateName } = ref as Wrapped;
      if (!validateName) throw new Error("ajv internal error");
      const piece: Piece = { name, code: `const ${name} = {validate: ${String(validateName)}};\n`, reads: [String(validateName)] };
      pieces.set(name, piece);
      visitValidator(validate?.source);
      order.push(name);
    } else {
      throw new Error(`CodeGen: "code" for ${name} not defined`);
    }
    return name;
  };

  // Each entry's validators, and every statement each entry reaches.
  const exports = new Map<string, Record<string, string>>();
  for (const [entry, refs] of entries) {
    const names: Record<string, string> = {};
    for (const [exported, ref] of Object.entries(refs)) {
      const compiled = ajv.getSchema(ref) as Compiled | undefined;
      if (!compiled) throw new Error(`moduleCode: no schema with id ${ref}`);
      names[exported] = visitValidator(compiled.source);
    }
    exports.set(entry, names);
  }
  const reachedBy = reachers(pieces, exports);

  // Each statement's module: its entry's, or the shared module of exactly the entries that reach it.
  const modules = new Map<string, SplitModule>([...entries.keys()].map((entry) => [entry, { code: [], imports: new Map(), shared: new Set() }]));
  const sharedBy = new Map<string, string>();
  const moduleOf = new Map<string, string>();
  for (const name of order) {
    const piece = pieces.get(name) as Piece;
    const owners = reachedBy.get(name);
    if (!owners) continue;
    let module = owners[0];
    if (owners.length > 1) {
      const key = owners.join("\n");
      module = sharedBy.get(key) ?? sharedName(sharedBy.size + 1);
      if (!sharedBy.has(key)) {
        sharedBy.set(key, module);
        modules.set(module, { code: [], imports: new Map(), shared: new Set() });
      }
    }
    moduleOf.set(name, module);
    (modules.get(module) as SplitModule).code.push(piece.code);
  }

  // What each module imports: the names its statements (and, for an entry, its exports) read from another module.
  const imported = (module: string, name: string) => {
    const from = moduleOf.get(name) as string;
    if (from === module) return;
    const into = modules.get(module) as SplitModule;
    let names = into.imports.get(from);
    if (!names) into.imports.set(from, (names = new Set()));
    names.add(name);
    (modules.get(from) as SplitModule).shared.add(name);
  };
  for (const [name, module] of moduleOf) for (const read of (pieces.get(name) as Piece).reads) imported(module, read);
  for (const [entry, names] of exports) for (const name of Object.values(names)) imported(entry, name);
  return { modules, exports };
}
