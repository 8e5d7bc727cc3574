// For tests: a generated module's text loaded as it ships, with nothing to import at run time.
import { transformSync } from "esbuild";

/**
 * Loads a generated module: TypeScript to CommonJS (esbuild, as tsx does), run with a `require` that throws, so that
 * a module needing anything at run time fails to load.
 */
export function loadGeneratedModule(source: string): Record<string, any> {
  const { code } = transformSync(source, { loader: "ts", format: "cjs" });
  const module = { exports: {} as Record<string, any> };
  const refuse = (id: string) => {
    throw new Error(`the generated module require()d ${id}`);
  };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the test runs the generated module's text, as a bundler would
  new Function("module", "exports", "require", code)(module, module.exports, refuse);
  return module.exports;
}
