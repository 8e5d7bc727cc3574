// `npm run mock`: the package's mock API (src/mock, the MSW handlers) served over HTTP until SIGINT or SIGTERM.
import { readFileSync } from "node:fs";
import type { MockOptions } from "../src/mock";
import { defaultMockOptions } from "../src/mock/options";
import { PortInUseError, startMockServer, type MockServer } from "../src/mock/server";
import { processOutput, type CommandOutput } from "./command-output";
import { UsageError } from "./usage-error";

const { count: DEFAULT_COUNT, seed: DEFAULT_SEED, windowMs: MINUTE_WINDOW_MS } = defaultMockOptions;

const USAGE = `usage: npm run mock [-- --count <n>] [-- --seed <n>] [-- --samples <file.json>] [-- --rate-limit <n>] [-- --latency <ms>]
  serves a mock of the Sample Platform API v1 on http://127.0.0.1:PORT (default 4010) until Ctrl-C
  --count <n>         how many samples to generate (default ${DEFAULT_COUNT})
  --seed <n>          seed of the generated samples (default ${DEFAULT_SEED}): the same seed serves the same data
  --samples <file>    serve your own samples instead (a JSON array, checked against the spec's Sample schema)
  --rate-limit <n>    answer 429 past n requests a minute (Retry-After, X-RateLimit-*); default: no limit
  --latency <ms>      delay every answer by ms milliseconds, or a range min-max
  SP_API_TOKEN        when set, the only bearer token accepted; unset: any bearer token`;


function wholeNumber(flag: string, text: string | undefined): number {
  if (text === undefined || !/^\d+$/.test(text)) throw new UsageError(`${flag} needs a whole number (got ${JSON.stringify(text ?? "")})`);
  return Number(text);
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
    } else if (flag === "--samples") {
      const file = argv[++i];
      if (!file) throw new UsageError("--samples needs a JSON file");
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (error) {
        throw new UsageError(`--samples: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
      try {
        options.samples = JSON.parse(text);
      } catch (error) {
        throw new UsageError(`--samples: ${file} is not JSON (${(error as Error).message})`);
      }
    } else throw new UsageError(`unknown argument ${JSON.stringify(flag)}`);
  }
  const portText = env.PORT || "4010";
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) {
    throw new UsageError(`PORT must be a whole number from 0 (any free port) to 65535 (got ${JSON.stringify(portText)})`);
  }
  if (env.SP_API_TOKEN) options.token = env.SP_API_TOKEN;
  return { help, port: Number(portText), options };
}

/** Starts the server and prints where it is; the caller stops it. Errors are one line, no stack. */
export async function startMockCommand(argv: readonly string[], env: NodeJS.ProcessEnv, print: (text: string) => void): Promise<MockServer | undefined> {
  const command = parseMockArgs(argv, env);
  if (command.help) {
    print(USAGE);
    return undefined;
  }
  const server = await startMockServer({ ...command.options, port: command.port });
  const token = command.options.token ? "$SP_API_TOKEN" : "any-token";
  print(
    [
      `Sample Platform mock at ${server.baseUrl} (${command.options.samples ? `${command.options.samples.length} samples from your file` : `${command.options.count ?? DEFAULT_COUNT} generated samples, seed ${command.options.seed ?? DEFAULT_SEED}`})`,
      command.options.token ? "Only the token in SP_API_TOKEN is accepted. Try:" : "Any bearer token is accepted. Try:",
      `  curl -H "Authorization: Bearer ${token}" "${server.baseUrl}/samples?limit=2"`,
      `  SP_BASE_URL=${server.baseUrl} SP_API_TOKEN=${command.options.token ? "…" : "any-token"} node your-script.js`,
      "Stop with Ctrl-C.",
    ].join("\n"),
  );
  return server;
}

/**
 * The whole command: 0 once the mock listens (it then serves until SIGINT or SIGTERM) or after --help; 2 for bad
 * usage, 1 when it cannot start (a taken port, bad samples), each one line.
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
