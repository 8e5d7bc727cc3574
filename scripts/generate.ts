// `npm run generate`: writes generated/ from spec/openapi.yaml.
// `npm run generate:check`: writes nothing; exits 1 naming each file of generated/ that is not what the spec gives.
// Options (for tests and for maintainers trying a copy): --spec <file> --out <dir>.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { renderGenerated } from "./render-generated";

interface Args {
  check: boolean;
  spec: string;
  out: string;
  help?: boolean;
}

const USAGE = `usage: npm run generate [-- --check] [-- --spec <file>] [-- --out <dir>]
  (no arguments)   write generated/ from spec/openapi.yaml (byte-identical on every run)
  --check          write nothing; exit 1 naming each file of generated/ that is not what the spec gives
  --spec <file>    read another spec (a copy being tried)
  --out <dir>      write to, or check, another folder
  --help           this text`;

function parseArgs(argv: string[]): Args {
  const root = path.resolve(__dirname, "..");
  const args: Args = { check: false, spec: path.join(root, "spec/openapi.yaml"), out: path.join(root, "generated") };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") args.help = true;
    else if (arg === "--check") args.check = true;
    else if (arg === "--spec" || arg === "--out") {
      const value = argv[++i];
      if (!value) throw new UsageError(`${arg} needs a path`);
      args[arg === "--spec" ? "spec" : "out"] = path.resolve(value);
    } else throw new UsageError(`unknown argument ${JSON.stringify(arg)} (expected --check, --spec <file>, --out <dir>)`);
  }
  return args;
}

class UsageError extends Error {}

/** The first differing line of two texts, shown with its neighbours, for a drift report a human can act on. */
export function describeDrift(expected: string, actual: string): string {
  const want = expected.split("\n");
  const have = actual.split("\n");
  let line = 0;
  while (line < want.length && line < have.length && want[line] === have[line]) line++;
  const show = (lines: string[], sign: string) =>
    lines
      .slice(line, line + 3)
      .map((text) => `    ${sign} ${text.length > 160 ? `${text.slice(0, 157)}...` : text}`)
      .join("\n");
  return [
    `  first difference at line ${line + 1} (spec gives ${want.length} lines, file has ${have.length}):`,
    show(want, "+"),
    show(have, "-"),
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

async function check(files: Map<string, string>, out: string): Promise<number> {
  const problems: string[] = [];
  for (const [name, expected] of files) {
    const actual = await readIfExists(path.join(out, name));
    if (actual === undefined) problems.push(`generated/${name}: missing`);
    else if (actual !== expected) problems.push(`generated/${name}: drifted from the spec\n${describeDrift(expected, actual)}`);
  }
  const present = await readdir(out).catch(() => [] as string[]);
  for (const name of present.filter((n) => !files.has(n)).sort()) {
    problems.push(`generated/${name}: not produced by the spec (remove it, or generate it)`);
  }
  if (problems.length === 0) {
    console.log(`generate:check: generated/ matches the spec (${files.size} files)`);
    return 0;
  }
  console.error(`generate:check: generated/ is not what the spec gives:\n${problems.join("\n")}`);
  console.error("Run `npm run generate` and commit the result; never edit generated/ by hand.");
  return 1;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const files = await renderGenerated(args.spec);
  if (args.check) return check(files, args.out);
  await mkdir(args.out, { recursive: true });
  for (const [name, content] of files) await writeFile(path.join(args.out, name), content);
  console.log(`generate: wrote ${[...files.keys()].map((n) => `generated/${n}`).join(", ")}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`generate: ${error instanceof UsageError ? error.message : (error as Error).message ?? String(error)}`);
    process.exit(2);
  },
);
