import { timeKey } from '@tongxin/common';
import type { EntityManager } from 'typeorm';
import {
  MESSAGE_STATUSES,
  MessageKind,
  MessageLogEntry,
  MessageLogFilter,
  MessageStatus,
} from './outbox-message.types';

/** The organizer's delivery log: the event's messages to registrations as they stand, read from outbox_message. */

const LOG_ENTRY = `SELECT m.id, m.kind, m.status, m.registration_id AS "registrationId", r.name,
         coalesce(m.recipient, r.email_normalized) AS email, m.attempts, m.last_error AS "lastError",
         m.created_at AS "createdAt", m.sent_at AS "sentAt", m.resend_of AS "resendOf"`;

/**
 * The event's messages to registrations, newest first, each with its sort key for the next page's cursor (group
 * links, and link requests that found nobody, are not in the log).
 */
export async function messageLog(
  db: EntityManager,
  eventId: string,
  filter: MessageLogFilter,
): Promise<(MessageLogEntry & { cursorKey: string })[]> {
  const where = ['m.event_id = $1', 'm.registration_id IS NOT NULL'];
  const params: unknown[] = [eventId];
  const add = (condition: (n: number) => string, ...values: unknown[]) => {
    params.push(...values);
    where.push(condition(params.length));
  };
  if (filter.kind) add((n) => `m.kind = $${n}`, filter.kind);
  if (filter.status) add((n) => `m.status = $${n}`, filter.status);
  if (filter.after)
    add((n) => `(m.created_at, m.id) < ($${n - 1}::timestamptz, $${n}::uuid)`, filter.after.key, filter.after.id);
  params.push(filter.limit);
  return (await db.query(
    `${LOG_ENTRY}, ${timeKey('m.created_at')} AS "cursorKey"
       FROM outbox_message m JOIN registration r ON r.id = m.registration_id
      WHERE ${where.join(' AND ')}
      ORDER BY m.created_at DESC, m.id DESC LIMIT $${params.length}`,
    params,
  )) as (MessageLogEntry & { cursorKey: string })[];
}

/** How many of the event's messages to registrations are in each status (of one kind, if given). */
export async function messageCounts(
  db: EntityManager,
  eventId: string,
  kind?: MessageKind,
): Promise<Record<MessageStatus, number>> {
  const counted = (await db.query(
    `SELECT status, count(*)::int AS n FROM outbox_message
      WHERE event_id = $1 AND registration_id IS NOT NULL AND ($2::text IS NULL OR kind = $2)
      GROUP BY status`,
    [eventId, kind ?? null],
  )) as { status: MessageStatus; n: number }[];
  const counts = Object.fromEntries(MESSAGE_STATUSES.map((s) => [s, 0])) as Record<MessageStatus, number>;
  for (const c of counted) counts[c.status] = c.n;
  return counts;
}

/** One message to a registration, as the log shows it. */
export async function loggedMessage(db: EntityManager, id: string): Promise<MessageLogEntry | undefined> {
  const [entry] = (await db.query(
    `${LOG_ENTRY} FROM outbox_message m JOIN registration r ON r.id = m.registration_id WHERE m.id = $1`,
    [id],
  )) as MessageLogEntry[];
  return entry;
}
