/** A span of time in epoch milliseconds, start <= end. */
export type Interval = readonly [start: number, end: number];

/**
 * The union of intervals: overlapping or touching ones become one (someone who left and rejoined, or was in the
 * meeting on two devices at once, is counted once for the time they were there). Sorted by start.
 */
export function unionIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter(([start, end]) => end >= start).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const united: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = united[united.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else united.push([start, end]);
  }
  return united;
}

/** Milliseconds covered by at least one of the intervals. */
export function coveredMs(intervals: readonly Interval[]): number {
  return unionIntervals(intervals).reduce((sum, [start, end]) => sum + (end - start), 0);
}
