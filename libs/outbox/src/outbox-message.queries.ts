import { timeKey, UNREACHABLE_EMAIL_DOMAIN } from '@tongxin/common';
import type { EntityManager } from 'typeorm';
import {
  ACCOUNT_MESSAGE_KINDS,
  ClaimedAccountMessage,
  ClaimedLinkMessage,
  ClaimedMessage,
  ClaimedTeamMessage,
  LINK_MESSAGE_KINDS,
  MESSAGE_STATUSES,
  MessageAttempt,
  MessageKind,
  MessageLogEntry,
  MessageLogFilter,
  MessageStatus,
  OfferedLink,
  OweOptions,
  Recipients,
  TEAM_MESSAGE_KINDS,
} from './outbox-message.types';

/**
 * Every statement on outbox_message. A message is owed in the transaction of the change that owes it (the owe*
 * functions; `dedupe_key` makes owing twice a no-op), then moves through these states, one named query a transition:
 *
 *   owe* ──▶ queued ──claimForSending, claimLinkMessagesForSending──▶ sending ──markSent──────▶ sent
 *              ▲                                                      │  ├─────markFailed────▶ failed
 *              ├────────────────────scheduleRetry─────────────────────┤  ├─────cancelMessage─▶ cancelled (obsolete)
 *              └──────reclaimStale (its worker stopped: timed out)────┘  └─────dropUnsent────▶ deleted (owed nothing)
 *
 * Messages to organizers (the summary) are claimed by `claimTeamMessagesForSending`, an account's password reset
 * by `claimAccountMessagesForSending`. `renewClaim` keeps a long
 * batch's claim alive; `queuedPastDue` finds queued rows whose job the queue may have lost.
 * The organizer's delivery log is read here too (`messageLog`, `messageCounts`, `loggedMessage`).
 */

/** Registrations mail can reach: not a walk-in filed without an email (an address at the .invalid domain). */
const REACHABLE = `r.email_normalized NOT LIKE '%@${UNREACHABLE_EMAIL_DOMAIN}'`;

/**
 * Writes one message of `kind` for each recipient and returns the ids of the rows written; recipients already owed
 * this message (same dedupe key) are skipped. The registration's status at this moment is kept in the payload, so
 * the message describes what happened even if the status moves on before it is sent. A confirmation's key carries
 * the email, so a place handed to someone else owes the new person their own confirmation. A registration without
 * an address (a walk-in who gave none) is owed nothing.
 */
export async function oweMessages(
  db: EntityManager,
  kind: MessageKind,
  to: Recipients,
  options: OweOptions = {},
): Promise<string[]> {
  const params: unknown[] = [
    kind,
    options.keySuffix ?? '',
    JSON.stringify(options.payload ?? {}),
    options.announcementId ?? null,
  ];
  let where: string;
  if ('registrationIds' in to) {
    if (to.registrationIds.length === 0) return [];
    params.push(to.registrationIds);
    where = `r.id = ANY($5::uuid[])`;
  } else {
    params.push(to.eventId, to.statuses);
    where = `r.event_id = $5 AND r.status = ANY($6::text[])`;
    if (to.skipOptedOut) {
      where += ` AND NOT EXISTS (SELECT 1 FROM announcement_opt_out x WHERE x.event_id = r.event_id AND x.email_normalized = r.email_normalized)`;
    }
  }
  return idsOf(
    await db.query(
      `INSERT INTO outbox_message (event_id, registration_id, announcement_id, kind, dedupe_key, payload)
       SELECT r.event_id, r.id, $4, $1,
              $1 || ':' || r.id || CASE WHEN $1 = 'confirmation' THEN ':' || r.email_normalized ELSE '' END || $2,
              $3::jsonb || jsonb_build_object('status', r.status)
         FROM registration r
        WHERE ${where} AND ${REACHABLE}
        ORDER BY r.created_at, r.id
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      params,
    ),
  );
}

/**
 * Owes the delegate of a new group the group's link (with its people and their statuses), once per group. Run in the
 * transaction that creates the group.
 */
export async function oweGroupLink(db: EntityManager, groupId: string): Promise<string[]> {
  return idsOf(
    await db.query(
      `INSERT INTO outbox_message (event_id, group_id, kind, dedupe_key)
       SELECT g.event_id, g.id, 'group_link', 'group_link:' || g.id FROM registration_group g WHERE g.id = $1
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [groupId],
    ),
  );
}

/**
 * Owes "your links again" to an address, for one event, without looking at whether the address is registered:
 * the caller does the same work either way, and the sender finds the registration and groups when it sends (and
 * drops the row when there are none). Each request is its own message (a fresh uuid in the key), so asking again
 * later works; how often is for the rate limits. Returns the new row's id, or none when the event is not public.
 */
export async function oweLinkRequest(db: EntityManager, slug: string, email: string): Promise<string[]> {
  return idsOf(
    await db.query(
      `INSERT INTO outbox_message (event_id, kind, dedupe_key, payload)
       SELECT e.id, 'link_request', 'link_request:' || e.id || ':' || gen_random_uuid(), jsonb_build_object('email', $2::text)
         FROM event e
        WHERE e.slug = $1 AND e.published_at IS NOT NULL AND e.status IN ('published', 'cancelled')
       RETURNING id`,
      [slug, email],
    ),
  );
}

/**
 * Owes a message of this event to a registration again, as a new row (its own Message-ID) pointing at the one it
 * repeats. Nothing, when the event has no such message to a registration.
 */
export async function oweResend(db: EntityManager, eventId: string, messageId: string): Promise<string | undefined> {
  const [id] = idsOf(
    await db.query(
      `INSERT INTO outbox_message (event_id, registration_id, group_id, announcement_id, kind, dedupe_key, payload, resend_of)
       SELECT event_id, registration_id, group_id, announcement_id, kind, dedupe_key || ':resend:' || gen_random_uuid(), payload, id
         FROM outbox_message WHERE id = $1 AND event_id = $2 AND registration_id IS NOT NULL
       RETURNING id`,
      [messageId, eventId],
    ),
  );
  return id;
}

/** Owes a fired timer's reminder to everyone confirmed who registered before it was due (event-reminder.queries.ts). */
export async function oweReminders(
  db: EntityManager,
  timer: { eventId: string; scheduleVersion: number; offset: string },
  dueAt: Date,
): Promise<string[]> {
  return idsOf(
    await db.query(
      `INSERT INTO outbox_message (event_id, registration_id, kind, dedupe_key, payload)
       SELECT r.event_id, r.id, 'reminder', 'reminder:' || r.id || ':' || $2 || ':v' || $3,
              jsonb_build_object('offset', $2::text, 'scheduleVersion', $3::int, 'startsAt', e.starts_at, 'status', r.status)
         FROM registration r JOIN event e ON e.id = r.event_id
        WHERE r.event_id = $1 AND r.status = 'confirmed' AND r.created_at <= $4 AND ${REACHABLE}
        ORDER BY r.created_at, r.id
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [timer.eventId, timer.offset, timer.scheduleVersion, dueAt],
    ),
  );
}

/**
 * Owes a thank-you to every registration of the event that attended, once each (`thank_you:<registration>`).
 * `attended` is the SQL predicate over `registration r`, `attendance a` and `event e` that says who attended: the
 * summaries' definition (`ATTENDED` of libs/summaries), passed in because the outbox sits below the libs that define
 * it (attendance builds on registrations, which write to the outbox). A constant of the code, never user input.
 */
export async function oweThankYous(db: EntityManager, eventId: string, attended: string): Promise<string[]> {
  return idsOf(
    await db.query(
      `INSERT INTO outbox_message (event_id, registration_id, kind, dedupe_key, payload)
       SELECT r.event_id, r.id, 'thank_you', 'thank_you:' || r.id, jsonb_build_object('status', r.status)
         FROM registration r JOIN event e ON e.id = r.event_id JOIN attendance a ON a.registration_id = r.id
        WHERE r.event_id = $1 AND ${attended} AND ${REACHABLE}
        ORDER BY r.created_at, r.id
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [eventId],
    ),
  );
}

/**
 * Owes the event's summary to each member of its team in one of `roles` (the owners and managers: who may read the
 * summary), once each (`summary:<event>:<organizer>`).
 */
export async function oweSummaries(db: EntityManager, eventId: string, roles: readonly string[]): Promise<string[]> {
  return idsOf(
    await db.query(
      `INSERT INTO outbox_message (event_id, organizer_id, kind, dedupe_key)
       SELECT m.event_id, m.organizer_id, 'summary', 'summary:' || m.event_id || ':' || m.organizer_id
         FROM event_member m
        WHERE m.event_id = $1 AND m.role = ANY($2::text[])
        ORDER BY m.created_at, m.organizer_id
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [eventId, roles],
    ),
  );
}

/**
 * Owes an organizer the mail with a password reset's link, in the transaction that wrote the reset (one message a
 * reset). `locale` is the language the request was made in.
 */
export async function owePasswordReset(
  db: EntityManager,
  reset: { id: string; organizerId: string; locale: string },
): Promise<string[]> {
  return idsOf(
    await db.query(
      `INSERT INTO outbox_message (organizer_id, password_reset_id, kind, dedupe_key, payload)
       VALUES ($1, $2::uuid, 'password_reset', 'password_reset:' || $2::text, jsonb_build_object('locale', $3::text))
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [reset.organizerId, reset.id, reset.locale],
    ),
  );
}

const MESSAGE_EVENT = `c.event_id AS "eventId", e.title, e.title_en AS "titleEn", e.starts_at AS "startsAt", e.ends_at AS "endsAt",
  e.timezone, e.venue, e.ics_sequence AS "icsSequence", e.status AS "eventStatus"`;

const LINK_KINDS = LINK_MESSAGE_KINDS.map((kind) => `'${kind}'`).join(', ');
const TEAM_KINDS = TEAM_MESSAGE_KINDS.map((kind) => `'${kind}'`).join(', ');
const ACCOUNT_KINDS = ACCOUNT_MESSAGE_KINDS.map((kind) => `'${kind}'`).join(', ');
/** Kinds whose mail carries no join link, whatever the event: it is over (a thank-you). */
const NO_JOIN = `c.kind <> 'thank_you'`;

/** queued -> sending (attempts + 1) for the rows among $1 still queued and due whose kind `kinds` admits. */
const claimed = (kinds: string) => `claimed AS (
    UPDATE outbox_message SET status = 'sending', attempts = attempts + 1, claimed_at = now()
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

/** Queued rows due more than `graceMs` ago, oldest first: their job may be lost. */
export async function queuedPastDue(db: EntityManager, graceMs: number, limit: number): Promise<MessageAttempt[]> {
  return (await db.query(
    `SELECT id, attempts FROM outbox_message
      WHERE status = 'queued' AND next_attempt_at < now() - make_interval(secs => $1::float / 1000)
      ORDER BY next_attempt_at LIMIT $2`,
    [graceMs, limit],
  )) as MessageAttempt[];
}

const LOG_ENTRY = `SELECT m.id, m.kind, m.status, m.registration_id AS "registrationId", r.name,
         coalesce(m.recipient, r.email_normalized) AS email, m.attempts, m.last_error AS "lastError",
         m.created_at AS "createdAt", m.sent_at AS "sentAt", m.resend_of AS "resendOf"`;

/**
 * The event's messages to registrations, newest first, each with its sort key for the next page's cursor (group
 * links, and link requests that found nobody, are not in the log).
 */
export async function messageLog(
  db: EntityManager,
  eventId: string,
  filter: MessageLogFilter,
): Promise<(MessageLogEntry & { cursorKey: string })[]> {
  const where = ['m.event_id = $1', 'm.registration_id IS NOT NULL'];
  const params: unknown[] = [eventId];
  const add = (condition: (n: number) => string, ...values: unknown[]) => {
    params.push(...values);
    where.push(condition(params.length));
  };
  if (filter.kind) add((n) => `m.kind = $${n}`, filter.kind);
  if (filter.status) add((n) => `m.status = $${n}`, filter.status);
  if (filter.after)
    add((n) => `(m.created_at, m.id) < ($${n - 1}::timestamptz, $${n}::uuid)`, filter.after.key, filter.after.id);
  params.push(filter.limit);
  return (await db.query(
    `${LOG_ENTRY}, ${timeKey('m.created_at')} AS "cursorKey"
       FROM outbox_message m JOIN registration r ON r.id = m.registration_id
      WHERE ${where.join(' AND ')}
      ORDER BY m.created_at DESC, m.id DESC LIMIT $${params.length}`,
    params,
  )) as (MessageLogEntry & { cursorKey: string })[];
}

/** How many of the event's messages to registrations are in each status (of one kind, if given). */
export async function messageCounts(
  db: EntityManager,
  eventId: string,
  kind?: MessageKind,
): Promise<Record<MessageStatus, number>> {
  const counted = (await db.query(
    `SELECT status, count(*)::int AS n FROM outbox_message
      WHERE event_id = $1 AND registration_id IS NOT NULL AND ($2::text IS NULL OR kind = $2)
      GROUP BY status`,
    [eventId, kind ?? null],
  )) as { status: MessageStatus; n: number }[];
  const counts = Object.fromEntries(MESSAGE_STATUSES.map((s) => [s, 0])) as Record<MessageStatus, number>;
  for (const c of counted) counts[c.status] = c.n;
  return counts;
}

/** One message to a registration, as the log shows it. */
export async function loggedMessage(db: EntityManager, id: string): Promise<MessageLogEntry | undefined> {
  const [entry] = (await db.query(
    `${LOG_ENTRY} FROM outbox_message m JOIN registration r ON r.id = m.registration_id WHERE m.id = $1`,
    [id],
  )) as MessageLogEntry[];
  return entry;
}

function idsOf(rows: unknown): string[] {
  return (rows as { id: string }[]).map((r) => r.id);
}
