// `npm run generate`: writes generated/ from spec/openapi.yaml.
// `npm run generate:check`: writes nothing; exits 1 naming each file of generated/ that is not what the spec gives.
// Options (for tests and for maintainers trying a copy): --spec <file> --out <dir>.
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { processOutput, type CommandOutput } from "./command-output";
import { warmUpTypes } from "./types-worker";
import { UsageError } from "./usage-error";

interface Args {
  check: boolean;
  strictFormats: boolean;
  spec: string;
  out: string;
  help?: boolean;
}

const USAGE = `usage: npm run generate [-- --check] [-- --strict-formats] [-- --spec <file>] [-- --out <dir>]
  (no arguments)   write generated/ from spec/openapi.yaml (byte-identical on every run)
  --check          write nothing; exit 1 naming each file of generated/ that is not what the spec gives
  --strict-formats refuse (exit 2) a format no validator checks, instead of keeping it as an annotation
  --spec <file>    read another spec (a copy being tried)
  --out <dir>      write to, or check, another folder
  --help           this text`;

function parseArgs(argv: string[]): Args {
  const root = path.resolve(__dirname, "..");
  const args: Args = { check: false, strictFormats: false, spec: path.join(root, "spec/openapi.yaml"), out: path.join(root, "generated") };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") args.help = true;
    else if (arg === "--check") args.check = true;
    else if (arg === "--strict-formats") args.strictFormats = true;
    else if (arg === "--spec" || arg === "--out") {
      const value = argv[++i];
      if (!value) throw new UsageError(`${arg} needs a path`);
      args[arg === "--spec" ? "spec" : "out"] = path.resolve(value);
    } else throw new UsageError(`unknown argument ${JSON.stringify(arg)} (expected --check, --strict-formats, --spec <file>, --out <dir>)`);
  }
  return args;
}

const SHOWN_LINES = 3;
const SHOWN_WIDTH = 160;

/**
 * The first differing line of the committed file and of the spec's output, with the lines after it, each labelled
 * with its side and line number ("committed generated/x.ts:12:", "spec gives:12:"), for a drift report a human can
 * act on. A long line (the generated validators have some) is shown around its first differing column.
 */
export function describeDrift(expected: string, actual: string, committedName: string): string {
  const spec = expected.split("\n");
  const committed = actual.split("\n");
  let line = 0;
  while (line < spec.length && line < committed.length && spec[line] === committed[line]) line++;
  let column = 0;
  const [a, b] = [spec[line] ?? "", committed[line] ?? ""];
  while (column < a.length && column < b.length && a[column] === b[column]) column++;
  const clip = (text: string, i: number) => {
    if (text.length <= SHOWN_WIDTH) return text;
    const from = i === line ? Math.max(0, Math.min(column - 60, text.length - SHOWN_WIDTH)) : 0;
    return `${from > 0 ? "…" : ""}${text.slice(from, from + SHOWN_WIDTH)}${from + SHOWN_WIDTH < text.length ? "…" : ""}`;
  };
  const labels = [`committed ${committedName}`, "spec gives"];
  const width = Math.max(...labels.map((l) => l.length));
  const digits = String(line + SHOWN_LINES).length;
  const show = (lines: string[], label: string) => {
    const shown: string[] = [];
    for (let i = line; i < line + SHOWN_LINES; i++) {
      const text = i < lines.length ? clip(lines[i], i) : "(end of file)";
      shown.push(`    ${`${label.padEnd(width)}:${i + 1}:`.padEnd(width + digits + 2)} ${text}`.trimEnd());
      if (i >= lines.length) break;
    }
    return shown.join("\n");
  };
  return [
    `  first difference at line ${line + 1}, column ${column + 1} (the committed file has ${committed.length} lines, the spec gives ${spec.length}):`,
    show(committed, labels[0]),
    show(spec, labels[1]),
  ].join("\n");
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Every file under `dir`, by its path from there ("operations.ts", "validators/x.request.ts"); none when it is missing. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
}

async function check(files: Map<string, string>, out: string, output: CommandOutput): Promise<number> {
  const problems: string[] = [];
  for (const [name, expected] of files) {
    const actual = await readIfExists(path.join(out, name));
    if (actual === undefined) problems.push(`generated/${name}: missing`);
    else if (actual !== expected) problems.push(`generated/${name}: drifted from the spec\n${describeDrift(expected, actual, `generated/${name}`)}`);
  }
  const present = await listFiles(out);
  for (const name of present.filter((n) => !files.has(n)).sort()) {
    problems.push(`generated/${name}: not produced by the spec (remove it, or generate it)`);
  }
  if (problems.length === 0) {
    output.out(`generate:check: generated/ matches the spec (${files.size} files)`);
    return 0;
  }
  output.err(`generate:check: generated/ is not what the spec gives:\n${problems.join("\n")}`);
  output.err("Run `npm run generate` and commit the result; never edit generated/ by hand.");
  return 1;
}

/** The whole command: its exit code (0 done, 1 drift, 2 bad usage or a spec the generator cannot take). */
export async function main(argv: readonly string[], output: CommandOutput = processOutput): Promise<number> {
  try {
    const args = parseArgs([...argv]);
    if (args.help) {
      output.out(USAGE);
      return 0;
    }
    // openapi-typescript's worker loads while this thread loads the generator and reads the spec: for a small spec, the
    // types are the longer path.
    warmUpTypes();
    const [{ readSpec }, { describeUncheckedFormat, renderGenerated, scanSchemas }] = await Promise.all([import("../spec/model"), import("./render-generated")]);
    // A format no validator checks is named once, with where it is first written: kept as an annotation, or refused.
    const spec = await readSpec(args.spec);
    const scan = scanSchemas(spec);
    const unchecked = scan.unchecked.map(describeUncheckedFormat);
    if (args.strictFormats && unchecked.length > 0) {
      output.err(`generate: --strict-formats refuses what no validator checks:\n  ${unchecked.join("\n  ")}`);
      return 2;
    }
    for (const line of unchecked) output.err(`generate: ${line}`);
    const files = await renderGenerated(args.spec, { spec, scan });
    if (args.check) return await check(files, args.out, output);
    // generated/validators/ is all generated: a module of an operation the spec no longer has is removed with it.
    const folders = new Set([...files.keys()].map((name) => path.dirname(name)).filter((folder) => folder !== "."));
    for (const folder of folders) await rm(path.join(args.out, folder), { recursive: true, force: true });
    for (const folder of ["", ...folders]) await mkdir(path.join(args.out, folder), { recursive: true });
    for (const [name, content] of files) await writeFile(path.join(args.out, name), content);
    const written = [...files.keys()].filter((name) => path.dirname(name) === ".").map((n) => `generated/${n}`);
    for (const folder of folders) written.push(`generated/${folder}/ (${[...files.keys()].filter((name) => path.dirname(name) === folder).length} files)`);
    output.out(`generate: wrote ${written.join(", ")}`);
    return 0;
  } catch (error) {
    output.err(`generate: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

// Run as a command only: importing this file (the tests) does nothing.
if (require.main === module) void main(process.argv.slice(2)).then((code) => process.exit(code));
