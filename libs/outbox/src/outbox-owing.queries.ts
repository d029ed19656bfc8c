import { UNREACHABLE_EMAIL_DOMAIN } from '@tongxin/common';
import type { EntityManager } from 'typeorm';
import { MessageKind, OweOptions, Recipients } from './outbox-message.types';

/**
 * Owing mail: every statement that writes an outbox_message row, run in the transaction of the change that owes it.
 * `dedupe_key` makes owing twice a no-op. Each returns the ids of the rows it wrote, for `OutboxService.dispatch` to
 * queue after commit; what happens to a row next is in outbox-sending.queries.ts.
 */

/** Registrations mail can reach: not a walk-in filed without an email (an address at the .invalid domain). */
const REACHABLE = `r.email_normalized NOT LIKE '%@${UNREACHABLE_EMAIL_DOMAIN}'`;

/**
 * Writes one message of `kind` for each recipient and returns the ids of the rows written; recipients already owed
 * this message (same dedupe key) are skipped. The registration's status at this moment is kept in the payload, so
 * the message describes what happened even if the status moves on before it is sent. A confirmation's key carries
 * the email, so a place handed to someone else owes the new person their own confirmation. A registration without
 * an address (a walk-in who gave none) is owed nothing.
 */
export async function oweMessages(
  db: EntityManager,
  kind: MessageKind,
  to: Recipients,
  options: OweOptions = {},
): Promise<string[]> {
  const params: unknown[] = [
    kind,
    options.keySuffix ?? '',
    JSON.stringify(options.payload ?? {}),
    options.announcementId ?? null,
  ];
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
  return idsOf(
    await db.query(
      `INSERT INTO outbox_message (event_id, registration_id, announcement_id, kind, dedupe_key, payload)
       SELECT r.event_id, r.id, $4, $1,
              $1 || ':' || r.id || CASE WHEN $1 = 'confirmation' THEN ':' || r.email_normalized ELSE '' END || $2,
              $3::jsonb || jsonb_build_object('status', r.status)
         FROM registration r
        WHERE ${where} AND ${REACHABLE}
        ORDER BY r.created_at, r.id
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      params,
    ),
  );
}

/**
 * Owes the delegate of a new group the group's link (with its people and their statuses), once per group. Run in the
 * transaction that creates the group.
 */
export async function oweGroupLink(db: EntityManager, groupId: string): Promise<string[]> {
  return idsOf(
    await db.query(
      `INSERT INTO outbox_message (event_id, group_id, kind, dedupe_key)
       SELECT g.event_id, g.id, 'group_link', 'group_link:' || g.id FROM registration_group g WHERE g.id = $1
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [groupId],
    ),
  );
}

/**
 * Owes "your links again" to an address, for one event, without looking at whether the address is registered:
 * the caller does the same work either way, and the sender finds the registration and groups when it sends (and
 * drops the row when there are none). Each request is its own message (a fresh uuid in the key), so asking again
 * later works; how often is for the rate limits. Returns the new row's id, or none when the event is not public.
 */
export async function oweLinkRequest(db: EntityManager, slug: string, email: string): Promise<string[]> {
  return idsOf(
    await db.query(
      `INSERT INTO outbox_message (event_id, kind, dedupe_key, payload)
       SELECT e.id, 'link_request', 'link_request:' || e.id || ':' || gen_random_uuid(), jsonb_build_object('email', $2::text)
         FROM event e
        WHERE e.slug = $1 AND e.published_at IS NOT NULL AND e.status IN ('published', 'cancelled')
       RETURNING id`,
      [slug, email],
    ),
  );
}

/**
 * Owes a message of this event to a registration again, as a new row (its own Message-ID) pointing at the one it
 * repeats. Nothing, when the event has no such message to a registration.
 */
export async function oweResend(db: EntityManager, eventId: string, messageId: string): Promise<string | undefined> {
  const [id] = idsOf(
    await db.query(
      `INSERT INTO outbox_message (event_id, registration_id, group_id, announcement_id, kind, dedupe_key, payload, resend_of)
       SELECT event_id, registration_id, group_id, announcement_id, kind, dedupe_key || ':resend:' || gen_random_uuid(), payload, id
         FROM outbox_message WHERE id = $1 AND event_id = $2 AND registration_id IS NOT NULL
       RETURNING id`,
      [messageId, eventId],
    ),
  );
  return id;
}

/** Owes a fired timer's reminder to everyone confirmed who registered before it was due (event-reminder.queries.ts). */
export async function oweReminders(
  db: EntityManager,
  timer: { eventId: string; scheduleVersion: number; offset: string },
  dueAt: Date,
): Promise<string[]> {
  return idsOf(
    await db.query(
      `INSERT INTO outbox_message (event_id, registration_id, kind, dedupe_key, payload)
       SELECT r.event_id, r.id, 'reminder', 'reminder:' || r.id || ':' || $2 || ':v' || $3,
              jsonb_build_object('offset', $2::text, 'scheduleVersion', $3::int, 'startsAt', e.starts_at, 'status', r.status)
         FROM registration r JOIN event e ON e.id = r.event_id
        WHERE r.event_id = $1 AND r.status = 'confirmed' AND r.created_at <= $4 AND ${REACHABLE}
        ORDER BY r.created_at, r.id
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [timer.eventId, timer.offset, timer.scheduleVersion, dueAt],
    ),
  );
}

/**
 * Owes a thank-you to every registration of the event that attended, once each (`thank_you:<registration>`).
 * `attended` is the SQL predicate over `registration r`, `attendance a` and `event e` that says who attended: the
 * summaries' definition (`ATTENDED` of libs/summaries), passed in because the outbox sits below the libs that define
 * it (attendance builds on registrations, which write to the outbox). A constant of the code, never user input.
 */
export async function oweThankYous(db: EntityManager, eventId: string, attended: string): Promise<string[]> {
  return idsOf(
    await db.query(
      `INSERT INTO outbox_message (event_id, registration_id, kind, dedupe_key, payload)
       SELECT r.event_id, r.id, 'thank_you', 'thank_you:' || r.id, jsonb_build_object('status', r.status)
         FROM registration r JOIN event e ON e.id = r.event_id JOIN attendance a ON a.registration_id = r.id
        WHERE r.event_id = $1 AND ${attended} AND ${REACHABLE}
        ORDER BY r.created_at, r.id
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [eventId],
    ),
  );
}

/**
 * Owes the event's summary to each member of its team in one of `roles` (the owners and managers: who may read the
 * summary), once each (`summary:<event>:<organizer>`).
 */
export async function oweSummaries(db: EntityManager, eventId: string, roles: readonly string[]): Promise<string[]> {
  return idsOf(
    await db.query(
      `INSERT INTO outbox_message (event_id, organizer_id, kind, dedupe_key)
       SELECT m.event_id, m.organizer_id, 'summary', 'summary:' || m.event_id || ':' || m.organizer_id
         FROM event_member m
        WHERE m.event_id = $1 AND m.role = ANY($2::text[])
        ORDER BY m.created_at, m.organizer_id
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [eventId, roles],
    ),
  );
}

/**
 * Owes an organizer the mail with a password reset's link, in the transaction that wrote the reset (one message a
 * reset). `locale` is the language the request was made in.
 */
export async function owePasswordReset(
  db: EntityManager,
  reset: { id: string; organizerId: string; locale: string },
): Promise<string[]> {
  return idsOf(
    await db.query(
      `INSERT INTO outbox_message (organizer_id, password_reset_id, kind, dedupe_key, payload)
       VALUES ($1, $2::uuid, 'password_reset', 'password_reset:' || $2::text, jsonb_build_object('locale', $3::text))
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [reset.organizerId, reset.id, reset.locale],
    ),
  );
}

function idsOf(rows: unknown): string[] {
  return (rows as { id: string }[]).map((r) => r.id);
}
