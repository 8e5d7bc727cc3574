// The package's declaration files, emitted by the TypeScript compiler API as `tsc -p <config> --outDir <dir>` emits
// them, with tsc's diagnostics ("file(line,col): error TSxxxx: message"), in a worker thread: a big spec's client
// takes seconds of synchronous compiler work, which would otherwise keep a SIGINT/SIGTERM handler from running.
// The worker's code is plain JavaScript, passed as text, so that it runs under Node's own loader whatever the
// caller's is (tsx, or Jest's registry, which would load TypeScript a second time).
//
// One worker serves every call of a process, with one compiler host that keeps every parsed file under node_modules
// (TypeScript's libraries, msw and graphql, undici-types, ajv: most of an emit's time) for the next call: the second
// build of a process (check:spec's test runs two) parses only the package's own sources (scripts/reusable-worker.ts).
import { reusableWorker } from "./reusable-worker";

const DECLARATIONS_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const ts = require(workerData.typescript);

// A parsed file depends on its path, its language version and module format, and the options that change parsing.
const AFFECTING = (ts.sourceFileAffectingCompilerOptions || []).map((option) => option.name);
const parsed = new Map();
const IN_NODE_MODULES = /[\\\\/]node_modules[\\\\/]/;

/** A host like tsc's, whose files under node_modules are parsed once a worker (they do not change during a run). */
function cachingHost(options) {
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  const optionsKey = JSON.stringify(AFFECTING.map((name) => options[name]));
  host.getSourceFile = (fileName, version, onError, shouldCreateNewSourceFile) => {
    if (shouldCreateNewSourceFile || !IN_NODE_MODULES.test(fileName)) return read(fileName, version, onError, shouldCreateNewSourceFile);
    const v = typeof version === "object" ? version : { languageVersion: version };
    const key = [optionsKey, v.languageVersion, v.impliedNodeFormat, v.jsDocParsingMode, fileName].join(":");
    if (!parsed.has(key)) parsed.set(key, read(fileName, version, onError));
    return parsed.get(key);
  };
  return host;
}

/** tsc's own report of diagnostics when its output is not a terminal, paths relative to \`cwd\`. */
function formatted(diagnostics, cwd) {
  if (diagnostics.length === 0) return [];
  const canonical = ts.sys.useCaseSensitiveFileNames ? (name) => name : (name) => name.toLowerCase();
  const text = ts.formatDiagnostics(diagnostics, { getCurrentDirectory: () => cwd, getCanonicalFileName: canonical, getNewLine: () => "\\n" });
  return text.replace(/\\n$/, "").split("\\n");
}

/** tsc -p configFile --outDir outDir: the files it would write, and its diagnostics, in the order it reports them. */
function emit({ configFile, outDir, cwd }) {
  const unrecoverable = [];
  const config = ts.getParsedCommandLineOfConfigFile(configFile, { outDir }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => unrecoverable.push(d) });
  if (!config) return { files: [], errors: formatted(unrecoverable, cwd) };
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    projectReferences: config.projectReferences,
    host: cachingHost(config.options),
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config),
  });
  // As tsc's emitFilesAndReportErrors: semantic diagnostics only when the syntax, options and globals are sound.
  const diagnostics = program.getConfigFileParsingDiagnostics().slice();
  const configCount = diagnostics.length;
  diagnostics.push(...program.getSyntacticDiagnostics());
  if (diagnostics.length === configCount) {
    diagnostics.push(...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics());
    if (diagnostics.length === configCount) diagnostics.push(...program.getSemanticDiagnostics());
  }
  const files = [];
  const result = program.emit(undefined, (fileName, text) => files.push([fileName, text]));
  diagnostics.push(...result.diagnostics);
  return { files, errors: formatted(ts.sortAndDeduplicateDiagnostics(diagnostics), cwd) };
}

parentPort.on("message", ({ id, request }) => {
  let reply;
  try {
    reply = { id, result: emit(request) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort.postMessage(reply);
});
`;

/** How long an idle worker (and what it parsed) is kept for the next call: longer than the other steps of a check:spec run. */
const IDLE_MS = 30_000;

interface EmitRequest {
  /** the tsconfig to emit with (tsc's -p) */
  configFile: string;
  /** where the emitted files are named as written (tsc's --outDir); nothing is written */
  outDir: string;
  /** the folder the diagnostics' paths are relative to (tsc's working directory) */
  cwd: string;
}

interface Emitted {
  /** every file tsc would write: its absolute path and its text */
  files: [string, string][];
  /** tsc's diagnostics, as it prints them; any means the build fails */
  errors: string[];
}

const declarations = reusableWorker<EmitRequest, Emitted>({
  source: DECLARATIONS_WORKER,
  name: "declarations",
  idleMs: IDLE_MS,
  workerData: { typescript: require.resolve("typescript") },
});

/**
 * Terminates the worker, if one runs, in the middle of an emit too: each call waiting on it is rejected with `reason`.
 * A signal's handler calls this (process.exit would end it as well; this does not wait for the exit).
 */
export const stopDeclarationsWorker = (reason?: Error): void => declarations.stop(reason);

/** What `tsc -p configFile --outDir outDir` would write, and its diagnostics, from the worker. */
export const emitDeclarations = (request: EmitRequest): Promise<Emitted> => declarations.call(request);
