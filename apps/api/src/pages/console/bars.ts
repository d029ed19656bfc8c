/** One bar of a chart drawn with CSS (no script): its label, value and length (percent of the largest). */
export interface Bar {
  label: string;
  value: number;
  percent: number;
}

/** Bars for a server-drawn chart, largest first as given; empty rows left out. */
export function barsOf<T>(rows: T[], label: (row: T) => string, value: (row: T) => number): Bar[] {
  const kept = rows.filter((row) => value(row) > 0);
  const max = Math.max(1, ...kept.map(value));
  return kept.map((row) => ({
    label: label(row),
    value: value(row),
    percent: Math.round((value(row) / max) * 1000) / 10,
  }));
}
