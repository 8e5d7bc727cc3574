// `npm run mock`: the suite's Prism mock in the foreground, for other repos to develop against. PORT (default 4010).
import { startPrism, stopAll } from "./targets/prism";

const USAGE = `usage: npm run mock [-- --help]
  serves the spec with Prism (static examples) on 127.0.0.1:PORT (default 4010) until Ctrl-C; any bearer token works`;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.length === 1 && (argv[0] === "--help" || argv[0] === "-h")) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (argv.length > 0) {
    process.stderr.write(`mock: unknown argument ${JSON.stringify(argv[0])}\n${USAGE}\n`);
    process.exit(2);
  }
  const raw = process.env.PORT ?? "4010";
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) {
    process.stderr.write(`mock: PORT must be a whole number from 1 to 65535 (got ${JSON.stringify(raw)})\n`);
    process.exit(2);
  }
  const prism = await startPrism({ port: Number(raw), onOutput: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write(
    [
      "",
      `Sample Platform mock (Prism, static examples) at ${prism.baseUrl}`,
      "Any bearer token is accepted. Try:",
      `  curl -H "Authorization: Bearer any-token" "${prism.baseUrl}/samples?limit=2"`,
      `  curl -H "Authorization: Bearer any-token" -H "Prefer: code=429" "${prism.baseUrl}/samples/42"`,
      "Stop with Ctrl-C.",
      "",
    ].join("\n"),
  );
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void stopAll().finally(() => process.exit(0)));
  }
}

main().catch((error) => {
  process.stderr.write(`mock: ${(error as Error).message}\n`);
  process.exit(1);
});
