import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DomainError, ErrorCode } from '@tongxin/common';
import type { Env } from '@tongxin/config';

const DAY_MS = 24 * 3600_000;

/**
 * How long the links in mail (and the one given at registration) work: manage, group and join links stop
 * LINK_TTL_DAYS after their event ends; unsubscribe links never do. Worked out from the event's end whenever a link
 * is used, not stamped on each token: a rescheduled event moves its links' end with it, a changed LINK_TTL_DAYS
 * applies to every link at once, and there is nothing to backfill or keep in step. Lives here because both sides
 * of mail use it: the api looks links up, the worker decides whether a mail full of links is still worth sending.
 */
@Injectable()
export class LinkLifetime {
  private readonly ttlMs: number;

  constructor(config: ConfigService<Env, true>) {
    this.ttlMs = config.get('LINK_TTL_DAYS', { infer: true }) * DAY_MS;
  }

  /** When links to an event ending at endsAt stop working. */
  expiresAt(endsAt: Date): Date {
    return new Date(endsAt.getTime() + this.ttlMs);
  }

  isExpired(endsAt: Date, now = Date.now()): boolean {
    return this.expiresAt(endsAt).getTime() <= now;
  }

  /** 410 LINK_EXPIRED once the links of an event ending at endsAt have expired. Call only for a link that matched. */
  assertAlive(endsAt: Date): void {
    if (this.isExpired(endsAt)) {
      throw new DomainError(
        ErrorCode.LINK_EXPIRED,
        'This link has expired: links stop working some time after the event ends. Ask the organizers if you still need your registration',
        { expiredAt: this.expiresAt(endsAt).toISOString() },
      );
    }
  }
}
