import {
  decodeCursor,
  encodeCursor,
  Page,
  PG_CHECK_VIOLATION,
  pgConstraint,
  pgErrorCode,
  toPage,
} from '@tongxin/common';
import type { EntityManager } from 'typeorm';
import { capacityBelowConfirmed } from './event-rules';
import type {
  AgendaItemView,
  EventDetail,
  EventFields,
  EventView,
  HostOrganizationView,
  HostRole,
  HostView,
  SeriesView,
  TeamRole,
} from './event.types';
import type { Question } from './questions/question.types';

/**
 * Every statement on event and on what its page is made of (event_host, agenda_item), except the seat counters
 * (confirmed_count), which seat.queries.ts keeps with event_organization.
 */

const EVENT_COLUMNS = `
  e.id, e.slug, e.series_id AS "seriesId", e.sequence_no AS "sequenceNo", e.title, e.title_en AS "titleEn",
  e.description, e.kind, e.starts_at AS "startsAt", e.ends_at AS "endsAt", e.timezone, e.venue, e.join_url AS "joinUrl",
  e.capacity, e.per_organization_limit AS "perOrganizationLimit", e.confirmed_count AS "confirmedCount",
  e.registration_opens_at AS "registrationOpensAt", e.registration_closes_at AS "registrationClosesAt",
  e.requires_approval AS "requiresApproval", e.language, e.reminder_offsets AS "reminderOffsets",
  e.attended_min_minutes AS "attendedMinMinutes",
  e.schedule_version AS "scheduleVersion", e.ics_sequence AS "icsSequence", e.status, e.questions,
  e.questions_version AS "questionsVersion", e.narrative_question AS "narrativeQuestion", e.published_at AS "publishedAt",
  e.cancelled_at AS "cancelledAt", e.created_at AS "createdAt", e.updated_at AS "updatedAt"`;

/** The columns an organizer sets, with the type each parameter is cast to. */
const FIELD_COLUMNS: Record<keyof EventFields, [column: string, type: string]> = {
  title: ['title', 'text'],
  titleEn: ['title_en', 'text'],
  description: ['description', 'text'],
  kind: ['kind', 'text'],
  startsAt: ['starts_at', 'timestamptz'],
  endsAt: ['ends_at', 'timestamptz'],
  timezone: ['timezone', 'text'],
  venue: ['venue', 'text'],
  joinUrl: ['join_url', 'text'],
  capacity: ['capacity', 'integer'],
  perOrganizationLimit: ['per_organization_limit', 'integer'],
  registrationOpensAt: ['registration_opens_at', 'timestamptz'],
  registrationClosesAt: ['registration_closes_at', 'timestamptz'],
  requiresApproval: ['requires_approval', 'boolean'],
  language: ['language', 'text'],
  reminderOffsets: ['reminder_offsets', 'text[]'],
  attendedMinMinutes: ['attended_min_minutes', 'integer'],
};
const FIELDS = Object.keys(FIELD_COLUMNS) as (keyof EventFields)[];

/** A new draft; returns its id. */
export async function insertEvent(
  db: EntityManager,
  event: EventFields & { slug: string; seriesId: string | null; sequenceNo: number | null },
): Promise<string> {
  const columns = ['slug', 'series_id', 'sequence_no', ...FIELDS.map((f) => FIELD_COLUMNS[f][0])];
  const values = [event.slug, event.seriesId, event.sequenceNo, ...FIELDS.map((f) => event[f])];
  const [row] = (await db.query(
    `INSERT INTO event (${columns.join(', ')}, status, confirmed_count, schedule_version)
     VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')}, 'draft', 0, 1) RETURNING id`,
    values,
  )) as { id: string }[];
  return row!.id;
}

/**
 * Writes the organizer's fields, the schedule version and the calendar sequence; updated_at moves only when one of
 * them changed. The capacity CHECK backs the caller's own check against the confirmed count.
 */
export async function updateEvent(db: EntityManager, event: EventView): Promise<void> {
  const written: [string, string, unknown][] = [
    ...FIELDS.map((f): [string, string, unknown] => [...FIELD_COLUMNS[f], event[f]]),
    ['schedule_version', 'integer', event.scheduleVersion],
    ['ics_sequence', 'integer', event.icsSequence],
  ];
  const columns = `(${written.map(([column]) => column).join(', ')})`;
  const values = `(${written.map(([, type], i) => `$${i + 2}::${type}`).join(', ')})`;
  try {
    await db.query(
      `UPDATE event SET ${columns} = ${values}, updated_at = now() WHERE id = $1 AND ${columns} IS DISTINCT FROM ${values}`,
      [event.id, ...written.map(([, , value]) => value)],
    );
  } catch (error) {
    if (pgErrorCode(error) === PG_CHECK_VIOLATION && pgConstraint(error) === 'event_confirmed_within_capacity') {
      throw capacityBelowConfirmed(event.confirmedCount);
    }
    throw error;
  }
}

export async function markEventPublished(db: EntityManager, id: string): Promise<void> {
  await db.query(`UPDATE event SET status = 'published', published_at = now(), updated_at = now() WHERE id = $1`, [id]);
}

/** Cancelled for good; the calendar sequence moves so calendars show the cancellation. */
export async function markEventCancelled(db: EntityManager, id: string): Promise<void> {
  await db.query(
    `UPDATE event SET status = 'cancelled', cancelled_at = clock_timestamp(), ics_sequence = ics_sequence + 1, updated_at = now()
      WHERE id = $1`,
    [id],
  );
}

export async function eventById(db: EntityManager, id: string): Promise<EventView | undefined> {
  const [row] = (await db.query(`SELECT ${EVENT_COLUMNS} FROM event e WHERE e.id = $1`, [id])) as EventView[];
  return row;
}

/** The event with its series, hosts and agenda. */
export async function eventDetail(db: EntityManager, id: string): Promise<EventDetail | undefined> {
  return detailWhere(db, 'e.id = $1', id);
}

/** A published (or published, then cancelled) event by its slug, as its public page shows it. */
export async function publicEventBySlug(db: EntityManager, slug: string): Promise<EventDetail | undefined> {
  return detailWhere(db, `e.slug = $1 AND e.status IN ('published', 'cancelled') AND e.published_at IS NOT NULL`, slug);
}

async function detailWhere(db: EntityManager, condition: string, value: string): Promise<EventDetail | undefined> {
  const [row] = (await db.query(
    `SELECT ${EVENT_COLUMNS}, s.id AS "s_id", s.title AS "s_title", s.title_en AS "s_titleEn",
            s.created_by AS "s_createdBy", s.created_at AS "s_createdAt"
       FROM event e LEFT JOIN series s ON s.id = e.series_id
      WHERE ${condition}`,
    [value],
  )) as (EventView & {
    s_id: string | null;
    s_title: string;
    s_titleEn: string | null;
    s_createdBy: string;
    s_createdAt: Date;
  })[];
  if (!row) return undefined;
  const {
    s_id: seriesId,
    s_title: title,
    s_titleEn: titleEn,
    s_createdBy: createdBy,
    s_createdAt: createdAt,
    ...event
  } = row;
  const series: SeriesView | null = seriesId ? { id: seriesId, title, titleEn, createdBy, createdAt } : null;
  const hosts = (await db.query(
    `SELECT h.role, o.id, o.name, o.name_en AS "nameEn", o.type, o.region_code AS code, g.name_zh AS "nameZh",
            g.name_en AS "regionNameEn"
       FROM event_host h JOIN organization o ON o.id = h.organization_id JOIN region g ON g.code = o.region_code
      WHERE h.event_id = $1 ORDER BY h.position`,
    [event.id],
  )) as (Omit<HostOrganizationView, 'region'> & {
    role: HostRole;
    code: string;
    nameZh: string;
    regionNameEn: string;
  })[];
  const agenda = (await db.query(
    `SELECT starts_at AS "startsAt", title, speaker, speaker_affiliation AS "speakerAffiliation"
       FROM agenda_item WHERE event_id = $1 ORDER BY position`,
    [event.id],
  )) as AgendaItemView[];
  return {
    ...event,
    series,
    hosts: hosts.map(({ role, id, name, nameEn, type, code, nameZh, regionNameEn }): HostView => ({
      role,
      organization: { id, name, nameEn, type, region: { code, nameZh, nameEn: regionNameEn } },
    })),
    agenda,
  };
}

/** Events whose team the organizer is on, latest start first, with their role; a page at a time. */
export async function eventsOfMember(
  db: EntityManager,
  organizerId: string,
  page: { cursor?: string; limit: number },
): Promise<Page<{ event: EventView; role: TeamRole }>> {
  const params: unknown[] = [organizerId, page.limit + 1];
  let after = '';
  if (page.cursor) {
    const { key, id } = decodeCursor(page.cursor);
    params.push(key, id);
    after = 'WHERE (e.starts_at, e.id) < ($3::timestamptz, $4::uuid)';
  }
  const rows = (await db.query(
    `SELECT ${EVENT_COLUMNS}, m.role AS "memberRole"
       FROM event e JOIN event_member m ON m.event_id = e.id AND m.organizer_id = $1
      ${after}
      ORDER BY e.starts_at DESC, e.id DESC LIMIT $2`,
    params,
  )) as (EventView & { memberRole: TeamRole })[];
  return toPage(
    rows,
    page.limit,
    (r) => encodeCursor(r.startsAt.toISOString(), r.id),
    ({ memberRole, ...event }) => ({ event, role: memberRole }),
  );
}

/** The sessions of a series the organizer may see: those on whose team they are, and published ones. */
export async function eventsOfSeries(db: EntityManager, seriesId: string, organizerId: string): Promise<EventView[]> {
  return (await db.query(
    `SELECT ${EVENT_COLUMNS} FROM event e
      WHERE e.series_id = $1
        AND (e.published_at IS NOT NULL OR EXISTS (SELECT 1 FROM event_member m WHERE m.event_id = e.id AND m.organizer_id = $2))
      ORDER BY e.sequence_no`,
    [seriesId, organizerId],
  )) as EventView[];
}

/** The next free session number of a series, and whether `wanted` is taken. Lock the series row first. */
export async function sequenceNumbers(
  db: EntityManager,
  seriesId: string,
  wanted: number | null,
): Promise<{ next: number; wantedTaken: boolean }> {
  const [row] = (await db.query(
    `SELECT coalesce(max(sequence_no), 0) + 1 AS next, coalesce(bool_or(sequence_no = $2), false) AS taken
       FROM event WHERE series_id = $1`,
    [seriesId, wanted],
  )) as { next: number; taken: boolean }[];
  return { next: Number(row!.next), wantedTaken: row!.taken };
}

/** What public registration needs of an event: the published event behind the slug, in one statement. */
export interface RegistrationWindow {
  id: string;
  status: EventView['status'];
  requiresApproval: boolean;
  language: EventView['language'];
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  endsAt: Date;
  questions: Question[];
  questionsVersion: number;
}

export async function registrationWindow(db: EntityManager, slug: string): Promise<RegistrationWindow | undefined> {
  const [row] = (await db.query(
    `SELECT e.id, e.status, e.requires_approval AS "requiresApproval", e.language,
            e.registration_opens_at AS "registrationOpensAt", e.registration_closes_at AS "registrationClosesAt",
            e.ends_at AS "endsAt", e.questions, e.questions_version AS "questionsVersion"
       FROM event e WHERE e.slug = $1 AND e.published_at IS NOT NULL`,
    [slug],
  )) as RegistrationWindow[];
  return row;
}

export async function replaceHosts(
  db: EntityManager,
  eventId: string,
  hosts: { organizationId: string; role: HostRole }[],
): Promise<void> {
  await db.query('DELETE FROM event_host WHERE event_id = $1', [eventId]);
  if (hosts.length === 0) return;
  await db.query(
    `INSERT INTO event_host (event_id, organization_id, role, position)
     SELECT $1, t.org, t.role, t.position - 1 FROM unnest($2::uuid[], $3::text[]) WITH ORDINALITY AS t(org, role, position)`,
    [eventId, hosts.map((h) => h.organizationId), hosts.map((h) => h.role)],
  );
}

export async function replaceAgenda(db: EntityManager, eventId: string, agenda: AgendaItemView[]): Promise<void> {
  await db.query('DELETE FROM agenda_item WHERE event_id = $1', [eventId]);
  if (agenda.length === 0) return;
  await db.query(
    `INSERT INTO agenda_item (event_id, position, starts_at, title, speaker, speaker_affiliation)
     SELECT $1, t.position - 1, t.starts_at, t.title, t.speaker, t.affiliation
       FROM unnest($2::timestamptz[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY
            AS t(starts_at, title, speaker, affiliation, position)`,
    [
      eventId,
      agenda.map((a) => a.startsAt),
      agenda.map((a) => a.title),
      agenda.map((a) => a.speaker),
      agenda.map((a) => a.speakerAffiliation),
    ],
  );
}

/** Copies an event's hosts and agenda onto another, the agenda moved by `shiftMs`. */
export async function copyHostsAndAgenda(db: EntityManager, fromId: string, toId: string, shiftMs: number) {
  await db.query(
    `INSERT INTO event_host (event_id, organization_id, role, position)
     SELECT $2, organization_id, role, position FROM event_host WHERE event_id = $1`,
    [fromId, toId],
  );
  await db.query(
    `INSERT INTO agenda_item (event_id, position, starts_at, title, speaker, speaker_affiliation)
     SELECT $2, position, starts_at + make_interval(secs => $3::double precision / 1000), title, speaker, speaker_affiliation
       FROM agenda_item WHERE event_id = $1`,
    [fromId, toId, shiftMs],
  );
}
