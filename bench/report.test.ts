// The arithmetic every benchmark row relies on: medians, ratios against the baseline, and target verdicts.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { renderTable, withRatio, type Row } from "./report";
import { interleave, median } from "./stats";

const row = (name: string, value: number, extra: Partial<Row> = {}): Row => ({ section: "s", name, value, unit: "ms", ...extra });

describe("bench arithmetic", () => {
  it("takes the median of odd and even counts, unmoved by one outlier", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([10, 11, 12, 13, 900])).toBe(12);
    expect(() => median([])).toThrow("median of no values");
  });

  it("divides by the baseline, inverts throughputs, and judges maxRatio", () => {
    const times = withRatio([row("base", 100), row("fast", 105, { baseline: "base", maxRatio: 1.1 }), row("slow", 120, { baseline: "base", maxRatio: 1.1 })]);
    expect(times.map((r) => [r.name, r.ratio, r.met])).toEqual([
      ["base", undefined, undefined],
      ["fast", 1.05, true],
      ["slow", 1.2, false],
    ]);
    const rates = withRatio([row("base", 1000), row("faster", 2000, { baseline: "base" })], true);
    expect(rates[1].ratio).toBe(0.5);
    expect(() => withRatio([row("orphan", 1, { baseline: "missing" })])).toThrow("no baseline missing for orphan");
  });

  it("marks baselines and missed targets in the table", () => {
    const table = renderTable(withRatio([row("base", 100), row("ours", 150, { baseline: "base", target: "<= 1.10x", maxRatio: 1.1 })]));
    expect(table).toMatch(/base\s+100 ms\s+\(baseline\)/);
    expect(table).toMatch(/ours\s+150 ms\s+1\.50x base\s+<= 1\.10x\s+MISSED/);
  });

  it("runs every contender in every round, first in turn", async () => {
    const order: string[] = [];
    const times = await interleave(2, { a: () => void order.push("a"), b: () => void order.push("b") });
    expect(order).toEqual(["a", "b", "a", "b", "b", "a"]); // warm-up, round 1, round 2 (rotated)
    expect(times.a).toHaveLength(2);
  });

  it("refuses an unknown argument with a usage message", async () => {
    const tsx = path.resolve(__dirname, "../node_modules/.bin/tsx");
    const error = await promisify(execFile)(tsx, [path.join(__dirname, "run.ts"), "--only", "nope"]).catch((e) => e);
    expect(error.code).toBe(2);
    expect(error.stderr.trim()).toBe(
      'bench: --only takes a comma-separated list of request-overhead, validation, pagination, contract-run, cold-start; got "nope"',
    );
  });
});
