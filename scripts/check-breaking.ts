// `npm run check:breaking`: lists what changed in spec/openapi.yaml since a base version and fails (exit 1) when a
// change breaks code built on the generated client or a server check built on the contract.
// Options:
//   --base <git-ref | file>  the version to compare with: a git revision (the spec at that commit) or a spec file.
//                            Default HEAD, i.e. the edits not yet committed. In a pull request: --base origin/main.
//   --spec <file>            the new version (default spec/openapi.yaml)
//   --allow-breaking         list breaking changes but exit 0: for a deliberate major release of this package, or a
//                            correction that makes the spec match what the server really does.
//   --json                   the changes as one JSON document on stdout (its shape: USAGE below), for tools; the
//                            same exit codes.
// Exit codes: 0 nothing breaking (or allowed), 1 breaking changes, 2 bad usage or an unreadable base.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { compareSpecs, type Change } from "./breaking-changes";
import { parseSpec, readSpec, type JsonObject } from "../spec/model";
import { processOutput, type CommandOutput } from "./command-output";
import { UsageError } from "./usage-error";

const ROOT = path.resolve(__dirname, "..");

interface Args {
  base: string;
  spec: string;
  allowBreaking: boolean;
  json: boolean;
  help?: boolean;
}

/** The version of the `--json` document's shape: raised on any change that could break a reader of it. */
const JSON_FORMAT = "check-breaking/1";

const USAGE = `usage: npm run check:breaking [-- --base <git-ref|file>] [-- --spec <file>] [-- --allow-breaking] [-- --json]
  --base <git-ref|file>  the version to compare with (default HEAD: the edits not yet committed; in a pull request
                         --base origin/main)
  --spec <file>          the new version (default spec/openapi.yaml)
  --allow-breaking       list breaking changes but exit 0 (a deliberate major release)
  --json                 one JSON document on stdout in place of the text (nothing else goes to stdout):
    { "format": "${JSON_FORMAT}",     the shape's version: it changes when a key changes meaning or goes away
      "base": "spec/openapi.yaml at HEAD", "spec": "spec/openapi.yaml",
      "summary": { "changes": 2, "breaking": 1, "allowBreaking": false },
      "changes": [                        breaking ones first; every key always present
        { "breaking": true,               exactly when severity is "breaking"
          "severity": "breaking",         or "non-breaking"
          "rule": "schema-bound",         which rule found it: a stable name (type Rule in breaking-changes.ts)
          "operation": "GET /samples",    null for servers and security schemes
          "where": "GET /samples › query \`name\`",   for a human, as in the text output
          "pointer": { "base": "/paths/~1samples/get/parameters/3/schema", "spec": "/paths/~1samples/..." },
                                          the node in each version, $refs followed; null in a version without it
          "message": "maxLength 100 → 80: the server now rejects requests it accepted" } ] }
    A later version may add keys without changing "format": ignore the ones you do not know. Run it as
    \`npm run -s check:breaking -- --json\`: without -s, npm prints its own "> ..." lines on stdout first.
  --help                 this text
exit codes (with or without --json): 0 nothing breaking (or allowed), 1 breaking changes, 2 bad usage or an unreadable
base (a one-line message on stderr, nothing on stdout)`;

function parseArgs(argv: string[]): Args {
  const args: Args = { base: "HEAD", spec: path.join(ROOT, "spec/openapi.yaml"), allowBreaking: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") args.help = true;
    else if (arg === "--allow-breaking") args.allowBreaking = true;
    else if (arg === "--json") args.json = true;
    else if (arg === "--base" || arg === "--spec") {
      const value = argv[++i];
      if (!value) throw new UsageError(`${arg} needs a value`);
      if (arg === "--base") args.base = value;
      else args.spec = path.resolve(value);
    } else throw new UsageError(`unknown argument ${JSON.stringify(arg)} (expected --base <git-ref|file>, --spec <file>, --allow-breaking, --json)`);
  }
  return args;
}

/** The base spec: a file when one exists at that path, else the committed spec at that git revision. */
async function readBase(base: string, specPath: string): Promise<{ spec: JsonObject; label: string }> {
  if (existsSync(base)) return { spec: await readSpec(path.resolve(base)), label: base };
  const repoRoot = git(["rev-parse", "--show-toplevel"], path.dirname(specPath), "the spec is not inside a git work tree");
  const inRepo = path.relative(repoRoot, specPath).split(path.sep).join("/");
  const text = git(["show", `${base}:${inRepo}`], repoRoot, `git has no ${inRepo} at ${JSON.stringify(base)}`);
  return { spec: parseSpec(text), label: `${inRepo} at ${base}` };
}

function git(args: string[], cwd: string, failure: string): string {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trimEnd();
  } catch (error) {
    const stderr = ((error as { stderr?: string }).stderr ?? "").trim().split("\n")[0];
    throw new UsageError(`--base: ${failure}${stderr ? ` (git: ${stderr})` : ""}`);
  }
}

function render(changes: Change[]): string {
  return changes.map((c) => `  ${c.severity === "breaking" ? "BREAKING" : "ok      "}  ${c.where}: ${c.message}`).join("\n");
}

/** The `--json` document (its shape is documented in USAGE: keep the two together). */
function toJson(base: string, spec: string, changes: Change[], allowBreaking: boolean): string {
  const breaking = changes.filter((c) => c.severity === "breaking").length;
  return JSON.stringify(
    {
      format: JSON_FORMAT,
      base,
      spec,
      summary: { changes: changes.length, breaking, allowBreaking },
      changes: changes.map((c) => ({
        breaking: c.severity === "breaking",
        severity: c.severity,
        rule: c.rule,
        operation: c.operation ?? null,
        where: c.where,
        pointer: { base: c.pointer.base ?? null, spec: c.pointer.spec ?? null },
        message: c.message,
      })),
    },
    null,
    2,
  );
}

async function run(argv: readonly string[], output: CommandOutput): Promise<number> {
  const args = parseArgs([...argv]);
  if (args.help) {
    output.out(USAGE);
    return 0;
  }
  const base = await readBase(args.base, args.spec);
  const changes = compareSpecs(base.spec, await readSpec(args.spec));
  const breaking = changes.filter((c) => c.severity === "breaking").length;
  const specLabel = path.relative(process.cwd(), args.spec) || args.spec;
  if (args.json) {
    output.out(toJson(base.label, specLabel, changes, args.allowBreaking));
    if (breaking === 0 || args.allowBreaking) return 0;
    output.err(`check:breaking: ${breaking} breaking change(s); see "changes" on stdout`);
    return 1;
  }
  if (changes.length === 0) {
    output.out(`check:breaking: no change to the contract between ${base.label} and ${specLabel}`);
    return 0;
  }
  output.out(`check:breaking: ${base.label} → ${specLabel}: ${changes.length} change(s), ${breaking} breaking\n${render(changes)}`);
  if (breaking === 0) return 0;
  if (args.allowBreaking) {
    output.out(`\n${breaking} breaking change(s) allowed by --allow-breaking: release them as a new major version of this package.`);
    return 0;
  }
  output.err(
    `\ncheck:breaking: ${breaking} breaking change(s). Undo them, or, when they are deliberate (the server really changed, or the ` +
      `spec was wrong), rerun with --allow-breaking and release a new major version.`,
  );
  return 1;
}

/** The whole command: its exit code (0 no breaking change or allowed, 1 breaking, 2 bad usage or unreadable spec). */
export async function main(argv: readonly string[], output: CommandOutput = processOutput): Promise<number> {
  try {
    return await run(argv, output);
  } catch (error) {
    // Usage errors and unreadable specs alike: one line naming the problem, no stack trace.
    output.err(`check:breaking: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

// Run as a command only: importing this file (the tests) does nothing.
if (require.main === module) void main(process.argv.slice(2)).then((code) => process.exit(code));
