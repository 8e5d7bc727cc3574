// Pagination: iterateSamples against a hand-written fetch loop over the same collection with server latency, and
// the peak memory of a whole walk as the collection grows (each size in a fresh process).
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildSync } from "esbuild";
import { promisify } from "node:util";
import { createSamplePlatformClient } from "../src/index";
import { handWrittenLoop } from "./hand-written-loop";
import { startLoopbackServer } from "./loopback-server";
import { interleave, median } from "./stats";
import { withRatio, type Row } from "./report";

const SECTION = "pagination";
const TOKEN = "bench-token";
const PAGE = 100;
const run = promisify(execFile);

/** The child, bundled to plain JavaScript once, so that no TypeScript loader sits in the measured process. */
function bundleChild(): string {
  const outfile = path.join(mkdtempSync(path.join(os.tmpdir(), "sp-bench-")), "pagination-child.cjs");
  buildSync({ entryPoints: [path.join(__dirname, "pagination-child.ts")], outfile, bundle: true, platform: "node", format: "cjs", logLevel: "error" });
  return outfile;
}

type Walker = "iterateSamples" | "loop";

async function walkInFreshProcess(child: string, walker: Walker, total: number): Promise<{ peakRssKiB: number; retainedHeapKiB: number }> {
  const server = await startLoopbackServer({ total });
  try {
    const { stdout } = await run(process.execPath, ["--expose-gc", child], {
      env: { ...process.env, BENCH_BASE_URL: server.baseUrl, BENCH_EXPECTED: String(total), BENCH_LIMIT: String(PAGE), BENCH_WALKER: walker },
    });
    return JSON.parse(stdout);
  } finally {
    await server.close();
  }
}

export async function benchPagination(options: { quick: boolean }): Promise<Row[]> {
  const total = options.quick ? 1000 : 10_000;
  const latencyMs = 20;
  const server = await startLoopbackServer({ total, latencyMs });
  const rows: Row[] = [];
  try {
    const client = createSamplePlatformClient({ baseUrl: server.baseUrl, token: TOKEN });
    const times = await interleave(options.quick ? 1 : 3, {
      "hand-written fetch loop": async () => {
        if ((await handWrittenLoop(server.baseUrl, PAGE)) !== total) throw new Error("loop missed samples");
      },
      iterateSamples: async () => {
        let count = 0;
        for await (const _sample of client.iterateSamples({ limit: PAGE })) count++;
        if (count !== total) throw new Error("iterateSamples missed samples");
      },
    });
    const label = `${total} samples, ${total / PAGE} pages, ${latencyMs} ms latency`;
    rows.push(
      ...withRatio(
        Object.entries(times).map(([name, t]): Row => ({
          section: SECTION,
          name: `${name} (${label})`,
          value: median(t),
          unit: "ms",
          baseline: name === "hand-written fetch loop" ? undefined : `hand-written fetch loop (${label})`,
          ...(name === "iterateSamples" ? { target: "no slower (<= 1.05x)", maxRatio: 1.05 } : {}),
        })),
      ),
    );
  } finally {
    await server.close();
  }
  // Peak RSS at the sizes the issue names; what a walk keeps (heap after GC) also at a size 5x past the last, since
  // between 1k and 100k the heap also gains the JIT's optimised code, which stops growing once the code is warm.
  const sizes = options.quick ? [1000, 10_000] : [1000, 10_000, 100_000];
  const flatFrom = sizes[sizes.length - 1];
  const flatTo = flatFrom * 5;
  const child = bundleChild();
  const repeats = options.quick ? 1 : 3;
  const walk = async (walker: Walker, size: number) => {
    const walks = [];
    for (let i = 0; i < repeats; i++) walks.push(await walkInFreshProcess(child, walker, size));
    return { rssMiB: median(walks.map((w) => w.peakRssKiB)) / 1024, heapMiB: median(walks.map((w) => w.retainedHeapKiB)) / 1024 };
  };
  const rss: Row[] = [];
  const retained: Row[] = [];
  const heapAt = new Map<number, number>();
  for (const size of [...sizes, flatTo]) {
    const loop = await walk("loop", size);
    const ours = await walk("iterateSamples", size);
    heapAt.set(size, ours.heapMiB);
    if (size !== flatTo) {
      rss.push({
        section: SECTION,
        name: `iterateSamples peak RSS, ${size} samples`,
        value: ours.rssMiB,
        unit: "MiB",
        baseline: size === sizes[0] ? undefined : `iterateSamples peak RSS, ${sizes[0]} samples`,
        note: "includes garbage not yet collected: V8 lets the heap grow with the work",
      });
    }
    const loopName = `heap after GC, hand-written loop, ${size} samples`;
    const row: Row = { section: SECTION, name: `heap after GC, iterateSamples, ${size} samples`, value: ours.heapMiB, unit: "MiB", baseline: loopName };
    if (size === flatTo) {
      // Flat: walking 5x more samples (4x more pages) keeps at most 128 bytes more a page, i.e. nothing per sample.
      const growthMiB = ours.heapMiB - heapAt.get(flatFrom)!;
      const pages = (flatTo - flatFrom) / PAGE;
      row.target = `flat from ${flatFrom}: +${growthMiB.toFixed(2)} MiB over ${pages} more pages (<= 128 B a page)`;
      row.met = (growthMiB * 2 ** 20) / pages <= 128;
    }
    retained.push({ section: SECTION, name: loopName, value: loop.heapMiB, unit: "MiB" }, row);
  }
  return [...rows, ...withRatio(rss), ...withRatio(retained)];
}
