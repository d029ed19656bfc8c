import type { EntityManager } from 'typeorm';

/**
 * Every statement on password_reset. A reset is valid for `ttlMinutes` from its request; its token is issued when its
 * mail is sent (outbox-sending.queries.ts, claimAccountMessagesForSending), and only its SHA-256 is kept.
 */

export async function insertPasswordReset(
  db: EntityManager,
  reset: { organizerId: string; ttlMinutes: number },
): Promise<string> {
  const [row] = (await db.query(
    `INSERT INTO password_reset (organizer_id, expires_at) VALUES ($1, now() + make_interval(mins => $2)) RETURNING id`,
    [reset.organizerId, reset.ttlMinutes],
  )) as { id: string }[];
  return row!.id;
}

/**
 * Uses a reset: marks it used in the statement that checks it is unused and unexpired, so it works once. Returns
 * the organizer it resets, or undefined when the token is unknown, used or expired.
 */
export async function consumePasswordReset(db: EntityManager, tokenHash: Buffer): Promise<string | undefined> {
  const [row] = (await db.query(
    `WITH used AS (
       UPDATE password_reset SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
        RETURNING organizer_id)
     SELECT organizer_id AS "organizerId" FROM used`,
    [tokenHash],
  )) as { organizerId: string }[];
  return row?.organizerId;
}

/** Retires every other reset of the organizer still open (after a password change). */
export async function retirePasswordResets(db: EntityManager, organizerId: string): Promise<void> {
  await db.query(`UPDATE password_reset SET used_at = now() WHERE organizer_id = $1 AND used_at IS NULL`, [
    organizerId,
  ]);
}

/** What a reset link is now: usable, known but used or expired, or unknown. */
export async function passwordResetState(
  db: EntityManager,
  tokenHash: Buffer,
): Promise<'usable' | 'spent' | 'unknown'> {
  const [row] = (await db.query(
    `SELECT used_at IS NULL AND expires_at > now() AS usable FROM password_reset WHERE token_hash = $1`,
    [tokenHash],
  )) as { usable: boolean }[];
  return row ? (row.usable ? 'usable' : 'spent') : 'unknown';
}
