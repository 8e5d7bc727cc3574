// The run's configuration, from environment variables. Every bad value is a UsageError naming the variable and the
// rule it breaks (exit code 2, no stack trace).
import { closest } from "fastest-levenshtein";
import { checkBaseUrl, describeBaseUrlProblem, isTokenText } from "../src/shared/base-url";
import { UsageError } from "../scripts/usage-error";

// Re-exported: the suite's modules (run.ts among them) take it from here.
export { UsageError };

export interface ContractConfig {
  mode: "mock" | "live";
  /** live only: base URL of the API, without trailing slash */
  baseUrl?: string;
  /** live only: the bearer token (never printed) */
  token?: string;
  /** SP_CONTRACT_MAX_REQUESTS; absent: the default budget, derived from each target's plan (plan.ts) */
  maxRequests?: number;
  /** requests a minute; Infinity = unpaced */
  ratePerMinute: number;
  missingId?: number;
  reportDir: string;
  timeoutMs: number;
  /** the longest Retry-After the run waits out; a longer one stops the run (reported) */
  maxRetryAfterSeconds: number;
  seed: string;
  /** generated requests per operation */
  examples: number;
  /** the checks to run (SP_CONTRACT_CHECKS); all when absent. Names are checked against the registry in the engine. */
  checks?: string[];
  /** the operations to test (SP_CONTRACT_OPERATIONS); all when absent */
  operations?: string[];
  /** slower answers fail max_response_time (SP_CONTRACT_MAX_RESPONSE_MS); not judged when absent */
  maxResponseMs?: number;
}

export const DEFAULTS = {
  ratePerMinute: 120,
  reportDir: "reports",
  timeoutMs: 15_000,
  maxRetryAfterSeconds: 120,
  seed: "4",
  examples: 100,
} as const;

type Env = Record<string, string | undefined>;

/** Every SP_CONTRACT_* variable the suite reads: any other is a usage error, so that a misspelt one is never ignored. */
export const CONTRACT_VARIABLES = [
  "SP_CONTRACT_RATE_PER_MINUTE",
  "SP_CONTRACT_MAX_REQUESTS",
  "SP_CONTRACT_MAX_RETRY_AFTER",
  "SP_CONTRACT_MISSING_ID",
  "SP_CONTRACT_TIMEOUT_MS",
  "SP_CONTRACT_REPORT_DIR",
  "SP_CONTRACT_SEED",
  "SP_CONTRACT_EXAMPLES",
  "SP_CONTRACT_CHECKS",
  "SP_CONTRACT_OPERATIONS",
  "SP_CONTRACT_MAX_RESPONSE_MS",
] as const;
type ContractVariable = (typeof CONTRACT_VARIABLES)[number];

/** The known name a mistyped one most likely meant: one that contains it (a name cut short), else the nearest by edits. */
export function closestName(input: string, names: readonly string[]): string {
  const containing = names.filter((n) => n.toLowerCase().includes(input.toLowerCase())).sort((a, b) => a.length - b.length);
  return containing[0] ?? closest(input, [...names]);
}

function rejectUnknownVariables(env: Env): void {
  const known: readonly string[] = CONTRACT_VARIABLES;
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith("SP_CONTRACT_") || known.includes(name)) continue;
    throw new UsageError(`${name} is not a variable of the contract suite: did you mean ${closestName(name, known)}? (known: ${known.join(", ")})`);
  }
}

function positiveInteger(env: Env, name: ContractVariable): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw new UsageError(`${name} must be a whole number of at least 1 (got ${JSON.stringify(raw)})`);
  }
  return Number(raw);
}

function nonNegativeInteger(env: Env, name: ContractVariable): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(Number(raw))) {
    throw new UsageError(`${name} must be a whole number of at least 0 (got ${JSON.stringify(raw)})`);
  }
  return Number(raw);
}

/** A comma list of names ("a,b"), or undefined when the variable is unset or empty. */
function nameList(env: Env, name: ContractVariable): string[] | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const names = raw.split(",").map((n) => n.trim());
  const bad = names.find((n) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
  if (bad !== undefined) throw new UsageError(`${name} must be a comma-separated list of names (got ${JSON.stringify(bad)} in ${JSON.stringify(raw)})`);
  return [...new Set(names)];
}

function positiveNumber(env: Env, name: ContractVariable): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(raw) || !(value > 0) || !Number.isFinite(value)) {
    throw new UsageError(`${name} must be a number greater than 0 (got ${JSON.stringify(raw)})`);
  }
  return value;
}

/** SP_BASE_URL, checked by the rule the client applies to its `baseUrl` (src/shared/base-url.ts, neutral). */
function parseBaseUrl(raw: string): string {
  const checked = checkBaseUrl(raw, "loopback_only");
  if (!("problem" in checked)) return checked.baseUrl;
  const { rule, shown } = describeBaseUrlProblem(checked.problem, raw, "loopback_only", { credentials: "put the token in SP_API_TOKEN" });
  throw new UsageError(`SP_BASE_URL ${rule}${shown === undefined ? "" : ` (got ${shown})`}`);
}

export function loadConfig(env: Env = process.env): ContractConfig {
  rejectUnknownVariables(env);
  const baseUrlRaw = env.SP_BASE_URL?.trim();
  const mode = baseUrlRaw ? "live" : "mock";
  const config: ContractConfig = {
    mode,
    maxRequests: positiveInteger(env, "SP_CONTRACT_MAX_REQUESTS"),
    ratePerMinute: positiveNumber(env, "SP_CONTRACT_RATE_PER_MINUTE") ?? (mode === "live" ? DEFAULTS.ratePerMinute : Infinity),
    missingId: positiveInteger(env, "SP_CONTRACT_MISSING_ID"),
    reportDir: env.SP_CONTRACT_REPORT_DIR?.trim() || DEFAULTS.reportDir,
    timeoutMs: positiveInteger(env, "SP_CONTRACT_TIMEOUT_MS") ?? DEFAULTS.timeoutMs,
    maxRetryAfterSeconds: positiveInteger(env, "SP_CONTRACT_MAX_RETRY_AFTER") ?? DEFAULTS.maxRetryAfterSeconds,
    seed: env.SP_CONTRACT_SEED?.trim() || DEFAULTS.seed,
    examples: nonNegativeInteger(env, "SP_CONTRACT_EXAMPLES") ?? DEFAULTS.examples,
    checks: nameList(env, "SP_CONTRACT_CHECKS"),
    operations: nameList(env, "SP_CONTRACT_OPERATIONS"),
    maxResponseMs: positiveInteger(env, "SP_CONTRACT_MAX_RESPONSE_MS"),
  };
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(config.seed)) {
    throw new UsageError(`SP_CONTRACT_SEED must be 1-64 letters, digits, '-' or '_' (got ${JSON.stringify(config.seed)})`);
  }
  if (mode === "live") {
    config.baseUrl = parseBaseUrl(baseUrlRaw!);
    const token = env.SP_API_TOKEN;
    if (!token || token.trim() === "") {
      throw new UsageError("SP_API_TOKEN must be set (a non-empty bearer token) when SP_BASE_URL is set");
    }
    if (!isTokenText(token)) {
      throw new UsageError("SP_API_TOKEN must be visible ASCII characters only: no whitespace or control characters (the client's rule)");
    }
    config.token = token;
  } else if (env.SP_API_TOKEN && !baseUrlRaw && env.SP_BASE_URL !== undefined) {
    throw new UsageError("SP_BASE_URL is empty: set it to the API's base URL, or unset it to run against the mock");
  }
  return config;
}
