import {
  containsPattern,
  decodeTimeCursor,
  DomainError,
  encodeCursor,
  ErrorCode,
  Page,
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
  pgConstraint,
  pgErrorCode,
  timeKey,
  toPage,
} from '@tongxin/common';
import type { Answer, Answers, RegistrationWindow } from '@tongxin/events';
import type { OrganizationType } from '@tongxin/organizations';
import type { EntityManager } from 'typeorm';
import type {
  InitialStatus,
  NewPerson,
  RegistrationSource,
  RegistrationStatus,
  RegistrationView,
} from './registration.types';

/**
 * Every statement on registration. Rows are inserted by two statements only: insertRegistrations (group, group add,
 * import: every path but one) and the SQL function register_and_claim (public registration, which claims its seat
 * in the same call; current definition: sql/register_and_claim.sql). Manage-link lookups by token hash live with the
 * other links (@tongxin/outbox link.queries.ts); seat counters in @tongxin/events seat.queries.ts.
 */

/** The unique index a clash of check-in codes (drawn by the column default) violates. */
const CHECK_IN_CODE_KEY = 'registration_check_in_code_key';
/** Draws of codes for one insert: five clashes in a row would no longer be chance. */
const CODE_DRAWS = 5;

const SELECT_REGISTRATION = `
  SELECT r.id, r.event_id AS "eventId", r.organization_id AS "organizationId", o.name AS "organizationName",
         o.region_code AS "regionCode", r.name, r.email_normalized AS email, r.phone, r.job_title AS "jobTitle", r.locale,
         r.status, r.source, r.check_in_code AS "checkInCode", r.answers, r.created_at AS "createdAt", r.confirmed_at AS "confirmedAt",
         r.cancelled_at AS "cancelledAt"
    FROM registration r JOIN organization o ON o.id = r.organization_id`;

type RegistrationRow = Omit<RegistrationView, 'organization'> & {
  organizationId: string;
  organizationName: string;
  regionCode: string;
};

function toView({ organizationId, organizationName, regionCode, ...row }: RegistrationRow): RegistrationView {
  return { ...row, organization: { id: organizationId, name: organizationName, regionCode } };
}

async function selectRegistrations(db: EntityManager, where: string, params: unknown[]): Promise<RegistrationView[]> {
  return ((await db.query(`${SELECT_REGISTRATION} WHERE ${where}`, params)) as RegistrationRow[]).map(toView);
}

export async function registrationById(db: EntityManager, id: string): Promise<RegistrationView | undefined> {
  return (await selectRegistrations(db, 'r.id = $1', [id]))[0];
}

export async function registrationByEmail(
  db: EntityManager,
  eventId: string,
  email: string,
): Promise<RegistrationView | undefined> {
  return (await selectRegistrations(db, 'r.event_id = $1 AND r.email_normalized = $2', [eventId, email]))[0];
}

export async function registrationByIdempotencyKey(
  db: EntityManager,
  eventId: string,
  key: string,
): Promise<RegistrationView | undefined> {
  return (await selectRegistrations(db, 'r.event_id = $1 AND r.idempotency_key = $2', [eventId, key]))[0];
}

/** The registration, if it belongs to the group. */
export async function groupMember(
  db: EntityManager,
  groupId: string,
  id: string,
): Promise<RegistrationView | undefined> {
  return (await selectRegistrations(db, 'r.id = $1 AND r.group_id = $2', [id, groupId]))[0];
}

/** A group's attendees in the order they were registered. */
export async function groupMembers(db: EntityManager, groupId: string): Promise<RegistrationView[]> {
  return selectRegistrations(db, 'r.group_id = $1 ORDER BY r.created_at, r.id', [groupId]);
}

/** Of these normalized emails, those already registered for the event. */
export async function registeredEmails(db: EntityManager, eventId: string, emails: string[]): Promise<string[]> {
  const rows = (await db.query(
    'SELECT email_normalized AS email FROM registration WHERE event_id = $1 AND email_normalized = ANY($2::text[])',
    [eventId, emails],
  )) as { email: string }[];
  return rows.map((r) => r.email);
}

export interface RegistrationFilter {
  status?: RegistrationStatus;
  organizationId?: string;
  regionCode?: string;
  /** Found in the name or the organization's name (and the email, with searchEmail), normalized. */
  q?: string;
  searchEmail: boolean;
  /** Only registrations whose answer to `key` contains `value` (a JSONB containment), or, with value null, none. */
  answer?: { key: string; value: Answer | null };
  cursor?: string;
  limit: number;
}

/** An event's registrations, oldest first, a page at a time. */
export async function registrationPage(
  db: EntityManager,
  eventId: string,
  filter: RegistrationFilter,
): Promise<Page<RegistrationView>> {
  const params: unknown[] = [eventId];
  const p = (value: unknown) => `$${params.push(value)}`;
  const where = ['r.event_id = $1'];
  if (filter.status) where.push(`r.status = ${p(filter.status)}`);
  if (filter.organizationId) where.push(`r.organization_id = ${p(filter.organizationId)}`);
  if (filter.regionCode) where.push(`o.region_code = ${p(filter.regionCode)}`);
  if (filter.answer?.value === null) where.push(`NOT r.answers ? ${p(filter.answer.key)}`);
  else if (filter.answer) {
    where.push(`r.answers @> ${p(JSON.stringify({ [filter.answer.key]: filter.answer.value }))}::jsonb`);
  }
  if (filter.q) {
    const like = p(containsPattern(filter.q));
    const email = filter.searchEmail ? ` OR r.email_normalized LIKE ${like}` : '';
    where.push(`(lower(r.name) LIKE ${like}${email} OR o.name_normalized LIKE ${like})`);
  }
  if (filter.cursor) {
    const { key, id } = decodeTimeCursor(filter.cursor);
    where.push(`(r.created_at, r.id) > (${p(key)}::timestamptz, ${p(id)}::uuid)`);
  }
  const rows = (await db.query(
    `SELECT s.*, ${timeKey('s."createdAt"')} AS "cursorKey"
       FROM (${SELECT_REGISTRATION} WHERE ${where.join(' AND ')} ORDER BY r.created_at, r.id LIMIT ${p(filter.limit + 1)}) s
      ORDER BY s."createdAt", s.id`,
    params,
  )) as (RegistrationRow & { cursorKey: string })[];
  return toPage(
    rows,
    filter.limit,
    (r) => encodeCursor(r.cursorKey, r.id),
    ({ cursorKey: _key, ...r }) => toView(r),
  );
}

/** A row to insert: the person, where they belong and how they came. */
export interface NewRegistration extends NewPerson {
  organizationId: string;
  groupId: string | null;
  status: InitialStatus;
  source: RegistrationSource;
}

export interface InsertedRegistration {
  id: string;
  email: string;
  organizationId: string;
  status: InitialStatus;
  checkInCode: string;
}

/**
 * Inserts registrations for one event in one statement (unnest: chunk at a few thousand rows), in the order given.
 * A row whose email is already registered for the event is skipped; the rows inserted are returned.
 *
 * Each row's check-in code is drawn by the column default. Should one clash with a code the event already has (40
 * random bits: rare, not impossible), the statement fails on registration_check_in_code_key and is run again, with
 * new codes, after rolling back to a savepoint (inside a transaction; a statement of its own is atomic anyway).
 */
export async function insertRegistrations(
  db: EntityManager,
  eventId: string,
  rows: NewRegistration[],
): Promise<InsertedRegistration[]> {
  if (rows.length === 0) return [];
  return retryingCodeClashes(db, () => insertRegistrationRows(db, eventId, rows));
}

async function retryingCodeClashes<T>(db: EntityManager, statement: () => Promise<T>): Promise<T> {
  const savepoint = db.queryRunner?.isTransactionActive === true;
  for (let draw = 1; ; draw++) {
    if (savepoint) await db.query('SAVEPOINT check_in_code_draw');
    try {
      const result = await statement();
      if (savepoint) await db.query('RELEASE SAVEPOINT check_in_code_draw');
      return result;
    } catch (error) {
      const clash = pgErrorCode(error) === PG_UNIQUE_VIOLATION && pgConstraint(error) === CHECK_IN_CODE_KEY;
      if (!clash || draw >= CODE_DRAWS) throw error;
      if (savepoint) await db.query('ROLLBACK TO SAVEPOINT check_in_code_draw');
    }
  }
}

async function insertRegistrationRows(
  db: EntityManager,
  eventId: string,
  rows: NewRegistration[],
): Promise<InsertedRegistration[]> {
  const column = <K extends keyof NewRegistration>(key: K) => rows.map((r) => r[key]);
  // Only a duplicate email is skipped: any other unique violation (a clash of check-in codes) fails the statement.
  return (await db.query(
    `INSERT INTO registration (event_id, organization_id, group_id, name, email_normalized, phone, job_title, locale,
                               status, source, manage_token_hash, confirmed_at, answers)
     SELECT $1, t.org, t.grp, t.name, t.email, t.phone, t.job, t.locale, t.status, t.source, t.hash,
            CASE WHEN t.status = 'confirmed' THEN now() END, t.answers
       FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                   $10::text[], $11::bytea[], $12::jsonb[])
            AS t(org, grp, name, email, phone, job, locale, status, source, hash, answers)
     ON CONFLICT (event_id, email_normalized) DO NOTHING
     RETURNING id, email_normalized AS email, organization_id AS "organizationId", status, check_in_code AS "checkInCode"`,
    [
      eventId,
      column('organizationId'),
      column('groupId'),
      column('name'),
      column('email'),
      column('phone'),
      column('jobTitle'),
      column('locale'),
      column('status'),
      column('source'),
      column('tokenHash'),
      column('answers'),
    ],
  )) as InsertedRegistration[];
}

/** register_and_claim found the event other than the caller read it: read it again (and check the answers again). */
export class StaleEventError extends Error {
  constructor() {
    super('the event changed since it was read');
  }
}

/**
 * The hot path of public registration, one round trip: register_and_claim claims a seat (unless approval is
 * required), inserts the registration with its answers and owes its confirmation message, atomically. Returns
 * undefined when the email or idempotency key is already registered (the call, claim included, was aborted); throws
 * StaleEventError when the event, under its lock, is not as the caller read it (closed, questions or approval changed).
 */
export async function registerAndClaim(
  db: EntityManager,
  event: Pick<RegistrationWindow, 'id' | 'questionsVersion'>,
  organizationId: string,
  r: NewPerson & { idempotencyKey: string | null },
  pending = false,
): Promise<{ id: string; status: InitialStatus; messageId: string } | undefined> {
  try {
    const [row] = (await db.query(
      `SELECT registration_id AS id, registration_status AS status, message_id AS "messageId"
         FROM register_and_claim($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        event.id,
        organizationId,
        r.name,
        r.email,
        r.phone,
        r.jobTitle,
        r.locale,
        r.tokenHash,
        r.idempotencyKey,
        pending,
        r.answers,
        event.questionsVersion,
      ],
    )) as { id: string; status: InitialStatus; messageId: string }[];
    return row;
  } catch (error) {
    const code = pgErrorCode(error);
    // A duplicate email or key. Not a manage token (they never repeat), nor a check-in code drawn in vain 5 times.
    const duplicate = !['registration_manage_token_key', CHECK_IN_CODE_KEY].includes(pgConstraint(error) ?? '');
    if (code === PG_UNIQUE_VIOLATION && duplicate) return undefined;
    // Refused under the event row's lock: cancelled, or the registration window closed, since the reads before the call.
    const hint = (error as { driverError?: { hint?: unknown } }).driverError?.hint;
    if (code === 'P0001' && hint === 'EVENT_CANCELLED') {
      throw new DomainError(ErrorCode.EVENT_CANCELLED, 'This event has been cancelled');
    }
    // The event is not as the caller read it (a moment ago, perhaps from a cache): closed, or its questions or
    // approval setting changed. The caller reads it again.
    if (code === 'P0001' && (hint === 'REGISTRATION_CLOSED' || hint === 'EVENT_CHANGED')) throw new StaleEventError();
    if (code === PG_FOREIGN_KEY_VIOLATION) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'organization.id is not a known organization', {
        fields: [{ field: 'organization.id', errors: ['organization not found'] }],
      });
    }
    throw error;
  }
}

/** Locks the registration row for the rest of the transaction; with eventId, only a registration of that event. */
export async function lockRegistration(
  db: EntityManager,
  id: string,
  eventId?: string,
): Promise<{ id: string; eventId: string; organizationId: string; status: RegistrationStatus } | undefined> {
  const [row] = (await db.query(
    `SELECT id, event_id AS "eventId", organization_id AS "organizationId", status FROM registration
      WHERE id = $1 AND ($2::uuid IS NULL OR event_id = $2) FOR UPDATE`,
    [id, eventId ?? null],
  )) as { id: string; eventId: string; organizationId: string; status: RegistrationStatus }[];
  return row;
}

/** Moves the registration to a status, stamping confirmed_at or cancelled_at when it is confirmed or cancelled. */
export async function setRegistrationStatus(db: EntityManager, id: string, status: RegistrationStatus): Promise<void> {
  await db.query(
    `UPDATE registration
        SET status = $2, updated_at = now(),
            confirmed_at = CASE WHEN $2 = 'confirmed' THEN now() ELSE confirmed_at END,
            cancelled_at = CASE WHEN $2 = 'cancelled' THEN now() ELSE cancelled_at END
      WHERE id = $1`,
    [id, status],
  );
}

/**
 * The oldest waitlisted registration of the event whose organization still has room under its quota, locked (rows
 * another transaction holds are skipped). Whether the event has a seat is for the claim to say.
 */
export async function nextOnWaitlist(
  db: EntityManager,
  eventId: string,
): Promise<{ id: string; organizationId: string } | undefined> {
  const [row] = (await db.query(
    `SELECT r.id, r.organization_id AS "organizationId"
       FROM registration r
       LEFT JOIN event_organization eo ON eo.event_id = r.event_id AND eo.organization_id = r.organization_id
      WHERE r.event_id = $1 AND r.status = 'waitlisted'
        AND (eo.org_limit IS NULL OR eo.confirmed_count < eo.org_limit)
      ORDER BY r.created_at, r.id
      LIMIT 1
      FOR UPDATE OF r SKIP LOCKED`,
    [eventId],
  )) as { id: string; organizationId: string }[];
  return row;
}

/** The attendee's own corrections: a field left undefined is kept; phone and jobTitle may be cleared with null. */
export async function updateOwnDetails(
  db: EntityManager,
  id: string,
  patch: { name?: string; phone?: string | null; jobTitle?: string | null; locale?: string; answers?: Answers },
): Promise<void> {
  await db.query(
    `UPDATE registration
        SET name = coalesce($2, name), phone = CASE WHEN $3::boolean THEN $4 ELSE phone END,
            job_title = CASE WHEN $5::boolean THEN $6 ELSE job_title END, locale = coalesce($7, locale),
            answers = coalesce($8::jsonb, answers), updated_at = now()
      WHERE id = $1`,
    [
      id,
      patch.name ?? null,
      patch.phone !== undefined,
      patch.phone ?? null,
      patch.jobTitle !== undefined,
      patch.jobTitle ?? null,
      patch.locale ?? null,
      patch.answers === undefined ? null : JSON.stringify(patch.answers),
    ],
  );
}

/**
 * Puts another person's details on the place. When it is handed to someone else (handedOn), the manage token is
 * replaced and the link generation moves on, so every link issued before no longer matches.
 */
export async function replacePerson(
  db: EntityManager,
  id: string,
  person: Omit<NewPerson, 'locale'>,
  handedOn: boolean,
): Promise<void> {
  await db.query(
    `UPDATE registration SET name = $2, email_normalized = $3, phone = $4, job_title = $5,
                             manage_token_hash = CASE WHEN $6 THEN $7 ELSE manage_token_hash END,
                             link_generation = link_generation + CASE WHEN $6 THEN 1 ELSE 0 END, updated_at = now()
      WHERE id = $1`,
    [id, person.name, person.email, person.phone, person.jobTitle, handedOn, person.tokenHash],
  );
}

/** One line of the export: the import columns, then what only the platform knows. */
export interface ExportedRegistration {
  name: string;
  email: string;
  phone: string | null;
  organizationName: string;
  creditCode: string | null;
  regionCode: string;
  organizationType: OrganizationType;
  jobTitle: string | null;
  regionName: string;
  status: RegistrationStatus;
  source: RegistrationSource;
  createdAt: Date;
  answers: Answers;
}

export async function exportedRegistrations(db: EntityManager, eventId: string): Promise<ExportedRegistration[]> {
  return (await db.query(
    `SELECT r.name, r.email_normalized AS email, r.phone, o.name AS "organizationName", o.credit_code AS "creditCode",
            o.region_code AS "regionCode", o.type AS "organizationType", r.job_title AS "jobTitle", g.name_zh AS "regionName",
            r.status, r.source, r.created_at AS "createdAt", r.answers
       FROM registration r JOIN organization o ON o.id = r.organization_id JOIN region g ON g.code = o.region_code
      WHERE r.event_id = $1
      ORDER BY r.created_at, r.id`,
    [eventId],
  )) as ExportedRegistration[];
}

/** How many registrations of the event are in each status, and in all. */
export async function registrationStatusCounts(
  db: EntityManager,
  eventId: string,
): Promise<Record<RegistrationStatus | 'total', number>> {
  const rows = (await db.query(
    'SELECT status, count(*)::int AS n FROM registration WHERE event_id = $1 GROUP BY status',
    [eventId],
  )) as { status: RegistrationStatus; n: number }[];
  const counts = { total: 0, confirmed: 0, waitlisted: 0, pending: 0, cancelled: 0, rejected: 0 };
  for (const { status, n } of rows) {
    counts[status] = n;
    counts.total += n;
  }
  return counts;
}

/** An organization registrations of the event count against, with how many (the console's organization filter). */
export interface RegisteredOrganization {
  id: string;
  name: string;
  regionCode: string;
  registrations: number;
}

/** The organizations of an event's registrations, by name. */
export async function registeredOrganizations(db: EntityManager, eventId: string): Promise<RegisteredOrganization[]> {
  return (await db.query(
    `SELECT o.id, o.name, o.region_code AS "regionCode", count(*)::int AS registrations
       FROM registration r JOIN organization o ON o.id = r.organization_id
      WHERE r.event_id = $1
      GROUP BY o.id
      ORDER BY o.name, o.id`,
    [eventId],
  )) as RegisteredOrganization[];
}

/** Everyone in these groups with their status, in the order they were registered. */
export async function peopleOfGroups(
  db: EntityManager,
  groupIds: string[],
): Promise<{ groupId: string; id: string; name: string; status: RegistrationStatus }[]> {
  if (groupIds.length === 0) return [];
  return (await db.query(
    `SELECT group_id AS "groupId", id, name, status FROM registration
      WHERE group_id = ANY($1::uuid[]) ORDER BY created_at, id`,
    [groupIds],
  )) as { groupId: string; id: string; name: string; status: RegistrationStatus }[];
}

/** Confirmed registrations of the event per organization (what its seat counter rows must say). */
export async function confirmedByOrganization(db: EntityManager, eventId: string): Promise<Map<string, number>> {
  const rows = (await db.query(
    `SELECT organization_id AS "organizationId", count(*)::int AS n FROM registration
      WHERE event_id = $1 AND status = 'confirmed' GROUP BY organization_id`,
    [eventId],
  )) as { organizationId: string; n: number }[];
  return new Map(rows.map((r) => [r.organizationId, r.n]));
}
