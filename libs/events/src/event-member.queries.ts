import type { EntityManager } from 'typeorm';
import type { TeamRole } from './event.types';

/** Every statement on event_member: who is on an event's team, in which role. */

/**
 * The organizer's role on the event, undefined when they are not on its team (or there is no such event). With
 * lockEvent the event row is locked for the rest of the transaction.
 */
export async function roleOnEvent(
  db: EntityManager,
  eventId: string,
  organizerId: string,
  lockEvent = false,
): Promise<TeamRole | undefined> {
  const [row] = (await db.query(
    `SELECT m.role FROM event e JOIN event_member m ON m.event_id = e.id AND m.organizer_id = $2
      WHERE e.id = $1 ${lockEvent ? 'FOR UPDATE OF e' : ''}`,
    [eventId, organizerId],
  )) as { role: TeamRole }[];
  return row?.role;
}

/** The organizer's role on each of these events whose team they are on (one statement for all of them). */
export async function rolesOnEvents(
  db: EntityManager,
  eventIds: string[],
  organizerId: string,
): Promise<Map<string, TeamRole>> {
  const rows = (await db.query(
    'SELECT event_id AS "eventId", role FROM event_member WHERE event_id = ANY ($1::uuid[]) AND organizer_id = $2',
    [eventIds, organizerId],
  )) as { eventId: string; role: TeamRole }[];
  return new Map(rows.map((r) => [r.eventId, r.role]));
}

/** Puts the organizer on the team in this role (or changes their role). */
export async function putMember(
  db: EntityManager,
  eventId: string,
  organizerId: string,
  role: TeamRole,
): Promise<void> {
  await db.query(
    `INSERT INTO event_member (event_id, organizer_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (event_id, organizer_id) DO UPDATE SET role = EXCLUDED.role`,
    [eventId, organizerId, role],
  );
}

/** Takes the organizer off the team; false when they were not on it. */
export async function deleteMember(db: EntityManager, eventId: string, organizerId: string): Promise<boolean> {
  // As a CTE: TypeORM returns a DELETE's rows as [rows, count], a SELECT's as rows.
  const removed = (await db.query(
    'WITH removed AS (DELETE FROM event_member WHERE event_id = $1 AND organizer_id = $2 RETURNING organizer_id) SELECT * FROM removed',
    [eventId, organizerId],
  )) as unknown[];
  return removed.length > 0;
}

export async function ownerCount(db: EntityManager, eventId: string): Promise<number> {
  const [row] = (await db.query(
    `SELECT count(*)::int AS owners FROM event_member WHERE event_id = $1 AND role = 'owner'`,
    [eventId],
  )) as { owners: number }[];
  return row!.owners;
}

/** A team member as the team routes show them: with their account's email and name. */
export interface TeamMember {
  organizerId: string;
  email: string;
  name: string;
  role: TeamRole;
  addedAt: Date;
}

export async function teamOf(db: EntityManager, eventId: string): Promise<TeamMember[]> {
  return (await db.query(
    `SELECT m.organizer_id AS "organizerId", o.email, o.name, m.role, m.created_at AS "addedAt"
       FROM event_member m JOIN organizer o ON o.id = m.organizer_id
      WHERE m.event_id = $1
      ORDER BY m.created_at, o.email`,
    [eventId],
  )) as TeamMember[];
}

/** Puts another event's team on this one, each in the same role (members it already has keep theirs). */
export async function copyTeam(db: EntityManager, fromId: string, toId: string): Promise<void> {
  await db.query(
    `INSERT INTO event_member (event_id, organizer_id, role)
     SELECT $2, organizer_id, role FROM event_member WHERE event_id = $1
     ON CONFLICT (event_id, organizer_id) DO NOTHING`,
    [fromId, toId],
  );
}
