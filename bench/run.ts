// `npm run bench`: every benchmark, medians over repeated runs, each row beside its baseline from the same run.
// Options: --json (also write bench/results.json), --quick (fewer, shorter rounds: a smoke run, not for quoting),
// --only <section>[,<section>] (request-overhead, validation, pagination, contract-run, cold-start, profile, generation).
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchColdStart } from "./cold-start";
import { benchContractRun } from "./contract-run";
import { benchGeneration } from "./generation";
import { benchPagination } from "./pagination";
import { benchProfile } from "./profile";
import { renderTable, type Row } from "./report";
import { benchRequestOverhead } from "./request-overhead";
import { benchValidation } from "./validation";
import { processOutput, type CommandOutput } from "../scripts/command-output";
import { UsageError } from "../scripts/usage-error";

const SECTIONS: Record<string, (options: { quick: boolean }) => Promise<Row[]>> = {
  "request-overhead": benchRequestOverhead,
  validation: benchValidation,
  pagination: benchPagination,
  "contract-run": benchContractRun,
  "cold-start": benchColdStart,
  profile: benchProfile,
  generation: benchGeneration,
};

const USAGE = `usage: npm run bench [-- --json] [-- --quick] [-- --only <section>[,<section>]]
  --json             also write bench/results.json
  --quick            fewer, shorter rounds: a smoke run, not for quoting
  --only <sections>  run only these: ${Object.keys(SECTIONS).join(", ")}
  --help             this text`;

function parseArgs(argv: string[]): { json: boolean; quick: boolean; only: string[]; help: boolean } {
  const args = { json: false, quick: false, only: Object.keys(SECTIONS), help: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--help" || argv[i] === "-h") args.help = true;
    else if (argv[i] === "--json") args.json = true;
    else if (argv[i] === "--quick") args.quick = true;
    else if (argv[i] === "--only") {
      const names = (argv[++i] ?? "").split(",").filter(Boolean);
      const unknown = names.filter((n) => !(n in SECTIONS));
      if (names.length === 0 || unknown.length > 0) {
        throw new UsageError(`--only takes a comma-separated list of ${Object.keys(SECTIONS).join(", ")}; got ${JSON.stringify(argv[i] ?? "")}`);
      }
      args.only = names;
    } else throw new UsageError(`unknown argument ${JSON.stringify(argv[i])} (expected --json, --quick, --only <sections>)`);
  }
  return args;
}

function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpu: `${cpus.length} x ${cpus[0]?.model ?? "unknown"}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    loadavg: os.loadavg().map((l) => l.toFixed(2)).join(" "),
  };
}

/** The whole command: its exit code (0 done, 2 bad usage). Progress goes to stderr as each section runs. */
export async function main(argv: readonly string[], output: CommandOutput = processOutput): Promise<number> {
  let args;
  try {
    args = parseArgs([...argv]);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.err(`bench: ${error.message}`);
    return 2;
  }
  if (args.help) {
    output.out(USAGE);
    return 0;
  }
  const info = machine();
  output.out(`machine: node ${info.node}, ${info.cpu}, ${info.memory}, ${info.platform}, load ${info.loadavg}`);
  output.out(args.quick ? "mode: --quick (smoke run; do not quote these numbers)\n" : "mode: full (medians over repeated, interleaved rounds)\n");
  const rows: Row[] = [];
  for (const name of args.only) {
    const started = Date.now();
    process.stderr.write(`running ${name} ...`);
    rows.push(...(await SECTIONS[name]({ quick: args.quick })));
    process.stderr.write(` ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  output.out(renderTable(rows));
  const missed = rows.filter((r) => r.met === false);
  const skipped = rows.filter((r) => r.skipped !== undefined);
  output.out(
    `\ntargets: ${rows.filter((r) => r.met === true).length} met, ${missed.length} missed${missed.length ? `: ${missed.map((r) => r.name).join("; ")}` : ""}` +
      (skipped.length ? `; ${skipped.length} row${skipped.length > 1 ? "s" : ""} skipped: ${skipped.map((r) => r.name).join("; ")}` : ""),
  );
  if (args.json) {
    const file = path.join(__dirname, "results.json");
    writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine: info, quick: args.quick, rows }, null, 2)}\n`);
    output.out(`wrote ${path.relative(process.cwd(), file)}`);
  }
  return 0;
}

// Run as a command only: importing this file (the tests) runs no benchmark.
if (require.main === module) void main(process.argv.slice(2)).then((code) => process.exit(code));
