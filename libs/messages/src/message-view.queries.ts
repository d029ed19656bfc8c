import type { EntityManager } from 'typeorm';

/**
 * A read model, not a table's home: reads that exist only to build a message, over tables whose statements live
 * elsewhere (registration_group and registration with the registrations lib). Kept beside the sender so a change to
 * what a mail shows is made in one place. (What a message to a registration shows is read by the claim itself:
 * `claimForSending` in libs/outbox outbox-sending.queries.ts.)
 */

/** A group as a group-link mail shows it, with its delegate. */
export interface DelegatedGroup {
  id: string;
  delegateName: string;
  delegateEmail: string;
  locale: string;
  organizationName: string;
}

/** The group a group_link is for, or every group the address is the delegate of at the event; oldest first. */
export async function delegatedGroups(
  db: EntityManager,
  of: { groupId: string } | { eventId: string; delegateEmail: string },
): Promise<DelegatedGroup[]> {
  return (await db.query(
    `SELECT g.id, g.delegate_name AS "delegateName", g.delegate_email AS "delegateEmail", g.locale, o.name AS "organizationName"
       FROM registration_group g JOIN organization o ON o.id = g.organization_id
      WHERE CASE WHEN $1::uuid IS NOT NULL THEN g.id = $1 ELSE g.event_id = $2 AND g.delegate_email = $3 END
      ORDER BY g.created_at, g.id`,
    'groupId' in of ? [of.groupId, null, null] : [null, of.eventId, of.delegateEmail],
  )) as DelegatedGroup[];
}

/** Everyone in these groups with their current status, in the order they were registered. */
export async function groupPeople(
  db: EntityManager,
  groupIds: string[],
): Promise<{ groupId: string; name: string; status: string }[]> {
  return (await db.query(
    `SELECT group_id AS "groupId", name, status FROM registration WHERE group_id = ANY($1::uuid[]) ORDER BY created_at, id`,
    [groupIds],
  )) as { groupId: string; name: string; status: string }[];
}
