import type { EntityManager } from 'typeorm';

/**
 * Every statement on event_followup: one timer per event for the work after it, due POST_EVENT_DELAY_MINUTES after
 * its end. Publishing writes it; a change of the end moves it (in the same transaction) and bumps its
 * schedule_version, so the delayed job armed for the old time fires into nothing. It fires once; what it owes (the
 * attendees' thanks and the team's summaries) is written by `oweThankYous` and `oweSummaries`
 * (outbox-owing.queries.ts) in the transaction that marks it fired. A fired timer stays fired, even if the end
 * moves afterwards: the summary has gone out.
 */

export interface FollowupTimer {
  eventId: string;
  scheduleVersion: number;
  dueAt: Date;
}

const TIMER = `event_id AS "eventId", schedule_version AS "scheduleVersion", due_at AS "dueAt"`;

/**
 * Writes (or moves) the event's timer to `delayMs` after its end. Does nothing unless the event is published, when
 * the timer already fired, or when it is already due then. Returns the timer written, to arm its job after commit.
 */
export async function scheduleFollowup(
  db: EntityManager,
  eventId: string,
  delayMs: number,
): Promise<FollowupTimer | undefined> {
  const [timer] = (await db.query(
    `WITH written AS (
       INSERT INTO event_followup AS f (event_id, due_at)
       SELECT e.id, e.ends_at + make_interval(secs => $2::float / 1000) FROM event e WHERE e.id = $1 AND e.status = 'published'
       ON CONFLICT (event_id) DO UPDATE SET due_at = excluded.due_at, schedule_version = f.schedule_version + 1
        WHERE f.fired_at IS NULL AND f.due_at <> excluded.due_at
       RETURNING ${TIMER})
     SELECT * FROM written`,
    [eventId, delayMs],
  )) as FollowupTimer[];
  return timer;
}

/**
 * Marks the timer of this schedule version fired, once, if it is due. Returns whether it is live (its event still
 * published, not cancelled); nothing when it was already fired, was moved since (another version) or is not due yet.
 */
export async function markFollowupFired(
  db: EntityManager,
  timer: Omit<FollowupTimer, 'dueAt'>,
): Promise<{ live: boolean } | undefined> {
  const [fired] = (await db.query(
    `WITH fired AS (
       UPDATE event_followup f SET fired_at = now()
         FROM event e
        WHERE f.event_id = $1 AND f.schedule_version = $2 AND f.fired_at IS NULL AND f.due_at <= now()
          AND e.id = f.event_id
        RETURNING e.status = 'published' AS live)
     SELECT * FROM fired`,
    [timer.eventId, timer.scheduleVersion],
  )) as { live: boolean }[];
  return fired;
}

/** The event's timer, as tests and the reconciler see it. */
export async function followupOf(
  db: EntityManager,
  eventId: string,
): Promise<(FollowupTimer & { firedAt: Date | null }) | undefined> {
  const [timer] = (await db.query(`SELECT ${TIMER}, fired_at AS "firedAt" FROM event_followup WHERE event_id = $1`, [
    eventId,
  ])) as (FollowupTimer & { firedAt: Date | null })[];
  return timer;
}

/** Timers that should have fired by now but have not (their queue job was lost); the reconciler fires them. */
export async function overdueFollowups(db: EntityManager, graceMs: number): Promise<FollowupTimer[]> {
  return (await db.query(
    `SELECT ${TIMER} FROM event_followup
      WHERE fired_at IS NULL AND due_at < now() - make_interval(secs => $1::float / 1000)
      ORDER BY due_at LIMIT 100`,
    [graceMs],
  )) as FollowupTimer[];
}

/** Timers still ahead for published events, so the reconciler can make sure each has its delayed job. */
export async function upcomingFollowups(db: EntityManager): Promise<FollowupTimer[]> {
  return (await db.query(
    `SELECT f.event_id AS "eventId", f.schedule_version AS "scheduleVersion", f.due_at AS "dueAt"
       FROM event_followup f JOIN event e ON e.id = f.event_id
      WHERE f.fired_at IS NULL AND f.due_at >= now() AND e.status = 'published'
      ORDER BY f.due_at LIMIT 10000`,
  )) as FollowupTimer[];
}
