// The published package's build, as a function (`npm run build` is scripts/build-package.ts; check:spec calls it for
// its working copy in-process): ESM and CJS bundles (esbuild) and their declarations (the TypeScript compiler, in a
// worker: scripts/declarations-worker.ts).
//   dist/index.mjs, dist/index.cjs          the client (its retries and timeouts are its own, src/retry.ts), openapi-fetch
//                                           left as a dependency; nothing third-party is bundled
//   dist/validators/*.{mjs,cjs}             each operation's validators (a request and a response module, and the
//                                           shared modules they import: generated/validators/), which index loads
//                                           with import() on an operation's first call (the response ones only when
//                                           validateResponses asks), so neither Node nor a bundler loads the others
//   dist/mock.{mjs,cjs}                     `/mock`: the MSW handlers (msw left as an optional peer dependency)
//   dist/mock-server.{mjs,cjs}              `/mock/server`: the same handlers over node:http (Node only)
//   dist/types/**/*.d.mts, **/*.d.cts       one declaration tree per module format, so that TypeScript under
//                                           node16/nodenext sees ESM types for `import` and CJS types for `require`
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, posix, relative, resolve } from "node:path";
import { build, type BuildOptions, type Plugin } from "esbuild";
import { emitDeclarations } from "./declarations-worker";

// Every bundle holds only this package's own code (openapi-fetch and msw stay dependencies): its own notice alone.
const banner = "/*! @ccextractor/sample-platform-client (MIT License) */";

/** The package's entry points: its source, its bundle's name in dist/, and what the bundle leaves to the runtime. */
const ENTRIES = [
  { source: "src/index.ts", out: "index", platform: "neutral", external: ["openapi-fetch"] },
  { source: "src/mock/index.ts", out: "mock", platform: "neutral", external: ["openapi-fetch", "msw"] },
  { source: "src/mock/server.ts", out: "mock-server", platform: "node", external: ["openapi-fetch", "msw"] },
] as const;

const VALIDATORS = "generated/validators";

/** Relative module specifiers of a declaration file (import/export ... from "./x", import("./x")). */
const SPECIFIER = /(from\s+|import\s*\(\s*)(["'])(\.{1,2}\/[^"']+)\2/g;

/** The package's sources do not type-check: tsc's lines ("file(line,col): error TSxxxx: message"). */
export class TypeErrors extends Error {
  /** the lines that each begin an error (the rest continue a message) */
  readonly errorLines: string[];

  constructor(readonly lines: string[]) {
    const errorLines = lines.filter((line) => /error TS\d+:/.test(line));
    super(`${errorLines.length} type error(s) in the package's sources`);
    this.errorLines = errorLines;
  }
}

interface PackageBuild {
  /** the project: its src/, generated/ and node_modules */
  root: string;
  /** the folder written (emptied first) */
  out: string;
  /** the bundles only, not the declaration trees (the compiler: most of the build's time) */
  bundlesOnly?: boolean;
}

/**
 * Leaves every import of a module of generated/validators/ pointing at its own built file in dist/validators/: the
 * bundles (and each validator module) hold none of the others' code.
 */
function validatorsExternal(root: string, extension: "mjs" | "cjs", from: "dist" | "validators"): Plugin {
  return {
    name: "validators-external",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^\.\.?\/.*$/ }, (args) => {
        if (args.kind === "entry-point") return undefined;
        const target = resolve(args.resolveDir, args.path);
        if (dirname(target) !== join(root, VALIDATORS)) return undefined;
        const file = `${posix.basename(args.path)}.${extension}`;
        return { path: from === "dist" ? `./validators/${file}` : `./${file}`, external: true };
      });
    },
  };
}

async function writeBundles(root: string, out: string): Promise<void> {
  const common: BuildOptions = {
    absWorkingDir: root,
    bundle: true,
    // Neither Node nor browser: the runtime path uses only fetch, URL, Headers, AbortSignal and timers.
    platform: "neutral",
    mainFields: ["module", "main"],
    target: "es2022",
    banner: { js: banner },
    legalComments: "inline",
    logLevel: "warning",
  };
  for (const [format, extension] of [["esm", "mjs"], ["cjs", "cjs"]] as const) {
    for (const entry of ENTRIES) {
      await build({
        ...common,
        entryPoints: [entry.source],
        platform: entry.platform,
        external: [...entry.external],
        format,
        outfile: join(out, `${entry.out}.${extension}`),
        plugins: [validatorsExternal(root, extension, "dist")],
        // In CommonJS the lazy load must be a require(): import() of a .cjs file hides esbuild's named exports.
        supported: format === "cjs" ? { "dynamic-import": false } : {},
      });
    }
    const modules = readdirSync(join(root, VALIDATORS)).filter((file) => file.endsWith(".ts"));
    await build({
      ...common,
      format,
      external: ["openapi-fetch"],
      entryPoints: modules.map((file) => join(VALIDATORS, file)),
      outdir: join(out, "validators"),
      outExtension: { ".js": `.${extension}` },
      plugins: [validatorsExternal(root, extension, "validators")],
    });
  }
}

/** The declaration trees: returns how many declaration files the public entries reach. */
async function writeDeclarationTrees(root: string, out: string): Promise<number> {
  // Named as tsc would write them with --outDir here; nothing is written there.
  const outDir = join(out, ".declarations");
  const emitted = await emitDeclarations({ configFile: join(root, "src/tsconfig.build.json"), outDir, cwd: root });
  if (emitted.errors.length > 0) throw new TypeErrors(emitted.errors);
  const declarations = new Map(emitted.files.map(([file, text]) => [relative(outDir, file).split("\\").join("/"), text]));
  // tsc does not copy .d.ts inputs (generated/schema.d.ts): it is read from the sources.
  declarations.set("generated/schema.d.ts", readFileSync(join(root, "generated/schema.d.ts"), "utf8"));

  // Only what the public entries reach, with explicit extensions as node16/nodenext require.
  const pending = ENTRIES.map((entry) => entry.source.replace(/\.ts$/, ".d.ts"));
  const done = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (done.has(file)) continue;
    done.add(file);
    const text = declarations.get(file);
    if (text === undefined) throw new Error(`${file}: no declaration file was emitted for it`);
    if (/from\s+["']ajv["']/.test(text)) throw new Error(`${file} reaches ajv: the public types must not need it`);
    for (const extension of ["mts", "cts"] as const) {
      const rewritten = text.replace(SPECIFIER, (_m, lead: string, quote: string, specifier: string) => {
        return `${lead}${quote}${specifier.replace(/\.js$/, "")}.${extension === "mts" ? "mjs" : "cjs"}${quote}`;
      });
      const target = join(out, "types", file.replace(/\.d\.ts$/, `.d.${extension}`));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, rewritten);
    }
    for (const match of text.matchAll(SPECIFIER)) {
      pending.push(posix.normalize(posix.join(posix.dirname(file), `${match[3].replace(/\.js$/, "")}.d.ts`)));
    }
  }
  return done.size;
}

/**
 * Builds the package of `root` into `out` (emptied first). Returns a one-line summary (the declaration files, their
 * folder relative to `root`); throws TypeErrors when the sources do not type-check.
 */
export async function buildPackage({ root, out, bundlesOnly = false }: PackageBuild): Promise<string> {
  rmSync(out, { recursive: true, force: true });
  await writeBundles(root, out);
  if (bundlesOnly) return `bundles in ${relative(root, out) || "."}/ (no declarations: --bundles-only)`;
  const count = await writeDeclarationTrees(root, out);
  return `${count} declaration files, each as .d.mts and .d.cts, in ${relative(root, join(out, "types"))}/`;
}
