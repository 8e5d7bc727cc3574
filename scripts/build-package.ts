// Builds the published package into dist/: ESM and CJS bundles (esbuild) and their declarations (tsc).
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
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, posix, relative, resolve } from "node:path";
import { build, type BuildOptions, type Plugin } from "esbuild";

const root = resolve(__dirname, "..");
// `--out <dir>` builds elsewhere (the package test stages its own copy, so parallel runs never share dist/).
const outIndex = process.argv.indexOf("--out");
const dist = outIndex > 0 ? resolve(process.argv[outIndex + 1]) : join(root, "dist");
const declarations = join(dist, ".declarations");
// `--bundles-only` skips the declaration trees (tsc, most of the build's time) for a test that only runs the bundles.
const bundlesOnly = process.argv.includes("--bundles-only");

// Every bundle holds only this package's own code (openapi-fetch and msw stay dependencies): its own notice alone.
const banner = "/*! @ccextractor/sample-platform-client (MIT License) */";

const common: BuildOptions = {
  absWorkingDir: root,
  entryPoints: ["src/index.ts"],
  bundle: true,
  // Neither Node nor browser: the runtime path uses only fetch, URL, Headers, AbortSignal and timers.
  platform: "neutral",
  mainFields: ["module", "main"],
  external: ["openapi-fetch"],
  target: "es2022",
  banner: { js: banner },
  legalComments: "inline",
  logLevel: "warning",
};

/** Relative module specifiers of a declaration file (import/export ... from "./x", import("./x")). */
const SPECIFIER = /(from\s+|import\s*\(\s*)(["'])(\.{1,2}\/[^"']+)\2/g;

function emitDeclarationTrees(): void {
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", join(root, "src/tsconfig.build.json"), "--outDir", declarations], {
    stdio: "inherit",
  });
  // tsc does not copy .d.ts inputs (generated/schema.d.ts): put it next to the emitted ones.
  mkdirSync(join(declarations, "generated"), { recursive: true });
  writeFileSync(join(declarations, "generated/schema.d.ts"), readFileSync(join(root, "generated/schema.d.ts")));

  // Copy only what the public entries reach, with explicit extensions as node16/nodenext require.
  const pending = ENTRIES.map((entry) => entry.source.replace(/\.ts$/, ".d.ts"));
  const done = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (done.has(file)) continue;
    done.add(file);
    const text = readFileSync(join(declarations, file), "utf8");
    if (/from\s+["']ajv["']/.test(text)) throw new Error(`${file} reaches ajv: the public types must not need it`);
    for (const extension of ["mts", "cts"] as const) {
      const rewritten = text.replace(SPECIFIER, (_m, lead: string, quote: string, specifier: string) => {
        return `${lead}${quote}${specifier.replace(/\.js$/, "")}.${extension === "mts" ? "mjs" : "cjs"}${quote}`;
      });
      const target = join(dist, "types", file.replace(/\.d\.ts$/, `.d.${extension}`));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, rewritten);
    }
    for (const match of text.matchAll(SPECIFIER)) {
      pending.push(posix.normalize(posix.join(posix.dirname(file), `${match[3].replace(/\.js$/, "")}.d.ts`)));
    }
  }
  rmSync(declarations, { recursive: true, force: true });
  console.log(`build: ${done.size} declaration files, each as .d.mts and .d.cts, in ${relative(process.cwd(), join(dist, "types"))}/`);
}

const VALIDATORS = "generated/validators";

/**
 * Leaves every import of a module of generated/validators/ pointing at its own built file in dist/validators/: the
 * bundles (and each validator module) hold none of the others' code.
 */
function validatorsExternal(extension: "mjs" | "cjs", from: "dist" | "validators"): Plugin {
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

/** The package's entry points: its source, its bundle's name in dist/, and what the bundle leaves to the runtime. */
const ENTRIES = [
  { source: "src/index.ts", out: "index", platform: "neutral", external: ["openapi-fetch"], banner },
  { source: "src/mock/index.ts", out: "mock", platform: "neutral", external: ["openapi-fetch", "msw"], banner },
  { source: "src/mock/server.ts", out: "mock-server", platform: "node", external: ["openapi-fetch", "msw"], banner },
] as const;

async function main(): Promise<void> {
  rmSync(dist, { recursive: true, force: true });
  for (const [format, extension] of [["esm", "mjs"], ["cjs", "cjs"]] as const) {
    for (const entry of ENTRIES) {
      await build({
        ...common,
        entryPoints: [entry.source],
        platform: entry.platform,
        external: [...entry.external],
        banner: { js: entry.banner },
        format,
        outfile: join(dist, `${entry.out}.${extension}`),
        plugins: [validatorsExternal(extension, "dist")],
        // In CommonJS the lazy load must be a require(): import() of a .cjs file hides esbuild's named exports.
        supported: format === "cjs" ? { "dynamic-import": false } : {},
      });
    }
    const modules = readdirSync(join(root, VALIDATORS)).filter((file) => file.endsWith(".ts"));
    await build({
      ...common,
      format,
      entryPoints: modules.map((file) => join(VALIDATORS, file)),
      outdir: join(dist, "validators"),
      outExtension: { ".js": `.${extension}` },
      plugins: [validatorsExternal(extension, "validators")],
    });
  }
  if (!bundlesOnly) emitDeclarationTrees();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
