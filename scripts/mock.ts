// `npm run mock`: the package's mock API (src/mock, the MSW handlers) served over HTTP until SIGINT or SIGTERM.
import { readFileSync } from "node:fs";
import type { MockOptions } from "../src/mock";
import { titleOf } from "../src/mock/document";
import { defaultMockOptions } from "../src/mock/options";
import { PortInUseError, startMockServer, type MockServer, type MockServerOptions } from "../src/mock/server";
import { PACKAGE_SPEC } from "../src/mock/spec-facts";
import { firstTopList } from "../src/mock/table";
import { processOutput, type CommandOutput } from "./command-output";
import { UsageError } from "./usage-error";

const { count: DEFAULT_COUNT, seed: DEFAULT_SEED, windowMs: MINUTE_WINDOW_MS } = defaultMockOptions;

const USAGE = `usage: npm run mock [-- --count <n>] [-- --seed <n>] [-- --rows <file.json>] [-- --rate-limit <n>] [-- --latency <ms>]
  serves a mock of the API of spec/openapi.yaml on http://127.0.0.1:PORT (default 4010) until Ctrl-C
  --count <n>         how many rows to generate for each list (default ${DEFAULT_COUNT})
  --seed <n>          seed of the generated rows (default ${DEFAULT_SEED}): the same seed serves the same data
  --rows <file>       serve your own rows instead: a JSON object, operationId -> array of rows, checked against the spec
  --samples <file>    (deprecated) a JSON array: the rows of the spec's first paged list
  --rate-limit <n>    answer 429 past n requests a minute (Retry-After, X-RateLimit-*); default: no limit
  --latency <ms>      delay every answer by ms milliseconds, or a range min-max
  SP_API_TOKEN        when set, the only credential accepted; unset: any`;

function wholeNumber(flag: string, text: string | undefined): number {
  if (text === undefined || !/^\d+$/.test(text)) throw new UsageError(`${flag} needs a whole number (got ${JSON.stringify(text ?? "")})`);
  return Number(text);
}

/** A JSON file's content, or one line saying why it cannot be read. */
function readJson(flag: string, file: string | undefined): unknown {
  if (!file) throw new UsageError(`${flag} needs a JSON file`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag}: ${file} is not JSON (${(error as Error).message})`);
  }
}

export interface MockCommand {
  help?: boolean;
  port: number;
  options: MockOptions;
}

export function parseMockArgs(argv: readonly string[], env: NodeJS.ProcessEnv): MockCommand {
  const options: MockOptions = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--help" || flag === "-h") help = true;
    else if (flag === "--count") options.count = wholeNumber(flag, argv[++i]);
    else if (flag === "--seed") options.seed = wholeNumber(flag, argv[++i]);
    else if (flag === "--rate-limit") options.rateLimit = { limit: wholeNumber(flag, argv[++i]), windowMs: MINUTE_WINDOW_MS };
    else if (flag === "--latency") {
      const text = argv[++i] ?? "";
      const range = /^(\d+)-(\d+)$/.exec(text);
      options.latencyMs = range ? { minMs: Number(range[1]), maxMs: Number(range[2]) } : wholeNumber(flag, text);
    } else if (flag === "--rows" || flag === "--samples") {
      const json = readJson(flag, argv[++i]);
      if (flag === "--samples") options.samples = json as MockOptions["samples"];
      else options.rows = json as MockOptions["rows"];
    } else throw new UsageError(`unknown argument ${JSON.stringify(flag)}`);
  }
  if (env.SP_API_TOKEN) options.token = env.SP_API_TOKEN;
  return { help, port: portOf(env), options };
}

/** PORT, checked: 0 (any free port) to 65535, default 4010. */
function portOf(env: NodeJS.ProcessEnv): number {
  const portText = env.PORT || "4010";
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) {
    throw new UsageError(`PORT must be a whole number from 0 (any free port) to 65535 (got ${JSON.stringify(portText)})`);
  }
  return Number(portText);
}

/** What the data set is, in words: the caller's rows, or generated ones. */
function describeData(options: MockOptions): string {
  const given = Object.entries(options.rows ?? {}).map(([operationId, rows]) => `${(rows as unknown[]).length} ${operationId} rows`);
  if (options.samples) given.push(`${options.samples.length} ${firstTopList(PACKAGE_SPEC)?.operationId ?? "list"} rows`);
  const generated = `${options.count ?? DEFAULT_COUNT} generated rows a list, seed ${options.seed ?? DEFAULT_SEED}`;
  return given.length > 0 ? `${given.join(", ")} from your file; otherwise ${generated}` : generated;
}

/** The lines that list the operations the mock does not serve (each answers 501), or none. */
export function describeUnserved(server: Pick<MockServer, "unserved">): string[] {
  if (server.unserved.length === 0) return [];
  return [`Not served (answers 501): ${server.unserved.length} operation(s)`, ...server.unserved.map((u) => `  ${u.operationId} (${u.method} ${u.path}): ${u.reason}`)];
}

/**
 * Starts the server and prints where it is; the caller stops it. Errors are one line, no stack. `start` serves the
 * package's spec (tests give another).
 */
export async function startMockCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  print: (text: string) => void,
  start: (options: MockServerOptions) => Promise<MockServer> = startMockServer,
): Promise<MockServer | undefined> {
  const command = parseMockArgs(argv, env);
  if (command.help) {
    print(USAGE);
    return undefined;
  }
  const server = await start({ ...command.options, port: command.port });
  const token = command.options.token ? "$SP_API_TOKEN" : "any-token";
  const list = firstTopList(PACKAGE_SPEC);
  const limit = list?.page?.limit;
  const tryPath = list ? `${list.path}${limit ? `?${limit}=2` : ""}` : "/";
  print(
    [
      `Mock of ${titleOf(PACKAGE_SPEC)} at ${server.baseUrl} (${describeData(command.options)})`,
      command.options.token ? "Only the token in SP_API_TOKEN is accepted. Try:" : "Any bearer token is accepted. Try:",
      `  curl -H "Authorization: Bearer ${token}" "${server.baseUrl}${tryPath}"`,
      `  SP_BASE_URL=${server.baseUrl} SP_API_TOKEN=${command.options.token ? "…" : "any-token"} node your-script.js`,
      ...describeUnserved(server),
      "Stop with Ctrl-C.",
    ].join("\n"),
  );
  return server;
}

/**
 * The whole command: 0 once the mock listens (it then serves until SIGINT or SIGTERM) or after --help; 2 for bad
 * usage, 1 when it cannot start (a taken port, bad rows), each one line.
 */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, output: CommandOutput = processOutput): Promise<number> {
  try {
    const server = await startMockCommand(argv, env, output.out);
    if (server) for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void server.close().then(() => process.exit(0)));
    return 0;
  } catch (error) {
    const usage = error instanceof UsageError;
    const known = usage || error instanceof PortInUseError || error instanceof TypeError;
    output.err(`mock: ${known ? error.message : String((error as Error)?.stack ?? error)}${usage ? `\n${USAGE}` : ""}`);
    return usage ? 2 : 1;
  }
}

// Run as a command only: importing this file (the tests) does nothing.
if (require.main === module) void main(process.argv.slice(2)).then((code) => code !== 0 && process.exit(code));
