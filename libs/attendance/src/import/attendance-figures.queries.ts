import { ATTENDED_SQL, JOINED_DURING_EVENT_SQL } from '../attendance.queries';
import type { EntityManager } from 'typeorm';

/*
 * Live attendance figures of an event: three aggregates (totals, by organization, by region), whatever the number
 * of people. "Registered" is every registration not cancelled or rejected; a registration attended when it was
 * checked in at the door, joined through its personal join link, or has imported minutes at or above the event's
 * attended_min_minutes; each counts once however many of these it has.
 */

export interface AttendanceTotals {
  registered: number;
  confirmed: number;
  checkedIn: number;
  joinedOnline: number;
  attendedByImport: number;
  attended: number;
  /** Confirmed registrations that attended: the numerator of the attendance rate. */
  confirmedAttended: number;
  unregisteredParticipants: number;
}

export interface OrganizationAttendance {
  organizationId: string;
  name: string;
  registered: number;
  confirmed: number;
  attended: number;
}

export interface RegionAttendance {
  regionCode: string;
  nameZh: string;
  nameEn: string;
  /** Organizations with at least one registration. */
  organizations: number;
  registered: number;
  attended: number;
}

/** The event's registered people, each with whether they attended (by any way). */
const PEOPLE = `
  SELECT r.id, r.status, r.organization_id,
         a.checked_in_at IS NOT NULL AS checked_in,
         coalesce(${JOINED_DURING_EVENT_SQL}, false) AS joined,
         coalesce(a.imported_minutes >= e.attended_min_minutes, false) AS imported,
         coalesce(${ATTENDED_SQL}, false) AS attended
    FROM registration r
    JOIN event e ON e.id = r.event_id
    LEFT JOIN attendance a ON a.registration_id = r.id
   WHERE r.event_id = $1 AND r.status NOT IN ('cancelled', 'rejected')`;

export async function attendanceTotals(db: EntityManager, eventId: string): Promise<AttendanceTotals> {
  const [row] = (await db.query(
    `WITH p AS (${PEOPLE})
     SELECT count(*)::int AS registered,
            count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed,
            count(*) FILTER (WHERE checked_in)::int AS "checkedIn",
            count(*) FILTER (WHERE joined)::int AS "joinedOnline",
            count(*) FILTER (WHERE imported)::int AS "attendedByImport",
            count(*) FILTER (WHERE attended)::int AS attended,
            count(*) FILTER (WHERE attended AND status = 'confirmed')::int AS "confirmedAttended",
            (SELECT count(*)::int FROM unregistered_participant WHERE event_id = $1) AS "unregisteredParticipants"
       FROM p`,
    [eventId],
  )) as AttendanceTotals[];
  return row!;
}

/** Per organization with a registration, most registered first. */
export async function attendanceByOrganization(db: EntityManager, eventId: string): Promise<OrganizationAttendance[]> {
  return (await db.query(
    `WITH p AS (${PEOPLE})
     SELECT o.id AS "organizationId", o.name,
            count(*)::int AS registered,
            count(*) FILTER (WHERE p.status = 'confirmed')::int AS confirmed,
            count(*) FILTER (WHERE p.attended)::int AS attended
       FROM p JOIN organization o ON o.id = p.organization_id
      GROUP BY o.id, o.name
      ORDER BY registered DESC, attended DESC, o.name, o.id`,
    [eventId],
  )) as OrganizationAttendance[];
}

/** Per region (GB/T 2260 provincial code) of the registrants' organizations, most registered first. */
export async function attendanceByRegion(db: EntityManager, eventId: string): Promise<RegionAttendance[]> {
  return (await db.query(
    `WITH p AS (${PEOPLE})
     SELECT g.code AS "regionCode", g.name_zh AS "nameZh", g.name_en AS "nameEn",
            count(DISTINCT p.organization_id)::int AS organizations,
            count(*)::int AS registered,
            count(*) FILTER (WHERE p.attended)::int AS attended
       FROM p JOIN organization o ON o.id = p.organization_id JOIN region g ON g.code = o.region_code
      GROUP BY g.code, g.name_zh, g.name_en
      ORDER BY registered DESC, g.code`,
    [eventId],
  )) as RegionAttendance[];
}
