// Every setting of the contract suite, once: its environment variable, its flag (a flag wins over its variable), its
// default and its meaning. `npm run contract -- --help` and the table in docs/contract-suite.md are both rendered from
// this list (a test compares them), and the command line is read against it.
import { closestName, CONTRACT_VARIABLES, DEFAULTS, UsageError } from "./config";

export interface Setting {
  variable: "SP_BASE_URL" | "SP_API_TOKEN" | (typeof CONTRACT_VARIABLES)[number];
  /** the command-line flag, or null for the token (a flag would show it in the process list) */
  flag: string | null;
  /** what the flag's value is, in --help ("<url>") */
  value: string;
  default: string;
  meaning: string;
}

export const SETTINGS: readonly Setting[] = [
  {
    variable: "SP_BASE_URL",
    flag: "--base-url",
    value: "<url>",
    default: "unset: the mock",
    meaning: "base URL of a live server, e.g. `https://staging.example/api/v1`; `https://` required, plain `http://` for loopback hosts only",
  },
  {
    variable: "SP_API_TOKEN",
    flag: null,
    value: "<token>",
    default: "required with a base URL",
    meaning: "bearer token; never printed. A variable only: a flag would show it in the process list",
  },
  {
    variable: "SP_CONTRACT_RATE_PER_MINUTE",
    flag: "--rate-per-minute",
    value: "<n>",
    default: `${DEFAULTS.ratePerMinute} live, unpaced on the mock`,
    meaning: "requests a minute at most (production allows 120 GET requests a minute)",
  },
  {
    variable: "SP_CONTRACT_MAX_REQUESTS",
    flag: "--max-requests",
    value: "<n>",
    default: "the plan's (printed at the start)",
    meaning:
      "request budget per target, generated requests and shrinking included; a quarter more is kept for retries of 429s. The default is the run's plan: its fixed, coverage and generated requests and its walks, with room for the walks to run long. Reaching it stops the run and makes it INCOMPLETE (exit 1), naming the operations not fully judged, never silently",
  },
  {
    variable: "SP_CONTRACT_CHECKS",
    flag: "--checks",
    value: "<names>",
    default: "all",
    meaning: "the checks to run, a comma list of their names; the others show as skipped, saying so (every case is still sent)",
  },
  {
    variable: "SP_CONTRACT_OPERATIONS",
    flag: "--operations",
    value: "<ids>",
    default: "all",
    meaning: "the operations to test, a comma list of `operationId`s; nothing is sent to the others, shown as skipped",
  },
  {
    variable: "SP_CONTRACT_MAX_RESPONSE_MS",
    flag: "--max-response-ms",
    value: "<ms>",
    default: "unset: not judged",
    meaning: "an answer slower than this fails `max_response_time`",
  },
  {
    variable: "SP_CONTRACT_EXAMPLES",
    flag: "--examples",
    value: "<n>",
    default: String(DEFAULTS.examples),
    meaning: "generated requests per operation (half valid, half breaking one rule); `0` sends the fixed cases and walks only",
  },
  {
    variable: "SP_CONTRACT_MAX_RETRY_AFTER",
    flag: "--max-retry-after",
    value: "<s>",
    default: String(DEFAULTS.maxRetryAfterSeconds),
    meaning: "longest wait (seconds) a 429 may ask for, by `Retry-After` or `X-RateLimit-Reset`; a longer one stops the run (INCOMPLETE)",
  },
  {
    variable: "SP_CONTRACT_MISSING_ID",
    flag: "--missing-id",
    value: "<id>",
    default: "largest id seen + 1",
    meaning: "an id known not to exist, for `missing_resource`: the id of every by-id operation, and the parent id of a list under another",
  },
  {
    variable: "SP_CONTRACT_TIMEOUT_MS",
    flag: "--timeout-ms",
    value: "<ms>",
    default: String(DEFAULTS.timeoutMs),
    meaning: "timeout of one request",
  },
  {
    variable: "SP_CONTRACT_REPORT_DIR",
    flag: "--report-dir",
    value: "<dir>",
    default: `\`${DEFAULTS.reportDir}\``,
    meaning: "where the reports go (JUnit, JSON, HAR, HTML)",
  },
  {
    variable: "SP_CONTRACT_SEED",
    flag: "--seed",
    value: "<seed>",
    default: `\`${DEFAULTS.seed}\``,
    meaning: "seed of every generated value and drawn choice (and of the dynamic Prism mock): the same seed sends the same requests to the same data",
  },
];

/** Flags that are not settings: what the command does. */
const COMMAND_FLAGS = ["--replay", "--help"];
const WIDTH = 100;

/** Text wrapped into lines of at most `width` characters, each line after the first indented by `indent` spaces. */
function wrap(text: string, width: number, indent: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${" ".repeat(indent)}`);
}

/** `npm run contract -- --help`: the commands, then every flag and variable with its default and meaning, in 100 columns. */
export function renderHelp(): string {
  const lines = [
    "usage: npm run contract [-- <flags>] | [-- --replay <contract-summary.json>] | [-- --help]",
    "  (no flags)             run the contract suite: the embedded Prism mock, or a live --base-url",
    "  --replay <file>        send the failed requests a run recorded in <file> again, and judge them",
    "  --help                 this text",
    "",
    "Settings: each flag, or its environment variable; a flag wins over its variable. `--flag value` or",
    "`--flag=value`.",
  ];
  for (const setting of SETTINGS) {
    const head = setting.flag ? `${setting.flag} ${setting.value}` : "(no flag)";
    lines.push(`  ${head.padEnd(22)} ${setting.variable}, default: ${setting.default.replace(/`/g, "")}`);
    lines.push(`${" ".repeat(25)}${wrap(setting.meaning.replace(/`/g, ""), WIDTH - 25, 25)}`);
  }
  lines.push("", "Exit codes: 0 the contract holds, 1 failures or an incomplete run, 2 bad usage, 3 could not run or", "judge, 130/143 interrupted.");
  return lines.join("\n");
}

/** The table of settings in docs/contract-suite.md, as Markdown rows. */
export function renderSettingsTable(): string {
  const rows = ["| flag | variable | default | meaning |", "| --- | --- | --- | --- |"];
  for (const s of SETTINGS) rows.push(`| ${s.flag ? `\`${s.flag}\`` : "none"} | \`${s.variable}\` | ${s.default} | ${s.meaning} |`);
  return rows.join("\n");
}

/**
 * The command line read against the settings: each flag's value as its variable (so that one parser checks both), and
 * `--replay <file>` or `--help`. An unknown flag names the closest known one; a token flag says why there is none.
 */
export function readCommandLine(argv: readonly string[]): { variables: Record<string, string>; replay?: string; help?: true } {
  const variables: Record<string, string> = {};
  const result: { variables: Record<string, string>; replay?: string; help?: true } = { variables };
  const known = [...COMMAND_FLAGS, ...SETTINGS.flatMap((s) => (s.flag ? [s.flag] : []))];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (name === "--help" || name === "-h") {
      result.help = true;
      continue;
    }
    const takeValue = (what: string): string => {
      const value = inline ?? argv[++i];
      if (!value || (inline === undefined && value.startsWith("--"))) throw new UsageError(`${name} takes ${what}`);
      return value;
    };
    if (name === "--replay") {
      result.replay = takeValue("one file, the contract-summary.json of a run");
      continue;
    }
    if (/^--(api-)?token$/.test(name)) {
      throw new UsageError(`${name}: the token is read from SP_API_TOKEN only; a flag would show it in the process list`);
    }
    const setting = SETTINGS.find((s) => s.flag === name);
    if (!setting) {
      const what = name.startsWith("-") ? `unknown flag ${JSON.stringify(name)}: did you mean ${closestName(name.replace(/^-+/, "--"), known)}?` : `unexpected argument ${JSON.stringify(arg)}`;
      throw new UsageError(`${what} (see --help)`);
    }
    variables[setting.variable] = takeValue(`a value (${setting.value})`);
  }
  return result;
}
