import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import { decodeTimeCursor, DomainError, encodeCursor, ErrorCode, hashToken, isWellFormedToken, Page, timeKey, toPage } from '@tongxin/common';
import { EDITORS, requireEventRole } from '@tongxin/events';
import { timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LinkLifetime, MessageKind, MessageStatus, MESSAGE_STATUSES, OutboxService, oweMessages, oweResend } from '@tongxin/outbox';

export interface MessageRow {
  id: string;
  kind: MessageKind;
  status: MessageStatus;
  registration_id: string;
  name: string;
  email: string;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
  resend_of: string | null;
}

/** A MessageRow's columns, over outbox_message m joined with registration r. */
const SELECT_MESSAGE = `
  SELECT m.id, m.kind, m.status, m.registration_id, r.name, coalesce(m.recipient, r.email_normalized) AS email,
         m.attempts, m.last_error, m.created_at, m.sent_at, m.resend_of`;

export interface MessageLog extends Page<MessageRow> {
  counts: Record<MessageStatus, number>;
}

export type Audience = 'confirmed' | 'waitlisted' | 'all';
const AUDIENCE_STATUSES: Record<Audience, string[]> = {
  confirmed: ['confirmed'],
  waitlisted: ['waitlisted'],
  all: ['confirmed', 'waitlisted', 'pending'],
};

/**
 * The organizer's side of mail: the delivery log, announcements, resending; and the attendee's opt-out. The log lists
 * messages to registrations: a group's link to its delegate, or links asked for by an address not registered, are
 * not in it (MessageDto.registrationId is required).
 */
@Injectable()
export class MessagesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly links: LinkLifetime,
  ) {}

  async log(
    actor: Actor,
    eventId: string,
    query: { kind?: MessageKind; status?: MessageStatus; cursor?: string; limit: number },
  ): Promise<MessageLog> {
    await requireEventRole(this.dataSource.manager, actor, eventId, EDITORS);
    const where = ['m.event_id = $1', 'm.registration_id IS NOT NULL'];
    const params: unknown[] = [eventId];
    if (query.kind) {
      params.push(query.kind);
      where.push(`m.kind = $${params.length}`);
    }
    const countWhere = [...where];
    const countParams = [...params];
    if (query.status) {
      params.push(query.status);
      where.push(`m.status = $${params.length}`);
    }
    if (query.cursor) {
      const { key, id } = decodeTimeCursor(query.cursor);
      params.push(key, id);
      where.push(`(m.created_at, m.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(query.limit + 1);
    const rows = (await this.dataSource.query(
      `${SELECT_MESSAGE}, ${timeKey('m.created_at')} AS cursor_key
         FROM outbox_message m JOIN registration r ON r.id = m.registration_id
        WHERE ${where.join(' AND ')}
        ORDER BY m.created_at DESC, m.id DESC LIMIT $${params.length}`,
      params,
    )) as (MessageRow & { cursor_key: string })[];
    const counted = (await this.dataSource.query(
      `SELECT m.status, count(*)::int AS n FROM outbox_message m WHERE ${countWhere.join(' AND ')} GROUP BY m.status`,
      countParams,
    )) as { status: MessageStatus; n: number }[];
    const counts = Object.fromEntries(MESSAGE_STATUSES.map((s) => [s, 0])) as Record<MessageStatus, number>;
    for (const c of counted) counts[c.status] = c.n;
    const page = toPage(rows, query.limit, (m) => encodeCursor(m.cursor_key, m.id), ({ cursor_key: _key, ...m }) => m);
    return { ...page, counts };
  }

  /** Queues the announcement for everyone in the audience who has not opted out. */
  async announce(
    actor: Actor,
    eventId: string,
    input: { subject: string; body: string; audience: Audience },
  ): Promise<{ id: string; recipients: number }> {
    const { id, messages } = await this.dataSource.transaction(async (db) => {
      await requireEventRole(db, actor, eventId, EDITORS);
      const [event] = (await db.query('SELECT status FROM event WHERE id = $1', [eventId])) as { status: string }[];
      if (event!.status === 'draft') {
        throw new DomainError(ErrorCode.EVENT_NOT_EDITABLE, 'Publish the event before sending announcements');
      }
      const [announcement] = (await db.query(
        `INSERT INTO announcement (event_id, subject, body, audience, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [eventId, input.subject.trim(), input.body.trim(), input.audience, actor.organizerId],
      )) as { id: string }[];
      const owed = await oweMessages(
        db,
        'announcement',
        { eventId, statuses: AUDIENCE_STATUSES[input.audience], skipOptedOut: true },
        { keySuffix: `:${announcement!.id}`, announcementId: announcement!.id },
      );
      return { id: announcement!.id, messages: owed };
    });
    await this.outbox.dispatch(messages);
    return { id, recipients: messages.length };
  }

  /** Sends a message again as a new message (its own Message-ID, pointing at the first). */
  async resend(actor: Actor, eventId: string, messageId: string): Promise<MessageRow> {
    await requireEventRole(this.dataSource.manager, actor, eventId, EDITORS);
    const created = await this.dataSource.transaction(async (db) => {
      const [original] = (await db.query('SELECT id FROM outbox_message WHERE id = $1 AND event_id = $2 AND registration_id IS NOT NULL', [messageId, eventId])) as { id: string }[];
      if (!original) throw new DomainError(ErrorCode.MESSAGE_NOT_FOUND, 'Message not found');
      return (await oweResend(db, messageId))!;
    });
    await this.outbox.dispatch([created]);
    const [row] = (await this.dataSource.query(
      `${SELECT_MESSAGE} FROM outbox_message m JOIN registration r ON r.id = m.registration_id WHERE m.id = $1`,
      [created],
    )) as MessageRow[];
    return row!;
  }

  /** What an unsubscribe link points at: the event and the (masked) address. */
  async unsubscribeTarget(token: string): Promise<{ eventTitle: string; email: string; unsubscribed: boolean }> {
    const target = await this.byUnsubscribeToken(token);
    return { eventTitle: target.title, email: maskEmail(target.email), unsubscribed: target.unsubscribed };
  }

  /** Stops announcements of this event to this address. Idempotent. */
  async unsubscribe(token: string): Promise<{ eventTitle: string; email: string; unsubscribed: boolean }> {
    const target = await this.byUnsubscribeToken(token);
    await this.dataSource.query(
      `INSERT INTO announcement_opt_out (event_id, email_normalized) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [target.event_id, target.email],
    );
    return { eventTitle: target.title, email: maskEmail(target.email), unsubscribed: true };
  }

  /**
   * Where a personal join link leads: the event's join URL, while the registration is confirmed and the link within
   * its lifetime (410 LINK_EXPIRED after).
   */
  async joinUrl(token: string): Promise<string> {
    const [row] = (await this.linkQuery(token, 'join', 'e.join_url, e.ends_at, r.status, e.status AS event_status')) as {
      join_url: string | null;
      ends_at: Date;
      status: string;
      event_status: string;
    }[];
    if (!row) throw new DomainError(ErrorCode.REGISTRATION_NOT_FOUND, 'This link is not valid');
    this.links.assertAlive(row.ends_at);
    if (!row.join_url) throw new DomainError(ErrorCode.REGISTRATION_NOT_FOUND, 'This link is not valid');
    if (row.event_status === 'cancelled') throw new DomainError(ErrorCode.EVENT_CANCELLED, 'This event has been cancelled');
    if (row.status !== 'confirmed') {
      throw new DomainError(ErrorCode.REGISTRATION_NOT_ACTIONABLE, `A ${row.status} registration cannot join the event`);
    }
    return row.join_url;
  }

  private async byUnsubscribeToken(token: string) {
    const [row] = (await this.linkQuery(
      token,
      'unsubscribe',
      `r.event_id, r.email_normalized AS email, e.title,
       EXISTS (SELECT 1 FROM announcement_opt_out x WHERE x.event_id = r.event_id AND x.email_normalized = r.email_normalized) AS unsubscribed`,
    )) as { event_id: string; email: string; title: string; unsubscribed: boolean }[];
    if (!row) throw new DomainError(ErrorCode.REGISTRATION_NOT_FOUND, 'This link is not valid');
    return row;
  }

  /**
   * Looks a link token up by its hash and compares the stored hash in constant time. Only links of the registration's
   * current generation match: a place handed to someone else retires every link of the person before.
   */
  private async linkQuery(token: string, purpose: string, columns: string): Promise<unknown[]> {
    if (!isWellFormedToken(token)) return [];
    const hash = hashToken(token);
    const rows = (await this.dataSource.query(
      `SELECT l.token_hash, ${columns}
         FROM registration_link l JOIN registration r ON r.id = l.registration_id JOIN event e ON e.id = r.event_id
        WHERE l.token_hash = $1 AND l.purpose = $2 AND l.generation = r.link_generation`,
      [hash, purpose],
    )) as { token_hash: Buffer }[];
    return rows.filter((r) => timingSafeEqual(r.token_hash, hash));
  }
}

function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 2)}***@${domain}`;
}
