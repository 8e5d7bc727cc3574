// `npm run lint`'s first half: tsc's diagnostics and ESLint's type-aware rules from one TypeScript program. Built
// once, not once by tsc and again by typescript-eslint's project service: that halves the time of the two (24 s to
// 14 s here), which npm test pays too (scripts/static-checks.test.ts). knip runs after it (package.json).
//
//   tsx scripts/lint.ts           tsc's errors, then ESLint's stylish report; exit 1 on any error (warnings print)
//   tsx scripts/lint.ts --json    one JSON line: the errors and counts, for the test
import path from "node:path";
import { ESLint } from "eslint";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "..");

export interface LintSummary {
  /** the program's source files (tsconfig.json's), each type-checked */
  programFiles: number;
  /** files ESLint linted; every TypeScript one of them with the program's type information */
  lintedFiles: number;
  /** the program's files ESLint neither linted nor ignores by its config (generated/ it ignores): none, or a gap */
  unlintedFiles: string[];
  typeErrors: string[];
  lintErrors: string[];
  lintWarnings: number;
}

/** The project's program, as `tsc -p tsconfig.json` builds it. */
function projectProgram(): ts.Program {
  const configPath = path.join(ROOT, "tsconfig.json");
  const config = ts.readConfigFile(configPath, (file) => ts.sys.readFile(file));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT, undefined, configPath);
  return ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences });
}

const diagnosticHost: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => "\n" };

async function lint(): Promise<{ summary: LintSummary; typeReport: string; lintReport: string }> {
  const program = projectProgram();
  const diagnostics = ts.getPreEmitDiagnostics(program);
  // The .ts files get the program (every one is in tsconfig.json, so none is left without types); the plain
  // JavaScript ones keep eslint.config.mjs's disableTypeChecked.
  const eslint = new ESLint({ cwd: ROOT, overrideConfig: [{ files: ["**/*.ts"], languageOptions: { parserOptions: { projectService: false, programs: [program] } } }] });
  const results = await eslint.lintFiles(["."]);
  const stylish = await eslint.loadFormatter("stylish");
  const linted = new Set(results.map((r) => r.filePath));
  const unlintedFiles: string[] = [];
  for (const file of program.getRootFileNames()) {
    if (!linted.has(path.resolve(file)) && !(await eslint.isPathIgnored(file))) unlintedFiles.push(path.relative(ROOT, file));
  }
  const lintErrors = results.flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => `${path.relative(ROOT, r.filePath)}:${m.line}:${m.column} ${m.ruleId ?? "parse"}: ${m.message}`));
  return {
    summary: {
      programFiles: program.getRootFileNames().length,
      lintedFiles: results.length,
      unlintedFiles,
      typeErrors: diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).map((d) => ts.formatDiagnostic(d, diagnosticHost).trim()),
      lintErrors,
      lintWarnings: results.reduce((n, r) => n + r.warningCount, 0),
    },
    typeReport: ts.formatDiagnosticsWithColorAndContext(diagnostics, diagnosticHost),
    lintReport: await stylish.format(results),
  };
}

async function main(args: string[]): Promise<number> {
  const unknown = args.filter((a) => a !== "--json");
  if (unknown.length > 0) {
    process.stderr.write(`lint: unknown argument ${JSON.stringify(unknown[0])} (expected --json)\n`);
    return 2;
  }
  const { summary, typeReport, lintReport } = await lint();
  if (args.includes("--json")) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else process.stdout.write(`${typeReport}${lintReport}`);
  return summary.typeErrors.length + summary.lintErrors.length > 0 ? 1 : 0;
}

void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
