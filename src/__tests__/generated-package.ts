// A copy of the package generated from another spec, for tests of what a client of that spec gets: src/ copied under
// node_modules/.cache (so that it resolves openapi-fetch as the package does), generated/ rendered in memory as
// `npm run generate` would write it, a consumer type-checked in one TypeScript program (scripts/consumer-typecheck.ts),
// then bundled and loaded. The grown-spec and header-parameter client tests use it.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { typeCheck } from "../../scripts/consumer-typecheck";
import { renderGenerated } from "../../scripts/render-generated";

const root = path.resolve(__dirname, "../..");

export interface GeneratedPackage {
  /** the consumer's type errors, "file:line:column: message"; none when it compiles */
  diagnostics: string[];
  /** the consumer's exports, bundled with the copy */
  module: any;
  /** the copy's folder: the caller removes it */
  dir: string;
  /** generated/client-types.ts of the copy, as rendered */
  clientTypes: string;
}

export async function generatedPackage(specPath: string, consumer: string): Promise<GeneratedPackage> {
  mkdirSync(path.join(root, "node_modules/.cache"), { recursive: true });
  const dir = mkdtempSync(path.join(root, "node_modules/.cache/sp-generated-"));
  cpSync(path.join(root, "src"), path.join(dir, "src"), { recursive: true, filter: (from) => !from.includes(`${path.sep}__tests__`) });
  mkdirSync(path.join(dir, "generated"));
  const files = await renderGenerated(specPath);
  for (const [name, content] of files) {
    mkdirSync(path.dirname(path.join(dir, "generated", name)), { recursive: true });
    writeFileSync(path.join(dir, "generated", name), content);
  }
  writeFileSync(path.join(dir, "consumer.ts"), consumer);
  const diagnostics = typeCheck([path.join(dir, "consumer.ts")]);
  const bundle = path.join(dir, "consumer.cjs");
  await build({ absWorkingDir: dir, entryPoints: ["consumer.ts"], bundle: true, platform: "node", format: "cjs", target: "es2022", outfile: bundle, logLevel: "silent" });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return { diagnostics, module: require(bundle), dir, clientTypes: files.get("client-types.ts") ?? "" };
}
