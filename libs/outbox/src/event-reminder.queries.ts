import type { EntityManager } from 'typeorm';

/**
 * Every statement on event_reminder: one timer per event, schedule version and offset. Publishing (or a change of
 * start or offsets, which bumps the event's schedule_version) writes the timers still ahead; a timer fires once;
 * timers of an older version fire into nothing, so a reschedule moves every pending reminder. The reminders a timer
 * owes are written by `oweReminders` (outbox-owing.queries.ts), in the transaction that marks it fired.
 */

export interface ReminderTimer {
  eventId: string;
  scheduleVersion: number;
  offset: string;
  dueAt: Date;
}

const TIMER = `event_id AS "eventId", schedule_version AS "scheduleVersion", reminder_offset AS "offset", due_at AS "dueAt"`;

/**
 * Writes the reminder timers of the event's current schedule: one per offset whose time is still ahead. Does
 * nothing unless the event is published. Timers of older schedule versions stay behind and fire into nothing.
 */
export async function scheduleReminders(db: EntityManager, eventId: string): Promise<ReminderTimer[]> {
  return (await db.query(
    `INSERT INTO event_reminder (event_id, schedule_version, reminder_offset, due_at)
     SELECT e.id, e.schedule_version, o.value, e.starts_at - o.value::interval
       FROM event e, unnest(e.reminder_offsets) AS o(value)
      WHERE e.id = $1 AND e.status = 'published' AND e.starts_at - o.value::interval > now()
     ON CONFLICT DO NOTHING
     RETURNING ${TIMER}`,
    [eventId],
  )) as ReminderTimer[];
}

/**
 * Marks a timer fired, once. Returns when it was due and whether it is live (its event's current schedule, the
 * event published and not yet started); nothing when it was already fired or never existed.
 */
export async function markReminderFired(
  db: EntityManager,
  timer: Omit<ReminderTimer, 'dueAt'>,
): Promise<{ dueAt: Date; live: boolean } | undefined> {
  const [fired] = (await db.query(
    // (As a CTE: TypeORM returns an UPDATE's rows differently from a SELECT's.)
    `WITH fired AS (
       UPDATE event_reminder er SET fired_at = now()
         FROM event e
        WHERE er.event_id = $1 AND er.schedule_version = $2 AND er.reminder_offset = $3 AND er.fired_at IS NULL
          AND e.id = er.event_id
        RETURNING er.due_at AS "dueAt", e.schedule_version = er.schedule_version AND e.status = 'published' AND e.starts_at > now() AS live)
     SELECT * FROM fired`,
    [timer.eventId, timer.scheduleVersion, timer.offset],
  )) as { dueAt: Date; live: boolean }[];
  return fired;
}

/** Timers that should have fired by now but have not (their queue job was lost); the reconciler fires them. */
export async function overdueReminders(db: EntityManager, graceMs: number): Promise<ReminderTimer[]> {
  return (await db.query(
    `SELECT ${TIMER} FROM event_reminder
      WHERE fired_at IS NULL AND due_at < now() - make_interval(secs => $1::float / 1000)
      ORDER BY due_at LIMIT 100`,
    [graceMs],
  )) as ReminderTimer[];
}

/** Timers still ahead of the events' current schedules, so the reconciler can make sure each has its delayed job. */
export async function upcomingReminders(db: EntityManager): Promise<ReminderTimer[]> {
  return (await db.query(
    `SELECT er.event_id AS "eventId", er.schedule_version AS "scheduleVersion", er.reminder_offset AS "offset", er.due_at AS "dueAt"
       FROM event_reminder er JOIN event e ON e.id = er.event_id AND e.schedule_version = er.schedule_version
      WHERE er.fired_at IS NULL AND er.due_at >= now() AND e.status = 'published'
      ORDER BY er.due_at LIMIT 10000`,
  )) as ReminderTimer[];
}
