import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { newToken } from '@tongxin/common';
import type { Env } from '@tongxin/config';
import { cancelMessage, claimAccountMessagesForSending, ClaimedAccountMessage } from '@tongxin/outbox';
import { DataSource } from 'typeorm';
import type { AccountMessageView } from './render';

/** The console page a password reset link opens. */
export const RESET_PASSWORD_PATH = '/console/reset-password/';

/**
 * The worker's side of mail to an organizer's account: the password reset link. Its token is issued as the row is
 * claimed (only the hash is stored, so no plain token waits anywhere for the sender); a reset used or expired by then
 * is not sent.
 */
@Injectable()
export class AccountMessages {
  private readonly publicUrl: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: ConfigService<Env, true>,
  ) {
    this.publicUrl = config.get('PUBLIC_URL', { infer: true }).replace(/\/+$/, '');
  }

  /** Claims the account mail among these ids that is still queued, each with a fresh link (by message id). */
  async claim(ids: string[]): Promise<{ message: ClaimedAccountMessage; link: string }[]> {
    const tokens = new Map(ids.map((id) => [id, newToken()]));
    const claimed = await claimAccountMessagesForSending(
      this.dataSource.manager,
      ids,
      ids.map((id) => ({ messageId: id, hash: tokens.get(id)!.hash })),
    );
    return claimed.map((message) => ({
      message,
      link: `${this.publicUrl}${RESET_PASSWORD_PATH}${tokens.get(message.id)!.token}`,
    }));
  }

  /** The view to send, or `cancelled` when the reset no longer works (used, or past its hour). */
  async prepare(
    message: ClaimedAccountMessage,
    link: string,
  ): Promise<{ view: AccountMessageView } | { outcome: 'cancelled' }> {
    if (!message.issued) {
      await cancelMessage(this.dataSource.manager, message.id, 'reset used or expired');
      return { outcome: 'cancelled' };
    }
    return {
      view: {
        messageId: message.id,
        kind: 'password_reset',
        locale: message.locale === 'en' ? 'en' : 'zh',
        recipient: { name: message.name, email: message.email },
        link,
      },
    };
  }
}
