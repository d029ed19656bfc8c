import type { EntityManager } from 'typeorm';
import type { Candidate } from './matcher';

/*
 * The statements of the meeting-export import: what it reads of the event's registrations, and its writes to
 * attendance (only the imported_* columns: check-ins and joins belong to the door) and unregistered_participant.
 * Both writes are one INSERT ... SELECT FROM unnest(...) each, whatever the number of people, and leave a row that
 * already holds the file's values untouched (updated_at included), so importing the same file twice changes nothing.
 */

export interface ImportedAttendance {
  registrationId: string;
  minutes: number;
  firstAt: Date | null;
  lastAt: Date | null;
}

export interface UnregisteredParticipantRow {
  name: string;
  nameNormalized: string;
  email: string | null;
  phone: string | null;
  minutes: number;
  firstAt: Date | null;
  lastAt: Date | null;
}

export type ParticipantSource = 'tencent' | 'zoom' | 'table';

/** The registrations a participant may be: everyone registered for the event and not cancelled or rejected. */
export async function matchCandidates(db: EntityManager, eventId: string): Promise<Candidate[]> {
  return (await db.query(
    `SELECT r.id, r.name, r.email_normalized AS email, r.phone, r.organization_id AS "organizationId",
            o.name AS organization
       FROM registration r JOIN organization o ON o.id = r.organization_id
      WHERE r.event_id = $1 AND r.status NOT IN ('cancelled', 'rejected')
      ORDER BY r.created_at, r.id`,
    [eventId],
  )) as Candidate[];
}

/** Sets the imported minutes, first join and last leave of each registration to the file's; returns rows changed. */
export async function writeImportedAttendance(
  db: EntityManager,
  eventId: string,
  rows: readonly ImportedAttendance[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const changed = (await db.query(
    `INSERT INTO attendance (registration_id, event_id, imported_minutes, imported_first_at, imported_last_at)
     SELECT u.id, r.event_id, u.minutes, u.first_at, u.last_at
       FROM unnest($2::uuid[], $3::int[], $4::timestamptz[], $5::timestamptz[]) AS u(id, minutes, first_at, last_at)
       JOIN registration r ON r.id = u.id AND r.event_id = $1
     ON CONFLICT (registration_id) DO UPDATE
        SET imported_minutes = EXCLUDED.imported_minutes,
            imported_first_at = EXCLUDED.imported_first_at,
            imported_last_at = EXCLUDED.imported_last_at,
            updated_at = now()
      WHERE (attendance.imported_minutes, attendance.imported_first_at, attendance.imported_last_at)
            IS DISTINCT FROM (EXCLUDED.imported_minutes, EXCLUDED.imported_first_at, EXCLUDED.imported_last_at)
     RETURNING 1`,
    [
      eventId,
      rows.map((r) => r.registrationId),
      rows.map((r) => r.minutes),
      rows.map((r) => r.firstAt),
      rows.map((r) => r.lastAt),
    ],
  )) as unknown[];
  return changed.length;
}

/** Keeps the people who match no registration, one row per (event, normalized name); returns rows changed. */
export async function writeUnregisteredParticipants(
  db: EntityManager,
  eventId: string,
  source: ParticipantSource,
  rows: readonly UnregisteredParticipantRow[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const changed = (await db.query(
    `INSERT INTO unregistered_participant
            (event_id, name, name_normalized, email, phone, minutes, first_join_at, last_leave_at, source)
     SELECT $1, u.name, u.name_normalized, u.email, u.phone, u.minutes, u.first_at, u.last_at, $2
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::timestamptz[], $9::timestamptz[])
            AS u(name, name_normalized, email, phone, minutes, first_at, last_at)
     ON CONFLICT (event_id, name_normalized) DO UPDATE
        SET name = EXCLUDED.name, email = EXCLUDED.email, phone = EXCLUDED.phone, minutes = EXCLUDED.minutes,
            first_join_at = EXCLUDED.first_join_at, last_leave_at = EXCLUDED.last_leave_at,
            source = EXCLUDED.source, updated_at = now()
      WHERE (unregistered_participant.name, unregistered_participant.email, unregistered_participant.phone,
             unregistered_participant.minutes, unregistered_participant.first_join_at,
             unregistered_participant.last_leave_at, unregistered_participant.source)
            IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.email, EXCLUDED.phone, EXCLUDED.minutes,
                              EXCLUDED.first_join_at, EXCLUDED.last_leave_at, EXCLUDED.source)
     RETURNING 1`,
    [
      eventId,
      source,
      rows.map((r) => r.name),
      rows.map((r) => r.nameNormalized),
      rows.map((r) => r.email),
      rows.map((r) => r.phone),
      rows.map((r) => r.minutes),
      rows.map((r) => r.firstAt),
      rows.map((r) => r.lastAt),
    ],
  )) as unknown[];
  return changed.length;
}

export interface ImportedAttendanceView extends ImportedAttendance {
  updatedAt: Date;
}

/** What imports have set on the event's registrations (rows with imported minutes), by registration id. */
export async function importedAttendanceOf(db: EntityManager, eventId: string): Promise<ImportedAttendanceView[]> {
  return (await db.query(
    `SELECT registration_id AS "registrationId", imported_minutes AS minutes, imported_first_at AS "firstAt",
            imported_last_at AS "lastAt", updated_at AS "updatedAt"
       FROM attendance WHERE event_id = $1 AND imported_minutes IS NOT NULL
      ORDER BY registration_id`,
    [eventId],
  )) as ImportedAttendanceView[];
}

export interface UnregisteredParticipantView extends UnregisteredParticipantRow {
  source: ParticipantSource;
  updatedAt: Date;
}

/** The event's unregistered participants, by normalized name. */
export async function unregisteredParticipantsOf(
  db: EntityManager,
  eventId: string,
): Promise<UnregisteredParticipantView[]> {
  return (await db.query(
    `SELECT name, name_normalized AS "nameNormalized", email, phone, minutes, first_join_at AS "firstAt",
            last_leave_at AS "lastAt", source, updated_at AS "updatedAt"
       FROM unregistered_participant WHERE event_id = $1
      ORDER BY name_normalized`,
    [eventId],
  )) as UnregisteredParticipantView[];
}
