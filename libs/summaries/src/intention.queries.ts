import type { EntityManager } from 'typeorm';
import type { IntentionField, IntentionStatus, IntentionView } from './intention.types';

/** Every statement on cooperation_intention and intention_party. */

const COLUMNS = `
  i.id, i.title, i.field, i.status, i.signed_at AS "signedAt", i.created_at AS "createdAt", i.updated_at AS "updatedAt",
  (SELECT coalesce(json_agg(json_build_object('id', o.id, 'name', o.name, 'nameEn', o.name_en, 'regionCode', o.region_code)
                            ORDER BY o.name, o.id), '[]')
     FROM intention_party p JOIN organization o ON o.id = p.organization_id
    WHERE p.intention_id = i.id) AS parties`;

type Row = Omit<IntentionView, 'signedAt'> & { signedAt: Date | null };

export interface IntentionFields {
  title: string;
  field: IntentionField;
  status: IntentionStatus;
  signedAt: Date | null;
}

/** A new intention of the event between these organizations; returns its id. */
export async function insertIntention(
  db: EntityManager,
  eventId: string,
  intention: IntentionFields,
  organizationIds: string[],
): Promise<string> {
  const [row] = (await db.query(
    `WITH i AS (
       INSERT INTO cooperation_intention (event_id, title, field, status, signed_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING id
     ), p AS (
       INSERT INTO intention_party (intention_id, organization_id) SELECT i.id, unnest($6::uuid[]) FROM i
     )
     SELECT id FROM i`,
    [eventId, intention.title, intention.field, intention.status, intention.signedAt, organizationIds],
  )) as { id: string }[];
  return row!.id;
}

/** The intention of this event, locked for the rest of the transaction when `lock`. */
export async function intentionOfEvent(
  db: EntityManager,
  eventId: string,
  id: string,
  lock = false,
): Promise<IntentionView | undefined> {
  const [row] = (await db.query(
    `SELECT ${COLUMNS} FROM cooperation_intention i WHERE i.event_id = $1 AND i.id = $2 ${lock ? 'FOR UPDATE' : ''}`,
    [eventId, id],
  )) as Row[];
  return row;
}

export async function updateIntention(db: EntityManager, id: string, intention: IntentionFields): Promise<void> {
  await db.query(
    `UPDATE cooperation_intention SET title = $2, field = $3, status = $4, signed_at = $5, updated_at = now()
      WHERE id = $1`,
    [id, intention.title, intention.field, intention.status, intention.signedAt],
  );
}

/** Every intention of the event, oldest first, with its parties. */
export async function intentionsOfEvent(db: EntityManager, eventId: string): Promise<IntentionView[]> {
  return (await db.query(
    `SELECT ${COLUMNS} FROM cooperation_intention i WHERE i.event_id = $1 ORDER BY i.created_at, i.id`,
    [eventId],
  )) as Row[];
}
