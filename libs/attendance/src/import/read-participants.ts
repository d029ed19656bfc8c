import { DomainError, ErrorCode, type Sheet } from '@tongxin/common';
import { Field, FORMATS_TRIED, Header, headerKey, headerOf, ImportFormat } from './headers';
import { parseDuration, parseTime } from './times';

/** How far down a sheet the header is looked for (Tencent's is row 9, Zoom's with meeting data row 4). */
export const HEADER_SEARCH_ROWS = 30;

/** Where a row is, as the spreadsheet shows it. */
export interface RowRef {
  /** The sheet's tab name; "" for a CSV. */
  sheet: string;
  row: number;
}

/** One participant row as read: times as instants; an open end (`--`) still to be resolved. */
export interface ParticipantRow extends RowRef {
  name: string;
  email: string;
  phone: string;
  start?: number;
  end?: number | 'open';
  /** The platform's total for the person when `total`, else a session's length given without its times. */
  seconds?: number;
  total: boolean;
}

export interface RejectedRow extends RowRef {
  name: string;
  message: string;
}

export interface ParticipantTable {
  format: ImportFormat;
  rows: ParticipantRow[];
  rejected: RejectedRow[];
}

/** Tencent's 身份 of the people who run the meeting. */
const HOSTS = /^(主持人|联席主持人|host|co-?host)$/i;

/**
 * The participant rows of the sheets read. In each sheet the header is the first of its first 30 rows that names a
 * person and a time or duration (so title, meeting-id and meeting-info lines above it are passed over); a later row
 * that is a header again starts a new table (Zoom webinar sections). Not participants: rows under a `Host Details`
 * or `Panelist Details` line, webinar no-shows (`Attended: No`), and Tencent's hosts (身份 主持人 or 联席主持人,
 * given in 成员参会概况 only: their rows in the other sheets go too). Throws 400 VALIDATION_FAILED naming the formats
 * tried when no sheet has a header.
 */
export function readParticipants(sheets: readonly Sheet[], zone: string): ParticipantTable {
  let format: ImportFormat | undefined;
  const rows: ParticipantRow[] = [];
  const rejected: RejectedRow[] = [];
  const hosts = new Set<string>();
  for (const sheet of sheets) {
    let header: Header | undefined;
    let skipped = false;
    sheet.rows.forEach((cells, index) => {
      const ref = { sheet: sheet.name, row: sheet.rowNumbers[index] ?? index + 1 };
      const section = sectionOf(cells);
      if (section !== undefined) {
        skipped = /^(host|panelist)/.test(section);
        return;
      }
      const found = header || ref.row <= HEADER_SEARCH_ROWS ? headerOf(cells) : undefined;
      if (found) {
        header = found;
        format ??= found.format;
        return;
      }
      if (!header || skipped) return;
      const role = header.columns.role === undefined ? '' : (cells[header.columns.role] ?? '');
      if (HOSTS.test(role.trim())) {
        hosts.add((cells[header.columns.name!] ?? '').trim());
        return;
      }
      const read = readRow(cells, header, ref, zone);
      if (read && 'message' in read) rejected.push(read);
      else if (read) rows.push(read);
    });
  }
  if (!format) {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      `No participant header found in the first ${HEADER_SEARCH_ROWS} rows. Expected ${FORMATS_TRIED}`,
    );
  }
  const isHost = (row: { name: string }) => hosts.has(row.name);
  return { format, rows: rows.filter((r) => !isHost(r)), rejected: rejected.filter((r) => !isHost(r)) };
}

/** A Zoom report's section line (`Attendee Details,`): its key, or undefined for any other row. */
function sectionOf(cells: readonly string[]): string | undefined {
  const filled = cells.filter((cell) => cell !== '');
  if (filled.length !== 1) return undefined;
  const key = headerKey(filled[0]!);
  return key.endsWith('details') ? key : undefined;
}

function readRow(
  cells: readonly string[],
  header: Header,
  ref: RowRef,
  zone: string,
): ParticipantRow | RejectedRow | undefined {
  const get = (field: Field) => {
    const at = header.columns[field];
    return at === undefined ? '' : (cells[at] ?? '').trim();
  };
  const name = get('name');
  if (!name) return undefined;
  if (/^(no|否|false)$/i.test(get('attended'))) return undefined;
  const reject = (message: string): RejectedRow => ({ ...ref, name, message });

  const times: Partial<Record<'join' | 'leave' | 'firstJoin' | 'lastLeave', number | 'open'>> = {};
  for (const field of ['join', 'leave', 'firstJoin', 'lastLeave'] as const) {
    const text = get(field);
    const parsed = parseTime(text, zone);
    if ('invalid' in parsed) return reject(`"${text}" is not a time (e.g. 2026-03-14 14:00:00, 03/14/2026 02:00 PM)`);
    if ('at' in parsed) times[field] = parsed.at;
    else if ('open' in parsed) times[field] = 'open';
  }
  const durations: Partial<Record<Field, number>> = {};
  for (const [field, unit] of [
    ['sessionClock', 'clock'],
    ['sessionMinutes', 'minutes'],
    ['totalClock', 'clock'],
    ['totalMinutes', 'minutes'],
  ] as const) {
    const text = get(field);
    const seconds = parseDuration(text, unit);
    if (seconds === null) return reject(`"${text}" is not a duration (e.g. 1:23:45 or 83)`);
    if (seconds !== undefined) durations[field] = seconds;
  }

  const start = times.join ?? times.firstJoin;
  const end = times.leave ?? times.lastLeave;
  if (start === 'open') return reject('the join time is "--"');
  const total = durations.totalClock ?? durations.totalMinutes;
  const session = durations.sessionClock ?? durations.sessionMinutes;
  const row: ParticipantRow = { ...ref, name, email: get('email'), phone: get('phone'), start, end, total: false };
  if (total !== undefined) return { ...row, seconds: total, total: true };
  if (start !== undefined && end === undefined && session !== undefined) return { ...row, end: start + session * 1000 };
  if (start !== undefined && end !== undefined) {
    return typeof end === 'number' && end < start ? reject('the leave time is before the join time') : row;
  }
  if (session !== undefined) return { ...row, start: undefined, end: undefined, seconds: session };
  return reject('the row has neither a join and leave time nor a duration');
}

/**
 * Gives every open end (`--`: still in the meeting when the file was exported) a time: the event's end when the
 * person joined before it, else the latest time the file holds.
 */
export function closeOpenEnds(rows: ParticipantRow[], eventEnd: number): void {
  let latest = -Infinity;
  for (const row of rows) {
    for (const t of [row.start, row.end]) if (typeof t === 'number' && t > latest) latest = t;
  }
  for (const row of rows) {
    if (row.end !== 'open') continue;
    if (row.start === undefined) row.end = undefined;
    else row.end = row.start < eventEnd ? eventEnd : Math.max(latest, row.start);
  }
}
