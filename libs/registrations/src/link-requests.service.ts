import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, ErrorCode, normalizeEmail } from '@tongxin/common';
import { OutboxService, oweLinkRequest } from '@tongxin/outbox';
import { DataSource } from 'typeorm';

/** "Send me my links again", for someone who lost the mail with their manage (or group) link. */
@Injectable()
export class LinkRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Owes the address one message with its links for the event, if it has any: its registration's manage link (and
   * join link), and the link of every group it is the delegate of. The answer, and the work done here (one insert,
   * one job), are the same whether or not the address is registered, so nobody can tell who is; the sender looks
   * the address up when it sends, and drops the request when there is nothing to send. 404 only for an event that
   * is not public (as its page).
   */
  async request(slug: string, email: string): Promise<void> {
    const messages = await oweLinkRequest(this.dataSource.manager, slug, normalizeEmail(email));
    if (messages.length === 0) throw new DomainError(ErrorCode.EVENT_NOT_FOUND, 'Event not found');
    await this.outbox.dispatch(messages);
  }
}
