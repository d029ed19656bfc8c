import type { EntityManager } from 'typeorm';

/**
 * Every statement on the link tables (registration_link, registration_group_link) and on the token hashes kept on
 * registration and registration_group rows: looking a link up by its hash, issuing links, revoking them. Links are
 * an aggregate of their own, used by registrations (manage and group links) and by messages (join, unsubscribe,
 * and issuing links when a message is sent). One exception: the links of a message to a registration are issued
 * inside `claimForSending` (outbox-sending.queries.ts), in the claim's own statement, so that the links and the
 * address they are sent to are read in one snapshot.
 */

/** What a registration_link opens. */
export const REGISTRATION_LINK_PURPOSES = ['manage', 'join', 'unsubscribe'] as const;
export type LinkPurpose = (typeof REGISTRATION_LINK_PURPOSES)[number];

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

/**
 * The registration link of this purpose behind a hash, of the registration's current generation (a place handed to
 * someone else retires every link of the person before), with the hash that matched.
 */
async function findRegistrationLink<T>(db: EntityManager, hash: Buffer, purpose: LinkPurpose, columns: string) {
  const [found] = (await db.query(
    `SELECT l.token_hash AS hash, ${columns}
       FROM registration_link l JOIN registration r ON r.id = l.registration_id JOIN event e ON e.id = r.event_id
      WHERE l.token_hash = $1 AND l.purpose = $2 AND l.generation = r.link_generation`,
    [hash, purpose],
  )) as (T & { hash: Buffer })[];
  return found;
}

export interface FoundJoinLink {
  hash: Buffer;
  registrationId: string;
  eventId: string;
  joinUrl: string | null;
  eventEndsAt: Date;
  registrationStatus: string;
  eventStatus: string;
}

/** Where a personal join link leads, and what decides whether it may. */
export function findJoinLink(db: EntityManager, hash: Buffer): Promise<FoundJoinLink | undefined> {
  return findRegistrationLink<Omit<FoundJoinLink, 'hash'>>(
    db,
    hash,
    'join',
    `r.id AS "registrationId", r.event_id AS "eventId", e.join_url AS "joinUrl", e.ends_at AS "eventEndsAt", r.status AS "registrationStatus", e.status AS "eventStatus"`,
  );
}

export interface FoundUnsubscribeLink {
  hash: Buffer;
  eventId: string;
  eventTitle: string;
  email: string;
  /** The address has already opted out of the event's announcements. */
  unsubscribed: boolean;
}

/** The event and address an unsubscribe link stands for. */
export function findUnsubscribeLink(db: EntityManager, hash: Buffer): Promise<FoundUnsubscribeLink | undefined> {
  return findRegistrationLink<Omit<FoundUnsubscribeLink, 'hash'>>(
    db,
    hash,
    'unsubscribe',
    `r.event_id AS "eventId", e.title AS "eventTitle", r.email_normalized AS email,
     EXISTS (SELECT 1 FROM announcement_opt_out x WHERE x.event_id = r.event_id AND x.email_normalized = r.email_normalized) AS unsubscribed`,
  );
}

/** The registration an address has for an event, as a mail addressed to it shows it, and the links issued to it. */
export interface AddressLinks {
  registrationId: string;
  name: string;
  locale: string;
  status: string;
  organizationName: string;
  /** The purposes of the offered tokens that were issued. */
  issued: LinkPurpose[];
}

/**
 * Finds the address's registration for the event and, in the same statement (one snapshot), issues the offered
 * manage link and, when it is confirmed for an event with a join URL, the offered join link, stamped with the
 * registration's link generation: should the place be handed to someone else meanwhile, the links die with the
 * hand-over. Nothing when the address has no registration for the event.
 */
export async function issueLinksToAddress(
  db: EntityManager,
  eventId: string,
  email: string,
  offered: { purpose: 'manage' | 'join'; hash: Buffer }[],
): Promise<AddressLinks | undefined> {
  const [found] = (await db.query(
    `WITH found AS (
       SELECT r.id, r.name, r.locale, r.status, r.link_generation, o.name AS organization_name, e.join_url IS NOT NULL AS online
         FROM registration r JOIN organization o ON o.id = r.organization_id JOIN event e ON e.id = r.event_id
        WHERE r.event_id = $1 AND r.email_normalized = $2
     ), issued AS (
       INSERT INTO registration_link (token_hash, registration_id, purpose, generation)
       SELECT t.hash, f.id, t.purpose, f.link_generation
         FROM found f, unnest($3::text[], $4::bytea[]) AS t(purpose, hash)
        WHERE t.purpose = 'manage' OR (t.purpose = 'join' AND f.online AND f.status = 'confirmed')
       RETURNING purpose
     )
     SELECT f.id AS "registrationId", f.name, f.locale, f.status, f.organization_name AS "organizationName",
            array(SELECT purpose FROM issued) AS issued
       FROM found f`,
    [eventId, email, offered.map((o) => o.purpose), offered.map((o) => o.hash)],
  )) as AddressLinks[];
  return found;
}

/**
 * Issues the join link with this hash to the registration if it may join online now (confirmed, for an event with a
 * join URL), stamped with its link generation; a link with this hash already issued is kept (the manage view derives
 * the same join token from the same manage token each time). Returns whether the registration may join online.
 */
export async function issueJoinLink(db: EntityManager, registrationId: string, hash: Buffer): Promise<boolean> {
  const [row] = (await db.query(
    `WITH allowed AS (
       SELECT r.id, r.link_generation FROM registration r JOIN event e ON e.id = r.event_id
        WHERE r.id = $1 AND r.status = 'confirmed' AND e.join_url IS NOT NULL
     ), issued AS (
       INSERT INTO registration_link (token_hash, registration_id, purpose, generation)
       SELECT $2, id, 'join', link_generation FROM allowed
       ON CONFLICT (token_hash) DO NOTHING
     )
     SELECT EXISTS (SELECT 1 FROM allowed) AS allowed`,
    [registrationId, hash],
  )) as { allowed: boolean }[];
  return row!.allowed;
}

/** Issues a group link for each of these groups (a fresh token each: only hashes are kept). */
export async function issueGroupLinks(db: EntityManager, links: { groupId: string; hash: Buffer }[]): Promise<void> {
  if (links.length === 0) return;
  await db.query(
    `INSERT INTO registration_group_link (token_hash, group_id) SELECT * FROM unnest($1::bytea[], $2::uuid[])`,
    [links.map((l) => l.hash), links.map((l) => l.groupId)],
  );
}
