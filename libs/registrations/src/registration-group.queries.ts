import type { Answers } from '@tongxin/events';
import type { EntityManager } from 'typeorm';
import type { Locale } from './registration.types';

/**
 * Every statement on registration_group: a delegate's group of one organization's people at one event. Its
 * attendees are registrations (registration.queries.ts groupMembers); group-link lookups by token hash live with the
 * other links (@tongxin/outbox link.queries.ts).
 */

export interface GroupRecord {
  id: string;
  eventId: string;
  organization: { id: string; name: string };
  delegate: { name: string; email: string; phone: string | null };
  /** Answers given once for the whole group (also stored on each of its people). */
  answers: Answers;
}

export async function insertGroup(
  db: EntityManager,
  group: {
    eventId: string;
    organizationId: string;
    delegate: { name: string; email: string; phone: string | null };
    tokenHash: Buffer;
    locale: Locale;
    answers: Answers;
  },
): Promise<string> {
  const [row] = (await db.query(
    `INSERT INTO registration_group (event_id, organization_id, delegate_name, delegate_email, delegate_phone,
                                     manage_token_hash, locale, answers)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      group.eventId,
      group.organizationId,
      group.delegate.name,
      group.delegate.email,
      group.delegate.phone,
      group.tokenHash,
      group.locale,
      group.answers,
    ],
  )) as { id: string }[];
  return row!.id;
}

export async function groupById(db: EntityManager, id: string): Promise<GroupRecord | undefined> {
  const [row] = (await db.query(
    `SELECT g.id, g.event_id AS "eventId", g.organization_id AS "organizationId", o.name AS "organizationName",
            g.delegate_name AS "delegateName", g.delegate_email AS "delegateEmail", g.delegate_phone AS "delegatePhone",
            g.answers
       FROM registration_group g JOIN organization o ON o.id = g.organization_id WHERE g.id = $1`,
    [id],
  )) as {
    id: string;
    eventId: string;
    organizationId: string;
    organizationName: string;
    delegateName: string;
    delegateEmail: string;
    delegatePhone: string | null;
    answers: Answers;
  }[];
  return (
    row && {
      id: row.id,
      eventId: row.eventId,
      organization: { id: row.organizationId, name: row.organizationName },
      delegate: { name: row.delegateName, email: row.delegateEmail, phone: row.delegatePhone },
      answers: row.answers,
    }
  );
}

/** An event's groups, oldest first, with their delegates (the organizers' list of group registrations). */
export async function groupsOfEvent(
  db: EntityManager,
  eventId: string,
): Promise<(GroupRecord & { createdAt: Date })[]> {
  const rows = (await db.query(
    `SELECT g.id, g.event_id AS "eventId", g.organization_id AS "organizationId", o.name AS "organizationName",
            g.delegate_name AS "delegateName", g.delegate_email AS "delegateEmail", g.delegate_phone AS "delegatePhone",
            g.answers, g.created_at AS "createdAt"
       FROM registration_group g JOIN organization o ON o.id = g.organization_id
      WHERE g.event_id = $1
      ORDER BY g.created_at, g.id`,
    [eventId],
  )) as {
    id: string;
    eventId: string;
    organizationId: string;
    organizationName: string;
    delegateName: string;
    delegateEmail: string;
    delegatePhone: string | null;
    answers: Answers;
    createdAt: Date;
  }[];
  return rows.map((row) => ({
    id: row.id,
    eventId: row.eventId,
    organization: { id: row.organizationId, name: row.organizationName },
    delegate: { name: row.delegateName, email: row.delegateEmail, phone: row.delegatePhone },
    answers: row.answers,
    createdAt: row.createdAt,
  }));
}

export async function groupCount(db: EntityManager, eventId: string): Promise<number> {
  const [row] = (await db.query('SELECT count(*)::int AS n FROM registration_group WHERE event_id = $1', [
    eventId,
  ])) as {
    n: number;
  }[];
  return row!.n;
}
