import { containsPattern, decodeCursor, encodeCursor, Page, toPage } from '@tongxin/common';
import type { EntityManager } from 'typeorm';
import type { OrganizationType, OrganizationView } from './organization.types';

/**
 * Every statement on organization. Who may change an organization and which organization a registrant means are
 * decided here, once, for every path (organizer API, public registration, group registration, import).
 */

/**
 * The roles whose holders may edit an event's page anyway. An organization used only by events where its creator
 * holds one of them is still the creator's own: an edit changes nothing the creator could not change already.
 */
const OWN_EVENT_ROLES = ['owner', 'manager'];

/**
 * SQL that is true when the organization `org` (an expression) is used by an event where `creator` (an expression)
 * is not an owner or manager: as a host, or by a registration or a group registration. A NULL creator (an
 * organization added by a registration or an import) makes every use count.
 */
function usedOutsideOwnEventsSql(org: string, creator: string, roles: string): string {
  const foreign = (alias: string) =>
    `NOT EXISTS (SELECT 1 FROM event_member m
                  WHERE m.event_id = ${alias}.event_id AND m.organizer_id = ${creator} AND m.role = ANY(${roles}))`;
  return `(EXISTS (SELECT 1 FROM event_host h WHERE h.organization_id = ${org} AND ${foreign('h')})
        OR EXISTS (SELECT 1 FROM registration r WHERE r.organization_id = ${org} AND ${foreign('r')})
        OR EXISTS (SELECT 1 FROM registration_group g WHERE g.organization_id = ${org} AND ${foreign('g')}))`;
}

export interface LockedOrganization {
  id: string;
  createdBy: string | null;
  verified: boolean;
  regionCode: string;
  nameNormalized: string;
  creditCode: string | null;
}

/**
 * Locks the organization row (FOR UPDATE) for the rest of the transaction. FOR UPDATE conflicts with the FOR KEY
 * SHARE lock that PostgreSQL's foreign-key check takes on this row when a host, registration or group row pointing at
 * it is inserted, so such an insert and the edit of the organization are serialized: whichever comes second sees
 * the first. Run the usage check as a separate statement after this one, so it reads a snapshot taken after the lock.
 */
export async function lockOrganization(db: EntityManager, id: string): Promise<LockedOrganization | undefined> {
  const [row] = (await db.query(
    `SELECT id, created_by, verified, region_code, name_normalized, credit_code FROM organization WHERE id = $1 FOR UPDATE`,
    [id],
  )) as {
    id: string;
    created_by: string | null;
    verified: boolean;
    region_code: string;
    name_normalized: string;
    credit_code: string | null;
  }[];
  return (
    row && {
      id: row.id,
      createdBy: row.created_by,
      verified: row.verified,
      regionCode: row.region_code,
      nameNormalized: row.name_normalized,
      creditCode: row.credit_code,
    }
  );
}

/** True when the organization is used by an event its creator is not an owner or manager of. */
export async function isUsedOutsideCreatorsEvents(db: EntityManager, id: string, creatorId: string): Promise<boolean> {
  const [row] = (await db.query(`SELECT ${usedOutsideOwnEventsSql('$1::uuid', '$2::uuid', '$3::text[]')} AS shared`, [
    id,
    creatorId,
    OWN_EVENT_ROLES,
  ])) as { shared: boolean }[];
  return row!.shared;
}

/**
 * Of the given organizations, those the organizer may edit now: created by them, not verified, and not used by an
 * event they are not an owner or manager of. One statement for a page of organizations.
 */
export async function editableOrganizationIds(
  db: EntityManager,
  organizerId: string,
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = (await db.query(
    `SELECT o.id FROM organization o
      WHERE o.id = ANY($1::uuid[]) AND o.created_by = $2 AND NOT o.verified
        AND NOT ${usedOutsideOwnEventsSql('o.id', 'o.created_by', '$3::text[]')}`,
    [ids, organizerId, OWN_EVENT_ROLES],
  )) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}

/** The verified organization holding this credit code, if any (at most one: a partial unique index backs it). */
export async function verifiedHolderOfCode(db: EntityManager, creditCode: string): Promise<string | undefined> {
  const [row] = (await db.query('SELECT id FROM organization WHERE credit_code = $1::bpchar AND verified', [
    creditCode,
  ])) as {
    id: string;
  }[];
  return row?.id;
}

/** What a registrant says about their organization; nameNormalized and regionCode may be missing (import rows). */
export interface OrganizationKey {
  creditCode: string | null;
  regionCode: string | null;
  nameNormalized: string | null;
}

/**
 * Which organization each key means, set-based, in the order given (undefined where none matches):
 * 1. a verified organization holding the credit code: a code proves identity only once an administrator checked it;
 * 2. else the organization with the same normalized name in the same region (unique);
 * an unverified organization holding the same code is never matched by the code alone, so a code cannot be
 * squatted by whoever typed it in first.
 */
export async function matchOrganizations(db: EntityManager, keys: OrganizationKey[]): Promise<(string | undefined)[]> {
  if (keys.length === 0) return [];
  const rows = (await db.query(
    `SELECT k.i, COALESCE(v.id, n.id) AS id
       FROM unnest($1::bpchar[], $2::bpchar[], $3::text[]) WITH ORDINALITY AS k(code, region, name, i)
       LEFT JOIN organization v ON v.verified AND v.credit_code = k.code
       LEFT JOIN organization n ON n.region_code = k.region AND n.name_normalized = k.name`,
    [keys.map((k) => k.creditCode), keys.map((k) => k.regionCode), keys.map((k) => k.nameNormalized)],
  )) as { i: string; id: string | null }[];
  const ids: (string | undefined)[] = keys.map(() => undefined);
  for (const r of rows) ids[Number(r.i) - 1] = r.id ?? undefined;
  return ids;
}

export interface NewUnverifiedOrganization {
  name: string;
  nameNormalized: string;
  type: OrganizationType;
  regionCode: string;
  creditCode: string | null;
}

/**
 * Adds organizations named by registrants (created_by NULL, unverified), in one statement. A name already taken in
 * the region (a concurrent registrant, or an earlier row of the same batch) is skipped: match again afterwards.
 * Unverified organizations may share a credit code, so the code never conflicts.
 */
export async function insertUnverifiedOrganizations(
  db: EntityManager,
  rows: NewUnverifiedOrganization[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO organization (name, name_normalized, type, region_code, credit_code)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bpchar[], $5::bpchar[])
     ON CONFLICT DO NOTHING`,
    [
      rows.map((r) => r.name),
      rows.map((r) => r.nameNormalized),
      rows.map((r) => r.type),
      rows.map((r) => r.regionCode),
      rows.map((r) => r.creditCode),
    ],
  );
}

const SELECT_ORGANIZATION = `
  SELECT o.id, o.name, o.name_normalized AS "nameNormalized", o.name_en AS "nameEn", o.type, o.region_code AS "regionCode",
         o.city, o.credit_code AS "creditCode", o.verified, o.created_by AS "createdBy", o.created_at AS "createdAt",
         o.updated_at AS "updatedAt", g.name_zh AS "regionNameZh", g.name_en AS "regionNameEn"
    FROM organization o JOIN region g ON g.code = o.region_code`;

type OrganizationRow = Omit<OrganizationView, 'region'> & { regionNameZh: string; regionNameEn: string };

function toView({ regionNameZh, regionNameEn, ...row }: OrganizationRow): OrganizationView {
  return { ...row, region: { code: row.regionCode, nameZh: regionNameZh, nameEn: regionNameEn } };
}

export async function organizationById(db: EntityManager, id: string): Promise<OrganizationView | undefined> {
  const [row] = (await db.query(`${SELECT_ORGANIZATION} WHERE o.id = $1`, [id])) as OrganizationRow[];
  return row && toView(row);
}

/** The columns an organizer sets. */
export interface OrganizationFields {
  name: string;
  nameNormalized: string;
  nameEn: string | null;
  type: OrganizationType;
  regionCode: string;
  city: string | null;
  creditCode: string | null;
}

/** Adds an organizer's organization (unverified). A taken name or verified code raises unique_violation. */
export async function insertOrganization(db: EntityManager, createdBy: string, o: OrganizationFields): Promise<string> {
  const [row] = (await db.query(
    `INSERT INTO organization (name, name_normalized, name_en, type, region_code, city, credit_code, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [o.name, o.nameNormalized, o.nameEn, o.type, o.regionCode, o.city, o.creditCode, createdBy],
  )) as { id: string }[];
  return row!.id;
}

const COLUMNS: Record<keyof OrganizationFields, string> = {
  name: 'name',
  nameNormalized: 'name_normalized',
  nameEn: 'name_en',
  type: 'type',
  regionCode: 'region_code',
  city: 'city',
  creditCode: 'credit_code',
};

/** Writes the fields present in changes (none: nothing is written). */
export async function updateOrganization(
  db: EntityManager,
  id: string,
  changes: Partial<OrganizationFields>,
): Promise<void> {
  const keys = (Object.keys(changes) as (keyof OrganizationFields)[]).filter((k) => changes[k] !== undefined);
  if (keys.length === 0) return;
  await db.query(
    `UPDATE organization SET ${keys.map((k, i) => `${COLUMNS[k]} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`,
    [id, ...keys.map((k) => changes[k])],
  );
}

/**
 * What a platform administrator does once they checked an organization against its registration certificate
 * (docs/organizations.md). No route does it yet: operators run it by hand, and the tests through this function.
 */
export async function markOrganizationVerified(db: EntityManager, id: string): Promise<void> {
  await db.query('UPDATE organization SET verified = true, updated_at = now() WHERE id = $1', [id]);
}

export async function organizationExists(db: EntityManager, id: string): Promise<boolean> {
  return ((await db.query('SELECT 1 FROM organization WHERE id = $1', [id])) as unknown[]).length > 0;
}

/** Which of these ids are organizations. */
export async function existingOrganizationIds(db: EntityManager, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = (await db.query('SELECT id FROM organization WHERE id = ANY($1::uuid[])', [ids])) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}

/** The organization, other than exceptId, holding this normalized name in the region (unique). */
export async function organizationIdByName(
  db: EntityManager,
  regionCode: string,
  nameNormalized: string,
  exceptId?: string,
): Promise<string | undefined> {
  const [row] = (await db.query(
    'SELECT id FROM organization WHERE region_code = $1 AND name_normalized = $2 AND id IS DISTINCT FROM $3::uuid',
    [regionCode, nameNormalized, exceptId ?? null],
  )) as { id: string }[];
  return row?.id;
}

export interface OrganizationFilter {
  /** Found anywhere in the Chinese or English name, normalized (normalizeName). */
  q?: string;
  /** Matched exactly, alongside nameNeedle. */
  creditCode?: string;
  regionCode?: string;
  type?: OrganizationType;
  cursor?: string;
  limit: number;
}

/** Organizations by normalized name, a page at a time. A credit code may be held by several (unverified) ones. */
export async function organizationPage(db: EntityManager, filter: OrganizationFilter): Promise<Page<OrganizationView>> {
  const params: unknown[] = [];
  const p = (value: unknown) => `$${params.push(value)}`;
  const where: string[] = [];
  if (filter.q !== undefined) {
    const like = p(containsPattern(filter.q));
    where.push(
      `(o.name_normalized LIKE ${like} OR lower(o.name_en) LIKE ${like} OR o.credit_code = ${p(filter.creditCode ?? null)}::bpchar)`,
    );
  }
  if (filter.regionCode) where.push(`o.region_code = ${p(filter.regionCode)}`);
  if (filter.type) where.push(`o.type = ${p(filter.type)}`);
  if (filter.cursor) {
    const { key, id } = decodeCursor(filter.cursor);
    where.push(`(o.name_normalized, o.id) > (${p(key)}, ${p(id)}::uuid)`);
  }
  const rows = (await db.query(
    `${SELECT_ORGANIZATION} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY o.name_normalized, o.id LIMIT ${p(filter.limit + 1)}`,
    params,
  )) as OrganizationRow[];
  return toPage(
    rows.map(toView),
    filter.limit,
    (o) => encodeCursor(o.nameNormalized, o.id),
    (o) => o,
  );
}
