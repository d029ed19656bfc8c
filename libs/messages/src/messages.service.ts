import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import {
  decodeTimeCursor,
  DomainError,
  encodeCursor,
  ErrorCode,
  hashToken,
  isWellFormedToken,
  Page,
  toPage,
} from '@tongxin/common';
import { recordJoin } from '@tongxin/attendance';
import { EDITORS, requireEventRole } from '@tongxin/events';
import {
  findJoinLink,
  findUnsubscribeLink,
  insertAnnouncement,
  LinkLifetime,
  loggedMessage,
  MessageKind,
  messageCounts,
  messageLog,
  MessageLogEntry,
  MessageStatus,
  optOut,
  OutboxService,
  oweMessages,
  oweResend,
} from '@tongxin/outbox';
import { timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '@tongxin/database';

export interface MessageLog extends Page<MessageLogEntry> {
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
    const db = this.dataSource.manager;
    await requireEventRole(db, actor, eventId, EDITORS);
    const after = query.cursor ? decodeTimeCursor(query.cursor) : undefined;
    const entries = await messageLog(db, eventId, {
      kind: query.kind,
      status: query.status,
      after,
      limit: query.limit + 1,
    });
    const page = toPage(
      entries,
      query.limit,
      (m) => encodeCursor(m.cursorKey, m.id),
      ({ cursorKey: _key, ...m }) => m,
    );
    return { ...page, counts: await messageCounts(db, eventId, query.kind) };
  }

  /** Queues the announcement for everyone in the audience who has not opted out. */
  async announce(
    actor: Actor,
    eventId: string,
    input: { subject: string; body: string; audience: Audience },
  ): Promise<{ id: string; recipients: number }> {
    const { id, messages } = await inTransaction(this.dataSource, async (db) => {
      await requireEventRole(db, actor, eventId, EDITORS);
      const announcementId = await insertAnnouncement(db, {
        eventId,
        subject: input.subject.trim(),
        body: input.body.trim(),
        audience: input.audience,
        createdBy: actor.organizerId,
      });
      if (!announcementId)
        throw new DomainError(ErrorCode.EVENT_NOT_EDITABLE, 'Publish the event before sending announcements');
      const owed = await oweMessages(
        db,
        'announcement',
        { eventId, statuses: AUDIENCE_STATUSES[input.audience], skipOptedOut: true },
        { keySuffix: `:${announcementId}`, announcementId },
      );
      return { id: announcementId, messages: owed };
    });
    await this.outbox.dispatch(messages);
    return { id, recipients: messages.length };
  }

  /** Sends a message again as a new message (its own Message-ID, pointing at the first). */
  async resend(actor: Actor, eventId: string, messageId: string): Promise<MessageLogEntry> {
    await requireEventRole(this.dataSource.manager, actor, eventId, EDITORS);
    const created = await inTransaction(this.dataSource, async (db) => {
      const id = await oweResend(db, eventId, messageId);
      if (!id) throw new DomainError(ErrorCode.MESSAGE_NOT_FOUND, 'Message not found');
      return id;
    });
    await this.outbox.dispatch([created]);
    return (await loggedMessage(this.dataSource.manager, created))!;
  }

  /** What an unsubscribe link points at: the event and the (masked) address. */
  async unsubscribeTarget(token: string): Promise<{ eventTitle: string; email: string; unsubscribed: boolean }> {
    const target = await this.lookUp(token, findUnsubscribeLink);
    return { eventTitle: target.eventTitle, email: maskEmail(target.email), unsubscribed: target.unsubscribed };
  }

  /** Stops announcements of this event to this address. Idempotent. */
  async unsubscribe(token: string): Promise<{ eventTitle: string; email: string; unsubscribed: boolean }> {
    const target = await this.lookUp(token, findUnsubscribeLink);
    await optOut(this.dataSource.manager, target.eventId, target.email);
    return { eventTitle: target.eventTitle, email: maskEmail(target.email), unsubscribed: true };
  }

  /**
   * Where a personal join link leads: the event's join URL as it is now, while the registration is confirmed and the
   * link within its lifetime (410 LINK_EXPIRED after). A join that is let through is recorded first (attendance: the
   * first join once, the last one each time).
   */
  async joinUrl(token: string): Promise<string> {
    const link = await this.lookUp(token, findJoinLink);
    this.links.assertAlive(link.eventEndsAt);
    if (!link.joinUrl) throw new DomainError(ErrorCode.REGISTRATION_NOT_FOUND, 'This link is not valid');
    if (link.eventStatus === 'cancelled')
      throw new DomainError(ErrorCode.EVENT_CANCELLED, 'This event has been cancelled');
    if (link.registrationStatus !== 'confirmed') {
      throw new DomainError(
        ErrorCode.REGISTRATION_NOT_ACTIONABLE,
        `A ${link.registrationStatus} registration cannot join the event`,
      );
    }
    await recordJoin(this.dataSource.manager, { id: link.registrationId, eventId: link.eventId });
    return link.joinUrl;
  }

  /**
   * Looks a link token up by its hash and compares the stored hash in constant time. Only links of the registration's
   * current generation match: a place handed to someone else retires every link of the person before.
   */
  private async lookUp<T extends { hash: Buffer }>(
    token: string,
    find: (db: EntityManager, hash: Buffer) => Promise<T | undefined>,
  ): Promise<T> {
    const hash = hashToken(token);
    const found = isWellFormedToken(token) ? await find(this.dataSource.manager, hash) : undefined;
    if (!found || !timingSafeEqual(found.hash, hash))
      throw new DomainError(ErrorCode.REGISTRATION_NOT_FOUND, 'This link is not valid');
    return found;
  }
}

function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 2)}***@${domain}`;
}
