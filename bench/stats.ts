// Measurement helpers: medians over repeated runs, because the machine is shared and noisy.
import { performance } from "node:perf_hooks";

export function median(values: number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The median over rounds of `times[i] / baseline[i]`: each round's contenders ran back to back, so a round's ratio
 * cancels what slowed the whole round (a neighbour's job, a GC, the CPU's clock), which a ratio of two medians keeps.
 */
export function pairedRatio(times: number[], baseline: number[]): number {
  if (times.length !== baseline.length) throw new Error(`pairedRatio: ${times.length} rounds against ${baseline.length}`);
  return median(times.map((t, i) => t / baseline[i]));
}

/**
 * Times several contenders round-robin (A B C, A B C, ...) so that a noisy neighbour slows all of them alike,
 * and returns each contender's per-round times.
 */
export async function interleave<K extends string>(
  rounds: number,
  contenders: Record<K, () => Promise<void> | void>,
): Promise<Record<K, number[]>> {
  const names = Object.keys(contenders) as K[];
  const times = Object.fromEntries(names.map((n) => [n, [] as number[]])) as unknown as Record<K, number[]>;
  for (const name of names) await contenders[name](); // warm-up, not counted: let the JIT see every contender
  for (let round = 0; round < rounds; round++) {
    // Rotate who goes first, so that no contender always runs right after the same neighbour.
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      const start = performance.now();
      await contenders[name]();
      times[name].push(performance.now() - start);
    }
  }
  return times;
}
