import type { EntityManager } from 'typeorm';

/**
 * Seat accounting. Every path that confirms or releases a registration goes through these two functions, which
 * lock the organization's counter row first and the event row second, always in that order, so two claims never
 * deadlock, and each UPDATE re-checks its own row's limit under the lock, so no interleaving oversells.
 * The CHECK constraints event_confirmed_within_capacity and event_organization_within_limit are the backstop.
 */
export async function claimSeat(db: EntityManager, eventId: string, organizationId: string): Promise<boolean> {
  await db.query(
    `INSERT INTO event_organization (event_id, organization_id, org_limit)
     SELECT id, $2, per_organization_limit FROM event WHERE id = $1
     ON CONFLICT (event_id, organization_id) DO NOTHING`,
    [eventId, organizationId],
  );
  const [result] = (await db.query(
    `WITH org AS (
       UPDATE event_organization SET confirmed_count = confirmed_count + 1
        WHERE event_id = $1 AND organization_id = $2 AND (org_limit IS NULL OR confirmed_count < org_limit)
       RETURNING 1
     ), ev AS (
       UPDATE event SET confirmed_count = confirmed_count + 1
        WHERE id = $1 AND (capacity IS NULL OR confirmed_count < capacity) AND EXISTS (SELECT 1 FROM org)
       RETURNING 1
     )
     SELECT EXISTS (SELECT 1 FROM org) AS org_claimed, EXISTS (SELECT 1 FROM ev) AS claimed`,
    [eventId, organizationId],
  )) as { org_claimed: boolean; claimed: boolean }[];
  if (result!.org_claimed && !result!.claimed) {
    // The organization had room but the event did not: give the organization's slot back.
    await db.query(
      'UPDATE event_organization SET confirmed_count = confirmed_count - 1 WHERE event_id = $1 AND organization_id = $2',
      [eventId, organizationId],
    );
  }
  return result!.claimed;
}

export async function releaseSeat(db: EntityManager, eventId: string, organizationId: string): Promise<void> {
  await db.query(
    'UPDATE event_organization SET confirmed_count = confirmed_count - 1 WHERE event_id = $1 AND organization_id = $2',
    [eventId, organizationId],
  );
  await db.query('UPDATE event SET confirmed_count = confirmed_count - 1 WHERE id = $1', [eventId]);
}

/**
 * Confirms the oldest waitlisted registration whose organization still has room, if the event has a seat.
 * Runs in the transaction that freed a seat. Returns the promoted registration's id.
 */
export async function promoteFromWaitlist(db: EntityManager, eventId: string): Promise<string | undefined> {
  const candidates = (await db.query(
    `SELECT r.id, r.organization_id
       FROM registration r
       LEFT JOIN event_organization eo ON eo.event_id = r.event_id AND eo.organization_id = r.organization_id
      WHERE r.event_id = $1 AND r.status = 'waitlisted'
        AND (eo.org_limit IS NULL OR eo.confirmed_count < eo.org_limit)
      ORDER BY r.created_at, r.id
      LIMIT 1
      FOR UPDATE OF r SKIP LOCKED`,
    [eventId],
  )) as { id: string; organization_id: string }[];
  const next = candidates[0];
  if (!next || !(await claimSeat(db, eventId, next.organization_id))) return undefined;
  await db.query(
    `UPDATE registration SET status = 'confirmed', confirmed_at = now(), updated_at = now() WHERE id = $1`,
    [next.id],
  );
  return next.id;
}
