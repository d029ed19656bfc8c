import type { EntityManager } from 'typeorm';
import { ACTIVE_STATUSES, ATTENDED } from './summary.queries';

/**
 * The series summary's aggregates over the sessions the caller may see: three statements whatever the number of
 * sessions and people. People across sessions are told apart by email (a person has one registration per session).
 */

const FROM = `FROM registration r
                JOIN event e ON e.id = r.event_id
                LEFT JOIN attendance a ON a.registration_id = r.id`;

export interface SessionFigures {
  eventId: string;
  registered: number;
  attended: number;
  organizations: number;
  organizationsAttended: number;
}

export async function sessionFigures(db: EntityManager, eventIds: string[]): Promise<SessionFigures[]> {
  return (await db.query(
    `SELECT r.event_id AS "eventId",
            count(*) FILTER (WHERE r.status IN ${ACTIVE_STATUSES})::int AS registered,
            count(*) FILTER (WHERE ${ATTENDED})::int AS attended,
            count(DISTINCT r.organization_id) FILTER (WHERE r.status IN ${ACTIVE_STATUSES})::int AS organizations,
            count(DISTINCT r.organization_id) FILTER (WHERE ${ATTENDED})::int AS "organizationsAttended"
       ${FROM}
      WHERE r.event_id = ANY($1::uuid[])
      GROUP BY r.event_id`,
    [eventIds],
  )) as SessionFigures[];
}

/** Across the sessions, per region (regionCode set) and in all (regionCode null). */
export interface SeriesRegionFigures {
  regionCode: string | null;
  nameZh: string | null;
  nameEn: string | null;
  /** Distinct people (by email) and organizations; registrations and attendances count each session. */
  people: number;
  peopleAttended: number;
  organizations: number;
  organizationsAttended: number;
  registrations: number;
  attendances: number;
}

export async function seriesRegionFigures(db: EntityManager, eventIds: string[]): Promise<SeriesRegionFigures[]> {
  return (await db.query(
    `SELECT o.region_code AS "regionCode", min(g.name_zh) AS "nameZh", min(g.name_en) AS "nameEn",
            count(DISTINCT r.email_normalized) FILTER (WHERE r.status IN ${ACTIVE_STATUSES})::int AS people,
            count(DISTINCT r.email_normalized) FILTER (WHERE ${ATTENDED})::int AS "peopleAttended",
            count(DISTINCT r.organization_id) FILTER (WHERE r.status IN ${ACTIVE_STATUSES})::int AS organizations,
            count(DISTINCT r.organization_id) FILTER (WHERE ${ATTENDED})::int AS "organizationsAttended",
            count(*) FILTER (WHERE r.status IN ${ACTIVE_STATUSES})::int AS registrations,
            count(*) FILTER (WHERE ${ATTENDED})::int AS attendances
       ${FROM}
       JOIN organization o ON o.id = r.organization_id
       JOIN region g ON g.code = o.region_code
      WHERE r.event_id = ANY($1::uuid[])
      GROUP BY GROUPING SETS ((o.region_code), ())`,
    [eventIds],
  )) as SeriesRegionFigures[];
}

/** An organization registered for (or attending) more than one of the sessions. */
export interface ReturningOrganization {
  id: string;
  name: string;
  nameEn: string | null;
  regionCode: string;
  sessions: number;
  sessionsAttended: number;
}

export async function returningOrganizations(db: EntityManager, eventIds: string[]): Promise<ReturningOrganization[]> {
  return (await db.query(
    `SELECT o.id, o.name, o.name_en AS "nameEn", o.region_code AS "regionCode", t.sessions, t."sessionsAttended"
       FROM (SELECT r.organization_id,
                    count(DISTINCT r.event_id) FILTER (WHERE r.status IN ${ACTIVE_STATUSES})::int AS sessions,
                    count(DISTINCT r.event_id) FILTER (WHERE ${ATTENDED})::int AS "sessionsAttended"
               ${FROM}
              WHERE r.event_id = ANY($1::uuid[])
              GROUP BY r.organization_id) t
       JOIN organization o ON o.id = t.organization_id
      WHERE t.sessions > 1 OR t."sessionsAttended" > 1
      ORDER BY t.sessions DESC, t."sessionsAttended" DESC, o.name, o.id`,
    [eventIds],
  )) as ReturningOrganization[];
}
