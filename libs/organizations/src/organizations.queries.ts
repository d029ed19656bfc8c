import type { EntityManager } from 'typeorm';
import type { OrganizationType } from './organization.entity';

/**
 * The organization domain's SQL. Who may change an organization and which organization a registrant means are
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
  )) as { id: string; created_by: string | null; verified: boolean; region_code: string; name_normalized: string; credit_code: string | null }[];
  return row && {
    id: row.id,
    createdBy: row.created_by,
    verified: row.verified,
    regionCode: row.region_code,
    nameNormalized: row.name_normalized,
    creditCode: row.credit_code,
  };
}

/** True when the organization is used by an event its creator is not an owner or manager of. */
export async function isUsedOutsideCreatorsEvents(db: EntityManager, id: string, creatorId: string): Promise<boolean> {
  const [row] = (await db.query(
    `SELECT ${usedOutsideOwnEventsSql('$1::uuid', '$2::uuid', '$3::text[]')} AS shared`,
    [id, creatorId, OWN_EVENT_ROLES],
  )) as { shared: boolean }[];
  return row!.shared;
}

/**
 * Of the given organizations, those the organizer may edit now: created by them, not verified, and not used by an
 * event they are not an owner or manager of. One statement for a page of organizations.
 */
export async function editableOrganizationIds(db: EntityManager, organizerId: string, ids: string[]): Promise<Set<string>> {
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
  const [row] = (await db.query('SELECT id FROM organization WHERE credit_code = $1::bpchar AND verified', [creditCode])) as {
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
export async function insertUnverifiedOrganizations(db: EntityManager, rows: NewUnverifiedOrganization[]): Promise<void> {
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
