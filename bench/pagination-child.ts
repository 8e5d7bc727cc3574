// Walks a whole collection, keeping nothing, with iterateSamples (BENCH_WALKER=iterateSamples) or a hand-written
// fetch loop (BENCH_WALKER=loop), and prints the process's peak RSS and the heap still in use after a full GC
// (needs --expose-gc), in KiB.
import { createSamplePlatformClient } from "../src/index";
import { handWrittenLoop } from "./hand-written-loop";

async function main() {
  const baseUrl = process.env.BENCH_BASE_URL!;
  const limit = Number(process.env.BENCH_LIMIT);
  let count = 0;
  if (process.env.BENCH_WALKER === "loop") {
    count = await handWrittenLoop(baseUrl, limit);
  } else {
    const client = createSamplePlatformClient({ baseUrl, token: "bench-token" });
    for await (const _sample of client.iterateSamples({ limit })) count++;
  }
  if (count !== Number(process.env.BENCH_EXPECTED)) throw new Error(`walked ${count} samples`);
  // Several collections, a turn of the event loop apart, so that finalizers run and only live objects remain.
  for (let i = 0; i < 4; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const retained = process.memoryUsage().heapUsed / 1024;
  process.stdout.write(JSON.stringify({ peakRssKiB: process.resourceUsage().maxRSS, retainedHeapKiB: retained }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
