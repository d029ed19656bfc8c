import type { EntityManager } from 'typeorm';
import {
  ACCOUNT_MESSAGE_KINDS,
  ClaimedAccountMessage,
  ClaimedLinkMessage,
  ClaimedMessage,
  ClaimedTeamMessage,
  LINK_MESSAGE_KINDS,
  MessageAttempt,
  OfferedLink,
  TEAM_MESSAGE_KINDS,
} from './outbox-message.types';

/**
 * Sending mail: the states an outbox_message row moves through once owed (outbox-owing.queries.ts), one named query
 * a transition:
 *
 *   owe* ──▶ queued ──claimForSending, claimLinkMessagesForSending──▶ sending ──markSent──────▶ sent
 *              ▲                                                      │  ├─────markFailed────▶ failed
 *              ├────────────────────scheduleRetry─────────────────────┤  ├─────cancelMessage─▶ cancelled (obsolete)
 *              └──────reclaimStale (its worker stopped: timed out)────┘  └─────dropUnsent────▶ deleted (owed nothing)
 *
 * Messages to organizers (the summary) are claimed by `claimTeamMessagesForSending`, an account's password reset
 * by `claimAccountMessagesForSending`. `renewClaim` keeps a long batch's claim alive; `reclaimStale` (under
 * `lockForReclaim`) and `queuedPastDue` are the reconciler's: rows whose worker stopped, or whose job the queue may
 * have lost.
 */

const MESSAGE_EVENT = `c.event_id AS "eventId", e.title, e.title_en AS "titleEn", e.starts_at AS "startsAt", e.ends_at AS "endsAt",
  e.timezone, e.venue, e.ics_sequence AS "icsSequence", e.status AS "eventStatus"`;

const LINK_KINDS = LINK_MESSAGE_KINDS.map((kind) => `'${kind}'`).join(', ');
const TEAM_KINDS = TEAM_MESSAGE_KINDS.map((kind) => `'${kind}'`).join(', ');
const ACCOUNT_KINDS = ACCOUNT_MESSAGE_KINDS.map((kind) => `'${kind}'`).join(', ');
/** Kinds whose mail carries no join link, whatever the event: it is over (a thank-you). */
const NO_JOIN = `c.kind <> 'thank_you'`;

/** queued -> sending (attempts + 1) for the rows among $1 still queued and due whose kind `kinds` admits. */
const claimed = (kinds: string) => `claimed AS (
    UPDATE outbox_message SET status = 'sending', attempts = attempts + 1, claimed_at = now(),
                              claimed_by = nullif(current_setting('tongxin.process', true), '')::integer
     WHERE id = ANY($1::uuid[]) AND status = 'queued' AND next_attempt_at <= now() + interval '1 second' AND ${kinds}
     RETURNING id, event_id, registration_id, group_id, organizer_id, announcement_id, password_reset_id, kind, payload,
               attempts, resend_of)`;

/**
 * Claims the messages to registrations among `ids` that are still queued and, in the same statement (one snapshot
 * for the whole batch), issues the links each carries in registration_link (a manage link always, a join link to a
 * confirmed attendee of an event with a join URL, an unsubscribe link in an announcement), stamped with the
 * registration's link generation as this statement reads it, so a hand-over racing the send still retires them; and
 * reads everything the messages show. In `ids` order. Group links and link requests are left to the next claim.
 */
export async function claimForSending(
  db: EntityManager,
  ids: string[],
  links: OfferedLink[],
): Promise<ClaimedMessage[]> {
  return (await db.query(
    `WITH ${claimed(`kind NOT IN (${LINK_KINDS}, ${TEAM_KINDS}, ${ACCOUNT_KINDS})`)}, links AS (
       INSERT INTO registration_link (token_hash, registration_id, purpose, generation)
       SELECT t.hash, c.registration_id, t.purpose, r.link_generation
         FROM unnest($2::uuid[], $3::text[], $4::bytea[]) AS t(message_id, purpose, hash)
         JOIN claimed c ON c.id = t.message_id
         JOIN registration r ON r.id = c.registration_id
         JOIN event e ON e.id = c.event_id
        WHERE (t.purpose <> 'join' OR (e.join_url IS NOT NULL AND r.status = 'confirmed' AND ${NO_JOIN}))
          AND (t.purpose <> 'unsubscribe' OR c.kind = 'announcement')
     )
     SELECT c.id, c.kind, c.payload, c.attempts, c.resend_of AS "resendOf", ${MESSAGE_EVENT},
            r.name, r.email_normalized AS email, r.locale, r.status AS "registrationStatus", o.name AS "organizationName",
            r.check_in_code AS "checkInCode", e.kind AS "eventKind", a.subject AS "announcementSubject", a.body AS "announcementBody",
            EXISTS (SELECT 1 FROM announcement_opt_out x WHERE x.event_id = c.event_id AND x.email_normalized = r.email_normalized) AS "optedOut",
            -- The same conditions as the links inserted above: which of them this message carries.
            e.join_url IS NOT NULL AND r.status = 'confirmed' AND ${NO_JOIN} AS "hasJoin", c.kind = 'announcement' AS "hasUnsubscribe"
       FROM claimed c
       JOIN registration r ON r.id = c.registration_id
       JOIN organization o ON o.id = r.organization_id
       JOIN event e ON e.id = c.event_id
       LEFT JOIN announcement a ON a.id = c.announcement_id
      ORDER BY array_position($1::uuid[], c.id)`,
    [ids, links.map((l) => l.messageId), links.map((l) => l.purpose), links.map((l) => l.hash)],
  )) as ClaimedMessage[];
}

/** Claims the group links and link requests among `ids` that are still queued; their links are issued as they are sent. */
export async function claimLinkMessagesForSending(db: EntityManager, ids: string[]): Promise<ClaimedLinkMessage[]> {
  return (await db.query(
    `WITH ${claimed(`kind IN (${LINK_KINDS})`)}
     SELECT c.id, c.kind, c.group_id AS "groupId", c.payload, c.attempts, c.resend_of AS "resendOf", ${MESSAGE_EVENT}
       FROM claimed c JOIN event e ON e.id = c.event_id
      ORDER BY array_position($1::uuid[], c.id)`,
    [ids],
  )) as ClaimedLinkMessage[];
}

/**
 * Claims the messages to organizers among `ids` that are still queued, with the recipient's name, address and role on
 * the event's team as it is now (null when they left the team).
 */
export async function claimTeamMessagesForSending(db: EntityManager, ids: string[]): Promise<ClaimedTeamMessage[]> {
  return (await db.query(
    `WITH ${claimed(`kind IN (${TEAM_KINDS})`)}
     SELECT c.id, c.kind, c.attempts, c.resend_of AS "resendOf", ${MESSAGE_EVENT},
            c.organizer_id AS "organizerId", o.name, o.email, m.role, e.language
       FROM claimed c
       JOIN event e ON e.id = c.event_id
       JOIN organizer o ON o.id = c.organizer_id
       LEFT JOIN event_member m ON m.event_id = c.event_id AND m.organizer_id = c.organizer_id
      ORDER BY array_position($1::uuid[], c.id)`,
    [ids],
  )) as ClaimedTeamMessage[];
}

/**
 * Claims the password reset mail among `ids` that is still queued and, in the same statement, gives each reset its
 * link token (`hashes`, by message; only the hash is stored, replacing the token of an earlier send of the same
 * message) while the reset is still unused and unexpired. `issued` says whether it was.
 */
export async function claimAccountMessagesForSending(
  db: EntityManager,
  ids: string[],
  hashes: { messageId: string; hash: Buffer }[],
): Promise<ClaimedAccountMessage[]> {
  return (await db.query(
    `WITH ${claimed(`kind IN (${ACCOUNT_KINDS})`)}, issued AS (
       UPDATE password_reset p SET token_hash = t.hash
         FROM unnest($2::uuid[], $3::bytea[]) AS t(message_id, hash), claimed c
        WHERE c.id = t.message_id AND p.id = c.password_reset_id AND p.used_at IS NULL AND p.expires_at > now()
       RETURNING p.id)
     SELECT c.id, c.kind, c.attempts, c.resend_of AS "resendOf", c.organizer_id AS "organizerId", o.name, o.email,
            coalesce(c.payload->>'locale', 'zh') AS locale,
            EXISTS (SELECT 1 FROM issued i WHERE i.id = c.password_reset_id) AS issued
       FROM claimed c JOIN organizer o ON o.id = c.organizer_id
      ORDER BY array_position($1::uuid[], c.id)`,
    [ids, hashes.map((h) => h.messageId), hashes.map((h) => h.hash)],
  )) as ClaimedAccountMessage[];
}

/** Renews the claim of a row still sending at this attempt; false when the reconciler (or another job) took it back. */
export async function renewClaim(db: EntityManager, claim: MessageAttempt): Promise<boolean> {
  const renewed = (await db.query(
    `WITH renewed AS (
       UPDATE outbox_message SET claimed_at = now() WHERE id = $1 AND status = 'sending' AND attempts = $2 RETURNING id)
     SELECT id FROM renewed`,
    [claim.id, claim.attempts],
  )) as unknown[];
  return renewed.length > 0;
}

/** sending -> sent, many rows in one statement, each with the address it went to. */
export async function markSent(db: EntityManager, sent: { id: string; email: string }[]): Promise<void> {
  await db.query(
    `UPDATE outbox_message m SET status = 'sent', sent_at = now(), recipient = t.email, last_error = NULL
       FROM unnest($1::uuid[], $2::text[]) AS t(id, email)
      WHERE m.id = t.id`,
    [sent.map((s) => s.id), sent.map((s) => s.email)],
  );
}

/** sending -> failed: the server refused it for good, or it was the last attempt. */
export async function markFailed(db: EntityManager, id: string, reason: string): Promise<void> {
  await db.query(`UPDATE outbox_message SET status = 'failed', last_error = $2 WHERE id = $1`, [id, reason]);
}

/** sending -> queued again, due in `delayMs`, with why this attempt failed. */
export async function scheduleRetry(db: EntityManager, id: string, reason: string, delayMs: number): Promise<void> {
  await db.query(
    `UPDATE outbox_message SET status = 'queued', last_error = $2, next_attempt_at = now() + make_interval(secs => $3::float / 1000)
      WHERE id = $1`,
    [id, reason, delayMs],
  );
}

/** sending -> cancelled: no longer worth sending, and why. */
export async function cancelMessage(db: EntityManager, id: string, reason: string): Promise<void> {
  await db.query(`UPDATE outbox_message SET status = 'cancelled', last_error = $2 WHERE id = $1`, [id, reason]);
}

/** Deletes a claimed row that owed nothing after all (a link request for an address with nothing at the event). */
export async function dropUnsent(db: EntityManager, claim: MessageAttempt): Promise<void> {
  await db.query(`DELETE FROM outbox_message WHERE id = $1 AND status = 'sending' AND attempts = $2`, [
    claim.id,
    claim.attempts,
  ]);
}

/** Files a link request under the registration it found, so the organizer's log lists it there. */
export async function attachRegistration(db: EntityManager, id: string, registrationId: string): Promise<void> {
  await db.query('UPDATE outbox_message SET registration_id = $2 WHERE id = $1', [id, registrationId]);
}

/** One reclaimer at a time: the advisory lock of the reconciler's transaction; false when another holds it. */
export async function lockForReclaim(db: EntityManager): Promise<boolean> {
  const [row] = (await db.query(`SELECT pg_try_advisory_xact_lock(hashtext('tongxin.reconciler')) AS locked`)) as {
    locked: boolean;
  }[];
  return row!.locked;
}

/** sending -> queued, now, for rows claimed longer than `sendingTimeoutMs` ago: the worker sending them stopped. */
export async function reclaimStale(db: EntityManager, sendingTimeoutMs: number): Promise<MessageAttempt[]> {
  return (await db.query(
    `WITH reset AS (
       UPDATE outbox_message SET status = 'queued', next_attempt_at = now(), last_error = 'the worker stopped while sending'
        WHERE status = 'sending' AND claimed_at < now() - make_interval(secs => $1::float / 1000)
        RETURNING id, attempts)
     SELECT * FROM reset`,
    [sendingTimeoutMs],
  )) as MessageAttempt[];
}

/**
 * sending -> queued, now, for rows whose claiming process is gone: stamped with a process key whose liveness lock
 * (a session advisory lock, `lockClass` and the key) nobody holds. A few seconds' grace covers a worker still taking
 * its lock as it starts.
 */
export async function reclaimOrphaned(db: EntityManager, lockClass: number): Promise<MessageAttempt[]> {
  return (await db.query(
    `WITH reset AS (
       UPDATE outbox_message m SET status = 'queued', next_attempt_at = now(),
                                   last_error = 'the worker sending it stopped'
        WHERE status = 'sending' AND claimed_by IS NOT NULL AND claimed_at < now() - interval '5 seconds'
          AND NOT EXISTS (SELECT 1 FROM pg_locks l
                           WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                             AND l.classid = $1::bigint::oid AND l.objid = m.claimed_by::bigint::oid)
        RETURNING id, attempts)
     SELECT * FROM reset`,
    [lockClass],
  )) as MessageAttempt[];
}

/**
 * Queued rows waiting for a later attempt, due now: the mail server that refused them accepts again, so there is no
 * reason left to wait out their back-off.
 */
export async function retryNow(db: EntityManager): Promise<MessageAttempt[]> {
  return (await db.query(
    `WITH due AS (
       UPDATE outbox_message SET next_attempt_at = now()
        WHERE status = 'queued' AND attempts > 0 AND next_attempt_at > now()
        RETURNING id, attempts)
     SELECT * FROM due`,
  )) as MessageAttempt[];
}

/** Queued rows due more than `graceMs` ago, oldest first: their job may be lost. */
export async function queuedPastDue(db: EntityManager, graceMs: number, limit: number): Promise<MessageAttempt[]> {
  return (await db.query(
    `SELECT id, attempts FROM outbox_message
      WHERE status = 'queued' AND next_attempt_at < now() - make_interval(secs => $1::float / 1000)
      ORDER BY next_attempt_at LIMIT $2`,
    [graceMs, limit],
  )) as MessageAttempt[];
}
