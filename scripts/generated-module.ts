// For tests: a generated module's text loaded as it ships, with nothing to import at run time.
import path from "node:path";
import { transformSync } from "esbuild";

/**
 * Loads a module of generated/ from the files renderGenerated gives (file name -> text), with the generated modules
 * it imports (relative names, resolved among the files as a bundler would), each loaded once, and the `modules` given;
 * anything else is refused.
 */
export function loadGeneratedFiles(files: ReadonlyMap<string, string>, name: string, modules: Record<string, unknown> = {}): Record<string, any> {
  const loaded = new Map<string, { exports: Record<string, any> }>();
  const load = (file: string): Record<string, any> => {
    const done = loaded.get(file);
    if (done) return done.exports;
    const source = files.get(file);
    if (source === undefined) throw new Error(`no generated file ${file}`);
    const { code } = transformSync(source, { loader: "ts", format: "cjs" });
    const module = { exports: {} as Record<string, any> };
    loaded.set(file, module);
    const require = (id: string) => {
      if (id in modules) return modules[id];
      if (!id.startsWith("./") && !id.startsWith("../")) throw new Error(`the generated module require()d ${id}`);
      return load(`${path.posix.join(path.posix.dirname(file), id)}.ts`);
    };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the test runs the generated module's text, as a bundler would
    new Function("module", "exports", "require", code)(module, module.exports, require);
    return module.exports;
  };
  return load(name);
}

/** What a generated module needs at run time besides generated/'s own modules: the require()s of its CommonJS form. */
export function runtimeImports(source: string): string[] {
  const { code } = transformSync(source, { loader: "ts", format: "cjs" });
  return [...code.matchAll(/\brequire\(("[^"]*")\)/g)].map((m) => JSON.parse(m[1]) as string).filter((id) => !id.startsWith("./") && !id.startsWith("../"));
}

/** The validators' files of generated/ (renderValidators' names): the modules a shipped client may load. */
export const isValidatorFile = (name: string) => name.startsWith("validators/") || /-validators\.ts$|^validator-loaders\.ts$/.test(name);
