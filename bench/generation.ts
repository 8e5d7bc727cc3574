// Generation: `npm run generate` on real documents, each against openapi-typescript alone (its CLI) on the same
// document in the same run: wall time and peak memory, each contender in a fresh child process that reports its own
// peak RSS (bench/report-rss.cjs; worker threads included). The documents: the platform's own (79 operations, from
// ../shared/specs/) and GitHub's REST description (1,200+ operations, from the npm package @octokit/openapi, which npm
// fetches when the bench runs; it is no dependency of the project). A document that cannot be had (no network, no
// npm, no ../shared/) skips its rows with a note; it never fails the bench.
import { execFile, spawn } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { createGunzip } from "node:zlib";
import { listOperations, readSpec } from "../spec/model";
import { median, pairedRatio } from "./stats";
import type { Row } from "./report";

const ROOT = path.resolve(__dirname, "..");
const SECTION = "generation";
const run = promisify(execFile);

/** The largest allowed ratio to openapi-typescript alone, in time and in peak RSS. */
export const MAX_RATIO = 2;
const REPORTER = path.join(__dirname, "report-rss.cjs");
/** The platform's own document, next to the project (see ../shared/specs/README.md); never copied into it. */
const PLATFORM_SPEC = path.resolve(ROOT, "../shared/specs/sample-platform-ci.yaml");
const OCTOKIT_PACKAGE = "@octokit/openapi";
const OCTOKIT_FILE = "package/generated/api.github.com.json";
/** Where a fetched document is kept between runs (npm keeps the tarball in its own cache too). */
const CACHE = path.join(ROOT, "node_modules/.cache/sp-bench-generation");

/** What a child process reported: its wall time, as the parent saw it, and its own peak RSS. */
export interface ChildRun {
  wallMs: number;
  maxRssMiB: number;
}

/**
 * Runs `node <args>` in a fresh process with the peak-RSS reporter preloaded; its wall time from spawn to exit. A
 * non-zero exit is an error carrying the end of its stderr.
 */
export async function measureChild(args: string[], cwd = ROOT): Promise<ChildRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sp-bench-rss-"));
  const file = path.join(dir, "rss.json");
  try {
    const start = performance.now();
    const child = spawn(process.execPath, ["--require", REPORTER, ...args], {
      cwd,
      env: { ...process.env, SP_BENCH_RSS_FILE: file },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
    const code = await new Promise<number | null>((resolve, reject) => child.on("error", reject).on("close", resolve));
    const wallMs = performance.now() - start;
    if (code !== 0) throw new Error(`node ${args.join(" ")} exited with ${code}: ${stderr.trim()}`);
    const { maxRssKiB } = JSON.parse(readFileSync(file, "utf8")) as { maxRssKiB: number };
    return { wallMs, maxRssMiB: maxRssKiB / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const BLOCK = 512;

/** A tar header block: the entry's path (its ustar prefix joined), type and size; undefined for an end-of-archive block. */
function readHeader(block: Buffer): { name: string; type: string; size: number } | undefined {
  if (block.every((b) => b === 0)) return undefined;
  const text = (from: number, to: number) => block.toString("utf8", from, to).replace(/\0.*$/s, "");
  const prefix = text(345, 500);
  return { name: prefix ? `${prefix}/${text(0, 100)}` : text(0, 100), type: text(156, 157) || "0", size: parseInt(text(124, 136).trim() || "0", 8) };
}

/** Reads a tar stream chunk by chunk, keeping only the entry at one path (and pax headers, for long names). */
class TarExtractor {
  private pending: Buffer = Buffer.alloc(0); // bytes not read yet (at most a partial header, between chunks)
  private skip = 0; // bytes to pass over: an entry not kept, or padding
  private kept: { type: string; remaining: number; parts: Buffer[]; padding: number } | undefined;
  private paxPath: string | undefined;

  constructor(private readonly wanted: string) {}

  /** Takes the next chunk; the wanted file's bytes once it is complete. */
  push(chunk: Buffer): Buffer | undefined {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    for (;;) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, this.pending.length);
        [this.pending, this.skip] = [this.pending.subarray(n), this.skip - n];
        if (this.skip > 0) return undefined;
      } else if (this.kept) {
        const data = this.keep();
        if (data === undefined) return undefined;
        if (this.kept.type !== "x") return data;
        this.paxPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString("utf8"))?.[1];
        [this.skip, this.kept] = [this.kept.padding, undefined];
      } else if (this.pending.length < BLOCK) return undefined;
      else this.header();
    }
  }

  /** The kept entry's data from the pending bytes; its whole data once complete. */
  private keep(): Buffer | undefined {
    const kept = this.kept!;
    const n = Math.min(kept.remaining, this.pending.length);
    kept.parts.push(this.pending.subarray(0, n));
    [this.pending, kept.remaining] = [this.pending.subarray(n), kept.remaining - n];
    return kept.remaining > 0 ? undefined : Buffer.concat(kept.parts);
  }

  /** The next header: the entry it starts is kept (the wanted file, a pax header) or passed over. */
  private header(): void {
    const header = readHeader(this.pending.subarray(0, BLOCK));
    this.pending = this.pending.subarray(BLOCK);
    if (!header) return;
    const name = header.type !== "x" && this.paxPath !== undefined ? this.paxPath : header.name;
    if (header.type !== "x") this.paxPath = undefined;
    const padding = Math.ceil(header.size / BLOCK) * BLOCK - header.size;
    if (header.type === "x" || (header.type === "0" && name === this.wanted)) this.kept = { type: header.type, remaining: header.size, parts: [], padding };
    else this.skip = header.size + padding;
  }
}

/** The one file of a gzipped tarball (an npm package) whose path is `wanted`, as bytes; undefined when it has none. */
async function extractFromTarball(tarball: string, wanted: string): Promise<Buffer | undefined> {
  const extractor = new TarExtractor(wanted);
  for await (const chunk of createReadStream(tarball).pipe(createGunzip()) as AsyncIterable<Buffer>) {
    const file = extractor.push(chunk);
    if (file) return file;
  }
  return undefined;
}

/**
 * GitHub's REST description, from the npm package: `npm pack`ed into a temporary folder (npm's cache makes a second
 * run cheap), and the one file kept in the bench's cache, by package version. A failure (no network, no npm) is
 * returned as the reason, never thrown. `npm` is the command to run, for the tests.
 */
export async function fetchSpecFromNpm(
  packageSpec = OCTOKIT_PACKAGE,
  file = OCTOKIT_FILE,
  npm: string[] = ["npm"],
  cache = CACHE,
): Promise<{ path: string; version: string } | { skipped: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sp-bench-pack-"));
  try {
    let packed: Array<{ filename: string; version: string }>;
    try {
      const [command, ...args] = npm;
      const { stdout } = await run(command, [...args, "pack", packageSpec, "--json", "--prefer-offline", "--pack-destination", dir], {
        cwd: dir,
        maxBuffer: 64 * 2 ** 20,
        timeout: 300_000,
      });
      packed = JSON.parse(stdout.slice(stdout.indexOf("[")));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { skipped: `npm pack ${packageSpec} failed (no network or no npm?): ${message.split("\n").find((l) => l.trim()) ?? message}` };
    }
    const { filename, version } = packed[0];
    const target = path.join(cache, filename.replace(/\.tgz$/, ""), path.basename(file));
    if (!existsSync(target)) {
      const bytes = await extractFromTarball(path.join(dir, filename), file);
      if (!bytes) return { skipped: `${filename} has no ${file}` };
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(`${target}.partial`, bytes);
      renameSync(`${target}.partial`, target);
    }
    return { path: target, version };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One document's measurements: each contender's runs, round by round (round i of each ran back to back). */
interface DocumentRuns {
  label: string;
  ours: ChildRun[];
  openapiTypescript: ChildRun[];
}

/** A document's four rows: time and peak RSS, ours against openapi-typescript alone, with paired ratios. */
export function documentRows({ label, ours, openapiTypescript: base }: DocumentRuns): Row[] {
  const rows: Row[] = [];
  for (const [measure, unit, value] of [
    ["time", "s", (r: ChildRun) => r.wallMs / 1000],
    ["peak RSS", "MiB", (r: ChildRun) => r.maxRssMiB],
  ] as const) {
    const baseline = `openapi-typescript alone, ${label}: ${measure}`;
    const ratio = pairedRatio(ours.map(value), base.map(value));
    rows.push(
      { section: SECTION, name: baseline, value: median(base.map(value)), unit, note: "its CLI, in a child process" },
      {
        section: SECTION,
        name: `npm run generate, ${label}: ${measure}`,
        value: median(ours.map(value)),
        unit,
        baseline,
        ratio,
        maxRatio: MAX_RATIO,
        target: `<= ${MAX_RATIO}x openapi-typescript alone`,
        met: ratio <= MAX_RATIO,
        note: "node --import tsx scripts/generate.ts --spec <document>, in a child process",
      },
    );
  }
  return rows;
}

/** A document whose rows cannot be measured: one row saying why (and, when generate itself failed, a missed target). */
export const skippedRow = (label: string, reason: string, failed = false): Row => ({
  section: SECTION,
  name: `generate, ${label}`,
  value: Number.NaN,
  unit: "",
  skipped: reason,
  ...(failed ? { target: `<= ${MAX_RATIO}x openapi-typescript alone`, met: false } : {}),
});

/** Both contenders on one document, `rounds` interleaved rounds (who goes first alternates), after one warm-up each. */
async function measureDocument(spec: string, label: string, rounds: number, warmUp: boolean): Promise<Row[]> {
  const out = mkdtempSync(path.join(os.tmpdir(), "sp-bench-generate-"));
  const otsPackage = path.join(ROOT, "node_modules/openapi-typescript");
  const otsCli = path.join(otsPackage, (JSON.parse(readFileSync(path.join(otsPackage, "package.json"), "utf8")) as { bin: Record<string, string> }).bin["openapi-typescript"]);
  const contenders = {
    ours: () => measureChild(["--import", "tsx", path.join(ROOT, "scripts/generate.ts"), "--spec", spec, "--out", path.join(out, "generated")]),
    openapiTypescript: () => measureChild([otsCli, spec, "-o", path.join(out, "schema.d.ts")]),
  };
  try {
    if (warmUp) for (const contender of Object.values(contenders)) await contender();
    const runs: DocumentRuns = { label, ours: [], openapiTypescript: [] };
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? (["openapiTypescript", "ours"] as const) : (["ours", "openapiTypescript"] as const);
      for (const name of order) runs[name].push(await contenders[name]());
    }
    return documentRows(runs);
  } catch (error) {
    // A document a newer release of its package brings may be one the generator refuses: a missed target, not a crash.
    return [skippedRow(label, `a run failed: ${error instanceof Error ? error.message : String(error)}`, true)];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const operationCount = async (spec: string) => listOperations(await readSpec(spec)).length.toLocaleString("en-US");

export async function benchGeneration(options: { quick: boolean }): Promise<Row[]> {
  const rows: Row[] = [];
  const platformLabel = "the platform's document";
  if (existsSync(PLATFORM_SPEC)) {
    const label = `${platformLabel} (${await operationCount(PLATFORM_SPEC)} operations)`;
    rows.push(...(await measureDocument(PLATFORM_SPEC, label, options.quick ? 1 : 5, true)));
  } else {
    rows.push(skippedRow(platformLabel, `${path.relative(ROOT, PLATFORM_SPEC)} is not there (see docs/performance.md)`));
  }
  const githubLabel = `GitHub's REST description (${OCTOKIT_PACKAGE})`;
  const fetched = await fetchSpecFromNpm();
  if ("skipped" in fetched) rows.push(skippedRow(githubLabel, fetched.skipped));
  else {
    const label = `GitHub's REST description (${OCTOKIT_PACKAGE} ${fetched.version}, ${await operationCount(fetched.path)} operations)`;
    rows.push(...(await measureDocument(fetched.path, label, options.quick ? 1 : 3, false)));
  }
  return rows;
}
