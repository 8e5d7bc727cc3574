// A benchmark result row and how rows are printed: each measured value beside its baseline from the same run.
export interface Row {
  section: string;
  name: string;
  /** median value of the measurement */
  value: number;
  unit: string;
  /** name of the row in the same section this one is compared with; absent on a baseline */
  baseline?: string;
  /** time ratio against the baseline: above 1 is slower (or bigger) than the baseline */
  ratio?: number;
  /** the target as a largest allowed ratio, where the target is one */
  maxRatio?: number;
  /** the target, in words, and whether it was met */
  target?: string;
  met?: boolean;
  note?: string;
}

/** Fills in each row's ratio to its baseline (a throughput is inverted, so that above 1 always means worse). */
export function withRatio(rows: Row[], higherIsBetter = false): Row[] {
  const byName = new Map(rows.map((r) => [r.name, r]));
  return rows.map((row) => {
    if (!row.baseline) return row;
    const base = byName.get(row.baseline);
    if (!base) throw new Error(`no baseline ${row.baseline} for ${row.name}`);
    const ratio = higherIsBetter ? base.value / row.value : row.value / base.value;
    const met = row.maxRatio === undefined ? row.met : ratio <= row.maxRatio;
    return { ...row, ratio, met };
  });
}

/** A baseline is named in full on its own row; beside a ratio its first words are enough. */
const shorten = (name: string) => (name.length > 34 ? `${name.slice(0, 33)}…` : name);

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

export function renderTable(rows: Row[]): string {
  const baselines = new Set(rows.map((r) => r.baseline).filter(Boolean));
  const header = ["section", "measurement", "median", "vs baseline", "target", ""];
  const lines = rows.map((r) => [
    r.section,
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    r.ratio !== undefined ? `${r.ratio.toFixed(2)}x ${shorten(r.baseline!)}` : baselines.has(r.name) ? "(baseline)" : "",
    r.target ?? "",
    r.met === undefined ? "" : r.met ? "met" : "MISSED",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [row(header), row(widths.map((w) => "-".repeat(w))), ...lines.map(row)].join("\n");
}
