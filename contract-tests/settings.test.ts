// The contract command line as its peers have it (#20 item 6): a flag for every setting, winning over its variable;
// --help listing every flag and variable with its default, in 100 columns; docs/contract-suite.md's table from the
// same list.
import { readFileSync } from "node:fs";
import path from "node:path";
import { CONTRACT_VARIABLES, loadConfig } from "./config";
import { main } from "./run";
import { readCommandLine, renderHelp, renderSettingsTable, SETTINGS } from "./settings";

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (line) => (out += `${line}\n`), err: (line) => (err += `${line}\n`) });
  return { code, out, err };
}

describe("the contract suite's settings", () => {
  it("cover every variable the suite reads, each with a flag but the token", () => {
    expect(SETTINGS.map((s) => s.variable).sort()).toEqual(["SP_API_TOKEN", "SP_BASE_URL", ...CONTRACT_VARIABLES].sort());
    expect(SETTINGS.filter((s) => s.flag === null).map((s) => s.variable)).toEqual(["SP_API_TOKEN"]);
    for (const flag of ["--base-url", "--seed", "--checks", "--operations", "--max-requests", "--rate-per-minute", "--report-dir", "--max-response-ms"]) {
      expect(SETTINGS.map((s) => s.flag)).toContain(flag);
    }
  });

  it("read a flag as its variable, in either form, and a flag wins over its variable", () => {
    expect(readCommandLine(["--seed", "7", "--checks=ignored_auth,not_a_server_error"]).variables).toEqual({
      SP_CONTRACT_SEED: "7",
      SP_CONTRACT_CHECKS: "ignored_auth,not_a_server_error",
    });
    const { variables } = readCommandLine(["--seed", "9", "--base-url", "http://127.0.0.1:9/api/v1"]);
    const config = loadConfig({ SP_CONTRACT_SEED: "3", SP_BASE_URL: "https://other.example", SP_API_TOKEN: "t", ...variables });
    expect(config).toMatchObject({ seed: "9", baseUrl: "http://127.0.0.1:9/api/v1" });
    // A flag's value meets the variable's rule, named by the variable.
    expect(() => loadConfig({ ...readCommandLine(["--max-requests", "0"]).variables })).toThrow("SP_CONTRACT_MAX_REQUESTS must be a whole number of at least 1");
  });

  it("refuse an unknown or misspelt flag with exit 2, naming the closest known one; and a token flag, saying why", async () => {
    const misspelt = await run(["--sed", "7"]);
    expect(misspelt).toMatchObject({ code: 2, out: "" });
    expect(misspelt.err).toBe('contract: unknown flag "--sed": did you mean --seed? (see --help)\n');
    expect((await run(["--max-request", "5"])).err).toContain("did you mean --max-requests?");
    expect((await run(["--seed"])).err).toBe("contract: --seed takes a value (<seed>)\n");
    const token = await run(["--token", "s3cr3t-value"]);
    expect(token.code).toBe(2);
    expect(token.err).toBe("contract: --token: the token is read from SP_API_TOKEN only; a flag would show it in the process list\n");
  });

  it("--help lists every flag and variable with its default, within 100 columns", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toBe(`${renderHelp()}\n`);
    for (const line of help.out.split("\n")) expect({ line, width: line.length <= 100 }).toEqual({ line, width: true });
    for (const s of SETTINGS) {
      expect(help.out).toContain(s.variable);
      if (s.flag) expect(help.out).toContain(`${s.flag} ${s.value}`);
      expect(help.out).toContain(`default: ${s.default.replace(/`/g, "")}`);
    }
  });

  it("are the table in docs/contract-suite.md", () => {
    const page = readFileSync(path.join(__dirname, "../docs/contract-suite.md"), "utf8");
    expect(page).toContain(`${renderSettingsTable()}\n`);
  });
});
