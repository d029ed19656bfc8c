import { SetMetadata } from '@nestjs/common';
import type { Env } from '@tongxin/config';
import type { Request } from 'express';

/** What a policy counts by: the client address (as the proxy rules give it), a link token, an email, an organizer. */
type Key = (req: Request) => string | undefined;

export interface RateLimitPolicy {
  /** The setting that holds the limit. */
  setting: keyof Env & `${string}_PER_${'MINUTE' | 'HOUR'}`;
  windowSeconds: number;
  key: Key;
  /** Points a request uses (default 1). */
  cost?: (req: Request) => number;
  /** Said in the 429 message. */
  what: string;
}

const clientAddress: Key = (req) => req.ip ?? req.socket.remoteAddress;
const bodyOf = (req: Request) =>
  typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};

/**
 * Every limit the api enforces, in one place. Counters live in Redis when REDIS_URL is set, so every api process
 * shares them; the embedded single process keeps them in memory. Defaults are settings (see env.schema.ts).
 */
export const RATE_LIMITS = {
  /** Sign-up and login attempts per client address. */
  auth: { setting: 'AUTH_RATE_LIMIT_PER_MINUTE', windowSeconds: 60, key: clientAddress, what: 'sign-in attempts' },
  /** Public writes and link use per client address. */
  public: { setting: 'PUBLIC_RATE_LIMIT_PER_MINUTE', windowSeconds: 60, key: clientAddress, what: 'requests' },
  /** Use of one manage, group, join or unsubscribe link, from anywhere. */
  link: {
    setting: 'LINK_RATE_LIMIT_PER_MINUTE',
    windowSeconds: 60,
    key: (req) => (typeof req.params.token === 'string' ? req.params.token : undefined),
    what: 'requests with this link',
  },
  /** Mail that public actions cause, per client address: a group of n people owes n confirmations and a group link. */
  mail: {
    setting: 'PUBLIC_MAIL_PER_HOUR',
    windowSeconds: 3600,
    key: clientAddress,
    cost: (req) => {
      const attendees = bodyOf(req).attendees;
      return Array.isArray(attendees) ? attendees.length + 1 : 1;
    },
    what: 'messages caused from this address',
  },
  /** "Send me my links again" to one mailbox. */
  linkRequestEmail: {
    setting: 'LINK_REQUESTS_PER_EMAIL_PER_HOUR',
    windowSeconds: 3600,
    key: (req) => {
      const email = bodyOf(req).email;
      return typeof email === 'string' ? email.trim().toLowerCase() : undefined;
    },
    what: 'link requests for this email address',
  },
  /** Password reset mail to one mailbox (the same allowance as link requests, counted apart). */
  passwordResetEmail: {
    setting: 'LINK_REQUESTS_PER_EMAIL_PER_HOUR',
    windowSeconds: 3600,
    key: (req) => {
      const email = bodyOf(req).email;
      return typeof email === 'string' ? email.trim().toLowerCase() : undefined;
    },
    what: 'password reset requests for this email address',
  },
  /** Lookups that tell whether an account exists (adding a team member), per organizer. */
  accountLookup: {
    setting: 'ACCOUNT_LOOKUPS_PER_HOUR',
    windowSeconds: 3600,
    key: (req) => (req as Request & { actor?: { organizerId: string } }).actor?.organizerId,
    what: 'team member lookups',
  },
} satisfies Record<string, RateLimitPolicy>;

export type RateLimitName = keyof typeof RATE_LIMITS;

export const RATE_LIMIT_METADATA = 'tongxin:rate-limits';

/** Counts the request against each named limit, in order; the first one exhausted answers 429 RATE_LIMITED. */
export const RateLimit = (...names: RateLimitName[]) => SetMetadata(RATE_LIMIT_METADATA, names);
