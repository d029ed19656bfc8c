import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, ErrorCode, hashToken, isWellFormedToken, normalizeEmail } from '@tongxin/common';
import { inTransaction } from '@tongxin/database';
import { OutboxService, owePasswordReset } from '@tongxin/outbox';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { organizerIdByEmail, setPasswordHash } from './organizer.queries';
import {
  consumePasswordReset,
  insertPasswordReset,
  passwordResetState,
  retirePasswordResets,
} from './password-reset.queries';
import { deleteWebSessionsOf } from './web-session.queries';

/** How long a reset link works after it was asked for. */
export const PASSWORD_RESET_TTL_MINUTES = 60;

/**
 * Forgotten passwords: a link by mail (through the outbox), single use, valid an hour. Asking never says whether an
 * account exists; setting the new password ends every console session of the account and its other open resets.
 */
@Injectable()
export class PasswordResetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  /** Owes the account of this address a reset link, if there is such an account; the caller answers the same either way. */
  async request(input: { email: string; locale?: string }): Promise<void> {
    const organizerId = await organizerIdByEmail(this.dataSource.manager, normalizeEmail(input.email));
    if (!organizerId) return;
    const locale = input.locale === 'en' ? 'en' : 'zh';
    const messages = await inTransaction(this.dataSource, async (db) => {
      const id = await insertPasswordReset(db, { organizerId, ttlMinutes: PASSWORD_RESET_TTL_MINUTES });
      return owePasswordReset(db, { id, organizerId, locale });
    });
    await this.outbox.dispatch(messages);
  }

  /** Throws unless the link still works (the page checks before showing its form). */
  async check(token: string): Promise<void> {
    const state = isWellFormedToken(token)
      ? await passwordResetState(this.dataSource.manager, hashToken(token))
      : 'unknown';
    if (state !== 'usable') throw linkError(state);
  }

  /** Sets the new password through a reset link, which then no longer works. */
  async reset(token: string, password: string): Promise<void> {
    if (!isWellFormedToken(token)) throw linkError('unknown');
    const passwordHash = await argon2.hash(password);
    const hash = hashToken(token);
    const done = await inTransaction(this.dataSource, async (db) => {
      const organizerId = await consumePasswordReset(db, hash);
      if (!organizerId) return false;
      await setPasswordHash(db, organizerId, passwordHash);
      await retirePasswordResets(db, organizerId);
      await deleteWebSessionsOf(db, organizerId);
      return true;
    });
    if (!done) {
      const state = await passwordResetState(this.dataSource.manager, hash);
      throw linkError(state === 'usable' ? 'spent' : state);
    }
  }
}

function linkError(state: 'spent' | 'unknown'): DomainError {
  return state === 'unknown'
    ? new DomainError(ErrorCode.NOT_FOUND, 'This password reset link is not valid')
    : new DomainError(ErrorCode.LINK_EXPIRED, 'This password reset link was used or has expired: ask for a new one');
}
