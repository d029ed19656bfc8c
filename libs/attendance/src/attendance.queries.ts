import type { EntityManager } from 'typeorm';

/**
 * The attendance statements of the door and of online joins: the check-in columns (checked_in_at, checked_in_by,
 * admitted_over_capacity) and the join columns (first_join_at, last_join_at). A row exists per registration that
 * showed up in some way; the imported_* columns are the meeting-export import's (import/attendance-import.queries.ts).
 */

export interface CheckedIn {
  checkedInAt: Date;
  /** This call checked the person in (false: they already were, and checkedInAt is when). */
  created: boolean;
}

/**
 * Checks a registration in, once: `INSERT … ON CONFLICT DO UPDATE … WHERE checked_in_at IS NULL` stamps the time
 * only if no check-in is there, and the row lock it takes makes concurrent callers wait for each other, so of many
 * scanners of one code exactly one gets created: true. A caller whose stamp found one already reads it in a second
 * statement (a new snapshot, which sees the row the first statement waited for).
 */
export async function checkIn(
  db: EntityManager,
  registration: { id: string; eventId: string },
  by: string,
  admittedOverCapacity = false,
): Promise<CheckedIn> {
  // Twice at most: only an undo landing between the two statements sends it round again.
  for (let attempt = 1; ; attempt++) {
    const [stamped] = (await db.query(
      `INSERT INTO attendance AS a (registration_id, event_id, checked_in_at, checked_in_by, admitted_over_capacity)
       VALUES ($1, $2, now(), $3, $4)
       ON CONFLICT (registration_id) DO UPDATE
          SET checked_in_at = now(), checked_in_by = excluded.checked_in_by,
              admitted_over_capacity = a.admitted_over_capacity OR excluded.admitted_over_capacity, updated_at = now()
        WHERE a.checked_in_at IS NULL
       RETURNING checked_in_at AS "checkedInAt"`,
      [registration.id, registration.eventId, by, admittedOverCapacity],
    )) as { checkedInAt: Date }[];
    if (stamped) return { checkedInAt: stamped.checkedInAt, created: true };
    const [existing] = (await db.query(
      'SELECT checked_in_at AS "checkedInAt" FROM attendance WHERE registration_id = $1',
      [registration.id],
    )) as { checkedInAt: Date | null }[];
    if (existing?.checkedInAt) return { checkedInAt: existing.checkedInAt, created: false };
    if (attempt >= 2) throw new Error(`check-in of ${registration.id} kept being undone`);
  }
}

/** Takes a check-in back (the row's other facts stay). Returns whether there was one. */
export async function undoCheckIn(db: EntityManager, registration: { id: string; eventId: string }): Promise<boolean> {
  const undone = (await db.query(
    `WITH undone AS (
       UPDATE attendance SET checked_in_at = NULL, checked_in_by = NULL, updated_at = now()
        WHERE registration_id = $1 AND event_id = $2 AND checked_in_at IS NOT NULL
       RETURNING registration_id)
     SELECT registration_id FROM undone`,
    [registration.id, registration.eventId],
  )) as unknown[];
  return undone.length > 0;
}

/**
 * Records a join through the personal join link: the earliest and the latest. least/greatest, not a plain overwrite:
 * now() is when each transaction began, so of two joins at once the later writer may carry the earlier time.
 */
export async function recordJoin(db: EntityManager, registration: { id: string; eventId: string }): Promise<void> {
  await db.query(
    `INSERT INTO attendance AS a (registration_id, event_id, first_join_at, last_join_at)
     VALUES ($1, $2, now(), now())
     ON CONFLICT (registration_id) DO UPDATE
        SET first_join_at = least(a.first_join_at, now()), last_join_at = greatest(a.last_join_at, now()),
            updated_at = now()`,
    [registration.id, registration.eventId],
  );
}

/** What the attendance row of a registration says of the door and of joins (tests and the door read it). */
export interface AttendanceRecord {
  checkedInAt: Date | null;
  checkedInBy: string | null;
  admittedOverCapacity: boolean;
  firstJoinAt: Date | null;
  lastJoinAt: Date | null;
}

export async function attendanceOf(db: EntityManager, registrationId: string): Promise<AttendanceRecord | undefined> {
  const [row] = (await db.query(
    `SELECT checked_in_at AS "checkedInAt", checked_in_by AS "checkedInBy", admitted_over_capacity AS "admittedOverCapacity",
            first_join_at AS "firstJoinAt", last_join_at AS "lastJoinAt"
       FROM attendance WHERE registration_id = $1`,
    [registrationId],
  )) as AttendanceRecord[];
  return row;
}

/**
 * Joined through the personal link while the event was on, from 30 minutes before its start to its end, as SQL over
 * `attendance a` and `event e`. Every join is recorded, but a link opened days before, or followed by a mail scanner
 * the moment a reminder arrived (an hour before the start), is no attendance.
 */
export const JOINED_DURING_EVENT_SQL = `(a.last_join_at >= e.starts_at - interval '30 minutes' AND a.first_join_at <= e.ends_at)`;

/**
 * Attended by any way, as SQL over `attendance a` and `event e`: checked in at the door, joined online during the
 * event, or online at least the event's attended_min_minutes by an imported meeting export. The one definition the
 * live figures and the summaries count by (each adds its own rule on the registration's status).
 */
export const ATTENDED_SQL = `(a.checked_in_at IS NOT NULL OR ${JOINED_DURING_EVENT_SQL}
                             OR coalesce(a.imported_minutes >= e.attended_min_minutes, false))`;
