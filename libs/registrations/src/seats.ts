import { DomainError, ErrorCode, PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION, pgConstraint, pgErrorCode } from '@tongxin/common';
import type { EntityManager } from 'typeorm';

/**
 * Seat accounting. Every path that confirms a registration claims through the SQL function claim_seat (migration
 * SeatClaimFunctions): it locks the organization's counter row first and the event row second, always in that
 * order, so two claims never deadlock, and re-checks each limit under its lock, so no interleaving oversells.
 * The CHECK constraints event_confirmed_within_capacity and event_organization_within_limit are the backstop.
 */
export async function claimSeat(
  db: EntityManager,
  eventId: string,
  organizationId: string,
  /** When given, this registration becomes confirmed if the seat is claimed. */
  registrationId?: string,
): Promise<boolean> {
  const [{ claimed }] = (await db.query('SELECT claim_seat($1, $2) AS claimed', [eventId, organizationId])) as {
    claimed: boolean;
  }[];
  if (claimed && registrationId) {
    await db.query(
      `UPDATE registration SET status = 'confirmed', confirmed_at = now(), updated_at = now() WHERE id = $1`,
      [registrationId],
    );
  }
  return claimed;
}

export interface NewRegistration {
  name: string;
  email: string;
  phone: string | null;
  jobTitle: string | null;
  locale: string;
  tokenHash: Buffer;
  idempotencyKey: string | null;
}

/**
 * The hot path of public registration, one round trip: register_and_claim claims a seat (unless approval is
 * required), inserts the registration and owes its confirmation message, atomically. Returns undefined when the email or idempotency key is
 * already registered (the call, claim included, was aborted).
 */
export async function insertAndClaim(
  db: EntityManager,
  eventId: string,
  organizationId: string,
  r: NewRegistration,
  pending = false,
): Promise<{ id: string; status: 'confirmed' | 'waitlisted' | 'pending'; messageId: string } | undefined> {
  try {
    const [row] = (await db.query(
      `SELECT registration_id AS id, registration_status AS status, message_id AS "messageId"
         FROM register_and_claim($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [eventId, organizationId, r.name, r.email, r.phone, r.jobTitle, r.locale, r.tokenHash, r.idempotencyKey, pending],
    )) as { id: string; status: 'confirmed' | 'waitlisted' | 'pending'; messageId: string }[];
    return row;
  } catch (error) {
    const code = pgErrorCode(error);
    if (code === PG_UNIQUE_VIOLATION && pgConstraint(error) !== 'registration_manage_token_key') return undefined;
    if (code === PG_FOREIGN_KEY_VIOLATION) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'organization.id is not a known organization', {
        fields: [{ field: 'organization.id', errors: ['organization not found'] }],
      });
    }
    throw error;
  }
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
  if (!next || !(await claimSeat(db, eventId, next.organization_id, next.id))) return undefined;
  return next.id;
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
  await db.query(
    `INSERT INTO event_organization (event_id, organization_id, org_limit)
     SELECT e.id, o.id, e.per_organization_limit FROM event e, unnest($2::uuid[]) AS o(id) WHERE e.id = $1
     ON CONFLICT (event_id, organization_id) DO NOTHING`,
    [eventId, ids],
  );
  const counters = (await db.query(
    `SELECT organization_id, org_limit, confirmed_count FROM event_organization
      WHERE event_id = $1 AND organization_id = ANY($2::uuid[]) ORDER BY organization_id FOR UPDATE`,
    [eventId, ids],
  )) as { organization_id: string; org_limit: number | null; confirmed_count: number }[];
  const [event] = (await db.query('SELECT capacity, confirmed_count FROM event WHERE id = $1 FOR UPDATE', [eventId])) as {
    capacity: number | null;
    confirmed_count: number;
  }[];
  let eventRoom = event!.capacity === null ? Number.POSITIVE_INFINITY : event!.capacity - event!.confirmed_count;
  const byOrg = new Map(counters.map((c) => [c.organization_id, c]));
  const granted = new Map<string, number>();
  for (const { organizationId, count } of requests) {
    const counter = byOrg.get(organizationId)!;
    const orgRoom = counter.org_limit === null ? Number.POSITIVE_INFINITY : counter.org_limit - counter.confirmed_count;
    const grant = Math.max(0, Math.min(count, orgRoom, eventRoom));
    granted.set(organizationId, grant);
    eventRoom -= grant;
  }
  const grantedIds = [...granted].filter(([, n]) => n > 0);
  if (grantedIds.length > 0) {
    await db.query(
      `UPDATE event_organization eo SET confirmed_count = eo.confirmed_count + g.n
         FROM unnest($2::uuid[], $3::int[]) AS g(id, n)
        WHERE eo.event_id = $1 AND eo.organization_id = g.id`,
      [eventId, grantedIds.map(([id]) => id), grantedIds.map(([, n]) => n)],
    );
    const total = grantedIds.reduce((sum, [, n]) => sum + n, 0);
    await db.query('UPDATE event SET confirmed_count = confirmed_count + $2 WHERE id = $1', [eventId, total]);
  }
  return granted;
}

/** Gives back seats claimed in bulk but not used (a registration lost an insert race). */
export async function releaseSeatsBulk(db: EntityManager, eventId: string, unused: Map<string, number>): Promise<void> {
  const entries = [...unused].filter(([, n]) => n > 0);
  if (entries.length === 0) return;
  await db.query(
    `UPDATE event_organization eo SET confirmed_count = eo.confirmed_count - g.n
       FROM unnest($2::uuid[], $3::int[]) AS g(id, n)
      WHERE eo.event_id = $1 AND eo.organization_id = g.id`,
    [eventId, entries.map(([id]) => id), entries.map(([, n]) => n)],
  );
  await db.query('UPDATE event SET confirmed_count = confirmed_count - $2 WHERE id = $1', [
    eventId,
    entries.reduce((sum, [, n]) => sum + n, 0),
  ]);
}
