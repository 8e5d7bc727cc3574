// Type-checks a consumer of a generated client in one TypeScript program: the compiler options a consumer of the
// package builds with, and a compiler host that reads each library file once a process. Moved out of
// src/__tests__/grown-spec.test.ts's helpers so that `npm run check:spec` (scripts/check-spec.ts) and the tests
// check consumers the same way.
import ts from "typescript";

/** A consumer's options: strict, ES2022 with the DOM's fetch types, no @types/node (the client needs none). */
const CONSUMER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
  module: ts.ModuleKind.Preserve,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  resolveJsonModule: true,
  esModuleInterop: true,
  types: [],
};

/**
 * One host per set of options, each keeping every file it read: TypeScript's libraries and openapi-fetch's types are
 * parsed and bound once for every program of the process. A consumer's files must therefore have paths of their own
 * (a fresh directory per package copy), never a path read before with other content.
 */
const hosts = new Map<string, ts.CompilerHost>();

function cachingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const key = JSON.stringify(options);
  const known = hosts.get(key);
  if (known) return known;
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  const files = new Map<string, ts.SourceFile | undefined>();
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    // Under node16/nodenext the same .d.ts may be read as ESM or as CommonJS: the format is part of the key.
    const format = typeof languageVersion === "object" ? languageVersion.impliedNodeFormat : undefined;
    const cacheKey = `${format ?? ""}:${fileName}`;
    if (!files.has(cacheKey)) files.set(cacheKey, read(fileName, languageVersion, ...rest));
    return files.get(cacheKey);
  };
  hosts.set(key, host);
  return host;
}

/**
 * The type errors of a program made of `rootFiles` (and what they import), each as "file:line:column: message" (the
 * file relative to the first root's folder); none when the consumer compiles. `overrides` change the consumer's
 * options (module resolution, say).
 */
export function typeCheck(rootFiles: string[], overrides: ts.CompilerOptions = {}): string[] {
  const options = { ...CONSUMER_OPTIONS, ...overrides };
  const program = ts.createProgram(rootFiles, options, cachingHost(options));
  const base = rootFiles.length > 0 ? rootFiles[0].replace(/[^/\\]*$/, "") : "";
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    if (!diagnostic.file || diagnostic.start === undefined) return message;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const file = diagnostic.file.fileName.startsWith(base) ? diagnostic.file.fileName.slice(base.length) : diagnostic.file.fileName;
    return `${file}:${line + 1}:${character + 1}: ${message}`;
  });
}
