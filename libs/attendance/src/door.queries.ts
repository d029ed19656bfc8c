import { containsPattern, normalizeEmail } from '@tongxin/common';
import type { Answers } from '@tongxin/events';
import type { RegistrationStatus } from '@tongxin/registrations';
import type { EntityManager } from 'typeorm';

/**
 * What the door reads (a read model over registration, organization and attendance; the statements on attendance
 * are in attendance.queries.ts): a person as the checkin role may see them, by code, by id, or found by what staff
 * can ask someone who has no code. Never an email, a full phone number or a job title.
 */
export interface DoorPerson {
  id: string;
  name: string;
  organization: { id: string; name: string; regionCode: string };
  status: RegistrationStatus;
  /** The last four digits of the phone, to tell namesakes apart. */
  phoneLast4: string | null;
  checkedInAt: Date | null;
  /** The answers to the questions the organizers show at the door (visibleToCheckin, still on the form) only. */
  answers: Answers;
}

const DOOR_PERSON = `
  SELECT r.id, r.name, r.status, o.id AS "organizationId", o.name AS "organizationName", o.region_code AS "regionCode",
         CASE WHEN length(r.phone) >= 4 THEN right(r.phone, 4) END AS "phoneLast4", a.checked_in_at AS "checkedInAt",
         (SELECT coalesce(jsonb_object_agg(given.key, given.value), '{}'::jsonb)
            FROM jsonb_each(r.answers) AS given
           WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(e.questions) AS q
                          WHERE q ->> 'key' = given.key AND q ->> 'visibleToCheckin' = 'true'
                            AND q ->> 'removedAt' IS NULL)) AS "answers"
    FROM registration r
    JOIN event e ON e.id = r.event_id
    JOIN organization o ON o.id = r.organization_id
    LEFT JOIN attendance a ON a.registration_id = r.id`;

type DoorRow = Omit<DoorPerson, 'organization'> & {
  organizationId: string;
  organizationName: string;
  regionCode: string;
};

function toDoorPerson({ organizationId, organizationName, regionCode, ...row }: DoorRow): DoorPerson {
  return { ...row, organization: { id: organizationId, name: organizationName, regionCode } };
}

/** The registration of the event with this check-in code (as stored: see normalizeCheckInCode) or this id. */
export async function personAtDoor(
  db: EntityManager,
  eventId: string,
  by: { code: string } | { registrationId: string },
): Promise<DoorPerson | undefined> {
  const [column, value] = 'code' in by ? ['r.check_in_code', by.code] : ['r.id', by.registrationId];
  const [row] = (await db.query(`${DOOR_PERSON} WHERE r.event_id = $1 AND ${column} = $2`, [
    eventId,
    value,
  ])) as DoorRow[];
  return row && toDoorPerson(row);
}

/** What a search at the door looks for, from what staff typed (doorSearchTerms). */
export interface DoorSearch {
  /** Found anywhere in the name or in the organization's normalized name. */
  text: string;
  /** The whole address, when the query is one: found only exactly, so no part of anyone's address can be probed. */
  email: string | null;
  /** A whole mainland mobile number (11 digits), found exactly. */
  phone: string | null;
  /** Four digits, found as the end of a phone number (what the door view shows anyway). */
  phoneLast4: string | null;
}

/** Up to `limit` registrations of the event that the search finds, by name, then in the order they registered. */
export async function searchAtDoor(
  db: EntityManager,
  eventId: string,
  search: DoorSearch,
  limit: number,
): Promise<DoorPerson[]> {
  const rows = (await db.query(
    `${DOOR_PERSON}
      WHERE r.event_id = $1
        AND (lower(r.name) LIKE $2 OR o.name_normalized LIKE $2 OR r.email_normalized = $3 OR r.phone = $4
             OR (length(r.phone) >= 4 AND right(r.phone, 4) = $5))
      ORDER BY r.name, r.created_at, r.id
      LIMIT $6`,
    [
      eventId,
      containsPattern(search.text),
      search.email && normalizeEmail(search.email),
      search.phone,
      search.phoneLast4,
      limit,
    ],
  )) as DoorRow[];
  return rows.map(toDoorPerson);
}
