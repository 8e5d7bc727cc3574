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
  /** why the row could not be measured this run (no network, say): its value is then not a number */
  skipped?: string;
}

/**
 * Fills in each row's ratio to its baseline, unless the row carries one (a throughput is inverted, so that above 1
 * always means worse).
 */
export function withRatio(rows: Row[], higherIsBetter = false): Row[] {
  const byName = new Map(rows.map((r) => [r.name, r]));
  return rows.map((row) => {
    if (!row.baseline) return row;
    const base = byName.get(row.baseline);
    if (!base) throw new Error(`no baseline ${row.baseline} for ${row.name}`);
    // A ratio measured round by round (pairedRatio) is kept; otherwise it is the ratio of the two medians.
    const ratio = row.ratio ?? (higherIsBetter ? base.value / row.value : row.value / base.value);
    const met = row.maxRatio === undefined ? row.met : ratio <= row.maxRatio;
    return { ...row, ratio, met };
  });
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** The columns the table must fit in: a terminal of 100 columns. */
const TABLE_WIDTH = 100;

/** `text` in lines of at most `width` characters, broken at spaces (a longer word is cut). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (let word of text.split(" ")) {
    while (word.length > width) {
      if (current) lines.push(current);
      lines.push(word.slice(0, width));
      word = word.slice(width);
      current = "";
    }
    if (!current) current = word;
    else if (current.length + 1 + word.length <= width) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  lines.push(current);
  return lines;
}

/**
 * The rows as a table of at most `width` columns: a heading line per section, rows numbered so that a ratio names its
 * baseline by number ("1.80x #1"), long measurement names wrapped, and a row's target, with its verdict, on a line of
 * its own below it.
 */
export function renderTable(rows: Row[], width = TABLE_WIDTH): string {
  const baselines = new Set(rows.map((r) => r.baseline).filter(Boolean));
  const number = new Map(rows.map((r, i) => [r.name, i + 1]));
  const cells = rows.map((r) => ({
    n: String(number.get(r.name)),
    median: r.skipped === undefined ? `${fmt(r.value)} ${r.unit}` : "skipped",
    ratio: r.ratio !== undefined ? `${r.ratio.toFixed(r.ratio < 0.1 ? 3 : 2)}x #${number.get(r.baseline!)}` : baselines.has(r.name) ? "(baseline)" : "",
  }));
  const header = { n: "#", name: "measurement", median: "median", ratio: "vs baseline" };
  const nWidth = Math.max(header.n.length, ...cells.map((c) => c.n.length));
  const medianWidth = Math.max(header.median.length, ...cells.map((c) => c.median.length));
  const ratioWidth = Math.max(header.ratio.length, ...cells.map((c) => c.ratio.length));
  const fixed = nWidth + medianWidth + ratioWidth + 3 * 2;
  const nameWidth = Math.min(Math.max(header.name.length, ...rows.map((r) => r.name.length)), width - fixed);
  const line = (n: string, name: string, median: string, ratio: string) =>
    `${n.padStart(nWidth)}  ${name.padEnd(nameWidth)}  ${median.padEnd(medianWidth)}  ${ratio}`.trimEnd();
  const indent = " ".repeat(nWidth + 2);
  const out = [
    line(header.n, header.name, header.median, header.ratio),
    line("-".repeat(nWidth), "-".repeat(nameWidth), "-".repeat(medianWidth), "-".repeat(ratioWidth)),
  ];
  let section: string | undefined;
  rows.forEach((r, i) => {
    if (r.section !== section) out.push(`${(section = r.section)}:`);
    const [first, ...rest] = wrap(r.name, nameWidth);
    out.push(line(cells[i].n, first, cells[i].median, cells[i].ratio), ...rest.map((more) => `${indent}${more}`));
    if (r.skipped !== undefined) for (const text of wrap(`skipped: ${r.skipped}`, width - indent.length - 2)) out.push(`${indent}  ${text}`);
    if (r.target !== undefined || r.met !== undefined) {
      const verdict = r.met === undefined ? "" : r.met ? ": met" : ": MISSED";
      for (const text of wrap(`target ${r.target ?? "(none)"}${verdict}`, width - indent.length - 2)) out.push(`${indent}  ${text}`);
    }
  });
  return out.join("\n");
}
