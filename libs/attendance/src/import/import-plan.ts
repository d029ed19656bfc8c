import { normalizeEmail, normalizeName } from '@tongxin/common';
import { normalizeMainlandMobile } from '@tongxin/registrations';
import type { ImportFormat } from './headers';
import type { ImportedAttendance, UnregisteredParticipantRow } from './attendance-import.queries';
import { addTo, type Candidate, type MatchOutcome, type RegistrationMatcher } from './matcher';
import { mergeRows } from './merge';
import type { ParticipantRow, ParticipantTable, RejectedRow, RowRef } from './read-participants';

/** A participant as the report names them: where they first appear and the name shown there. */
export interface ReportedRow {
  /** The sheet's tab name, for a workbook. */
  sheet?: string;
  row: number;
  name: string;
}

export interface AttendanceImportReport {
  dryRun: boolean;
  format: ImportFormat;
  /** Participant rows read (a person with several sessions has several). */
  rows: number;
  /** Registrations found in the file. */
  matched: number;
  /** Of those, how many reach the event's attendedMinMinutes. */
  attended: number;
  belowThreshold: number;
  attendedMinMinutes: number;
  /** People who match no registration: kept as unregistered participants of the event. */
  unmatched: ReportedRow[];
  /** People whose name several registrations bear: reported, not written. */
  ambiguous: (ReportedRow & { candidates: { id: string; name: string; organization: string }[] })[];
  /** Unregistered participants the import keeps (or would keep). */
  unregistered: number;
  /** Rows that could not be read (a time or duration that is not one), with why. */
  rejected: (ReportedRow & { message: string })[];
}

export interface ImportPlan {
  report: Omit<AttendanceImportReport, 'dryRun'>;
  attendance: ImportedAttendance[];
  unregistered: UnregisteredParticipantRow[];
}

/**
 * Decides what an import does: each row matched to a registration (or not), each person's rows merged, the
 * threshold applied. Matched rows group by registration; the others by their normalized name, which is the key
 * unregistered participants are kept by.
 */
export function planImport(table: ParticipantTable, matcher: RegistrationMatcher, minMinutes: number): ImportPlan {
  const matched = new Map<string, ParticipantRow[]>();
  const ambiguous = new Map<string, { rows: ParticipantRow[]; candidates: Candidate[] }>();
  const unmatched = new Map<string, ParticipantRow[]>();
  const seen = new Map<string, MatchOutcome>();
  for (const row of table.rows) {
    const identity = `${row.name}\u0000${row.email}\u0000${row.phone}`;
    const outcome = seen.get(identity) ?? matcher.match(row);
    seen.set(identity, outcome);
    if ('registration' in outcome) addTo(matched, outcome.registration.id, row);
    else if ('ambiguous' in outcome) {
      const key = normalizeName(row.name);
      const entry = ambiguous.get(key) ?? { rows: [], candidates: outcome.ambiguous };
      entry.rows.push(row);
      ambiguous.set(key, entry);
    } else addTo(unmatched, normalizeName(row.name), row);
  }

  const attendance = [...matched].map(([registrationId, rows]) => ({ registrationId, ...mergeRows(rows) }));
  const attended = attendance.filter((a) => a.minutes >= minMinutes).length;
  const unregistered = [...unmatched].map(([nameNormalized, rows]) => {
    const { minutes, firstAt, lastAt } = mergeRows(rows);
    const email = rows.find((r) => r.email)?.email;
    const phone = rows.find((r) => r.phone)?.phone;
    return {
      name: rows[0]!.name.slice(0, 200),
      nameNormalized,
      email: email ? normalizeEmail(email) : null,
      phone: phone ? (normalizeMainlandMobile(phone) ?? phone) : null,
      minutes,
      firstAt,
      lastAt,
    };
  });
  return {
    report: {
      format: table.format,
      rows: table.rows.length + table.rejected.length,
      matched: attendance.length,
      attended,
      belowThreshold: attendance.length - attended,
      attendedMinMinutes: minMinutes,
      unmatched: [...unmatched.values()].map((rows) => reported(rows[0]!)),
      ambiguous: [...ambiguous.values()].map(({ rows, candidates }) => ({
        ...reported(rows[0]!),
        candidates: candidates.map((c) => ({ id: c.id, name: c.name, organization: c.organization })),
      })),
      unregistered: unregistered.length,
      rejected: table.rejected.map((r: RejectedRow) => ({ ...reported(r), message: r.message })),
    },
    attendance,
    unregistered,
  };
}

function reported(row: RowRef & { name: string }): ReportedRow {
  return row.sheet ? { sheet: row.sheet, row: row.row, name: row.name } : { row: row.row, name: row.name };
}
