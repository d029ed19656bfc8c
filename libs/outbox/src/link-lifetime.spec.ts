import { ConfigService } from '@nestjs/config';
import { ErrorCode } from '@tongxin/common';
import type { Env } from '@tongxin/config';
import { LinkLifetime } from './link-lifetime';

const lifetime = (days: number) =>
  new LinkLifetime(new ConfigService({ LINK_TTL_DAYS: days }) as unknown as ConfigService<Env, true>);
const DAY = 24 * 3600_000;

describe('LinkLifetime', () => {
  const endsAt = new Date('2026-12-05T09:00:00Z');

  it('keeps links working until LINK_TTL_DAYS after the event ends, and not a moment longer', () => {
    const links = lifetime(30);
    expect(links.expiresAt(endsAt).toISOString()).toBe('2027-01-04T09:00:00.000Z');
    expect(links.isExpired(endsAt, endsAt.getTime() + 30 * DAY - 1)).toBe(false);
    expect(links.isExpired(endsAt, endsAt.getTime() + 30 * DAY)).toBe(true);
  });

  it('with 0 days, ends links when the event ends', () => {
    expect(lifetime(0).isExpired(endsAt, endsAt.getTime() - 1)).toBe(false);
    expect(lifetime(0).isExpired(endsAt, endsAt.getTime())).toBe(true);
  });

  it('refuses an expired link with LINK_EXPIRED, saying when it expired', () => {
    const past = new Date(Date.now() - 31 * DAY);
    expect(() => lifetime(30).assertAlive(past)).toThrow(expect.objectContaining({ code: ErrorCode.LINK_EXPIRED }));
    expect(() => lifetime(30).assertAlive(new Date(Date.now() - 29 * DAY))).not.toThrow();
  });
});
