import { coveredMs, Interval } from './intervals';
import type { ParticipantRow } from './read-participants';

/** What one person's rows add up to. */
export interface MergedAttendance {
  /** Whole minutes, to the nearest minute. */
  minutes: number;
  firstAt: Date | null;
  lastAt: Date | null;
}

/**
 * Merges one person's rows (open ends already closed). Sessions with their times are united, not added: a person
 * who leaves and rejoins, or is in the meeting on two devices at once, counts the time they were there once; a
 * session given only by its length is added to that. A file that gives only a total per person (Tencent's 累计参会时长,
 * Zoom's unique users) is taken at its word, the largest when the person has two rows.
 */
export function mergeRows(rows: readonly ParticipantRow[]): MergedAttendance {
  const sessions: Interval[] = [];
  let loose = 0;
  let total: number | undefined;
  let first = Infinity;
  let last = -Infinity;
  for (const row of rows) {
    const end = typeof row.end === 'number' ? row.end : undefined;
    if (row.start !== undefined) first = Math.min(first, row.start);
    if (end !== undefined) last = Math.max(last, end);
    if (row.total) total = Math.max(total ?? 0, row.seconds ?? 0);
    else if (row.start !== undefined && end !== undefined) sessions.push([row.start, end]);
    else loose += row.seconds ?? 0;
  }
  const seconds = sessions.length > 0 ? coveredMs(sessions) / 1000 + loose : (total ?? loose);
  // A total row's last leave can precede a session's join only in a damaged file; keep first <= last anyway.
  if (Number.isFinite(first) && Number.isFinite(last) && first > last) [first, last] = [last, first];
  return {
    minutes: Math.round(seconds / 60),
    firstAt: Number.isFinite(first) ? new Date(first) : null,
    lastAt: Number.isFinite(last) ? new Date(last) : null,
  };
}
