import { PG_UNIQUE_VIOLATION, pgErrorCode } from '@tongxin/common';
import type { EntityManager } from 'typeorm';

/** Every statement on organizer. The password hash leaves this file only through organizerCredentials. */

/** An organizer account as the library hands it out: never its password hash. */
export interface OrganizerView {
  id: string;
  email: string;
  name: string;
  createdAt: Date;
}

const COLUMNS = 'id, email, name, created_at AS "createdAt"';

/** Adds an account; undefined when the (normalized) email already has one. */
export async function insertOrganizer(
  db: EntityManager,
  organizer: { email: string; name: string; passwordHash: string },
): Promise<OrganizerView | undefined> {
  try {
    const [row] = (await db.query(
      `INSERT INTO organizer (email, name, password_hash) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
      [organizer.email, organizer.name, organizer.passwordHash],
    )) as OrganizerView[];
    return row;
  } catch (error) {
    if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) return undefined;
    throw error;
  }
}

export async function organizerById(db: EntityManager, id: string): Promise<OrganizerView | undefined> {
  const [row] = (await db.query(`SELECT ${COLUMNS} FROM organizer WHERE id = $1`, [id])) as OrganizerView[];
  return row;
}

export async function organizerIdByEmail(db: EntityManager, email: string): Promise<string | undefined> {
  const [row] = (await db.query('SELECT id FROM organizer WHERE email = $1', [email])) as { id: string }[];
  return row?.id;
}

/** The account and its argon2id hash, for signing in. */
export async function organizerCredentials(
  db: EntityManager,
  email: string,
): Promise<(OrganizerView & { passwordHash: string }) | undefined> {
  const [row] = (await db.query(`SELECT ${COLUMNS}, password_hash AS "passwordHash" FROM organizer WHERE email = $1`, [
    email,
  ])) as (OrganizerView & { passwordHash: string })[];
  return row;
}

/** Replaces an account's password hash. */
export async function setPasswordHash(db: EntityManager, id: string, passwordHash: string): Promise<void> {
  await db.query('UPDATE organizer SET password_hash = $2 WHERE id = $1', [id, passwordHash]);
}
