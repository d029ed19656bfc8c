import type { EntityManager } from 'typeorm';

/**
 * Every statement that writes announcement and announcement_opt_out: an organizer's announcement to an event's
 * audience, and the addresses that asked to stop receiving an event's announcements. The opt-outs are read where
 * they decide something: when announcements are owed (`oweMessages` with skipOptedOut, outbox-owing.queries.ts) and
 * sent (`claimForSending`, outbox-sending.queries.ts), and behind an unsubscribe link (`findUnsubscribeLink`,
 * link.queries.ts).
 */

export interface NewAnnouncement {
  eventId: string;
  subject: string;
  body: string;
  audience: 'confirmed' | 'waitlisted' | 'all';
  createdBy: string;
}

/** Writes an announcement of an event that is not a draft; returns its id, or nothing when the event is a draft. */
export async function insertAnnouncement(
  db: EntityManager,
  announcement: NewAnnouncement,
): Promise<string | undefined> {
  const [row] = (await db.query(
    `INSERT INTO announcement (event_id, subject, body, audience, created_by)
     SELECT e.id, $2, $3, $4, $5::uuid FROM event e WHERE e.id = $1 AND e.status <> 'draft'
     RETURNING id`,
    [announcement.eventId, announcement.subject, announcement.body, announcement.audience, announcement.createdBy],
  )) as { id: string }[];
  return row?.id;
}

/** Stops the event's announcements to this address. Idempotent. */
export async function optOut(db: EntityManager, eventId: string, email: string): Promise<void> {
  await db.query(
    `INSERT INTO announcement_opt_out (event_id, email_normalized) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    [eventId, email],
  );
}
