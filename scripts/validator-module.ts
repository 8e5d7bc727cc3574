// ajv's standalone module code (ajv/dist/standalone's standaloneCode, with named exports), built in time linear in its
// size. standaloneCode accumulates the module as one of ajv's code objects, re-made for every export from all the
// pieces before it: the time grows with the square of the exports (GitHub's REST description: 1,512 request
// validators, 1.3 s of the generator's time). Here the same walk (the same order, the same shared values written
// once, the same text) pushes strings into an array. scripts/validator-module.test.ts checks that both give the same
// text.
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

const STARTED = 0;
const COMPLETED = 1;

/**
 * What ajv's standaloneCode(ajv, exports) returns, for an ajv built with `code: { source: true, esm: true, lines: true }`:
 * the validators of `exports` (export name -> schema ref), each after every value it reads, each written once.
 */
export function standaloneModuleCode(ajv: Ajv, exports: Record<string, string>): string {
  if (!ajv.opts.code.source || !ajv.opts.code.esm || !ajv.opts.code.lines) {
    throw new Error("standaloneModuleCode: the ajv instance needs code: { source: true, esm: true, lines: true }");
  }
  // prefix -> name -> STARTED or COMPLETED: standaloneCode's `usedValues`
  const used = new Map<string, Map<string, number>>();
  const statesOf = (prefix: string) => {
    let states = used.get(prefix);
    if (!states) used.set(prefix, (states = new Map()));
    return states;
  };
  const out: string[] = ['"use strict";'];

  /** A validator's code after the values it reads (standaloneCode's validateCode); nothing when written already. */
  const validateCode = (source: ValidatorSource | undefined, into: string[]): void => {
    if (!source) throw new Error('standaloneModuleCode: a validator has no "source" (ajv needs code.source)');
    const validators = statesOf("validate");
    const name = String(source.validateName);
    if (validators.get(name) === COMPLETED) return;
    validators.set(name, STARTED);
    scopeCode(source.scopeValues, into);
    into.push("\n", source.validateCode);
    if (source.evaluated) into.push(`${name}.evaluated = ${String(source.evaluated)};\n`);
  };

  /** The values a validator reads that are not written yet, in its order (ajv's ValueScope.scopeCode). */
  const scopeCode = (values: ValidatorSource["scopeValues"], into: string[]): void => {
    for (const [prefix, names] of Object.entries(values)) {
      if (!names) continue;
      const states = statesOf(prefix);
      for (const scopeName of names) {
        const name = String(scopeName);
        if (states.has(name)) continue;
        states.set(name, STARTED);
        if (scopeName.value === undefined) throw new Error(`CodeGen: "code" for ${name} not defined`);
        const { code } = scopeName.value;
        if (code !== undefined) into.push(`const ${name} = ${String(code)};\n`);
        else if (!refCode(scopeName, into)) throw new Error(`CodeGen: "code" for ${name} not defined`);
        states.set(name, COMPLETED);
      }
    }
  };

  /** A value that is a validator (its code), or wraps one (`const wrapper0 = {validate: validate12};`, then its code). */
  const refCode = (scopeName: ScopeName, into: string[]): boolean => {
    const ref = scopeName.value?.ref;
    if (scopeName.prefix === "validate" && typeof ref === "function") {
      validateCode((ref as Compiled).source, into);
      into.push("\n");
      return true;
    }
    if ((scopeName.prefix === "root" || scopeName.prefix === "wrapper") && typeof ref === "object" && ref !== null) {
      const { validate, validateName } = ref as Wrapped;
      if (!validateName) throw new Error("ajv internal error");
      into.push(`const ${String(scopeName)} = {validate: ${String(validateName)}};`);
      if (statesOf("validate").get(String(validateName)) !== STARTED) {
        into.push("\n");
        validateCode(validate?.source, into);
      }
      into.push("\n");
      return true;
    }
    return false;
  };

  for (const [exported, ref] of Object.entries(exports)) {
    const compiled = ajv.getSchema(ref) as Compiled | undefined;
    if (!compiled) throw new Error(`moduleCode: no schema with id ${ref}`);
    out.push(`\nexport const ${exported} = ${String(compiled.source?.validateName)};\n`);
    validateCode(compiled.source, out);
  }
  return out.join("");
}
