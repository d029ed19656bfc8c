import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/**
 * Test helpers of the mail side, over a database the test owns (`t.db.manager`, or createTestDatabase's
 * `db.manager`): a few rows to owe messages to, without the HTTP stack (for the database tier), and what the outbox
 * holds, read the way a test asserts on it. The schema knowledge the tests need and no query module offers lives
 * here, once.
 */

const unique = () => randomBytes(4).toString('hex');

export interface TestEvent {
  id: string;
  slug: string;
}

/** A published one-day in-person event a week from now (Beijing time), unless overridden. */
export async function insertEvent(
  db: EntityManager,
  overrides: Partial<{
    title: string;
    startsAt: Date;
    status: 'draft' | 'published' | 'cancelled';
    joinUrl: string;
  }> = {},
): Promise<TestEvent> {
  const startsAt = overrides.startsAt ?? new Date(Date.now() + 7 * 24 * 3600_000);
  const status = overrides.status ?? 'published';
  const [event] = (await db.query(
    `INSERT INTO event (slug, title, kind, starts_at, ends_at, timezone, venue, join_url, language, status, published_at)
     VALUES ($1, $2, CASE WHEN $5::text IS NULL THEN 'in_person' ELSE 'hybrid' END, $3, $4, 'Asia/Shanghai', '北京市东城区', $5, 'zh', $6,
             CASE WHEN $6 <> 'draft' THEN now() END)
     RETURNING id, slug`,
    [
      `event-${unique()}`,
      overrides.title ?? '研讨会',
      startsAt,
      new Date(startsAt.getTime() + 8 * 3600_000),
      overrides.joinUrl ?? null,
      status,
    ],
  )) as TestEvent[];
  return event!;
}

export interface TestPerson {
  name?: string;
  email?: string;
  status?: 'confirmed' | 'waitlisted' | 'pending' | 'cancelled' | 'rejected';
  locale?: 'zh' | 'en';
}

/**
 * Registrations of an event from one new organization, in the order given (created_at increasing): `count` confirmed
 * people with addresses of their own, or the people listed. Returns their ids in the same order. No seats are
 * counted: for the mail side, a registration's status is all that matters.
 */
export async function insertRegistrations(
  db: EntityManager,
  eventId: string,
  people: number | TestPerson[],
): Promise<string[]> {
  const list = typeof people === 'number' ? Array.from({ length: people }, (): TestPerson => ({})) : people;
  const run = unique();
  const [organization] = (await db.query(
    `INSERT INTO organization (name, name_normalized, type, region_code) VALUES ($1, $1, 'social_group', '110000') RETURNING id`,
    [`测试组织${run}`],
  )) as { id: string }[];
  const rows = (await db.query(
    `INSERT INTO registration (event_id, organization_id, name, email_normalized, locale, status, manage_token_hash, created_at)
     SELECT $1, $2, t.name, t.email, t.locale, t.status, t.hash, clock_timestamp() + t.n * interval '1 microsecond'
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::bytea[]) WITH ORDINALITY AS t(name, email, locale, status, hash, n)
      ORDER BY t.n
     RETURNING id`,
    [
      eventId,
      organization!.id,
      list.map((p, i) => p.name ?? `学员${i}`),
      list.map((p, i) => p.email ?? `person-${run}-${i}@example.org`),
      list.map((p) => p.locale ?? 'zh'),
      list.map((p) => p.status ?? 'confirmed'),
      list.map(() => randomBytes(32)),
    ],
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

/** Moves a message's claim and due time `ms` into the past, as if that much time had gone by. */
export async function backdateMessage(db: EntityManager, id: string, ms: number): Promise<void> {
  await db.query(
    `UPDATE outbox_message SET claimed_at = claimed_at - make_interval(secs => $2::float / 1000),
                               next_attempt_at = next_attempt_at - make_interval(secs => $2::float / 1000)
      WHERE id = $1`,
    [id, ms],
  );
}

/** An outbox row as tests look at it. */
export interface OutboxEntry {
  id: string;
  kind: string;
  status: string;
  attempts: number;
  lastError: string | null;
  registrationId: string | null;
  dedupeKey: string;
  /** The registration's address now (null for a group link, or a link request that found nobody). */
  email: string | null;
  /** The address a link request asked for. */
  requestedBy: string | null;
}

/** The outbox rows that match every filter given, oldest first. */
export async function outboxMessages(
  db: EntityManager,
  filter: { eventId?: string; kind?: string; announcementId?: string; ids?: string[]; requestedBy?: string } = {},
): Promise<OutboxEntry[]> {
  return (await db.query(
    `SELECT m.id, m.kind, m.status, m.attempts, m.last_error AS "lastError", m.registration_id AS "registrationId",
            m.dedupe_key AS "dedupeKey", r.email_normalized AS email, m.payload->>'email' AS "requestedBy"
       FROM outbox_message m LEFT JOIN registration r ON r.id = m.registration_id
      WHERE ($1::uuid IS NULL OR m.event_id = $1) AND ($2::text IS NULL OR m.kind = $2)
        AND ($3::uuid IS NULL OR m.announcement_id = $3) AND ($4::uuid[] IS NULL OR m.id = ANY($4))
        AND ($5::text IS NULL OR m.payload->>'email' = $5)
      ORDER BY m.created_at, m.id`,
    [
      filter.eventId ?? null,
      filter.kind ?? null,
      filter.announcementId ?? null,
      filter.ids ?? null,
      filter.requestedBy ?? null,
    ],
  )) as OutboxEntry[];
}

/** The links issued in messages to a registration, and whether each is of its current generation. */
export async function registrationLinks(
  db: EntityManager,
  registrationId: string,
): Promise<{ purpose: string; current: boolean }[]> {
  return (await db.query(
    `SELECT l.purpose, l.generation = r.link_generation AS current
       FROM registration_link l JOIN registration r ON r.id = l.registration_id
      WHERE r.id = $1 ORDER BY l.created_at`,
    [registrationId],
  )) as { purpose: string; current: boolean }[];
}
