import { ATTENDED_SQL, JOINED_DURING_EVENT_SQL } from '@tongxin/attendance';
import type { RegistrationStatus } from '@tongxin/registrations';
import type { EntityManager } from 'typeorm';
import type { IntentionField, IntentionStatus } from './intention.types';
import type { MessageFigures, OrganizationFigures } from './summary.types';

/**
 * The event summary's aggregates: a fixed number of statements whatever the event's size (one per organization
 * figures, one for everything else the event owns), so no statement runs per organization, region or row.
 */

/** Registrations that still stand: not cancelled, not rejected. */
export const ACTIVE_STATUSES = `('confirmed', 'waitlisted', 'pending')`;
const STANDING = `r.status IN ${ACTIVE_STATUSES}`;

/**
 * A registration attended when it still stands (not cancelled or rejected) and was checked in at the door, joined
 * through its join link, or was online long enough by the meeting platform's export: the definition
 * `GET /api/events/:id/attendance` counts by too. Over `registration r`, `LEFT JOIN attendance a`, `event e`.
 */
export const ATTENDED = `(r.status IN ${ACTIVE_STATUSES} AND ${ATTENDED_SQL})`;

/** The event's session before which returning organizations are looked for. */
export interface EarlierSessions {
  seriesId: string;
  sequenceNo: number;
}

type Row = Omit<OrganizationFigures, 'region' | 'byStatus' | 'registered'> &
  Record<RegistrationStatus, number> & { regionCode: string; regionNameZh: string; regionNameEn: string };

/**
 * Per organization with registrations for the event: counts by status and by way of attending, and whether it was
 * registered for an earlier session of the series (one index probe per organization and earlier session).
 *
 * The join of registrations with attendance runs as a merge join over two index-only scans in registration order
 * (the covering indexes of migration SummaryIndexes): for 100,000 registrations about 40 ms against 70-95 ms for the
 * hash join the planner otherwise picks from its estimates. Hash joins are turned off for this one statement (SET
 * LOCAL, so only inside the caller's transaction, then reset).
 */
export async function organizationFigures(
  db: EntityManager,
  eventId: string,
  earlier: EarlierSessions | null,
): Promise<OrganizationFigures[]> {
  await db.query('SET LOCAL enable_hashjoin = off');
  const rows = (await db.query(
    `WITH per_org AS (
       SELECT r.organization_id,
              count(*) FILTER (WHERE r.status = 'confirmed')::int AS confirmed,
              count(*) FILTER (WHERE r.status = 'waitlisted')::int AS waitlisted,
              count(*) FILTER (WHERE r.status = 'pending')::int AS pending,
              count(*) FILTER (WHERE r.status = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE r.status = 'rejected')::int AS rejected,
              count(*) FILTER (WHERE ${ATTENDED})::int AS attended,
              count(*) FILTER (WHERE ${ATTENDED} AND r.status = 'confirmed')::int AS "confirmedAttended",
              count(*) FILTER (WHERE ${STANDING} AND a.checked_in_at IS NOT NULL)::int AS "checkedIn",
              count(*) FILTER (WHERE ${STANDING} AND ${JOINED_DURING_EVENT_SQL})::int AS "joinedOnline",
              count(*) FILTER (WHERE ${STANDING} AND a.imported_minutes >= e.attended_min_minutes)::int
                AS "attendedByImport"
         FROM registration r
         JOIN event e ON e.id = r.event_id
         LEFT JOIN attendance a ON a.event_id = r.event_id AND a.registration_id = r.id
        WHERE r.event_id = $1
        GROUP BY r.organization_id
     )
     SELECT o.id, o.name, o.name_en AS "nameEn", o.type, o.region_code AS "regionCode", g.name_zh AS "regionNameZh",
            g.name_en AS "regionNameEn", per_org.*,
            EXISTS (SELECT 1 FROM registration x
                     WHERE x.organization_id = o.id
                       AND x.event_id = ANY (ARRAY(SELECT id FROM event WHERE series_id = $2 AND sequence_no < $3))
                       AND x.status IN ${ACTIVE_STATUSES}) AS "inEarlierSession"
       FROM per_org
       JOIN organization o ON o.id = per_org.organization_id
       JOIN region g ON g.code = o.region_code`,
    [eventId, earlier?.seriesId ?? null, earlier?.sequenceNo ?? 0],
  )) as Row[];
  await db.query('RESET enable_hashjoin');
  return rows.map(
    ({ regionCode, regionNameZh, regionNameEn, confirmed, waitlisted, pending, cancelled, rejected, ...o }) => ({
      id: o.id,
      name: o.name,
      nameEn: o.nameEn,
      type: o.type,
      region: { code: regionCode, nameZh: regionNameZh, nameEn: regionNameEn },
      byStatus: { confirmed, waitlisted, pending, cancelled, rejected },
      registered: confirmed + waitlisted + pending,
      attended: o.attended,
      confirmedAttended: o.confirmedAttended,
      checkedIn: o.checkedIn,
      joinedOnline: o.joinedOnline,
      attendedByImport: o.attendedByImport,
      inEarlierSession: o.inEarlierSession,
    }),
  );
}

/** What else the event owns, in one statement: mail by kind, intentions, people who joined without registering. */
export interface EventSideFigures {
  attendedMinMinutes: number;
  messages: MessageFigures[];
  intentions: { field: IntentionField; status: IntentionStatus; count: number; onSite: number }[];
  unregisteredParticipants: number;
  unregisteredAttended: number;
}

/**
 * Intentions signed "on site" were signed on one of the event's days, in its time zone. Unregistered participants
 * attended by the same threshold as registered ones.
 */
export async function eventSideFigures(db: EntityManager, eventId: string): Promise<EventSideFigures> {
  const [row] = (await db.query(
    `SELECT e.attended_min_minutes AS "attendedMinMinutes",
            (SELECT coalesce(json_agg(m ORDER BY m.kind), '[]')
               FROM (SELECT kind, count(*) FILTER (WHERE status = 'sent')::int AS sent,
                            count(*) FILTER (WHERE status = 'failed')::int AS failed
                       FROM outbox_message WHERE event_id = e.id GROUP BY kind) m) AS messages,
            (SELECT coalesce(json_agg(i), '[]')
               FROM (SELECT field, status, count(*)::int AS count,
                            count(*) FILTER (WHERE (signed_at AT TIME ZONE e.timezone)::date
                                               BETWEEN (e.starts_at AT TIME ZONE e.timezone)::date
                                                   AND (e.ends_at AT TIME ZONE e.timezone)::date)::int AS "onSite"
                       FROM cooperation_intention WHERE event_id = e.id GROUP BY field, status) i) AS intentions,
            (SELECT count(*)::int FROM unregistered_participant u WHERE u.event_id = e.id) AS "unregisteredParticipants",
            (SELECT count(*)::int FROM unregistered_participant u
              WHERE u.event_id = e.id AND u.minutes >= e.attended_min_minutes) AS "unregisteredAttended"
       FROM event e WHERE e.id = $1`,
    [eventId],
  )) as EventSideFigures[];
  return row!;
}

/** One person of the event as the summary workbook lists them (personal data: owners and managers only). */
export interface AttendeeRow {
  name: string;
  email: string;
  phone: string | null;
  jobTitle: string | null;
  organization: string;
  region: string;
  status: RegistrationStatus;
  checkedInAt: Date | null;
  firstJoinAt: Date | null;
  importedMinutes: number | null;
  attended: boolean;
}

export async function attendeeRows(db: EntityManager, eventId: string): Promise<AttendeeRow[]> {
  return (await db.query(
    `SELECT r.name, r.email_normalized AS email, r.phone, r.job_title AS "jobTitle", o.name AS organization,
            g.name_zh AS region, r.status, a.checked_in_at AS "checkedInAt", a.first_join_at AS "firstJoinAt",
            a.imported_minutes AS "importedMinutes", coalesce(${ATTENDED}, false) AS attended
       FROM registration r
       JOIN event e ON e.id = r.event_id
       JOIN organization o ON o.id = r.organization_id
       JOIN region g ON g.code = o.region_code
       LEFT JOIN attendance a ON a.registration_id = r.id
      WHERE r.event_id = $1
      ORDER BY o.name, o.id, r.name, r.id`,
    [eventId],
  )) as AttendeeRow[];
}
