// The arithmetic every benchmark row relies on: medians, ratios against the baseline, and target verdicts.
import { capturedOutput } from "../scripts/command-output";
import { renderTable, withRatio, type Row } from "./report";
import results from "./results.json";
import { main } from "./run";
import { interleave, median, pairedRatio } from "./stats";

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

  it("marks baselines, names them by row number beside a ratio, and gives each target its verdict", () => {
    const table = renderTable(
      withRatio([row("base", 100), row("ours", 150, { baseline: "base", target: "<= 1.10x", maxRatio: 1.1 }), row("fine", 105, { baseline: "base", target: "<= 1.10x", maxRatio: 1.1 })]),
    );
    expect(table.split("\n").slice(2)).toEqual([
      "s:",
      "1  base         100 ms  (baseline)",
      "2  ours         150 ms  1.50x #1",
      "     target <= 1.10x: MISSED",
      "3  fine         105 ms  1.05x #1",
      "     target <= 1.10x: met",
    ]);
  });

  it("prints the rows of bench/results.json in at most 100 columns, losing no word of a name or a target", () => {
    const rows = results.rows as Row[];
    const widest = Math.max(...rows.map((r) => r.section.length + r.name.length + (r.target ?? "").length));
    expect(widest).toBeGreaterThan(100); // in one line each, as before, they would not fit
    const table = renderTable(rows);
    expect(table.split("\n").filter((line) => line.length > 100)).toEqual([]);
    // Read the measurement column back, wrapped lines and all: each row's name is there in full.
    const lines = table.split("\n");
    const [numberRule, nameRule] = lines[1].split("  ");
    const column = (line: string) => line.slice(numberRule.length + 2, numberRule.length + 2 + nameRule.length).trim();
    rows.forEach((r, i) => {
      let at = lines.findIndex((line) => line.startsWith(`${String(i + 1).padStart(numberRule.length)}  `));
      const parts = [column(lines[at])];
      while (lines[++at]?.startsWith(" ".repeat(numberRule.length + 2)) && lines[at][numberRule.length + 2] !== " ") parts.push(column(lines[at]));
      expect(parts.join(" ")).toBe(r.name);
      if (r.target) expect(lines[at]).toBe(`${" ".repeat(numberRule.length + 4)}target ${r.target}: ${r.met ? "met" : "MISSED"}`);
    });
    expect(table.split("\n").filter((l) => /^[a-z].*:$/.test(l))).toEqual([...new Set(rows.map((r) => `${r.section}:`))]);
  });

  it("wraps a long name under its own column, and cuts a word longer than the column", () => {
    const target = "no more than twice the baseline, measured cold";
    const table = renderTable([row("a name of several words that cannot fit", 1), row("x".repeat(30), 2, { target })], 40);
    expect(table.split("\n")).toEqual([
      "#  measurement      median   vs baseline",
      "-  ---------------  -------  -----------",
      "s:",
      "1  a name of        1.00 ms",
      "   several words",
      "   that cannot fit",
      "2  xxxxxxxxxxxxxxx  2.00 ms",
      "   xxxxxxxxxxxxxxx",
      "     target no more than twice the",
      "     baseline, measured cold",
    ]);
  });

  it("runs every contender in every round, first in turn", async () => {
    const order: string[] = [];
    const times = await interleave(2, { a: () => void order.push("a"), b: () => void order.push("b") });
    expect(order).toEqual(["a", "b", "a", "b", "b", "a"]); // warm-up, round 1, round 2 (rotated)
    expect(times.a).toHaveLength(2);
  });

  it("pairs ratios round by round: a round that was slow for everyone does not move the ratio", () => {
    // Round 2 ran while the machine was busy: every contender took twice as long. The ratio of the medians is 1.5, the
    // paired one stays at 1.1.
    expect(pairedRatio([110, 220, 110], [100, 200, 100])).toBeCloseTo(1.1);
    expect(median([110, 220, 220]) / median([100, 100, 200])).toBeCloseTo(2.2);
    expect(() => pairedRatio([1, 2], [1])).toThrow("pairedRatio: 2 rounds against 1");
  });

  it("keeps a ratio a row already carries (a paired one) and judges its target by it", () => {
    const rows = withRatio([
      { section: "s", name: "base", value: 100, unit: "µs" },
      { section: "s", name: "paired", value: 130, unit: "µs", baseline: "base", ratio: 1.2, maxRatio: 1.25 },
    ]);
    expect(rows[1]).toMatchObject({ ratio: 1.2, met: true });
  });

  it("refuses an unknown section with a usage message", async () => {
    const { output, printed } = capturedOutput();
    expect(await main(["--only", "nope"], output)).toBe(2);
    expect(printed).toEqual({
      stdout: "",
      stderr: 'bench: --only takes a comma-separated list of request-overhead, validation, pagination, contract-run, cold-start, profile, generation; got "nope"\n',
    });
  });
});
