// The embedded mock: Prism started from spec/openapi.yaml on a free loopback port, in its own process group, and
// always stopped again (normal end, failure, timeout, SIGINT/SIGTERM, an uncaught error: see stopAllSync; and even
// when the suite's process is SIGKILLed: prism-guard.js watches it).
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const SPEC_PATH = path.join(ROOT, "spec/openapi.yaml");
const PRISM_ENTRY = path.join(ROOT, "node_modules/@stoplight/prism-cli/dist/index.js");
/** Starts Prism and takes its process group down when the suite's process disappears (see prism-guard.js). */
const GUARD = path.join(__dirname, "prism-guard.js");

export interface PrismOptions {
  port?: number;
  host?: string;
  startTimeoutMs?: number;
  /** receives Prism's output lines (the CLI keeps them for the report when Prism fails to start) */
  onOutput?: (line: string) => void;
  /**
   * Log warnings and errors only, not a line per request: Prism answers about a third faster when it does not
   * pretty-print every request (the contract run's mocks; `npm run mock` keeps the request log for its user).
   */
  quiet?: boolean;
}

/**
 * One Prism process serves both mocks: its static answers (the spec's examples) by default, and dynamic ones (data made
 * up from the schemas) for a request that asks with Prism's `Prefer: dynamic=true, seed=<seed>` (dynamicPreference).
 */
export interface PrismInstance {
  baseUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/** The Prefer preferences that make Prism answer a request with data made up from the schemas, seeded (the same seed, the same data). */
export const dynamicPreference = (seed: string): string => `dynamic=true, seed=${seed}`;

const running = new Set<ChildProcess>();

/** A port the OS says is free on loopback right now. */
function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal); // the whole group: Prism and anything it started
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

/** Synchronous last resort for process exit: SIGKILL every Prism group still running. */
export function stopAllSync(): void {
  for (const child of running) killGroup(child, "SIGKILL");
  running.clear();
}

/** Stops every Prism this process started. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => stopChild(child)));
}

type StopSignal = "SIGINT" | "SIGTERM";

/**
 * The one signal rule of the suite's commands (`npm run contract` and the contract Jest project): on SIGINT or SIGTERM,
 * stop every Prism (gracefully, then for sure), say so, and exit 130 or 143 as a shell would.
 */
export function stopPrismOnSignals(say: { stopping?: (signal: StopSignal) => string; stopped: (signal: StopSignal) => string }, onSignal?: () => void): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      onSignal?.();
      if (say.stopping) process.stderr.write(say.stopping(signal));
      void stopAll().finally(() => {
        stopAllSync();
        process.stderr.write(say.stopped(signal));
        process.exit(128 + os.constants.signals[signal]);
      });
    });
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      running.delete(child);
      return resolve();
    }
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 2_000);
    child.once("exit", () => {
      clearTimeout(timer);
      running.delete(child);
      // Whatever Prism left in its group goes too.
      killGroup(child, "SIGKILL");
      resolve();
    });
    killGroup(child, "SIGTERM");
  });
}

let exitHookInstalled = false;

export async function startPrism(options: PrismOptions = {}): Promise<PrismInstance> {
  if (!exitHookInstalled) {
    process.once("exit", stopAllSync);
    exitHookInstalled = true;
  }
  const host = options.host ?? "127.0.0.1";
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = options.port ?? (await freePort(host));
    // fillProperties=false: without it Prism's dynamic answers invent properties the spec does not name, which would
    // show as warnings (its static answers are the spec's examples, which the option does not touch).
    const args = [GUARD, PRISM_ENTRY, "mock", SPEC_PATH, "-p", String(port), "-h", host, "--json-schema-faker-fillProperties=false"];
    if (options.quiet) args.push("-v", "warn");
    const child = spawn(process.execPath, args, { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    running.add(child);
    const baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
    const timeoutMs = options.startTimeoutMs ?? 30_000;
    const output = watchOutput(child, timeoutMs, options.onOutput);
    try {
      // Quiet, Prism does not say that it listens: its answering is the sign.
      const answers = () => waitForAnswer(baseUrl, timeoutMs, output.stopped);
      await Promise.race([output.failed, options.quiet ? answers() : output.listening.then(answers)]);
      return { baseUrl, pid: child.pid!, stop: () => stopChild(child) };
    } catch (error) {
      lastError = error as Error;
      await stopChild(child);
      if (options.port !== undefined || !/EADDRINUSE/.test(lastError.message)) break;
    } finally {
      output.stop();
    }
  }
  throw lastError ?? new Error("Prism did not start");
}

/** Prism said it listens; this makes sure it answers HTTP (any status) before the first case is sent. */
async function waitForAnswer(baseUrl: string, timeoutMs: number, givenUp: () => boolean): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!givenUp()) {
    try {
      const res = await fetch(`${baseUrl}/`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      return;
    } catch (error) {
      if (Date.now() > until) throw new Error(`Prism at ${baseUrl} did not answer: ${(error as Error).message}`, { cause: error });
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * Prism's output: `listening` resolves when it logs that it listens; `failed` rejects when it exits first or takes
 * too long, with the last lines it printed. `stop` ends the watch once Prism is up.
 */
function watchOutput(
  child: ChildProcess,
  timeoutMs: number,
  onOutput?: (line: string) => void,
): { listening: Promise<void>; failed: Promise<never>; stop: () => void; stopped: () => boolean } {
  const tail: string[] = [];
  let heard: () => void = () => {};
  const listening = new Promise<void>((resolve) => (heard = resolve));
  let fail: (error: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => {}); // only awaited in a race; never an unhandled rejection
  let watching = true;
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split(/\r?\n/)) {
      if (!line.trim()) continue;
      onOutput?.(line);
      tail.push(line);
      if (tail.length > 20) tail.shift();
      if (/Prism is listening on/.test(line)) heard();
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
    if (watching) fail(new Error(`Prism exited (${signal ?? code}) before it listened:\n${tail.join("\n")}`));
  };
  const onError = (error: Error) => watching && fail(error);
  child.once("exit", onExit);
  child.once("error", onError);
  const timer = setTimeout(() => fail(new Error(`Prism did not listen within ${timeoutMs} ms:\n${tail.join("\n")}`)), timeoutMs);
  return {
    listening,
    failed,
    stopped: () => !watching,
    stop() {
      watching = false;
      clearTimeout(timer);
      child.off("exit", onExit);
      child.off("error", onError);
    },
  };
}
