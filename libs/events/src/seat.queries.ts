import { DomainError, ErrorCode, PG_CHECK_VIOLATION, pgConstraint, pgErrorCode } from '@tongxin/common';
import type { EntityManager } from 'typeorm';

/**
 * Seat accounting: every statement on event_organization (one counter row per event and organization, with the
 * event's per-organization quota copied onto it) and every change to event.confirmed_count.
 *
 * Single claims go through the SQL function claim_seat (its current definition: sql/claim_seat.sql): it locks the
 * organization's counter row first and the event row second, always in that order, so two claims never deadlock,
 * and re-checks each limit under its lock, so no interleaving oversells. Bulk claims lock every counter row they
 * need in organization-id order, then the event row. The CHECK constraints event_confirmed_within_capacity and
 * event_organization_within_limit are the backstop. register_and_claim (registration.queries.ts) calls claim_seat.
 */

/** Takes one seat for the organization if both its quota and the event's capacity have room. */
export async function claimSeat(db: EntityManager, eventId: string, organizationId: string): Promise<boolean> {
  const [row] = (await db.query('SELECT claim_seat($1, $2) AS claimed', [eventId, organizationId])) as {
    claimed: boolean;
  }[];
  return row!.claimed;
}

/**
 * Takes one seat for the organization whatever its quota and the event's capacity say: the door lets a walk-in in
 * although the event is full (only when the caller asks). A full capacity or quota is raised by one in the same
 * transaction, so event_confirmed_within_capacity and event_organization_within_limit keep holding and the event's
 * capacity reads as the seats actually given. Locks the organization's counter row, then the event row, as every
 * claim does. Returns whether a limit was raised.
 */
export async function claimSeatBeyondLimits(
  db: EntityManager,
  eventId: string,
  organizationId: string,
): Promise<{ raised: boolean }> {
  await db.query(
    `INSERT INTO event_organization (event_id, organization_id, org_limit)
     SELECT id, $2, per_organization_limit FROM event WHERE id = $1
     ON CONFLICT (event_id, organization_id) DO NOTHING`,
    [eventId, organizationId],
  );
  const [counter] = (await db.query(
    `SELECT org_limit IS NOT NULL AND confirmed_count >= org_limit AS full
       FROM event_organization WHERE event_id = $1 AND organization_id = $2 FOR UPDATE`,
    [eventId, organizationId],
  )) as { full: boolean }[];
  // FOR NO KEY UPDATE, as in claimSeatsBulk: the lock the UPDATE below takes anyway.
  const [event] = (await db.query(
    'SELECT capacity IS NOT NULL AND confirmed_count >= capacity AS full FROM event WHERE id = $1 FOR NO KEY UPDATE',
    [eventId],
  )) as { full: boolean }[];
  await db.query(
    `UPDATE event_organization
        SET org_limit = CASE WHEN $3 THEN confirmed_count + 1 ELSE org_limit END, confirmed_count = confirmed_count + 1
      WHERE event_id = $1 AND organization_id = $2`,
    [eventId, organizationId, counter!.full],
  );
  await db.query(
    `UPDATE event SET capacity = CASE WHEN $2 THEN confirmed_count + 1 ELSE capacity END,
                      confirmed_count = confirmed_count + 1
      WHERE id = $1`,
    [eventId, event!.full],
  );
  return { raised: counter!.full || event!.full };
}

/** Gives one confirmed seat back (a confirmed registration was cancelled). */
export async function releaseSeat(db: EntityManager, eventId: string, organizationId: string): Promise<void> {
  await releaseSeatsBulk(db, eventId, new Map([[organizationId, 1]]));
}

/**
 * Claims seats for several organizations at once (group and import paths): up to `count` each, as far as each
 * organization's quota and the event's capacity allow, in the order given. Locks every organization's counter
 * row (by id, the order single claims use too) before the event row. Returns the seats granted per organization.
 */
export async function claimSeatsBulk(
  db: EntityManager,
  eventId: string,
  requests: { organizationId: string; count: number }[],
): Promise<Map<string, number>> {
  const ids = requests.map((r) => r.organizationId);
  // Missing counter rows are created in id order too: an inserted row stays locked until commit, so two callers
  // inserting in different orders would deadlock.
  await db.query(
    `INSERT INTO event_organization (event_id, organization_id, org_limit)
     SELECT e.id, o.id, e.per_organization_limit FROM event e, unnest($2::uuid[]) AS o(id) WHERE e.id = $1
     ORDER BY o.id
     ON CONFLICT (event_id, organization_id) DO NOTHING`,
    [eventId, ids],
  );
  const counters = (await db.query(
    `SELECT organization_id AS "organizationId", org_limit AS "limit", confirmed_count AS "confirmed"
       FROM event_organization
      WHERE event_id = $1 AND organization_id = ANY($2::uuid[]) ORDER BY organization_id FOR UPDATE`,
    [eventId, ids],
  )) as { organizationId: string; limit: number | null; confirmed: number }[];
  // FOR NO KEY UPDATE, the lock an UPDATE of confirmed_count takes (as claim_seat's does): FOR UPDATE would also wait
  // for the FOR KEY SHARE lock that inserting a counter row (its foreign key) holds on the event row until commit, and
  // a caller that inserted one while waiting for a counter row this one holds would deadlock with it.
  const [event] = (await db.query(
    'SELECT capacity, confirmed_count AS "confirmed", status FROM event WHERE id = $1 FOR NO KEY UPDATE',
    [eventId],
  )) as { capacity: number | null; confirmed: number; status: string }[];
  // Under the event row's lock: a cancel that committed since the caller's reads refuses the whole claim.
  if (event!.status === 'cancelled') throw new DomainError(ErrorCode.EVENT_CANCELLED, 'This event has been cancelled');
  let eventRoom = event!.capacity === null ? Number.POSITIVE_INFINITY : event!.capacity - event!.confirmed;
  const byOrg = new Map(counters.map((c) => [c.organizationId, c]));
  const granted = new Map<string, number>();
  for (const { organizationId, count } of requests) {
    const counter = byOrg.get(organizationId)!;
    const orgRoom = counter.limit === null ? Number.POSITIVE_INFINITY : counter.limit - counter.confirmed;
    const grant = Math.max(0, Math.min(count, orgRoom, eventRoom));
    granted.set(organizationId, grant);
    eventRoom -= grant;
  }
  await moveCounters(db, eventId, granted, 1);
  return granted;
}

/** Gives back seats claimed but no longer held (cancelled, or claimed in bulk and not used). */
export async function releaseSeatsBulk(db: EntityManager, eventId: string, unused: Map<string, number>): Promise<void> {
  await moveCounters(db, eventId, unused, -1);
}

/** Adds (sign 1) or removes (sign -1) seats on the organizations' counters and the event's, in one pass each. */
async function moveCounters(
  db: EntityManager,
  eventId: string,
  seats: Map<string, number>,
  sign: 1 | -1,
): Promise<void> {
  const entries = [...seats].filter(([, n]) => n > 0);
  if (entries.length === 0) return;
  await db.query(
    `UPDATE event_organization eo SET confirmed_count = eo.confirmed_count + g.n
       FROM unnest($2::uuid[], $3::int[]) AS g(id, n)
      WHERE eo.event_id = $1 AND eo.organization_id = g.id`,
    [eventId, entries.map(([id]) => id), entries.map(([, n]) => sign * n)],
  );
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  await db.query('UPDATE event SET confirmed_count = confirmed_count + $2 WHERE id = $1', [eventId, sign * total]);
}

/**
 * Locks the event's counter rows, in the order claims take them, before the caller locks the event row: changing
 * the quota must not deadlock with a claim in flight.
 */
export async function lockSeatCounters(db: EntityManager, eventId: string): Promise<void> {
  await db.query('SELECT 1 FROM event_organization WHERE event_id = $1 ORDER BY organization_id FOR UPDATE', [eventId]);
}

/** Copies the event's new per-organization quota onto every counter row, so its CHECK backs the quota. */
export async function copyOrganizationLimit(db: EntityManager, eventId: string, limit: number | null): Promise<void> {
  try {
    await db.query('UPDATE event_organization SET org_limit = $2 WHERE event_id = $1', [eventId, limit]);
  } catch (error) {
    if (pgErrorCode(error) === PG_CHECK_VIOLATION && pgConstraint(error) === 'event_organization_within_limit') {
      throw new DomainError(
        ErrorCode.CAPACITY_BELOW_CONFIRMED,
        'perOrganizationLimit cannot be lower than the confirmed registrations an organization already has',
      );
    }
    throw error;
  }
}

export interface SeatCounter {
  organizationId: string;
  /** The quota copied from the event (null: none). */
  limit: number | null;
  confirmed: number;
}

/** The event's counter rows, by organization. */
export async function seatCounters(db: EntityManager, eventId: string): Promise<SeatCounter[]> {
  return (await db.query(
    `SELECT organization_id AS "organizationId", org_limit AS "limit", confirmed_count AS "confirmed"
       FROM event_organization WHERE event_id = $1 ORDER BY organization_id`,
    [eventId],
  )) as SeatCounter[];
}
