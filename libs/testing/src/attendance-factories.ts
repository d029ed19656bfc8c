import type { EntityManager } from 'typeorm';
import type { Organizer } from './factories';
import type { AppHandle } from './app-handle';

/**
 * The second half of an event as tests need it before the door, join-link and meeting-import paths write it
 * themselves: attendance rows, people who joined without registering, and mail marked sent or failed. Rows go
 * into the test's own database (`t.db.manager`); the little schema knowledge this takes lives here, once. And the
 * people such a test counts, imported through the API from a list it wrote.
 */

/** A person of a summary test: the test knows each one's organization and region, so it knows every figure. */
export interface ListedPerson {
  name: string;
  email: string;
  org: string;
  region: string;
}

/** Imports the listed people (organizations of type 社会团体, made on first use) through the API. */
export async function importListedPeople(
  t: AppHandle,
  who: Organizer,
  eventId: string,
  people: ListedPerson[],
  notify = false,
): Promise<void> {
  const csv = [
    '姓名,邮箱,单位,地区代码,单位类型',
    ...people.map((p) => `${p.name},${p.email},${p.org},${p.region},社会团体`),
  ];
  const res = await t
    .http()
    .post(`/api/events/${eventId}/registrations/import?notify=${notify}`)
    .set(who.auth)
    .attach('file', Buffer.from(csv.join('\r\n')), 'people.csv');
  if (res.status !== 200 || res.body.created !== people.length)
    throw new Error(`import failed: ${res.status} ${JSON.stringify(res.body)}`);
}

export interface AttendanceFixture {
  registrationId: string;
  checkedInAt?: Date;
  /** Joined through the personal join link (last join the same moment unless lastJoinAt says otherwise). */
  firstJoinAt?: Date;
  lastJoinAt?: Date;
  /** Minutes online by a meeting platform's export. */
  importedMinutes?: number;
}

/** One attendance row per registration given (replacing any there was), for the registration's event. */
export async function recordAttendance(db: EntityManager, rows: AttendanceFixture[]): Promise<void> {
  await db.query(
    `INSERT INTO attendance (registration_id, event_id, checked_in_at, first_join_at, last_join_at, imported_minutes,
                             imported_first_at, imported_last_at)
     SELECT r.id, r.event_id, t.checked_in_at, t.first_join_at, coalesce(t.last_join_at, t.first_join_at), t.minutes,
            CASE WHEN t.minutes IS NOT NULL THEN e.starts_at END,
            CASE WHEN t.minutes IS NOT NULL THEN e.starts_at + make_interval(mins => t.minutes) END
       FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::int[], $5::timestamptz[])
            AS t(id, checked_in_at, first_join_at, minutes, last_join_at)
       JOIN registration r ON r.id = t.id
       JOIN event e ON e.id = r.event_id
     ON CONFLICT (registration_id) DO UPDATE
        SET checked_in_at = EXCLUDED.checked_in_at, first_join_at = EXCLUDED.first_join_at,
            last_join_at = EXCLUDED.last_join_at, imported_minutes = EXCLUDED.imported_minutes,
            imported_first_at = EXCLUDED.imported_first_at, imported_last_at = EXCLUDED.imported_last_at`,
    [
      rows.map((r) => r.registrationId),
      rows.map((r) => r.checkedInAt ?? null),
      rows.map((r) => r.firstJoinAt ?? null),
      rows.map((r) => r.importedMinutes ?? null),
      rows.map((r) => r.lastJoinAt ?? null),
    ],
  );
}

/** People in a meeting export who matched no registration of the event. */
export async function addUnregisteredParticipants(
  db: EntityManager,
  eventId: string,
  people: { name: string; minutes: number }[],
): Promise<void> {
  await db.query(
    `INSERT INTO unregistered_participant (event_id, name, name_normalized, minutes, source)
     SELECT $1, t.name, lower(t.name), t.minutes, 'tencent' FROM unnest($2::text[], $3::int[]) AS t(name, minutes)`,
    [eventId, people.map((p) => p.name), people.map((p) => p.minutes)],
  );
}

/** Marks outbox messages sent or failed, as the worker would have. */
export async function settleMessages(db: EntityManager, ids: string[], status: 'sent' | 'failed'): Promise<void> {
  await db.query(
    `UPDATE outbox_message SET status = $2, sent_at = CASE WHEN $2 = 'sent' THEN now() END WHERE id = ANY($1::uuid[])`,
    [ids, status],
  );
}
