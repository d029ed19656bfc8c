import type { EntityManager } from 'typeorm';

/**
 * Every statement on the link tables (registration_link, registration_group_link) and on the token hashes kept on
 * registration and registration_group rows: looking a link up by its hash, issuing links, revoking them. Links are
 * an aggregate of their own, used by registrations (manage and group links) and by messages (join, unsubscribe,
 * and issuing links when a message is sent).
 */

export interface FoundLink {
  /** The registration (or group) the link opens. */
  id: string;
  /** The stored hash that matched, for the caller's constant-time comparison. */
  hash: Buffer;
  /** The event's end, from which the link's lifetime runs. */
  eventEndsAt: Date;
}

/**
 * The registration behind a manage-link hash: the token given when registering, or one issued in a message since,
 * of the registration's current generation (a place handed to someone else retires the previous person's links).
 */
export async function findManageLink(db: EntityManager, hash: Buffer): Promise<FoundLink | undefined> {
  const [found] = (await db.query(
    `SELECT x.id, x.hash, e.ends_at
       FROM (SELECT id, manage_token_hash AS hash FROM registration WHERE manage_token_hash = $1
             UNION ALL
             SELECT l.registration_id, l.token_hash
               FROM registration_link l JOIN registration r ON r.id = l.registration_id
              WHERE l.token_hash = $1 AND l.purpose = 'manage' AND l.generation = r.link_generation
             LIMIT 1) x
       JOIN registration r ON r.id = x.id JOIN event e ON e.id = r.event_id`,
    [hash],
  )) as { id: string; hash: Buffer; ends_at: Date }[];
  return found && { id: found.id, hash: found.hash, eventEndsAt: found.ends_at };
}

/** The group behind a group-link hash: the token given when the group was made, or one issued in a message since. */
export async function findGroupLink(db: EntityManager, hash: Buffer): Promise<FoundLink | undefined> {
  const [found] = (await db.query(
    `SELECT x.group_id AS id, x.hash, e.ends_at
       FROM (SELECT id AS group_id, manage_token_hash AS hash FROM registration_group WHERE manage_token_hash = $1
             UNION ALL
             SELECT group_id, token_hash FROM registration_group_link WHERE token_hash = $1
             LIMIT 1) x
       JOIN registration_group g ON g.id = x.group_id
       JOIN event e ON e.id = g.event_id`,
    [hash],
  )) as { id: string; hash: Buffer; ends_at: Date }[];
  return found && { id: found.id, hash: found.hash, eventEndsAt: found.ends_at };
}

/** Removes every link issued for a registration (its place was handed to someone else). */
export async function deleteRegistrationLinks(db: EntityManager, registrationId: string): Promise<void> {
  await db.query('DELETE FROM registration_link WHERE registration_id = $1', [registrationId]);
}
