import type { EntityManager } from 'typeorm';

/**
 * The outbox, as SQL run inside the caller's transaction: whatever changes a registration or an event also writes
 * the messages that change owes, or neither happens. Each row's dedupe_key makes owing twice a no-op. Queues only
 * ever carry row ids (see OutboxService.dispatch, called after commit).
 */

export const MESSAGE_KINDS = [
  'confirmation',
  'approved',
  'rejected',
  'promoted',
  'reminder',
  'event_updated',
  'event_cancelled',
  'registration_cancelled',
  'announcement',
  'group_link',
  'link_request',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * Kinds addressed to a person rather than to a registration: the delegate of a group (group_link) and an address that
 * asked for its links again (link_request). Their rows carry group_id or payload.email; the sender handles them apart.
 */
export const LINK_MESSAGE_KINDS = ['group_link', 'link_request'] as const satisfies readonly MessageKind[];

export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Who is owed a message: some registrations, or every registration of an event in some statuses. */
export type Recipients = { registrationIds: string[] } | { eventId: string; statuses: string[]; skipOptedOut?: boolean };

export interface OweOptions {
  /** Appended to the dedupe key: what makes this message distinct from an earlier one of the same kind. */
  keySuffix?: string;
  payload?: Record<string, unknown>;
  announcementId?: string;
}

/**
 * Writes one message of `kind` for each recipient and returns the ids of the rows written; recipients already owed
 * this message (same dedupe key) are skipped. The registration's status at this moment is kept in the payload, so
 * the message describes what happened even if the status moves on before it is sent. A confirmation's key carries
 * the email, so a place handed to someone else owes the new person their own confirmation.
 */
export async function oweMessages(db: EntityManager, kind: MessageKind, to: Recipients, options: OweOptions = {}): Promise<string[]> {
  const params: unknown[] = [kind, options.keySuffix ?? '', JSON.stringify(options.payload ?? {}), options.announcementId ?? null];
  let where: string;
  if ('registrationIds' in to) {
    if (to.registrationIds.length === 0) return [];
    params.push(to.registrationIds);
    where = `r.id = ANY($5::uuid[])`;
  } else {
    params.push(to.eventId, to.statuses);
    where = `r.event_id = $5 AND r.status = ANY($6::text[])`;
    if (to.skipOptedOut) {
      where += ` AND NOT EXISTS (SELECT 1 FROM announcement_opt_out x WHERE x.event_id = r.event_id AND x.email_normalized = r.email_normalized)`;
    }
  }
  const rows = (await db.query(
    `INSERT INTO outbox_message (event_id, registration_id, announcement_id, kind, dedupe_key, payload)
     SELECT r.event_id, r.id, $4, $1,
            $1 || ':' || r.id || CASE WHEN $1 = 'confirmation' THEN ':' || r.email_normalized ELSE '' END || $2,
            $3::jsonb || jsonb_build_object('status', r.status)
       FROM registration r
      WHERE ${where}
      ORDER BY r.created_at, r.id
     ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING id`,
    params,
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

/**
 * Owes the delegate of a new group the group's link (with its people and their statuses), once per group. Run in the
 * transaction that creates the group.
 */
export async function oweGroupLink(db: EntityManager, groupId: string): Promise<string[]> {
  const rows = (await db.query(
    `INSERT INTO outbox_message (event_id, group_id, kind, dedupe_key)
     SELECT g.event_id, g.id, 'group_link', 'group_link:' || g.id FROM registration_group g WHERE g.id = $1
     ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING id`,
    [groupId],
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

/**
 * Owes "your links again" to an address, for one event, without looking at whether the address is registered:
 * the caller does the same work either way, and the sender finds the registration and groups when it sends (and
 * drops the row when there are none). Each request is its own message (a fresh uuid in the key), so asking again
 * later works; how often is for the rate limits. Returns the new row's id, or none when the event is not public.
 */
export async function oweLinkRequest(db: EntityManager, slug: string, email: string): Promise<string[]> {
  const rows = (await db.query(
    `INSERT INTO outbox_message (event_id, kind, dedupe_key, payload)
     SELECT e.id, 'link_request', 'link_request:' || e.id || ':' || gen_random_uuid(), jsonb_build_object('email', $2::text)
       FROM event e
      WHERE e.slug = $1 AND e.published_at IS NOT NULL AND e.status IN ('published', 'cancelled')
     RETURNING id`,
    [slug, email],
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

/** Owes a message again as a new row (its own Message-ID), pointing at the one it repeats. */
export async function oweResend(db: EntityManager, messageId: string): Promise<string | undefined> {
  const [row] = (await db.query(
    `INSERT INTO outbox_message (event_id, registration_id, group_id, announcement_id, kind, dedupe_key, payload, resend_of)
     SELECT event_id, registration_id, group_id, announcement_id, kind, dedupe_key || ':resend:' || gen_random_uuid(), payload, id
       FROM outbox_message WHERE id = $1
     RETURNING id`,
    [messageId],
  )) as { id: string }[];
  return row?.id;
}

export interface ReminderTimer {
  eventId: string;
  scheduleVersion: number;
  offset: string;
  dueAt: Date;
}

/**
 * Writes the reminder timers of the event's current schedule: one per offset whose time is still ahead. Does
 * nothing unless the event is published. Timers of older schedule versions stay behind and fire into nothing.
 */
export async function scheduleReminders(db: EntityManager, eventId: string): Promise<ReminderTimer[]> {
  const rows = (await db.query(
    `INSERT INTO event_reminder (event_id, schedule_version, reminder_offset, due_at)
     SELECT e.id, e.schedule_version, o.value, e.starts_at - o.value::interval
       FROM event e, unnest(e.reminder_offsets) AS o(value)
      WHERE e.id = $1 AND e.status = 'published' AND e.starts_at - o.value::interval > now()
     ON CONFLICT DO NOTHING
     RETURNING event_id, schedule_version, reminder_offset, due_at`,
    [eventId],
  )) as TimerRow[];
  return rows.map(toTimer);
}

/**
 * Fires one reminder timer, once: marks it fired and owes the reminder to everyone confirmed who registered before
 * its due time. Nothing is owed when the timer belongs to an older schedule, the event is no longer published, or
 * it has already started. Returns the new message ids.
 */
export async function fireReminder(db: EntityManager, timer: Omit<ReminderTimer, 'dueAt'>): Promise<string[]> {
  const [fired] = (await db.query(
    // (As a CTE: TypeORM returns an UPDATE's rows differently from a SELECT's.)
    `WITH fired AS (
       UPDATE event_reminder er SET fired_at = now()
         FROM event e
        WHERE er.event_id = $1 AND er.schedule_version = $2 AND er.reminder_offset = $3 AND er.fired_at IS NULL
          AND e.id = er.event_id
        RETURNING er.due_at, e.schedule_version = er.schedule_version AND e.status = 'published' AND e.starts_at > now() AS live)
     SELECT * FROM fired`,
    [timer.eventId, timer.scheduleVersion, timer.offset],
  )) as { due_at: Date; live: boolean }[];
  if (!fired?.live) return [];
  const rows = (await db.query(
    `INSERT INTO outbox_message (event_id, registration_id, kind, dedupe_key, payload)
     SELECT r.event_id, r.id, 'reminder', 'reminder:' || r.id || ':' || $2 || ':v' || $3,
            jsonb_build_object('offset', $2::text, 'scheduleVersion', $3::int, 'startsAt', e.starts_at, 'status', r.status)
       FROM registration r JOIN event e ON e.id = r.event_id
      WHERE r.event_id = $1 AND r.status = 'confirmed' AND r.created_at <= $4
      ORDER BY r.created_at, r.id
     ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING id`,
    [timer.eventId, timer.offset, timer.scheduleVersion, fired.due_at],
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

/** Timers that should have fired by now but have not (their queue job was lost); the reconciler fires them. */
export async function overdueReminders(db: EntityManager, graceMs: number): Promise<ReminderTimer[]> {
  const rows = (await db.query(
    `SELECT event_id, schedule_version, reminder_offset, due_at FROM event_reminder
      WHERE fired_at IS NULL AND due_at < now() - make_interval(secs => $1::float / 1000)
      ORDER BY due_at LIMIT 100`,
    [graceMs],
  )) as TimerRow[];
  return rows.map(toTimer);
}

/** Timers still ahead, so the reconciler can make sure each has its delayed job. */
export async function upcomingReminders(db: EntityManager): Promise<ReminderTimer[]> {
  const rows = (await db.query(
    `SELECT er.event_id, er.schedule_version, er.reminder_offset, er.due_at
       FROM event_reminder er JOIN event e ON e.id = er.event_id AND e.schedule_version = er.schedule_version
      WHERE er.fired_at IS NULL AND er.due_at >= now() AND e.status = 'published'
      ORDER BY er.due_at LIMIT 10000`,
  )) as TimerRow[];
  return rows.map(toTimer);
}

interface TimerRow {
  event_id: string;
  schedule_version: number;
  reminder_offset: string;
  due_at: Date;
}

function toTimer(row: TimerRow): ReminderTimer {
  return { eventId: row.event_id, scheduleVersion: row.schedule_version, offset: row.reminder_offset, dueAt: row.due_at };
}
