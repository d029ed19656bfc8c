import type { EntityManager } from 'typeorm';
import type { Actor } from './actor';

/** Every statement on web_session: console sessions, found by the SHA-256 of their cookie token. */

export async function insertWebSession(
  db: EntityManager,
  session: { tokenHash: Buffer; organizerId: string; ttlHours: number },
): Promise<void> {
  await db.query(
    `INSERT INTO web_session (token_hash, organizer_id, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3))`,
    [session.tokenHash, session.organizerId, session.ttlHours],
  );
}

/** The organizer a live session stands for; undefined when the session is unknown, ended or expired. */
export async function webSessionActor(db: EntityManager, tokenHash: Buffer): Promise<Actor | undefined> {
  const [row] = (await db.query(
    `SELECT o.id AS "organizerId", o.email
       FROM web_session s JOIN organizer o ON o.id = s.organizer_id
      WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [tokenHash],
  )) as Actor[];
  return row;
}

export async function deleteWebSession(db: EntityManager, tokenHash: Buffer): Promise<void> {
  await db.query('DELETE FROM web_session WHERE token_hash = $1 OR expires_at < now()', [tokenHash]);
}

/** Ends every session of an organizer (after a password change). */
export async function deleteWebSessionsOf(db: EntityManager, organizerId: string): Promise<void> {
  await db.query('DELETE FROM web_session WHERE organizer_id = $1', [organizerId]);
}
